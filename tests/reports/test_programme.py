"""The programme report on a small hand-made database whose figures are known.

Every expected number below is worked out by hand from the records this file
creates (see the comments), never by calling the code under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from field_app.models.action import ActionProposal
from field_app.reports.programme import programme_figures
from field_app.settings import Settings, Targets, save_settings
from field_app.store import Store, open_store
from tests.reports import records
from tests.reports.conftest import Cli

TODAY = date(2025, 11, 15)


def build(store: Store) -> dict[str, str]:
    """The hand-made programme year 2025."""
    a = records.enterprise(store, "Công ty TNHH Cơ khí Đồng Đăng", "enterprise", "Chi Lăng")
    b = records.enterprise(store, "Hợp tác xã Chè Shan tuyết Mẫu Sơn", "cooperative", "Đồng Đăng")
    c = records.enterprise(store, "Hộ kinh doanh Hứa Văn Đức", "household", "Chi Lăng")
    d = records.enterprise(store, "Trang trại Na Hữu Lũng", "farm", "Bắc Sơn")
    add = store.enterprises.add_support
    # 2025 support: A (5S paid 20M, ISO 9001 approved 30M), B (VietGAP paid 50M),
    # C (5S cancelled 10M: does not count; Kaizen registered 5M). D only in 2024.
    add(a, {"tool": "5S", "year": 2025, "amount_vnd": 20_000_000, "status": "paid"})
    add(a, {"tool": "ISO 9001", "year": 2025, "amount_vnd": 30_000_000, "status": "approved"})
    add(b, {"tool": "VietGAP", "year": 2025, "amount_vnd": 50_000_000, "status": "paid"})
    add(c, {"tool": "5S", "year": 2025, "amount_vnd": 10_000_000, "status": "cancelled"})
    add(c, {"tool": "Kaizen", "year": 2025, "amount_vnd": 5_000_000, "status": "registered"})
    add(d, {"tool": "5S", "year": 2024, "amount_vnd": 40_000_000, "status": "paid"})
    # Visits: A 01/03/2025, B training 10/05/2025, C draft (no), A 31/12/2024 (other year),
    # B 01/07/2025 corrected by a completed correction (the pair counts once).
    records.visit(store, a, date(2025, 3, 1))
    records.visit(store, b, date(2025, 5, 10), "training")
    records.visit(store, c, date(2025, 6, 1), done=False)
    records.visit(store, a, date(2024, 12, 31))
    original = records.visit(store, b, date(2025, 7, 1))
    store.visits.complete(store.visits.correct(original).id)
    # 5S: A 50% (all 2 of 4) on 01/11/2024, then 75% (all 3) on 01/04/2025 with one
    # action raised; B 100% (all 4) on 01/06/2025.
    records.audit(store, a, date(2024, 11, 1), 2)
    fix = ActionProposal(
        item_id="prod-s2-1",
        section_title="Sắp xếp",
        item_text="",
        reason="",
        what="Dán nhãn kệ dụng cụ",
        who="Tổ trưởng",
        due_date=date(2025, 5, 1),
    )
    records.audit(store, a, date(2025, 4, 1), 3, actions=[fix])
    records.audit(store, b, date(2025, 6, 1), 4)
    action_id = store.actions.for_source(
        store.query("SELECT id FROM audits_5s WHERE audit_date = '2025-04-01'")[0][0]
    )[0].id
    store.actions.check_off(action_id, done=True, today=date(2025, 4, 28))
    # VietGAP: B passes everything (ready); D passes on 01/09 but its latest check,
    # 01/10, fails mandatory vg-1.1 and recommended vg-1.4 (not ready).
    records.check(store, b, date(2025, 8, 1))
    records.check(store, d, date(2025, 9, 1))
    records.check(store, d, date(2025, 10, 1), {"vg-1.1": "Chưa tập huấn", "vg-1.4": "Thiếu"})
    # Certificates: A ISO 9001 issued 01/02/2025; C OCOP issued 01/06/2025; B VietGAP
    # issued 01/12/2023, expiring 01/12/2025 (in the year, and within 90 days of 15/11/2025).
    cert = store.enterprises.add_certification
    cert(a, {"standard": "ISO 9001", "issued_on": "01/02/2025", "valid_until": "01/02/2028"})
    cert(c, {"standard": "OCOP", "issued_on": "01/06/2025", "valid_until": "01/06/2028"})
    cert(b, {"standard": "VietGAP", "issued_on": "01/12/2023", "valid_until": "01/12/2025"})
    return {"a": a, "b": b, "c": c, "d": d}


def recommended_count(store: Store) -> int:
    """Recommended criteria of the VietGAP form (data of the template, read directly)."""
    template = store.templates.get(*records.VIETGAP)
    return sum(1 for _s, item in template.items() if item.level == "recommended")


def test_programme_figures_match_the_hand_count(store: Store) -> None:
    build(store)
    report = programme_figures(store, 2025, Targets(enterprises_supported=4), today=TODAY)
    v = report.value
    assert v("units_supported") == 3  # A, B, C (C through Kaizen)
    assert report.indicator("units_supported").target == 4
    assert report.indicator("units_supported").reached == pytest.approx(75.0)
    assert (v("units_enterprise"), v("units_cooperative"), v("units_household")) == (1, 1, 1)
    assert v("units_other") == 0  # D's support is in 2024
    assert v("tool:5S") == 1 and v("tool:ISO 9001") == 1
    assert v("tool:VietGAP") == 1 and v("tool:Kaizen") == 1
    assert v("commune:Chi Lăng") == 2 and v("commune:Đồng Đăng") == 1
    assert v("support_paid_vnd") == 70_000_000
    assert v("support_committed_vnd") == 35_000_000
    assert v("visits") == 3 and v("visited_units") == 2 and v("training_visits") == 1
    assert v("audits_5s") == 2
    assert v("vietgap_checks") == 3
    assert v("actions_opened") == 1 and v("actions_done") == 1
    assert v("average_5s_percent") == pytest.approx(87.5)  # (75 + 100) / 2
    assert v("audited_twice") == 1
    assert v("average_5s_change") == pytest.approx(25.0)  # 75 - 50
    assert v("improved_5s") == 1
    assert v("vietgap_units_checked") == 2 and v("vietgap_units_ready") == 1
    assert v("vietgap_ready_percent") == pytest.approx(50.0)
    n = recommended_count(store)
    assert v("vietgap_recommended_percent") == pytest.approx((100 + 100 * (n - 1) / n) / 2, 0.01)
    assert v("certificates_obtained") == 2
    assert v("standard:ISO 9001") == 1 and v("standard:OCOP") == 1
    assert v("certificates_expiring") == 1 and v("certificates_expiring_soon") == 1
    assert report.indicator("people_trained").value is None
    assert report.indicator("people_trained").target == 500  # the default target


def test_another_year_is_empty(store: Store) -> None:
    build(store)
    report = programme_figures(store, 2023, Targets(), today=TODAY)
    assert report.value("units_supported") == 0
    assert report.value("visits") == 0
    assert report.value("average_5s_percent") is None
    assert report.value("certificates_obtained") == 1  # B's VietGAP, issued 01/12/2023


def test_cli_prints_a_vietnamese_table_and_saves_xlsx(
    db_path: Path, tmp_path: Path, cli: Cli
) -> None:
    with open_store(db_path, "Nguyễn Văn An") as store:
        build(store)
    save_settings(Settings(targets=Targets(enterprises_supported=4)))
    out_file = tmp_path / "programme.xlsx"
    code, out, err = cli("--db", db_path, "--lang", "vi", "report", "programme", "--year",
                         "2025", "--xlsx", out_file)  # fmt: skip
    assert code == 0, err
    assert "Báo cáo chương trình năm 2025" in out
    assert "70.000.000 ₫" in out  # support paid
    line = next(x for x in out.splitlines() if "được hỗ trợ" in x and "75%" in x)
    assert line.split()[-3:] == ["3", "4", "75%"]
    assert "87,5%" in out
    wb = openpyxl.load_workbook(out_file)
    ws = wb.active
    rows = {str(r[1].value).strip(): r for r in ws.iter_rows(min_row=4)}
    paid = rows["Kinh phí hỗ trợ đã chi"]
    assert paid[2].value == 70_000_000 and "₫" in paid[2].number_format
    supported = rows["Doanh nghiệp, hợp tác xã, hộ kinh doanh được hỗ trợ"]
    assert (supported[2].value, supported[3].value) == (3, 4)
    assert supported[4].value == pytest.approx(0.75)


@pytest.mark.parametrize("year", ["abc", "1850", "20255", ""])
def test_bad_year_is_refused(db_path: Path, cli: Cli, year: str) -> None:
    code, out, err = cli("--db", db_path, "--lang", "en", "report", "programme", "--year", year)
    assert code == 2
    assert "is not valid: give a year such as 2026" in err
    assert out == ""


def test_xlsx_in_a_missing_folder_is_refused_before_any_work(
    db_path: Path, tmp_path: Path, cli: Cli
) -> None:
    target = tmp_path / "missing" / "p.xlsx"
    code, _out, err = cli("--db", db_path, "--lang", "en", "report", "programme", "--year",
                          "2025", "--xlsx", target)  # fmt: skip
    assert code == 2
    assert "does not exist" in err
    assert not target.parent.exists()
