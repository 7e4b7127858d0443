"""One score, one rounding: the audit screen, the PDF and the exports say the same %
(the screen once said 62% where the PDF said 62,5%), and the rating band is marked
provisional until every item is scored (issue 12)."""

from __future__ import annotations

import csv
from pathlib import Path

from pypdf import PdfReader

from field_app.cli import main
from field_app.i18n import set_language
from field_app.reports.record_pdf import write_record_pdf
from field_app.store import open_store
from tests.screens.conftest import make_app, quick_keys, screen_name, type_text, wait_for

SIZE = (120, 36)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


async def test_the_screen_the_pdf_and_the_csv_round_a_score_alike(
    demo_db: Path, tmp_path: Path
) -> None:
    with open_store(demo_db, "Nguyễn Văn An") as store:
        ent_id = store.enterprises.add(
            {"name": "Công ty TNHH Gỗ Pilot Na Sầm", "commune": "Chi Lăng"}
        ).id
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: app.plugins_loaded)
        from screens.start_checklist import StartChecklistScreen

        await app.push_screen(StartChecklistScreen("audit_5s", ent_id))
        start = app.screen
        await wait_for(pilot, lambda: bool(start.forms), what="forms")
        await type_text(pilot, "Xuong go")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "Audit5SScreen", what="form")
        form = app.screen
        await wait_for(pilot, lambda: form.record is not None, what="record")
        assert len(form.template.items()) == 16
        await pilot.press("4")
        summary = str(form.query_one("#summary").render())
        # One item scored: the band is no verdict yet.
        assert "Đẳng cấp thế giới (tạm tính)" in summary
        # 10 x 4 and 6 x 0: 40 / 64 = 62.5 %.
        await quick_keys(pilot, *["4"] * 9, *["0"] * 6)
        await pilot.pause(0.2)
        summary = str(form.query_one("#summary").render())
        assert "16 trên 16" in summary or "16/16" in summary
        assert "62,5%" in summary
        assert "Trung bình" in summary and "tạm tính" not in summary
        record_id = form.record.id
        await wait_for(pilot, lambda: not form.unsaved, what="autosave")
    set_language("vi")
    with open_store(demo_db, "Nguyễn Văn An") as store:
        out = write_record_pdf(store, "audit_5s", record_id, tmp_path / "audit.pdf")
    text = _pdf_text(out)
    assert "62,5%" in text and "Trung bình" in text and "tạm tính" not in text
    folder = tmp_path / "csv"
    assert main(["--db", str(demo_db), "--lang", "vi", "export", str(folder), "--format", "csv",
                 "--quiet"]) == 0  # fmt: skip
    sheet = next(p for p in folder.iterdir() if "5s" in p.name.lower() and "item" not in p.name)
    with sheet.open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if record_id in r]
    assert rows and "62.5" in rows[0] and "Trung bình" in rows[0]


async def test_a_draft_pdf_marks_the_band_provisional(demo_db: Path, tmp_path: Path) -> None:
    from datetime import date

    with open_store(demo_db, "Nguyễn Văn An") as store:
        ent_id = store.enterprises.add({"name": "Hộ kinh doanh Pilot Bắc Sơn"}).id
        draft = store.audits_5s.save_draft(
            {
                "enterprise_id": ent_id,
                "template_id": "5s-office",
                "template_version": 1,
                "area": "Kho",
                "audit_date": date(2026, 3, 10),
                "auditors": ["Nguyễn Văn An"],
                "items": [{"item_id": "off-s1-1", "score": 4}],
            }
        )
        set_language("vi")
        out = write_record_pdf(store, "audit_5s", draft.id, tmp_path / "draft.pdf")
    assert "(tạm tính)" in _pdf_text(out)


def test_the_vietgap_pdf_says_its_percent_counts_recommended_criteria(
    demo_db: Path, tmp_path: Path
) -> None:
    from datetime import date

    with open_store(demo_db, "Nguyễn Văn An") as store:
        ent_id = store.enterprises.add({"name": "Hợp tác xã Rau Pilot Văn Quan"}).id
        draft = store.vietgap_checks.save_draft(
            {
                "enterprise_id": ent_id,
                "template_id": "vietgap-crop",
                "template_version": 1,
                "scope": "Rau cải",
                "check_date": date(2026, 3, 10),
                "auditors": ["Nguyễn Văn An"],
            }
        )
        set_language("vi")
        out = write_record_pdf(store, "vietgap_check", draft.id, tmp_path / "check.pdf")
    text = _pdf_text(out)
    assert "chỉ tính các tiêu chí khuyến khích" in text
