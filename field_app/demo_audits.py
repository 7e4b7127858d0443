"""Demo 5S audits, VietGAP checks and corrective actions (part of `field-app demo`).

What someone from the programme expects to see:

- audits of areas that fit the unit (its `DemoProfile`), and many areas audited again
  months later, usually better, so the 5S change of the programme report has pairs;
- notes that agree with the scores (a 1 says what is wrong, never "good progress");
- a corrective action for every item scored 0 or 1 and every failed criterion, saying
  what to fix;
- actions mostly done once old, the open ones overdue by days or weeks, not years.

Records are written through the repositories' bulk inserts and queued for sync like
any other completed record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from field_app.clock import utc_now
from field_app.demo_profiles import CROPS, DemoProfile
from field_app.i18n import round_percent
from field_app.models.action import ActionStatus, CorrectiveAction
from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.models.template import TemplateKind
from field_app.models.vietgap import CriterionOutcome, CriterionResult, VietGAPCheck
from field_app.models.visit import RecordStatus
from field_app.scoring import propose_from_audit, propose_from_check, readiness, score_audit
from field_app.store import Store

if TYPE_CHECKING:
    from field_app.models.template import ChecklistTemplate

GENERIC_AREAS = {
    "production": ["Xưởng sản xuất"],
    "warehouse": ["Kho thành phẩm"],
    "office": ["Văn phòng"],
}
WHO = ["Giám đốc", "Tổ trưởng sản xuất", "Thủ kho", "Chủ nhiệm HTX", "Kỹ thuật viên"]
# Notes by score: what an auditor writes next to a 0, a 1, a 2, and sometimes a 3 or 4.
NOTES = {
    0: ["Chưa thực hiện", "Chưa có, cần bố trí người phụ trách", "Không thấy áp dụng tại khu vực"],
    1: ["Mới làm một phần, chưa đều", "Còn nhiều chỗ chưa đạt", "Có làm nhưng không duy trì",
        "Còn để lẫn đồ không cần thiết"],
    2: ["Đã có tiến bộ, cần duy trì", "Đạt một phần", ""],
    3: ["", "", "Thực hiện khá tốt"],
    4: ["", "", "Thực hiện tốt, duy trì"],
}  # fmt: skip
FAIL_EVIDENCE = [
    "Chưa có sổ ghi chép",
    "Sổ ghi chép thiếu nhiều ngày",
    "Chưa có quy trình bằng văn bản",
    "Chưa tập huấn cho người lao động",
    "Kho chứa chưa tách riêng",
]
PASS_EVIDENCE = ["Đã xem sổ ghi chép", "Kiểm tra tại chỗ, đạt", "Có hồ sơ lưu"]
CHECK_NOTES = ["Đã khắc phục, có ảnh chụp.", "Đã làm xong, kiểm tra tại chỗ.", "Đã bổ sung hồ sơ."]


@dataclass
class AuditDemoResult:
    """How many audit records the demo made."""

    audits_5s: int
    vietgap_checks: int
    actions: int


@dataclass
class _Series:
    """The audits of one area so far: the last date and how far along it is."""

    enterprise_id: str
    area: str
    form: ChecklistTemplate
    last: date
    skill: float


def generate_audits(
    store: Store,
    rng: random.Random,
    enterprise_ids: list[str],
    today: date,
    *,
    audits: int,
    checks: int,
    officer: str,
    profiles: dict[str, DemoProfile] | None = None,
) -> AuditDemoResult:
    """Make `audits` 5S audits and `checks` VietGAP checks with their actions."""
    if not enterprise_ids:
        return AuditDemoResult(0, 0, 0)
    profiles = profiles or {}
    forms = {f.area_kind or f.id: f for f in store.templates.latest(TemplateKind.FIVE_S)}
    series: list[_Series] = []
    made_audits: list[Audit5S] = []
    actions: list[CorrectiveAction] = []
    for _ in range(audits):
        again = [s for s in series if s.last + timedelta(days=75) < today]
        if again and rng.random() < 0.45:
            # A follow-up audit of an area audited before, usually better.
            current = rng.choice(again)
            current.last = min(today, current.last + timedelta(days=rng.randint(75, 220)))
            current.skill = min(3.8, current.skill + rng.uniform(-0.2, 0.8))
        else:
            ent = rng.choice(enterprise_ids)
            areas = profiles[ent].areas if ent in profiles else GENERIC_AREAS
            kind = rng.choice([k for k in areas if k in forms] or list(forms))
            current = _Series(ent, rng.choice(areas.get(kind, ["Khu vực chung"])), forms[kind],
                              today - timedelta(days=rng.randint(30, 560)),
                              rng.uniform(1.8, 3.4))  # fmt: skip
            series.append(current)
        audit, raised = _audit(store, rng, current, officer, today)
        made_audits.append(audit)
        actions += raised
    made_checks: list[VietGAPCheck] = []
    vietgap = store.templates.latest(TemplateKind.VIETGAP)
    growers = [e for e in enterprise_ids if profiles.get(e) and profiles[e].crop] or enterprise_ids
    for _ in range(checks if vietgap else 0):
        ent = rng.choice(growers)
        crop = profiles[ent].crop if ent in profiles else None
        check, raised = _check(store, rng, vietgap[0], ent, crop, officer, today)
        made_checks.append(check)
        actions += raised
    store.audits_5s.insert_many(made_audits)
    store.vietgap_checks.insert_many(made_checks)
    with store.atomic() as conn:
        for action in actions:
            store.actions._insert(conn, action)
    return AuditDemoResult(len(made_audits), len(made_checks), len(actions))


def _audit(
    store: Store, rng: random.Random, current: _Series, officer: str, today: date
) -> tuple[Audit5S, list[CorrectiveAction]]:
    form = current.form
    items = []
    for _section, item in form.items():
        if rng.random() < 0.05:
            items.append(ItemScore(item_id=item.id, not_applicable=True))
            continue
        score = max(0, min(4, round(rng.gauss(current.skill, 0.9))))
        items.append(ItemScore(item_id=item.id, score=score, note=rng.choice(NOTES[score])))
    # The latest audits of the last fortnight may still be drafts being finished.
    recent = (today - current.last).days < 14
    completed = not recent or rng.random() < 0.5
    audit = Audit5S(
        **store.stamp(),
        enterprise_id=current.enterprise_id,
        area=current.area,
        template_id=form.id,
        template_version=form.version,
        audit_date=current.last,
        auditors=[officer],
        items=items,
    )
    if not completed:
        return audit, []
    audit = audit.model_copy(
        update={
            "status": RecordStatus.COMPLETED,
            "completed_at": utc_now(),
            "total_percent": round_percent(score_audit(form, audit).percent or 0.0),
        }
    )
    raised = [
        _action(
            store,
            rng,
            audit.enterprise_id,
            "audit_5s",
            audit.id,
            proposal.item_id,
            _what(_requirement(form, proposal.item_id), audit.item(proposal.item_id)),
            audit.audit_date,
            today,
        )
        for proposal in propose_from_audit(form, audit)
    ]
    return audit, raised


def _requirement(form: ChecklistTemplate, item_id: str) -> str:
    item = form.item(item_id)
    return item.text_vi if item else ""


def _what(requirement: str, answer: ItemScore | CriterionResult | None) -> str:
    """What to fix, in Vietnamese as the demo's texts are: the officer's note against
    the requirement (the proposal's wording, field_app/scoring.py)."""
    note = getattr(answer, "note", "") or getattr(answer, "evidence", "")
    return f"Khắc phục: {note} (yêu cầu: {requirement})" if note else requirement


def _check(
    store: Store,
    rng: random.Random,
    form: ChecklistTemplate,
    enterprise_id: str,
    crop: str | None,
    officer: str,
    today: date,
) -> tuple[VietGAPCheck, list[CorrectiveAction]]:
    care = rng.uniform(0.8, 1.0)
    results = []
    for _section, item in form.items():
        roll = rng.random()
        if roll < 0.05:
            results.append(CriterionResult(item_id=item.id,
                                           outcome=CriterionOutcome.NOT_APPLICABLE))  # fmt: skip
        elif roll < care:
            results.append(CriterionResult(item_id=item.id, outcome=CriterionOutcome.PASS,
                                           evidence=rng.choice(PASS_EVIDENCE)))  # fmt: skip
        else:
            results.append(CriterionResult(item_id=item.id, outcome=CriterionOutcome.FAIL,
                                           evidence=rng.choice(FAIL_EVIDENCE)))  # fmt: skip
    scope = CROPS.get(crop or "", "Rau an toàn, {ha} ha").format(
        ha=str(rng.choice([1, 1.5, 2, 3, 5, 8])).replace(".", ",")
    )
    check = VietGAPCheck(
        **store.stamp(),
        enterprise_id=enterprise_id,
        scope=scope,
        template_id=form.id,
        template_version=form.version,
        check_date=today - timedelta(days=rng.randint(10, 540)),
        auditors=[officer],
        results=results,
    )
    state = readiness(form, check)
    pct = state.recommended_percent
    check = check.model_copy(
        update={
            "status": RecordStatus.COMPLETED,
            "completed_at": utc_now(),
            "ready": state.ready,
            "recommended_percent": None if pct is None else round_percent(pct),
        }
    )
    raised = [
        _action(
            store,
            rng,
            enterprise_id,
            "vietgap_check",
            check.id,
            proposal.item_id,
            _what(_requirement(form, proposal.item_id), check.result(proposal.item_id)),
            check.check_date,
            today,
        )
        for proposal in propose_from_check(form, check)
    ]
    return check, raised


def _action(
    store: Store,
    rng: random.Random,
    enterprise_id: str,
    kind: str,
    source_id: str,
    item_id: str,
    what: str,
    made_on: date,
    today: date,
) -> CorrectiveAction:
    due = made_on + timedelta(days=rng.choice([14, 30, 45, 60]))
    # Long past due: done (a unit followed up for months has fixed it). Past due by
    # days or weeks: some still open, overdue. Not yet due: mostly open.
    late = (today - due).days
    if late > 45:
        done = True
    elif late > 0:
        done = rng.random() < 0.5
    else:
        done = rng.random() < 0.25
    done_on = None
    if done:
        earliest = min(today, made_on + timedelta(days=3))
        latest = min(today, due + timedelta(days=10))
        done_on = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
    # Recorded on the day of the audit or check that raised it (not on the day the demo
    # was made), so no export shows an action "created" after it was done.
    made = f"{made_on.isoformat()}T09:00:00.000Z"
    touched = f"{(done_on or made_on).isoformat()}T17:00:00.000Z"
    return CorrectiveAction(
        **{**store.stamp(), "created_at": made, "updated_at": touched},
        enterprise_id=enterprise_id,
        source_kind=kind,
        source_id=source_id,
        item_id=item_id,
        what=what,
        who=rng.choice(WHO),
        due_date=due,
        status=ActionStatus.DONE if done else ActionStatus.OPEN,
        done_on=done_on,
        check_note=rng.choice(CHECK_NOTES) if done else "",
    )
