"""Traps an officer met on the forms (issue 12): keys that acted where the officer was
typing, F8/F9 from an enterprise's page, and lists that showed stale profiles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from field_app.models.action import ActionStatus
from field_app.store import open_store
from screens.app import FieldApp
from screens.enterprise_detail import EnterpriseDetailScreen
from tests.screens.conftest import make_app, screen_name, type_text, wait_for

SIZE = (120, 36)


def _enterprise(db: Path, name: str) -> str:
    with open_store(db, "Nguyễn Văn An") as store:
        return store.enterprises.add({"name": name, "commune": "Chi Lăng"}).id


async def test_d_in_the_date_field_types_d_and_leaves_the_open_action_alone(
    demo_db: Path,
) -> None:
    ent_id = _enterprise(demo_db, "Hộ kinh doanh Bánh cuốn Pilot")
    with open_store(demo_db, "Nguyễn Văn An") as store:
        action = store.actions.add({"enterprise_id": ent_id, "what": "Dán nhãn hạn dùng"})
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        app.new_visit(ent_id)
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        form = app.screen
        await wait_for(pilot, lambda: form.query("#open-actions-panel"), what="panel")
        panel = form.query_one("#open-actions-panel")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "f-visit_date")
        date_box = app.focused
        await pilot.press("end", "d")
        await pilot.pause(0.3)
        assert date_box.value.endswith("d")
        assert panel.actions[action.id].status == ActionStatus.OPEN
        # The panel says how to reach it while the officer types elsewhere.
        hint = str(panel.query_one(".open-actions-hint").render())
        assert "Shift+Tab" in hint
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused.id == "open-actions"
        hint = str(panel.query_one(".open-actions-hint").render())
        assert "d" in hint and "Shift+Tab" not in hint
    with open_store(demo_db) as store:
        assert store.actions.get(action.id).status == ActionStatus.OPEN


async def _detail(pilot, ent_id: str) -> EnterpriseDetailScreen:
    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await wait_for(pilot, lambda: pilot.app.plugins_loaded)
    await pilot.app.push_screen(EnterpriseDetailScreen(ent_id))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.data is not None)
    return screen


async def test_f8_from_an_enterprise_page_offers_its_5s_draft(demo_db: Path) -> None:
    ent_id = _enterprise(demo_db, "Công ty TNHH May Pilot Kỳ Lừa")
    with open_store(demo_db, "Nguyễn Văn An") as store:
        draft = store.audits_5s.save_draft(
            {
                "enterprise_id": ent_id,
                "template_id": "5s-office",
                "template_version": 1,
                "area": "Xưởng cắt",
                "audit_date": date(2026, 3, 10),
                "auditors": ["Nguyễn Văn An"],
            }
        )
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await _detail(pilot, ent_id)
        await pilot.press("f8")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen", what="offer")
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "10/03/2026" in text
        await pilot.press("enter")  # the first choice: continue the draft
        await wait_for(pilot, lambda: screen_name(pilot) == "Audit5SScreen", what="audit form")
        assert app.screen.record_id == draft.id


async def test_f9_from_an_enterprise_page_starts_for_that_enterprise(demo_db: Path) -> None:
    ent_id = _enterprise(demo_db, "Hợp tác xã Rau Pilot Mai Pha")
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await _detail(pilot, ent_id)
        await pilot.press("f9")
        await wait_for(pilot, lambda: screen_name(pilot) == "StartChecklistScreen", what="start")
        assert app.screen.enterprise_id == ent_id


async def test_the_registry_list_shows_a_saved_name_on_return(demo_db: Path) -> None:
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        listing = app.screen
        await type_text(pilot, "dong dang")
        await wait_for(pilot, lambda: listing.shown_generation == listing.generation > 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseDetailScreen")
        detail = app.screen
        await wait_for(pilot, lambda: detail.data is not None)
        name_box = detail.query_one("#f-name")
        name_box.focus()
        await pilot.press("end")
        await type_text(pilot, " Mới")
        await pilot.press("escape")  # leaving saves what is pending
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        from screens.widgets.result_list import ResultList

        results = listing.query_one(ResultList)
        await wait_for(
            pilot,
            lambda: " Mới" in (results.highlighted.name if results.highlighted else ""),
            what="new name in the list",
        )


async def _report_fits(app: FieldApp, lang: str) -> None:
    from textual.widgets import DataTable

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: getattr(app.screen, "computed", 0) >= 1, what="report")
        await pilot.pause(0.2)
        table = app.screen.query_one("#report-table", DataTable)
        # Every column, "% reached" the last, fits without scrolling sideways.
        assert table.virtual_size.width <= table.scrollable_content_region.width, lang
        assert table.max_scroll_x == 0, lang
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[-1] in ("Reached", "Đạt"), labels
        # Long indicator names wrap onto more lines, never cut.
        first = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert not any(cell.endswith("…") for cell in first)


async def test_the_programme_report_keeps_its_reached_column_at_80x24(demo_db: Path) -> None:
    for lang in ("vi", "en"):
        await _report_fits(make_app(demo_db, lang=lang), lang)
