"""Finding the enterprise table in a sheet the way a person does.

Department lists carry a title block above the header ("UBND TỈNH ...", "DANH SÁCH
..."), sometimes a two-row header (a merged "Thông tin liên hệ" over "Người đại
diện" and "Điện thoại"), a row of column numbers "(1) (2) (3)" under it, subtotal
rows inside ("Cộng huyện Chi Lăng") and a footer (totals, place and date,
"Người lập biểu", a signature). The header is the row among the first ones that
matches most known column names; the table ends at the footer. Every row passed by
is reported with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from field_app.i18n import N_
from field_app.models.enterprise import HEADERS
from field_app.text import fold, fold_key, fold_words

HEADER_SCAN_ROWS = 30

# Columns an import reads that are not enterprise fields: the former district (to map
# an old address to the 2025 map) and a note column. The row number is known so it
# is not reported as an unknown column.
EXTRA_HEADERS: dict[str, str] = {
    fold_key(alias): name
    for name, aliases in {
        "district": [
            "Huyện",
            "Quận/Huyện",
            "Huyện/Thị xã",
            "Huyện/TP",
            "Huyện/Thành phố",
            "Quận huyện",
            "Huyện cũ",
            "district",
        ],
        "row_number": ["STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "#"],
    }.items()
    for alias in aliases
}

# Reasons a row is passed by, marked for translation and translated when shown.
TITLE = N_("title or blank rows above the header")
COLUMN_NUMBERS = N_("column numbers")
BLANK = N_("blank")
SUBTOTAL = N_("subtotal")
TOTAL = N_("total")
GROUP = N_("group heading")
REPEATED_HEADER = N_("header repeated")
SIGNATURE = N_("place, date or signature block")
AFTER_BLANK = N_("text after blank rows")

_NUMERIC = re.compile(r"[\d.]+")
_ROW_NUMBER = re.compile(r"\d+(\.0)?")
_COLUMN_NUMBER = re.compile(r"^\(\s*(\d{1,2}|[a-zA-Z])\s*\)$|^\d{1,2}$")
_ROMAN = re.compile(r"^(?=[ivxlc]+\.?$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})\.?$")
_PLACE_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b|\bngay\s*\d+\s*[/.-]\s*\d+")
_SIGNATURE_WORDS = (
    "nguoi lap",
    "nguoi lap bieu",
    "nguoi tong hop",
    "kt giam doc",
    "kt chu tich",
    "tm ubnd",
    "tm uy ban",
    "giam doc",
    "pho giam doc",
    "chu tich",
    "thu truong",
    "truong phong",
    "xac nhan",
    "ky ten",
    "ky ghi ro ho ten",
    "ky va ghi ro ho ten",
    "noi nhan",
    "prepared by",
    "signature",
)
_TOTAL_FIRST = {"cong", "tong", "total", "grand", "subtotal", "sub-total"}
_TOTAL_WORDS = (["tong", "cong"], ["tong", "so"], ["total"], ["grand", "total"])
_SUBTOTAL_SECOND = {
    "cong",
    "so",
    "huyen",
    "xa",
    "phuong",
    "quan",
    "thi",
    "tp",
    "thanh",
    "tinh",
    "nhom",
    "loai",
    "khu",
    "vung",
}
_GROUP_WORDS = ("huyen", "quan", "thi xa", "thanh pho", "tp", "xa", "phuong", "khu vuc", "nhom")


def _total(words: list[str], counted: bool) -> str | None:
    """TOTAL, SUBTOTAL or None for a row whose first text folds to `words`; `counted`
    when the row is short and holds a number ("Cộng: 2 đơn vị")."""
    if words[:2] == ["cong", "ty"] or words[:3] == ["tong", "cong", "ty"]:
        return None  # "Công ty ...", "Tổng công ty ...": an enterprise's name
    if any(words[: len(w)] == w for w in _TOTAL_WORDS):
        return TOTAL
    if words[:1] in (["cong"], ["tong"], ["subtotal"]) and (
        len(words) == 1 or words[1] in _SUBTOTAL_SECOND or counted
    ):
        return SUBTOTAL
    return None


def match_header(text: Any) -> str | None:
    """The field (or extra column) a header cell names, or None.

    Exact folded match first ("Mã số thuế" = "MA SO THUE"); then the longest known
    name of six letters or more that the header starts with ("Điện thoại di động").
    """
    key = fold_key(str(text)) if text not in (None, "") else ""
    if not key:
        return None
    found = HEADERS.get(key) or EXTRA_HEADERS.get(key)
    if found:
        return found
    best = ""
    for alias in HEADERS:
        if len(alias) >= 6 and key.startswith(alias) and len(alias) > len(best):
            best = alias
    return HEADERS[best] if best else None


@dataclass
class Columns:
    """What each column of a table holds."""

    fields: dict[int, str]
    """Column index -> enterprise field, or "district"."""
    titles: dict[int, str]
    """Column index -> the header as written (for messages)."""
    header_rows: tuple[int, ...]
    ignored: list[str] = field(default_factory=list)
    row_number_column: int | None = None

    def signature(self) -> frozenset[str]:
        """The fields the table holds: sheets with the same signature are read alike."""
        return frozenset(self.fields.values())


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _header_matches(cells: list[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = match_header(cell) if isinstance(cell, str) else None
        if name and name not in found.values():
            found[index] = name
    return found


def find_columns(buffered: list[tuple[int, list[Any]]]) -> tuple[int, Columns] | None:
    """(position in `buffered` of the last header row, the columns), or None when no row
    of the first ones names an enterprise column and the name."""
    best: tuple[int, dict[int, str]] | None = None
    for position, (_number, cells) in enumerate(buffered[:HEADER_SCAN_ROWS]):
        found = _header_matches(cells)
        named = {f for f in found.values() if f != "row_number"}
        if "name" in named and len(named) >= 2 and (best is None or len(found) > len(best[1])):
            best = (position, found)
    if best is None:
        # A one-column list of names is a table too.
        for position, (_number, cells) in enumerate(buffered[:HEADER_SCAN_ROWS]):
            found = _header_matches(cells)
            if "name" in found.values():
                best = (position, found)
                break
    if best is None:
        return None
    position, found = best
    rows = [buffered[position][0]]
    header_cells = buffered[position][1]
    titles = {i: _text(c) for i, c in enumerate(header_cells) if _text(c)}
    # A two-row header: a group title ("Thông tin liên hệ") over sub-headers on the
    # next row. A sub-header wins over the group title of its column.
    if position + 1 < len(buffered):
        below = buffered[position + 1][1]
        sub = _header_matches(below)
        new = {i: f for i, f in sub.items() if f not in found.values() or found.get(i) == f}
        texts = [c for c in below if _text(c)]
        if new and len(sub) >= max(1, len(texts) // 2):
            for index, name in new.items():
                for other, existing in list(found.items()):
                    if existing == name:
                        del found[other]
                found[index] = name
                titles[index] = _text(below[index])
            for index, cell in enumerate(below):
                if _text(cell) and index not in titles:
                    titles[index] = _text(cell)
            rows.append(buffered[position + 1][0])
            position += 1
    number_column = next((i for i, f in found.items() if f == "row_number"), None)
    fields = {i: f for i, f in found.items() if f != "row_number"}
    ignored = [t for i, t in sorted(titles.items()) if i not in found and match_header(t) is None]
    return position, Columns(fields, titles, tuple(rows), ignored, number_column)


@dataclass
class Verdict:
    """What to do with a row: read it, pass it by, or stop (the table has ended)."""

    action: str  # "read", "skip", "stop"
    reason: str = ""
    district: str | None = None
    """A group heading naming a former district ("Huyện Chi Lăng") sets it for the rows
    below."""


READ = Verdict("read")


class RowJudge:
    """Tells data rows from the other rows of a table, one row at a time."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.blank_run = 0
        name_column = next(i for i, f in columns.fields.items() if f == "name")
        self.name_column = name_column
        self.header_keys = {i: fold_key(t) for i, t in columns.titles.items() if fold_key(t)}
        self.name_title = columns.titles.get(name_column, "").casefold()

    def judge(self, cells: list[Any]) -> Verdict:
        texts = []
        for i, cell in enumerate(cells):
            if cell is None:
                continue
            text = cell.strip() if type(cell) is str else str(cell).strip()
            if text:
                texts.append((i, text))
        if not texts:
            self.blank_run += 1
            return Verdict("skip", BLANK)
        after_blank, self.blank_run = self.blank_run, 0
        sparse = len(texts) <= 2
        numbers = [t for _i, t in texts]
        if (
            len(numbers) >= max(2, len(self.header_keys) * 3 // 5)
            and all(len(t) <= 4 and _COLUMN_NUMBER.match(t) for t in numbers)
            and self._numbers_in_order(numbers)
        ):
            return Verdict("skip", COLUMN_NUMBERS)
        name = _text(cells[self.name_column]) if self.name_column < len(cells) else ""
        name_key = self.header_keys.get(self.name_column)
        if (
            name
            and name_key
            and name.casefold() == self.name_title
            and fold_key(name) == name_key
            and sum(1 for i, t in texts if self.header_keys.get(i) == fold_key(t)) >= 2
        ):
            return Verdict("skip", REPEATED_HEADER)
        # Most rows are plain data: the costlier checks below only run on rows that
        # are short, have no name, or whose first text starts like "Cộng"/"Tổng".
        label = next((t for _i, t in texts if not _NUMERIC.fullmatch(t)), "")
        if name and not sparse:
            if fold(label.split(" ", 1)[0]) in _TOTAL_FIRST:
                total = _total(fold_words(label), False)
                if total:
                    return Verdict("skip", total)
            if self._row_number(cells) is None:
                return READ
        joined = " ".join(" ".join(fold_words(t)) for _i, t in texts)
        first = " ".join(fold_words(texts[0][1]))
        if (sparse or not name) and self._footer(first, joined):
            return Verdict("stop", SIGNATURE)
        total = _total(fold_words(label), sparse and bool(re.search(r"\d", joined)))
        if total:
            return Verdict("skip", total)
        number = self._row_number(cells)
        if number is not None and (
            _ROMAN.match(number.lower()) or re.fullmatch(r"[A-Za-z]\.?", number)
        ):
            return self._group(texts)
        if sparse and number is None and self._only_group_text(texts):
            return self._group(texts)
        if after_blank and sparse and len(texts) == 1 and texts[0][0] != self.name_column:
            return Verdict("stop", AFTER_BLANK)
        return READ

    @staticmethod
    def _footer(first: str, joined: str) -> bool:
        return bool(_PLACE_DATE.search(joined)) or any(
            first.startswith(w) or f" {w}" in f" {joined}" for w in _SIGNATURE_WORDS
        )

    def _row_number(self, cells: list[Any]) -> str | None:
        index = self.columns.row_number_column
        if index is None or index >= len(cells):
            return None
        text = _text(cells[index])
        if not text or _ROW_NUMBER.fullmatch(text):
            return None
        return text

    def _only_group_text(self, texts: list[tuple[int, str]]) -> bool:
        first = " ".join(fold_words(texts[0][1]))
        return len(texts) == 1 and any(first.startswith(w + " ") for w in _GROUP_WORDS)

    def _group(self, texts: list[tuple[int, str]]) -> Verdict:
        label = next((t for i, t in texts if i != self.columns.row_number_column), "")
        words = fold_words(label)
        district = None
        if words[:1] in (["huyen"], ["quan"]) or words[:2] == ["thi", "xa"]:
            district = label
        return Verdict("skip", GROUP, district=district)

    @staticmethod
    def _numbers_in_order(texts: list[str]) -> bool:
        digits = [re.sub(r"\D", "", t) for t in texts]
        if all(digits):
            values = [int(d) for d in digits]
            return values == sorted(values) and len(set(values)) == len(values)
        return True  # "(A) (B) (C)"


def rows_of(
    buffered: list[tuple[int, list[Any]]], rest: Iterator[tuple[int, list[Any]]]
) -> Iterator[tuple[int, list[Any]]]:
    """The buffered rows, then the rest of the sheet."""
    yield from buffered
    yield from rest
