"""Describing a model's fields once: labels, import headers, export column, form hints.

A field carries a `Described` in its `Annotated[...]` metadata. The importer, the
exports, the list of editable fields and the profile form all read it from there,
so adding a field to a record means writing it once, on the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from field_app.i18n import current_language
from field_app.text import fold_key

if TYPE_CHECKING:
    from pydantic import BaseModel

Pair = tuple[str, str]
"""A text in Vietnamese and in English, in that order."""


def pick(pair: Pair) -> str:
    """The half of a (Vietnamese, English) pair for the interface language."""
    return pair[0] if current_language() == "vi" else pair[1]


@dataclass(frozen=True)
class ExportHint:
    """How a field appears as a column of the exports (xlsx sheet, CSV file)."""

    type: str = "text"
    """Value type the writers format: text, int, date, money, percent, number."""
    width: int = 0
    """Fixed width in characters; 0 sizes the column from header and data."""
    order: int = 0
    """Sort key of the column; equal keys keep the model's field order."""
    header: Pair | None = None
    """Column header when it differs from the field's label."""


@dataclass(frozen=True)
class WidgetHint:
    """How the profile form edits a field."""

    kind: str = "text"
    """text, number, date, choice (from the field's enum), province or commune
    (chosen from the administrative map, typed without marks)."""
    order: int = 0
    """Place on the form, smallest first."""
    label: Pair | None = None
    """Form label when it differs from the field's label (e.g. with the range)."""
    placeholder: Pair | None = None


@dataclass(frozen=True)
class Described:
    """Everything said about one field outside its type and validation."""

    label: Pair
    aliases: tuple[str, ...] = ()
    """Other import headers that mean this field, in either language; matching
    folds case, marks, đ and punctuation, so one spelling covers "Mã số thuế",
    "MA SO THUE" and "ma_so_thue"."""
    export: ExportHint | None = ExportHint()
    """None: the field is not exported."""
    widget: WidgetHint | None = None
    """None: the profile form does not show the field."""
    editable: bool = True
    """An officer may change it; each editable field merges separately in sync."""


@dataclass(frozen=True)
class DescribedField:
    """A field's name with its description."""

    name: str
    description: Described

    @property
    def label(self) -> str:
        """The label in the interface language."""
        return pick(self.description.label)

    @property
    def label_pair(self) -> Pair:
        return self.description.label

    @property
    def export_header(self) -> str:
        """The export column's header in the interface language."""
        hint = self.description.export
        return pick(hint.header if hint and hint.header else self.description.label)

    @property
    def form_label(self) -> str:
        """The label the profile form shows."""
        hint = self.description.widget
        return pick(hint.label if hint and hint.label else self.description.label)

    def headers(self) -> tuple[str, ...]:
        """Every header an import recognises for this field: the name, both labels,
        both export headers and the aliases (so the app's own exports re-import)."""
        found = [self.name, *self.description.label, *self.description.aliases]
        hint = self.description.export
        if hint and hint.header:
            found.extend(hint.header)
        widget = self.description.widget
        if widget and widget.label:
            found.extend(widget.label)
        return tuple(found)


def described_fields(model: type[BaseModel]) -> tuple[DescribedField, ...]:
    """The described fields of `model`, in declaration order."""
    found = []
    for name, info in model.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, Described):
                found.append(DescribedField(name, meta))
                break
    return tuple(found)


def header_index(fields: tuple[DescribedField, ...]) -> dict[str, str]:
    """Folded header -> field name, over every header of every field.

    A header claimed by two fields is a mistake in the descriptions: fail loudly
    (at import time of the module, caught by any test) rather than guess.
    """
    index: dict[str, str] = {}
    for described in fields:
        for header in described.headers():
            key = fold_key(header)
            if not key:
                continue
            owner = index.setdefault(key, described.name)
            if owner != described.name:
                raise ValueError(f"header {header!r} describes both {owner} and {described.name}")
    return index
