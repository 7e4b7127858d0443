"""Open corrective actions of an enterprise, listed first when the officer starts the
next visit or audit there, to be checked off (done, or still open) with a note.

At a visit they appear as a panel at the top of the visit form (typing in the form is
not interrupted); at an audit or check, as a dialog before the first item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date
from field_app.models.action import ActionStatus, CorrectiveAction
from screens.base import TranslatedKeys, translate_bindings

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


class OpenActionsPanel(Vertical):
    """The open actions of one enterprise with keys to check each off."""

    DEFAULT_CSS = """
    OpenActionsPanel { height: auto; border: round $warning 50%; padding: 0 1; margin: 1 0 0 0; }
    OpenActionsPanel.-active { border: round $warning; }
    OpenActionsPanel > .open-actions-hint { color: $text-muted; }
    OpenActionsPanel > OptionList { height: auto; max-height: 10; }
    """
    BINDINGS = [
        Binding("d", "mark(True)", N_("Done")),
        Binding("o", "mark(False)", N_("Still open")),
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
        super().__init__(id="open-actions-panel")
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
        yield Static(
            "[b]"
            + _("Open actions of {name}: check them first").format(name=self.enterprise)
            + "[/b]"
        )
        yield Static(self._hint(), classes="open-actions-hint")
        yield OptionList(id="open-actions")
        yield Input(placeholder=_("Note on the highlighted action"), id="check-note")

    def _hint(self) -> str:
        # d and o act only inside the panel: while the officer types in a visit field
        # they are letters, so the hint says how to get here instead of promising keys
        # that would type into the field.
        if self.is_mounted and self.has_focus_within:
            return _(
                "In this list: d marks the highlighted action done, o keeps it open. Write a "
                "note first in the box below if you like (Enter there marks it done)."
            )
        return _(
            "Shift+Tab from the first field of the form reaches this list; there d marks "
            "the highlighted action done and o keeps it open."
        )

    def on_descendant_focus(self) -> None:
        self.query_one(".open-actions-hint", Static).update(self._hint())
        self.add_class("-active")

    def on_descendant_blur(self) -> None:
        # Focus moving between the list and the note box blurs one then focuses the
        # other; read where it ended once both have happened.
        self.call_after_refresh(self._after_blur)

    def _after_blur(self) -> None:
        if not self.is_mounted:
            return
        self.set_class(self.has_focus_within, "-active")
        self.query_one(".open-actions-hint", Static).update(self._hint())

    def on_mount(self) -> None:
        options = self.query_one("#open-actions", OptionList)
        today = self.field_app.today
        for action in self.actions.values():
            options.add_option(Option(action_prompt(action, today), id=action.id))
        options.highlighted = 0
        self.set_class(self.has_focus_within, "-active")
        self.query_one(".open-actions-hint", Static).update(self._hint())

    def action_mark(self, done: bool) -> None:
        """Check off the highlighted action with the note typed below."""
        option = self.query_one("#open-actions", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        note_box = self.query_one("#check-note", Input)
        note, action_id = note_box.value.strip(), option.id
        note_box.value = ""
        store, today = self.field_app.store, self.field_app.today
        at_kind, at_id = self.at_kind, self.at_id

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
        event.stop()
        self.action_mark(True)
        self.query_one("#open-actions", OptionList).focus()

    @on(Input.Changed)
    @on(OptionList.OptionSelected)
    @on(OptionList.OptionHighlighted)
    def _keep_inside(self, event: Message) -> None:
        # The host screen (a visit form) must not take the note for one of its fields.
        event.stop()

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


class OpenActionsScreen(TranslatedKeys, ModalScreen[None]):
    """The open actions as a dialog, shown before an audit or check starts."""

    CSS_PATH = "audits.tcss"
    BINDINGS = [Binding("f5,escape", "close", N_("Continue"))]

    def __init__(self, panel: OpenActionsPanel) -> None:
        super().__init__()
        translate_bindings(self)
        self.panel = panel

    def compose(self) -> ComposeResult:
        with Vertical(id="open-actions-box"):
            yield self.panel
            yield Static(_("F5 or Escape continues."), classes="hint")

    def on_mount(self) -> None:
        self.panel.query_one("#open-actions", OptionList).focus()

    def action_close(self) -> None:
        """Continue to the audit or check."""
        self.dismiss(None)


def _attach(screen: Screen[Any], panel: OpenActionsPanel) -> None:
    """Put the panel at the top of a visit form, without taking the focus from it."""
    try:
        container = screen.query_one("#visit")
        container.mount(panel, before=0)
    except NoMatches:
        screen.mount(panel)


def offer_open_actions(
    app: FieldApp,
    enterprise_id: str,
    at_kind: str,
    at_id: str | None,
    into: Screen[Any] | None = None,
) -> None:
    """List the enterprise's open actions (if any): in `into` as a panel, else as a dialog."""
    store = app.store

    def run() -> None:
        actions = store.actions.open_for_enterprise(enterprise_id)
        if not actions:
            return
        ent = store.enterprises.get(enterprise_id)
        panel = OpenActionsPanel(ent.name if ent else "", actions, at_kind, at_id)
        if into is not None:
            app.call_from_thread(_attach, into, panel)
        else:
            app.call_from_thread(app.push_screen, OpenActionsScreen(panel))

    app.run_worker(run, thread=True, group="open-actions")
