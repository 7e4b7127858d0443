"""Nothing the officer typed is lost, whatever way they leave (real keys through Pilot,
a real database on disk)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from field_app.models.visit import RecordStatus
from field_app.store import open_store
from tests.screens.conftest import burst, make_app, screen_name, tab_to, type_text, wait_for

SIZE = (120, 40)


def _two_enterprises(db: Path) -> tuple[str, str]:
    """Two cooperatives of the same province, the second with a tax code."""
    with open_store(db, "Nguyễn Văn An") as store:
        first = store.enterprises.add(
            {"name": "Hợp tác xã Chè Bản Mới", "province": "Lạng Sơn", "commune": "Chi Lăng"}
        )
        second = store.enterprises.add(
            {
                "name": "Hợp tác xã Chè Bản Cũ",
                "province": "Lạng Sơn",
                "commune": "Chi Lăng",
                "tax_code": "4900123456",
            }
        )
        return first.id, second.id


async def _open_detail(pilot: Pilot, enterprise_id: str) -> None:
    """Registry, search the enterprise's name, Enter: its page opens."""
    from screens.enterprise_detail import EnterpriseDetailScreen

    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await pilot.press("f3")
    await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    await pilot.app.push_screen(EnterpriseDetailScreen(enterprise_id))
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "data", None) is not None)


async def _retype(pilot: Pilot, widget_id: str, text: str) -> None:
    await tab_to(pilot, widget_id)
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)


async def test_escape_saves_the_profile_edits(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-representative", "Hoàng Thị Mai")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        assert store.enterprises.get(first).representative == "Hoàng Thị Mai"


async def test_f2_and_ctrl_q_save_the_profile_edits(demo_db: Path) -> None:
    first, second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-phone", "0912345678")
        await pilot.press("f2")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await _open_detail(pilot, second)
        await _retype(pilot, "f-address", "Thôn Bản Cũ")
        burst(pilot, "ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None, what="quit")
    with open_store(demo_db) as store:
        assert store.enterprises.get(first).phone == "0912345678"
        assert store.enterprises.get(second).address == "Thôn Bản Cũ"


async def test_another_screen_on_top_saves_the_profile_edits(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-sector", "Chế biến chè")
        await pilot.press("f3")  # the registry opens on top of the page
        await wait_for(
            pilot,
            lambda: screen_name(pilot) == "EnterpriseListScreen" and len(app.screen_stack) > 3,
        )
        # The save runs in a thread on the page below: wait for it to land, however
        # slow the disk (a fixed pause failed on a loaded machine).
        detail = app.screen_stack[-2]
        await wait_for(
            pilot,
            lambda: not [w for w in app.workers if w.node is detail and not w.is_finished],
            what="the page's save",
        )
        with open_store(demo_db) as store:
            assert store.enterprises.get(first).sector == "Chế biến chè"


async def test_leaving_with_an_invalid_field_asks_first(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        detail = app.screen
        await _retype(pilot, "f-representative", "Lê Văn Bình")
        await _retype(pilot, "f-email", "binh-at-gmail")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen")
        body = str(app.screen.query_one("#choice-body").render())
        assert "Thư điện tử" in body and "binh-at-gmail" in body
        await pilot.press("enter")  # the first answer: stay and fix
        await wait_for(pilot, lambda: app.screen is detail)
        assert app.focused is not None and app.focused.id == "f-email"
        assert detail.query_one("#f-representative", Input).value == "Lê Văn Bình"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen")
        await pilot.press("down", "enter")  # leave without saving
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        ent = store.enterprises.get(first)
        assert ent.representative != "Lê Văn Bình" and ent.email is None


async def test_a_duplicate_tax_code_warns_and_needs_confirmation(demo_db: Path) -> None:
    first, second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        detail = app.screen
        await _retype(pilot, "f-tax_code", "4900123456")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen")
        body = str(app.screen.query_one("#choice-body").render())
        assert "Hợp tác xã Chè Bản Cũ" in body and "4900123456" in body
        with open_store(demo_db) as store:  # nothing saved while the question is open
            assert store.enterprises.get(first).tax_code is None
        await pilot.press("enter")  # open the other enterprise instead
        await wait_for(pilot, lambda: getattr(app.screen, "enterprise_id", None) == second)
        await wait_for(pilot, lambda: app.screen.data is not None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is detail)
        # Still unsaved; Escape asks again, and this time the officer confirms.
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen")
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.option_count == 3
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        assert store.enterprises.get(first).tax_code == "4900123456"
        note = json.loads(store.get_meta(f"duplicate_tax_code:{first}") or "{}")
        assert note["tax_code"] == "4900123456" and note["by"] == "Nguyễn Văn An"


async def test_the_registry_shows_a_saved_profile_at_once(demo_db: Path) -> None:
    _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        registry = app.screen
        await type_text(pilot, "ban moi")
        await wait_for(pilot, lambda: registry.shown_generation == registry.generation > 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "data", None) is not None)
        await _retype(pilot, "f-name", "Hợp tác xã Chè Bản Mới Chi Lăng")
        await pilot.press("ctrl+s")
        results = registry.query_one("#results")
        await wait_for(
            pilot,
            lambda: (
                results.highlighted is not None
                and results.highlighted.name == "Hợp tác xã Chè Bản Mới Chi Lăng"
            ),
            what="the registry row to follow the saved name",
        )


async def _new_visit(pilot: Pilot, query: str):
    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await pilot.press("f4")
    await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    picker = pilot.app.screen
    await type_text(pilot, query)
    await wait_for(pilot, lambda: picker.shown_generation == picker.generation > 1)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.visit is not None and not form._loading)
    return form


async def test_typing_then_f5_at_once_completes_what_the_form_shows(demo_db: Path) -> None:
    _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await _new_visit(pilot, "ban moi")
        await tab_to(pilot, "f-findings")
        await type_text(pilot, "Kho chè gọn gàng.")
        await wait_for(pilot, lambda: not form.unsaved, timeout=3, what="autosave")
        await tab_to(pilot, "f-follow_up_date")
        burst(pilot, *"30/04/2026", "f5")
        await wait_for(pilot, lambda: not form.is_draft, what="completion")
        visit_id = form.visit_id
    with open_store(demo_db) as store:
        visit = store.visits.get(visit_id)
        assert visit.status == RecordStatus.COMPLETED
        assert visit.follow_up_date is not None
        assert visit.follow_up_date.isoformat() == "2026-04-30"


async def test_a_burst_into_a_new_draft_then_ctrl_q_is_kept(demo_db: Path) -> None:
    _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await _new_visit(pilot, "ban moi")
        await tab_to(pilot, "f-findings")
        burst(pilot, *"Mới", "ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None, what="quit")
        visit_id = form.visit_id
    with open_store(demo_db) as store:
        visit = store.visits.get(visit_id)
        assert visit is not None, "the typed draft was thrown away as untouched"
        assert visit.findings == "Mới"


async def test_f7_works_from_a_text_area(demo_db: Path) -> None:
    _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await _new_visit(pilot, "ban moi")
        await tab_to(pilot, "f-findings")
        await pilot.press("f7")
        await wait_for(pilot, lambda: app.screen is not form, what="F7's screen")


async def test_f4_on_an_enterprise_with_a_draft_offers_to_continue_it(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    with open_store(demo_db, "Nguyễn Văn An") as store:
        draft = store.visits.save_draft({"enterprise_id": first, "visit_date": "12/03/2026"})
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await pilot.press("f4")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen")
        assert "12/03/2026" in str(app.screen.query_one("#choice-body").render())
        await pilot.press("enter")  # continue it
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        assert app.screen.visit_id == draft.id
