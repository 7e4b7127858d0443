"""`field-app export`: the workbook and the CSV files, read back with openpyxl/csv."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from field_app.demo import generate
from field_app.export.csv_files import FORMULA_START
from field_app.export.kinds import Column, Kind, Period
from field_app.export.xlsx import write_workbook
from field_app.store import open_store
from tests.reports import records
from tests.reports.conftest import Cli, status_counts

NAME = "Hợp tác xã Nông nghiệp Đồng Đăng Lộc Bình"  # đ, tone marks, NFC
FORMULA_NAME = '=HYPERLINK("x")'
SHEETS_EN = [
    "Enterprises",
    "Visits",
    "5S audits",
    "5S audit items",
    "VietGAP checks",
    "Corrective actions",
    "Support",
    "Certificates",
    "Training courses",
]
# Sheet -> `status --json` key holding its row count.
COUNT_KEYS = {
    "Enterprises": "enterprises",
    "Visits": "visits",
    "5S audits": "audits_5s",
    "VietGAP checks": "vietgap_checks",
    "Corrective actions": "actions",
    "Support": "supports",
    "Certificates": "certifications",
    "Training courses": "training_courses",
}


@pytest.fixture
def filled(db_path: Path) -> dict[str, str]:
    """Demo data plus hand-made records whose values the tests know."""
    with open_store(db_path, "Nguyễn Văn An") as store:
        generate(store, enterprises=30, visits=60, seed=3, today=date(2025, 6, 30))
        ent = records.enterprise(store, NAME, "cooperative", "Lộc Bình", tax_code="4900123456")
        odd = records.enterprise(store, FORMULA_NAME, "household", "Chi Lăng")
        store.enterprises.add_support(
            ent, {"tool": "VietGAP", "year": 2025, "amount_vnd": 50_000_000, "status": "paid"}
        )
        visit = records.visit(store, ent, date(2025, 3, 7))
        audit = records.audit(store, ent, date(2025, 3, 8), 3)
        return {"enterprise": ent, "odd": odd, "visit": visit, "audit": audit.id}


def test_xlsx_has_every_sheet_with_the_status_counts(
    db_path: Path, tmp_path: Path, cli: Cli, filled: dict[str, str]
) -> None:
    target = tmp_path / "out" / "field.xlsx"
    target.parent.mkdir()
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", target)
    assert code == 0, err
    assert "rows" in err  # progress goes to stderr
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == SHEETS_EN
    counts = status_counts(cli, db_path)
    for sheet, key in COUNT_KEYS.items():
        assert wb[sheet].max_row - 1 == counts[key], sheet
    template_items = 30  # the production form; every item of the audit is one row
    ws = wb["5S audit items"]
    mine = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == filled["audit"]]
    assert len(mine) == template_items
    assert list(target.parent.iterdir()) == [target]  # no temporary file left


def test_xlsx_values_types_and_layout(
    db_path: Path, tmp_path: Path, cli: Cli, filled: dict[str, str]
) -> None:
    target = tmp_path / "field.xlsx"
    assert cli("--db", db_path, "--lang", "en", "export", target, "--quiet")[0] == 0
    wb = openpyxl.load_workbook(target)
    ents = wb["Enterprises"]
    assert ents.freeze_panes == "A2"
    assert [c.value for c in ents[1]][:3] == ["Id", "Name", "Kind"]
    by_id = {r[0].value: r for r in ents.iter_rows(min_row=2)}
    name_cell = by_id[filled["enterprise"]][1]
    assert name_cell.value == NAME
    assert unicodedata.is_normalized("NFC", name_cell.value)
    assert by_id[filled["enterprise"]][3].value == "4900123456"  # tax code stays text
    odd = by_id[filled["odd"]][1]
    assert odd.value == FORMULA_NAME and odd.data_type == "s"  # never run as a formula
    assert ents.column_dimensions["B"].width >= len(NAME)  # sized to the names

    visits = wb["Visits"]
    row = next(r for r in visits.iter_rows(min_row=2) if r[0].value == filled["visit"])
    assert row[2].value == NAME
    day = row[3]
    assert day.is_date and day.value == datetime(2025, 3, 7)
    assert day.number_format == "dd/mm/yyyy"

    support = wb["Support"]
    row = next(r for r in support.iter_rows(min_row=2) if r[1].value == filled["enterprise"])
    assert row[6].value == 50_000_000 and "₫" in row[6].number_format

    audits = wb["5S audits"]
    head = [c.value for c in audits[1]]
    assert head[7:12] == [
        "Sort (Seiri)",
        "Set in order (Seiton)",
        "Shine (Seiso)",
        "Standardize (Seiketsu)",
        "Sustain (Shitsuke)",
    ]
    row = next(r for r in audits.iter_rows(min_row=2) if r[0].value == filled["audit"])
    # Every item scored 3 of 4: each S and the total are 75%.
    assert [c.value for c in row[7:13]] == [0.75] * 6
    assert row[12].number_format == "0.0%"


def test_every_sheet_prints_sensibly(
    db_path: Path, tmp_path: Path, cli: Cli, filled: dict[str, str]
) -> None:
    target = tmp_path / "field.xlsx"
    assert cli("--db", db_path, "--lang", "en", "export", target, "--quiet")[0] == 0
    for ws in openpyxl.load_workbook(target).worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # One page wide (fitToWidth left out means its default, 1), as many pages down.
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title  # the header on every page
        last = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title


def test_headers_follow_the_language(
    db_path: Path, tmp_path: Path, cli: Cli, filled: dict[str, str]
) -> None:
    target = tmp_path / "vi.xlsx"
    assert cli("--db", db_path, "--lang", "vi", "export", target, "--quiet")[0] == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "Doanh nghiệp"
    ws = wb[wb.sheetnames[0]]
    assert ws["A1"].value == "Mã bản ghi"
    audits = wb[wb.sheetnames[2]]
    assert "Sàng lọc (Seiri)" in [c.value for c in audits[1]]


def test_period_limits_dated_records(
    db_path: Path, tmp_path: Path, cli: Cli, filled: dict[str, str]
) -> None:
    target = tmp_path / "march.xlsx"
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", target, "--quiet",
                          "--from", "01/03/2025", "--to", "31/03/2025")  # fmt: skip
    assert code == 0, err
    with open_store(db_path) as store:
        # The expected count, from the visits' own dates read through the repository.
        ids = [r[0] for r in store.query("SELECT id FROM visits")]
        expected = [
            i
            for i in ids
            if date(2025, 3, 1) <= store.visits.get(i).visit_date <= date(2025, 3, 31)
        ]
        enterprises = store.counts()["enterprises"]
    wb = openpyxl.load_workbook(target)
    got = [r[0] for r in wb["Visits"].iter_rows(min_row=2, values_only=True)]
    assert sorted(got) == sorted(expected) and filled["visit"] in got
    assert wb["Enterprises"].max_row - 1 == enterprises  # the registry is always whole


def test_csv_round_trip(db_path: Path, tmp_path: Path, cli: Cli, filled: dict[str, str]) -> None:
    folder = tmp_path / "csv"
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", folder, "--format", "csv")
    assert code == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        f"{k}.csv"
        for k in ("enterprises", "visits", "audits_5s", "audit_items", "vietgap_checks",
                  "actions", "supports", "certifications", "training_courses")
    )  # fmt: skip
    raw = (folder / "enterprises.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    with open(folder / "enterprises.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    counts = status_counts(cli, db_path)
    assert len(rows) == counts["enterprises"]
    with open_store(db_path) as store:
        for row in rows:
            ent = store.enterprises.get(row["Id"])
            # A name a spreadsheet would run as a formula is written as text ('=...).
            assert row["Name"] == ("'" if ent.name.startswith(FORMULA_START) else "") + ent.name
            assert row["Tax code"] == (ent.tax_code or "")
            assert row["Commune"] == ent.commune
    with open(folder / "visits.csv", encoding="utf-8-sig", newline="") as fh:
        visits = {r["Id"]: r for r in csv.DictReader(fh)}
    assert len(visits) == counts["visits"]
    assert visits[filled["visit"]]["Visit date"] == "2025-03-07"
    assert visits[filled["visit"]]["Enterprise"] == NAME
    with open(folder / "supports.csv", encoding="utf-8-sig", newline="") as fh:
        mine = [r for r in csv.DictReader(fh) if r["Enterprise id"] == filled["enterprise"]]
    assert mine[0]["Amount"] == "50000000" and mine[0]["Cost share"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "31/02/2025"], "--from '31/02/2025' is not a date"),
        (["--to", "next week"], "--to 'next week' is not a date"),
        (["--from", "01/04/2025", "--to", "01/03/2025"], "--from must not be after --to"),
    ],
)
def test_bad_dates_are_refused(
    db_path: Path, tmp_path: Path, cli: Cli, args: list[str], message: str
) -> None:
    target = tmp_path / "x.xlsx"
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", target, *args)
    assert code == 2 and message in err
    assert not target.exists()


def test_unwritable_targets_are_refused(db_path: Path, tmp_path: Path, cli: Cli) -> None:
    missing = tmp_path / "no such folder" / "x.xlsx"
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", missing)
    assert code == 2 and "does not exist" in err
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", folder)
    assert code == 2 and "is a folder" in err
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", tmp_path / "x.txt")
    assert code == 2 and "--format csv" in err
    a_file = tmp_path / "plain"
    a_file.write_text("keep me")
    code, _out, err = cli("--db", db_path, "--lang", "en", "export", a_file, "--format", "csv")
    assert code == 2 and "is a file, not a folder" in err
    assert a_file.read_text() == "keep me"


def test_a_failure_midway_leaves_the_old_file_untouched(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "field.xlsx"
    target.write_bytes(b"the export of last week")

    def rows(_store: object, _period: Period):  # a disk that fills up after 3 rows
        for n in range(3):
            yield (f"id-{n}", "Sàng lọc")
        raise OSError(28, "No space left on device")

    kind = Kind("boom", "Boom", (Column("Id"), Column("Name")), rows, "SELECT 3")
    with open_store(db_path) as store, pytest.raises(OSError, match="No space"):
        write_workbook(store, target, [kind])
    assert target.read_bytes() == b"the export of last week"
    assert not list(tmp_path.glob(".field.xlsx*"))  # the temporary file is gone


def test_percent_cells_hold_the_shown_fraction_exactly() -> None:
    """43.8 % is stored as 0.438, not 0.43799999999999994 (which a formula or a CSV
    reader would show as such)."""
    from field_app.export.audit_kinds import _fraction

    assert _fraction(43.75) == 0.438
    assert _fraction(71.875) == 0.719
    assert [_fraction(p) for p in (0.0, 100.0, None)] == [0.0, 1.0, None]
    assert all(repr(_fraction(x / 8)).__len__() <= 6 for x in range(0, 801))
