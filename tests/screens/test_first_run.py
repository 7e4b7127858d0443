"""First run on an empty database: the officer is asked who they are, then how to start."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from field_app.settings import Settings, load_settings
from field_app.store import open_store
from screens.widgets.field_input import FormField
from tests.screens.conftest import make_app, screen_name, type_text, wait_for


async def test_first_run_saves_officer_and_loads_demo(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    app = make_app(db, settings=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "WelcomeScreen")
        # Enter on the empty name field moves on; choosing without a name is refused.
        await pilot.press("tab", "tab", "tab")  # province -> demo button -> import button
        await pilot.press("tab", "enter")  # "Start empty" without a name
        error = app.screen.query_one("#ff-officer", FormField)
        assert error.has_class("-invalid")
        assert "họ tên" in error.error
        assert isinstance(app.focused, Input) and app.focused.id == "f-officer"
        assert screen_name(pilot) == "WelcomeScreen"

        await type_text(pilot, "Hoàng Thị Mai")
        await pilot.press("enter")  # to province
        await type_text(pilot, "Lạng Sơn")
        await pilot.press("enter")  # to "Load demo data"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen", timeout=30)
        await wait_for(pilot, lambda: "200" in str(app.screen.query_one("#counts").render()))

    settings = load_settings()
    assert settings.officer_name == "Hoàng Thị Mai"
    assert settings.province == "Lạng Sơn"
    with open_store(db) as store:
        assert store.counts()["enterprises"] == 200
        assert store.get_meta("welcome_done") == "1"

    # Second start: straight to home, no welcome.
    again = make_app(db, settings=settings)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        greeting = str(again.screen.query_one("#greeting").render())
        assert "Hoàng Thị Mai" in greeting and "16/03/2026" in greeting


async def test_first_run_start_empty_then_import(tmp_path: Path) -> None:
    csv = tmp_path / "dn.csv"
    rows = ["Tên doanh nghiệp,Mã số thuế,Xã/Phường"]
    rows += [f"Hợp tác xã Chè số {i},{4900100000 + i},Đồng Đăng" for i in range(2500)]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "new.db"
    app = make_app(db, settings=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "WelcomeScreen")
        await type_text(pilot, "Lò Văn Sơn")
        await pilot.press("tab")
        await type_text(pilot, "lang son")
        await pilot.press("tab", "tab", "enter")  # "Import an enterprise file"
        await wait_for(pilot, lambda: screen_name(pilot) == "ImportScreen")
        await type_text(pilot, str(csv))
        await pilot.press("enter")
        screen = app.screen
        await wait_for(pilot, lambda: screen.report is not None, timeout=60)
        bar = screen.query_one("#progress")
        assert bar.total == 2500 and bar.progress == 2500
        assert "2500" in str(screen.query_one("#report").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    with open_store(db) as store:
        assert store.counts()["enterprises"] == 2500
