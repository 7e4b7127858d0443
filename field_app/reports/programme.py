"""The programme's yearly indicators, each computed by its definition.

`compute_programme(source, year, targets, today)` is the one computation: it reads
plain rows from a `ProgrammeSource` (field_app/reports/programme_source.py) and
returns a `ProgrammeReport`, plain data that the command line prints (as a table or
`--json`), the xlsx writer saves, the interface shows and headquarters serves from
its own records. `programme_figures(store, ...)` is the same over a device's store.

Every indicator has a stable key (the `--json` keys), a unit, and where a count
could be read two ways, a definition printed as a footnote under the report (the
same text as docs/reports.md). Each indicator is compared with the matching target
in settings (`Settings.targets`) when there is one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from field_app.audit_comparison import comparison_key
from field_app.i18n import N_, _, ngettext
from field_app.reports.formats import format_count, format_percent, format_points, format_vnd

if TYPE_CHECKING:
    from field_app.reports.programme_source import AuditRow, ProgrammeSource
    from field_app.settings import Targets
    from field_app.store import Store

# Units. Counts carry the noun they count, so no figure stands without its unit.
UNITS, VISITS, AUDITS, CHECKS, AREAS, ACTIONS = (
    "units",
    "visits",
    "audits",
    "checks",
    "areas",
    "actions",
)
CERTIFICATES, COURSES, PEOPLE = "certificates", "courses", "people"
MONEY, PERCENT, POINTS = "vnd", "percent", "points"
COUNT = UNITS  # kept for callers of the first version

# How a count of each unit reads (ngettext literals, so the catalogs find them).
UNIT_TEXT: dict[str, Callable[[int], str]] = {
    UNITS: lambda n: ngettext("unit", "units", n),
    VISITS: lambda n: ngettext("site visit", "site visits", n),
    AUDITS: lambda n: ngettext("audit", "audits", n),
    CHECKS: lambda n: ngettext("check", "checks", n),
    AREAS: lambda n: ngettext("area", "areas", n),
    ACTIONS: lambda n: ngettext("action", "actions", n),
    CERTIFICATES: lambda n: ngettext("certificate", "certificates", n),
    COURSES: lambda n: ngettext("course", "courses", n),
    PEOPLE: lambda n: ngettext("person", "people", n),
    MONEY: lambda n: _("VND"),
    PERCENT: lambda n: "%",
    POINTS: lambda n: _("percentage points"),
}


# Indicator key -> field of Settings.targets holding its target. Any other indicator
# whose key equals a target field's name is compared with it too, so a target added
# to settings later is picked up without changing this file.
TARGET_FIELDS = {"units_supported": "enterprises_supported"}

SUPPORTED = ("approved", "paid")
"""Support statuses that make a unit count as supported."""
EXPIRY_WINDOW_DAYS = 90

# The definitions printed as footnotes (and written in docs/reports.md).
DEFINITIONS = {
    "units_supported": N_(
        "distinct enterprises, cooperatives and households with support of the year"
        " approved or paid; a registration not yet approved does not count"
    ),
    "units_registered": N_(
        "distinct units whose applications of the year are registered but none is"
        " approved or paid yet (not counted as supported)"
    ),
    "visits": N_("completed visits dated in the year; a corrected visit counts once"),
    "fives_avg": N_("mean total score of the year's completed 5S audits"),
    "fives_pairs": N_(
        "areas of an enterprise audited in the year and at least twice up to its end,"
        " with a form of the same pillars (a 6S form is compared with 6S only)"
    ),
    "fives_change_avg": N_(
        "for each such area: latest total score minus first total score, in percentage"
        " points; the mean over the areas"
    ),
    "vietgap_ready": N_(
        "units whose latest check of the year passes every applicable mandatory criterion"
    ),
    "certificates_obtained": N_("certificates issued in the year, by standard"),
    "people_trained": N_(
        "participants of the training courses that started in the year; experts: of them,"
        " productivity experts and trainee experts"
    ),
}


@dataclass
class Indicator:
    """One line of the report: a figure, its unit and, when set, its target."""

    key: str
    label: str
    value: int | float | None
    unit: str = UNITS
    target: int | float | None = None
    level: int = 0
    """0 for a headline figure, 1 for a breakdown line under it."""
    note: int | None = None
    """Number of the footnote defining it, if any (set by the report)."""

    @property
    def reached(self) -> float | None:
        """% of the target reached, None without a target or a value."""
        if not self.target or self.value is None:
            return None
        return self.value / self.target * 100

    @property
    def unit_label(self) -> str:
        """The unit in the interface language ("đơn vị", "điểm %", "đồng")."""
        return unit_text(self.unit, 2)

    def shown_value(self) -> str:
        """The value with its unit, in the interface language ("—" when none)."""
        return _format(self.value, self.unit)

    def shown_target(self) -> str:
        """The target formatted like the value ("" without one)."""
        return "" if self.target is None else _format(self.target, self.unit)


def unit_text(unit: str, n: int | float) -> str:
    """The unit as it reads after the figure `n`."""
    text = UNIT_TEXT.get(unit)
    return text(int(n) if float(n).is_integer() else 2) if text else unit


def _format(value: int | float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == MONEY:
        return format_vnd(value)
    if unit == PERCENT:
        return format_percent(value)
    if unit == POINTS:
        return f"{format_points(value)} {unit_text(POINTS, value)}"
    return f"{format_count(value)} {unit_text(unit, value)}"


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

    def all(self) -> list[Indicator]:
        """Every indicator, in report order."""
        return [ind for section in self.sections for ind in section.indicators]

    def indicator(self, key: str) -> Indicator:
        """The indicator with this key (KeyError if absent)."""
        for ind in self.all():
            if ind.key == key:
                return ind
        raise KeyError(key)

    def value(self, key: str) -> Any:
        """The value of one indicator."""
        return self.indicator(key).value

    def footnotes(self) -> list[tuple[int, str, str]]:
        """(number, indicator label, definition) of every defined indicator shown."""
        return [
            (ind.note, ind.label, _(DEFINITIONS[ind.key]))
            for ind in self.all()
            if ind.note is not None
        ]


def check_year(year: int) -> int:
    """A plausible report year, or ValueError saying what to give."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValueError(
            _("year '{year}' is not valid: give a year such as 2026").format(year=year)
        )
    return year


def programme_figures(
    store: Store, year: int, targets: Targets | None = None, today: date | None = None
) -> ProgrammeReport:
    """The indicators of `year` from a device's store (see `compute_programme`)."""
    from field_app.reports.programme_store import StoreProgrammeSource

    return compute_programme(StoreProgrammeSource(store), year, targets, today)


def compute_programme(
    source: ProgrammeSource,
    year: int,
    targets: Targets | None = None,
    today: date | None = None,
) -> ProgrammeReport:
    """Compute the indicators of `year` from the rows `source` gives."""
    check_year(year)
    today = today or date.today()
    start, end = date(year, 1, 1), date(year, 12, 31)
    sections = [
        _support_section(source, year),
        _activity_section(source, start, end),
        _five_s_section(source, start, end),
        _vietgap_section(source, start, end),
        _certificate_section(source, start, end, today),
        _training_section(source, start, end),
    ]
    report = ProgrammeReport(year=year, today=today, sections=sections)
    number = 0
    for ind in report.all():
        if ind.key in DEFINITIONS:
            number += 1
            ind.note = number
        name = TARGET_FIELDS.get(ind.key, ind.key)
        target = getattr(targets, name, None) if targets is not None else None
        if isinstance(target, int | float) and target > 0:
            ind.target = target
    return report


def _support_section(source: ProgrammeSource, year: int) -> ReportSection:
    live = [s for s in source.supports(year) if s.status != "cancelled"]
    supported = [s for s in live if s.status in SUPPORTED]
    supported_units = {s.enterprise_id for s in supported}
    registered_units = {s.enterprise_id for s in live} - supported_units
    kind_of = {s.enterprise_id: s.enterprise_kind for s in supported}
    by_kind = _count_by(kind_of.values())
    section = ReportSection(_("Units supported"))
    n = by_kind.get
    section.indicators += [
        Indicator("units_supported", _("Enterprises, cooperatives and households supported"),
                  len(supported_units)),
        Indicator("units_enterprise", _("of which enterprises"), n("enterprise", 0), level=1),
        Indicator("units_cooperative", _("of which cooperatives"), n("cooperative", 0), level=1),
        Indicator("units_household", _("of which household businesses"), n("household", 0),
                  level=1),
        Indicator("units_other", _("of which cooperative groups and farms"),
                  n("coop_group", 0) + n("farm", 0), level=1),
    ]  # fmt: skip
    tools = _distinct_by((s.tool, s.enterprise_id) for s in supported)
    section.indicators += [
        Indicator(f"tool:{t}", _("applying {tool}").format(tool=t), count, level=1)
        for t, count in tools
    ]
    communes = _distinct_by((s.commune, s.enterprise_id) for s in supported)
    section.indicators += [
        Indicator(
            f"commune:{c}",
            _("in {commune}").format(commune=c or _("(no commune)")),
            count,
            level=1,
        )
        for c, count in communes
    ]
    section.indicators += [
        Indicator("units_registered", _("Units registered, not yet approved"),
                  len(registered_units)),
        Indicator("support_paid_vnd", _("Support paid"),
                  sum(s.amount_vnd for s in live if s.status == "paid"), MONEY),
        Indicator("support_approved_vnd", _("Support approved, not yet paid"),
                  sum(s.amount_vnd for s in live if s.status == "approved"), MONEY, level=1),
        Indicator("support_registered_vnd", _("Support applied for, not yet approved"),
                  sum(s.amount_vnd for s in live if s.status == "registered"), MONEY, level=1),
    ]  # fmt: skip
    return section


def _count_by(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


def _distinct_by(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, int]]:
    """(group, distinct members) most members first, then by name."""
    groups: dict[str, set[str]] = defaultdict(set)
    for group, member in pairs:
        groups[group].add(member)
    return sorted(((g, len(m)) for g, m in groups.items()), key=lambda x: (-x[1], x[0]))


def _activity_section(source: ProgrammeSource, start: date, end: date) -> ReportSection:
    visits = list(source.visits(start, end))
    audits = sum(1 for a in source.audits_5s(end) if a.audit_date >= start)
    checks = sum(1 for _c in source.vietgap_checks(start, end))
    actions = list(source.actions(start, end))
    # An action belongs to the year of the record that raised it (see ActionRow).
    opened = sum(1 for a in actions if a.raised_on and start <= a.raised_on <= end)
    done = sum(1 for a in actions if a.done_on and start <= a.done_on <= end)
    return ReportSection(
        _("Visits and audits"),
        [
            Indicator("visits", _("Site visits made"), len(visits), VISITS),
            Indicator("visited_units", _("Units visited"),
                      len({v.enterprise_id for v in visits}), level=1),
            Indicator("training_visits", _("Training visits"),
                      sum(1 for v in visits if v.purpose == "training"), VISITS, level=1),
            Indicator("audits_5s", _("5S audits made"), audits, AUDITS),
            Indicator("vietgap_checks", _("VietGAP checks made"), checks, CHECKS),
            Indicator("actions_opened", _("Corrective actions opened"), opened, ACTIONS),
            Indicator("actions_done", _("Corrective actions done"), done, ACTIONS, level=1),
        ],
    )  # fmt: skip


@dataclass(frozen=True)
class FiveSChange:
    """First and latest audit of one area (see field_app/audit_comparison.py)."""

    first: AuditRow
    latest: AuditRow

    @property
    def change(self) -> float:
        """Latest total % minus first total %, in percentage points."""
        return (self.latest.total_percent or 0.0) - (self.first.total_percent or 0.0)


def five_s_changes(audits: Iterable[AuditRow], start: date, end: date) -> list[FiveSChange]:
    """For each area audited from `start` to `end` and at least twice up to `end`: its
    first and latest audit (areas compared as field_app/audit_comparison.py says)."""
    series: dict[tuple[str, str, tuple[str, ...]], list[AuditRow]] = defaultdict(list)
    ordered = sorted(
        (a for a in audits if a.total_percent is not None and a.audit_date <= end),
        key=lambda a: (a.audit_date, a.completed_at),
    )
    for audit in ordered:
        series[comparison_key(audit.enterprise_id, audit.area, audit.pillars)].append(audit)
    return [
        FiveSChange(rows[0], rows[-1])
        for rows in series.values()
        if len(rows) >= 2 and any(start <= a.audit_date <= end for a in rows)
    ]


def _five_s_section(source: ProgrammeSource, start: date, end: date) -> ReportSection:
    audits = list(source.audits_5s(end))
    year_scores = [
        a.total_percent for a in audits if a.audit_date >= start and a.total_percent is not None
    ]
    changes = [c.change for c in five_s_changes(audits, start, end)]
    return ReportSection(
        _("5S results"),
        [
            Indicator("fives_avg", _("Average 5S score of the year's audits"),
                      sum(year_scores) / len(year_scores) if year_scores else None, PERCENT),
            Indicator("fives_pairs", _("Areas audited twice or more"),
                      len(changes), AREAS),
            Indicator("fives_change_avg", _("Average change, first to latest audit"),
                      sum(changes) / len(changes) if changes else None, POINTS, level=1),
            Indicator("fives_improved", _("Areas whose score improved"),
                      sum(1 for c in changes if c > 0), AREAS, level=1),
        ],
    )  # fmt: skip


def _vietgap_section(source: ProgrammeSource, start: date, end: date) -> ReportSection:
    # The latest check of the year decides whether a unit is ready.
    latest: dict[str, tuple[bool, float | None]] = {}
    for check in sorted(
        source.vietgap_checks(start, end), key=lambda c: (c.check_date, c.completed_at)
    ):
        latest[check.enterprise_id] = (check.ready, check.recommended_percent)
    checked = len(latest)
    ready = sum(1 for r, _rec in latest.values() if r)
    recs = [rec for _r, rec in latest.values() if rec is not None]
    return ReportSection(
        _("VietGAP readiness"),
        [
            Indicator("vietgap_checked", _("Units checked"), checked),
            Indicator("vietgap_ready", _("Units ready for certification"), ready),
            Indicator("vietgap_ready_percent", _("Share of checked units that are ready"),
                      ready / checked * 100 if checked else None, PERCENT, level=1),
            Indicator("vietgap_recommended_percent",
                      _("Average share of recommended criteria met"),
                      sum(recs) / len(recs) if recs else None, PERCENT, level=1),
        ],
    )  # fmt: skip


def _certificate_section(
    source: ProgrammeSource, start: date, end: date, today: date
) -> ReportSection:
    certs = list(source.certificates())
    obtained = _count_by(c.standard for c in certs if c.issued_on and start <= c.issued_on <= end)
    soon_end = today + timedelta(days=EXPIRY_WINDOW_DAYS)
    section = ReportSection(_("Certificates"))
    section.indicators.append(
        Indicator("certificates_obtained", _("Certificates obtained"), sum(obtained.values()),
                  CERTIFICATES)
    )  # fmt: skip
    section.indicators += [
        Indicator(f"standard:{s}", s, n, CERTIFICATES, level=1)
        for s, n in sorted(obtained.items(), key=lambda x: (-x[1], x[0]))
    ]
    section.indicators += [
        Indicator("certificates_expiring", _("Certificates expiring this year"),
                  sum(1 for c in certs if c.valid_until and start <= c.valid_until <= end),
                  CERTIFICATES),
        Indicator(
            "certificates_expiring_soon",
            _("Certificates expiring in the next {days} days").format(days=EXPIRY_WINDOW_DAYS),
            sum(1 for c in certs if c.valid_until and today <= c.valid_until <= soon_end),
            CERTIFICATES,
        ),
    ]  # fmt: skip
    return section


def _training_section(source: ProgrammeSource, start: date, end: date) -> ReportSection:
    courses = list(source.training_courses(start, end))
    return ReportSection(
        _("Training"),
        [
            Indicator("training_courses", _("Training courses held"), len(courses), COURSES),
            Indicator("people_trained", _("People trained"),
                      sum(c.participants for c in courses), PEOPLE),
            Indicator("experts_trained", _("Productivity experts trained"),
                      sum(c.experts for c in courses), PEOPLE, level=1),
        ],
    )  # fmt: skip
