"""Corrective actions proposed on completion: keep, edit or drop each, then complete.

Each item scored 0 or 1 (or failed criterion) arrives with a suggested text and a
due date a month on; the officer says who at the enterprise is responsible.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date
from field_app.models.action import ActionProposal
from field_app.models.common import parse_date
from screens.base import TranslatedKeys, translate_bindings
from screens.widgets.field_input import FormField


class ProposalsScreen(TranslatedKeys, ModalScreen[list[ActionProposal] | None]):
    """Decide on the proposed actions; F5 completes with the kept ones, Escape cancels."""

    CSS_PATH = "audits.tcss"
    BINDINGS = [
        Binding("d", "keep_or_drop", N_("Keep / drop")),
        Binding("f5", "confirm", N_("Complete with these actions")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, proposals: list[ActionProposal]) -> None:
        super().__init__()
        translate_bindings(self)
        self.proposals = list(proposals)
        self.kept = [True] * len(proposals)
        self.current = 0
        self._filling = False

    def compose(self) -> ComposeResult:
        with Vertical(id="proposals-box"):
            yield Static("[b]" + _("Corrective actions to propose") + "[/b]", id="proposals-title")
            yield Static(
                _(
                    "Arrows choose an action; d keeps or drops it; Tab edits what to fix, who "
                    "is responsible and the due date. F5 completes with the kept actions; "
                    "Escape goes back without completing."
                ),
                classes="hint",
            )
            yield OptionList(id="proposals")
            yield FormField(_("What to fix"), Input(id="p-what"), id="pf-what")
            with Horizontal(classes="form-row"):
                yield FormField(_("Who at the enterprise"), Input(id="p-who"), id="pf-who")
                yield FormField(_("Due date (dd/mm/yyyy)"), Input(id="p-due"), id="pf-due")

    def on_mount(self) -> None:
        options = self.query_one("#proposals", OptionList)
        for index in range(len(self.proposals)):
            options.add_option(Option(self._prompt(index), id=str(index)))
        options.highlighted = 0
        options.focus()
        self._fill(0)

    def _prompt(self, index: int) -> str:
        p = self.proposals[index]
        box = "[b $success]✓[/]" if self.kept[index] else "[$text-muted]✗[/]"
        text = p.what if self.kept[index] else f"[strike]{p.what}[/strike]"
        who = f" · {p.who}" if p.who else ""
        due = f" · {format_date(p.due_date)}" if p.due_date else ""
        return f"{box} [$text-muted]{p.section_title} · {p.reason}[/]\n   {text}{who}{due}"

    def _fill(self, index: int) -> None:
        self.current = index
        p = self.proposals[index]
        self._filling = True
        self.query_one("#p-what", Input).value = p.what
        self.query_one("#p-who", Input).value = p.who
        self.query_one("#p-due", Input).value = format_date(p.due_date)
        self._filling = False
        for field in self.query(FormField):
            field.show_error(None)

    @on(OptionList.OptionHighlighted, "#proposals")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._fill(int(event.option.id))

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if self._filling:
            return
        p = self.proposals[self.current]
        what = self.query_one("#p-what", Input).value.strip()
        who = self.query_one("#p-who", Input).value.strip()
        due_field = self.query_one("#pf-due", FormField)
        try:
            due = parse_date(self.query_one("#p-due", Input).value)
            due_field.show_error(None)
        except ValueError as exc:
            due = p.due_date
            due_field.show_error(str(exc))
        self.query_one("#pf-what", FormField).show_error(
            None if what else _("write what must be fixed")
        )
        self.proposals[self.current] = p.model_copy(
            update={"what": what or p.what, "who": who, "due_date": due}
        )
        self.query_one("#proposals", OptionList).replace_option_prompt(
            str(self.current), self._prompt(self.current)
        )

    def action_keep_or_drop(self) -> None:
        """Keep or drop the highlighted action."""
        self.kept[self.current] = not self.kept[self.current]
        self.query_one("#proposals", OptionList).replace_option_prompt(
            str(self.current), self._prompt(self.current)
        )

    def action_confirm(self) -> None:
        """Complete with the kept actions."""
        if any(f.error for f in self.query(FormField)):
            self.notify(_("Fix the fields marked in red first."), severity="error")
            return
        self.dismiss([p for p, keep in zip(self.proposals, self.kept, strict=True) if keep])

    def action_cancel(self) -> None:
        """Go back to the form without completing."""
        self.dismiss(None)
