"""Demo data that looks right to someone from the programme, written in one transaction."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from field_app.demo import generate
from field_app.demo_profiles import TRADES, farm_areas
from field_app.reports.programme import programme_figures
from field_app.store import Store, open_store

TODAY = date(2026, 11, 22)
CERTIFIABLE = re.compile(r"^(ISO \d+(:\d{4})?|HACCP|VietGAP|VietGAHP|OCOP [345] sao)$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database for the checks below (read only)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with open_store(path, "Nguyễn Văn An") as store:
        generate(store, enterprises=120, visits=240, seed=11, province="Lạng Sơn", today=TODAY)
    return path


@pytest.fixture
def shown(demo: Path) -> Iterator[Store]:
    with open_store(demo) as store:
        yield store


def test_certificates_only_for_certifiable_standards(shown: Store) -> None:
    standards = [r[0] for r in shown.query("SELECT standard FROM certifications")]
    assert standards
    assert [s for s in standards if not CERTIFIABLE.match(s)] == []  # no Kaizen, Lean, 5S
    # OCOP certificates are issued by the province and match the unit's stars.
    for stars, standard, issuer in shown.query(
        "SELECT e.ocop_stars, c.standard, c.issuer FROM certifications c"
        " JOIN enterprises e ON e.id = c.enterprise_id WHERE c.standard LIKE 'OCOP%'"
    ):
        assert standard == f"OCOP {stars} sao" and issuer.startswith("UBND tỉnh")


def test_audit_areas_fit_the_unit(shown: Store) -> None:
    trade_areas = {t.name.lower(): {a for names in t.areas.values() for a in names} for t in TRADES}
    rows = shown.query(
        "SELECT e.kind, e.main_products, a.area FROM audits_5s a"
        " JOIN enterprises e ON e.id = a.enterprise_id"
    )
    assert rows
    for kind, products, area in rows:
        if kind == "enterprise":
            allowed = trade_areas[products]
        else:
            allowed = {a for names in farm_areas(products, True).values() for a in names}
        assert area in allowed, f"{area!r} at a {kind} making {products}"
    assert not any("may" in area.lower() for kind, _p, area in rows if kind != "enterprise")


def test_every_low_score_has_an_action_and_notes_agree_with_scores(shown: Store) -> None:
    audits = shown.audits_5s.recent(1000)
    assert audits
    for audit in audits:
        low = {i.item_id for i in audit.items if i.score is not None and i.score <= 1}
        raised = {a.item_id for a in shown.actions.for_source(audit.id)}
        assert raised == low
        for item in audit.items:
            if item.score is not None and item.score <= 1:
                assert item.note and "tốt" not in item.note and "tiến bộ" not in item.note
    # The action says what to fix: the note against the requirement.
    some = shown.actions.find("all", limit=50)
    assert any(a.what.startswith("Khắc phục: ") and "(yêu cầu: " in a.what for a in some)


def test_overdue_actions_are_days_or_weeks_late(shown: Store) -> None:
    late = [
        (TODAY - a.due_date).days
        for a in shown.actions.find("all", limit=10_000)
        if a.status.value == "open" and a.due_date and a.due_date < TODAY
    ]
    assert late and max(late) <= 60
    follow_ups = [
        (TODAY - date.fromisoformat(day)).days
        for (day,) in shown.query("SELECT follow_up_date FROM visits WHERE follow_up_date != ''")
    ]
    assert follow_ups and max(follow_ups) <= 70  # a follow-up overdue by weeks at most


def test_places_and_tax_codes_look_real(shown: Store) -> None:
    rows = shown.query("SELECT kind, tax_code, address, commune FROM enterprises")
    hamlets = Counter(address for _k, _t, address, _c in rows)
    assert len(hamlets) >= 30 and hamlets.most_common(1)[0][1] <= len(rows) // 8
    assert all(commune not in address for _k, _t, address, commune in rows)
    codes = sorted(int(t[:10]) for k, t, _a, _c in rows if t and k in ("enterprise", "cooperative"))
    assert len(codes) == len(set(codes)) > 20
    steps = Counter(b - a for a, b in pairwise(codes))
    assert steps.most_common(1)[0][1] <= 2  # not 4900000001, 4900000002, ...
    assert all(str(c).startswith("49") for c in codes)  # Lạng Sơn's tax office


def test_the_programme_report_of_the_demo_has_5s_pairs(shown: Store) -> None:
    report = programme_figures(shown, TODAY.year, today=TODAY)
    assert report.value("fives_pairs") >= 5
    assert report.value("fives_improved") >= 1
    assert report.value("units_supported") > 0 and report.value("units_registered") > 0


def test_a_full_disk_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    with open_store(db, "Nguyễn Văn An") as store:
        generate(store, enterprises=3, visits=4, seed=1, today=TODAY)
        before = {t: store.scalar(f"SELECT count(*) FROM {t}")
                  for t in ("enterprises", "visits", "audits_5s", "actions", "outbox")}  # fmt: skip
    limit = os.path.getsize(db) + 300_000  # the demo needs megabytes: it fails midway

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "field_app.cli", "--db", str(db), "--lang", "vi", "demo",
         "--enterprises", "400", "--visits", "600"],
        preexec_fn=small_disk, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert "không ghi được dữ liệu mẫu" in done.stderr and "chưa có gì được lưu" in done.stderr
    assert "Traceback" not in done.stderr
    with open_store(db) as store:
        after = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in before}
        assert store.scalar("PRAGMA integrity_check") == "ok"
    assert after == before
