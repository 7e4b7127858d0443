"""Upgrading a database made before audits existed keeps every record and adds the tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from field_app.models.visit import Visit
from field_app.store import open_store
from field_app.store.db import connect
from field_app.store.migrations import SCHEMA_VERSION, migrate
from field_app.store.store import Store

from .forms import make_audit


def test_migration_from_the_previous_version_keeps_data(db_path: Path) -> None:
    conn = connect(db_path)
    migrate(conn, target=2)  # the schema before audits
    # The enterprise as the version-2 program wrote it: today's program writes columns
    # (notes, founding date) the version-2 table does not have yet.
    with conn:
        conn.execute(
            "INSERT INTO enterprises (id, kind, name, name_fold, created_at, updated_at)"
            " VALUES ('e-v2', 'cooperative', 'Hợp tác xã Nông nghiệp Chi Lăng',"
            " 'hop tac xa nong nghiep chi lang', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z')"
        )
    conn.close()
    # Records written by the version-2 program (opened without upgrading).
    with Store(db_path, "Lê Thị Hoa", upgrade=False) as v2:
        assert v2.schema_version == 2
        ent = v2.enterprises.get("e-v2")
        assert ent is not None
        v2.visits.complete(
            v2.visits.save_draft(
                Visit(
                    enterprise_id=ent.id,
                    visit_date=date(2026, 5, 1),
                    officers=["Hoa"],
                    findings="Kho gọn gàng",
                )
            ).id
        )
        pending_before = v2.outbox.pending_count()
        assert not v2.db["audits_5s"].exists()
    with open_store(db_path, "Lê Thị Hoa") as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION >= 3
        assert upgraded.enterprises.get(ent.id).name == "Hợp tác xã Nông nghiệp Chi Lăng"
        assert len(upgraded.visits.for_enterprise(ent.id)) == 1
        assert upgraded.outbox.pending_count() == pending_before
        form = upgraded.templates.get("5s-office")
        done = upgraded.audits_5s.complete(make_audit(form, ent.id, default=4))
        assert upgraded.counts()["audits_5s"] == 1 and done.total_percent == 100.0
