"""Vietnamese text: NFC storage, folding for search, tax codes."""

from __future__ import annotations

import unicodedata

import pytest
from pydantic import ValidationError

from field_app.models import Enterprise
from field_app.models.common import normalize_phone, normalize_tax_code
from field_app.text import clean, fold, fold_key, fold_words


def test_clean_turns_decomposed_input_into_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Lạng Sơn")
    assert nfd != "Lạng Sơn"
    assert clean(nfd) == "Lạng Sơn"
    assert unicodedata.is_normalized("NFC", clean(nfd))


def test_clean_merges_mixed_combining_marks() -> None:
    # "ạ" typed as "a" + combining dot below, "ơ" precomposed: an old Windows keyboard mix.
    mixed = "La\u0323ng So\u031bn"
    assert clean(mixed) == "Lạng Sơn"


def test_clean_collapses_stray_whitespace() -> None:
    assert clean("  Hợp tác xã \t  Chi\u00a0Lăng \n") == "Hợp tác xã Chi Lăng"


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("Thanh Hoá", "Thanh Hóa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe")],
)
def test_old_and_new_tone_placement_fold_equal(old: str, new: str) -> None:
    assert old != new
    assert unicodedata.normalize("NFC", old) != unicodedata.normalize("NFC", new)
    assert fold(old) == fold(new)


@pytest.mark.parametrize("d", ["đ", "Đ", "Ð", "ð"])
def test_every_d_folds_to_plain_d(d: str) -> None:
    assert fold(f"{d}ồng {d}ăng") == "dong dang"


def test_fold_drops_marks_and_case() -> None:
    assert fold("HỢP TÁC XÃ Nông nghiệp") == "hop tac xa nong nghiep"
    assert fold(unicodedata.normalize("NFD", "Lạng Sơn")) == "lang son"


def test_fold_words_splits_on_punctuation() -> None:
    assert fold_words("HTX.Chi-Lăng (Lạng Sơn)") == ["htx", "chi", "lang", "lang", "son"]


def test_fold_key_ignores_spacing_and_slashes() -> None:
    assert fold_key("Tỉnh/Thành phố") == fold_key("tinh thanh pho") == "tinhthanhpho"


def test_enterprise_name_is_stored_nfc() -> None:
    ent = Enterprise(name=unicodedata.normalize("NFD", "  Công ty  Đồng Đăng "))
    assert ent.name == "Công ty Đồng Đăng"
    assert unicodedata.is_normalized("NFC", ent.name)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0101234567", "0101234567"),
        ("0101234567-001", "0101234567-001"),
        ("001234567890", "001234567890"),
        (" 0101 234 567 ", "0101234567"),
        ("", None),
    ],
)
def test_valid_tax_codes(raw: str, expected: str | None) -> None:
    assert normalize_tax_code(raw) == expected


@pytest.mark.parametrize(
    "raw", ["123", "01012345678", "0101234567-01", "0101234567-0011", "abcdefghij", "0101-234567"]
)
def test_invalid_tax_codes_say_what_is_allowed(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        Enterprise(name="X", tax_code=raw)
    message = str(err.value)
    assert "10 digits" in message and "12-digit" in message


def test_phone_accepts_vietnamese_forms_and_rejects_nonsense() -> None:
    assert normalize_phone("0912 345 678") == "0912 345 678"
    assert normalize_phone("+84 912 345 678") == "+84 912 345 678"
    assert normalize_phone(912345678) == "0912345678"  # a spreadsheet ate the leading 0
    with pytest.raises(ValueError, match="10 or 11 digits"):
        normalize_phone("12345")


def test_email_is_checked() -> None:
    assert Enterprise(name="X", email="An@Example.VN").email == "an@example.vn"
    with pytest.raises(ValidationError, match="name@domain"):
        Enterprise(name="X", email="not-an-email")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("HTX", "cooperative"),
        ("hợp tác xã", "cooperative"),
        ("hop tac xa", "cooperative"),
        ("HỘ KINH DOANH", "household"),
        ("Trang trại", "farm"),
        ("Tổ hợp tác", "coop_group"),
        ("Công ty TNHH", "enterprise"),
        ("", "enterprise"),
    ],
)
def test_kinds_are_recognised_however_written(raw: str, kind: str) -> None:
    assert Enterprise(name="X", kind=raw).kind == kind


def test_unknown_kind_lists_the_choices() -> None:
    with pytest.raises(ValidationError, match="cooperative"):
        Enterprise(name="X", kind="spaceship")
