"""The training course form: dates, topic, organiser, trainers, people and experts
trained, the enterprises that sent people (picked from the registry) and attachments
such as the attendance sheet photo.

A draft saves itself shortly after each change; F5 checks and completes it (then it
is read-only); F6 starts a correction, a new course that supersedes the completed one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date
from field_app.models.common import date_of, parse_date
from field_app.models.training import CourseEnterprise, TrainingCourse, training_topics
from field_app.models.visit import RecordStatus
from screens.base import FieldScreen
from screens.draft_autosave import DraftAutosave
from screens.widgets.field_input import FormField

TEXT_INPUTS: list[tuple[str, str]] = [
    ("title", N_("Course title (if it has one)")),
    ("organiser", N_("Organiser")),
    ("place", N_("Place")),
    ("trainers", N_("Trainers (separated by commas)")),
]
COUNTS: list[tuple[str, str]] = [
    ("participants", N_("Participants")),
    ("productivity_experts", N_("Productivity experts")),
    ("trainee_experts", N_("Trainee experts")),
]
DATES: list[tuple[str, str]] = [
    ("start_date", N_("Start date (dd/mm/yyyy)")),
    ("end_date", N_("End date (dd/mm/yyyy)")),
]


def count_of(text: str) -> int:
    """A whole number of people typed in a box ("" is 0); ValueError says what to fix."""
    text = text.strip().replace(".", "").replace(" ", "")
    if not text:
        return 0
    if not text.isdigit():
        raise ValueError(_("write a whole number of people, such as 25"))
    return int(text)


class TrainingFormScreen(DraftAutosave, FieldScreen):
    """Edit a draft training course, or read a completed one."""

    CSS_PATH = "training.tcss"
    BINDINGS = [
        # priority: TextArea has its own F6 (select line); the form's keys win.
        Binding("ctrl+s", "save", N_("Save now"), priority=True),
        Binding("f5", "complete", N_("Complete"), priority=True),
        Binding("f6", "correct", N_("Correct"), priority=True),
        Binding("ctrl+n", "add_enterprise", N_("Add enterprise")),
        Binding("ctrl+o", "attach", N_("Attach file")),
        Binding("delete", "remove_enterprise", N_("Remove enterprise"), show=False),
    ]

    class Loaded(Message):
        """The course, its enterprises' names and its correction, read in a worker."""

        def __init__(
            self, course: TrainingCourse | None, names: dict[str, str], newer: Any
        ) -> None:
            super().__init__()
            self.course = course
            self.names = names
            self.newer = newer

    class Completed(Message):
        """Completing finished: the completed course, or the problems to fix."""

        def __init__(self, course: TrainingCourse | None, problems: list[str]) -> None:
            super().__init__()
            self.course = course
            self.problems = problems

    class Attached(Message):
        """A file was copied in (its sha256 and name), or refused (error)."""

        def __init__(self, sha256: str | None, name: str, error: str | None) -> None:
            super().__init__()
            self.sha256 = sha256
            self.name = name
            self.error = error

    class Picked(Message):
        """An enterprise was chosen in the registry, with its name."""

        def __init__(self, enterprise_id: str, name: str) -> None:
            super().__init__()
            self.enterprise_id = enterprise_id
            self.name = name

    def __init__(self, course_id: str, *, new: bool = False) -> None:
        super().__init__()
        self.course_id = course_id
        self.new = new
        self.course: TrainingCourse | None = None
        self.superseded_by: Any = None
        self.sent: list[CourseEnterprise] = []
        """The enterprises as the form shows them (edited in place)."""
        self.names: dict[str, str] = {}
        self.attachments: list[str] = []
        self.errors: dict[str, str] = {}
        self._init_autosave()
        self._loading = True

    # -- layout ------------------------------------------------------------------

    def screen_title(self) -> str:
        return _("Training course")

    def help_text(self) -> str:
        return _(
            "Write the course as it is held: it saves itself as you type. Dates are "
            "dd/mm/yyyy; put several trainers on one line separated by commas. Participants "
            "counts everyone trained; of them, how many are productivity experts or trainee "
            "experts.\nCtrl+N adds an enterprise from the registry; type how many people it "
            "sent in the box under the list (Delete removes the highlighted one). Ctrl+O "
            "attaches a file such as the attendance sheet photo.\nF5 completes the course: "
            "it is checked, then locked. F6 on a completed course makes a correction."
        )

    def compose_body(self) -> ComposeResult:
        topics = [(t.label(), t.key) for t in training_topics()]
        with VerticalScroll(id="training"):
            yield Static("", id="training-state")
            yield Static("", id="problems")
            with Horizontal(classes="form-row"):
                for name, label in DATES:
                    yield FormField(_(label), Input(id=f"t-{name}"), id=f"tf-{name}")
                yield FormField(
                    _("Topic"), Select(topics, allow_blank=False, id="t-topic"), id="tf-topic"
                )
            # Two text fields a row: the whole form fits a laptop screen with less scrolling.
            for pair in (TEXT_INPUTS[:2], TEXT_INPUTS[2:]):
                with Horizontal(classes="form-row"):
                    for name, label in pair:
                        yield FormField(_(label), Input(id=f"t-{name}"), id=f"tf-{name}")
            with Horizontal(classes="form-row"):
                for name, label in COUNTS:
                    yield FormField(_(label), Input(id=f"t-{name}"), id=f"tf-{name}")
            yield FormField(
                _("Enterprises that sent people (Ctrl+N adds one)"),
                OptionList(id="t-enterprises"),
                id="tf-enterprises",
            )
            yield FormField(
                _("People sent by the highlighted enterprise"),
                Input(id="t-sent"),
                id="tf-sent",
            )
            yield FormField(_("Notes"), TextArea(id="t-notes"), id="tf-notes")
            yield Static("", id="t-files")
            yield FormField(
                _("Attach a file: type its path, then Enter"),
                Input(id="t-attach"),
                id="tf-attach",
            )
            yield Static("", id="save-state")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        """Read the course in a worker."""
        store, course_id = self.store, self.course_id

        def run() -> None:
            course = store.training_courses.get(course_id)
            names: dict[str, str] = {}
            newer = None
            if course is not None:
                names = store.enterprises.names([e.enterprise_id for e in course.enterprises])
                newer_id = store.training_courses.superseded_by(course_id)
                newer = store.training_courses.get(newer_id) if newer_id else None
            self.post_message(self.Loaded(course, names, newer))

        self.run_worker(run, thread=True, group="load")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.course is None:
            self.notify(_("This training course no longer exists."), severity="error")
            return
        self.course, self.names, self.superseded_by = message.course, message.names, message.newer
        self._fill(message.course)
        self._loading = False

    def _fill(self, course: TrainingCourse) -> None:
        self.sent = [e.model_copy() for e in course.enterprises]
        self.attachments = list(course.attachments)
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            for name, _label in DATES:
                self.query_one(f"#t-{name}", Input).value = format_date(getattr(course, name))
            topic = self.query_one("#t-topic", Select)
            if course.topic not in {t.key for t in training_topics()}:
                # A topic typed elsewhere (or a newer list) stays selectable as it is.
                options = [(t.label(), t.key) for t in training_topics()]
                topic.set_options([*options, (course.topic, course.topic)])
            topic.value = course.topic
            for name, _label in TEXT_INPUTS:
                value = getattr(course, name)
                self.query_one(f"#t-{name}", Input).value = (
                    ", ".join(value) if isinstance(value, list) else value
                )
            for name, _label in COUNTS:
                self.query_one(f"#t-{name}", Input).value = str(getattr(course, name))
            self.query_one("#t-notes", TextArea).load_text(course.notes)
        self._show_enterprises()
        self._show_files()
        locked = course.status == RecordStatus.COMPLETED
        for widget in self.query("Input, Select"):
            widget.disabled = locked
        self.query_one("#t-notes", TextArea).read_only = locked
        self._show_state()
        self.refresh_bindings()
        self.query_one("#t-enterprises" if locked else "#t-start_date").focus()

    def _show_state(self) -> None:
        course = self.course
        assert course is not None
        if course.status == RecordStatus.COMPLETED:
            lines = [
                _("Completed on {date}: read-only. Press F6 to make a correction.").format(
                    date=format_date(date_of((course.completed_at or "")[:10]))
                )
            ]
        else:
            lines = [_("Draft: saves itself as you type. F5 completes it.")]
        if course.supersedes:
            lines.append(_("This course corrects an earlier completed course."))
        if self.superseded_by is not None:
            lines.append("[b $warning]" + _("Superseded by a correction.") + "[/]")
        self.query_one("#training-state", Static).update("\n".join(lines))
        self.set_class(course.status == RecordStatus.COMPLETED, "-completed")

    def _show_enterprises(self, highlight: int | None = None) -> None:
        options = self.query_one("#t-enterprises", OptionList)
        options.clear_options()
        for entry in self.sent:
            name = self.names.get(entry.enterprise_id, entry.enterprise_id)
            people = _("{n} people").format(n=entry.participants)
            options.add_option(Option(f"{name} — {people}", id=entry.enterprise_id))
        if not self.sent:
            options.add_option(Option(_("No enterprise yet."), disabled=True))
        elif highlight is not None:
            options.highlighted = highlight

    def _show_files(self) -> None:
        text = _("Attached files: {n}").format(n=len(self.attachments))
        self.query_one("#t-files", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that apply: editing keys on a draft, Correct once completed."""
        if action in ("complete", "save", "add_enterprise", "attach", "remove_enterprise"):
            return self.is_draft
        if action == "correct":
            return self.course is not None and not self.is_draft
        return True

    # -- editing -----------------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        """True while the course can still be edited."""
        return self.course is not None and self.course.status == RecordStatus.DRAFT

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Message) -> None:
        if self._loading or not self.is_draft:
            return
        if isinstance(event, Input.Changed) and event.input.id in ("t-attach", "t-sent"):
            return  # not the course's own fields: they apply on Enter
        self.collect()  # shows number and date problems at once
        self._changed()

    def collect(self) -> TrainingCourse:
        """The draft as the form shows it now. A date or number that does not parse
        keeps its last good value (its field says what to fix), so the rest is saved."""
        assert self.course is not None
        data: dict[str, Any] = self.course.model_dump()
        errors: dict[str, str] = {}
        for name, _label in DATES:
            try:
                parsed = parse_date(self.query_one(f"#t-{name}", Input).value)
            except ValueError as exc:
                errors[name] = str(exc)
                continue
            if parsed is None:
                errors[name] = _("the date is required")
                continue
            data[name] = parsed
        for name, _label in COUNTS:
            try:
                data[name] = count_of(self.query_one(f"#t-{name}", Input).value)
            except ValueError as exc:
                errors[name] = str(exc)
        topic = self.query_one("#t-topic", Select).value
        if isinstance(topic, str):
            data["topic"] = topic
        for name, _label in TEXT_INPUTS:
            data[name] = self.query_one(f"#t-{name}", Input).value
        data["notes"] = self.query_one("#t-notes", TextArea).text
        data["enterprises"] = [e.model_dump() for e in self.sent]
        data["attachments"] = list(self.attachments)
        for form_field in self.query(FormField):
            key = (form_field.id or "").removeprefix("tf-")
            if key not in ("sent", "attach"):
                form_field.show_error(errors.get(key))
        self.errors = errors
        return TrainingCourse.model_validate(data)

    def action_add_enterprise(self) -> None:
        """Pick an enterprise in the registry; it is added with 0 people to fill in."""
        from screens.enterprise_list import EnterpriseListScreen

        self.app.push_screen(EnterpriseListScreen(pick=True), self._picked)

    def _picked(self, chosen: str | None) -> None:
        if not chosen:
            return
        store = self.store

        def run() -> None:
            self.post_message(
                self.Picked(chosen, store.enterprises.names([chosen]).get(chosen, ""))
            )

        self.run_worker(run, thread=True, group="pick")

    @on(Picked)
    def _add_picked(self, message: Picked) -> None:
        self.names[message.enterprise_id] = message.name
        index = next(
            (n for n, e in enumerate(self.sent) if e.enterprise_id == message.enterprise_id), None
        )
        if index is None:
            self.sent.append(CourseEnterprise(enterprise_id=message.enterprise_id))
            index = len(self.sent) - 1
            self._changed()
        self._show_enterprises(index)
        sent = self.query_one("#t-sent", Input)
        sent.value = str(self.sent[index].participants or "")
        sent.focus()

    @on(OptionList.OptionHighlighted, "#t-enterprises")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._highlighted_entry()
        if entry is not None:
            with self.prevent(Input.Changed):
                self.query_one("#t-sent", Input).value = str(entry.participants or "")

    def _highlighted_entry(self) -> CourseEnterprise | None:
        index = self.query_one("#t-enterprises", OptionList).highlighted
        return self.sent[index] if index is not None and index < len(self.sent) else None

    @on(Input.Submitted, "#t-sent")
    def _sent_typed(self, event: Input.Submitted) -> None:
        entry = self._highlighted_entry()
        field = self.query_one("#tf-sent", FormField)
        if entry is None or not self.is_draft:
            field.show_error(_("add an enterprise first (Ctrl+N)"))
            return
        try:
            entry.participants = count_of(event.value)
        except ValueError as exc:
            field.show_error(str(exc))
            return
        field.show_error(None)
        index = self.sent.index(entry)
        self._show_enterprises(index)
        self._changed()
        self.query_one("#t-enterprises", OptionList).focus()

    def action_remove_enterprise(self) -> None:
        """Remove the highlighted enterprise from the course."""
        entry = self._highlighted_entry()
        if entry is None or self.focused is not self.query_one("#t-enterprises"):
            return
        self.sent.remove(entry)
        self._show_enterprises(0 if self.sent else None)
        self._changed()

    def action_attach(self) -> None:
        """Choose a file to attach (the attendance sheet photo...) in the photo picker,
        which opens in the folder the last attached file came from."""
        if not self.is_draft:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._attach_path(str(path))

        from screens.photo_picker import pick_file

        pick_file(self, self.store, _("Attach a file to the course"), chosen)

    @on(Input.Submitted, "#t-attach")
    def _attach_typed(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not (path and self.is_draft):
            return
        event.input.value = ""
        self._attach_path(path)

    def _attach_path(self, path: str) -> None:
        store = self.store

        def run() -> None:
            from screens.photo_picker import attach_file

            try:
                record = attach_file(store, path)
            except ValueError as exc:  # AttachmentError says which file and why
                self.post_message(self.Attached(None, path, str(exc)))
                return
            self.post_message(self.Attached(record.sha256, record.file_name, None))

        self.run_worker(run, thread=True, group="attach")

    @on(Attached)
    def _attached(self, message: Attached) -> None:
        field = self.query_one("#tf-attach", FormField)
        if message.sha256 is None:
            field.show_error(message.error)
            return
        field.show_error(None)
        if message.sha256 not in self.attachments:
            self.attachments.append(message.sha256)
            self._changed()
        self._show_files()
        self.notify(_("Attached {name}.").format(name=message.name))

    # -- autosave ----------------------------------------------------------------

    def draft_snapshot(self) -> TrainingCourse:
        """The draft as the form shows it now."""
        return self.collect()

    def save_draft(self, snapshot: TrainingCourse) -> TrainingCourse:
        """Write a snapshot of the draft (worker thread)."""
        return self.store.training_courses.save_draft(snapshot)

    def saved_version(self, version: int) -> None:
        """Remember the version the database now holds."""
        if self.course is not None:
            self.course = self.course.model_copy(update={"version": version})

    def discard_empty_draft(self) -> bool | None:
        """Delete the untouched new draft."""
        return self.store.training_courses.delete_draft(self.course_id)

    # -- complete and correct ------------------------------------------------------

    def action_complete(self) -> None:
        """Check and complete the draft (it becomes read-only)."""
        if not self.is_draft:
            return
        self.collect()
        if self.errors:
            self._show_problems(list(self.errors.values()))
            return
        job, store, course_id = self._save_job(), self.store, self.course_id

        def run() -> None:
            from field_app.store.visits import IncompleteError

            try:
                job()
                done = store.training_courses.complete(course_id)
            except IncompleteError as exc:
                self.post_message(self.Completed(None, exc.problems))
                return
            except (KeyError, ValueError) as exc:
                self.post_message(self.Completed(None, [str(exc)]))
                return
            self.post_message(self.Completed(done, []))

        self.run_worker(run, thread=True, group="autosave")

    def _show_problems(self, problems: list[str]) -> None:
        panel = self.query_one("#problems", Static)
        panel.update(
            "[b]" + _("Cannot complete yet:") + "[/b]\n" + "\n".join(f"• {p}" for p in problems)
        )
        panel.add_class("-shown")
        self.notify(_("Cannot complete yet: see the list at the top."), severity="error")

    @on(Completed)
    def _completed(self, message: Completed) -> None:
        if message.course is None:
            self._show_problems(message.problems)
            return
        panel = self.query_one("#problems", Static)
        panel.update("")
        panel.remove_class("-shown")
        self.course = message.course
        self._saved_changes = self._changes
        self._loading = True
        self._fill(message.course)
        self._loading = False
        self.query_one("#save-state", Static).update(_("Completed and saved."))
        self.notify(_("Training course completed."))

    def action_correct(self) -> None:
        """Start a correction of a completed course (a new draft that supersedes it)."""
        if self.is_draft or self.course is None:
            return
        if self.superseded_by is not None:
            self.notify(_("This course was already corrected."), severity="warning")
            return
        store, course_id = self.store, self.course_id

        def run() -> None:
            draft = store.training_courses.correct(course_id)
            self.app.call_from_thread(self.app.switch_screen, TrainingFormScreen(draft.id))

        self.run_worker(run, thread=True, group="autosave")
