"""What the 5S audit and VietGAP check screens share: a keyboard-driven list of items,
a note and attachments per item, autosave of the draft, completion with proposed
corrective actions, and corrections of completed records.

Each answer is one key on the highlighted item, after which the cursor moves on, so
an officer scores a whole form without leaving the list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date
from field_app.kinds import RecordKind
from field_app.models.action import ActionProposal
from field_app.models.common import date_of
from field_app.models.template import ChecklistTemplate, Item
from field_app.models.visit import RecordStatus
from screens.base import FieldScreen
from screens.draft_autosave import DraftAutosave

"""Seconds between the first unsaved answer and its save (scoring does not postpone it)."""


class ChecklistFormScreen(DraftAutosave, FieldScreen):
    """Base of Audit5SScreen and VietGAPScreen; subclasses give the answers and summary."""

    CSS_PATH = "audits.tcss"
    AUTOSAVE_DELAY = 0.5
    FORM_BINDINGS = [
        Binding("e", "note", N_("Note")),
        Binding("a", "attach", N_("Attach file")),
        Binding("ctrl+s", "save", N_("Save now")),
        Binding("f5", "complete", N_("Complete")),
        Binding("f6", "correct", N_("Correct")),
        Binding("r", "pdf", N_("PDF report")),
    ]
    """Keys of every form; each form lists them AFTER its answer keys, so the footer (in
    binding order) shows the answer keys first, also on a narrow terminal."""
    kind: ClassVar[RecordKind]
    """The record kind this form fills: its repository and PDF report come from it."""

    class Loaded(Message):
        """The record, its template and surroundings, read in a worker."""

        def __init__(self, record: Any, template: ChecklistTemplate | None, extra: dict) -> None:
            super().__init__()
            self.record = record
            self.template = template
            self.extra = extra

    class Checked(Message):
        """The pre-completion check: problems to fix, or the actions to propose."""

        def __init__(self, problems: list[str], proposals: list[ActionProposal]) -> None:
            super().__init__()
            self.problems = problems
            self.proposals = proposals

    class Completed(Message):
        """Completion finished: the completed record, or the problems to fix."""

        def __init__(self, record: Any, problems: list[str]) -> None:
            super().__init__()
            self.record = record
            self.problems = problems

    class Attached(Message):
        """A file was copied in (sha256) for an item, or refused (error)."""

        def __init__(self, item_id: str, sha256: str | None, error: str | None) -> None:
            super().__init__()
            self.item_id = item_id
            self.sha256 = sha256
            self.error = error

    class Reported(Message):
        """The PDF report was written (path), or the reason it was not (error)."""

        def __init__(self, path: Any, error: str | None) -> None:
            super().__init__()
            self.path = path
            self.error = error

    def __init__(self, record_id: str, *, new: bool = False) -> None:
        super().__init__()
        self.record_id = record_id
        self.new = new
        self.record: Any = None
        self.template: ChecklistTemplate | None = None
        self.extra: dict[str, Any] = {}
        self._init_autosave()
        self._editing_item: str | None = None
        self.last_report: Any = None
        """Path of the last PDF report written from this screen."""

    # -- to be given by subclasses -------------------------------------------------

    def item_prompt(self, item: Item) -> str:
        """The list row of one item (Rich markup)."""
        raise NotImplementedError

    def summary_text(self) -> str:
        """The live summary on the right (scores or readiness)."""
        raise NotImplementedError

    def side_text(self) -> str:
        """Text under the summary (previous audit, failing criteria)."""
        return ""

    def answer_of(self, item_id: str) -> Any:
        """The record's answer object for an item (created empty when missing)."""
        raise NotImplementedError

    def with_answer(self, answer: Any) -> Any:
        """The record with one answer replaced."""
        raise NotImplementedError

    def load_extra(self, store: Any, record: Any) -> dict[str, Any]:
        """More to read in the loading worker (runs in a thread)."""
        return {}

    # -- layout --------------------------------------------------------------------

    @property
    def repo(self) -> Any:
        """The repository of this kind of record."""
        return getattr(self.store, self.kind.repository)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="checklist"):
            yield Static("", id="checklist-head")
            yield Static("", id="checklist-state")
            yield Static("", id="problems")
            with Horizontal(id="checklist-body"):
                with Vertical(id="checklist-left"):
                    yield OptionList(id="items")
                    yield Static("", id="guidance")
                    yield Input(placeholder=self.note_placeholder(), id="note")
                    yield Input(
                        placeholder=_("Photo or file path, Enter attaches"),
                        id="attach",
                    )
                with VerticalScroll(id="checklist-right"):
                    yield Static("", id="summary")
                    yield Static("", id="side")
            yield Static("", id="save-state")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        """Read the record in a worker."""
        store, record_id, repo = self.store, self.record_id, self.repo

        def run() -> None:
            record = repo.get(record_id)
            if record is None:
                self.post_message(self.Loaded(None, None, {}))
                return
            template = repo.template_of(record)
            ent = store.enterprises.get(record.enterprise_id)
            extra: dict[str, Any] = {"enterprise": ent.name if ent else ""}
            newer = repo.superseded_by(record_id)
            extra["superseded_by"] = repo.get(newer) if newer else None
            extra["review"] = store.reviews.for_record(record_id)
            extra.update(self.load_extra(store, record))
            self.post_message(self.Loaded(record, template, extra))

        self.run_worker(run, thread=True, group="load")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.record is None:
            self.notify(_("This record no longer exists."), severity="error")
            return
        self.record, self.template, self.extra = message.record, message.template, message.extra
        self._autosave_baseline(message.record)
        self._fill_items()
        self._show_state()
        self._refresh_summary()
        items = self.query_one("#items", OptionList)
        items.focus()
        self._highlight_first()

    def _fill_items(self) -> None:
        assert self.template is not None
        items = self.query_one("#items", OptionList)
        items.clear_options()
        for section in self.template.sections:
            items.add_option(Option(f"[b]{section.short} {section.title()}[/b]", disabled=True))
            for item in section.items:
                items.add_option(Option(self.item_prompt(item), id=item.id))

    def _highlight_first(self) -> None:
        items = self.query_one("#items", OptionList)
        for index in range(items.option_count):
            if not items.get_option_at_index(index).disabled:
                items.highlighted = index
                return

    def _show_state(self) -> None:
        record, template = self.record, self.template
        assert record is not None and template is not None
        head = f"[b]{self.extra.get('enterprise', '')}[/b] · {self.head_detail()}"
        self.query_one("#checklist-head", Static).update(head)
        lines = [
            _("Form: {title}, version {version} ({standard})").format(
                title=template.title(), version=template.version, standard=template.standard.code
            )
        ]
        if record.status == RecordStatus.COMPLETED:
            lines.append(
                _("Completed on {date}: read-only. Press F6 to make a correction.").format(
                    date=format_date(date_of((record.completed_at or "")[:10]))
                )
            )
        else:
            lines.append(self.draft_hint())
        if record.supersedes:
            lines.append(_("This record corrects an earlier completed one."))
        newer = self.extra.get("superseded_by")
        if newer is not None and newer.status == RecordStatus.COMPLETED:
            lines.append("[b $warning]" + _("Superseded by a completed correction.") + "[/]")
        review = self.extra.get("review")
        if review is not None:
            lines.append(("[b $warning]" if review.state == "issues" else "") + review.summary()
                         + ("[/]" if review.state == "issues" else ""))  # fmt: skip
        self.query_one("#checklist-state", Static).update("\n".join(lines))
        locked = not self.is_draft
        self.query_one("#note", Input).disabled = locked
        self.query_one("#attach", Input).disabled = locked
        self.set_class(locked, "-completed")
        self.refresh_bindings()

    def head_detail(self) -> str:
        """What follows the enterprise name in the heading."""
        return ""

    def draft_hint(self) -> str:
        """The line telling the officer how to fill the form."""
        return ""

    def _refresh_summary(self) -> None:
        if self.record is None:
            return
        self.query_one("#summary", Static).update(self.summary_text())
        self.query_one("#side", Static).update(self.side_text())

    def _refresh_row(self, item_id: str) -> None:
        assert self.template is not None
        item = self.template.item(item_id)
        if item is not None:
            self.query_one("#items", OptionList).replace_option_prompt(
                item_id, self.item_prompt(item)
            )

    @property
    def current_item(self) -> Item | None:
        """The highlighted item of the form."""
        if self.template is None:
            return None
        option = self.query_one("#items", OptionList).highlighted_option
        return self.template.item(option.id) if option and option.id else None

    @on(OptionList.OptionHighlighted, "#items")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self.current_item
        if item is None:
            return
        guidance = item.guidance()
        text = f"[b]{item.id}[/b] {item.text()}"
        if guidance:
            text += f"\n[$text-muted]{guidance}[/]"
        self.query_one("#guidance", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that apply: answers on a draft, Correct on a completed record."""
        if action in self.draft_actions():
            return self.is_draft
        if action == "correct":
            return self.record is not None and not self.is_draft
        if action == "pdf":
            return self.record is not None
        return True

    def draft_actions(self) -> set[str]:
        """Actions that only apply to a draft."""
        return {"complete", "save", "note", "attach"}

    @property
    def is_draft(self) -> bool:
        """True while the record can still be edited."""
        return self.record is not None and self.record.status == RecordStatus.DRAFT

    # -- answering -----------------------------------------------------------------

    def set_answer(self, item_id: str, **changes: Any) -> None:
        """Change one item's answer, redraw, and schedule the save."""
        answer = self.answer_of(item_id).model_copy(update=changes)
        self.record = self.with_answer(answer)
        self._hide_problems()  # what F5 listed may be fixed now; F5 checks again
        self._refresh_row(item_id)
        self._refresh_summary()
        self._changed()

    def advance(self) -> None:
        """Move the cursor to the next item (skipping section headings)."""
        items = self.query_one("#items", OptionList)
        start = items.highlighted if items.highlighted is not None else -1
        for index in range(start + 1, items.option_count):
            if not items.get_option_at_index(index).disabled:
                items.highlighted = index
                return

    def action_note(self) -> None:
        """Write a note on the highlighted item."""
        item = self.current_item
        if item is None or not self.is_draft:
            return
        self._editing_item = item.id
        note = self.query_one("#note", Input)
        note.value = getattr(self.answer_of(item.id), self.note_field())
        note.focus()

    def note_placeholder(self) -> str:
        """What the note box asks for."""
        return _("Note for this item, Enter to keep it")

    def note_field(self) -> str:
        """Name of the answer's free-text field ('note' or 'evidence')."""
        return "note"

    @on(Input.Submitted, "#note")
    def _note_done(self, event: Input.Submitted) -> None:
        item_id = self._editing_item or (self.current_item.id if self.current_item else None)
        if item_id and self.is_draft:
            self.set_answer(item_id, **{self.note_field(): event.value})
        event.input.value = ""
        self._editing_item = None
        self.query_one("#items", OptionList).focus()

    def action_attach(self) -> None:
        """Choose a photo (or document) for the highlighted item in the picker, which
        opens in the folder the last one came from."""
        item = self.current_item
        if item is None or not self.is_draft:
            return
        item_id = item.id
        title = _("Attach a photo to: {item}").format(item=item.text())

        def chosen(path: Path | None) -> None:
            self.query_one("#items", OptionList).focus()
            if path is not None:
                self._attach_path(item_id, path)

        from screens.photo_picker import pick_file

        pick_file(self, self.store, title, chosen)

    @on(Input.Submitted, "#attach")
    def _attach_done(self, event: Input.Submitted) -> None:
        item_id = self._editing_item or (self.current_item.id if self.current_item else None)
        path = event.value.strip()
        event.input.value = ""
        self._editing_item = None
        self.query_one("#items", OptionList).focus()
        if item_id and path:
            self._attach_path(item_id, Path(path))

    def _attach_path(self, item_id: str, path: Path) -> None:
        """Copy a file in (a worker: a photo's upload copy takes a moment) for an item."""
        if not self.is_draft:
            return
        store = self.store

        def run() -> None:
            from screens.photo_picker import attach_file

            try:
                record = attach_file(store, path)
            except ValueError as exc:  # AttachmentError says which file and why
                self.post_message(self.Attached(item_id, None, str(exc)))
                return
            self.post_message(self.Attached(item_id, record.sha256, None))

        self.run_worker(run, thread=True, group="attach")

    @on(Attached)
    def _attached(self, message: Attached) -> None:
        if message.error or not message.sha256:
            self.notify(message.error or "", severity="error")
            return
        files = list(self.answer_of(message.item_id).attachments)
        if message.sha256 not in files:
            files.append(message.sha256)
        self.set_answer(message.item_id, attachments=files)
        self.notify(_("File attached."))

    async def action_back(self) -> None:
        """Escape in the note or path box returns to the list; elsewhere it leaves."""
        focused = self.app.focused
        if focused is not None and focused.id in ("note", "attach"):
            focused.value = ""  # type: ignore[attr-defined]
            self._editing_item = None
            self.query_one("#items", OptionList).focus()
            return
        await super().action_back()

    # -- autosave --------------------------------------------------------------------

    def draft_snapshot(self) -> Any:
        """The record with the answers given so far."""
        return self.record

    def save_draft(self, snapshot: Any) -> Any:
        """Write a snapshot of the draft (worker thread)."""
        return self.repo.save_draft(snapshot)

    def saved_version(self, version: int) -> None:
        """Remember the version the database now holds."""
        if self.record is not None:
            self.record = self.record.model_copy(update={"version": version})

    def discard_empty_draft(self) -> bool | None:
        """Delete the untouched new draft (kept when actions were checked off at it)."""
        return self.repo.delete_draft(self.record_id)

    # -- complete and correct ---------------------------------------------------------

    def action_complete(self) -> None:
        """Check the form as it is once the keys typed before F5 are handled."""
        self.field_app.after_typing(self.complete_now)

    def complete_now(self) -> None:
        """Check the form; propose actions for weak items; then complete it."""
        if not self.is_draft or self.template is None:
            return
        self._stop_timer()
        job, repo, template, record = self._save_job(), self.repo, self.template, self.record

        def run() -> None:
            try:
                job()
                problems = record.check_complete(template)
                proposals = [] if problems else repo.propose(record)
            except Exception as exc:
                self.post_message(self.Checked([str(exc)], []))
                return
            self.post_message(self.Checked(problems, proposals))

        self.run_worker(run, thread=True, group="autosave")

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        if message.problems:
            self._show_problems(message.problems)
            return
        if not message.proposals:
            self._finish([])
            return
        from screens.action_proposals import ProposalsScreen

        self.app.push_screen(ProposalsScreen(message.proposals), self._finish)

    def _finish(self, accepted: list[ActionProposal] | None) -> None:
        if accepted is None:
            self.notify(_("Not completed: the record is still a draft."), severity="warning")
            return
        repo, record_id = self.repo, self.record_id

        def run() -> None:
            from field_app.store.visits import IncompleteError

            try:
                self.post_message(self.Completed(repo.complete(record_id, accepted), []))
            except IncompleteError as exc:
                self.post_message(self.Completed(None, exc.problems))
            except Exception as exc:
                self.post_message(self.Completed(None, [str(exc)]))

        self.run_worker(run, thread=True, group="autosave")

    def _show_problems(self, problems: list[str]) -> None:
        panel = self.query_one("#problems", Static)
        panel.update(
            "[b]" + _("Cannot complete yet:") + "[/b]\n" + "\n".join(f"• {p}" for p in problems)
        )
        panel.add_class("-shown")
        self.notify(_("Cannot complete yet: see the list at the top."), severity="error")

    def _hide_problems(self) -> None:
        panel = self.query_one("#problems", Static)
        if panel.has_class("-shown"):
            panel.update("")
            panel.remove_class("-shown")

    @on(Completed)
    def _completed(self, message: Completed) -> None:
        if message.record is None:
            self._show_problems(message.problems)
            return
        self._hide_problems()
        self.record = message.record
        self._saved_changes = self._changes
        self._show_state()
        self._fill_items()
        self._refresh_summary()
        self.query_one("#save-state", Static).update(_("Completed and saved."))
        self.notify(_("Completed."))

    def action_correct(self) -> None:
        """Start a correction: a new draft that supersedes this completed record."""
        if self.is_draft or self.record is None:
            return
        newer = self.extra.get("superseded_by")
        if newer is not None and newer.status == RecordStatus.COMPLETED:
            self.notify(_("This record was already corrected."), severity="warning")
            return
        repo, record_id, screen_type = self.repo, self.record_id, type(self)

        def run() -> None:
            draft = repo.correct(record_id)
            self.app.call_from_thread(self.app.switch_screen, screen_type(draft.id))

        self.run_worker(run, thread=True, group="autosave")

    # -- PDF report ---------------------------------------------------------------------

    def action_pdf(self) -> None:
        """Write the record's PDF report into the data folder's reports/ (in a worker).

        Pending answers are saved first, so a draft's report shows what is on screen.
        """
        if self.record is None:
            return
        job, store, kind, record_id = self._save_job(), self.store, self.kind.name, self.record_id
        self.notify(_("Writing the PDF report…"))

        def run() -> None:
            from field_app.reports.record_pdf import write_default_report

            try:
                saved = job() if self.is_draft else None
                if saved is not None:
                    self.post_message(self.Saved(saved.version, None))
                path = write_default_report(store, kind, record_id)
            except (OSError, ValueError, KeyError) as exc:  # ReportError is a ValueError
                self.post_message(self.Reported(None, str(exc)))
                return
            self.post_message(self.Reported(path, None))

        self.run_worker(run, thread=True, group="pdf")

    @on(Reported)
    def _reported(self, message: Reported) -> None:
        if message.error is not None:
            self.notify(
                _("PDF report not written: {error}").format(error=message.error), severity="error"
            )
            return
        self.last_report = message.path
        self.notify(_("PDF report saved: {path}").format(path=message.path), timeout=10)
