"""Schema migrations: a new file, a file from the previous version, a newer file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from field_app.store import SCHEMA_VERSION, StorageError, open_store
from field_app.store.db import connect
from field_app.store.migrations import MIGRATIONS, migrate, schema_version


def test_a_new_file_gets_the_newest_schema(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.scalar("PRAGMA integrity_check") == "ok"


def _v1_file(path: Path) -> None:
    """A database as field-app's first schema made it, with records in it."""
    conn = connect(path)
    migrate(conn, target=1)
    conn.execute("INSERT INTO meta VALUES ('device_id', 'old-device')")
    conn.execute(
        "INSERT INTO enterprises (id, kind, name, name_fold, place_fold, tax_code, province,"
        " commune, created_at, updated_at, version) VALUES ('e1', 'cooperative',"
        " 'Hợp tác xã Chè Tân Uyên', 'hop tac xa che tan uyen', 'tan uyen lai chau',"
        " '6200112233', 'Lai Châu', 'Tân Uyên', '2025-03-01T00:00:00.000Z',"
        " '2025-03-01T00:00:00.000Z', 1)"
    )
    conn.execute(
        "INSERT INTO visits (id, enterprise_id, visit_date, officers, purpose, findings, status,"
        " created_at, updated_at) VALUES ('v1', 'e1', '2025-03-02', '[\"Lò Văn Sơn\"]', 'survey',"
        " 'Đồi chè sạch cỏ', 'completed', '2025-03-02T00:00:00.000Z', '2025-03-02T00:00:00.000Z')"
    )
    conn.execute(
        "INSERT INTO visits (id, enterprise_id, visit_date, officers, purpose, status, created_at,"
        " updated_at) VALUES ('v2', 'e1', '2025-03-09', '[]', 'advice', 'draft',"
        " '2025-03-09T00:00:00.000Z', '2025-03-09T00:00:00.000Z')"
    )
    conn.close()


def test_a_first_version_file_is_upgraded_in_place(db_path: Path) -> None:
    _v1_file(db_path)
    inode = db_path.stat().st_ino
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert db_path.stat().st_ino == inode  # upgraded, not rebuilt
        assert store.device_id == "old-device"
        assert store.enterprises.get("e1").name == "Hợp tác xã Chè Tân Uyên"
        assert store.visits.get("v1").officers == ["Lò Văn Sơn"]
        assert store.enterprises.search("che tan uyen").total == 1
        # Records older than the outbox are queued so they still reach headquarters;
        # the draft stays local.
        queued = store.query("SELECT entity, record_id, payload FROM outbox ORDER BY seq")
        assert [(r["entity"], r["record_id"]) for r in queued] == [
            ("enterprise", "e1"),
            ("visit", "v1"),
        ]
        assert json.loads(queued[1]["payload"])["officers"] == ["Lò Văn Sơn"]
        # And the upgraded file works like a new one.
        store.visits.save_draft(store.visits.get("v2").model_copy(update={"findings": "Tốt"}))
        assert store.scalar("PRAGMA integrity_check") == "ok"


def test_a_previous_version_file_is_upgraded_keeping_its_records(db_path: Path) -> None:
    _v1_file(db_path)
    conn = connect(db_path)
    migrate(conn, target=SCHEMA_VERSION - 1)
    conn.close()
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.enterprises.get("e1").tax_code == "6200112233"
        assert store.visits.get("v1").status == "completed"


def test_a_failed_migration_leaves_the_file_at_its_old_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _v1_file(db_path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(
        "field_app.store.migrations.MIGRATIONS", [MIGRATIONS[0], broken, *MIGRATIONS[2:]]
    )
    conn = connect(db_path)
    with pytest.raises(RuntimeError, match="disk full"):
        migrate(conn, target=2)
    assert schema_version(conn) == 1
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    conn.close()


def test_a_file_from_a_newer_program_is_refused_untouched(db_path: Path) -> None:
    conn = connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(RuntimeError, match="newer field-app"):
        open_store(db_path)
    conn = connect(db_path)
    assert schema_version(conn) == SCHEMA_VERSION + 5
    conn.close()


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is a shopping list, not a database\n" * 100)
    with pytest.raises(StorageError, match="cannot open the database"):
        open_store(path)
