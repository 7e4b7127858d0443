"""A field that takes a place from a list as the officer types (marks optional).

Used for the province on the welcome screen, the province and commune of an
enterprise's profile and the registry's commune filter: the owner says what to
suggest and how typed text settles (`field_app.place_choice`); the chooser shows a
short list under the field (Up/Down move, Enter takes, Escape closes), replaces what
was typed by the official name when the field is left, and shows a note when a
pre-2025 name was mapped.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.errors import NoWidget
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_
from field_app.place_choice import Settled, Suggestion

CHOOSER_HELP = N_(
    "Province and commune are chosen from the official 2025 list: type part of the name "
    "(marks optional), move through the suggestions with ↑ ↓ and take one with Enter; "
    "Escape closes the list. A pre-2025 name is mapped to its 2025 unit with a note; a "
    "commune split in 2025 lists the communes it went to."
)
"""F1's paragraph on the place fields, for the screens that have them."""

Suggest = Callable[[str], list[Suggestion]]
Settle = Callable[[str], Settled]


class PlaceInput(Input):
    """The chooser's text field: the arrows and Enter act on the suggestion list
    while it is open, and leave the other keys to the form."""

    BINDINGS = [
        Binding("down", "suggestion(1)", show=False),
        Binding("up", "suggestion(-1)", show=False),
        Binding("escape", "close_suggestions", show=False),
    ]

    @property
    def chooser(self) -> PlaceChooser:
        """The chooser this field belongs to."""
        parent = self.parent
        assert isinstance(parent, PlaceChooser)
        return parent

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With the list closed, Up/Down/Escape go on to the screen (Escape goes back).
        if action in ("suggestion", "close_suggestions"):
            return self.chooser.is_open
        return super().check_action(action, parameters)

    def on_focus(self, event: events.Focus) -> None:
        # Also when a dialog closes and gives the focus back ("stay and fix").
        self.chooser.prepare()
        self.chooser.reopen()

    def action_suggestion(self, delta: int) -> None:
        """Move the highlight through the suggestions."""
        self.chooser.move(delta)

    def action_close_suggestions(self) -> None:
        """Close the list, keeping what is typed."""
        self.chooser.close()

    async def action_submit(self) -> None:
        """Enter takes the highlighted suggestion (or settles the text), then submits."""
        self.chooser.take()
        await super().action_submit()


class SuggestionList(OptionList, can_focus=False):
    """The suggestions under the field; the focus stays in the field while choosing."""


class PlaceChooser(Vertical):
    """A text field, its suggestion list and a note line."""

    DEFAULT_CSS = """
    PlaceChooser { height: auto; }
    PlaceChooser > SuggestionList {
        display: none; overlay: screen; constrain: none inside;
        width: 1fr; height: auto; max-height: 8;
        border: round $accent; background: $surface; padding: 0;
    }
    PlaceChooser.-open > SuggestionList { display: block; }
    /* The focus stays in the field, so the list shows its cursor as if focused. */
    PlaceChooser > SuggestionList > .option-list--option-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    PlaceChooser > .place-note { display: none; height: auto; color: $warning; }
    PlaceChooser.-noted > .place-note { display: block; }
    """

    class Chosen(Message):
        """The field settled: on an official name, or not (`settled.error` says why)."""

        def __init__(self, chooser: PlaceChooser, settled: Settled) -> None:
            super().__init__()
            self.chooser = chooser
            self.settled = settled

        @property
        def control(self) -> PlaceChooser:
            """The chooser that settled."""
            return self.chooser

    def __init__(
        self,
        suggest: Suggest,
        settle: Settle,
        *,
        input_id: str,
        placeholder: str = "",
        compact: bool = False,
        prepare: Callable[[], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._suggest = suggest
        self._settle = settle
        self._prepare = prepare
        self.input = PlaceInput(placeholder=placeholder, id=input_id, compact=compact)
        self._shown: list[Suggestion] = []
        self._applied: str | None = None  # a value set by choosing, not by typing
        self._edited = False  # typed in since the value was shown

    def compose(self) -> ComposeResult:
        yield self.input
        yield SuggestionList()
        yield Static("", classes="place-note")

    # -- what the owner reads ---------------------------------------------------------

    @property
    def value(self) -> str:
        """The text in the field now."""
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        """Show a saved value (no suggestions, no note)."""
        self._applied = text if text != self.input.value else None
        self._edited = False
        self.input.value = text
        self.show_note("")

    @property
    def is_open(self) -> bool:
        """Whether the suggestion list is showing."""
        return self.has_class("-open")

    @property
    def suggestions(self) -> list[Suggestion]:
        """The suggestions offered for the text typed."""
        return list(self._shown)

    @property
    def note(self) -> str:
        """The note shown under the field ("" when none)."""
        return (
            str(self.query_one(".place-note", Static).render()) if self.has_class("-noted") else ""
        )

    def settled(self) -> Settled:
        """What the text in the field settles to now (nothing is changed on screen)."""
        # Not cached: a commune settles within whatever province the form holds now.
        return self._settle(self.input.value)

    def focus(self, scroll_visible: bool = True) -> PlaceChooser:
        """Focus the text field, offering again what an unsettled text could be (the
        field may have the focus already, as when a dialog sends the officer back)."""
        self.input.focus(scroll_visible)
        self.reopen()
        return self

    # -- choosing --------------------------------------------------------------------

    def show_note(self, text: str) -> None:
        """Show `text` under the field ("" hides the note)."""
        self.query_one(".place-note", Static).update(text)
        self.set_class(bool(text), "-noted")

    def open_with(self, suggestions: list[Suggestion]) -> None:
        """Offer `suggestions` (the list closes when there are none)."""
        self._shown = suggestions
        option_list = self.query_one(SuggestionList)
        option_list.set_options([Option(s.label) for s in suggestions])
        if suggestions:
            option_list.highlighted = 0
        self.set_class(bool(suggestions), "-open")

    def reset(self) -> None:
        """The field shows a saved value again: no list, no note, nothing typed."""
        self._edited = False
        self.show_note("")
        self.close()

    def close(self) -> None:
        """Close the suggestion list."""
        self.set_class(False, "-open")

    def move(self, delta: int) -> None:
        """Move the highlight by `delta` rows, staying in the list."""
        option_list = self.query_one(SuggestionList)
        if not self._shown:
            return
        current = option_list.highlighted or 0
        option_list.highlighted = max(0, min(len(self._shown) - 1, current + delta))

    def take(self) -> Settled:
        """Take the highlighted suggestion when the list is open, else settle the text."""
        option_list = self.query_one(SuggestionList)
        index = option_list.highlighted
        if self.is_open and index is not None and 0 <= index < len(self._shown):
            chosen = self._shown[index]
            return self._apply(Settled(chosen.value, chosen.code, note=chosen.note))
        return self.settle()

    def settle(self) -> Settled:
        """Replace the text by the official name it settles to and say how it went;
        when several match, offer them."""
        settled = self.settled()
        if settled.value is None and settled.candidates:
            self.open_with(list(settled.candidates))
            self.post_message(self.Chosen(self, settled))
            return settled
        return self._apply(settled)

    def _apply(self, settled: Settled) -> Settled:
        self.close()
        changed = bool(settled.value) and settled.value != self.input.value
        if changed:
            self._applied = settled.value
            self.input.value = settled.value or ""
            self.input.cursor_position = len(self.input.value)
        if settled.note or changed:  # settling a name already chosen keeps its note
            self.show_note(settled.note)
        self.post_message(self.Chosen(self, settled))
        return settled

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input is not self.input:
            return
        if self._applied is not None and event.value == self._applied:
            self._applied = None  # our own replacement: nothing to suggest
            return
        self._applied = None
        self._edited = True
        self.show_note("")
        self.open_with(self._suggest(event.value) if self.input.has_focus else [])

    def _pointing_at_list(self) -> bool:
        """Whether the mouse is on the suggestion list (a click there moves the focus
        to the scrolling container around the form, which must not close the list)."""
        try:
            widget, _region = self.screen.get_widget_at(*self.app.mouse_position)
        except NoWidget:
            return False
        return self.is_open and widget is self.query_one(SuggestionList)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        if event.input is not self.input:
            return
        if self._pointing_at_list():
            return  # the click picks a suggestion and gives the focus back
        if self._edited and self.input.value.strip():  # passing through changes nothing
            self.settle()
            self.close()  # leaving the field never leaves a list open over the next
        else:
            self.close()

    def prepare(self) -> None:
        """Load what the suggestions need in a thread, once, when the field is entered."""
        prepare, self._prepare = self._prepare, None
        if prepare is not None:
            self.run_worker(prepare, thread=True, group="place-list")

    def reopen(self) -> None:
        """Back in a field that did not settle: offer again what it could be."""
        if self.input.value.strip():
            settled = self.settled()
            if settled.value is None:
                self.open_with(list(settled.candidates) or self._suggest(self.input.value))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(SuggestionList).highlighted = event.option_index
        self.take()
        self.input.focus()
