"""Settling a province or commune typed any way on the official 2025 list."""

from __future__ import annotations

from field_app.place_choice import (
    commune_suggestions,
    name_suggestions,
    province_suggestions,
    settle_commune,
    settle_name,
    settle_province,
)
from field_app.places import place_map


def test_province_typed_without_marks_or_by_its_former_name() -> None:
    assert settle_province("lang son").value == "Lạng Sơn"
    assert settle_province("LẠNG SƠN").note == ""
    former = settle_province("ha giang")
    assert (former.value, former.code) == ("Tuyên Quang", "08")
    assert "Hà Giang" in former.note and "Tuyên Quang" in former.note
    assert settle_province("").value == ""


def test_unknown_or_several_provinces_are_not_chosen() -> None:
    unknown = settle_province("xyz")
    assert unknown.value is None and "xyz" in unknown.error and not unknown.candidates
    several = settle_province("ha")
    assert several.value is None and len(several.candidates) > 2
    assert "Hà Nội" in {s.value for s in several.candidates}


def test_province_suggestions_show_a_former_province_with_its_new_one() -> None:
    found = province_suggestions("ha gi")
    assert [s.value for s in found] == ["Tuyên Quang"]
    assert "Hà Giang" in found[0].label
    assert province_suggestions("") == []


def test_commune_suggestions_are_those_of_the_province() -> None:
    found = commune_suggestions("Lạng Sơn", "dong")
    assert found
    assert {place_map().by_code[s.code or ""].province for s in found} == {"Lạng Sơn"}
    assert commune_suggestions(None, "dong") == []
    assert commune_suggestions("Atlantis", "dong") == []


def test_former_commune_mapped_or_split() -> None:
    merged = settle_commune("Lạng Sơn", "hoang dong")
    assert (merged.value, merged.code) == ("Tam Thanh", "05986")
    assert "Hoàng Đồng" in merged.note
    split = settle_commune("Lạng Sơn", "van thuy")
    assert split.value is None
    assert [s.value for s in split.candidates] == ["Chiến Thắng", "Tân Tri"]
    assert "Chiến Thắng" in split.error and "Tân Tri" in split.error


def test_commune_needs_its_province() -> None:
    assert settle_commune(None, "chi lang").value is None
    assert settle_commune("Lạng Sơn", "chi lang").value == "Chi Lăng"
    assert settle_commune("Cao Bằng", "chi lang").value is None
    assert "Cao Bằng" in settle_commune("Cao Bằng", "zzz").error


def test_registry_names_settle_only_when_one_is_meant() -> None:
    names = ["Đồng Đăng", "Đông Kinh", "Chi Lăng"]
    assert settle_name(names, "dong dang").value == "Đồng Đăng"
    assert settle_name(names, "chi").value == "Chi Lăng"
    several = settle_name(names, "dong")
    assert several.value is None
    assert {s.value for s in several.candidates} == {"Đồng Đăng", "Đông Kinh"}
    assert settle_name(names, "xyz").value is None
    assert [s.value for s in name_suggestions(names, "kinh")] == ["Đông Kinh"]
