"""F1: help for the current screen, with the keys that work there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from field_app.i18n import N_, _
from screens.base import TranslatedKeys, translate_bindings


class HelpScreen(TranslatedKeys, ModalScreen[None]):
    """A modal listing the screen's purpose and its keys; any of Escape/F1/q closes it."""

    BINDINGS = [
        Binding("escape,f1,q", "dismiss", N_("Close")),
    ]

    def __init__(self, title: str, text: str, screen: Screen) -> None:
        super().__init__()
        translate_bindings(self)
        self.help_title = title
        self.help_body = text
        self.target = screen

    def compose(self) -> ComposeResult:
        keys = []
        for _key, (_node, binding, enabled, _tip) in self.target.active_bindings.items():
            if binding.description and enabled:
                keys.append(f"  [b]{self.app.get_key_display(binding)}[/b]  {binding.description}")
        general = _(
            "Ctrl+P opens the command palette: type to reach any screen or action.\n"
            "Escape goes back; Ctrl+Q saves drafts and quits."
        )
        with VerticalScroll(id="help-box"):
            yield Static(f"[b]{self.help_title}[/b]", id="help-title")
            if self.help_body:
                yield Static(self.help_body, classes="help-body")
            yield Static(_("Keys on this screen:"), classes="help-heading")
            yield Static("\n".join(keys) or "-", classes="help-keys")
            yield Static(general, classes="help-body")
            yield Static(_("Press Escape to close this help."), classes="help-hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
