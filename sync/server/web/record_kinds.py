"""The kinds of record the web pages list: a view of every kind of the registry
(`field_app.kinds`) that has a `web` listing (its `?kind=` key, summary field, label
and whether it belongs to one enterprise), in registry order."""

from __future__ import annotations

from dataclasses import dataclass

from field_app.kinds import KINDS as REGISTRY
from field_app.kinds import RecordKind


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


KINDS: tuple[WebKind, ...] = tuple(
    WebKind(
        k.web.key,
        k,
        f"r.{k.web.summary_field}",
        own_label=k.web.label,
        has_enterprise=k.web.has_enterprise,
    )
    for k in REGISTRY.values()
    if k.web is not None
)
BY_KEY = {k.key: k for k in KINDS}
LISTED = tuple(k.key for k in KINDS)
"""Kinds listed when no kind is chosen."""


def kind_of_entity(entity: str) -> WebKind | None:
    """The listed kind of a sync entity."""
    return next((k for k in KINDS if k.entity == entity and k.key in LISTED), None)
