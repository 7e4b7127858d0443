"""Vietnamese text: normalisation for storage and folding for search.

Storage keeps exactly what the officer meant, in NFC. Search compares a *folded*
form in which marks, case, đ and tone placement no longer matter, so that
"lang son" finds "Lạng Sơn" and "Thanh Hoá" finds "Thanh Hóa".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# One translation table does the per-character work of folding in C: it drops every
# combining mark (after NFD) and maps đ/Đ, which have no decomposition, and the
# look-alike Ð (U+00D0, Icelandic eth) that gets pasted in, to d.
# The Unicode blocks of combining diacritical marks (building a table over every code
# point would cost start-up time for scripts officers never type).
_MARK_BLOCKS = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
_FOLD_TABLE: dict[int, str | None] = {
    cp: None
    for lo, hi in _MARK_BLOCKS
    for cp in range(lo, hi + 1)
    if unicodedata.combining(chr(cp))
}
_FOLD_TABLE.update({ord(c): "d" for c in "đĐÐð"})
# Characters that separate words for search purposes (punctuation becomes a space so
# "HTX.Chi-Lăng" still yields the words "htx", "chi", "lang").
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(value: str | None) -> str:
    """Return `value` as stored text: NFC, trimmed, inner whitespace collapsed.

    Input arrives as NFD (macOS), as mixtures of precomposed letters and combining
    marks (old Windows keyboards) or with stray spaces; all become one NFC form
    (NFC composes canonically whatever mixture it is given).
    """
    if not value:
        return ""
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    if "  " not in value and value.isprintable():
        # Every whitespace but the ASCII space is unprintable, so this text holds only
        # single spaces: the common case, skipped past the regex (imports clean millions).
        return value.strip()
    return _SPACES.sub(" ", value).strip()


def fold(value: str | None) -> str:
    """Fold text for search: no marks, đ→d, lower case, single spaces.

    Old and new tone placement ("hoà"/"hòa") differ only in where the combining
    mark sits, so dropping every combining mark after NFD makes them equal.
    """
    if not value:
        return ""
    return _fold(value)


@lru_cache(maxsize=16384)  # communes, provinces and kinds repeat across thousands of rows
def _fold(value: str) -> str:
    if value.isascii():
        return _SPACES.sub(" ", value.casefold()).strip()
    stripped = unicodedata.normalize("NFD", value).translate(_FOLD_TABLE)
    return _SPACES.sub(" ", stripped.casefold()).strip()


def fold_words(value: str | None) -> list[str]:
    """Fold `value` and split it into search words (letters and digits only)."""
    return [w for w in _NON_WORD.split(fold(value)) if w]


def fold_key(value: str | None) -> str:
    """A compact folded key ("Tên doanh nghiệp" → "tendoanhnghiep") for matching
    column headers and enumerated values whatever their spacing or punctuation."""
    return "".join(fold_words(value))
