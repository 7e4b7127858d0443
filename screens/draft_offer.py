"""Starting a record for an enterprise that already has an unfinished draft of that
kind: ask whether to continue the draft or start a new one.

One question for every kind (F4 for a visit, F8/F9 for a 5S audit or a VietGAP check
from an enterprise's page), so the officer meets the same words and keys each time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.screen import Screen

from field_app.i18n import _, format_date


def offer_draft(
    screen: Screen[Any],
    *,
    draft_label: str,
    draft_date: date | None,
    new_label: str,
    continue_draft: Callable[[], Any],
    start_new: Callable[[], Any],
) -> None:
    """Ask "continue the draft of {date}, or start a new one?" and do what was chosen.

    `draft_label` ("5S audit draft") and `new_label` ("New 5S audit") are already
    translated. Escape does neither.
    """
    from screens.choice import ChoiceScreen

    when = format_date(draft_date)

    def answered(choice: str | None) -> None:
        if choice == "continue":
            continue_draft()
        elif choice == "new":
            start_new()

    screen.app.push_screen(
        ChoiceScreen(
            _("{draft} not finished").format(draft=draft_label),
            _("This enterprise has a draft of {date} not completed yet.").format(date=when),
            [
                ("continue", _("Continue the draft of {date}").format(date=when)),
                ("new", new_label),
            ],
        ),
        answered,
    )
