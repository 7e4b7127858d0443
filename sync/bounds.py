"""The bounds of a record that travels, checked before its model: headquarters
refuses a pushed record past them, and a device parks a pulled one.

The app's pydantic models say what a record *means* (dates, tax codes, choices);
these limits say how *big* any part of it may be, so no device — buggy or hostile —
can store a value that breaks another device (an integer SQLite cannot hold, a
15 MB text every laptop then downloads) or the server (a lone surrogate that
cannot be written as UTF-8, a NUL that ends C strings). Every limit is generous
for real work; docs/sync-protocol.md lists them.
"""

from __future__ import annotations

import math
from typing import Any

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_MONEY = 10**15
"""Money in đồng: a thousand trillion is far beyond any support amount."""
MAX_TEXT = 2_000
"""A name, an address, a phone, an id: any text field not listed in LONG_TEXT."""
MAX_LONG_TEXT = 50_000
"""Findings, recommendations, notes: tens of pages of typing."""
LONG_TEXT = frozenset(
    {
        "findings",
        "recommendations",
        "next_steps",
        "notes",
        "note",
        "description",
        "comment",
        "comments",
        "evidence",
        "body",
        "summary",
        "products",
    }
)
MAX_ITEMS = 2_000
"""Items in a list (officers, checklist answers) or keys in an object."""
MAX_DEPTH = 8
"""Nesting of lists and objects inside one record."""
MAX_RECORD_BYTES = 256 * 1024
"""One record as JSON: also bounds what one pulled record costs a device."""
MAX_FILE_SIZE = 50 * 1024 * 1024
# Integers with a floor and a ceiling of their own (the rest: SQLite's 64 bits).
INT_RANGES: dict[str, tuple[int, int]] = {
    "version": (1, 10**9),
    "base_version": (0, 10**9),
    "size": (0, MAX_FILE_SIZE),
    "amount_vnd": (0, MAX_MONEY),
    "year": (1900, 2200),
}


class OutOfBounds(ValueError):
    """A value past a limit: `where` names the field, the message says the limit."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


def _check_text(where: str, name: str, value: str) -> None:
    limit = MAX_LONG_TEXT if name in LONG_TEXT else MAX_TEXT
    if len(value) > limit:
        raise OutOfBounds(where, f"text of {len(value)} characters, at most {limit}")
    if "\x00" in value:
        raise OutOfBounds(where, "text contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise OutOfBounds(where, "text contains a lone surrogate (not valid Unicode)") from None


def _check(where: str, name: str, value: Any, depth: int) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        _check_text(where, name, value)
    elif isinstance(value, int):
        low, high = INT_RANGES.get(name, (INT64_MIN, INT64_MAX))
        if not low <= value <= high:
            raise OutOfBounds(where, f"number {value} outside {low}..{high}")
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_MONEY:
            raise OutOfBounds(where, f"number {value} is out of range")
    elif isinstance(value, list | dict):
        if depth >= MAX_DEPTH:
            raise OutOfBounds(where, f"nested more than {MAX_DEPTH} levels")
        if len(value) > MAX_ITEMS:
            raise OutOfBounds(where, f"{len(value)} items, at most {MAX_ITEMS}")
        if isinstance(value, list):
            for index, item in enumerate(value):
                _check(f"{where}[{index}]", name, item, depth + 1)
        else:
            for key, item in value.items():
                _check_text(f"{where}.<key>", "", str(key))
                _check(f"{where}.{key}", str(key), item, depth + 1)
    else:
        raise OutOfBounds(where, f"unexpected value of type {type(value).__name__}")


def check_record(data: dict[str, Any]) -> None:
    """Raise OutOfBounds for the first part of a record past a limit."""
    if len(data) > MAX_ITEMS:
        raise OutOfBounds("record", f"{len(data)} fields, at most {MAX_ITEMS}")
    for name, value in data.items():
        _check_text("record.<field name>", "", str(name))
        _check(name, name, value, 0)


def check_identifier(where: str, value: str) -> None:
    """Ids, kinds, clocks: short, printable ASCII-safe text."""
    _check_text(where, "", value)
