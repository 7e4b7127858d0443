"""The kinds of record the web pages list, and how each is read from a copy.

`training` is, for now, the site visits made for training (the programme report
counts them the same way) until training courses are a record kind of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from field_app.i18n import N_


@dataclass(frozen=True)
class WebKind:
    """One kind of record as the records table shows it."""

    key: str
    """Value of `?kind=` in URLs."""
    entity: str
    """Sync entity (also the review's `record_kind`)."""
    table: str
    day: str
    """Column holding the record's date."""
    summary: str
    """SQL expression (alias `r`) shown as the record's one-line summary."""
    label: str
    pdf: str
    """Record kind (field_app.kinds) whose PDF report write_record_pdf writes."""
    where: str = "1"
    """Extra condition selecting this kind's rows in its table."""


KINDS: tuple[WebKind, ...] = (
    WebKind("visit", "visit", "visits", "visit_date", "r.purpose", N_("Site visit"), "visit"),
    WebKind(
        "audit_5s", "audit_5s", "audits_5s", "audit_date", "r.area", N_("5S audit"), "audit_5s"
    ),
    WebKind(
        "vietgap",
        "vietgap_check",
        "vietgap_checks",
        "check_date",
        "r.scope",
        N_("VietGAP check"),
        "vietgap_check",
    ),
    WebKind(
        "training",
        "visit",
        "visits",
        "visit_date",
        "r.purpose",
        N_("Training"),
        "visit",
        "r.purpose = 'training'",
    ),
)
BY_KEY = {k.key: k for k in KINDS}
LISTED = ("visit", "audit_5s", "vietgap")
"""Kinds listed when no kind is chosen (training visits are among the visits)."""


def kind_of_entity(entity: str) -> WebKind | None:
    """The listed kind of a sync entity."""
    return next((k for k in KINDS if k.entity == entity and k.key in LISTED), None)
