"""The PDF report key (R) on the 5S audit and VietGAP check screens, and the palette
command for the open site visit: a real PDF in the reports folder beside the database,
whose extracted text names the enterprise exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from textual.command import CommandList

from field_app.store import open_store
from tests.screens.conftest import TODAY, make_app, paste, screen_name, wait_for
from tests.screens.test_audits import SIZE, _new_enterprise, _start


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


async def test_r_writes_the_5s_audit_report_of_the_draft_on_screen(demo_db: Path) -> None:
    name = "Công ty TNHH Đúc Đồng Pilot Hữu Lũng"
    _new_enterprise(demo_db, name)
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        form = await _start(pilot, "f8", "duc dong pilot", "Xuong duc", "Audit5SScreen")
        await pilot.press("4", "3", "0")
        await pilot.press("r")  # before the autosave: the report still shows these scores
        await wait_for(pilot, lambda: form.last_report is not None, timeout=60, what="PDF")
        first = form.last_report
        await pilot.press("r")
        await wait_for(pilot, lambda: form.last_report != first, timeout=60, what="2nd PDF")
        second = form.last_report
    assert first.parent == demo_db.parent / "reports"
    assert first.name == f"cong-ty-tnhh-duc-dong-pilot-huu-lung_5s_{TODAY.isoformat()}.pdf"
    assert second.name == first.name.replace(".pdf", "_2.pdf")  # never overwrites
    text = _text(first)
    assert name in text
    assert "Sàng lọc" in text and "Xuong duc" in text
    assert not list(first.parent.glob("*.part"))


async def test_r_writes_the_vietgap_report_with_the_failing_criterion(demo_db: Path) -> None:
    name = "Hợp tác xã Chè Pilot Đình Lập"
    _new_enterprise(demo_db, name)
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        form = await _start(pilot, "f9", "che pilot", "Che 3 ha", "VietGAPScreen")
        await pilot.press("f")
        await pilot.pause(0.7)  # the autosave lands first this time
        await pilot.press("r")
        await wait_for(pilot, lambda: form.last_report is not None, timeout=60, what="PDF")
        path = form.last_report
    assert path.name.endswith(f"_vietgap_{TODAY.isoformat()}.pdf")
    text = " ".join(_text(path).split())
    with open_store(demo_db) as store:
        criterion = store.templates.get("vietgap-crop").item("vg-1.1").text_en
    # The failing criterion is listed by its printed number and text, never its id.
    assert name in text and f"1.1 {' '.join(criterion.split())}" in text
    assert "vg-1.1" not in text


async def test_the_palette_writes_the_report_of_the_open_visit(demo_db: Path) -> None:
    name = "Hộ kinh doanh Bánh Pilot Cao Lộc"
    ent_id = _new_enterprise(demo_db, name)
    with open_store(demo_db, "Nguyễn Văn An") as store:
        visit = store.visits.save_draft(
            {
                "enterprise_id": ent_id,
                "visit_date": date(2026, 3, 10),
                "officers": ["Nguyễn Văn An"],
                "findings": "Nhà xưởng sạch sẽ",
            }
        )
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        from screens.visit_form import VisitFormScreen

        await app.push_screen(VisitFormScreen(visit.id))
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: screen_name(pilot) == "CommandPalette")
        await paste(pilot, "bao cao pdf cua chuyen tham")  # typing it: tests/screens/test_keys.py
        hits = app.screen.query_one(CommandList)

        def found() -> bool:  # the search has run: this visit's report is the first hit
            return hits.option_count > 0 and "chuyến thăm này" in str(
                hits.get_option_at_index(0).prompt
            )

        await wait_for(pilot, found, what="the palette's hit")
        await pilot.press("enter")
        folder = demo_db.parent / "reports"
        await wait_for(pilot, lambda: any(folder.glob("*.pdf")), timeout=60, what="PDF")
    (path,) = folder.glob("*.pdf")
    assert path.name == "ho-kinh-doanh-banh-pilot-cao-loc_visit_2026-03-10.pdf"
    text = _text(path)
    assert name in text and "Nhà xưởng sạch sẽ" in text
