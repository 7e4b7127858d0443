"""`field-app demo` makes audits, checks and actions; `status --json` counts them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from field_app.cli import main
from field_app.demo import generate
from field_app.models.action import ActionStatus
from field_app.store import Store


def test_demo_makes_audits_checks_and_actions_in_every_state(store: Store) -> None:
    today = date(2026, 11, 22)
    result = generate(store, enterprises=40, visits=120, seed=3, today=today)
    assert result.audits_5s == 30 and result.vietgap_checks == 12
    assert result.actions > 0
    counts = store.actions.counts(today)
    assert counts["open"] > 0 and counts["overdue"] > 0 and counts["done"] > 0
    assert counts["open"] > counts["overdue"]  # some open ones are not yet due
    done = store.actions.find("done")
    assert all(a.status == ActionStatus.DONE and a.done_on for a in done)
    # An action is recorded on the day its audit or check raised it, never after it
    # was done, nor on the day the demo was made.
    every = store.actions.find("all", limit=10_000)
    assert all(a.created_at[:10] <= (a.done_on or today).isoformat() for a in every)
    assert any(a.created_at[:10] < today.isoformat() for a in every)
    recent = store.audits_5s.recent(5)
    assert recent and all(a.total_percent is not None for a in recent)
    # Demo records are ordinary records: one 'create' per completed audit.
    completed = store.scalar("SELECT count(*) FROM audits_5s WHERE status = 'completed'")
    queued = store.scalar("SELECT count(*) FROM outbox WHERE entity = 'audit_5s'")
    assert queued == completed
    check = store.vietgap_checks.recent(1)[0]
    assert check.ready == store.vietgap_checks.readiness(check).ready


def test_status_json_reports_the_audit_counts(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.db"
    assert (
        main(
            [
                "--lang",
                "en",
                "--db",
                str(path),
                "demo",
                "--enterprises",
                "20",
                "--visits",
                "40",
                "--seed",
                "2",
            ]
        )
        == 0
    )
    assert "5S audits" in capsys.readouterr().out
    assert main(["--db", str(path), "status", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["audits_5s"] == 10 and report["vietgap_checks"] == 4
    assert report["actions"] > 0
