"""Certificate expiry: VietGAP certificates last 2 years, OCOP ratings 36 months.

The home screen warns before a certificate lapses. A certificate recorded with its
issue date but no expiry date gets the scheme's longest validity (Circular
48/2012/TT-BNNPTNT art. 17 for VietGAP; 36 months for an OCOP rating), so a missing
field never hides an expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from field_app.text import fold_key

if TYPE_CHECKING:
    from field_app.store.store import Store

VALIDITY_MONTHS: dict[str, int] = {"vietgap": 24, "ocop": 36}
"""Longest validity per scheme (folded name prefix -> months)."""


def validity_months(standard: str) -> int | None:
    """Months a certificate of `standard` lasts at most, when the scheme fixes it."""
    key = fold_key(standard)
    for prefix, months in VALIDITY_MONTHS.items():
        if key.startswith(prefix):
            return months
    return None


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months (the 31st becomes the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def expiry_date(standard: str, issued_on: date | None, valid_until: date | None) -> date | None:
    """The date a certificate lapses: its own expiry, or issue date + the scheme's validity."""
    if valid_until is not None:
        return valid_until
    months = validity_months(standard)
    if issued_on is None or months is None:
        return None
    return add_months(issued_on, months)


@dataclass(frozen=True)
class Expiring:
    """A certificate (or OCOP rating) that lapses soon or has lapsed."""

    enterprise_id: str
    standard: str
    number: str
    expires_on: date
    days_left: int


def expiring(store: Store, today: date, within_days: int = 90, limit: int = 50) -> list[Expiring]:
    """Certificates and OCOP ratings lapsing within `within_days` (or lapsed), soonest first."""
    horizon = today + timedelta(days=within_days)
    found: list[Expiring] = []
    rows = store.query(
        "SELECT enterprise_id, standard, number, issued_on, valid_until FROM certifications"
        " WHERE (valid_until IS NOT NULL AND valid_until <= ?)"
        "    OR (valid_until IS NULL AND issued_on IS NOT NULL)",
        (horizon.isoformat(),),
    )
    for row in rows:
        ends = expiry_date(
            row["standard"],
            date.fromisoformat(row["issued_on"]) if row["issued_on"] else None,
            date.fromisoformat(row["valid_until"]) if row["valid_until"] else None,
        )
        if ends is not None and ends <= horizon:
            found.append(
                Expiring(
                    row["enterprise_id"],
                    row["standard"],
                    row["number"] or "",
                    ends,
                    (ends - today).days,
                )
            )
    for row in store.query(
        "SELECT id, ocop_stars, ocop_expiry FROM enterprises"
        " WHERE ocop_expiry IS NOT NULL AND ocop_expiry <= ?",
        (horizon.isoformat(),),
    ):
        ends = date.fromisoformat(row["ocop_expiry"])
        stars = f" {row['ocop_stars']}★" if row["ocop_stars"] else ""
        found.append(Expiring(row["id"], f"OCOP{stars}", "", ends, (ends - today).days))
    found.sort(key=lambda e: e.expires_on)
    return found[:limit]
