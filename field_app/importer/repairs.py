"""Repairing cell values as spreadsheets leave them, saying what was changed.

Each repair returns the value the model can take and the notes to show the officer
(one per change); a value that cannot be repaired raises `CellError` with what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from field_app.i18n import _
from field_app.models.enterprise import parse_kind

Repair = Callable[[Any], tuple[Any, list[str]]]


class CellError(ValueError):
    """A cell value that cannot be used; the message says why, in the interface language."""


def as_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


# -- tax code -------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+-]?\d+$")


def repair_tax_code(value: Any) -> tuple[str | None, list[str]]:
    """A tax code as 10 digits, 10-3 or 12 digits, from what Excel made of it.

    Excel stores a code typed as a number without its leading zero (0101234567 ->
    101234567): a number of 9 or 11 digits gets it back. A code shown in scientific
    notation (1.01E+09) has lost digits and is refused.
    """
    if type(value) is str and value.isdigit() and len(value) in (10, 12):
        return value, []  # already right: most cells of a well-kept list
    notes: list[str] = []
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise CellError(
                _(
                    "tax code {value} is a number with lost digits; format the column as "
                    "Text in Excel and type the code again"
                ).format(value=value)
            )
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        numeric = True
    else:
        text = as_text(value)
        numeric = False
    if not text:
        return None, notes
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise CellError(
            _(
                "tax code '{value}' is in scientific notation, so digits are lost; format the "
                "column as Text in Excel and type the code again"
            ).format(value=text)
        )
    cleaned = text
    if cleaned.startswith("'"):
        cleaned = cleaned[1:]
    cleaned = re.sub(r"[\s.]", "", cleaned)
    if cleaned != text:
        notes.append(_("tax code '{value}' written as {code}").format(value=text, code=cleaned))
    digits = cleaned.split("-")[0]
    if digits.isdigit() and len(digits) in (9, 11) and (numeric or "-" not in cleaned):
        restored = "0" + cleaned
        notes.append(
            _("tax code {value} had lost its leading zero (Excel drops it); read as {code}").format(
                value=cleaned, code=restored
            )
        )
        cleaned = restored
    return cleaned, notes


class ForNotes(str):
    """A repair's message whose `kept` text also goes into the record's notes field,
    so what the cell held beyond the one value the field takes is not lost."""

    kept: str

    def __new__(cls, message: str, kept: str) -> ForNotes:
        made = super().__new__(cls, message)
        made.kept = kept
        return made


# -- phone ----------------------------------------------------------------------------

_PHONE_SPLIT = re.compile(r"\s*(?:[;,/|\n]|\s-\s|\s–\s|\bvà\b|\bhoặc\b)\s*")


def repair_phone(value: Any) -> tuple[str | None, list[str]]:
    """One phone number in national form (0...); others in the cell go to a note."""
    if type(value) is str and value.isdigit() and value.startswith("0"):
        return value, []  # already right: most cells of a well-kept list
    notes: list[str] = []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if not text.startswith("84"):
            text = "0" + text  # a number cell lost the leading zero
            notes.append(_("phone {value} read as {phone}").format(value=value, phone=text))
    else:
        text = as_text(value)
    parts = [p for p in _PHONE_SPLIT.split(text) if re.search(r"\d", p)]
    if not parts:
        return None, notes
    first, others = parts[0], parts[1:]
    if others:
        notes.append(
            ForNotes(
                _("several phones: kept {first}; the others went into the notes: {others}").format(
                    first=first, others=", ".join(others)
                ),
                _("Other phones: {others}").format(others=", ".join(others)),
            )
        )
    digits = re.sub(r"[\s.\-()]", "", first)
    if digits.startswith("+84"):
        national = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = "0" + digits[2:]
    else:
        national = ""
    if national:
        notes.append(_("phone {value} written as {phone}").format(value=first, phone=national))
        first = national
    return first, notes


# -- OCOP stars -----------------------------------------------------------------------

_STARS = re.compile(r"^\D*?(\d+)\s*(?:sao|\*|★|☆|stars?|s)?\s*(?:ocop)?\.?$", re.IGNORECASE)


def repair_ocop(value: Any) -> tuple[int | None, list[str]]:
    """OCOP stars from 4, "4 sao", "4*", "4 ★", "★★★★" or "OCOP 4 sao"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if 3 <= value <= 5:
            return value, []
        raise CellError(_("OCOP stars must be 3, 4 or 5, not {value}").format(value=value))
    text = as_text(value)
    if not text:
        return None, []
    stars = text.count("★") or text.count("☆")
    if stars and not re.search(r"\d", text):
        number = stars
    else:
        match = _STARS.match(text.replace("OCOP", "").replace("ocop", "").strip())
        if not match:
            raise CellError(
                _("OCOP stars '{value}' not understood: write 3, 4 or 5").format(value=text)
            )
        number = int(match.group(1))
    if not 3 <= number <= 5:
        raise CellError(_("OCOP stars must be 3, 4 or 5, not {value}").format(value=text))
    notes = (
        []
        if text == str(number)
        else [_("OCOP '{value}' read as {stars} stars").format(value=text, stars=number)]
    )
    return number, notes


# -- dates ----------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%Y/%m/%d")


def repair_date(value: Any) -> tuple[date | None, list[str]]:
    """A date from an Excel date, an Excel serial number, dd/mm/yyyy or ISO text."""
    if value is None or value == "":
        return None, []
    if isinstance(value, datetime):
        return value.date(), []
    if isinstance(value, date):
        return value, []
    # Excel's serial days: a date cell saved as a plain number.
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        day = _EXCEL_EPOCH + timedelta(days=int(value))
        return day, [
            _("{value} read as the Excel date {date}").format(
                value=as_text(value), date=day.strftime("%d/%m/%Y")
            )
        ]
    text = as_text(value)
    text = re.sub(r"^(ngày|ngay)\s+", "", text, flags=re.IGNORECASE)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        text = text[:10]  # a timestamp: the day is what is meant
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date(), []
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.0)?", text):
        return repair_date(float(text))
    raise CellError(_("date '{value}' not understood: write it as dd/mm/yyyy").format(value=text))


# -- kind, email, id, text ------------------------------------------------------------


def repair_kind(value: Any) -> tuple[Any, list[str]]:
    """The legal form from any common way of writing it ("Cty TNHH", "HTX", "Hộ")."""
    text = as_text(value)
    found = _KINDS_SEEN.get(text)
    if found is None:
        try:
            found = parse_kind(text)
        except ValueError as exc:
            raise CellError(str(exc)) from exc
        if len(_KINDS_SEEN) < 1000:  # a list writes its few kinds over and over
            _KINDS_SEEN[text] = found
    return found, []


_KINDS_SEEN: dict[str, Any] = {}


def repair_email(value: Any) -> tuple[str | None, list[str]]:
    """One address; others in the cell go to a note."""
    text = as_text(value)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    parts = [p for p in re.split(r"[;,\s]+", text) if p]
    if not parts:
        return None, []
    notes: list[str] = []
    if len(parts) > 1:
        others = ", ".join(parts[1:])
        notes.append(
            ForNotes(
                _("several emails: kept {first}; the others went into the notes: {others}").format(
                    first=parts[0], others=others
                ),
                _("Other emails: {others}").format(others=others),
            )
        )
    return parts[0], notes


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def repair_id(value: Any) -> tuple[str | None, list[str]]:
    """A record id from the app's own export; anything else is not an id."""
    text = as_text(value).lower()
    if not text:
        return None, []
    if not _UUID.match(text):
        raise CellError(_("'{value}' is not a record id of this app").format(value=text))
    return text, []


def repair_created(value: Any) -> tuple[str | None, list[str]]:
    """The registration date of the app's own export, as a stored timestamp."""
    day, notes = repair_date(value)
    return (None if day is None else f"{day.isoformat()}T00:00:00Z"), notes


def repair_text(value: Any) -> tuple[str, list[str]]:
    return as_text(value), []


REPAIRS: dict[str, Repair] = {
    "tax_code": repair_tax_code,
    "phone": repair_phone,
    "ocop_stars": repair_ocop,
    "ocop_expiry": repair_date,
    "kind": repair_kind,
    "email": repair_email,
    "id": repair_id,
    "created_at": repair_created,
}
"""Field -> its repair; every other field is text."""
