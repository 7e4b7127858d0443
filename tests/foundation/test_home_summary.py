"""Home's summary, read from the file without the Store, says what the repositories say."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from field_app.demo import generate
from field_app.store import open_store
from field_app.store.home_summary import EarlyRead, HomeVisit, read_home_summary

TODAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("home") / "demo.db"
    with open_store(path, "Nguyễn Văn An") as store:
        generate(store, enterprises=300, visits=150, seed=7, today=TODAY)
    return path


def _lines(store, visits) -> list[HomeVisit]:  # type: ignore[no-untyped-def]
    names = store.enterprises.names([v.enterprise_id for v in visits])
    return [
        HomeVisit(
            v.id,
            v.enterprise_id,
            names.get(v.enterprise_id, ""),
            v.visit_date,
            v.follow_up_date,
            v.purpose.value,
        )
        for v in visits
    ]


def test_the_summary_is_what_the_repositories_read(demo: Path) -> None:
    summary = read_home_summary(demo, TODAY)
    assert summary is not None and not summary.first_run
    with open_store(demo) as store:
        visit_drafts = [d for d in summary.drafts if d.kind == "visit"]
        assert visit_drafts == _lines(store, store.visits.drafts(limit=len(visit_drafts)))
        # Drafts of every kind, most recently touched first.
        kinds = {d.kind for d in summary.drafts}
        assert {"visit", "training_course"} <= kinds
        touched = {
            d.id: store.scalar(f"SELECT updated_at FROM {table} WHERE id = ?", (d.id,))
            for d in summary.drafts
            for table in [
                {
                    "visit": "visits",
                    "training_course": "training_courses",
                    "audit_5s": "audits_5s",
                    "vietgap_check": "vietgap_checks",
                }[d.kind]
            ]
        }
        order = [touched[d.id] for d in summary.drafts]
        assert order == sorted(order, reverse=True)
        assert summary.due == _lines(store, store.visits.follow_ups_due(TODAY, limit=20))
        assert summary.recent == _lines(store, store.visits.recent(limit=10))
        counts = store.counts()
        assert store.home_summary(TODAY) == summary
    assert summary.drafts and summary.due and summary.recent
    assert summary.counts == {
        key: counts[key] for key in ("enterprises", "visits", "certifications", "pending_changes")
    }


def test_a_new_or_older_file_is_left_to_the_store(demo: Path, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert read_home_summary(missing, TODAY) is None
    assert not missing.exists()  # never created here: the Store makes it owner-only
    older = tmp_path / "older.db"
    shutil.copy(demo, older)
    with sqlite3.connect(older) as conn:
        conn.execute("PRAGMA user_version = 1")
    assert read_home_summary(older, TODAY) is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert read_home_summary(junk, TODAY) is None


def test_a_first_run_is_recognised(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    summary = read_home_summary(empty, TODAY)
    assert summary is not None and summary.first_run


def test_the_early_read_is_only_for_its_day(demo: Path) -> None:
    early = EarlyRead(demo, TODAY)
    summary = early.result(TODAY)
    assert summary is not None and early.done()
    assert EarlyRead(demo, TODAY).result(date(2026, 3, 17)) is None


def test_reading_home_loads_neither_pydantic_nor_sqlite_utils(demo: Path) -> None:
    code = (
        "import sys; from datetime import date; from pathlib import Path\n"
        "from field_app.store.home_summary import read_home_summary\n"
        f"assert read_home_summary(Path({str(demo)!r}), date(2026, 3, 16)) is not None\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'sqlite_utils'))\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
