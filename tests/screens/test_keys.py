"""Keys: F1 help per screen, the command palette reaching screens, Escape back."""

from __future__ import annotations

from pathlib import Path

from screens import registry
from tests.screens.conftest import make_app, screen_name, type_text, wait_for


async def test_f1_help_lists_the_screens_keys(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        await pilot.press("f1")
        await wait_for(pilot, lambda: screen_name(pilot) == "HelpScreen")
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Danh bạ doanh nghiệp" in text
        assert "lang son" in text  # the screen's own help
        assert "Thăm mới" in text and "Tìm" in text  # its keys, translated
        await pilot.press("escape")
        assert screen_name(pilot) == "EnterpriseListScreen"
        await pilot.press("escape")
        assert screen_name(pilot) == "HomeScreen"
        await pilot.press("escape")  # home is the bottom: Escape stays
        assert screen_name(pilot) == "HomeScreen"


async def test_palette_reaches_every_registered_screen(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: screen_name(pilot) == "CommandPalette")
        await type_text(pilot, "nhap danh sach")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "ImportScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # A main action, not only screens: "thăm mới" (new visit) asks for the enterprise.
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: screen_name(pilot) == "CommandPalette")
        await type_text(pilot, "tham moi")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        assert app.screen.pick


async def test_every_registered_screen_opens_as_itself(demo_db: Path) -> None:
    """Each name in the registry opens the screen its entry builds (not home, not help)."""
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # The other areas' screens register as their modules load, after home shows
        # (run first in a worker, this test saw only home's and help's).
        await wait_for(pilot, lambda: app.plugins_loaded, what="the screens' modules")
        names = list(registry.SCREENS)
        assert len(names) >= 6
        for name in names:
            expected = type(registry.SCREENS[name].factory(app)).__name__
            await app.open(name)

            def opened(expected: str = expected) -> bool:
                # A start-a-record screen may push the enterprise picker over itself.
                return expected in [type(s).__name__ for s in app.screen_stack[1:]]

            await wait_for(pilot, opened)
            assert opened(), name
            await app.go_home()
            await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")


async def test_english_interface(demo_db: Path) -> None:
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        assert app.screen.title == "Home"
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation)
        assert "enterprises" in str(screen.query_one("#result-count").render())
