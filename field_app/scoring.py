"""Scores of 5S audits, readiness of VietGAP checks, and the actions they suggest.

5S: per-pillar % = sum of scores / (max score × applicable items); the total % is
computed the same way over all items. Items marked not applicable leave both the
sum and the count; items not scored yet (a draft) are left out too, so the live %
on the audit screen reflects what has been scored so far. Until every item is scored
(or marked not applicable) the rating band is provisional, and says so.

Every % shown is rounded once, half up to one decimal (`field_app.i18n.round_percent`),
and written by `field_app.i18n.format_percent`: the screen, the sheets and the PDFs agree.

VietGAP: ready means every applicable mandatory criterion passes (and none is left
unchecked); recommended criteria are shown as the % of applicable ones that pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from field_app.i18n import _, current_language, round_percent
from field_app.models.action import ActionProposal
from field_app.models.audit_5s import Audit5S
from field_app.models.template import ChecklistTemplate, Item, Level, Section
from field_app.models.vietgap import CriterionOutcome, VietGAPCheck
from field_app.settings import RatingBand, Settings

# Scores at or below this (on a 0-4 scale: 0 and 1) propose a corrective action.
LOW_SCORE = 1
# Days given to fix a proposed action unless the officer changes it.
DEFAULT_DAYS_TO_FIX = 30


@dataclass(frozen=True)
class PillarScore:
    """The score of one pillar (S) or of the whole audit."""

    key: str
    title: str
    short: str
    points: int
    max_points: int
    applicable: int
    """Items scored (not-applicable and unscored items excluded)."""
    items: int
    """Items in the pillar."""
    not_applicable: int

    @property
    def percent(self) -> float | None:
        """Score in %, or None when nothing applicable has been scored."""
        return 100.0 * self.points / self.max_points if self.max_points else None


@dataclass(frozen=True)
class AuditScore:
    """Per-pillar and total scores of a 5S audit, with the rating band of the total."""

    pillars: list[PillarScore]
    total: PillarScore
    band: RatingBand | None
    unanswered: int = 0
    """Items of the form neither scored nor marked not applicable."""

    @property
    def percent(self) -> float | None:
        """The total %."""
        return self.total.percent

    @property
    def provisional(self) -> bool:
        """True while some item is still unscored: the band may change."""
        return self.unanswered > 0

    def rating(self) -> str:
        """The rating band in the interface language, "(provisional)" while some item is
        unscored; "" when there is no band (no settings, or nothing scored)."""
        if self.band is None:
            return ""
        label = self.band.label_vi if current_language() == "vi" else self.band.label_en
        return _("{band} (provisional)").format(band=label) if self.provisional else label

    def pillar(self, key: str) -> PillarScore | None:
        """One pillar's score by section key."""
        return next((p for p in self.pillars if p.key == key), None)


def score_audit(
    template: ChecklistTemplate, audit: Audit5S, settings: Settings | None = None
) -> AuditScore:
    """Score an audit (draft or completed) against the template it was made with."""
    top = template.scoring.max_score
    pillars: list[PillarScore] = []
    total_points = total_applicable = total_na = total_items = unanswered = 0
    for section in template.sections:
        points = applicable = na = 0
        for item in section.items:
            answer = audit.item(item.id)
            if answer is None or not (answer.not_applicable or answer.score is not None):
                unanswered += 1
                continue
            if answer.not_applicable:
                na += 1
            elif answer.score is not None:
                points += answer.score
                applicable += 1
        pillars.append(
            PillarScore(
                key=section.key,
                title=section.title(),
                short=section.short or section.key,
                points=points,
                max_points=top * applicable,
                applicable=applicable,
                items=len(section.items),
                not_applicable=na,
            )
        )
        total_points += points
        total_applicable += applicable
        total_na += na
        total_items += len(section.items)
    total = PillarScore(
        key="total",
        title=_("Total"),
        short=_("Total"),
        points=total_points,
        max_points=top * total_applicable,
        applicable=total_applicable,
        items=total_items,
        not_applicable=total_na,
    )
    band = None
    if settings is not None and total.percent is not None:
        band = settings.band_for(total.percent)
    return AuditScore(pillars=pillars, total=total, band=band, unanswered=unanswered)


def change_per_pillar(now: AuditScore, before: AuditScore | None) -> dict[str, float | None]:
    """Percentage points gained (+) or lost (-) per pillar and in total since `before`."""
    result: dict[str, float | None] = {}
    for pillar in [*now.pillars, now.total]:
        old = None
        if before is not None:
            old = before.total if pillar.key == "total" else before.pillar(pillar.key)
        if old is None or old.percent is None or pillar.percent is None:
            result[pillar.key] = None
        else:
            # The difference of the two % as shown, so "62,5% → 70,0%" says "+7,5".
            result[pillar.key] = round_percent(
                round_percent(pillar.percent) - round_percent(old.percent)
            )
    return result


@dataclass(frozen=True)
class Readiness:
    """Where a VietGAP check stands against its checklist."""

    ready: bool
    failing_mandatory: list[Item] = field(default_factory=list)
    unchecked_mandatory: list[Item] = field(default_factory=list)
    recommended_passed: int = 0
    recommended_applicable: int = 0
    mandatory_passed: int = 0
    mandatory_applicable: int = 0

    @property
    def recommended_percent(self) -> float | None:
        """% of applicable recommended criteria that pass (None when none apply)."""
        if not self.recommended_applicable:
            return None
        return 100.0 * self.recommended_passed / self.recommended_applicable


def readiness(template: ChecklistTemplate, check: VietGAPCheck) -> Readiness:
    """Readiness of a check: every applicable mandatory criterion passes."""
    failing: list[Item] = []
    unchecked: list[Item] = []
    rec_pass = rec_app = man_pass = man_app = 0
    for _section, item in template.items():
        found = check.result(item.id)
        outcome = found.outcome if found else None
        if outcome == CriterionOutcome.NOT_APPLICABLE:
            continue
        if item.level == Level.MANDATORY:
            man_app += 1
            if outcome == CriterionOutcome.PASS:
                man_pass += 1
            elif outcome == CriterionOutcome.FAIL:
                failing.append(item)
            else:
                unchecked.append(item)
        else:
            # An unchecked recommended criterion counts as not met yet.
            rec_app += 1
            if outcome == CriterionOutcome.PASS:
                rec_pass += 1
    return Readiness(
        ready=not failing and not unchecked,
        failing_mandatory=failing,
        unchecked_mandatory=unchecked,
        recommended_passed=rec_pass,
        recommended_applicable=rec_app,
        mandatory_passed=man_pass,
        mandatory_applicable=man_app,
    )


def _proposal(
    section: Section, item: Item, reason: str, due: date, note: str = ""
) -> ActionProposal:
    # What to fix is what the officer saw, against the requirement not met; without a
    # note, the requirement itself.
    what = (
        _("Fix: {note} (requirement: {requirement})").format(note=note, requirement=item.text())
        if note
        else item.text()
    )
    return ActionProposal(
        item_id=item.id,
        section_title=section.title(),
        item_text=item.text(),
        reason=reason,
        what=what,
        due_date=due,
    )


def propose_from_audit(
    template: ChecklistTemplate, audit: Audit5S, days: int = DEFAULT_DAYS_TO_FIX
) -> list[ActionProposal]:
    """An action for every item scored 0 or 1 (the lowest two scores of the scale)."""
    due = audit.audit_date + timedelta(days=days)
    threshold = template.scoring.min_score + LOW_SCORE
    proposals = []
    for section, item in template.items():
        answer = audit.item(item.id)
        if answer and answer.score is not None and answer.score <= threshold:
            reason = _("score {score}").format(score=answer.score)
            proposals.append(_proposal(section, item, reason, due, answer.note))
    return proposals


def propose_from_check(
    template: ChecklistTemplate, check: VietGAPCheck, days: int = DEFAULT_DAYS_TO_FIX
) -> list[ActionProposal]:
    """An action for every failed criterion, mandatory ones first."""
    due = check.check_date + timedelta(days=days)
    proposals = []
    for section, item in template.items():
        found = check.result(item.id)
        if found and found.outcome == CriterionOutcome.FAIL:
            reason = (
                _("failed (mandatory)")
                if item.level == Level.MANDATORY
                else _("failed (recommended)")
            )
            proposals.append(_proposal(section, item, reason, due, found.evidence))
    proposals.sort(key=lambda p: p.reason != _("failed (mandatory)"))
    return proposals
