"""Training courses in the export: their own sheet (and CSV file), in Vietnamese and
English, limited by --from/--to like the other records."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl

from field_app.store import open_store
from tests.reports.conftest import Cli


def _fill(db_path: Path) -> dict[str, str]:
    with open_store(db_path, "Nguyễn Văn An") as store:
        a = store.enterprises.add({"name": "HTX Chè Bắc Sơn", "province": "Lạng Sơn"}).id
        b = store.enterprises.add({"name": "Công ty TNHH Na Chi Lăng", "province": "Lạng Sơn"}).id
        course = store.training_courses.complete(
            store.training_courses.save_draft(
                {
                    "start_date": date(2026, 3, 10),
                    "end_date": date(2026, 3, 11),
                    "topic": "iso_9001",
                    "title": "Đánh giá nội bộ ISO 9001:2015",
                    "organiser": "Sở Khoa học và Công nghệ",
                    "place": "Hội trường Sở",
                    "trainers": ["ThS. Trần Thu Hà"],
                    "participants": 30,
                    "productivity_experts": 2,
                    "trainee_experts": 3,
                    "enterprises": [
                        {"enterprise_id": a, "participants": 12},
                        {"enterprise_id": b, "participants": 8},
                    ],
                }
            ).id
        )
        later = store.training_courses.save_draft(
            {"start_date": date(2026, 9, 1), "end_date": date(2026, 9, 1), "topic": "5s"}
        )
        return {"course": course.id, "later": later.id}


def _sheet_rows(path: Path, title: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[title]
    return list(ws.iter_rows(values_only=True))


def test_the_courses_sheet_holds_every_field_in_english(
    db_path: Path, tmp_path: Path, cli: Cli
) -> None:
    made = _fill(db_path)
    out = tmp_path / "all.xlsx"
    code, _o, err = cli("--db", db_path, "--lang", "en", "export", out, "--quiet")
    assert code == 0, err
    header, *rows = _sheet_rows(out, "Training courses")
    assert header[:4] == ("Id", "Start date", "End date", "Topic")
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_id) == {made["course"], made["later"]}
    row = by_id[made["course"]]
    assert row["Start date"] == datetime(2026, 3, 10) and row["End date"] == datetime(2026, 3, 11)
    assert row["Topic"] == "ISO 9001" and row["Organiser"] == "Sở Khoa học và Công nghệ"
    assert (row["Participants"], row["Productivity experts"], row["Trainee experts"]) == (30, 2, 3)
    assert (
        row["Enterprises and people sent"] == "HTX Chè Bắc Sơn (12); Công ty TNHH Na Chi Lăng (8)"
    )
    assert row["Status"] == "completed" and by_id[made["later"]]["Status"] == "draft"


def test_vietnamese_headers_and_the_period(db_path: Path, tmp_path: Path, cli: Cli) -> None:
    made = _fill(db_path)
    out = tmp_path / "march.xlsx"
    code, _o, err = cli("--db", db_path, "--lang", "vi", "export", out, "--quiet",
                        "--from", "01/03/2026", "--to", "31/03/2026")  # fmt: skip
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    title = "Khóa đào tạo"
    assert title in wb.sheetnames
    header, *rows = _sheet_rows(out, title)
    assert "Số người tham dự" in header and "Chủ đề" in header
    assert [r[0] for r in rows] == [made["course"]]  # September's draft is outside the period


def test_csv_has_a_training_courses_file(db_path: Path, tmp_path: Path, cli: Cli) -> None:
    made = _fill(db_path)
    folder = tmp_path / "csv"
    code, _o, err = cli("--db", db_path, "--lang", "en", "export", folder, "--format", "csv",
                        "--quiet")  # fmt: skip
    assert code == 0, err
    with open(folder / "training_courses.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["Id"] for r in rows} == set(made.values())
