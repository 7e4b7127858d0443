"""Province and commune are chosen from the official 2025 list, typed without marks:
on the welcome screen, on an enterprise's profile and in the registry's commune filter
(real keys through Pilot, a real database on disk)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from field_app.places import Place, place_map, provinces, search_communes
from field_app.settings import Settings, load_settings
from field_app.store import open_store
from field_app.text import fold
from screens.widgets.field_input import FormField
from screens.widgets.place_chooser import PlaceChooser, SuggestionList
from screens.widgets.result_list import ResultList
from tests.screens.conftest import make_app, screen_name, tab_to, type_text, wait_for
from tests.screens.test_nothing_lost import _open_detail, _retype, _two_enterprises

SIZE = (120, 40)


async def _welcome(pilot: Pilot, name: str, province: str) -> None:
    """Type the name, then the province, on the welcome screen (keys only)."""
    await wait_for(pilot, lambda: screen_name(pilot) == "WelcomeScreen")
    await type_text(pilot, name)
    await pilot.press("tab")
    assert pilot.app.focused is not None and pilot.app.focused.id == "f-province"
    await type_text(pilot, province)


async def _start_empty(pilot: Pilot) -> None:
    """From the province field: Tab past demo and import to "Start empty", Enter."""
    await pilot.press("tab", "tab", "tab")
    assert pilot.app.focused is not None and pilot.app.focused.id == "empty"
    await pilot.press("enter")
    await pilot.pause()


async def test_welcome_settles_a_province_typed_without_marks(tmp_path: Path) -> None:
    app = make_app(tmp_path / "new.db", settings=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await _welcome(pilot, "Hoàng Thị Mai", "lang son")
        chooser = app.screen.query_one("#pc-province", PlaceChooser)
        assert chooser.is_open
        assert [s.value for s in chooser.suggestions] == ["Lạng Sơn"]
        await _start_empty(pilot)
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    assert load_settings().province == "Lạng Sơn"


async def test_welcome_maps_a_former_province_with_a_note(tmp_path: Path) -> None:
    app = make_app(tmp_path / "new.db", settings=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await _welcome(pilot, "Lò Văn Sơn", "ha giang")
        chooser = app.screen.query_one("#pc-province", PlaceChooser)
        await pilot.press("tab")  # leaving the field settles it
        assert chooser.value == "Tuyên Quang"
        assert "Hà Giang" in chooser.note and "Tuyên Quang" in chooser.note
        assert "tỉnh cũ" in chooser.note  # in the officer's language
        assert chooser.query_one(".place-note").display
        await pilot.press("tab", "tab", "enter")  # "Start empty"
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    assert load_settings().province == "Tuyên Quang"


async def test_welcome_refuses_an_unknown_province(tmp_path: Path) -> None:
    app = make_app(tmp_path / "new.db", settings=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await _welcome(pilot, "Lò Văn Sơn", "xyz")
        await _start_empty(pilot)
        field = app.screen.query_one("#ff-province", FormField)
        assert field.has_class("-invalid")
        assert "xyz" in field.error and "34 tỉnh" in field.error
        assert screen_name(pilot) == "WelcomeScreen"
        assert app.focused is not None and app.focused.id == "f-province"
        # An empty province is refused too, saying what to do.
        await pilot.press("end", "ctrl+u")
        await _start_empty(pilot)
        assert "Chọn tỉnh" in field.error
        assert screen_name(pilot) == "WelcomeScreen"
    assert load_settings().province == ""


async def test_welcome_suggestions_move_with_arrows(tmp_path: Path) -> None:
    app = make_app(tmp_path / "new.db", settings=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await _welcome(pilot, "Lò Văn Sơn", "ha")
        chooser = app.screen.query_one("#pc-province", PlaceChooser)
        values = [s.value for s in chooser.suggestions]
        assert values[0] == "Hà Nội" and "Hà Tĩnh" in values and len(values) <= 6
        await pilot.press("down", "down", "up", "down")
        await pilot.press("enter")  # takes the highlighted one and moves on
        assert chooser.value == values[2]  # down, down, up, down: the third
        assert not chooser.is_open
        assert app.focused is not None and app.focused.id == "demo"
        placeholder = chooser.input.placeholder
        assert placeholder and placeholder not in provinces()


# -- the profile form ---------------------------------------------------------------


def _place_of(code: str | None) -> Place:
    assert code is not None
    return place_map().by_code[code]


async def test_profile_commune_suggestions_stay_in_the_province(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-commune", "dong")
        chooser = app.screen.query_one("#pc-commune", PlaceChooser)
        assert chooser.is_open and chooser.suggestions
        # "dong" begins communes all over the country; only Lạng Sơn's are offered.
        assert len({p.province for p in search_communes("dong", limit=100)}) > 1
        assert {_place_of(s.code).province for s in chooser.suggestions} == {"Lạng Sơn"}
        assert len(chooser.suggestions) >= 2
        picked = chooser.suggestions[1]
        await pilot.press("down", "enter")
        assert not chooser.is_open and chooser.value == picked.value
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not app.screen.pending_changes())
        # Another province: its communes are offered, and the old commune is refused.
        await _retype(pilot, "f-province", "cao bang")
        await pilot.press("tab")
        assert app.screen.query_one("#pc-province", PlaceChooser).value == "Cao Bằng"
        assert "Cao Bằng" in app.screen.query_one("#ff-commune", FormField).error
        await _retype(pilot, "f-commune", "ha")
        assert {_place_of(s.code).province for s in chooser.suggestions} == {"Cao Bằng"}
    with open_store(demo_db) as store:
        saved = store.enterprises.get(first)
    assert saved.province == "Lạng Sơn"
    assert saved.commune == picked.value != "Chi Lăng"
    assert _place_of(saved.commune_code).commune == saved.commune
    assert _place_of(saved.commune_code).province == "Lạng Sơn"


async def test_profile_maps_a_former_commune_with_a_note(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-commune", "hoang dong")
        chooser = app.screen.query_one("#pc-commune", PlaceChooser)
        await pilot.press("tab")
        assert chooser.value == "Tam Thanh"
        assert "Hoàng Đồng" in chooser.note and "xã cũ" in chooser.note
        await pilot.press("escape")  # leaving saves what is pending
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        saved = store.enterprises.get(first)
    assert (saved.commune, saved.commune_code) == ("Tam Thanh", "05986")


async def test_profile_lists_the_candidates_of_a_split_commune(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-commune", "van thuy")
        chooser = app.screen.query_one("#pc-commune", PlaceChooser)
        await pilot.press("tab")  # leaving does not pick one of them
        field = app.screen.query_one("#ff-commune", FormField)
        assert "Chiến Thắng" in field.error and "Tân Tri" in field.error
        assert app.screen.validate_form()  # not savable as it is
        await tab_to(pilot, "f-commune")
        assert chooser.is_open
        assert [s.value for s in chooser.suggestions] == ["Chiến Thắng", "Tân Tri"]
        await pilot.press("down", "enter")
        assert chooser.value == "Tân Tri"
        assert not field.has_class("-invalid")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not app.screen.pending_changes())
    with open_store(demo_db) as store:
        assert store.enterprises.get(first).commune == "Tân Tri"


async def test_profile_saves_the_official_names_as_typed_without_marks(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-province", "ha giang")
        await _retype(pilot, "f-commune", "vi xuyen")
        chooser = app.screen.query_one("#pc-commune", PlaceChooser)
        assert chooser.is_open
        await pilot.press("escape")  # the first Escape closes the list, keeping the text
        assert not chooser.is_open and chooser.value == "vi xuyen"
        assert screen_name(pilot) == "EnterpriseDetailScreen"
        await pilot.press("escape")  # straight from the field: no Tab first
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        saved = store.enterprises.get(first)
    assert saved.province == "Tuyên Quang" and saved.province_code == "08"
    assert saved.commune == "Vị Xuyên"
    assert _place_of(saved.commune_code).province == "Tuyên Quang"


# -- the registry's commune filter ---------------------------------------------------


async def test_registry_commune_filter_lists_matches_and_applies_the_pick(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        communes = store.enterprises.communes()
    expected = [c for c in communes if fold(c).startswith("dong")]
    assert len(expected) >= 2  # the demo registry has several communes starting so
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation)
        results = screen.query_one(ResultList)
        everything = results.total
        await pilot.press("tab", "tab")
        assert app.focused is not None and app.focused.id == "commune"
        await wait_for(pilot, lambda: bool(screen.communes))
        before = screen.generation
        await type_text(pilot, "dong")
        await wait_for(
            pilot,
            lambda: screen.shown_generation == screen.generation > before,
        )
        chooser = screen.query_one("#pc-commune", PlaceChooser)
        assert chooser.is_open
        assert sorted(s.value for s in chooser.suggestions) == sorted(expected)
        # Several match: none is taken silently; the count line says to pick one.
        count = str(screen.query_one("#result-count").render())
        assert f"{len(expected)} xã" in count and "dong" in count
        assert results.total == everything
        await pilot.press("down", "enter")
        picked = chooser.suggestions[1].value
        assert chooser.value == picked and not chooser.is_open
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation)
        assert 0 < results.total < everything
        assert all(results.row(i).commune == picked for i in range(results.total))
        assert picked in str(screen.query_one("#result-count").render())


async def test_a_click_on_a_suggestion_takes_it(demo_db: Path) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-commune", "chi")
        chooser = app.screen.query_one("#pc-commune", PlaceChooser)
        assert chooser.is_open and len(chooser.suggestions) >= 2
        wanted = chooser.suggestions[1].value
        # Row 0 is the list's border, row 1 the first suggestion.
        await pilot.click(chooser.query_one(SuggestionList), offset=(2, 2))
        await pilot.pause()
        assert chooser.value == wanted and not chooser.is_open
        assert app.focused is chooser.input


async def test_leaving_an_unchosen_commune_asks_and_staying_offers_the_list(
    demo_db: Path,
) -> None:
    first, _second = _two_enterprises(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, first)
        await _retype(pilot, "f-commune", "chi")
        chooser = app.screen.query_one("#pc-commune", PlaceChooser)
        await pilot.press("escape", "escape")  # closes the list, then tries to leave
        await wait_for(pilot, lambda: screen_name(pilot) == "ChoiceScreen")
        await pilot.press("enter")  # "stay and fix them"
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseDetailScreen")
        assert app.focused is chooser.input and chooser.is_open
        await pilot.press("down", "enter")
        assert chooser.value == "Chiến Thắng"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        assert store.enterprises.get(first).commune == "Chiến Thắng"


async def test_the_note_stays_when_a_former_province_is_picked_from_the_list(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "new.db", lang="en", settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await _welcome(pilot, "Lò Văn Sơn", "ha gi")
        chooser = app.screen.query_one("#pc-province", PlaceChooser)
        assert [s.label for s in chooser.suggestions] == ["Tuyên Quang (before 2025: Hà Giang)"]
        await pilot.press("enter")  # takes it; the focus moves on to the buttons
        assert app.focused is not None and app.focused.id == "demo"
        assert chooser.value == "Tuyên Quang"
        assert "former province" in chooser.note and "Hà Giang" in chooser.note


async def test_choosing_a_commune_settles_a_former_province_kept_from_an_import(
    demo_db: Path,
) -> None:
    with open_store(demo_db, "Nguyễn Văn An") as store:
        old = store.enterprises.add(
            {"name": "Hợp tác xã Chè Shan Tuyết Cao Bồ", "province": "Hà Giang", "commune": ""}
        )
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_detail(pilot, old.id)
        # Editing another field leaves the imported province alone (nothing refused).
        await _retype(pilot, "f-phone", "0912345678")
        assert not app.screen.validate_form()
        assert app.screen.pending_changes() == {"phone": "0912345678"}
        await _retype(pilot, "f-commune", "vi xuyen")
        await pilot.press("tab")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not app.screen.pending_changes())
        province = app.screen.query_one("#pc-province", PlaceChooser)
        assert province.value == "Tuyên Quang" and "Hà Giang" in province.note
    with open_store(demo_db) as store:
        saved = store.enterprises.get(old.id)
    assert (saved.province, saved.province_code) == ("Tuyên Quang", "08")
    assert saved.commune == "Vị Xuyên" and saved.phone == "0912345678"
