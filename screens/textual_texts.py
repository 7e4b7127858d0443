"""Textual's own English texts that reach the officer, translated through our catalogs.

Textual writes its key descriptions (the footer, F1), its palette placeholder and its
system commands in English. Each text is listed here once with `N_()` so the catalogs
carry it (tests/test_i18n.py checks every one is translated and that none of them is
left on a rendered Vietnamese screen); `translated_bindings` applies them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from field_app.i18n import N_, _

if TYPE_CHECKING:
    from textual.screen import ActiveBinding

# Descriptions of the bindings of the widgets field-app uses (Input, TextArea,
# OptionList, Select, DirectoryTree, the palette, screens, the footer).
BINDING_TEXTS: tuple[str, ...] = (
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete right to start of word"),
    N_("Go to end"),
    N_("Go to start"),
    N_("Move cursor left"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor left and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Select all"),
    N_("Select line end"),
    N_("Select line start"),
    N_("Submit"),
    N_("Copy"),
    N_("Cut"),
    N_("Paste"),
    N_("Undo"),
    N_("Redo"),
    N_("Select line"),
    N_("Delete line"),
    N_("Delete to line end"),
    N_("Delete to line start"),
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor left"),
    N_("Cursor right"),
    N_("Cursor Up"),
    N_("Cursor Down"),
    N_("Cursor word left"),
    N_("Cursor word right"),
    N_("Cursor line start"),
    N_("Cursor line end"),
    N_("Cursor page up"),
    N_("Cursor page down"),
    N_("Cursor up select"),
    N_("Cursor down select"),
    N_("Cursor left select"),
    N_("Cursor right select"),
    N_("Cursor left word select"),
    N_("Cursor right word select"),
    N_("Cursor line start select"),
    N_("Cursor line end select"),
    N_("Cursor to parent"),
    N_("Cursor to next sibling"),
    N_("Cursor to previous sibling"),
    N_("Cursor to next ancestor"),
    N_("Expand or collapse all"),
    N_("Toggle"),
    N_("Select"),
    N_("Up"),
    N_("Down"),
    N_("First"),
    N_("Last"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Show menu"),
    N_("Dismiss menu"),
    N_("Exit the command palette"),
    N_("Next command"),
    N_("Previous command"),
    N_("Go to top"),
    N_("Go to bottom"),
    N_("Next page"),
    N_("Previous page"),
    N_("Press button"),
)

PALETTE_PLACEHOLDER = N_("Search for commands…")

# Textual's system commands in the palette: (title, help), as Textual writes them.
SYSTEM_COMMANDS: dict[str, tuple[str, str]] = {
    "theme": (N_("Theme"), N_("Change the current theme")),
    "quit": (N_("Quit"), N_("Save every open draft, then quit")),
    "keys": (N_("Keys"), N_("Show help for the focused widget and a summary of available keys")),
    "hide-keys": (N_("Keys"), N_("Hide the keys and widget help panel")),
    "maximize": (N_("Maximize"), N_("Maximize the focused widget")),
    "minimize": (N_("Minimize"), N_("Minimize the widget and restore to normal size")),
    "screenshot": (N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen")),
}

ENGLISH_TEXTS: frozenset[str] = frozenset(
    {*BINDING_TEXTS, PALETTE_PLACEHOLDER, *(t for pair in SYSTEM_COMMANDS.values() for t in pair)}
)
"""Every Textual text above, as Textual writes it (the translation test looks for them)."""


def translated_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The active bindings of a screen with their descriptions in the current language."""
    return {
        key: active._replace(binding=replace(active.binding, description=_(desc)))
        if (desc := active.binding.description)
        else active
        for key, active in bindings.items()
    }
