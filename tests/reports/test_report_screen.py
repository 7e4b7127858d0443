"""The programme report screen, driven by keys through Textual's Pilot."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import openpyxl
from textual.pilot import Pilot
from textual.widgets import DataTable

from field_app.settings import Settings, Targets
from field_app.store import open_store
from screens.app import FieldApp
from tests.reports.test_programme import build


async def wait_until(pilot: Pilot, condition, what: str, timeout: float = 15.0) -> None:
    """Let the app run until `condition()` holds (workers answer by messages)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)
    await pilot.pause()


def rows(table: DataTable) -> dict[str, list[str]]:
    """Indicator label (without its footnote number) -> the other cells, as shown."""
    shown = {}
    for key in table.rows:
        cells = [str(c) for c in table.get_row(key)]
        shown[re.sub(r" \(\d+\)$", "", cells[0].strip())] = cells[1:]  # no footnote mark
    return shown


async def test_report_screen_shows_the_year_and_saves_it(db_path: Path) -> None:
    with open_store(db_path, "Nguyễn Văn An") as store:
        build(store)
    settings = Settings(officer_name="Nguyễn Văn An", targets=Targets(enterprises_supported=4))
    app = FieldApp(db_path, lang="en", today=date(2025, 11, 15), settings=settings)
    async with app.run_test(size=(130, 45)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", "home")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: getattr(app.screen, "computed", 0) >= 1, "the 2025 figures")
        screen = app.screen
        table = screen.query_one("#report-table", DataTable)
        shown = rows(table)
        supported = shown["Enterprises, cooperatives and households supported"]
        assert supported == ["3 units", "4 units", "75%"]
        assert shown["Support paid"][0] == "70,000,000 VND"
        assert shown["Average 5S score of the year's audits"][0] == "75.0%"
        await pilot.press("minus")  # the year before
        await wait_until(pilot, lambda: screen.computed >= 2, "the 2024 figures")
        assert screen.report.year == 2024
        assert rows(table)["Site visits made"][0] == "1 site visit"  # A's visit of 31/12/2024
        await pilot.press("s")
        saved = db_path.parent / "programme-2024.xlsx"
        await wait_until(pilot, saved.exists, "the workbook")
        sheet = openpyxl.load_workbook(saved).active
        assert "2024" in sheet["A1"].value
    app.store.close()
