"""The kinds of record the web pages list: a view of every kind of the registry
(`field_app.kinds`) that has a `web` listing (its `?kind=` key, summary field, label
and whether it belongs to one enterprise), in registry order."""

from __future__ import annotations

from dataclasses import dataclass

from field_app.kinds import KINDS as REGISTRY
from field_app.kinds import RecordKind
from field_app.record_kind import WebListing


@dataclass(frozen=True)
class WebKind:
    """One kind of record as the records table shows it."""

    key: str
    """Value of `?kind=` in URLs."""
    record: RecordKind

    @property
    def _web(self) -> WebListing:
        """The registry's listing (every kind here has one)."""
        assert self.record.web is not None
        return self.record.web

    @property
    def summary(self) -> str:
        """SQL expression (alias `r`) shown as the record's one-line summary."""
        return f"r.{self._web.summary_field}"

    @property
    def has_enterprise(self) -> bool:
        """False for kinds not tied to one enterprise (training courses)."""
        return self._web.has_enterprise

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
        return self._web.label or self.record.label

    @property
    def pdf(self) -> str:
        """Kind name for field_app.reports.record_pdf.write_record_pdf."""
        return self.record.name


KINDS: tuple[WebKind, ...] = tuple(
    WebKind(k.web.key, k) for k in REGISTRY.values() if k.web is not None
)
BY_KEY = {k.key: k for k in KINDS}
LISTED = tuple(k.key for k in KINDS)
"""Kinds listed when no kind is chosen."""


def kind_of_entity(entity: str) -> WebKind | None:
    """The listed kind of a sync entity."""
    return next((k for k in KINDS if k.entity == entity), None)
