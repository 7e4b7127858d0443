"""Vietnamese text: normalisation for storage and folding for search.

Storage keeps exactly what the officer meant, in NFC. Search compares a *folded*
form in which marks, case, đ and tone placement no longer matter, so that
"lang son" finds "Lạng Sơn" and "Thanh Hoá" finds "Thanh Hóa".
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ have no decomposition, and Ð (U+00D0, Icelandic eth) is pasted in as a look-alike.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
# Characters that separate words for search purposes (punctuation becomes a space so
# "HTX.Chi-Lăng" still yields the words "htx", "chi", "lang").
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(value: str | None) -> str:
    """Return `value` as stored text: NFC, trimmed, inner whitespace collapsed.

    Input arrives as NFD (macOS), as mixtures of precomposed letters and combining
    marks (old Windows keyboards) or with stray spaces; all become one NFC form.
    """
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", unicodedata.normalize("NFD", value))
    return _SPACES.sub(" ", value).strip()


def fold(value: str | None) -> str:
    """Fold text for search: no marks, đ→d, lower case, single spaces.

    Old and new tone placement ("hoà"/"hòa") differ only in where the combining
    mark sits, so dropping every combining mark after NFD makes them equal.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_D_MAP).casefold()).strip()


def fold_words(value: str | None) -> list[str]:
    """Fold `value` and split it into search words (letters and digits only)."""
    return [w for w in _NON_WORD.split(fold(value)) if w]


def fold_key(value: str | None) -> str:
    """A compact folded key ("Tên doanh nghiệp" → "tendoanhnghiep") for matching
    column headers and enumerated values whatever their spacing or punctuation."""
    return "".join(fold_words(value))
