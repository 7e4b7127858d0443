"""A one-line bar above the footer that hosts status widgets registered by other areas
(the sync state, for example). Empty areas take no room."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal


class StatusBar(Horizontal):
    """Holds one instance of each widget in `screens.registry.STATUS_WIDGETS`."""

    DEFAULT_CSS = """
    StatusBar { height: auto; max-height: 1; background: $panel; }
    StatusBar > * { width: auto; margin: 0 2 0 0; }
    """

    def compose(self) -> ComposeResult:
        from screens.registry import STATUS_WIDGETS

        for factory in STATUS_WIDGETS:
            yield factory(self.app)  # type: ignore[arg-type]
