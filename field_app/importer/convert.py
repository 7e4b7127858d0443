"""One row of a table into an Enterprise: repairs, the 2025 map, and what a row costs.

Only what identifies the enterprise (its name, a malformed tax code, an unknown kind)
makes a row invalid. Any other bad cell is left out with a note naming the row and
the column, so a typo in a phone number does not lose the enterprise.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from pydantic import ValidationError

from field_app.i18n import _
from field_app.importer.legacy import ColumnDecoder
from field_app.importer.repairs import (
    REPAIRS,
    CellError,
    ForNotes,
    Repair,
    repair_date,
    repair_text,
)
from field_app.importer.report import Notice
from field_app.importer.table import Columns
from field_app.models.enterprise import Enterprise, describe
from field_app.places import PlaceMatch, resolve

IDENTIFYING = frozenset({"name", "tax_code", "kind"})
PLACE_FIELDS = ("province", "commune", "district")


def _is_date(annotation: Any) -> bool:
    return annotation is date or date in get_args(annotation)


def _repairs() -> dict[str, Repair]:
    found = dict(REPAIRS)
    for name, info in Enterprise.model_fields.items():
        if name not in found and _is_date(info.annotation):
            found[name] = repair_date
    return found


@dataclass
class RowResult:
    """An enterprise ready to store (or why the row cannot be), and its notes."""

    enterprise: Enterprise | None = None
    given: set[str] = field(default_factory=set)
    notes: list[Notice] = field(default_factory=list)
    reason: str = ""


class RowConverter:
    """Turns rows of one table into enterprises, remembering what it learnt."""

    def __init__(self, columns: Columns, sheet: str, default_province: str = "") -> None:
        self.columns = columns
        self.sheet = sheet
        self.default_province = default_province
        self.repairs = _repairs()
        # (column, field, its repair or None for plain text), worked out once per table.
        self.plan = [
            (i, f, None if f == "district" else self.repairs.get(f))
            for i, f in columns.fields.items()
        ]
        self.decoders = {i: ColumnDecoder() for i in columns.fields}
        self.converted: dict[tuple[str, str], int] = {}
        self._places: dict[tuple[str, str, str], PlaceMatch] = {}

    def title(self, index: int) -> str:
        return self.columns.titles.get(index) or describe(self.columns.fields[index]).label

    def convert(self, line: int, cells: list[Any], district: str | None = None) -> RowResult:
        """The row's enterprise, or its reason for being invalid."""
        result = RowResult()
        data: dict[str, Any] = {}
        where: dict[str, int] = {}
        kept: list[str] = []  # cell text beyond what its field takes, for the notes
        count = len(cells)
        for index, name, repair in self.plan:
            if index >= count:
                continue
            value = cells[index]
            if value is None:
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
                if not value.isascii():  # legacy text is never ASCII
                    value, encoding = self.decoders[index].decode(value)
                    if encoding:
                        key = (encoding, self.title(index))
                        self.converted[key] = self.converted.get(key, 0) + 1
                if repair is None:  # plain text: the common case, kept cheap
                    where[name] = index
                    data[name] = value
                    continue
            where[name] = index
            repair = repair or repair_text
            try:
                repaired, notes = repair(value)
            except CellError as exc:
                if name in IDENTIFYING:
                    result.reason = _("column '{column}': {message}").format(
                        column=self.title(index), message=exc
                    )
                    return result
                result.notes.append(
                    self._note(
                        line, index, _("{message}; the cell was left out").format(message=exc)
                    )
                )
                continue
            for note in notes:
                result.notes.append(self._note(line, index, note))
                if isinstance(note, ForNotes):
                    kept.append(note.kept)
            if repaired not in (None, ""):
                data[name] = repaired
        if kept:
            data["notes"] = "; ".join([data["notes"], *kept] if data.get("notes") else kept)
        if "kind" not in data and "name" in data:
            # "Hợp tác xã ..." with no kind column is a cooperative.
            with suppress(CellError):
                data["kind"] = REPAIRS["kind"](data["name"])[0]
        if not data.get("name"):
            name_at = next((i for i, f in self.columns.fields.items() if f == "name"), None)
            column = self.title(name_at) if name_at is not None else describe("name").label
            result.reason = _("column '{column}': the name is empty").format(column=column)
            return result
        self._place(line, data, where, result, district)
        data.pop("district", None)
        result.given = set(data) - {"id", "created_at"}
        for _attempt in range(len(data) + 1):
            try:
                result.enterprise = Enterprise.model_validate(data)
                return result
            except ValidationError as exc:
                bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
                for err in exc.errors():
                    name = str(err["loc"][0]) if err["loc"] else "name"
                    message = err["msg"].removeprefix("Value error, ")
                    if name in IDENTIFYING or name not in data:
                        title = self.title(where[name]) if name in where else describe(name).label
                        result.reason = _("column '{column}': {message}").format(
                            column=title, message=message
                        )
                        return result
                for name in bad:
                    at = where.get(name)
                    column = self.title(at) if at is not None else describe(name).label
                    result.notes.append(
                        Notice(
                            line,
                            column,
                            _("'{value}' left out: {message}").format(
                                value=data.pop(name), message=_first_message(exc, name)
                            ),
                            self.sheet,
                        )
                    )
                    result.given.discard(name)
        result.reason = _("the row could not be read")
        return result

    def _note(self, line: int, index: int, message: str) -> Notice:
        return Notice(line, self.title(index), message, self.sheet)

    def _place(
        self,
        line: int,
        data: dict[str, Any],
        where: dict[str, int],
        result: RowResult,
        district: str | None,
    ) -> None:
        province = str(data.get("province") or self.default_province or "")
        commune = str(data.get("commune") or "")
        old_district = str(data.get("district") or district or "")
        if not (province or commune):
            return
        key = (province, commune, old_district)
        match = self._places.get(key)
        if match is None:
            match = resolve(province, commune, old_district)
            self._places[key] = match
        data["province"] = match.province
        data["province_code"] = match.province_code
        data["commune"] = match.commune
        data["commune_code"] = match.commune_code
        if match.old_text and not data.get("old_address"):
            address = data.get("address")
            data["old_address"] = f"{address}, {match.old_text}" if address else match.old_text
        column = where.get("commune", where.get("province", where.get("district")))
        title = self.title(column) if column is not None else describe("province").label
        for warning in match.warnings:
            result.notes.append(Notice(line, title, warning, self.sheet))


def _first_message(exc: ValidationError, name: str) -> str:
    for err in exc.errors():
        if err["loc"] and str(err["loc"][0]) == name:
            return str(err["msg"]).removeprefix("Value error, ")
    return ""
