"""The programme report on a small hand-made database whose figures are known.

Every expected number below is worked out by hand from the records this file
creates (see the comments), never by calling the code under test.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from field_app.checklists import load_template_file
from field_app.i18n import set_language
from field_app.models.action import ActionProposal
from field_app.reports.programme import compute_programme, programme_figures
from field_app.reports.programme_output import render_text
from field_app.reports.programme_source import AuditRow, SupportRow, TrainingRow, VisitRow
from field_app.settings import Settings, Targets, save_settings
from field_app.store import Store, open_store
from tests.reports import records
from tests.reports.conftest import Cli

TODAY = date(2025, 11, 15)
SIX_S = ("6s-test", 1)
SIX_S_FILE = Path(__file__).resolve().parent.parent / "audits" / "data" / "6s-test.v1.toml"


def build(store: Store) -> dict[str, str]:
    """The hand-made programme year 2025."""
    a = records.enterprise(store, "Công ty TNHH Cơ khí Đồng Đăng", "enterprise", "Chi Lăng")
    b = records.enterprise(store, "Hợp tác xã Chè Shan tuyết Mẫu Sơn", "cooperative", "Đồng Đăng")
    c = records.enterprise(store, "Hộ kinh doanh Hứa Văn Đức", "household", "Chi Lăng")
    d = records.enterprise(store, "Trang trại Na Hữu Lũng", "farm", "Bắc Sơn")
    add = store.enterprises.add_support
    # 2025 support, one of each status: A 5S paid 20M and ISO 9001 approved 30M; B VietGAP
    # paid 50M; C 5S cancelled 10M (never counts) and Kaizen registered 5M (C is
    # registered, not supported); D VietGAP approved 25M (and 5S paid in 2024: other year).
    add(a, {"tool": "5S", "year": 2025, "amount_vnd": 20_000_000, "status": "paid"})
    add(a, {"tool": "ISO 9001", "year": 2025, "amount_vnd": 30_000_000, "status": "approved"})
    add(b, {"tool": "VietGAP", "year": 2025, "amount_vnd": 50_000_000, "status": "paid"})
    add(c, {"tool": "5S", "year": 2025, "amount_vnd": 10_000_000, "status": "cancelled"})
    add(c, {"tool": "Kaizen", "year": 2025, "amount_vnd": 5_000_000, "status": "registered"})
    add(d, {"tool": "VietGAP", "year": 2025, "amount_vnd": 25_000_000, "status": "approved"})
    add(d, {"tool": "5S", "year": 2024, "amount_vnd": 40_000_000, "status": "paid"})
    # Visits: A 01/03/2025, B training 10/05/2025, C draft (no), A 31/12/2024 (other year),
    # B 01/07/2025 corrected by a completed correction (the pair counts once).
    records.visit(store, a, date(2025, 3, 1))
    records.visit(store, b, date(2025, 5, 10), "training")
    records.visit(store, c, date(2025, 6, 1), done=False)
    records.visit(store, a, date(2024, 12, 31))
    original = records.visit(store, b, date(2025, 7, 1))
    store.visits.complete(store.visits.correct(original).id)
    # 5S. A's workshop: 50% (all 2 of 4) on 01/11/2024, then 75% (all 3) on 01/04/2025
    # with one action raised; the area typed differently the second time is the same
    # area. A's finished-goods store: 25% once (no pair). A's workshop on a 6S form:
    # 100% on 01/06/2025 (a 6S form is not compared with the 5S one: no pair). B: 100%
    # on 01/06/2025 (once).
    records.audit(store, a, date(2024, 11, 1), 2, area="Xưởng sản xuất")
    fix = ActionProposal(
        item_id="prod-s2-1",
        section_title="Sắp xếp",
        item_text="",
        reason="",
        what="Dán nhãn kệ dụng cụ",
        who="Tổ trưởng",
        due_date=date(2025, 5, 1),
    )
    records.audit(store, a, date(2025, 4, 1), 3, actions=[fix], area="xưởng  san xuat")
    records.audit(store, a, date(2025, 5, 1), 1, area="Kho thành phẩm")
    store.templates.install(load_template_file(SIX_S_FILE).model_dump(mode="json"))
    records.audit(store, a, date(2025, 6, 1), 4, area="Xưởng sản xuất", form=SIX_S)
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
    # Training: two completed courses started in 2025 (30 people of whom 2 productivity
    # experts; 25 people of whom 1 productivity expert and 2 trainee experts), one that
    # started on 31/12/2024 (other year) and one 2025 draft (not counted).
    course(store, date(2025, 3, 10), 30, 2, 0, [(a, 12), (b, 8)])
    course(store, date(2025, 9, 22), 25, 1, 2, [(b, 10)])
    course(store, date(2024, 12, 31), 40, 0, 0, [])
    course(store, date(2025, 11, 3), 18, 0, 0, [], done=False)
    return {"a": a, "b": b, "c": c, "d": d}


def course(
    store: Store,
    start: date,
    people: int,
    experts: int,
    trainees: int,
    sent: list[tuple[str, int]],
    *,
    done: bool = True,
) -> None:
    """Add a two-day training course (completed unless `done` is False)."""
    draft = store.training_courses.save_draft(
        {
            "start_date": start,
            "end_date": start + timedelta(days=1),
            "topic": "5s",
            "title": "Tập huấn áp dụng 5S",
            "organiser": "Sở Khoa học và Công nghệ",
            "place": "Hội trường Sở",
            "trainers": ["ThS. Trần Thu Hà"],
            "participants": people,
            "productivity_experts": experts,
            "trainee_experts": trainees,
            "enterprises": [{"enterprise_id": e, "participants": n} for e, n in sent],
        }
    )
    if done:
        store.training_courses.complete(draft.id)


def recommended_count(store: Store) -> int:
    """Recommended criteria of the VietGAP form (data of the template, read directly)."""
    template = store.templates.get(*records.VIETGAP)
    return sum(1 for _s, item in template.items() if item.level == "recommended")


def test_programme_figures_match_the_hand_count(store: Store) -> None:
    build(store)
    report = programme_figures(store, 2025, Targets(enterprises_supported=4), today=TODAY)
    v = report.value
    assert v("units_supported") == 3  # A, B, D: approved or paid
    assert v("units_registered") == 1  # C: registered only (its cancelled 5S never counts)
    assert report.indicator("units_supported").target == 4
    assert report.indicator("units_supported").reached == pytest.approx(75.0)
    assert (v("units_enterprise"), v("units_cooperative"), v("units_household")) == (1, 1, 0)
    assert v("units_other") == 1  # D, a farm
    assert v("tool:5S") == 1 and v("tool:ISO 9001") == 1 and v("tool:VietGAP") == 2
    with pytest.raises(KeyError):
        report.indicator("tool:Kaizen")  # C's Kaizen is only registered
    assert v("commune:Chi Lăng") == 1 and v("commune:Đồng Đăng") == 1
    assert v("commune:Bắc Sơn") == 1
    assert v("support_paid_vnd") == 70_000_000  # 20 + 50
    assert v("support_approved_vnd") == 55_000_000  # 30 + 25
    assert v("support_registered_vnd") == 5_000_000
    assert v("visits") == 3 and v("visited_units") == 2 and v("training_visits") == 1
    assert v("audits_5s") == 4
    assert v("vietgap_checks") == 3
    assert v("actions_opened") == 1 and v("actions_done") == 1
    assert v("fives_avg") == pytest.approx(75.0)  # (75 + 25 + 100 + 100) / 4
    assert v("fives_pairs") == 1  # only A's workshop on the 5S form
    assert v("fives_change_avg") == pytest.approx(25.0)  # 75 - 50
    assert v("fives_improved") == 1
    assert v("vietgap_checked") == 2 and v("vietgap_ready") == 1
    assert v("vietgap_ready_percent") == pytest.approx(50.0)
    n = recommended_count(store)
    assert v("vietgap_recommended_percent") == pytest.approx((100 + 100 * (n - 1) / n) / 2, 0.01)
    assert v("certificates_obtained") == 2
    assert v("standard:ISO 9001") == 1 and v("standard:OCOP") == 1
    assert v("certificates_expiring") == 1 and v("certificates_expiring_soon") == 1
    assert v("training_courses") == 2
    assert v("people_trained") == 55  # 30 + 25
    assert v("experts_trained") == 5  # 2 + 1 + 2
    assert report.indicator("people_trained").target == 500  # the default target
    assert report.indicator("people_trained").reached == pytest.approx(11.0)
    assert report.indicator("experts_trained").reached == pytest.approx(50.0)


def test_every_figure_has_its_unit_and_the_definitions_are_footnotes(store: Store) -> None:
    build(store)
    set_language("vi")
    report = programme_figures(store, 2025, Targets(), today=TODAY)
    shown = {ind.key: ind.shown_value() for ind in report.all()}
    assert shown["fives_change_avg"] == "+25,0 điểm %"
    assert shown["units_supported"] == "3 đơn vị"
    assert shown["visits"] == "3 lượt"
    assert shown["fives_avg"] == "75,0%"
    assert shown["support_paid_vnd"] == "70.000.000 ₫"
    assert shown["people_trained"] == "55 người"
    notes = {label: text for _n, label, text in report.footnotes()}
    assert (
        "đã phê duyệt hoặc đã chi" in notes["Doanh nghiệp, hợp tác xã, hộ kinh doanh được hỗ trợ"]
    )
    text = render_text(report)
    assert "Định nghĩa:" in text and "(1) Doanh nghiệp, hợp tác xã" in text


def test_another_year_is_empty(store: Store) -> None:
    build(store)
    report = programme_figures(store, 2023, Targets(), today=TODAY)
    assert report.value("units_supported") == 0
    assert report.value("visits") == 0
    assert report.value("fives_avg") is None
    assert report.value("fives_change_avg") is None
    assert report.value("certificates_obtained") == 1  # B's VietGAP, issued 01/12/2023


class ListSource:
    """A programme source over plain lists, as headquarters may supply one."""

    def __init__(self, **rows: list) -> None:
        self.rows = rows

    def supports(self, year: int) -> list[SupportRow]:
        return self.rows.get("supports", [])

    def visits(self, start: date, end: date) -> list[VisitRow]:
        return [v for v in self.rows.get("visits", []) if start <= v.visit_date <= end]

    def audits_5s(self, until: date) -> list[AuditRow]:
        return [a for a in self.rows.get("audits", []) if a.audit_date <= until]

    def vietgap_checks(self, start: date, end: date) -> list:
        return []

    def actions(self, start: date, end: date) -> list:
        return []

    def certificates(self) -> list:
        return []

    def training_courses(self, start: date, end: date) -> list[TrainingRow]:
        return [t for t in self.rows.get("training", []) if start <= t.start_date <= end]


def test_the_same_computation_runs_over_rows_from_elsewhere() -> None:
    five = ("sort", "set_in_order", "shine", "standardize", "sustain")
    source = ListSource(
        supports=[
            SupportRow("e1", "cooperative", "Mẫu Sơn", "VietGAP", "paid", 50_000_000),
            SupportRow("e2", "enterprise", "Mẫu Sơn", "5S", "registered", 9_000_000),
        ],
        visits=[VisitRow("e1", date(2026, 3, 2), "advice")],
        audits=[
            AuditRow("x1", "e1", "Kho", five, date(2025, 6, 1), 40.0, "2025-06-01T10:00:00Z"),
            AuditRow("x2", "e1", "kho", five, date(2026, 6, 1), 55.5, "2026-06-01T10:00:00Z"),
            AuditRow("x3", "e1", "Văn phòng", five, date(2026, 7, 1), 90.0, ""),
        ],
        training=[
            TrainingRow(date(2026, 4, 1), 30, 2),
            TrainingRow(date(2026, 9, 1), 25, 1),
            TrainingRow(date(2025, 9, 1), 99, 9),  # another year
        ],
    )
    report = compute_programme(source, 2026, Targets(), today=date(2026, 12, 1))
    v = report.value
    assert (v("units_supported"), v("units_registered")) == (1, 1)
    assert v("visits") == 1 and v("audits_5s") == 2
    assert v("fives_pairs") == 1 and v("fives_change_avg") == pytest.approx(15.5)
    assert (v("training_courses"), v("people_trained"), v("experts_trained")) == (2, 55, 3)
    assert report.indicator("people_trained").reached == pytest.approx(11.0)  # 55 of 500


def test_json_prints_the_indicators_with_stable_keys(db_path: Path, cli: Cli) -> None:
    with open_store(db_path, "Nguyễn Văn An") as store:
        build(store)
    save_settings(Settings(province="Lạng Sơn", targets=Targets(enterprises_supported=4)))
    code, out, err = cli("--db", db_path, "report", "programme", "--year", "2025", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["year"], data["province"]) == (2025, "Lạng Sơn")
    keys = {
        "units_supported", "units_registered", "visits", "audits_5s", "fives_avg",
        "fives_pairs", "fives_change_avg", "fives_improved", "vietgap_checked",
        "vietgap_ready", "certificates_obtained", "support_paid_vnd", "people_trained",
        "experts_trained",
    }  # fmt: skip
    assert keys <= set(data["indicators"])
    assert data["indicators"]["units_supported"] == 3
    assert data["indicators"]["fives_pairs"] == 1
    assert data["indicators"]["support_paid_vnd"] == 70_000_000
    assert data["units"]["fives_change_avg"] == "points"
    assert data["targets"]["units_supported"] == {
        "target": 4,
        "value": 3,
        "reached_percent": 75.0,
    }
    assert data["targets"]["people_trained"] == {
        "target": 500,
        "value": 55,
        "reached_percent": 11.0,
    }
    assert data["indicators"]["experts_trained"] == 5


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
    line = next(x for x in out.splitlines() if "được hỗ trợ (1)" in x)
    assert line.rstrip().endswith("75%") and "3 đơn vị" in line and "4 đơn vị" in line
    assert "75,0%" in out
    wb = openpyxl.load_workbook(out_file)
    ws = wb.active
    rows = {str(r[1].value).strip(): r for r in ws.iter_rows(min_row=4) if r[1].value}
    paid = rows["Kinh phí hỗ trợ đã chi"]
    assert paid[3].value == 70_000_000 and "₫" in paid[3].number_format
    assert paid[2].value == "đồng"
    supported = rows["Doanh nghiệp, hợp tác xã, hộ kinh doanh được hỗ trợ (1)"]
    assert (supported[3].value, supported[4].value) == (3, 4)
    assert supported[5].value == pytest.approx(0.75)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert ws.auto_filter.ref.startswith("A3:F")


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
