"""Open corrective actions of an enterprise, listed first when the officer starts the
next visit or audit there, to be checked off (done, or still open) with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date
from field_app.models.action import ActionStatus, CorrectiveAction
from screens.base import translate_bindings

if TYPE_CHECKING:
    from screens.app import FieldApp


def action_prompt(action: CorrectiveAction, today: Any, name: str = "") -> str:
    """One action as a list row: due date (red when overdue), what, who, state."""
    if action.status == ActionStatus.DONE:
        state = "[b $success]" + _("done") + "[/]"
        if action.done_on:
            state += " " + format_date(action.done_on)
    elif action.is_overdue(today):
        state = "[b $error]" + _("overdue") + "[/]"
    else:
        state = _("open")
    due = format_date(action.due_date) if action.due_date else _("no due date")
    who = f" · {action.who}" if action.who else ""
    where = f"[b]{name}[/b] · " if name else ""
    note = f"\n   [$text-muted]{action.check_note}[/]" if action.check_note else ""
    return f"{state}  {due}  {where}{action.what}{who}{note}"


class OpenActionsScreen(ModalScreen[None]):
    """Check off the open actions of an enterprise at the start of a visit or audit."""

    CSS_PATH = "audits.tcss"
    BINDINGS = [
        Binding("d", "mark(True)", N_("Done")),
        Binding("o", "mark(False)", N_("Still open")),
        Binding("f5,escape", "close", N_("Continue")),
    ]

    class Marked(Message):
        """An action was checked off (or the error saying why not)."""

        def __init__(self, action: CorrectiveAction | None, error: str | None) -> None:
            super().__init__()
            self.action = action
            self.error = error

    def __init__(
        self, enterprise: str, actions: list[CorrectiveAction], at_kind: str, at_id: str | None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.enterprise = enterprise
        self.actions = {a.id: a for a in actions}
        self.at_kind = at_kind
        self.at_id = at_id

    @property
    def field_app(self) -> FieldApp:
        """The running FieldApp."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="open-actions-box"):
            yield Static(
                "[b]"
                + _("Open actions of {name}: check them first").format(name=self.enterprise)
                + "[/b]",
                id="open-actions-title",
            )
            yield Static(
                _(
                    "Arrows choose an action; d marks it done, o keeps it open. Write a note "
                    "first in the box below if you like (Enter there marks the action done). "
                    "F5 or Escape continues."
                ),
                classes="hint",
            )
            yield OptionList(id="open-actions")
            yield Input(placeholder=_("Note on the highlighted action"), id="check-note")

    def on_mount(self) -> None:
        options = self.query_one("#open-actions", OptionList)
        today = self.field_app.today
        for action in self.actions.values():
            options.add_option(Option(action_prompt(action, today), id=action.id))
        options.highlighted = 0
        options.focus()

    def action_mark(self, done: bool) -> None:
        """Check off the highlighted action with the note typed below."""
        option = self.query_one("#open-actions", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        note_box = self.query_one("#check-note", Input)
        note, action_id = note_box.value.strip(), option.id
        note_box.value = ""
        store, today, at_kind, at_id = (
            self.field_app.store,
            self.field_app.today,
            self.at_kind,
            self.at_id,
        )

        def run() -> None:
            try:
                action = store.actions.check_off(
                    action_id, done=done, note=note, at_kind=at_kind, at_id=at_id, today=today
                )
            except (KeyError, ValueError) as exc:
                self.post_message(self.Marked(None, str(exc)))
                return
            self.post_message(self.Marked(action, None))

        self.run_worker(run, thread=True, group="check-off")

    @on(Input.Submitted, "#check-note")
    def _note_entered(self, event: Input.Submitted) -> None:
        self.action_mark(True)
        self.query_one("#open-actions", OptionList).focus()

    @on(Marked)
    def _marked(self, message: Marked) -> None:
        if message.action is None:
            self.notify(message.error or "", severity="error")
            return
        self.actions[message.action.id] = message.action
        options = self.query_one("#open-actions", OptionList)
        options.replace_option_prompt(
            message.action.id, action_prompt(message.action, self.field_app.today)
        )
        index = options.highlighted
        if index is not None and index + 1 < options.option_count:
            options.highlighted = index + 1

    def action_close(self) -> None:
        """Continue to the visit or audit."""
        self.dismiss(None)


def offer_open_actions(app: FieldApp, enterprise_id: str, at_kind: str, at_id: str | None) -> None:
    """Show the enterprise's open actions (if any) over the screen just opened."""
    store = app.store

    def run() -> None:
        actions = store.actions.open_for_enterprise(enterprise_id)
        if not actions:
            return
        ent = store.enterprises.get(enterprise_id)
        screen = OpenActionsScreen(ent.name if ent else "", actions, at_kind, at_id)
        app.call_from_thread(app.push_screen, screen)

    app.run_worker(run, thread=True, group="open-actions")
