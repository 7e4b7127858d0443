"""The programme report screen: the year's indicators against the plan targets.

The figures come from `field_app.reports.programme.programme_figures`, the same
computation `field-app report programme` prints, read in a worker thread.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from field_app.i18n import N_, _
from field_app.reports.programme import ProgrammeReport
from screens.base import FieldScreen
from screens.registry import register_command, register_screen

if TYPE_CHECKING:
    from screens.app import FieldApp


class ProgrammeReportScreen(FieldScreen):
    """One year's programme indicators; - and + change the year, S saves a workbook."""

    BINDINGS = [
        Binding("minus,p", "year(-1)", N_("Previous year")),
        Binding("plus,n", "year(1)", N_("Next year")),
        Binding("s", "save", N_("Save as xlsx")),
    ]

    class Computed(Message):
        """The figures of one year (or the error saying why not)."""

        def __init__(self, report: ProgrammeReport | None, error: str | None = None) -> None:
            super().__init__()
            self.report = report
            self.error = error

    class Saved(Message):
        """Where the workbook was written (or the error)."""

        def __init__(self, path: Path | None, error: str | None = None) -> None:
            super().__init__()
            self.path = path
            self.error = error

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.report: ProgrammeReport | None = None
        self.rows: list[tuple[str, str, str, str, str]] = []
        self.computed = 0

    def screen_title(self) -> str:
        return _("Programme report")

    def help_text(self) -> str:
        return _(
            "The year's indicators from the records, against the targets in settings.\n"
            "- or P: previous year, + or N: next year. S saves the report as a workbook "
            "beside the database."
        )

    def compose_body(self) -> ComposeResult:
        with Vertical(id="report-screen"):
            yield Static("", id="report-title")
            yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        super().on_mount()
        if self.year is None:
            self.year = self.field_app.today.year
        self.query_one("#report-table", DataTable).focus()
        self.compute()

    def compute(self) -> None:
        """Compute the figures of `self.year` in a worker."""
        from field_app.reports.programme import programme_figures

        store, year = self.store, int(self.year or 0)
        targets, today = self.field_app.settings.targets, self.field_app.today

        def run() -> None:
            try:
                report = programme_figures(store, year, targets, today=today)
            except ValueError as exc:
                self.post_message(self.Computed(None, str(exc)))
                return
            self.post_message(self.Computed(report))

        self.run_worker(run, thread=True, group="programme", exclusive=True)

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        if message.error or message.report is None:
            self.notify(message.error or "", severity="error")
            return
        from field_app.reports.programme_output import report_title, table_rows

        self.report = message.report
        self.computed += 1
        self.query_one("#report-title", Static).update(f"[b]{report_title(self.report)}[/b]")
        self.rows = list(table_rows(self.report))
        self._fill_table()

    def _fill_table(self) -> None:
        """Lay the rows out for the table's width: the figures keep their width and the
        indicator's name wraps onto more lines, so "Reached" stays on screen at 80
        columns (the table never scrolls sideways)."""
        table = self.query_one("#report-table", DataTable)
        heads = (_("Indicator"), _("Value"), _("Target"), _("Reached"))
        figures = [max([len(heads[i])] + [len(row[i + 1]) for row in self.rows]) for i in (1, 2, 3)]
        padding = 2 * table.cell_padding * len(heads)
        # The rows outgrow the screen, so the vertical scrollbar is counted at once.
        room = (table.size.width or self.size.width) - table.styles.scrollbar_size_vertical
        label_width = max(16, room - sum(figures) - padding)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column(heads[0], width=label_width)
        for head, width in zip(heads[1:], figures, strict=True):
            table.add_column(head, width=width)
        current = None
        for section, label, value, target, reached in self.rows:
            if section != current:
                table.add_row(Text(section.upper(), style="bold"), "", "", "", height=None)
                current = section
            cells = (Text(value, justify="right"), Text(target, justify="right"))
            name = Text(_wrapped(label, label_width))
            table.add_row(name, *cells, Text(reached, justify="right"), height=None)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def on_resize(self) -> None:
        """Lay the table out again for the new width."""
        if self.rows:
            self.call_after_refresh(self._fill_table)

    def action_year(self, step: int) -> None:
        """Show the previous or next year."""
        self.year = int(self.year or self.field_app.today.year) + step
        self.compute()

    def action_save(self) -> None:
        """Save the shown report as programme-YYYY.xlsx beside the database."""
        if self.report is None:
            return
        from field_app.reports.programme_output import write_programme_xlsx

        report = self.report
        path = self.store.path.parent / f"programme-{report.year}.xlsx"

        def run() -> None:
            try:
                write_programme_xlsx(report, path)
            except (OSError, ValueError) as exc:
                self.post_message(self.Saved(None, str(exc)))
                return
            self.post_message(self.Saved(path))

        self.run_worker(run, thread=True, group="save-report")

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.error or message.path is None:
            self.notify(message.error or "", severity="error")
            return
        self.notify(_("saved {path}").format(path=message.path))


def _wrapped(label: str, width: int) -> str:
    """The indicator's name on as many lines as it needs, its indent ("of which")
    kept on every line so the breakdown still reads as one."""
    import textwrap

    indent = " " * (len(label) - len(label.lstrip(" ")))
    return "\n".join(textwrap.wrap(label, width=width, subsequent_indent=indent)) or label


def _open(app: FieldApp) -> ProgrammeReportScreen:
    return ProgrammeReportScreen()


register_screen(
    "programme_report",
    _open,
    title=N_("Programme report"),
    help=N_("The year's indicators against the plan targets"),
    key="ctrl+r",
)


def write_visit_pdf(app: FieldApp) -> None:
    """Write the PDF report of the visit open on screen (palette command), in a worker.

    The visit form belongs to the interface; the command reads only its `visit_id`
    and saves pending typing first (`save_in_worker`) so the report shows the screen.
    """
    screen = app.screen
    visit_id = getattr(screen, "visit_id", None)
    if visit_id is None:
        app.notify(_("Open a site visit first, then ask for its PDF report."), severity="warning")
        return
    saving = screen.save_in_worker() if hasattr(screen, "save_in_worker") else None
    store = app.store

    async def run() -> None:
        from field_app.reports.record_pdf import write_default_report

        if saving is not None:
            await saving.wait()
        try:
            path = await asyncio.to_thread(write_default_report, store, "visit", visit_id)
        except (OSError, ValueError, KeyError) as exc:  # ReportError is a ValueError
            app.notify(_("PDF report not written: {error}").format(error=exc), severity="error")
            return
        app.notify(_("PDF report saved: {path}").format(path=path), timeout=10)

    app.run_worker(run(), group="visit-pdf")


register_command(
    "visit_pdf",
    write_visit_pdf,
    title=N_("PDF report of this visit"),
    help=N_("Write the open site visit's report to the reports folder beside the database"),
)
