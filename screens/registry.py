"""Where screens, commands and status widgets register themselves.

Other areas (audits, reports, sync) add their screens here without editing the app:

    from screens.registry import (register_command, register_home_section,
                                  register_screen, register_status_widget)

    register_screen("audits", lambda app: AuditListScreen(), title="5S audits",
                    help="Score a workplace on the five S", key="ctrl+a")
    register_status_widget(lambda app: SyncStatus(app.store))
    register_home_section(lambda app: OpenActionsPanel())
    register_form("audit_5s", open_audit, draft_label=N_("5S audit draft"), ...)

Titles and help are English `_()` literals written at the call site; they are
translated when shown, so registration can happen at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from screens.app import FieldApp


@dataclass(frozen=True)
class ScreenEntry:
    """A screen reachable from the command palette (and optionally a global key)."""

    name: str
    factory: Callable[[FieldApp], Screen[Any]]
    title: str
    help: str = ""
    key: str | None = None
    starts: str | None = None
    """The record kind this screen starts (a checklist kind with a form), if any: from a
    screen about one enterprise it starts for that enterprise (see `FieldApp.open`)."""


@dataclass(frozen=True)
class CommandEntry:
    """A main action reachable from the command palette."""

    name: str
    run: Callable[[FieldApp], Any]
    title: str
    help: str = ""


@dataclass(frozen=True)
class StartTexts:
    """What the start-a-checklist screen says for one checklist kind."""

    title: str
    """Screen title ("New 5S audit")."""
    subject_label: str
    """Label of the field naming what is checked (the area, the crop and plots)."""
    subject_missing: str = ""
    """Message when a required subject is left empty."""


@dataclass(frozen=True)
class FormEntry:
    """The screen that shows and edits records of one kind (named as in `field_app.kinds`)."""

    kind: str
    open: Callable[[str, bool], Screen[Any]]
    """(record id, new) -> the form; `new` is True right after the draft was started."""
    draft_label: str = ""
    """Label of an unfinished draft on home's attention panel ("" : not listed there)."""
    timeline_row: Callable[[Any], str] | None = None
    """The record's line in an enterprise's timeline (status and correction added)."""
    start: StartTexts | None = None
    """For checklist kinds: the texts of the start-a-checklist screen."""


SCREENS: dict[str, ScreenEntry] = {}
FORMS: dict[str, FormEntry] = {}
COMMANDS: dict[str, CommandEntry] = {}
STATUS_WIDGETS: list[Callable[[FieldApp], Widget]] = []
HOME_SECTIONS: list[Callable[[FieldApp], Widget]] = []
# Modules imported when the app starts, each registering its screens. Later areas
# append their module name here (one line) or call register_* from their own import.
SCREEN_MODULES: list[str] = [
    "screens.home",
    "screens.enterprise_list",
    "screens.visit_form",
    "screens.import_screen",
    "screens.audits_menu",
    "screens.report_screen",
    "screens.sync_status",
    "screens.training_list",
]


def register_screen(
    name: str,
    factory: Callable[[FieldApp], Screen[Any]],
    *,
    title: str,
    help: str = "",
    key: str | None = None,
    starts: str | None = None,
) -> None:
    """Make a screen reachable by name, from the palette, and by `key` if given."""
    SCREENS[name] = ScreenEntry(name, factory, title, help, key, starts)


def register_form(
    kind: str,
    open: Callable[[str, bool], Screen[Any]],
    *,
    draft_label: str = "",
    timeline_row: Callable[[Any], str] | None = None,
    start: StartTexts | None = None,
) -> None:
    """Say which screen shows records of `kind`; home, the timeline and the start flow
    loop over these instead of naming kinds."""
    FORMS[kind] = FormEntry(kind, open, draft_label, timeline_row, start)


def register_command(
    name: str, run: Callable[[FieldApp], Any], *, title: str, help: str = ""
) -> None:
    """Add a main action to the command palette."""
    COMMANDS[name] = CommandEntry(name, run, title, help)


def register_status_widget(factory: Callable[[FieldApp], Widget]) -> None:
    """Add a widget to the status bar shown above the footer of every screen."""
    STATUS_WIDGETS.append(factory)


def register_home_section(factory: Callable[[FieldApp], Widget]) -> None:
    """Add a panel to the home screen (open actions, expiring certificates...).

    The widget loads its own data (in a worker) when mounted; the home screen calls
    its `refresh_data()` method, if it has one, whenever home is shown again.
    """
    HOME_SECTIONS.append(factory)
