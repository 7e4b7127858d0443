"""The report of a checklist kind added the recipe's way (tests/iso_gap_kind.py): its
report module, in a temporary folder of `field_app.reports`, declares its writer, and
`field-app report` offers the kind's command and writes its PDF."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import field_app.reports
from field_app.store import open_store
from tests.iso_gap_kind import completed_check, iso_gap
from tests.reports.conftest import Cli
from tests.reports.test_pdf import text_of

__all__ = ["iso_gap"]  # the fixture

REPORT_MODULE = """
from __future__ import annotations

from pathlib import Path
from typing import Any

from field_app.reports.blocks import open_report, sign_off


def iso_gap_report(store: Any, record_id: str, path: Path) -> Path:
    check = store.iso_gaps.get(record_id)
    doc = open_report(store, "Đánh giá khoảng cách ISO 9001", check, check.check_date)
    doc.heading("Phạm vi")
    doc.paragraph(check.scope)
    doc.heading("Khoảng cách")
    doc.paragraph(", ".join(a.item_id for a in check.answers if a.met is False))
    sign_off(doc, store.enterprises.get(check.enterprise_id), check.auditors, "Auditor")
    return doc.save(path)


PDF_WRITERS = {"iso_gap": iso_gap_report}
"""


@pytest.fixture
def report_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The kind's report module, in a temporary folder of `field_app.reports`."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "iso_gap_report.py").write_text(textwrap.dedent(REPORT_MODULE), encoding="utf-8")
    package = field_app.reports
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])
    yield
    sys.modules.pop("field_app.reports.iso_gap_report", None)


def test_a_new_kind_s_report_is_found_and_written(
    iso_gap: Any, report_module: None, tmp_path: Path, db_path: Path, cli: Cli
) -> None:
    with open_store(db_path, "Nguyễn Văn An") as store:
        done = completed_check(store, iso_gap)

    out = tmp_path / "gap.pdf"
    code, _out, err = cli("--db", db_path, "report", "isogap", done.id, "-o", out)
    assert code == 0, err
    text = text_of(out)
    assert "Đánh giá khoảng cách ISO 9001" in text and "Công ty TNHH Minh Đức" in text
    assert "Xưởng may" in text and "iso-4.2" in text and "iso-4.1" not in text
