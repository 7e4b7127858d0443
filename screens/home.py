"""Home: what needs attention today (drafts, follow-ups due, recent visits, counts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date, format_number
from screens.base import FieldScreen
from screens.registry import HOME_SECTIONS, register_screen

if TYPE_CHECKING:
    from field_app.models.visit import Visit


@dataclass
class HomeData:
    """What home shows, read together in a worker."""

    drafts: list[Visit] = field(default_factory=list)
    due: list[Visit] = field(default_factory=list)
    recent: list[Visit] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    first_run: bool = False


class HomeScreen(FieldScreen):
    """The first screen of a normal day."""

    BINDINGS = [
        Binding("e", "app.open('enterprises')", N_("Enterprises")),
        Binding("i", "app.open('import')", N_("Import")),
        Binding("t", "app.open('training_courses')", N_("Training")),
        Binding("r", "reload", N_("Refresh")),
        Binding("escape", "back", show=False),
    ]

    class Loaded(Message):
        """Home's data, read in a worker."""

        def __init__(self, data: HomeData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self._sections: list[Any] = []

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
        yield Static("", id="greeting")
        yield Static("", id="counts")
        # The panels are mounted with their data (see `_panels`): the first paint stays
        # as light as a bare screen, and the officer can already press F3 or F4.
        yield Grid(id="home-grid")

    def _panels(self) -> list[Any]:
        """Home's own three lists."""
        panels = []
        for list_id, title in (
            ("drafts", _("Drafts not finished")),
            ("due", _("Follow-ups due or overdue")),
            ("recent", _("Recent visits")),
        ):
            panels.append(
                Vertical(
                    Static(title, classes="section-title"),
                    OptionList(id=list_id),
                    classes="home-panel",
                )
            )
        return panels

    def _new_sections(self) -> list[Any]:
        """Widgets for home panels registered since the last call (other areas' panels)."""
        made = []
        for factory in HOME_SECTIONS[len(self._sections) :]:
            self._sections.append(factory)
            made.append(factory(self.field_app))
        return made

    def on_plugins_loaded(self) -> None:
        super().on_plugins_loaded()
        if not self.query("#drafts"):
            return  # the sections are mounted with home's own panels
        new = self._new_sections()
        if new:
            self.query_one("#home-grid", Grid).mount_all(new)

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        """Home is on screen and takes keys; now read its data and load the other areas."""
        from screens.startup_probe import report_ready

        report_ready(self.app, "screen")
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read home's data again (in a worker)."""
        app, today = self.field_app, self.field_app.today

        def run() -> None:
            store = app.store  # opened here, off the UI thread, on the first run
            if not store.get_meta("welcome_done") and store.enterprises.is_empty():
                self.post_message(self.Loaded(HomeData(first_run=True)))
                return
            data = HomeData(
                drafts=store.visits.drafts(limit=20),
                due=store.visits.follow_ups_due(today, limit=20),
                recent=store.visits.recent(limit=10),
                counts=store.counts(),
            )
            ids = [v.enterprise_id for v in data.drafts + data.due + data.recent]
            data.names = store.enterprises.names(ids)
            self.post_message(self.Loaded(data))

        self.run_worker(run, thread=True, group="home", exclusive=True)
        for section in self.query(".home-section"):
            refresh = getattr(section, "refresh_data", None)
            if refresh:
                refresh()

    async def on_home_screen_loaded(self, message: Loaded) -> None:
        if message.data.first_run:
            self.field_app.load_plugins()
            self.field_app.show_welcome()
            return
        data, today = message.data, self.field_app.today
        if not self.query("#drafts"):
            grid = self.query_one("#home-grid", Grid)
            extra = self._new_sections() if self.field_app.plugins_loaded else []
            await grid.mount_all([*self._panels(), *extra])
            if self.focused is None:  # arrows and Enter work on the drafts at once
                self.query_one("#drafts", OptionList).focus()
        officer = self.field_app.settings.officer_name
        self.query_one("#greeting", Static).update(
            _("Hello {name}. Today is {date}.").format(name=officer, date=format_date(today))
            if officer
            else _("Today is {date}.").format(date=format_date(today))
        )
        counts = data.counts
        self.query_one("#counts", Static).update(
            _(
                "{e} enterprises · {v} visits · {c} certificates · {p} changes waiting to sync"
            ).format(
                e=format_number(counts.get("enterprises", 0)),
                v=format_number(counts.get("visits", 0)),
                c=format_number(counts.get("certifications", 0)),
                p=format_number(counts.get("pending_changes", 0)),
            )
        )
        self._fill("#drafts", data.drafts, data.names, _("No draft."), today, due=False)
        self._fill("#due", data.due, data.names, _("No follow-up due."), today, due=True)
        self._fill("#recent", data.recent, data.names, _("No visit yet."), today, due=False)
        from screens.startup_probe import report_ready

        self.call_after_refresh(report_ready, self.app, "data")
        # The other areas' screens and panels load once home's own data is shown.
        self.call_after_refresh(self.field_app.load_plugins)

    def _fill(
        self,
        selector: str,
        visits: list[Visit],
        names: dict[str, str],
        empty: str,
        today: Any,
        *,
        due: bool,
    ) -> None:
        from screens.labels import purpose_label

        options = self.query_one(selector, OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not visits:
            options.add_option(Option(empty, disabled=True))
            return
        for visit in visits:
            name = names.get(visit.enterprise_id, "?")
            if due and visit.follow_up_date:
                when = format_date(visit.follow_up_date)
                if visit.follow_up_date < today:
                    when = "[b $error]" + _("overdue {date}").format(date=when) + "[/]"
            else:
                when = format_date(visit.visit_date)
            text = f"{when}  {name}  · {purpose_label(visit.purpose)}"
            options.add_option(Option(text, id=visit.id))
        if highlighted is not None and highlighted < len(visits):
            options.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        from screens.visit_form import VisitFormScreen

        if event.option.id:
            self.app.push_screen(VisitFormScreen(event.option.id))

    async def action_back(self) -> None:
        """Home is the bottom of the stack: Escape stays here."""


register_screen(
    "home",
    lambda app: HomeScreen(),
    title=N_("Home"),
    help=N_("Drafts, follow-ups due and recent visits"),
    key="f2",
)
