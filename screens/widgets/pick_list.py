"""A list whose first Enter opens an item.

A stock OptionList starts with nothing highlighted (and loses its highlight when its
options are replaced), so the officer's first Enter did nothing and only an arrow key
made the second one work.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickList(OptionList):
    """An OptionList that always has an item under the cursor while it has focus (the
    first enabled one unless the officer moved), so one Enter opens it."""

    def on_focus(self) -> None:
        if self.highlighted is None:
            self.action_first()

    def replace_options(self, options: Iterable[Option]) -> None:
        """Show `options` instead, keeping the cursor's position when it still exists."""
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        if (
            highlighted is not None
            and highlighted < self.option_count
            and not self.get_option_at_index(highlighted).disabled
        ):
            self.highlighted = highlighted
        if self.highlighted is None and self.has_focus:
            self.action_first()

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar takes two columns: options wrapped at the old width would lose
        # their last line (Textual 8 clears its line cache on resize only).
        self._clear_caches()

    def action_select(self) -> None:
        if self.highlighted is None:
            self.action_first()
        super().action_select()
