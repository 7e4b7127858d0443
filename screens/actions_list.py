"""The corrective actions list: open, overdue, done or all, for every enterprise or one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _
from field_app.models.action import CorrectiveAction
from screens.base import FieldScreen
from screens.open_actions import action_prompt

FILTER_KEYS = {"1": "open", "2": "overdue", "3": "done", "4": "all"}


def filter_label(name: str) -> str:
    """The translated name of a filter."""
    return {
        "open": _("open"),
        "overdue": _("overdue"),
        "done": _("done"),
        "all": _("all"),
    }[name]


class ActionsListScreen(FieldScreen):
    """Every corrective action by filter; check one off with a note, or reopen it."""

    CSS_PATH = "audits.tcss"
    BINDINGS = [
        Binding("1", "filter('open')", N_("Open")),
        Binding("2", "filter('overdue')", N_("Overdue")),
        Binding("3", "filter('done')", N_("Done")),
        Binding("4", "filter('all')", N_("All")),
        Binding("d", "mark(True)", N_("Mark done")),
        Binding("o", "mark(False)", N_("Reopen")),
        Binding("p", "pick", N_("One enterprise")),
        Binding("c", "clear_enterprise", N_("All enterprises")),
    ]

    class Loaded(Message):
        """The actions of the current filter with their enterprises' names."""

        def __init__(self, actions: list[CorrectiveAction], names: dict[str, str]) -> None:
            super().__init__()
            self.actions = actions
            self.names = names

    class Marked(Message):
        """An action's state changed (or the error saying why not)."""

        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def __init__(self, status: str = "open", enterprise_id: str | None = None) -> None:
        super().__init__()
        self.status = status
        self.enterprise_id = enterprise_id
        self.actions: list[CorrectiveAction] = []
        self.names: dict[str, str] = {}
        self.loaded = 0

    def screen_title(self) -> str:
        return _("Corrective actions")

    def help_text(self) -> str:
        return _(
            "1 open, 2 overdue, 3 done, 4 all. P shows one enterprise (choose it in the "
            "registry), C shows all again.\nD marks the highlighted action done and O reopens "
            "it, with the note typed in the box below (Enter there marks it done)."
        )

    def compose_body(self) -> ComposeResult:
        with Vertical(id="actions-screen"):
            yield Static("", id="actions-filter")
            yield OptionList(id="actions")
            yield Input(placeholder=_("Note when checking an action off"), id="action-note")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#actions", OptionList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the actions of the current filter in a worker."""
        store, status, ent_id, today = self.store, self.status, self.enterprise_id, None
        today = self.field_app.today

        def run() -> None:
            actions = store.actions.find(status, enterprise_id=ent_id, today=today, limit=500)
            names = store.enterprises.names([a.enterprise_id for a in actions])
            self.post_message(self.Loaded(actions, names))

        self.run_worker(run, thread=True, group="actions", exclusive=True)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.actions, self.names = message.actions, message.names
        self.loaded += 1
        where = (
            self.names.get(self.enterprise_id, "") if self.enterprise_id else _("all enterprises")
        )
        if self.enterprise_id and not where and self.actions:
            where = self.names.get(self.actions[0].enterprise_id, "")
        self.query_one("#actions-filter", Static).update(
            _("Showing: {filter} · {where} · {n} actions").format(
                filter=f"[b]{filter_label(self.status)}[/b]", where=where, n=len(self.actions)
            )
        )
        options = self.query_one("#actions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not self.actions:
            options.add_option(Option(_("No action here."), disabled=True))
            return
        today = self.field_app.today
        show_name = self.enterprise_id is None
        for action in self.actions:
            name = self.names.get(action.enterprise_id, "?") if show_name else ""
            options.add_option(Option(action_prompt(action, today, name), id=action.id))
        if highlighted is not None:
            options.highlighted = min(highlighted, len(self.actions) - 1)

    def action_filter(self, status: str) -> None:
        """Show another filter."""
        self.status = status
        self.reload()

    def action_pick(self) -> None:
        """Show the actions of one enterprise, chosen in the registry."""
        from screens.enterprise_list import EnterpriseListScreen

        def picked(chosen: str | None) -> None:
            if chosen:
                self.enterprise_id = chosen
                self.reload()

        self.app.push_screen(EnterpriseListScreen(pick=True), picked)

    def action_clear_enterprise(self) -> None:
        """Show every enterprise's actions again."""
        self.enterprise_id = None
        self.reload()

    def action_mark(self, done: bool) -> None:
        """Mark the highlighted action done (or open again) with the typed note."""
        option = self.query_one("#actions", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        note_box = self.query_one("#action-note", Input)
        note, action_id = note_box.value.strip(), option.id
        note_box.value = ""
        store, today = self.store, self.field_app.today

        def run() -> None:
            try:
                store.actions.check_off(action_id, done=done, note=note, today=today)
            except (KeyError, ValueError) as exc:
                self.post_message(self.Marked(str(exc)))
                return
            self.post_message(self.Marked(None))

        self.run_worker(run, thread=True, group="mark")

    @on(Input.Submitted, "#action-note")
    def _note_entered(self, event: Input.Submitted) -> None:
        self.action_mark(True)
        self.query_one("#actions", OptionList).focus()

    @on(Marked)
    def _marked(self, message: Marked) -> None:
        if message.error:
            self.notify(message.error, severity="error")
            return
        self.notify(_("Action updated."))
        self.reload()
