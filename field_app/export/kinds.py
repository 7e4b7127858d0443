"""What an export holds: one *kind* of record per sheet (or CSV file).

Each kind names its columns (header text, value type, width) and streams its rows
straight from SQLite, so 100,000 enterprises never sit in memory at once. The xlsx
and CSV writers share these definitions, so the two formats always agree.

Headers are built by functions, not module constants, because `_()` must run after
the language is chosen (--lang).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from field_app.i18n import _, current_language
from field_app.kinds import CERTIFICATION, SUPPORT, VISIT, RecordKind

if TYPE_CHECKING:
    from field_app.store import Store

# Value types a column can hold; the writers format each one.
TEXT, DATE, MONEY, INT, PERCENT, NUMBER = "text", "date", "money", "int", "percent", "number"


@dataclass(frozen=True)
class Column:
    """One column: a header in the interface language and the type of its values."""

    header: str
    type: str = TEXT
    width: int = 0
    """Fixed width in characters; 0 means: size from the header and the data."""


@dataclass(frozen=True)
class Period:
    """The --from/--to dates an export is limited to (either may be open)."""

    start: date | None = None
    end: date | None = None

    def clause(self, column: str) -> tuple[str, list[Any]]:
        """SQL condition and parameters keeping `column` (an ISO date) in the period."""
        return _between(column, self.start, self.end, date.isoformat)

    def year_clause(self, column: str) -> tuple[str, list[Any]]:
        """SQL condition keeping the years the period touches (support is per year)."""
        return _between(column, self.start, self.end, lambda day: day.year)

    def of(self, record_kind: RecordKind, alias: str) -> tuple[str, list[Any]]:
        """The period's condition on a record kind's date column (`RecordKind.date_column`;
        by year for a yearly kind), for its table aliased `alias`."""
        day = record_kind.day_sql(alias)
        return self.year_clause(day) if record_kind.yearly else self.clause(day)


def _between(
    column: str, start: date | None, end: date | None, value: Callable[[date], Any]
) -> tuple[str, list[Any]]:
    parts, params = [], []
    if start:
        parts.append(f"{column} >= ?")
        params.append(value(start))
    if end:
        parts.append(f"{column} <= ?")
        params.append(value(end))
    return (" AND ".join(parts) or "1"), params


def owner_columns() -> tuple[Column, Column, Column]:
    """The first columns of every sheet but the registry: the record's id, then the id
    and name of its enterprise."""
    return (
        Column(_("Id"), width=38),
        Column(_("Enterprise id"), width=38),
        Column(_("Enterprise"), width=40),
    )


RowSource = Callable[["Store", Period], Iterator[tuple[Any, ...]]]


@dataclass(frozen=True)
class Kind:
    """A record kind as exported: a sheet in xlsx, a file in CSV."""

    key: str
    """Stable name: the CSV file name and the `status --json` key it matches."""
    title: str
    """Sheet title in the interface language (at most 31 characters in Excel)."""
    columns: tuple[Column, ...]
    rows: RowSource
    count_sql: str
    """SQL counting the rows `rows` yields, with one `{where}` for the period."""
    where: Callable[[Period], tuple[str, list[Any]]] | None = None
    """The period's SQL condition for `count_sql` (None: the period does not apply)."""

    def count(self, store: Store, period: Period) -> int:
        """How many rows this kind will export (for progress)."""
        where, params = self.where(period) if self.where else ("1", [])
        return int(store.scalar(self.count_sql.format(where=where), tuple(params)) or 0)


def stream(store: Store, sql: str, params: list[Any] | tuple = (), size: int = 2000) -> Iterator:
    """Rows of a read, fetched in batches so memory stays flat on large tables."""
    with store.lock:
        cur = store.conn.execute(sql, tuple(params))
        while batch := cur.fetchmany(size):
            yield from batch


def to_date(value: str | None) -> date | None:
    """An ISO date (or timestamp) from SQLite as a date, None when empty or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def joined(value: str | None) -> str:
    """A JSON list of names stored in one column, as "A; B"."""
    if not value:
        return ""
    try:
        items = json.loads(value)
    except ValueError:
        return value
    return "; ".join(str(i) for i in items) if isinstance(items, list) else str(items)


def vi_en(pair: tuple[str, str] | None, fallback: str) -> str:
    """Pick the Vietnamese or English label of a (vi, en) pair for the current language."""
    if not pair:
        return fallback
    return pair[0] if current_language() == "vi" else pair[1]


def status_label(value: str | None) -> str:
    """A record or support status in the interface language."""
    labels = {
        "draft": _("draft"),
        "completed": _("completed"),
        "registered": _("registered"),
        "approved": _("approved"),
        "paid": _("paid"),
        "cancelled": _("cancelled"),
        "open": _("open"),
        "done": _("done"),
        "verified": _("verified"),
    }
    return labels.get(value or "", value or "")


# -- the registry and visits ----------------------------------------------------------


def _enterprise_rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
    from field_app.models.enterprise import KIND_LABELS, EnterpriseKind, export_fields

    kinds = {k.value: vi_en(KIND_LABELS.get(k), k.value) for k in EnterpriseKind}
    fields = export_fields()
    # Columns are chosen by field name from the model's descriptions, so a field
    # added to the model appears here without counting positions.
    names = [f.name for f in fields]
    dates = {f.name for f in fields if f.description.export and f.description.export.type == DATE}
    sql = f"SELECT {', '.join(names)} FROM enterprises ORDER BY rid"
    for r in stream(store, sql):
        row = dict(zip(names, r, strict=True))
        if "kind" in row:
            row["kind"] = kinds.get(row["kind"], row["kind"])
        for name in dates:
            row[name] = to_date(row[name])
        yield tuple(row[name] for name in names)


def enterprises_kind() -> Kind:
    """The registry: every enterprise, cooperative, household business and farm."""
    from field_app.models.enterprise import export_fields

    columns = []
    for described in export_fields():
        hint = described.description.export
        assert hint is not None  # export_fields() keeps exported fields only
        columns.append(Column(described.export_header, hint.type, hint.width))
    return Kind(
        key="enterprises",
        title=_("Enterprises"),
        columns=tuple(columns),
        rows=_enterprise_rows,
        count_sql="SELECT count(*) FROM enterprises",
    )


def _visit_rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
    from field_app.models.visit import PURPOSE_LABELS, VisitPurpose

    purposes = {p.value: vi_en(PURPOSE_LABELS.get(p), p.value) for p in VisitPurpose}
    where, params = period.of(VISIT, "v")
    sql = (
        "SELECT v.id, v.enterprise_id, e.name, v.visit_date, v.officers, v.purpose, v.findings,"
        " v.recommendations, v.next_steps, v.follow_up_date, v.status, v.supersedes"
        " FROM visits v LEFT JOIN enterprises e ON e.id = v.enterprise_id"
        f" WHERE {where} ORDER BY v.visit_date, v.id"
    )
    for r in stream(store, sql, params):
        yield (
            r[0], r[1], r[2], to_date(r[3]), joined(r[4]), purposes.get(r[5], r[5]), r[6],
            r[7], r[8], to_date(r[9]), status_label(r[10]), r[11],
        )  # fmt: skip


def visits_kind() -> Kind:
    """Site visits, drafts included (their status says so)."""
    return Kind(
        key="visits",
        title=_("Visits"),
        columns=(
            *owner_columns(),
            Column(_("Visit date"), DATE, width=12),
            Column(_("Officers"), width=25),
            Column(_("Purpose")),
            Column(_("Findings"), width=50),
            Column(_("Recommendations"), width=50),
            Column(_("Next steps"), width=40),
            Column(_("Follow-up date"), DATE, width=12),
            Column(_("Status"), width=12),
            Column(_("Corrects visit"), width=38),
        ),
        rows=_visit_rows,
        count_sql="SELECT count(*) FROM visits v WHERE {where}",
        where=lambda p: p.of(VISIT, "v"),
    )


def _support_rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
    where, params = period.of(SUPPORT, "s")
    sql = (
        "SELECT s.id, s.enterprise_id, e.name, s.tool, s.year, s.cost_share_percent,"
        " s.amount_vnd, s.status FROM supports s LEFT JOIN enterprises e"
        f" ON e.id = s.enterprise_id WHERE {where} ORDER BY s.year, e.name, s.tool"
    )
    for r in stream(store, sql, params):
        share = None if r[5] is None else r[5] / 100
        yield (r[0], r[1], r[2], r[3], r[4], share, r[6], status_label(r[7]))


def supports_kind() -> Kind:
    """Support registrations: tool or system, year, share of cost and amount."""
    return Kind(
        key="supports",
        title=_("Support"),
        columns=(
            *owner_columns(),
            Column(_("Tool or system")),
            Column(_("Year"), INT, width=8),
            Column(_("Cost share"), PERCENT, width=10),
            Column(_("Amount"), MONEY, width=16),
            Column(_("Status"), width=12),
        ),
        rows=_support_rows,
        count_sql="SELECT count(*) FROM supports s WHERE {where}",
        where=lambda p: p.of(SUPPORT, "s"),
    )


def _certification_rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
    where, params = period.of(CERTIFICATION, "c")
    sql = (
        "SELECT c.id, c.enterprise_id, e.name, c.standard, c.number, c.issuer, c.issued_on,"
        " c.valid_until FROM certifications c LEFT JOIN enterprises e"
        f" ON e.id = c.enterprise_id WHERE {where} ORDER BY c.valid_until, c.id"
    )
    for r in stream(store, sql, params):
        yield (r[0], r[1], r[2], r[3], r[4], r[5], to_date(r[6]), to_date(r[7]))


def certifications_kind() -> Kind:
    """Certificates held: standard, number, issuer, issue and expiry dates."""
    return Kind(
        key="certifications",
        title=_("Certificates"),
        columns=(
            *owner_columns(),
            Column(_("Standard")),
            Column(_("Certificate number")),
            Column(_("Issued by"), width=25),
            Column(_("Issued on"), DATE, width=12),
            Column(_("Valid until"), DATE, width=12),
        ),
        rows=_certification_rows,
        count_sql="SELECT count(*) FROM certifications c WHERE {where}",
        where=lambda p: p.of(CERTIFICATION, "c"),
    )
