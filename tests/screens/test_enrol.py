"""Enrolling from inside the interface (F10 on a laptop not enrolled yet), against a
real field-hq on a loopback port; the sync screen before enrolment."""

from __future__ import annotations

from pathlib import Path

from field_app.settings import Settings, load_settings
from sync.server.officers import add_officer
from sync.server.storage import HQStore
from tests.screens.conftest import make_app, screen_name, type_text, wait_for
from tests.sync.conftest import hq, hq_db, hq_engine  # noqa: F401  (fixtures: a real server)

SIZE = (120, 40)


def _code(db: Path, name: str = "Phạm Thu Hà", province: str = "Lạng Sơn") -> str:
    store = HQStore(db)
    try:
        return add_officer(store, name, province)
    finally:
        store.close()


async def _open_enrolment(pilot) -> None:
    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await wait_for(pilot, lambda: pilot.app.plugins_loaded)
    await pilot.press("f10")
    await wait_for(pilot, lambda: screen_name(pilot) == "EnrolScreen", what="the enrolment form")


async def test_f10_offers_enrolment_and_it_fills_the_officer(
    demo_db: Path,
    hq,  # noqa: F811
    hq_db: Path,  # noqa: F811
) -> None:
    code = _code(hq_db)
    app = make_app(demo_db, settings=Settings(officer_name="", province=""))
    async with app.run_test(size=SIZE) as pilot:
        await _open_enrolment(pilot)
        form = app.screen
        assert "Trụ sở cấp cho bạn" in str(form.query_one("#enrol-intro").render())
        # A wrong code: headquarters' refusal, in Vietnamese, and the form stays.
        await type_text(pilot, hq.url)
        await pilot.press("enter")
        await type_text(pilot, "SAI-MA-123")
        await pilot.press("enter")
        state = form.query_one("#enrol-state")
        await wait_for(
            pilot,
            lambda: "Chưa đăng ký được" in str(state.render()),
            timeout=20,
            what=lambda: str(state.render()),
        )
        assert "trụ sở không biết mã này" in str(state.render())
        assert app.screen is form
        await pilot.press("ctrl+u")
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "SyncScreen", timeout=20)
    settings = load_settings()
    assert settings.officer_name == "Phạm Thu Hà"
    assert settings.province == "Lạng Sơn"


async def test_enrolment_keeps_a_name_already_set_and_checks_the_address(
    demo_db: Path,
    hq,  # noqa: F811
    hq_db: Path,  # noqa: F811
) -> None:
    code = _code(hq_db)
    app = make_app(demo_db, settings=Settings(officer_name="Nguyễn Văn An", province=""))
    async with app.run_test(size=SIZE) as pilot:
        await _open_enrolment(pilot)
        form = app.screen
        await type_text(pilot, "hq.example")
        await pilot.press("enter")
        await type_text(pilot, code)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert "https://" in form.query_one("#ef-server").error
        await pilot.press("shift+tab", "ctrl+u")
        await type_text(pilot, hq.url)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen_name(pilot) == "SyncScreen", timeout=20)
    settings = load_settings()
    assert settings.officer_name == "Nguyễn Văn An"
    assert settings.province == "Lạng Sơn"


async def test_the_sync_screen_before_enrolment_shows_pending_and_says_why(
    demo_db: Path,
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_enrolment(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "SyncScreen")
        sync = app.screen
        state = sync.query_one("#sync-state")
        pending = app.store.outbox.pending_count()
        assert pending > 0
        await wait_for(pilot, lambda: f"{pending} thay đổi đang chờ gửi" in str(state.render()))
        await pilot.press("s")
        await pilot.pause(0.2)
        notes = [str(n.message) for n in app._notifications]
        assert any("chưa đăng ký" in n for n in notes)
