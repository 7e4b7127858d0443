"""The training courses list (Ctrl+T, the palette, T on home): newest first with the
year's people and experts trained; Enter opens a course, N starts a new one.

Also registers the training course form, so home's attention panel lists its drafts
and an enterprise's timeline shows the courses it sent people to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date
from field_app.models.visit import RecordStatus
from screens.base import FieldScreen
from screens.draft_start import start_draft
from screens.registry import register_form, register_screen

if TYPE_CHECKING:
    from textual.screen import Screen

    from field_app.models.training import TrainingCourse
    from field_app.store.training_courses import TrainingTotals
    from screens.app import FieldApp


def _summary(course: TrainingCourse) -> str:
    from field_app.models.training import topic_label

    title = f" · {course.title}" if course.title else ""
    people = _("{n} people").format(n=course.participants)
    return f"{topic_label(course.topic)}{title} · {people}"


def course_line(course: TrainingCourse) -> str:
    """A course in one line: date, topic, title, people."""
    return f"{format_date(course.start_date)}  {_summary(course)}"


def timeline_row(course: TrainingCourse) -> str:
    """The course's line in an enterprise's timeline."""
    return f"{format_date(course.start_date)}  {_('Training')}: {_summary(course)}"


class TrainingListScreen(FieldScreen):
    """Every training course on the device, newest first."""

    CSS_PATH = "training.tcss"
    BINDINGS = [Binding("n", "new", N_("New course"))]

    class Loaded(Message):
        """The courses and this year's totals, read in a worker."""

        def __init__(self, courses: list[TrainingCourse], totals: TrainingTotals) -> None:
            super().__init__()
            self.courses = courses
            self.totals = totals

    def screen_title(self) -> str:
        return _("Training courses")

    def help_text(self) -> str:
        return _(
            "The training courses recorded on this laptop, newest first, with the people and "
            "experts trained this year (completed courses only). Enter opens a course; N "
            "starts a new one."
        )

    def compose_body(self) -> ComposeResult:
        yield Static("", id="training-totals")
        yield OptionList(id="training-list")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the courses in a worker."""
        store, year = self.store, self.field_app.today.year

        def run() -> None:
            repo = store.training_courses
            self.post_message(self.Loaded(repo.recent(200), repo.year_totals(year)))

        self.run_worker(run, thread=True, group="load", exclusive=True)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        totals = message.totals
        self.query_one("#training-totals", Static).update(
            _("{year}: {courses} courses, {people} people trained, {experts} experts").format(
                year=self.field_app.today.year,
                courses=totals.courses,
                people=totals.people,
                experts=totals.experts,
            )
        )
        options = self.query_one("#training-list", OptionList)
        options.clear_options()
        for course in message.courses:
            status = _("draft") if course.status == RecordStatus.DRAFT else _("completed")
            options.add_option(Option(f"{course_line(course)}  ({status})", id=course.id))
        if not message.courses:
            options.add_option(Option(_("No training course yet: N starts one."), disabled=True))
        else:
            options.highlighted = 0  # Enter opens the newest at once
        options.focus()

    @on(OptionList.OptionSelected, "#training-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.push_screen(open_course(event.option.id, False))

    def action_new(self) -> None:
        """Start a new draft course dated today and open it."""
        store, today = self.store, self.field_app.today

        def save() -> str:
            from field_app.models.training import TrainingCourse, training_topics

            topic = training_topics()[0].key
            course = TrainingCourse(start_date=today, end_date=today, topic=topic)
            return str(store.training_courses.save_draft(course).id)

        def opened(course_id: str) -> None:
            self.app.push_screen(open_course(course_id, True))

        start_draft(self, save, opened)


def open_course(course_id: str, new: bool) -> Screen[Any]:
    """The form of one course."""
    from screens.training_form import TrainingFormScreen

    return TrainingFormScreen(course_id, new=new)


def _list(app: FieldApp) -> Screen[Any]:
    return TrainingListScreen()


register_screen(
    "training_courses",
    _list,
    title=N_("Training courses"),
    help=N_("Courses held, people and experts trained; N starts a new course"),
    key="ctrl+t",
)
register_form(
    "training_course",
    open_course,
    draft_label=N_("Training course draft"),
    timeline_row=timeline_row,
)
