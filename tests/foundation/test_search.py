"""Registry search: folded prefixes, tax fragments, ranking, paging, filters."""

from __future__ import annotations

import unicodedata

import pytest

from field_app.store import Store

REGISTRY = [
    ("Hợp tác xã Nông nghiệp Chi Lăng", "cooperative", "4900101234", "Chi Lăng", "Lạng Sơn"),
    ("Công ty TNHH Thương mại Đồng Đăng", "enterprise", "4900555666-001", "Đồng Đăng", "Lạng Sơn"),
    ("Hộ kinh doanh Hoàng Thị Hoà", "household", "020123456789", "Tam Đường", "Lai Châu"),
    ("Trang trại Na Chi Lăng", "farm", None, "Chi Lăng", "Lạng Sơn"),
    ("Hợp tác xã", "cooperative", None, "Na Hang", "Tuyên Quang"),
    ("Chè Shan tuyết Hợp tác", "coop_group", None, "Hàm Yên", "Tuyên Quang"),
]


@pytest.fixture
def registry(store: Store) -> dict[str, str]:
    ids = {}
    for name, kind, tax, commune, province in REGISTRY:
        ent = store.enterprises.add(
            {"name": name, "kind": kind, "tax_code": tax, "commune": commune, "province": province}
        )
        ids[name] = ent.id
    store.enterprises.add_support(ids["Trang trại Na Chi Lăng"], {"tool": "VietGAP", "year": 2026})
    return ids


def names(store: Store, query: str, **kw: object) -> list[str]:
    return [item.name for item in store.enterprises.search(query, **kw).items]


def test_word_prefixes_without_marks_find_the_cooperative(store: Store, registry: dict) -> None:
    assert names(store, "hop tac chi lang") == ["Hợp tác xã Nông nghiệp Chi Lăng"]
    assert names(store, "hop tac chi l") == ["Hợp tác xã Nông nghiệp Chi Lăng"]


def test_place_words_match_too(store: Store, registry: dict) -> None:
    assert set(names(store, "lang son")) == {
        "Hợp tác xã Nông nghiệp Chi Lăng",
        "Công ty TNHH Thương mại Đồng Đăng",
        "Trang trại Na Chi Lăng",
    }
    assert names(store, "dong dang") == ["Công ty TNHH Thương mại Đồng Đăng"]


def test_query_forms_with_marks_d_and_old_tone_are_equal(store: Store, registry: dict) -> None:
    expected = ["Công ty TNHH Thương mại Đồng Đăng"]
    assert names(store, "ĐỒNG ĐĂNG") == expected
    assert names(store, "Ðồng Ðăng") == expected  # U+00D0 look-alike
    assert names(store, unicodedata.normalize("NFD", "đồng đăng")) == expected
    assert (
        names(store, "hoàng thị hòa")
        == names(store, "hoang thi hoa")
        == ["Hộ kinh doanh Hoàng Thị Hoà"]
    )


def test_tax_code_fragments_match_anywhere(store: Store, registry: dict) -> None:
    assert names(store, "0101") == ["Hợp tác xã Nông nghiệp Chi Lăng"]
    assert names(store, "555666") == ["Công ty TNHH Thương mại Đồng Đăng"]
    assert names(store, "02012345") == ["Hộ kinh doanh Hoàng Thị Hoà"]
    # Codes starting with the fragment come before codes merely containing it.
    assert names(store, "490") == [
        "Hợp tác xã Nông nghiệp Chi Lăng",
        "Công ty TNHH Thương mại Đồng Đăng",
    ]


def test_exact_then_prefix_then_whole_words_then_the_rest(store: Store, registry: dict) -> None:
    assert names(store, "hop tac") == [
        "Hợp tác xã",  # the whole name equals the query
        "Hợp tác xã Nông nghiệp Chi Lăng",  # starts with it
        "Chè Shan tuyết Hợp tác",  # holds both as whole words
    ]
    # "ta" is only a prefix of "tác": whole-word matches do not apply.
    assert names(store, "hop ta")[:2] == ["Hợp tác xã", "Hợp tác xã Nông nghiệp Chi Lăng"]


def test_total_counts_every_match_while_a_page_holds_a_few(store: Store, registry: dict) -> None:
    # Words starting with "h": Hợp (three names), Hộ, and the commune Hàm Yên.
    page = store.enterprises.search("h", limit=2)
    assert page.total == 4
    assert len(page.items) == 2
    rest = store.enterprises.search("h", limit=10, offset=2)
    assert len(rest.items) == 2
    seen = [i.name for i in page.items] + [i.name for i in rest.items]
    assert len(set(seen)) == 4


def test_empty_query_lists_everything_alphabetically(store: Store, registry: dict) -> None:
    page = store.enterprises.search("", limit=100)
    assert page.total == len(REGISTRY)
    assert page.items[0].name == "Chè Shan tuyết Hợp tác"


def test_filters_by_kind_commune_and_tool(store: Store, registry: dict) -> None:
    assert names(store, "", kind="cooperative") == [
        "Hợp tác xã",
        "Hợp tác xã Nông nghiệp Chi Lăng",
    ]
    assert names(store, "chi lang", commune="Chi Lăng", kind="farm") == ["Trang trại Na Chi Lăng"]
    assert names(store, "", tool="VietGAP") == ["Trang trại Na Chi Lăng"]
    assert store.enterprises.search("lang", kind="household").total == 0


def test_search_follows_profile_edits(store: Store, registry: dict) -> None:
    ent_id = registry["Hợp tác xã"]
    store.enterprises.update(
        ent_id, {"name": "Hợp tác xã Miến dong Na Hang", "tax_code": "4800777888"}
    )
    assert names(store, "mien dong") == ["Hợp tác xã Miến dong Na Hang"]
    assert names(store, "777888") == ["Hợp tác xã Miến dong Na Hang"]


def test_punctuation_in_queries_is_harmless(store: Store, registry: dict) -> None:
    for query in ['"', "hop*", "AND OR NOT", "(", "chi:lang", "'; DROP TABLE enterprises"]:
        store.enterprises.search(query)
    assert store.enterprises.search("").total == len(REGISTRY)


def test_legal_form_abbreviations_match_the_words(store: Store, registry: dict) -> None:
    assert names(store, "htx chi lang") == ["Hợp tác xã Nông nghiệp Chi Lăng"]
    assert names(store, "hkd hoa") == ["Hộ kinh doanh Hoàng Thị Hoà"]
    assert names(store, "cty dong dang") == ["Công ty TNHH Thương mại Đồng Đăng"]
    # A name written with the abbreviation itself is still found.
    store.enterprises.add({"name": "HTX Miến dong Bình Gia"})
    assert set(names(store, "htx")) >= {"HTX Miến dong Bình Gia", "Hợp tác xã"}
