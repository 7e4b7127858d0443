"""A one-line bar above the footer that hosts status widgets registered by other areas
(the sync state, for example). Empty areas take no room."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal


class StatusBar(Horizontal):
    """Holds one instance of each widget in `screens.registry.STATUS_WIDGETS`.

    Those are registered when the other areas' modules load, just after the first
    paint; `populate()` adds any registered since this bar was composed.
    """

    DEFAULT_CSS = """
    StatusBar { height: auto; max-height: 1; background: $panel; }
    StatusBar > * { width: auto; margin: 0 2 0 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._count = 0

    def compose(self) -> ComposeResult:
        yield from self._new_widgets()

    def _new_widgets(self) -> list:
        from screens.registry import STATUS_WIDGETS

        made = [factory(self.app) for factory in STATUS_WIDGETS[self._count :]]  # type: ignore[arg-type]
        self._count = len(STATUS_WIDGETS)
        return made

    def populate(self) -> None:
        """Mount status widgets registered since the last call."""
        new = self._new_widgets()
        if new:
            self.mount_all(new)
