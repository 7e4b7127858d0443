"""The administrative map: the 2025 list, folded lookups and old -> new mapping."""

from __future__ import annotations

from field_app.places import (
    demo_places,
    find_commune,
    find_province,
    load_places,
    provinces,
    resolve,
    search_communes,
)


def test_the_2025_map_has_34_provinces_and_3321_communes() -> None:
    assert len(provinces()) == 34
    places = load_places()
    assert len(places) == 3321
    assert len({p.commune_code for p in places}) == 3321  # every code unique
    assert {p.kind for p in places} == {"xã", "phường", "đặc khu"}


def test_lookups_fold_marks_case_and_unit_words() -> None:
    assert find_province("lang son") == "Lạng Sơn"
    assert find_province("Tỉnh LẠNG SƠN") == "Lạng Sơn"
    assert find_province("TP. Hồ Chí Minh") == "Hồ Chí Minh"
    place = find_commune("lang son", "xa chi lang")
    assert place is not None and (place.commune, place.commune_code) == ("Chi Lăng", "06463")
    assert [p.province for p in search_communes("chi lang")][:3] == [
        "Lạng Sơn",
        "Bắc Ninh",
        "An Giang",
    ]


def test_a_former_province_maps_to_the_province_it_joined() -> None:
    match = resolve("Hà Giang", "Minh Sơn")
    assert (match.province, match.province_code) == ("Tuyên Quang", "08")
    assert match.commune_code == "00982"
    assert match.old_text == "Minh Sơn, Hà Giang"
    assert any("Hà Giang" in w and "Tuyên Quang" in w for w in match.warnings)


def test_a_merged_commune_maps_to_the_new_one() -> None:
    match = resolve("Lạng Sơn", "Xã Vân An", "Huyện Chi Lăng")
    assert (match.commune, match.commune_code) == ("Chiến Thắng", "06481")
    assert match.old_text == "Xã Vân An, Huyện Chi Lăng, Lạng Sơn"
    assert match.warnings


def test_a_divided_commune_lists_its_candidates() -> None:
    match = resolve("Hà Nội", "Tây Đằng", "Ba Vì")
    assert match.commune == "" and match.commune_code is None
    assert sorted(p.commune for p in match.candidates) == ["Minh Châu", "Quảng Oai"]
    assert "Minh Châu" in match.warnings[0]


def test_an_unknown_commune_warns_and_keeps_the_text() -> None:
    match = resolve("Lạng Sơn", "Không Có")
    assert match.commune == "Không Có" and match.commune_code is None
    assert match.warnings


def test_demo_places_are_real_communes_of_the_province() -> None:
    everywhere = {p.commune_code for p in load_places()}
    assert {p.commune_code for p in demo_places()} <= everywhere
    assert {p.province for p in demo_places("lang son")} == {"Lạng Sơn"}
    assert {p.province for p in demo_places("Hà Nội")} == {"Hà Nội"}


def test_an_incomplete_or_damaged_published_list_is_not_used(tmp_path) -> None:
    from field_app.places import place_list_in_use, use_place_list
    from field_app.store import open_store

    row = "INSERT INTO place_lists VALUES (?, ?, ?, ?, '2026-04-01', ?, '')"
    body = "province,province_code,commune,commune_code,kind\nLạng Sơn,20,Mới,99001,xã\n"
    try:
        with open_store(tmp_path / "a.db") as store:
            store.conn.execute(row, ("places@2:20", 2, "20", 2, body))  # 1 of 2 parts
            store.conn.execute(row, ("places@1:20", 1, "20", 1, "province\nx\n"))  # damaged
            store.conn.commit()
        with open_store(tmp_path / "a.db") as store:
            assert place_list_in_use() == ""
            assert find_commune("Lạng Sơn", "Mới") is None
            assert len(store.place_lists.problems) == 2
            store.conn.execute(row, ("places@3:20", 3, "20", 1, body))
            store.conn.commit()
            assert store.place_lists.apply() == "places@3 (2026-04-01)"
            assert find_commune("Lạng Sơn", "Mới") is not None
            assert len(load_places()) == 1  # the published list replaces the shipped one
    finally:
        use_place_list(None)


def test_an_old_district_and_commune_without_province_name_one_place() -> None:
    match = resolve("", "Vân An", "Chi Lăng")
    assert (match.province, match.commune, match.commune_code) == (
        "Lạng Sơn",
        "Chiến Thắng",
        "06481",
    )


def test_a_current_province_finds_the_old_communes_of_the_provinces_it_took_in() -> None:
    # Yên Định was a commune of Bắc Mê in Hà Giang, now in Tuyên Quang.
    match = resolve("Tuyên Quang", "Yên Định", "Bắc Mê")
    assert match.province == "Tuyên Quang"
    assert sorted(p.commune for p in match.candidates) == ["Minh Ngọc", "Ngọc Đường"]
