"""Import an enterprise list (.xlsx, .xls, .csv or .txt) with a progress bar; the
interface keeps responding while thousands of rows are checked and written in a worker.
The summary says which sheets and rows were read, what was repaired or passed by."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, ProgressBar, Static

from field_app.i18n import N_, _, format_number
from screens.base import FieldScreen
from screens.registry import register_screen


def count_rows(path: Path) -> int | None:
    """Data rows in a CSV (for the progress bar's total); None when unknown."""
    if path.suffix.lower() not in (".csv", ".txt") or not path.is_file():
        return None
    with path.open("rb") as fh:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1)


class ImportScreen(FieldScreen):
    """Type a file path, press Enter; see the progress and what was added or rejected."""

    class Progress(Message):
        """Rows checked so far; successive updates replace each other in the queue."""

        def __init__(self, done: int, total: int | None, stage: str) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.stage = stage

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ImportScreen.Progress)

    class Finished(Message):
        """The import ended: a report, or an error saying what to fix."""

        def __init__(self, report: Any, error: str | None) -> None:
            super().__init__()
            self.report = report
            self.error = error

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.running = False
        self.report: Any = None

    def screen_title(self) -> str:
        return _("Import enterprises")

    def help_text(self) -> str:
        return _(
            "Type the path of an .xlsx, .xls, .csv or .txt file with headers such as "
            "'Tên doanh nghiệp', 'Mã số thuế', 'Xã/Phường' (title rows above them and "
            "signatures below the table are passed by). Enter starts.\n"
            "By default nothing is written unless every row is valid; tick 'Write the valid "
            "rows' to skip bad rows. Rows matching an existing tax code update it."
        )

    def compose_body(self) -> ComposeResult:
        yield Static(_("File to import (.xlsx, .xls, .csv or .txt):"), classes="field-label")
        yield Input(value=self.initial_path, placeholder="/home/…/doanh_nghiep.xlsx", id="path")
        yield Checkbox(_("Write the valid rows even if some are invalid"), id="skip")
        yield Button(_("Import"), id="start", variant="primary")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="stage")
        yield Static("", id="report")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#start")
    def start(self, event: Message | None = None) -> None:
        """Run the import in a thread worker."""
        if self.running:
            return
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.query_one("#report", Static).update(_("Type the path of the file first."))
            return
        path = Path(raw).expanduser()
        skip = self.query_one("#skip", Checkbox).value
        store, province = self.store, self.field_app.settings.province
        self.running = True
        self.query_one("#progress", ProgressBar).display = True
        self.query_one("#report", Static).update("")

        def run() -> None:
            from field_app.importer import ImportFileError, import_enterprises

            total = count_rows(path)
            self.post_message(self.Progress(0, total, _("Checking rows…")))

            def progress(done: int) -> None:
                self.post_message(self.Progress(done, total, _("Checking rows…")))

            try:
                report = import_enterprises(
                    store, path, skip_invalid=skip, default_province=province, progress=progress
                )
            except ImportFileError as exc:
                self.post_message(self.Finished(None, str(exc)))
                return
            except Exception as exc:  # storage trouble: say it, nothing half-written
                self.post_message(self.Finished(None, str(exc)))
                return
            self.post_message(self.Finished(report, None))

        self.run_worker(run, thread=True, group="import", exclusive=True)

    def on_import_screen_progress(self, message: Progress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        self.query_one("#stage", Static).update(
            f"{message.stage} {format_number(message.done)}"
            + (f" / {format_number(message.total)}" if message.total else "")
        )

    def on_import_screen_finished(self, message: Finished) -> None:
        self.running = False
        self.report = message.report
        out = self.query_one("#report", Static)
        bar = self.query_one("#progress", ProgressBar)
        if message.error:
            self.query_one("#stage", Static).update("")
            out.update("[b $error]" + message.error + "[/]")
            return
        report = message.report
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        lines = [escape(line) for line in report.summary_lines()]
        lines += [
            _(
                "added {added}, updated {updated}, unchanged {unchanged}, rejected {rejected}"
            ).format(
                added=report.added,
                updated=report.updated,
                unchanged=report.unchanged,
                rejected=len(report.rejected),
            )
        ]
        for row in report.rejected[:20]:
            text = _("row {line}: {reason}").format(line=row.line, reason=row.reason)
            lines.append(escape(text))
        if len(report.rejected) > 20:
            lines.append(_("… and {n} more").format(n=len(report.rejected) - 20))
        for notice in report.warnings[:20]:
            lines.append(escape(_("warning: {text}").format(text=notice.text())))
        if len(report.warnings) > 20:
            lines.append(_("… and {n} more").format(n=len(report.warnings) - 20))
        if report.rejected and not report.written:
            lines.append(
                "[b $error]"
                + _("Nothing was imported: fix these rows, or tick 'Write the valid rows'.")
                + "[/]"
            )
        self.query_one("#stage", Static).update(_("Done."))
        out.update("\n".join(lines))


register_screen(
    "import",
    lambda app: ImportScreen(),
    title=N_("Import enterprises"),
    help=N_("Load an enterprise list from an .xlsx, .xls, .csv or .txt file"),
)
