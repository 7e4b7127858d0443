"""The app's own exports re-import with nothing lost, in either interface language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from field_app.demo import generate
from field_app.export.csv_files import write_csv_folder
from field_app.export.kinds import enterprises_kind
from field_app.export.xlsx import write_workbook
from field_app.i18n import set_language
from field_app.importer import import_enterprises
from field_app.models.enterprise import ENTERPRISE_FIELDS
from field_app.store import open_store

COMPARED = ("id", *ENTERPRISE_FIELDS)


def _rows(path: Path) -> dict[str, dict]:
    with open_store(path) as store:
        rows = store.query(f"SELECT {', '.join(COMPARED)}, created_at FROM enterprises")
        return {r["id"]: dict(r) for r in rows}


@pytest.mark.parametrize(("fmt", "lang"), [("xlsx", "en"), ("xlsx", "vi"), ("csv", "vi")])
def test_export_then_import_loses_nothing(tmp_path: Path, fmt: str, lang: str) -> None:
    source = tmp_path / "source.db"
    with open_store(source) as store:
        generate(store, enterprises=120, visits=0, seed=5, today=date(2025, 6, 30))
        # Fields the demo leaves empty, so that every exported field is compared.
        first = store.enterprises.search("", limit=3).items
        store.enterprises.update(
            first[0].id,
            {"email": "htx@example.vn", "ocop_expiry": "2026-12-31", "old_address": "Xã cũ"},
        )
        store.enterprises.update(
            first[1].id,
            {
                "ocop_stars": 5,
                "ocop_expiry": "2027-01-15",
                "founded_on": "2009-04-01",
                "notes": "Số điện thoại khác: 0912 000 111",
            },
        )
        store.enterprises.update(first[2].id, {"notes": "Giờ làm việc: 7h-17h, Chủ nhật nghỉ"})
        set_language(lang)
        try:
            if fmt == "xlsx":
                exported = tmp_path / "out.xlsx"
                write_workbook(store, exported, [enterprises_kind()])
            else:
                write_csv_folder(store, tmp_path / "csv", [enterprises_kind()])
                exported = tmp_path / "csv" / "enterprises.csv"
        finally:
            set_language("en")

    target = tmp_path / "target.db"
    with open_store(target) as store:
        report = import_enterprises(store, exported)
    assert report.written and not report.rejected and report.added == 120
    assert not report.ignored_columns

    before, after = _rows(source), _rows(target)
    assert before.keys() == after.keys()
    for record_id, row in before.items():
        again = after[record_id]
        for name in ENTERPRISE_FIELDS:
            assert again[name] == row[name], (name, row["name"])
        assert again["created_at"][:10] == row["created_at"][:10]
