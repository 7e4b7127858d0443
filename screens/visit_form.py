"""The site visit form. A draft saves itself about a second after each change, so a
flat battery or a killed process loses nothing; Complete validates and locks it; a
correction is a new visit that supersedes the completed one."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select, Static, TextArea

from field_app.i18n import N_, _, format_date
from field_app.models.common import date_of, parse_date
from field_app.models.visit import RecordStatus, Visit, VisitPurpose
from screens.base import FieldScreen
from screens.draft_autosave import DraftAutosave
from screens.labels import purpose_label
from screens.registry import register_command
from screens.widgets.field_input import FormField
from screens.widgets.text_box import TextBox

"""Seconds between the first unsaved change and its save (typing does not postpone it)."""

TEXT_FIELDS: list[tuple[str, str]] = [
    ("findings", N_("Findings")),
    ("recommendations", N_("Recommendations")),
    ("next_steps", N_("Next steps")),
]


class VisitFormScreen(DraftAutosave, FieldScreen):
    """Edit a draft visit, or read a completed one."""

    BINDINGS = [
        # priority, so they win over the focused widget's own keys; the actions wait for
        # the keys typed before them (FieldApp.after_typing).
        Binding("ctrl+s", "save", N_("Save now"), priority=True),
        Binding("f5", "complete", N_("Complete"), priority=True),
        Binding("f6", "correct", N_("Correct"), priority=True),
    ]

    class Loaded(Message):
        """The visit and what surrounds it, read in a worker."""

        def __init__(self, visit: Visit | None, enterprise: str, superseded_by: Visit | None):
            super().__init__()
            self.visit = visit
            self.enterprise = enterprise
            self.superseded_by = superseded_by

    class Completed(Message):
        """Completing finished: the completed visit, or the problems to fix."""

        def __init__(self, visit: Visit | None, problems: list[str]) -> None:
            super().__init__()
            self.visit = visit
            self.problems = problems

    def __init__(self, visit_id: str, *, new: bool = False) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.new = new
        self.visit: Visit | None = None
        self.enterprise_name = ""
        self.superseded_by: Visit | None = None
        self._init_autosave()
        self._loading = True

    # -- layout ------------------------------------------------------------------

    def screen_title(self) -> str:
        return _("Site visit")

    def help_text(self) -> str:
        return _(
            "Write the visit as it happens: it saves itself about a second after you type, "
            "so nothing is lost if the laptop dies. Dates are dd/mm/yyyy; put several "
            "officers on one line separated by commas.\n"
            "F5 completes the visit: it is checked, then locked for good. To change a "
            "completed visit press F6: a correction is made as a new draft that replaces it "
            "when completed, and the history keeps both."
        )

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="visit"):
            yield Static("", id="visit-head")
            yield Static("", id="visit-state")
            yield Static("", id="problems")
            with Horizontal(classes="form-row"):
                yield FormField(
                    _("Visit date"),
                    Input(placeholder=_("dd/mm/yyyy"), id="f-visit_date"),
                    id="ff-visit_date",
                )
                yield FormField(
                    _("Purpose"),
                    Select(
                        [(purpose_label(p), p.value) for p in VisitPurpose],
                        allow_blank=False,
                        id="f-purpose",
                    ),
                    id="ff-purpose",
                )
                yield FormField(
                    _("Follow-up date"),
                    Input(placeholder=_("dd/mm/yyyy"), id="f-follow_up_date"),
                    id="ff-follow_up_date",
                )
            yield FormField(
                _("Officers (separated by commas)"), Input(id="f-officers"), id="ff-officers"
            )
            for name, label in TEXT_FIELDS:
                yield FormField(_(label), TextBox(id=f"f-{name}"), id=f"ff-{name}")
            yield Static("", id="save-state")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        """Read the visit in a worker."""
        store, visit_id = self.store, self.visit_id

        def run() -> None:
            visit = store.visits.get(visit_id)
            name = ""
            newer = None
            if visit is not None:
                ent = store.enterprises.get(visit.enterprise_id)
                name = ent.name if ent else ""
                newer_id = store.visits.superseded_by(visit_id)
                newer = store.visits.get(newer_id) if newer_id else None
            # Read here with the rest; shown by _show_head after Loaded arrives.
            self.review = store.reviews.for_record(visit_id)
            self.post_message(self.Loaded(visit, name, newer))

        self.run_worker(run, thread=True, group="load")

    def on_visit_form_screen_loaded(self, message: Loaded) -> None:
        if message.visit is None:
            self.notify(_("This visit no longer exists."), severity="error")
            return
        self.visit, self.enterprise_name = message.visit, message.enterprise
        self.superseded_by = message.superseded_by
        self._fill(message.visit)
        if self.is_draft:
            self._autosave_baseline(self.collect())
        self._loading = False

    def _fill(self, visit: Visit) -> None:
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            self.query_one("#f-visit_date", Input).value = format_date(visit.visit_date)
            self.query_one("#f-follow_up_date", Input).value = format_date(visit.follow_up_date)
            self.query_one("#f-officers", Input).value = ", ".join(visit.officers)
            self.query_one("#f-purpose", Select).value = visit.purpose.value
            for name, _label in TEXT_FIELDS:
                self.query_one(f"#f-{name}", TextArea).load_text(getattr(visit, name))
        locked = visit.status == RecordStatus.COMPLETED
        for widget in self.query("Input, Select"):
            widget.disabled = locked
        for area in self.query(TextArea):
            area.read_only = locked
        self._show_head()
        self.refresh_bindings()
        if locked:
            self.query_one("#f-findings", TextArea).focus()
        else:
            self.query_one("#f-visit_date", Input).focus()

    def _show_head(self) -> None:
        visit = self.visit
        assert visit is not None
        self.query_one("#visit-head", Static).update(f"[b]{self.enterprise_name}[/b]")
        lines = []
        if visit.status == RecordStatus.COMPLETED:
            lines.append(
                _("Completed on {date}: read-only. Press F6 to make a correction.").format(
                    date=format_date(date_of((visit.completed_at or "")[:10]))
                )
            )
        else:
            lines.append(_("Draft: saves itself as you type. F5 completes it."))
        if visit.supersedes:
            lines.append(_("This visit corrects an earlier completed visit."))
        if self.superseded_by is not None:
            lines.append(
                "[b $warning]"
                + _("Superseded by a correction completed on {date}.").format(
                    date=format_date(date_of((self.superseded_by.completed_at or "")[:10]))
                )
                + "[/]"
            )
        review = getattr(self, "review", None)
        if review is not None:
            lines.append(("[b $warning]" if review.state == "issues" else "") + review.summary()
                         + ("[/]" if review.state == "issues" else ""))  # fmt: skip
        self.query_one("#visit-state", Static).update("\n".join(lines))
        self.set_class(visit.status == RecordStatus.COMPLETED, "-completed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that apply: Complete on a draft, Correct on a completed visit."""
        if action in ("complete", "save"):
            return self.is_draft
        if action == "correct":
            return self.visit is not None and not self.is_draft
        return True

    # -- autosave ----------------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        """True while the visit can still be edited."""
        return self.visit is not None and self.visit.status == RecordStatus.DRAFT

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Message) -> None:
        if self._loading or not self.is_draft:
            return
        self.collect()  # shows date problems at once
        self._changed()

    def collect(self) -> Visit:
        """The draft as the form shows it now. A date that does not parse keeps its last
        good value (and its field says what to fix), so the rest is still saved."""
        assert self.visit is not None
        data: dict[str, Any] = self.visit.model_dump()
        errors: dict[str, str] = {}
        for name in ("visit_date", "follow_up_date"):
            text = self.query_one(f"#f-{name}", Input).value
            try:
                parsed = parse_date(text)
            except ValueError as exc:
                errors[name] = str(exc)
                continue
            if name == "visit_date" and parsed is None:
                errors[name] = _("the visit date is required")
                continue
            data[name] = parsed
        data["officers"] = self.query_one("#f-officers", Input).value
        purpose = self.query_one("#f-purpose", Select).value
        if isinstance(purpose, str):
            data["purpose"] = purpose
        for name, _label in TEXT_FIELDS:
            data[name] = self.query_one(f"#f-{name}", TextArea).text
        for form_field in self.query(FormField):
            form_field.show_error(errors.get((form_field.id or "").removeprefix("ff-")))
        self.date_errors = errors
        return Visit.model_validate(data)

    def draft_snapshot(self) -> Visit:
        """The draft as the form shows it now."""
        return self.collect()

    def save_draft(self, snapshot: Visit) -> Visit:
        """Write a snapshot of the draft (worker thread)."""
        return self.store.visits.save_draft(snapshot)

    def saved_version(self, version: int) -> None:
        """Remember the version the database now holds."""
        if self.visit is not None:
            self.visit = self.visit.model_copy(update={"version": version})

    def discard_empty_draft(self) -> bool | None:
        """Delete the untouched new draft (kept when actions were checked off at it)."""
        return self.store.visits.delete_draft(self.visit_id)

    # -- complete and correct ------------------------------------------------------

    def action_complete(self) -> None:
        """Check and complete the draft as the form shows it, keys just typed included."""
        self.field_app.after_typing(self.complete_now)

    def complete_now(self) -> None:
        """Save exactly what the form shows and complete it, in one worker."""
        if not self.is_draft:
            self.notify(_("This visit is already completed."), severity="warning")
            return
        self._stop_timer()
        self.collect()
        if self.date_errors:
            self._show_problems(list(self.date_errors.values()))
            return
        job, store, visit_id = self._save_job(), self.store, self.visit_id

        def run() -> None:
            from field_app.store.visits import IncompleteError

            try:
                job()
                self.post_message(self.Completed(store.visits.complete(visit_id), []))
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

    def on_visit_form_screen_completed(self, message: Completed) -> None:
        if message.visit is None:
            self._show_problems(message.problems)
            return
        panel = self.query_one("#problems", Static)
        panel.update("")
        panel.remove_class("-shown")
        self.visit = message.visit
        self._stop_timer()
        self._saved_changes = self._changes
        self._loading = True
        self._fill(message.visit)
        self._loading = False
        self.query_one("#save-state", Static).update(_("Completed and saved."))
        self.notify(_("Visit completed."))

    def action_correct(self) -> None:
        """Start a correction of a completed visit (a new draft that supersedes it)."""
        if self.is_draft or self.visit is None:
            self.notify(_("Only a completed visit can be corrected."), severity="warning")
            return
        if self.superseded_by is not None:
            self.notify(_("This visit was already corrected."), severity="warning")
            return
        store, visit_id = self.store, self.visit_id

        def run() -> None:
            draft = store.visits.correct(visit_id)
            self.app.call_from_thread(self.app.switch_screen, VisitFormScreen(draft.id))

        self.run_worker(run, thread=True, group="autosave")


register_command(
    "new-visit",
    lambda app: app.new_visit(None),
    title=N_("New visit"),
    help=N_("Choose the enterprise, then write the visit (it saves itself as you type)"),
)
