"""Text typed in the legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII), back to Unicode.

Before Unicode, Vietnamese was typed with 8-bit fonts (".VnTime" for TCVN3, "VNI-Times"
for VNI). The file stores the bytes as Western letters, so a cell typed years ago
arrives as "Hîp t¸c x· N«ng nghiÖp" (TCVN3) or "Hôïp taùc xaõ" (VNI): unreadable and
unfindable. Short strings are ambiguous, so a cell is converted only when it holds
characters Vietnamese Unicode text never has, and the reading chosen is the one whose
words are valid Vietnamese syllables; the column remembers the encoding it found, so
ties go to it. Tables:

- TCVN3: TCVN 5712:1993, as the GNU C library's iconv defines "TCVN5712-1" (the ABC
  fonts use its lower-case half; the upper-case letters are the VN1 additions);
- VISCII: RFC 1456, as iconv's "VISCII";
- VNI: the VNI-Windows font layout (a base letter followed by a mark character), as
  VNI Software published it; there is no iconv table for it.

Tested with encoders written independently in tests/foundation/test_import_legacy.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# (first byte, the letters of consecutive bytes from it).
_TCVN3_RUNS = (
    (0x01, "ÚỤ"),
    (0x04, "ỪỬỮ"),
    (0x11, "ỨỰỲỶỸÝỴ"),
    (0x80, "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"),
    (0xA1, "ĂÂÊÔƠƯĐăâêôơưđẰ"),
    (0xB5, "àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹ"),
    (0xFE, "ỵỐ"),
)
_VISCII_RUNS = (
    (0x02, "Ẳ"),
    (0x05, "ẴẪ"),
    (0x14, "Ỷ"),
    (0x19, "Ỹ"),
    (0x1E, "Ỵ"),
    (0x80, "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"),
    (0xC4, "ẢĂẳẵ"),
    (0xCB, "Ẻ"),
    (0xCE, "ĨỳĐứ"),
    (0xD5, "ạỷừử"),
    (0xDB, "ỹỵ"),
    (0xDE, "ỡư"),
    (0xE4, "ảăữẫ"),
    (0xEB, "ẻ"),
    (0xEE, "ĩỉđự"),
    (0xF6, "ỏọụ"),
    (0xFB, "ũủ"),
    (0xFE, "ợỮ"),
)
# Windows shows bytes 0x80-0x9F of an 8-bit font through code page 1252, so a cell
# may hold "€" where the font drew byte 0x80.
_CP1252_HIGH = {b: bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xA0)}


def _table(runs: tuple[tuple[int, str], ...]) -> dict[int, str]:
    table: dict[int, str] = {}
    for start, letters in runs:
        for offset, letter in enumerate(letters):
            byte = start + offset
            table[byte] = letter
            shown = _CP1252_HIGH.get(byte)
            if shown:
                table[ord(shown)] = letter
    return table


TCVN3 = _table(_TCVN3_RUNS)
VISCII = _table(_VISCII_RUNS)

# VNI: a vowel then a mark character; lower-case marks, upper-case ones are their
# capitals. Keys are the mark characters, values the combining marks they add.
_VNI_MARKS = {
    "ù": "\u0301",  # sắc
    "ø": "\u0300",  # huyền
    "û": "\u0309",  # hỏi
    "õ": "\u0303",  # ngã
    "ï": "\u0323",  # nặng
    "â": "\u0302",  # circumflex: â ê ô
    "á": "\u0302\u0301",
    "à": "\u0302\u0300",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "ê": "\u0306",  # breve: ă
    "é": "\u0306\u0301",
    "è": "\u0306\u0300",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}
# Letters VNI types as one character.
_VNI_LETTERS = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}
_VNI_BASES = "aeiouyAEIOUYôöÔÖ"
_VNI_MARK_CLASS = "".join(_VNI_MARKS) + "".join(m.upper() for m in _VNI_MARKS)
_VNI_LETTER_CLASS = "".join(_VNI_LETTERS) + "".join(_VNI_LETTERS).upper()
_VNI = re.compile(f"([{_VNI_BASES}])([{_VNI_MARK_CLASS}])|([{_VNI_LETTER_CLASS}])")

# Characters no Vietnamese Unicode text holds but the legacy encodings produce: only
# a cell with one of them is looked at (so ordinary cells cost one regex search).
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT_CHARS = sorted(
    {chr(c) for c in list(TCVN3) + list(VISCII) if c >= 0x80}
    | set(_VNI_LETTERS)
    | {c.upper() for c in _VNI_LETTERS}
    | set(_VNI_MARKS)
    | {m.upper() for m in _VNI_MARKS}
)
_SUSPECT = re.compile(
    "[" + re.escape("".join(c for c in _SUSPECT_CHARS if c not in _VIETNAMESE_LATIN1)) + "]"
)

_STUCK = re.compile(r"(?<=[^\W\d_])" + _SUSPECT.pattern)

ENCODINGS = ("TCVN3", "VNI", "VISCII")


def _convert_bytes(text: str, table: dict[int, str]) -> str:
    return "".join(table.get(ord(c), c) for c in text)


def _convert_vni(text: str) -> str:
    # One pass: a letter made by a pair must not be read again as a VNI letter (the
    # "ô" of "oâ" is ô, while a lone "ô" is ơ).
    def replace(m: re.Match[str]) -> str:
        if m.group(1):
            base = _VNI_LETTERS.get(m.group(1).lower(), m.group(1).lower())
            out = unicodedata.normalize("NFC", base + _VNI_MARKS[m.group(2).lower()])
            return out.upper() if m.group(1).isupper() else out
        out = _VNI_LETTERS[m.group(3).lower()]
        return out.upper() if m.group(3).isupper() else out

    return _VNI.sub(replace, text)


def convert(text: str, encoding: str) -> str:
    """`text` read as `encoding` (one of ENCODINGS), as Unicode NFC."""
    if encoding == "TCVN3":
        out = _convert_bytes(text, TCVN3)
    elif encoding == "VISCII":
        out = _convert_bytes(text, VISCII)
    else:
        out = _convert_vni(text)
    return unicodedata.normalize("NFC", _restore_capitals(text, out))


def _restore_capitals(source: str, converted: str) -> str:
    # Capitals were typed in a separate font (".VnTimeH") with the lower-case codes, so
    # "HîP T¸C X·" is all capitals: a cell whose plain letters are all capitals is, and
    # so is a word with two or more plain letters, all capitals.
    plain = [c for c in source if c.isascii() and c.isalpha()]
    if len(plain) >= 2 and all(c.isupper() for c in plain):
        return converted.upper()
    words = re.split(r"(\s+)", converted)
    originals = re.split(r"(\s+)", source)
    if len(words) != len(originals):
        return converted
    out = []
    for word, original in zip(words, originals, strict=True):
        letters = [c for c in original if c.isascii() and c.isalpha()]
        capitals = len(letters) >= 2 and all(c.isupper() for c in letters)
        out.append(word.upper() if capitals else word)
    return "".join(out)


# -- is it Vietnamese? ----------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(ch|ng|nh|[cmnptiyou])?$"
)


def valid_syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, vowels, coda, at most one tone, and a stop coda
    (p, t, c, ch) only with the sắc or nặng tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    match = _SYLLABLE.match(base)
    if not match:
        return False
    coda = match.group(3) or ""
    return not (coda in ("p", "t", "c", "ch") and tones and tones[0] not in ("\u0301", "\u0323"))


def vietnamese_score(text: str) -> int:
    """How Vietnamese `text` looks: valid syllables count for, invalid ones and legacy
    characters stuck to a letter against (plain ASCII words count neither way: they
    are names, codes, abbreviations)."""
    score = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if not word.isascii():
            score += 2 if valid_syllable(word) else -3
    return score - 2 * len(_STUCK.findall(text))


class ColumnDecoder:
    """Finds and undoes legacy encodings in the cells of one column."""

    def __init__(self) -> None:
        self.found: Counter[str] = Counter()

    def decode(self, text: str) -> tuple[str, str | None]:
        """(text as Unicode, the encoding it was converted from or None)."""
        if not _SUSPECT.search(text):
            return self._weak(text)
        best, best_score = None, vietnamese_score(text)
        for encoding in sorted(ENCODINGS, key=lambda e: -self.found[e]):
            candidate = convert(text, encoding)
            if candidate == text:
                continue
            score = vietnamese_score(candidate)
            if score > best_score:
                best, best_score = encoding, score
                converted = candidate
        if best is None:
            return text, None
        self.found[best] += 1
        return converted, best

    def _weak(self, text: str) -> tuple[str, str | None]:
        # Some legacy words use only letters Unicode has too ("Hé" is TCVN3 for "Hộ"):
        # once a column is known to be in an encoding, such cells are read in it when
        # that reads at least as well.
        # Legacy text is all Latin-1; Unicode Vietnamese nearly always has a letter
        # beyond it (ạ, ơ, ư, đ, ộ...), which keeps "Hà Nội" as it is.
        if not self.found or text.isascii() or max(text) > "\xff":
            return text, None
        encoding, count = self.found.most_common(1)[0]
        if count < 2:
            return text, None
        candidate = convert(text, encoding)
        if candidate != text and vietnamese_score(candidate) >= vietnamese_score(text):
            self.found[encoding] += 1
            return candidate, encoding
        return text, None
