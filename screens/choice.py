"""A small dialog asking the officer to choose: a message and a list of answers.

Used wherever the app must not decide alone (leave with fields to fix, save a tax code
another enterprise holds, continue a draft or start a new one, pick one of several
communes). Enter picks the highlighted answer; Escape answers None (stay as you were).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _
from screens.base import TranslatedKeys, translate_bindings


class ChoiceScreen(TranslatedKeys, ModalScreen[str | None]):
    """Ask one question; dismisses with the chosen answer's key, or None on Escape."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > #choice-box {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ChoiceScreen #choice-title { text-style: bold; margin-bottom: 1; }
    ChoiceScreen #choice-body { margin-bottom: 1; }
    ChoiceScreen #choices { height: auto; max-height: 12; }
    ChoiceScreen .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, body: str, answers: list[tuple[str, str]]) -> None:
        """`answers` are (key, label) pairs; the first one is highlighted."""
        super().__init__()
        translate_bindings(self)
        self.question = title
        self.body = body
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(self.question, id="choice-title")
            if self.body:
                yield Static(self.body, id="choice-body")
            yield OptionList(*[Option(label, id=key) for key, label in self.answers], id="choices")
            yield Static(_("Enter chooses; Escape cancels."), classes="hint")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Answer nothing: the officer stays where they were."""
        self.dismiss(None)
