"""No English in the Vietnamese interface: every screen, its F1 help and the command
palette are rendered and searched for Textual's own English texts (key descriptions,
the palette's placeholder and system commands), which reach the officer unless they
go through our catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from field_app.store import open_store
from screens import registry
from screens.textual_texts import ENGLISH_TEXTS
from tests.screens.conftest import make_app, quick_keys, screen_name, type_text, wait_for

SIZE = (120, 40)
OTHER_ENGLISH = ("Select", "SERVER_URL", "[M]", "[R]")
"""Other English the screens showed: a Select's prompt, the CLI's placeholders, the
VietGAP level marks. (Key names stay as printed on the keys: Esc, Tab, Enter.)"""


def screen_text(pilot: Pilot) -> str:
    """The text of the screen as drawn (every line of the terminal)."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def english_on_screen(text: str) -> set[str]:
    """Textual's English texts found as whole words in `text`."""
    found = set()
    for english in (*ENGLISH_TEXTS, *OTHER_ENGLISH):
        if re.search(rf"(?<![\w\[]){re.escape(english)}(?![\w\]])", text):
            found.add(english)
    return found


async def _check(pilot: Pilot, where: str) -> None:
    """The screen on top and its F1 help show no English."""
    await pilot.pause(0.3)
    seen = english_on_screen(screen_text(pilot))
    assert not seen, f"English on {where}: {sorted(seen)}"
    top = pilot.app.screen
    await pilot.press("f1")
    await wait_for(pilot, lambda: screen_name(pilot) == "HelpScreen", what=f"F1 on {where}")
    await pilot.pause(0.2)
    seen = english_on_screen(screen_text(pilot))
    assert not seen, f"English in the help of {where}: {sorted(seen)}"
    await pilot.press("escape")
    await wait_for(pilot, lambda: pilot.app.screen is top)


SCREEN_GROUPS = 3
"""The registered screens are looked at in this many tests (every third one each),
the record forms and the palette in one test each: one long test was the suite's
tail on several workers."""


@pytest.mark.parametrize("group", range(SCREEN_GROUPS))
async def test_no_english_on_the_registered_screens(demo_db: Path, group: int) -> None:
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: app.plugins_loaded)
        names = [name for name in registry.SCREENS if name != "home"]
        assert len(names) >= SCREEN_GROUPS * 2, "the screens registered themselves"
        if group == 0:
            await _check(pilot, "home")
        for name in names[group::SCREEN_GROUPS]:
            await app.open(name)
            await wait_for(pilot, lambda: screen_name(pilot) != "HomeScreen", what=name)
            # Let the screen load its data (workers), then look at it.
            await pilot.pause(0.5)
            await _check(pilot, name)
            await app.go_home()
            await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")


@pytest.mark.parametrize("where", ["enterprise detail", "visit form", "5S audit", "VietGAP check"])
async def test_no_english_on_the_record_forms(demo_db: Path, where: str) -> None:
    with open_store(demo_db) as store:
        enterprise = store.enterprises.search("dong dang").items[0].id
        audit = store.audits_5s.recent(1)
        check = store.vietgap_checks.recent(1)
        visit = store.visits.recent(1)
    assert audit and check and visit, "the demo data has a visit, a 5S audit and a VietGAP check"
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: app.plugins_loaded)
        from screens.enterprise_detail import EnterpriseDetailScreen
        from screens.visit_form import VisitFormScreen

        opens = {
            "enterprise detail": lambda: EnterpriseDetailScreen(enterprise),
            "visit form": lambda: VisitFormScreen(visit[0].id),
            "5S audit": lambda: registry.FORMS["audit_5s"].open(audit[0].id, False),
            "VietGAP check": lambda: registry.FORMS["vietgap_check"].open(check[0].id, False),
        }
        await app.push_screen(opens[where]())
        await pilot.pause(0.5)
        await _check(pilot, where)
        # The focused widget's own keys (Input, TextArea, OptionList) show too.
        for _ in range(3):
            await pilot.press("tab")
            seen = english_on_screen(screen_text(pilot))
            assert not seen, f"English on {where} with {app.focused}: {sorted(seen)}"


async def test_no_english_in_the_command_palette(demo_db: Path) -> None:
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: app.plugins_loaded)
        # The command palette: its placeholder and Textual's system commands.
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: screen_name(pilot) == "CommandPalette")
        await pilot.pause(0.5)
        text = screen_text(pilot)
        assert "Tìm lệnh" in text
        seen = english_on_screen(text)
        assert not seen, f"English in the palette: {sorted(seen)}"
        for query in ("phim", "giao dien", "thoat", "chup"):
            await type_text(pilot, query)
            await pilot.pause(0.4)
            text = screen_text(pilot)
            seen = english_on_screen(text)
            assert not seen, f"English in the palette for {query!r}: {sorted(seen)}"
            await quick_keys(pilot, *["backspace"] * len(query))
