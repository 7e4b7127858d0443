"""The programme report as a terminal table, as JSON and as an xlsx workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from field_app.i18n import _, format_date
from field_app.reports.formats import format_percent
from field_app.reports.programme import MONEY, PERCENT, POINTS, Indicator, ProgrammeReport


def report_title(report: ProgrammeReport) -> str:
    """The heading of the report."""
    return _("Programme report {year} (as of {today})").format(
        year=report.year, today=format_date(report.today)
    )


def shown_label(ind: Indicator) -> str:
    """The indicator's label, indented for a breakdown, with its footnote number."""
    note = f" ({ind.note})" if ind.note is not None else ""
    return ("  " * ind.level) + ind.label + note


def footnote_lines(report: ProgrammeReport) -> list[str]:
    """The definitions under the report: "(1) Label: definition."."""
    return [f"({n}) {label}: {text}." for n, label, text in report.footnotes()]


def report_json(report: ProgrammeReport, province: str) -> dict[str, Any]:
    """The report as plain data with stable keys (`report programme --json`).

    `indicators` maps each key to its value (None when it cannot be computed, such
    as an average of no audits); `units` gives each key's unit; `targets` gives, for
    each indicator with a target, the target, the value and the % reached.
    """
    indicators = report.all()
    return {
        "year": report.year,
        "province": province,
        "as_of": report.today.isoformat(),
        "indicators": {ind.key: ind.value for ind in indicators},
        "units": {ind.key: ind.unit for ind in indicators},
        "targets": {
            ind.key: {
                "target": ind.target,
                "value": ind.value,
                "reached_percent": None if ind.reached is None else round(ind.reached, 1),
            }
            for ind in indicators
            if ind.target is not None
        },
    }


def table_rows(report: ProgrammeReport) -> list[tuple[str, str, str, str, str]]:
    """(section, indicator, value, target, % reached) text rows, as printed; the value
    and target carry their unit."""
    rows = []
    for section in report.sections:
        for ind in section.indicators:
            label = shown_label(ind)
            reached = format_percent(ind.reached, 0) if ind.reached is not None else ""
            rows.append((section.title, label, ind.shown_value(), ind.shown_target(), reached))
    return rows


def render_text(report: ProgrammeReport, width: int = 100) -> str:
    """The report as a readable fixed-width table for the terminal."""
    head = (_("Indicator"), _("Value"), _("Target"), _("Reached"))
    rows = table_rows(report)
    w_label = min(max([len(head[0])] + [len(r[1]) for r in rows]), max(width - 45, 30))
    w_val = max([len(head[1])] + [len(r[2]) for r in rows])
    w_tgt = max([len(head[2])] + [len(r[3]) for r in rows])
    w_pct = max([len(head[3])] + [len(r[4]) for r in rows])
    line = "-" * (w_label + w_val + w_tgt + w_pct + 6)

    def fmt(a: str, b: str, c: str, d: str) -> str:
        if len(a) > w_label:
            a = a[: w_label - 1] + "…"
        return f"{a:<{w_label}}  {b:>{w_val}}  {c:>{w_tgt}}  {d:>{w_pct}}".rstrip()

    out = [report_title(report), "", fmt(*head), line]
    current = None
    for section, label, value, target, reached in rows:
        if section != current:
            if current is not None:
                out.append("")
            out.append(section.upper())
            current = section
        out.append(fmt(label, value, target, reached))
    notes = footnote_lines(report)
    if notes:
        out += ["", _("Definitions:"), *notes]
    return "\n".join(out) + "\n"


def write_programme_xlsx(report: ProgrammeReport, path: Path) -> Path:
    """Save the report as a one-sheet workbook (atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from field_app.export.output import atomic_path
    from field_app.export.xlsx import MONEY_FORMAT, set_print_layout, sheet_title

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(_("Programme {year}").format(year=report.year), set())
    ws.append([report_title(report)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    head = [_("Section"), _("Indicator"), _("Unit"), _("Value"), _("Target"), _("Reached")]
    ws.append(head)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for section in report.sections:
        for ind in section.indicators:
            value, target = ind.value, ind.target
            if ind.unit == PERCENT:
                value = None if value is None else value / 100
                target = None if target is None else target / 100
            reached = None if ind.reached is None else ind.reached / 100
            ws.append([section.title, shown_label(ind), ind.unit_label, value, target, reached])
            row = ws.max_row
            number_format = {
                MONEY: MONEY_FORMAT, PERCENT: "0.0%", POINTS: "+0.0;-0.0;0.0"
            }.get(ind.unit, "#,##0")  # fmt: skip
            ws.cell(row, 4).number_format = number_format
            ws.cell(row, 5).number_format = number_format
            ws.cell(row, 6).number_format = "0%"
            if ind.level == 0:
                ws.cell(row, 2).font = Font(bold=True)
    last = ws.max_row
    notes = footnote_lines(report)
    if notes:
        ws.append([])
        ws.append([_("Definitions:")])
        for line in notes:
            ws.append([line])
    for letter, width in zip("ABCDEF", (24, 58, 16, 20, 20, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    set_print_layout(ws, header_row=3, last_row=last, last_column=len(head))
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
