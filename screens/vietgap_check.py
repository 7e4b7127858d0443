"""The VietGAP check screen: pass (p), fail (f) or not applicable (n) per criterion,
with evidence notes; readiness, the % of recommended criteria met and the failing
mandatory criteria are shown as the officer goes."""

from __future__ import annotations

from textual.binding import Binding

from field_app.i18n import N_, _, format_date, format_percent
from field_app.kinds import VIETGAP_CHECK
from field_app.models.template import Item, Level
from field_app.models.vietgap import CriterionOutcome, CriterionResult, VietGAPCheck
from field_app.scoring import readiness
from screens.audit_chart import bar
from screens.checklist_form import ChecklistFormScreen


class VietGAPScreen(ChecklistFormScreen):
    """Check an enterprise against the VietGAP checklist, or read a completed check."""

    BINDINGS = [
        Binding("p", "outcome('pass')", N_("Pass")),
        Binding("f", "outcome('fail')", N_("Fail")),
        Binding("n", "outcome('na')", N_("Not applicable")),
        Binding("x", "clear", N_("Clear")),
        *ChecklistFormScreen.FORM_BINDINGS,
    ]
    kind = VIETGAP_CHECK

    def screen_title(self) -> str:
        title = _("VietGAP check")  # lower case in the catalog: it is also used inside sentences
        return title[:1].upper() + title[1:]

    def help_text(self) -> str:
        return _(
            "Move with the arrows; press p (pass), f (fail) or n (not applicable) for the "
            "highlighted criterion; the cursor moves on. E writes the evidence seen, A picks "
            "a photo or document for it. [M] marks a mandatory criterion, [R] a "
            "recommended one.\nOn the right: readiness (every applicable mandatory criterion "
            "passes), the % of recommended criteria met and the failing mandatory criteria. "
            "F5 completes the check and proposes a corrective action for each failed criterion."
        )

    def head_detail(self) -> str:
        record: VietGAPCheck = self.record
        scope = f"{record.scope} · " if record.scope else ""
        return f"{scope}{format_date(record.check_date)}"

    def draft_hint(self) -> str:
        return _("Draft: p = pass, f = fail, n = not applicable, e = evidence. F5 completes it.")

    def draft_actions(self) -> set[str]:
        return super().draft_actions() | {"outcome", "clear"}

    def note_field(self) -> str:
        return "evidence"

    def note_placeholder(self) -> str:
        return _("Evidence seen, Enter keeps it")

    def answer_of(self, item_id: str) -> CriterionResult:
        return self.record.result(item_id) or CriterionResult(item_id=item_id)

    def with_answer(self, answer: CriterionResult) -> VietGAPCheck:
        return self.record.with_result(answer)

    def item_prompt(self, item: Item) -> str:
        found = self.record.result(item.id) if self.record else None
        outcome = found.outcome if found else None
        marks = {
            CriterionOutcome.PASS: "[b $success]" + _("pass") + "[/]",
            CriterionOutcome.FAIL: "[b $error]" + _("FAIL") + "[/]",
            CriterionOutcome.NOT_APPLICABLE: "[$text-muted]N/A[/]",
        }
        mark = marks.get(outcome, "[$text-muted] · [/]") if outcome else "[$text-muted] · [/]"
        # VietGAP's own level letters: in Vietnamese A (bắt buộc) and B (khuyến khích).
        level = f"[b]{_('M')}[/b]" if item.level == Level.MANDATORY else _("R")
        extras = ""
        if found is not None and found.evidence:
            extras += " ✎"
        if found is not None and found.attachments:
            extras += f" ⊕{len(found.attachments)}"
        return f"{mark} \\[{level}] {item.text()}{extras}"

    def action_outcome(self, value: str) -> None:
        """Record pass, fail or not applicable for the highlighted criterion and move on."""
        item = self.current_item
        if item is None or not self.is_draft:
            return
        self.set_answer(item.id, outcome=CriterionOutcome(value))
        self.advance()

    def action_clear(self) -> None:
        """Remove the highlighted criterion's outcome."""
        item = self.current_item
        if item is not None and self.is_draft:
            self.set_answer(item.id, outcome=None)

    def summary_text(self) -> str:
        assert self.template is not None
        state = readiness(self.template, self.record)
        if state.ready:
            text = _("READY: every applicable mandatory criterion passes")
            verdict = f"[b $success]{text}[/]"
        elif state.failing_mandatory:
            text = _("NOT READY: {n} mandatory criteria fail")
            verdict = f"[b $error]{text.format(n=len(state.failing_mandatory))}[/]"
        else:
            text = _("NOT READY YET: {n} mandatory criteria not checked")
            verdict = f"[b $warning]{text.format(n=len(state.unchecked_mandatory))}[/]"
        pct = state.recommended_percent
        lines = [
            verdict,
            "",
            _("Mandatory passed: {n} of {total} applicable").format(
                n=state.mandatory_passed, total=state.mandatory_applicable
            ),
            _("Recommended met: {n} of {total} applicable").format(
                n=state.recommended_passed, total=state.recommended_applicable
            ),
            f"[b]{format_percent(pct)}[/b] " + _("of the recommended criteria met"),
            # An empty bar is blank cells: on a ground of its own it still reads as 0 %.
            f"[$success on $boost]{bar(pct)}[/]",
            "[$text-muted]"
            + _("The % counts recommended criteria only; mandatory ones pass or fail.")
            + "[/]",
        ]
        return "\n".join(lines)

    def side_text(self) -> str:
        assert self.template is not None
        state = readiness(self.template, self.record)
        if not state.failing_mandatory:
            return ""
        lines = ["", "[b]" + _("Failing mandatory criteria") + "[/b]"]
        lines += [f"[$error]✗[/] {i.id} {i.text()}" for i in state.failing_mandatory]
        return "\n".join(lines)
