"""Starting a record saves its draft in a worker and then opens it; a draft the store
refuses is said and nothing opens (one path for visits, checklists and courses)."""

from __future__ import annotations

from textual.app import App

from screens.draft_start import start_draft
from tests.screens.conftest import wait_for


async def test_a_saved_draft_opens_and_a_refused_one_is_said() -> None:
    opened: list[str] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        start_draft(app, lambda: "draft-1", opened.append)
        await wait_for(pilot, lambda: opened == ["draft-1"], what="the saved draft opened")

        def refused() -> str:
            raise ValueError("visit_date: ngày 31/02/2026 không có")

        start_draft(app, refused, opened.append)
        await wait_for(pilot, lambda: bool(app._notifications), what="the refusal shown")
        shown = [n.message for n in app._notifications]
        assert shown == ["visit_date: ngày 31/02/2026 không có"]
        await pilot.pause(0.1)
        assert opened == ["draft-1"]
