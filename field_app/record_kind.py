"""What describes a record kind: data only, so every layer may import it.

`field_app.kinds` holds the registry of the kinds themselves. The parts of a kind that
live in higher layers (its repository, export sheets, PDF writer) are found by name
where they are used (`field_app/store/store.py`, `field_app/export/registry.py`,
`field_app/reports/record_pdf.py`), so nothing here imports them and no layer imports
back into a lower one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

# How a record finds its province, which decides who may write it and who receives it.
SCOPE_SELF = "self"  # the record's own `province` field (the enterprise profile)
SCOPE_ENTERPRISE = "enterprise"  # the province of the enterprise named by `enterprise_id`
SCOPE_OFFICER = "officer"  # the province of the officer who sent it
SCOPE_GLOBAL = "global"  # headquarters only, sent to every province (templates)
# Written at headquarters only, sent to the province of the enterprise (reviews).
SCOPE_HQ_ENTERPRISE = "hq_enterprise"


@dataclass(frozen=True)
class PdfReport:
    """A kind's printable report."""

    command: str
    """The word after `field-app report` (kept from earlier versions: users type it)."""
    file_tag: str
    """The short tag in the report's default file name (`<enterprise>_<tag>_<date>.pdf`)."""
    help: str = ""
    """The command's help line (`field-app report --help`)."""


@dataclass(frozen=True)
class Checklist:
    """What a kind filled against a checklist template adds to its description."""

    template_kind: str
    """`kind` in the template files ("5s", "vietgap"): which forms this record uses."""
    subject_field: str
    """The model field naming what was checked (the 5S area, the VietGAP crop and plots)."""
    subject_required: bool
    """True when a draft cannot start without it (a 5S area is compared over time)."""
    summary: Callable[[Any, Any], dict[str, Any]] | None = None
    """(template, record) -> the columns worked out on completion (a 5S audit's total,
    a VietGAP check's readiness); None: nothing is worked out."""
    propose: Callable[[Any, Any], list[Any]] | None = None
    """(template, record) -> the corrective actions the record suggests (None: none)."""


@dataclass(frozen=True)
class WebListing:
    """How headquarters' web pages list a kind in the records table."""

    key: str
    """Value of `?kind=` in the pages' URLs (kept from earlier versions: links hold it)."""
    summary_field: str
    """The field shown as the record's one-line summary (a visit's purpose...)."""
    label: str = ""
    """English `N_()` label of its own on the pages ("": the kind's label)."""
    has_enterprise: bool = True
    """False for kinds not tied to one enterprise (training courses): the table shows
    their place, and they are not reviewed (a review travels to the province of the
    record's enterprise)."""


@dataclass(frozen=True)
class RecordKind:
    """Everything generic code needs to know about one record kind."""

    name: str
    """The kind's one name: in code, in the outbox and on the wire."""
    table: str
    """Table holding it on the device (and at headquarters, inside `records`)."""
    label: str
    """English `N_()` label, translated when shown ("5S audit")."""
    load_model: Callable[[], type[BaseModel]] | None
    """Returns the pydantic model validating a whole record (None: validated elsewhere)."""
    repository: str
    """Attribute of `Store` that reads and writes it (a kind held by another's
    repository, like certificates by the enterprise's, names that one)."""
    mergeable: bool = False
    """True: edits merge per field by clock. False: append-only once completed."""
    scope: str = SCOPE_ENTERPRISE
    """How headquarters finds the record's province (one of the SCOPE_* values)."""
    key_columns: tuple[str, ...] = ("id",)
    """Columns identifying a row in the device's table."""
    count_key: str | None = None
    """Key in `status --json` counting this kind (None: not counted)."""
    pdf: PdfReport | None = None
    """Its printable report (the writer: `PDF_WRITERS` in its module of field_app/reports)."""
    date_column: str | None = None
    """The date placing a record in a period (exports, reports, timelines)."""
    yearly: bool = False
    """True when `date_column` holds a year, not a date (support is granted per year)."""
    plural: str = ""
    """English `N_()` count of more than one ("{n} 5S audits"), for counts written as a
    person would ("2 visits, 1 5S audit"); "": the kind is not counted in sentences."""
    checklist: Checklist | None = None
    """Set for kinds filled against a checklist template."""
    web: WebListing | None = None
    """Set for kinds headquarters' web pages list (None: not listed there)."""

    def day_sql(self, alias: str) -> str:
        """SQL giving the record's day (or year) from `date_column`, for table `alias`.

        A `..._at` column is a UTC timestamp: its first ten characters are the day."""
        column = f"{alias}.{self.date_column or 'created_at'}"
        return f"substr({column}, 1, 10)" if column.endswith("_at") else column

    @property
    def model(self) -> type[BaseModel] | None:
        """The pydantic model class (imported on first use)."""
        return self.load_model() if self.load_model else None

    def validator(self) -> type[BaseModel] | None:
        """The model a synced record must satisfy (None: no model check)."""
        return self.model
