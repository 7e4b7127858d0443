"""At 80 columns the footer shows the keys that matter, whole: F1 and Ctrl+Q on every
screen, F5 on a form; the rest stay in F1's list and the palette."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from field_app.store import open_store
from tests.screens.conftest import make_app, screen_name, wait_for


def footer_keys(pilot: Pilot) -> tuple[list[FooterKey], FooterKey | None]:
    keys = list(pilot.app.screen.query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    return [k for k in keys if not k.has_class("-command-palette")], (
        palette[0] if palette else None
    )


async def _check(pilot: Pilot, where: str, *must: str) -> None:
    await pilot.pause(0.4)
    keys, palette = footer_keys(pilot)
    shown = {k.key for k in keys}
    for key in ("f1", "ctrl+q", *must):
        assert key in shown, f"{key} missing from the footer of {where}: {sorted(shown)}"
    limit = palette.region.x if palette is not None else pilot.app.size.width
    for key in keys:
        assert key.region.right <= limit, f"{key.key} cut on {where}"
    # Nothing is lost: F1 lists the keys the footer had no room for.
    assert len(pilot.app.screen.active_bindings) >= len(keys)


async def test_the_keys_that_matter_fit_at_80_columns(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        enterprise = store.enterprises.search("dong dang").items[0].id
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: app.plugins_loaded)
        await _check(pilot, "home")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        await _check(pilot, "registry")
        app.new_visit(enterprise)
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        form = app.screen
        await wait_for(pilot, lambda: form.visit is not None)
        await _check(pilot, "visit form", "f5")
        for _ in range(5):  # a text area has the focus: still there
            await pilot.press("tab")
        await _check(pilot, "visit form (text area)", "f5")
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen_name(pilot) == "ActionsListScreen")
        await _check(pilot, "actions")
