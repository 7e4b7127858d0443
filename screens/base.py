"""What every field-app screen shares: header, status bar, footer, F1 help, Escape back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ActiveBinding, Screen
from textual.widgets import Header

from field_app.i18n import N_, _
from screens.footer_keys import KeysFooter
from screens.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from field_app.store import Store
    from screens.app import FieldApp


def translate_bindings(node: DOMNode) -> None:
    """Show binding descriptions in the current language.

    Descriptions are written as `N_()` literals at class level, before the language
    is known, so each instance translates its own copy of the binding map.
    """
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=_(b.description)) if b.description else b for b in bindings
        ]


class TranslatedKeys:
    """Mixin for a screen: the footer and F1 show every key's description in the
    officer's language, Textual's own widget keys included (screens.textual_texts),
    and the footer shows the keys that matter whole (screens.footer_keys)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        from screens.footer_keys import fit_footer
        from screens.textual_texts import translated_bindings

        translated = translated_bindings(super().active_bindings)  # type: ignore[misc]
        return fit_footer(self.app, translated)  # type: ignore[attr-defined]


class FieldScreen(TranslatedKeys, Screen[Any]):
    """Base screen: subclasses implement `compose_body` and `help_text`."""

    BINDINGS = [
        Binding("f1", "help", N_("Help")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)
        self._footer_width = -1

    @property
    def field_app(self) -> FieldApp:
        """The running FieldApp."""
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        """The open database."""
        return self.field_app.store

    def screen_title(self) -> str:
        """Title shown in the header (translated)."""
        return _("Field app")

    def help_text(self) -> str:
        """Help shown by F1 for this screen (translated, Rich markup allowed)."""
        return ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield from self.compose_body()
        yield StatusBar()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        self.title = self.screen_title()

    def on_resize(self) -> None:
        """The footer chooses its keys for the width: choose again when it changed (each
        choice rebuilds the footer, and a screen hears several resizes as it starts)."""
        if self.app.size.width != self._footer_width:
            self._footer_width = self.app.size.width
            self.refresh_bindings()

    def action_help(self) -> None:
        """Open the help for this screen."""
        from screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.screen_title(), self.help_text(), self))

    async def action_back(self) -> None:
        """Leave this screen (after saving anything pending)."""
        if not await self.before_leave(then=self.action_back):
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def on_plugins_loaded(self) -> None:
        """Hook: the other areas' modules are now imported (status widgets, panels...)."""
        for bar in self.query(StatusBar):
            bar.populate()

    async def before_leave(self, then: Callable[[], Awaitable[Any]] | None = None) -> bool:
        """Hook: save what must not be lost before the screen closes or the app quits.

        Return False to stay (the screen asked the officer something); `then` is how to
        try leaving again once the officer has answered.
        """
        return True
