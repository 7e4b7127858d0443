"""Provinces and communes as data (the 2025 two-tier map), never hard-coded.

The list ships in `field_app/data/places.csv`; headquarters can send a newer one.
Codes are filled in only where known.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PLACES_FILE = Path(__file__).parent / "data" / "places.csv"


@dataclass(frozen=True)
class Place:
    """A commune (xã/phường/đặc khu) and its province."""

    province: str
    province_code: str
    commune: str
    commune_code: str
    kind: str


@cache
def load_places(path: Path = PLACES_FILE) -> tuple[Place, ...]:
    """Every known commune, in file order."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return tuple(Place(**row) for row in csv.DictReader(fh))


def provinces() -> list[str]:
    """Province names, in file order, without repeats."""
    return list(dict.fromkeys(p.province for p in load_places()))


def communes_of(province: str) -> list[Place]:
    """The communes of one province."""
    return [p for p in load_places() if p.province == province]
