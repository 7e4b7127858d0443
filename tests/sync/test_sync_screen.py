"""The sync status line, the sync screen (F10) and 'sync now', with keys only,
against a real server."""

from __future__ import annotations

from pathlib import Path

from screens.sync_status import describe
from sync.status import SyncStatus
from tests.screens.conftest import make_app, screen_name, wait_for
from tests.sync.conftest import add_enterprise, add_visit, enrolled


def test_status_line_says_when_automatic_sync_keeps_failing() -> None:
    status = SyncStatus(True, 2, 0, 0, "2026-11-20T10:42:00.000Z", None, False, False)
    assert "failed" not in describe(status, False, failures=1)
    line = describe(status, False, failures=3)
    assert "sync error" in line and "failed 3 times in a row" in line


async def test_status_line_sync_now_and_refused_list(hq, hq_db: Path, make_device) -> None:
    device = make_device("a")
    enrolled(device, hq_db, hq.url)
    inside = add_enterprise(device)
    outside = device.enterprises.add({"name": "HTX Cà phê", "province": "Đắk Lắk"}).id
    add_visit(device, inside)
    db = device.path
    device.close()
    app = make_app(db, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # Enrolled: the background scheduler syncs on start by itself.
        await wait_for(
            pilot,
            lambda: app.store.outbox.pending_count() == 0,
            timeout=20,
            what="automatic sync on start",
        )
        indicator = app.screen.query_one("SyncIndicator")
        await wait_for(pilot, lambda: "0 waiting" in str(indicator.render()), timeout=10)
        assert "1 refused" in str(indicator.render())
        await pilot.press("f10")
        await wait_for(pilot, lambda: screen_name(pilot) == "SyncScreen")
        refused = app.screen.query_one("#sync-rejected")
        await wait_for(pilot, lambda: "outside your province" in str(refused.render()))
        assert outside[-12:] in str(refused.render())
        # A new save, then "sync now" sends it at once.
        app.store.visits.complete(
            app.store.visits.save_draft(
                {
                    "enterprise_id": inside,
                    "visit_date": "2026-11-21",
                    "officers": ["An"],
                    "findings": "Đã sắp xếp lại kho.",
                }
            ).id
        )
        assert app.store.outbox.pending_count() == 1
        await pilot.press("s")
        await wait_for(
            pilot, lambda: app.store.outbox.pending_count() == 0, timeout=20, what="sync now"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
