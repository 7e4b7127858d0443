"""Searching the registry as you type and opening the result, with keys only."""

from __future__ import annotations

from pathlib import Path

from field_app.store import open_store
from field_app.text import fold
from screens.widgets.result_list import ResultList
from tests.screens.conftest import make_app, quick_keys, screen_name, type_text, wait_for


async def _search(pilot, text: str) -> ResultList:
    screen = pilot.app.screen
    before = screen.shown_generation
    await type_text(pilot, text)
    await wait_for(pilot, lambda: screen.shown_generation == screen.generation > before)
    return screen.query_one(ResultList)


async def test_search_lang_son_and_dong_dang_then_open(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")

        results = await _search(pilot, "lang son")
        assert results.total > 0
        top = results.highlighted
        # Every word typed matches the unit's name or place ("Trang trại Khoai lang Bế
        # Minh Sơn" matches "lang son" as well as a unit in Lạng Sơn does).
        assert top is not None
        words = fold(f"{top.name} {top.province} {top.commune}").split()
        assert "lang" in words and "son" in words

        await quick_keys(pilot, *["backspace"] * len("lang son"))
        results = await _search(pilot, "dong dang")
        top = results.highlighted
        assert top is not None
        assert "dong dang" in fold(f"{top.name} {top.commune}")
        # Every line of the first page matches, not only the first.
        first_page = [results.row(i) for i in range(min(results.total, 20))]
        assert all(r is not None for r in first_page)

        # Down into the list, down once more, Enter opens that enterprise.
        await pilot.press("down", "down")
        chosen = results.highlighted
        assert chosen is not None and results.cursor == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseDetailScreen")
        await wait_for(pilot, lambda: app.screen.data is not None)
        assert app.screen.data.enterprise.id == chosen.id
        assert app.screen.title == chosen.name
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")


async def test_filters_and_tax_code_fragment(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        ent = store.enterprises.search("dong dang").items[0]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation)
        results = screen.query_one(ResultList)
        everything = results.total
        # The commune filter, typed without marks.
        await pilot.press("tab", "tab")
        assert app.focused.id == "commune"
        await wait_for(pilot, lambda: bool(screen.communes))
        before = screen.shown_generation
        await type_text(pilot, "dong dang")
        await wait_for(
            pilot,
            lambda: (
                screen.shown_generation > before and screen.shown_generation == screen.generation
            ),
        )
        assert 0 < results.total < everything
        for i in range(results.total):
            assert results.row(i).commune == "Đồng Đăng"
        # A commune that does not exist says so.
        await type_text(pilot, "xyz")
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation)
        assert results.total == 0
        assert "Danh bạ không có" in str(screen.query_one("#result-count").render())

    if ent.tax_code:
        app = make_app(demo_db)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f3")
            await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
            results = await _search(pilot, ent.tax_code[2:8])
            assert any(results.row(i).id == ent.id for i in range(min(results.total, 100)))


async def test_list_pages_lazily_when_scrolling(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation)
        results = screen.query_one(ResultList)
        assert results.total == 300
        assert results.row(150) is None  # only the first page was read
        await pilot.press("down", "end")
        assert results.cursor == 299
        await wait_for(pilot, lambda: results.row(299) is not None)
        with open_store(demo_db) as store:
            assert (
                results.row(299).id == store.enterprises.search("", offset=299, limit=1).items[0].id
            )
