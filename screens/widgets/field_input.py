"""A labelled form field with room for a validation message under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    """Label, the editing widget, and an error line shown only when there is one."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField > .field-label { color: $text-muted; }
    FormField > .field-error { color: $error; display: none; }
    FormField.-invalid > .field-error { display: block; }
    """

    def __init__(self, label: str, editor: Widget, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.editor = editor
        self._shown: str | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield self.editor
        yield Static("", classes="field-error")

    def show_error(self, message: str | None) -> None:
        """Show `message` under the field, or clear it with None.

        Forms call this for every field on every keystroke: an unchanged message
        is left alone, since updating a Static lays the whole screen out again."""
        message = message or None
        if message == self._shown:
            return
        self._shown = message
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")

    @property
    def error(self) -> str:
        """The message shown now ("" when valid)."""
        return (
            str(self.query_one(".field-error", Static).render())
            if self.has_class("-invalid")
            else ""
        )
