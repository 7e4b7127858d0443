"""Which keys the footer shows, so that the ones that matter always fit.

Textual's footer lists the focused widget's keys, then the screen's, then the app's,
and cuts whatever passes the right edge, often in the middle of a word. Here the
keys that matter come first (F1 help, Ctrl+Q, the form's F5, Escape), the screen's
own keys next, the app's navigation keys last, and keys that would not fit whole
are left out of the footer: they stay in F1's list and in the palette.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import ActiveBinding

FIRST = ("f1", "ctrl+q", "f5", "escape")
"""Always shown first, in this order, when the screen has them."""


def key_width(app: App[object], binding: Binding) -> int:
    """Columns one footer key takes (Textual's FooterKey: padded key, description)."""
    description = binding.description or ""
    return len(app.get_key_display(binding)) + 2 + (len(description) + 1 if description else 0)


def fit_footer(app: App[object], bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """`bindings` reordered (what matters first) with the keys that do not fit whole
    on the footer's one line marked not to be shown there."""
    app_level = {key for key, active in bindings.items() if active.node is app}
    order = sorted(
        bindings,
        key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k in app_level),
    )
    width = app.size.width
    palette = bindings.get(getattr(app, "COMMAND_PALETTE_BINDING", "ctrl+p"))
    if palette is not None:
        width -= key_width(app, palette.binding)
    result: dict[str, ActiveBinding] = {}
    used = 0
    seen_actions: set[str] = set()
    for key in order:
        active = bindings[key]
        binding = active.binding
        if binding.show and active is not palette and binding.action not in seen_actions:
            need = key_width(app, binding)
            if used + need > width:
                active = active._replace(binding=replace(binding, show=False))
            else:
                used += need
                seen_actions.add(binding.action)
        result[key] = active
    return result


class KeysFooter(Footer):
    """Textual's footer, composed again only when the keys it shows change.

    Textual rebuilds the footer (a widget per key) whenever the bindings may have
    changed: on every focus move, so on every Tab through a form, although moving
    between two text fields shows the same keys. That rebuild was a large part of a
    keystroke's work in the forms."""

    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What the footer would show now (and the width it is fitted to)."""
        shown = tuple(
            (key, b.key, b.action, b.description, b.show, b.group, enabled, tooltip)
            for key, (_node, b, enabled, tooltip) in self.screen.active_bindings.items()
        )
        return (*shown, self.app.size.width)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Each key is born compact (its default) and Textual's footer then
                # binds it to the footer's own setting, not compact: a class added on
                # mount and taken off again, two restyles of the key, which made up
                # most of a footer rebuild. Born with the footer's setting, the bound
                # value finds nothing to change. (The palette's key is not bound: it
                # stays compact.)
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._keys() == self._shown
        ):
            return
        super().bindings_changed(screen)
