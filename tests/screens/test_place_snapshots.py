"""Pictures of the place chooser on the welcome screen, in Vietnamese: the suggestion
list while typing, and the note once a pre-2025 province was mapped.

Update after an intended change with:
pytest tests/screens/test_place_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from field_app.settings import Settings
from tests.screens.conftest import make_app, screen_name, type_text, wait_for
from tests.screens.test_snapshots import own_widgets_only, size, steady

__all__ = ["own_widgets_only"]  # the fixture hides other areas' timed widgets here too


async def _typing(pilot: Pilot, province: str, *keys: str) -> None:
    await wait_for(pilot, lambda: screen_name(pilot) == "WelcomeScreen")
    await type_text(pilot, "Hoàng Thị Mai")
    await pilot.press("tab")
    await type_text(pilot, province)
    await pilot.press(*keys)
    await steady(pilot)


@size
@pytest.mark.parametrize(
    ("province", "keys"),
    [("ha", ("down",)), ("ha giang", ("tab",))],
    ids=["suggestions", "former-province"],
)
def test_welcome_province(
    snap_compare, tmp_path: Path, size: tuple[int, int], province: str, keys: tuple[str, ...]
) -> None:
    app = make_app(tmp_path / "new.db", "vi", settings=Settings())

    async def run(pilot: Pilot) -> None:
        await _typing(pilot, province, *keys)

    assert snap_compare(app, terminal_size=size, run_before=run)
