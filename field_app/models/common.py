"""Field types and validators shared by the domain models."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from field_app.i18n import _
from field_app.text import clean

_TAX_CODE = re.compile(r"^(\d{10}|\d{10}-\d{3}|\d{12})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _clean_text(value: object) -> object:
    return clean(value) if isinstance(value, str) or value is None else value


def _optional_text(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, str):
        return clean(value) or None
    return value


Text = Annotated[str, BeforeValidator(_clean_text)]
"""Text stored NFC, trimmed, with inner whitespace collapsed; empty allowed."""

OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
"""Like Text, but empty becomes None."""


def normalize_tax_code(value: object) -> str | None:
    """Check a Vietnamese tax code (mã số thuế) and return it without spaces.

    Accepted: 10 digits; 10 digits-3 digits for a branch; the 12-digit personal
    identification number used by household businesses since mid-2025. No checksum
    rule is applied: none is published that we can rely on.
    """
    if value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(_("tax code must be text"))
    compact = re.sub(r"[\s.]", "", value)
    if not compact:
        return None
    if not _TAX_CODE.match(compact):
        raise ValueError(
            _(
                "tax code '{value}' is not valid: use 10 digits, 10 digits-3 digits "
                "for a branch, or the 12-digit personal number"
            ).format(value=value.strip())
        )
    return compact


def normalize_phone(value: object) -> str | None:
    """Check a Vietnamese phone number; keep the officer's spacing but require 9-11 digits."""
    if value is None:
        return None
    if isinstance(value, int):
        value = "0" + str(value)  # spreadsheets drop the leading zero
    text = clean(str(value))
    if not text:
        return None
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit() or not (10 <= len(digits) <= 11) or not digits.startswith("0"):
        raise ValueError(
            _("phone '{value}' is not valid: use 10 or 11 digits starting with 0").format(
                value=text
            )
        )
    return text


def normalize_email(value: object) -> str | None:
    """Check an email address's shape (no network lookups: officers are offline)."""
    if value is None:
        return None
    text = clean(str(value))
    if not text:
        return None
    if not _EMAIL.match(text):
        raise ValueError(_("email '{value}' is not valid: use name@domain").format(value=text))
    return text.lower()


def parse_date(value: object) -> object:
    """Accept dates as dd/mm/yyyy (how officers write them), ISO, or date objects."""
    if value is None or isinstance(value, date | datetime):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        if _looks_like_a_date(text):  # written right, but no such day (31/02)
            raise ValueError(_("{value} does not exist").format(value=text))
        raise ValueError(
            _("date '{value}' is not valid: write it as dd/mm/yyyy").format(value=text)
        )
    return value


def _looks_like_a_date(text: str) -> bool:
    """True for day/month/year (or ISO) digits in range that still make no day."""
    import re

    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month = int(match[1]), int(match[2])
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not match:
            return False
        day, month = int(match[3]), int(match[2])
    return 1 <= day <= 31 and 1 <= month <= 12


def date_of(text: str | None) -> date | None:
    """A stored ISO (or typed dd/mm/yyyy) date as a date; None when empty or unreadable."""
    try:
        value = parse_date(text)
    except ValueError:
        return None
    return value if isinstance(value, date) else None


TaxCode = Annotated[str | None, BeforeValidator(normalize_tax_code)]
Phone = Annotated[str | None, BeforeValidator(normalize_phone)]
Email = Annotated[str | None, BeforeValidator(normalize_email)]
LocalDate = Annotated[date | None, BeforeValidator(parse_date)]
RequiredDate = Annotated[date, BeforeValidator(parse_date)]


class RecordMeta(BaseModel):
    """What every stored record carries: identity, provenance and version."""

    model_config = ConfigDict(validate_assignment=True, extra="ignore")

    id: str = ""
    """UUIDv7 made on the device that created the record."""
    created_at: str = ""
    """UTC ISO time of creation."""
    updated_at: str = ""
    """UTC ISO time of the last change."""
    created_by: str = ""
    """Officer who created the record."""
    device_id: str = ""
    """Device that created the record."""
    version: int = Field(default=0, ge=0)
    """Incremented on every change; sync sends the version an edit was based on."""


def describe_errors(exc: Exception) -> list[str]:
    """Turn a pydantic ValidationError into short 'field: what to fix' lines."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return [str(exc)]
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "record"
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {msg}")
    return lines
