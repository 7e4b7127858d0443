"""`field-app status` in text form writes drafts per kind as a person would, in the
interface language, never as a Python dict."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from field_app.cli import main
from field_app.store import open_store


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "2 chuyến thăm, 1 đánh giá 5S"), ("en", "2 visits, 1 5S audit")],
)
def test_drafts_by_kind_reads_as_a_sentence(
    db_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    with open_store(db_path, "An") as store:
        ent = store.enterprises.add({"name": "Hợp tác xã Chè Pilot"}).id
        for _n in range(2):
            store.visits.save_draft({"enterprise_id": ent, "visit_date": "16/03/2026"})
        store.audits_5s.save_draft(
            {
                "enterprise_id": ent,
                "template_id": "5s-office",
                "template_version": 1,
                "area": "Kho",
                "audit_date": date(2026, 3, 16),
                "auditors": ["An"],
            }
        )
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", lang, "status"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("drafts_by_kind"))
    assert line.split(None, 1)[1] == expected
    assert "{" not in line


def test_no_drafts_says_none(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "--lang", "vi", "status"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("drafts_by_kind"))
    assert line.split(None, 1)[1] == "không có"
