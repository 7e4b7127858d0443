"""The CSV export never hands a spreadsheet a formula (OWASP's CSV injection advice)."""

from __future__ import annotations

import csv
from pathlib import Path

from field_app.store import open_store
from tests.reports.conftest import Cli

DANGEROUS = {
    '=HYPERLINK("http://evil.example","Bấm vào")': "'=HYPERLINK(",
    "+84 cooperative": "'+84",
    "-2+3 cooperative": "'-2+3",
    "@SUM(A1) cooperative": "'@SUM",
}


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, cli: Cli) -> None:
    db = tmp_path / "field.db"
    with open_store(db, "Tester") as store:
        for name in DANGEROUS:
            store.enterprises.add({"name": name, "province": "Lạng Sơn", "commune": "Xã A"})
        store.enterprises.add(
            {"name": "HTX Chè", "province": "Lạng Sơn", "commune": "=cmd|' /C calc'!A0"}
        )
    folder = tmp_path / "csv"
    code, _out, err = cli("--db", db, "--lang", "en", "export", folder, "--format", "csv")
    assert code == 0, err
    with open(folder / "enterprises.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = {row["Name"] for row in rows}
    for name, start in DANGEROUS.items():
        assert "'" + name in names and ("'" + name).startswith(start)
    assert {row["Commune"] for row in rows} >= {"'=cmd|' /C calc'!A0"}
    # Nothing that reaches a cell starts with a formula character any more.
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
