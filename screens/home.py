"""Home: what needs attention today (drafts, follow-ups due, recent visits, counts)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date, format_number
from field_app.store.home_summary import HomeSummary, HomeVisit, read_home_summary
from screens.base import FieldScreen
from screens.labels import purpose_label
from screens.registry import FORMS, HOME_SECTIONS, register_screen
from screens.widgets.pick_list import PickList


class HomeScreen(FieldScreen):
    """The first screen of a normal day."""

    AUTO_FOCUS = "#drafts"  # arrows and Enter work on the drafts at once
    BINDINGS = [
        Binding("e", "app.open('enterprises')", N_("Enterprises")),
        Binding("i", "app.open('import')", N_("Import")),
        Binding("t", "app.open('training_courses')", N_("Training")),
        Binding("r", "reload", N_("Refresh")),
        Binding("escape", "back", show=False),
    ]

    class Loaded(Message):
        """Home's data, read in a worker."""

        def __init__(self, data: HomeSummary) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self._sections: list[Any] = []
        self._composed_with_data = False
        self._skip_resume = False

    def screen_title(self) -> str:
        return _("Home")

    def help_text(self) -> str:
        return _(
            "What needs attention today: drafts not finished, follow-up visits due within a "
            "week or overdue, and the latest visits. Move with Tab and the arrows; Enter "
            "opens the visit.\nE opens the enterprise registry, F4 starts a new visit, "
            "I imports an enterprise list, T opens the training courses."
        )

    def compose_body(self) -> ComposeResult:
        # At start-up home's data was read while the interface was imported: when it is
        # there already, the first paint shows it (one layout, one paint). Otherwise the
        # lists start empty and the worker started at resume fills them.
        data = self.field_app.take_early_home(wait=False)
        self._skip_resume = data is not None  # the first showing needs no second read
        if data is not None and data.first_run:
            self.post_message(self.Loaded(data))  # the welcome screen comes instead
            data = None
        self._composed_with_data = data is not None
        yield Static(self._greeting() if data else "", id="greeting")
        yield Static(self._counts(data) if data else "", id="counts")
        extra = self._new_sections() if self.field_app.plugins_loaded else []
        yield Grid(*self._panels(data), *extra, id="home-grid")

    def _panels(self, data: HomeSummary | None) -> list[Any]:
        """Home's own three lists (with their options when the data is known)."""
        return [
            Vertical(
                Static(title, classes="section-title"),
                PickList(*(self._options(list_id, data) if data else []), id=list_id),
                classes="home-panel",
            )
            for list_id, title in (
                ("drafts", _("Drafts not finished")),
                ("due", _("Follow-ups due or overdue")),
                ("recent", _("Recent visits")),
            )
        ]

    def _new_sections(self) -> list[Any]:
        """Widgets for home panels registered since the last call (other areas' panels)."""
        made = []
        for factory in HOME_SECTIONS[len(self._sections) :]:
            self._sections.append(factory)
            made.append(factory(self.field_app))
        return made

    def on_plugins_loaded(self) -> None:
        super().on_plugins_loaded()
        new = self._new_sections()
        if new:
            self.query_one("#home-grid", Grid).mount_all(new)

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        """Home is on screen and takes keys (with its data, when it was composed with it)."""
        from screens.startup_probe import report_ready

        report_ready(self.app, "screen")
        if self._composed_with_data:
            self._data_shown()

    def on_screen_resume(self) -> None:
        if self._skip_resume:
            self._skip_resume = False
            return
        self.action_reload()

    def action_reload(self) -> None:
        """Read home's data again (in a worker)."""
        app, today = self.field_app, self.field_app.today

        def run() -> None:
            # Before the database is opened (at start-up), home reads its rows straight
            # from the file: opening the Store loads sqlite-utils and every model.
            summary = None
            if not app.store_open:
                early = app.take_early_home(wait=True)  # read while the interface loaded
                summary = early or read_home_summary(app.db_path, today)
            if summary is None:  # a new or older file: the Store creates or upgrades it
                summary = app.store.home_summary(today)
            self.post_message(self.Loaded(summary))

        self.run_worker(run, thread=True, group="home", exclusive=True)
        for section in self.query(".home-section"):
            refresh = getattr(section, "refresh_data", None)
            if refresh:
                refresh()

    def on_home_screen_loaded(self, message: Loaded) -> None:
        data = message.data
        if data.first_run:
            self.field_app.load_plugins()
            self.field_app.show_welcome()
            return
        self.query_one("#greeting", Static).update(self._greeting())
        self.query_one("#counts", Static).update(self._counts(data))
        for list_id in ("drafts", "due", "recent"):
            self.query_one(f"#{list_id}", PickList).replace_options(self._options(list_id, data))
        self.call_after_refresh(self._data_shown)

    def _data_shown(self) -> None:
        from screens.startup_probe import report_ready

        report_ready(self.app, "data")
        # The other areas' screens and panels load once home's own data is shown.
        self.call_after_refresh(self.field_app.load_plugins)

    def _greeting(self) -> str:
        officer, today = self.field_app.officer_name, format_date(self.field_app.today)
        if officer:
            return _("Hello {name}. Today is {date}.").format(name=officer, date=today)
        return _("Today is {date}.").format(date=today)

    def _counts(self, data: HomeSummary) -> str:
        counts = data.counts
        return _(
            "{e} enterprises · {v} visits · {c} certificates · {p} changes waiting to sync"
        ).format(
            e=format_number(counts.get("enterprises", 0)),
            v=format_number(counts.get("visits", 0)),
            c=format_number(counts.get("certifications", 0)),
            p=format_number(counts.get("pending_changes", 0)),
        )

    def _options(self, list_id: str, data: HomeSummary) -> list[Option]:
        """The options of one of home's lists."""
        today, due = self.field_app.today, list_id == "due"
        visits: list[HomeVisit] = getattr(data, list_id)
        options: list[Option] = []
        for visit in visits:
            name = visit.enterprise_name or "?"
            if due and visit.follow_up_date:
                when = format_date(visit.follow_up_date)
                if visit.follow_up_date < today:
                    when = "[b $error]" + _("overdue {date}").format(date=when) + "[/]"
            else:
                when = format_date(visit.visit_date)
            if visit.kind == "visit":
                text = f"{when}  {name}  · {purpose_label(visit.purpose)}"
            else:  # a draft of another kind: what it is, and its enterprise (or title)
                text = f"{when}  {_kind_label(visit.kind)}"
                text += f"  · {visit.enterprise_name}" if visit.enterprise_name else ""
            # A visit is its id (in every list); a draft of another kind says its kind.
            key = visit.id if visit.kind == "visit" else f"{visit.kind}:{visit.id}"
            options.append(Option(text, id=key))
        empty = {
            "drafts": _("No draft."),
            "due": _("No follow-up due."),
            "recent": _("No visit yet."),
        }[list_id]
        return options or [Option(empty, disabled=True)]

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        """Open the record: a visit, or (among the drafts) a record of any kind."""
        kind, _sep, record_id = (event.option.id or "").rpartition(":")
        if not record_id:
            return
        if kind in ("", "visit"):
            from screens.visit_form import VisitFormScreen

            self.app.push_screen(VisitFormScreen(record_id))
            return
        self.field_app.load_plugins()  # the other kinds' forms register there
        if kind in FORMS:
            self.app.push_screen(FORMS[kind].open(record_id, False))

    async def action_back(self) -> None:
        """Home is the bottom of the stack: Escape stays here."""


def _kind_label(kind: str) -> str:
    """ "5S audit", "Training course"... (the registry's label, capitalised)."""
    from field_app.kinds import KINDS  # already read by home's start-up thread

    label = _(KINDS[kind].label) if kind in KINDS else kind
    return label[:1].upper() + label[1:]


register_screen(
    "home",
    lambda app: HomeScreen(),
    title=N_("Home"),
    help=N_("Drafts, follow-ups due and recent visits"),
    key="f2",
)
