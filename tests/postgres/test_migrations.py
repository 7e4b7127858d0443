"""Headquarters' schema versions, on both engines: a new database is brought to the
latest version, a file from before versioning is adopted with its data, and a
database newer than this code is refused without a write."""

from __future__ import annotations

import sqlite3

import pytest

from sync.server import migrations
from sync.server.migrations import LATEST, SchemaTooNew
from sync.server.officers import add_officer, list_officers
from sync.server.storage import HQStore


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "hq.db")
    return str(request.getfixturevalue("pg_url"))


def test_new_database_is_at_the_latest_version(target, tmp_path):
    hq = HQStore(target, data_dir=tmp_path)
    try:
        assert migrations.version(hq) == LATEST
        names = [r[0] for r in hq.query("SELECT name FROM schema_version ORDER BY version")]
        assert len(names) == LATEST
        assert hq.current_seq() == 0
    finally:
        hq.close()
    again = HQStore(target, data_dir=tmp_path)  # opening again changes nothing
    try:
        assert migrations.version(again) == LATEST
    finally:
        again.close()


def test_newer_database_is_refused_untouched(target, tmp_path):
    hq = HQStore(target, data_dir=tmp_path)
    try:
        add_officer(hq, "Lò Văn Bình", "Lạng Sơn")
        with hq.atomic() as conn:
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'later', '')",
                (LATEST + 1,),
            )
    finally:
        hq.close()
    with pytest.raises(SchemaTooNew, match="upgrade field-hq"):
        HQStore(target, data_dir=tmp_path)


def test_file_from_before_versioning_is_adopted(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in migrations.MIGRATIONS[0].statements("sqlite"):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO officers (name, province, province_key, created_at)"
        " VALUES ('Hà Thị Cúc', 'Lạng Sơn', 'lang son', '2026-01-01')"
    )
    conn.commit()
    conn.close()
    hq = HQStore(path)
    try:
        assert migrations.version(hq) == LATEST
        assert [o["name"] for o in list_officers(hq)] == ["Hà Thị Cúc"]
    finally:
        hq.close()


def test_failed_migration_leaves_the_version_before(target, tmp_path, monkeypatch):
    hq = HQStore(target, data_dir=tmp_path)
    hq.close()
    broken = migrations.Migration(
        LATEST + 1, "broken", "CREATE TABLE later (x TEXT); INSERT INTO nowhere VALUES (1)"
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(Exception, match="nowhere"):
        HQStore(target, data_dir=tmp_path)
    monkeypatch.undo()
    hq = HQStore(target, data_dir=tmp_path)
    try:
        assert migrations.version(hq) == LATEST
        with pytest.raises(Exception, match="later"):
            hq.query("SELECT * FROM later")
    finally:
        hq.close()


def test_code_issued_before_salted_codes_still_enrolls(tmp_path):
    """A code headquarters issued before codes had their own salt (a plain SHA-256 in
    officers.code_hash) still works once after the upgrade, and only once; a code
    that was already used is not revived."""
    import hashlib

    from sync.server.officers import AccessError, enroll

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in migrations.MIGRATIONS[0].statements("sqlite"):
        conn.execute(statement)
    pending = hashlib.sha256(b"ABCDEFGHJKMN").hexdigest()
    used = hashlib.sha256(b"PQRSTUVWXYZ2").hexdigest()
    conn.execute(
        "INSERT INTO officers (name, province, province_key, code_hash, created_at)"
        " VALUES ('Hà Thị Cúc', 'Lạng Sơn', 'lang son', ?, '2026-01-01')",
        (pending,),
    )
    conn.execute(
        "INSERT INTO officers (name, province, province_key, code_hash, code_device, created_at)"
        " VALUES ('Lò Văn Bình', 'Lạng Sơn', 'lang son', ?, 'dev-old', '2026-01-01')",
        (used,),
    )
    conn.commit()
    conn.close()
    hq = HQStore(path)
    try:
        proof = hashlib.sha256(b"secret-1").hexdigest()
        answer = enroll(hq, "abcd efgh-jkmn", "dev-new", "Laptop", proof=proof)
        assert answer["officer"] == "Hà Thị Cúc"
        with pytest.raises(AccessError):
            enroll(hq, "ABCD-EFGH-JKMN", "dev-other", "Laptop", proof=proof)
        with pytest.raises(AccessError):
            enroll(hq, "PQRS-TUVW-XYZ2", "dev-other", "Laptop", proof=proof)
        assert hq.scalar("SELECT count(*) FROM officers WHERE code_hash IS NOT NULL") == 0
    finally:
        hq.close()
