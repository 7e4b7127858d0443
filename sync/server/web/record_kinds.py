"""The kinds of record the web pages list, as views of the record-kind registry
(`field_app.kinds`): what the registry does not say is only how a row is summed up
in the table and which rows of a table a listed kind selects.

Training courses gather several enterprises (or none), so they have no enterprise
column: the table shows their place, and they are not reviewed (a review travels to
the province of the record's enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass

from field_app.i18n import N_
from field_app.kinds import AUDIT_5S, TRAINING_COURSE, VIETGAP_CHECK, VISIT, RecordKind


@dataclass(frozen=True)
class WebKind:
    """One kind of record as the records table shows it."""

    key: str
    """Value of `?kind=` in URLs."""
    record: RecordKind
    summary: str
    """SQL expression (alias `r`) shown as the record's one-line summary."""
    where: str = "1"
    """Extra condition selecting this kind's rows in its table."""
    own_label: str = ""
    """A label of its own when it is a part of a registry kind."""
    has_enterprise: bool = True
    """False for kinds not tied to one enterprise (training courses)."""

    @property
    def entity(self) -> str:
        """Sync entity (also the review's `record_kind` and the PDF's kind)."""
        return self.record.name

    @property
    def table(self) -> str:
        """The device table holding it."""
        return self.record.table

    @property
    def day(self) -> str:
        """Column holding the record's date."""
        assert self.record.date_column
        return self.record.date_column

    @property
    def label(self) -> str:
        """English label, translated when shown."""
        return self.own_label or self.record.label

    @property
    def pdf(self) -> str:
        """Kind name for field_app.reports.record_pdf.write_record_pdf."""
        return self.record.name


KINDS: tuple[WebKind, ...] = (
    WebKind("visit", VISIT, "r.purpose"),
    WebKind("audit_5s", AUDIT_5S, "r.area"),
    WebKind("vietgap", VIETGAP_CHECK, "r.scope"),
    WebKind(
        "training",
        TRAINING_COURSE,
        "r.topic",
        own_label=N_("Training course"),
        has_enterprise=False,
    ),
)
BY_KEY = {k.key: k for k in KINDS}
LISTED = ("visit", "audit_5s", "vietgap", "training")
"""Kinds listed when no kind is chosen."""


def kind_of_entity(entity: str) -> WebKind | None:
    """The listed kind of a sync entity."""
    return next((k for k in KINDS if k.entity == entity and k.key in LISTED), None)
