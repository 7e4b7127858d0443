"""Snapshots of the main screens in Vietnamese and English (fixed date and data).

Update after an intended change with: pytest tests/screens/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from field_app.store import open_store
from screens.enterprise_detail import EnterpriseDetailScreen
from screens.widgets.result_list import ResultList
from tests.screens.conftest import make_app, screen_name, type_text, wait_for

LANGS = ["vi", "en"]
SIZES = [(80, 24), (120, 36)]
"""The smallest terminal officers use, and a common laptop one."""
size = pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])


async def steady(pilot: Pilot) -> None:
    """Stop cursors blinking so the picture does not depend on the moment it is taken."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause(0.1)


async def _home(pilot: Pilot) -> None:
    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await wait_for(pilot, lambda: str(pilot.app.screen.query_one("#counts").render()))
    await wait_for(pilot, lambda: pilot.app.plugins_loaded and pilot.app.screen.query("#drafts"))
    await pilot.pause(0.5)  # panels from other areas load in their own workers
    await steady(pilot)


@pytest.fixture(autouse=True)
def own_widgets_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pictures of this area's screens only. Other areas' home panels and status-bar
    widgets have their own tests; here they would make the picture depend on timers
    (the sync indicator refreshes every second) and on whether their modules were
    already imported by an earlier test (then they are composed at once, otherwise
    mounted later), and one panel does not fix the order of equal-dated rows."""
    import importlib

    from screens import home, registry

    for module in registry.SCREEN_MODULES:  # register everything first, then hide it
        importlib.import_module(module)
    monkeypatch.setattr(registry, "HOME_SECTIONS", [])
    monkeypatch.setattr(home, "HOME_SECTIONS", registry.HOME_SECTIONS)
    monkeypatch.setattr(registry, "STATUS_WIDGETS", [])


@size
@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=_home)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_registry_search(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot) -> None:
        await _home(pilot)
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.communes)
        await type_text(pilot, "lạng sơn")
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation > 1)
        await pilot.press("down", "down")
        assert screen.query_one(ResultList).cursor == 1
        await steady(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_enterprise_detail(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    with open_store(demo_db) as store:
        ent_id = store.enterprises.search("dong dang").items[0].id

    async def run(pilot: Pilot) -> None:
        await _home(pilot)
        await pilot.app.push_screen(EnterpriseDetailScreen(ent_id))
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.data is not None)
        await pilot.press("end", "ctrl+u")  # clear the name: the field says what to fix
        await steady(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_visit_form(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    with open_store(demo_db) as store:
        ent_id = store.enterprises.search("dong dang").items[0].id

    async def run(pilot: Pilot) -> None:
        await _home(pilot)
        pilot.app.new_visit(ent_id)
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        form = pilot.app.screen
        await wait_for(pilot, lambda: form.visit is not None and not form._loading)
        # Key by key, waiting after each (not type_text's burst): the form scrolls as
        # the date's problem line appears and the findings grow, and a burst left the
        # picture one line further down on a loaded machine.
        await pilot.press(*"31/02")  # an impossible date, shown at once
        await wait_for(pilot, lambda: form.date_errors, what="the date's problem")
        form.query_one("#f-findings").focus()
        await pilot.wait_for_scheduled_animations()
        await pilot.press(*"Kho nguyên liệu còn lẫn vật tư hỏng.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not form.unsaved)
        await steady(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


def _draft_like_the_last(db: Path, repo: str, subject: str, answers: list[dict]) -> str:
    """A draft on the same form and subject as the demo's latest completed record of
    this kind (so the 5S screen shows its comparison), dated the fixed test day."""
    from tests.screens.conftest import TODAY

    with open_store(db, "Nguyễn Văn An") as store:
        repository = getattr(store, repo)
        last = repository.recent(1)[0]
        data = {
            "enterprise_id": last.enterprise_id,
            "template_id": last.template_id,
            "template_version": last.template_version,
            subject: getattr(last, subject),
            "auditors": ["Nguyễn Văn An"],
            "audit_date" if repo == "audits_5s" else "check_date": TODAY,
        }
        template = repository.template_of(last)
        ids = [item.id for _s, item in template.items()]
        items = [{**a, "item_id": ids[i]} for i, a in enumerate(answers)]
        data["items" if repo == "audits_5s" else "results"] = items
        return repository.save_draft(data).id


async def _form(pilot: Pilot, screen) -> None:
    await _home(pilot)
    await pilot.app.push_screen(screen)
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.record is not None)
    await pilot.pause(0.3)  # the summary is drawn after the first layout
    await steady(pilot)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_audit_5s_form(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    from screens.audit_5s import Audit5SScreen

    scores = [4, 3, 1, None, 2, 4, 0, 3]
    answers = [{"score": s} if s is not None else {"not_applicable": True} for s in scores]
    draft = _draft_like_the_last(demo_db, "audits_5s", "area", answers)

    async def run(pilot: Pilot) -> None:
        await _form(pilot, Audit5SScreen(draft))

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_vietgap_check_form(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    from screens.vietgap_check import VietGAPScreen

    outcomes = ["pass", "pass", "fail", "na", "pass", "fail", "pass"]
    draft = _draft_like_the_last(demo_db, "vietgap_checks", "scope", [
        {"outcome": o, "evidence": "Sổ ghi chép đầy đủ" if o == "pass" else ""} for o in outcomes
    ])  # fmt: skip

    async def run(pilot: Pilot) -> None:
        await _form(pilot, VietGAPScreen(draft))

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_actions_list(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot) -> None:
        await _home(pilot)
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen_name(pilot) == "ActionsListScreen")
        await wait_for(pilot, lambda: pilot.app.screen.loaded >= 1)
        await steady(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_sync_screen(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot) -> None:
        await _home(pilot)
        await pilot.app.open("sync")  # F10 belongs to the status widget, hidden here
        # Not enrolled: the enrolment form opens on top; Escape shows the sync screen.
        await wait_for(pilot, lambda: screen_name(pilot) == "EnrolScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "SyncScreen")
        await wait_for(pilot, lambda: pilot.app.screen.status is not None)
        await steady(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)


@size
@pytest.mark.parametrize("lang", LANGS)
def test_programme_report(snap_compare, demo_db: Path, lang: str, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot) -> None:
        await _home(pilot)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "computed", 0) >= 1)
        await pilot.pause(0.2)
        await steady(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=size, run_before=run)
