"""The programme's yearly indicators, computed from the records themselves.

`programme_figures()` is a pure read: it returns the figures as plain data so the
command line prints them, the xlsx writer saves them and the interface shows them
on a report screen, all from one computation. Each indicator is compared with the
matching target in settings (`Settings.targets`) when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from field_app.i18n import _
from field_app.reports.formats import format_count, format_percent, format_points, format_vnd

if TYPE_CHECKING:
    from field_app.settings import Targets
    from field_app.store import Store

COUNT, MONEY, PERCENT, POINTS = "count", "money", "percent", "points"

# Indicator key -> field of Settings.targets holding its target. Any other indicator
# whose key equals a target field's name is compared with it too, so a target added
# to settings later is picked up without changing this file.
TARGET_FIELDS = {"units_supported": "enterprises_supported"}

EXPIRY_WINDOW_DAYS = 90


@dataclass
class Indicator:
    """One line of the report: a figure, its unit and, when set, its target."""

    key: str
    label: str
    value: int | float | None
    unit: str = COUNT
    target: int | float | None = None
    level: int = 0
    """0 for a headline figure, 1 for a breakdown line under it."""

    @property
    def reached(self) -> float | None:
        """% of the target reached, None without a target or a value."""
        if not self.target or self.value is None:
            return None
        return self.value / self.target * 100

    def shown_value(self) -> str:
        """The value formatted for its unit in the interface language."""
        return _format(self.value, self.unit)

    def shown_target(self) -> str:
        """The target formatted like the value ("" without one)."""
        return "" if self.target is None else _format(self.target, self.unit)


def _format(value: int | float | None, unit: str) -> str:
    if unit == MONEY:
        return format_vnd(value)
    if unit == PERCENT:
        return format_percent(value)
    if unit == POINTS:
        return format_points(value)
    return format_count(value)


@dataclass
class ReportSection:
    """A group of indicators under one heading."""

    title: str
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class ProgrammeReport:
    """Every figure of one year's programme report."""

    year: int
    today: date
    sections: list[ReportSection]

    def indicator(self, key: str) -> Indicator:
        """The indicator with this key (KeyError if absent)."""
        for section in self.sections:
            for ind in section.indicators:
                if ind.key == key:
                    return ind
        raise KeyError(key)

    def value(self, key: str) -> Any:
        """The value of one indicator."""
        return self.indicator(key).value


def check_year(year: int) -> int:
    """A plausible report year, or ValueError saying what to give."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValueError(
            _("year '{year}' is not valid: give a year such as 2026").format(year=year)
        )
    return year


def _not_superseded(table: str) -> str:
    # A completed record replaced by a completed correction no longer counts.
    return (
        f"status = 'completed' AND id NOT IN (SELECT supersedes FROM {table}"
        " WHERE status = 'completed' AND supersedes IS NOT NULL)"
    )


def programme_figures(
    store: Store, year: int, targets: Targets | None = None, today: date | None = None
) -> ProgrammeReport:
    """Compute the indicators of `year` from the records in `store`.

    Counts of units are of distinct enterprises; cancelled support does not count;
    visits, audits and checks count when completed and not replaced by a correction.
    """
    check_year(year)
    today = today or date.today()
    start, end = f"{year}-01-01", f"{year}-12-31"
    sections = [
        _support_section(store, year),
        _activity_section(store, start, end),
        _five_s_section(store, start, end),
        _vietgap_section(store, start, end),
        _certificate_section(store, start, end, today),
        _training_section(),
    ]
    report = ProgrammeReport(year=year, today=today, sections=sections)
    if targets is not None:
        for section in report.sections:
            for ind in section.indicators:
                name = TARGET_FIELDS.get(ind.key, ind.key)
                target = getattr(targets, name, None)
                if isinstance(target, int | float) and target > 0:
                    ind.target = target
    return report


def _support_section(store: Store, year: int) -> ReportSection:
    live = "s.year = ? AND s.status != 'cancelled'"
    units = store.scalar(
        f"SELECT count(DISTINCT enterprise_id) FROM supports s WHERE {live}", (year,)
    )
    section = ReportSection(_("Units supported"))
    section.indicators.append(
        Indicator("units_supported", _("Enterprises, cooperatives and households supported"), units)
    )
    rows = store.query(
        "SELECT e.kind, count(DISTINCT s.enterprise_id) FROM supports s"
        f" JOIN enterprises e ON e.id = s.enterprise_id WHERE {live} GROUP BY e.kind",
        (year,),
    )
    by_kind: dict[str, int] = {row[0]: row[1] for row in rows}
    n = by_kind.get
    section.indicators += [
        Indicator("units_enterprise", _("of which enterprises"), n("enterprise", 0), level=1),
        Indicator("units_cooperative", _("of which cooperatives"), n("cooperative", 0), level=1),
        Indicator("units_household", _("of which household businesses"), n("household", 0),
                  level=1),
        Indicator("units_other", _("of which cooperative groups and farms"),
                  n("coop_group", 0) + n("farm", 0), level=1),
    ]  # fmt: skip
    tools = store.query(
        f"SELECT s.tool, count(DISTINCT s.enterprise_id) AS n FROM supports s WHERE {live}"
        " GROUP BY s.tool ORDER BY n DESC, s.tool",
        (year,),
    )
    section.indicators += [
        Indicator(f"tool:{t}", _("applying {tool}").format(tool=t), n, level=1) for t, n in tools
    ]
    communes = store.query(
        "SELECT e.commune, count(DISTINCT s.enterprise_id) AS n FROM supports s"
        f" JOIN enterprises e ON e.id = s.enterprise_id WHERE {live}"
        " GROUP BY e.commune ORDER BY n DESC, e.commune",
        (year,),
    )
    section.indicators += [
        Indicator(
            f"commune:{c}", _("in {commune}").format(commune=c or _("(no commune)")), n, level=1
        )
        for c, n in communes
    ]
    paid = store.scalar(
        "SELECT coalesce(sum(amount_vnd), 0) FROM supports WHERE year = ? AND status = 'paid'",
        (year,),
    )
    committed = store.scalar(
        "SELECT coalesce(sum(amount_vnd), 0) FROM supports WHERE year = ?"
        " AND status IN ('registered', 'approved')",
        (year,),
    )
    section.indicators += [
        Indicator("support_paid_vnd", _("Support paid"), paid, MONEY),
        Indicator("support_committed_vnd", _("Support registered or approved, not yet paid"),
                  committed, MONEY),
    ]  # fmt: skip
    return section


def _activity_section(store: Store, start: str, end: str) -> ReportSection:
    visits = store.scalar(
        f"SELECT count(*) FROM visits WHERE {_not_superseded('visits')}"
        " AND visit_date BETWEEN ? AND ?",
        (start, end),
    )
    training = store.scalar(
        f"SELECT count(*) FROM visits WHERE {_not_superseded('visits')}"
        " AND purpose = 'training' AND visit_date BETWEEN ? AND ?",
        (start, end),
    )
    visited = store.scalar(
        f"SELECT count(DISTINCT enterprise_id) FROM visits WHERE {_not_superseded('visits')}"
        " AND visit_date BETWEEN ? AND ?",
        (start, end),
    )
    audits = store.scalar(
        f"SELECT count(*) FROM audits_5s WHERE {_not_superseded('audits_5s')}"
        " AND audit_date BETWEEN ? AND ?",
        (start, end),
    )
    checks = store.scalar(
        f"SELECT count(*) FROM vietgap_checks WHERE {_not_superseded('vietgap_checks')}"
        " AND check_date BETWEEN ? AND ?",
        (start, end),
    )
    # An action belongs to the year of the audit, check or visit that raised it; one
    # added by hand, to the year it was recorded.
    actions_opened = store.scalar(
        "SELECT count(*) FROM actions a WHERE"
        " a.source_id IN (SELECT id FROM audits_5s WHERE audit_date BETWEEN :s AND :e)"
        " OR a.source_id IN (SELECT id FROM vietgap_checks WHERE check_date BETWEEN :s AND :e)"
        " OR a.source_id IN (SELECT id FROM visits WHERE visit_date BETWEEN :s AND :e)"
        " OR (coalesce(a.source_id, '') = '' AND substr(a.created_at, 1, 10) BETWEEN :s AND :e)",
        {"s": start, "e": end},
    )
    actions_done = store.scalar(
        "SELECT count(*) FROM actions WHERE done_on BETWEEN ? AND ?", (start, end)
    )
    return ReportSection(
        _("Visits and audits"),
        [
            Indicator("visits", _("Site visits made"), visits),
            Indicator("visited_units", _("Units visited"), visited, level=1),
            Indicator("training_visits", _("Training visits"), training, level=1),
            Indicator("audits_5s", _("5S audits made"), audits),
            Indicator("vietgap_checks", _("VietGAP checks made"), checks),
            Indicator("actions_opened", _("Corrective actions opened"), actions_opened),
            Indicator("actions_done", _("Corrective actions done"), actions_done, level=1),
        ],
    )


def _five_s_section(store: Store, start: str, end: str) -> ReportSection:
    live = _not_superseded("audits_5s")
    average = store.scalar(
        f"SELECT avg(total_percent) FROM audits_5s WHERE {live}"
        " AND total_percent IS NOT NULL AND audit_date BETWEEN ? AND ?",
        (start, end),
    )
    # First and latest audit of each enterprise audited this year, over all audits up
    # to the end of the year; only enterprises audited at least twice show a change.
    rows = store.query(
        f"SELECT enterprise_id, audit_date, total_percent FROM audits_5s WHERE {live}"
        " AND total_percent IS NOT NULL AND audit_date <= ?"
        " AND enterprise_id IN (SELECT enterprise_id FROM audits_5s WHERE "
        f"{live} AND audit_date BETWEEN ? AND ?)"
        " ORDER BY enterprise_id, audit_date, created_at",
        (end, start, end),
    )
    series: dict[str, list[float]] = {}
    for ent, _day, pct in rows:
        series.setdefault(ent, []).append(pct)
    changes = [s[-1] - s[0] for s in series.values() if len(s) >= 2]
    mean_change = sum(changes) / len(changes) if changes else None
    return ReportSection(
        _("5S results"),
        [
            Indicator("average_5s_percent", _("Average 5S score of the year's audits"), average,
                      PERCENT),
            Indicator("audited_twice", _("Enterprises audited at least twice"), len(changes)),
            Indicator("average_5s_change", _("Average change, first to latest audit"),
                      mean_change, POINTS, level=1),
            Indicator("improved_5s", _("Enterprises whose score improved"),
                      sum(1 for c in changes if c > 0), level=1),
        ],
    )  # fmt: skip


def _vietgap_section(store: Store, start: str, end: str) -> ReportSection:
    # The latest check of the year decides whether a unit is ready.
    rows = store.query(
        "SELECT enterprise_id, ready, recommended_percent FROM vietgap_checks"
        f" WHERE {_not_superseded('vietgap_checks')} AND check_date BETWEEN ? AND ?"
        " ORDER BY enterprise_id, check_date, created_at",
        (start, end),
    )
    latest: dict[str, tuple[Any, Any]] = {}
    for ent, ready, rec in rows:
        latest[ent] = (ready, rec)
    checked = len(latest)
    ready = sum(1 for r, _rec in latest.values() if r)
    recs = [rec for _r, rec in latest.values() if rec is not None]
    return ReportSection(
        _("VietGAP readiness"),
        [
            Indicator("vietgap_units_checked", _("Units checked"), checked),
            Indicator("vietgap_units_ready", _("Units ready for certification"), ready),
            Indicator("vietgap_ready_percent", _("Share of checked units that are ready"),
                      ready / checked * 100 if checked else None, PERCENT, level=1),
            Indicator("vietgap_recommended_percent",
                      _("Average share of recommended criteria met"),
                      sum(recs) / len(recs) if recs else None, PERCENT, level=1),
        ],
    )  # fmt: skip


def _certificate_section(store: Store, start: str, end: str, today: date) -> ReportSection:
    obtained = store.query(
        "SELECT standard, count(*) AS n FROM certifications WHERE issued_on BETWEEN ? AND ?"
        " GROUP BY standard ORDER BY n DESC, standard",
        (start, end),
    )
    expiring_year = store.scalar(
        "SELECT count(*) FROM certifications WHERE valid_until BETWEEN ? AND ?", (start, end)
    )
    soon = store.scalar(
        "SELECT count(*) FROM certifications WHERE valid_until BETWEEN ? AND ?",
        (today.isoformat(), (today + timedelta(days=EXPIRY_WINDOW_DAYS)).isoformat()),
    )
    section = ReportSection(_("Certificates"))
    section.indicators.append(
        Indicator("certificates_obtained", _("Certificates obtained"), sum(n for _s, n in obtained))
    )
    section.indicators += [Indicator(f"standard:{s}", s, n, level=1) for s, n in obtained]
    section.indicators += [
        Indicator("certificates_expiring", _("Certificates expiring this year"), expiring_year),
        Indicator(
            "certificates_expiring_soon",
            _("Certificates expiring in the next {days} days").format(days=EXPIRY_WINDOW_DAYS),
            soon,
        ),
    ]
    return section


def _training_section() -> ReportSection:
    # field-app records visits, not attendance lists: these targets are shown so the
    # report lists every plan target, with no figure until training records exist.
    return ReportSection(
        _("Training"),
        [
            Indicator("people_trained", _("People trained (not recorded in field-app)"), None),
            Indicator("experts_trained", _("Productivity experts trained (not recorded)"), None),
        ],
    )
