"""The 5S audit screen: one key per item (0-4, n for not applicable), live % per S and
in total with the rating band, a bar chart per S, and the last audit of the same area
with the change per S beside it."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from field_app.i18n import N_, _, format_date
from field_app.kinds import AUDIT_5S
from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.models.template import Item
from field_app.scoring import score_audit
from screens.audit_chart import change_lines, score_chart
from screens.checklist_form import ChecklistFormScreen

# Digits beyond the template's scale are refused with a message, so 0-9 are all bound.
_DIGITS = [Binding(str(d), f"score({d})", show=False) for d in range(1, 10)]


class Audit5SScreen(ChecklistFormScreen):
    """Score a 5S audit of one area, or read a completed one."""

    BINDINGS = [
        Binding("0", "score(0)", N_("Score 0-4"), key_display="0-4"),
        *_DIGITS,
        Binding("n", "not_applicable", N_("Not applicable")),
        Binding("x", "clear", N_("Clear")),
        *ChecklistFormScreen.FORM_BINDINGS,
    ]
    kind = AUDIT_5S

    def screen_title(self) -> str:
        title = _("5S audit")  # lower case in the catalog: it is also used inside sentences
        return title[:1].upper() + title[1:]

    def help_text(self) -> str:
        return _(
            "Move with the arrows; press 0 to 4 to score the highlighted item (the cursor "
            "moves on), n when it does not apply, x to clear it. E writes a note, A picks a "
            "photo or document for it (the last folder used, photos first; Ctrl+L types a path).\n"
            "On the right: the % per S and in total (items not applicable are left out), the "
            "rating band from the settings, and the change since the last audit of the same "
            "area. The draft saves itself. F5 completes the audit and proposes a corrective "
            "action for each item scored 0 or 1; F6 corrects a completed audit."
        )

    def head_detail(self) -> str:
        record: Audit5S = self.record
        return f"{record.area} · {format_date(record.audit_date)}"

    def draft_hint(self) -> str:
        return _("Draft: 0-4 scores, n = not applicable, e = note, a = attach. F5 completes it.")

    def draft_actions(self) -> set[str]:
        return super().draft_actions() | {"score", "not_applicable", "clear"}

    def load_extra(self, store: Any, record: Any) -> dict[str, Any]:
        previous = store.audits_5s.previous(record)
        extra: dict[str, Any] = {"previous": previous}
        if previous is not None:
            extra["previous_score"] = store.audits_5s.score(previous)
        return extra

    # -- answers -----------------------------------------------------------------

    def answer_of(self, item_id: str) -> ItemScore:
        return self.record.item(item_id) or ItemScore(item_id=item_id)

    def with_answer(self, answer: ItemScore) -> Audit5S:
        return self.record.with_answer(answer)

    def item_prompt(self, item: Item) -> str:
        answer = self.record.item(item.id) if self.record else None
        if answer is None or not answer.answered:
            mark = "[$text-muted] · [/]"
        elif answer.not_applicable:
            mark = "[$text-muted]N/A[/]"
        else:
            colour = "$error" if (answer.score or 0) <= 1 else ""
            mark = f"[b {colour}] {answer.score} [/]" if colour else f"[b] {answer.score} [/]"
        extras = ""
        if answer is not None and answer.note:
            extras += " ✎"
        if answer is not None and answer.attachments:
            extras += f" ⊕{len(answer.attachments)}"
        return f"{mark} {item.text()}{extras}"

    def action_score(self, value: int) -> None:
        """Score the highlighted item and move on."""
        item = self.current_item
        if item is None or not self.is_draft or self.template is None:
            return
        scoring = self.template.scoring
        if value not in scoring.scores:
            self.notify(
                _("Scores on this form go from {lo} to {hi}.").format(
                    lo=scoring.min_score, hi=scoring.max_score
                ),
                severity="warning",
            )
            return
        self.set_answer(item.id, score=value, not_applicable=False)
        self.advance()

    def action_not_applicable(self) -> None:
        """Mark the highlighted item not applicable (it leaves the %) and move on."""
        item = self.current_item
        if item is None or not self.is_draft or self.template is None:
            return
        if not self.template.scoring.allow_na:
            self.notify(_("This form has no 'not applicable'."), severity="warning")
            return
        self.set_answer(item.id, score=None, not_applicable=True)
        self.advance()

    def action_clear(self) -> None:
        """Remove the highlighted item's score."""
        item = self.current_item
        if item is not None and self.is_draft:
            self.set_answer(item.id, score=None, not_applicable=False)

    # -- summary ------------------------------------------------------------------

    def summary_text(self) -> str:
        assert self.template is not None
        score = score_audit(self.template, self.record, self.field_app.settings)
        answered = sum(1 for a in self.record.items if a.answered)
        title = _("Score so far") if self.is_draft else _("Score")
        head = f"[b]{title}[/b]  " + _("{n} of {total} items answered").format(
            n=answered, total=len(self.template.items())
        )
        right = self.query_one("#checklist-right")
        # The chart makes the panel scroll at 80x24, and the scrollbar then takes its
        # columns: leave room for it from the start, or the total's line wraps.
        room = right.scrollable_content_region.width
        if not right.show_vertical_scrollbar:
            room -= right.styles.scrollbar_size_vertical
        return head + "\n" + score_chart(score, max(room - 1, 0))

    def side_text(self) -> str:
        previous = self.extra.get("previous")
        if previous is None:
            return "\n[b]" + _("Last audit of this area") + "[/b]\n" + _("None before this one.")
        assert self.template is not None
        now = score_audit(self.template, self.record)
        title = _("Last audit of this area: {date}").format(date=format_date(previous.audit_date))
        return "\n[b]" + title + "[/b]\n" + change_lines(now, self.extra["previous_score"])

    def on_resize(self) -> None:
        """Redraw the chart to fit the new width."""
        self.call_after_refresh(self._refresh_summary)
