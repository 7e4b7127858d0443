"""The command palette (Ctrl+P): every registered screen and main action."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from field_app.i18n import _
from field_app.text import fold
from screens import registry

if TYPE_CHECKING:
    from screens.app import FieldApp


class FieldCommands(Provider):
    """Offers "Open: <screen>" for each registered screen and each registered command."""

    def _entries(self) -> list[tuple[str, str, object]]:
        app: FieldApp = self.app  # type: ignore[assignment]
        entries: list[tuple[str, str, object]] = []
        for entry in registry.SCREENS.values():
            text = _("Open: {title}").format(title=_(entry.title))
            entries.append(
                (text, _(entry.help) if entry.help else "", partial(app.open, entry.name))
            )
        for command in registry.COMMANDS.values():
            entries.append(
                (
                    _(command.title),
                    _(command.help) if command.help else "",
                    partial(command.run, app),
                )
            )
        return entries

    async def discover(self) -> Hits:
        for text, help_text, run in self._entries():
            yield DiscoveryHit(text, run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        # Officers type without marks: match on folded text ("nhap" finds "Nhập").
        matcher = self.matcher(fold(query))
        for text, help_text, run in self._entries():
            folded = fold(text)
            score = matcher.match(folded)
            if score <= 0:
                continue
            shown: Content | str = text
            if len(folded) == len(text):  # same positions: carry the highlight over
                shown = Content(text, spans=list(matcher.highlight(folded).spans))
            yield Hit(score, shown, run, text=text, help=help_text)  # type: ignore[arg-type]
