"""Demo 5S audits, VietGAP checks and corrective actions (part of `field-app demo`).

Scores lean towards the middle with some weak items, so the demo shows proposed
actions; actions are a mix of open, overdue and done. Records are written through
the repositories' bulk inserts and queued for sync like any other completed record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from field_app.clock import utc_now
from field_app.models.action import ActionStatus, CorrectiveAction
from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.models.template import ChecklistTemplate, TemplateKind
from field_app.models.vietgap import CriterionOutcome, CriterionResult, VietGAPCheck
from field_app.models.visit import RecordStatus
from field_app.scoring import propose_from_audit, propose_from_check, readiness, score_audit
from field_app.store import Store

AREAS = {
    "production": ["Xưởng sản xuất chính", "Xưởng may số 2", "Khu sơ chế", "Dây chuyền đóng gói"],
    "warehouse": ["Kho nguyên liệu", "Kho thành phẩm", "Kho vật tư"],
    "office": ["Văn phòng", "Phòng kế toán", "Phòng kinh doanh"],
}
SCOPES = [
    "Rau cải, 2 ha",
    "Chè Shan tuyết, 5 ha",
    "Na, 3 ha",
    "Hồng không hạt, 4 ha",
    "Cam sành, 6 ha",
    "Rau an toàn, 1,5 ha",
]
WHO = ["Giám đốc", "Tổ trưởng sản xuất", "Thủ kho", "Chủ nhiệm HTX", "Kỹ thuật viên"]
NOTES = ["Cần cải thiện", "Đã có tiến bộ", "Chưa thực hiện", ""]
CHECK_NOTES = ["Đã khắc phục, có ảnh chụp.", "Đã làm xong, kiểm tra tại chỗ.", "Đã bổ sung hồ sơ."]


@dataclass
class AuditDemoResult:
    """How many audit records the demo made."""

    audits_5s: int
    vietgap_checks: int
    actions: int


def _day(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(0, 540))


def generate_audits(
    store: Store,
    rng: random.Random,
    enterprise_ids: list[str],
    today: date,
    *,
    audits: int,
    checks: int,
    officer: str,
) -> AuditDemoResult:
    """Make `audits` 5S audits and `checks` VietGAP checks with their actions."""
    if not enterprise_ids:
        return AuditDemoResult(0, 0, 0)
    forms = store.templates.latest(TemplateKind.FIVE_S)
    made_audits: list[Audit5S] = []
    actions: list[CorrectiveAction] = []
    for _ in range(audits):
        form = rng.choice(forms)
        skill = rng.uniform(1.2, 3.8)  # how far along the enterprise is
        items = []
        for _section, item in form.items():
            if rng.random() < 0.06:
                items.append(ItemScore(item_id=item.id, not_applicable=True))
                continue
            score = max(0, min(4, round(rng.gauss(skill, 0.9))))
            note = rng.choice(NOTES) if score <= 1 else ""
            items.append(ItemScore(item_id=item.id, score=score, note=note))
        completed = rng.random() < 0.92
        audit = Audit5S(
            **store.stamp(),
            enterprise_id=rng.choice(enterprise_ids),
            area=rng.choice(AREAS.get(form.area_kind, ["Khu vực chung"])),
            template_id=form.id,
            template_version=form.version,
            audit_date=_day(rng, today),
            auditors=[officer],
            items=items,
        )
        if completed:
            audit = audit.model_copy(
                update={
                    "status": RecordStatus.COMPLETED,
                    "completed_at": utc_now(),
                    "total_percent": round(score_audit(form, audit).percent or 0.0, 1),
                }
            )
            for proposal in propose_from_audit(form, audit)[:3]:
                actions.append(
                    _action(
                        store,
                        rng,
                        audit.enterprise_id,
                        "audit_5s",
                        audit.id,
                        proposal.item_id,
                        _text_vi(form, proposal.item_id),  # demo texts in Vietnamese
                        audit.audit_date,
                        today,
                    )
                )
        made_audits.append(audit)
    vietgap = store.templates.latest(TemplateKind.VIETGAP)
    made_checks: list[VietGAPCheck] = []
    for _ in range(checks if vietgap else 0):
        form = vietgap[0]
        care = rng.uniform(0.8, 1.0)
        results = []
        for _section, item in form.items():
            roll = rng.random()
            if roll < 0.05:
                outcome = CriterionOutcome.NOT_APPLICABLE
            elif roll < care:
                outcome = CriterionOutcome.PASS
            else:
                outcome = CriterionOutcome.FAIL
            evidence = "Đã xem sổ ghi chép" if outcome == CriterionOutcome.PASS else ""
            results.append(CriterionResult(item_id=item.id, outcome=outcome, evidence=evidence))
        check = VietGAPCheck(
            **store.stamp(),
            enterprise_id=rng.choice(enterprise_ids),
            scope=rng.choice(SCOPES),
            template_id=form.id,
            template_version=form.version,
            check_date=_day(rng, today),
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
                "recommended_percent": None if pct is None else round(pct, 1),
            }
        )
        for proposal in propose_from_check(form, check)[:3]:
            actions.append(
                _action(
                    store,
                    rng,
                    check.enterprise_id,
                    "vietgap_check",
                    check.id,
                    proposal.item_id,
                    _text_vi(form, proposal.item_id),
                    check.check_date,
                    today,
                )
            )
        made_checks.append(check)
    store.audits_5s.insert_many(made_audits)
    store.vietgap_checks.insert_many(made_checks)
    with store.atomic() as conn:
        for action in actions:
            store.actions._insert(conn, action)
    return AuditDemoResult(len(made_audits), len(made_checks), len(actions))


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
    # Old actions are mostly done; recent ones open (some of them already overdue).
    done = due < today and rng.random() < 0.8
    done_on = min(today, due + timedelta(days=rng.randint(-10, 10))) if done else None
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


def _text_vi(form: ChecklistTemplate, item_id: str) -> str:
    """The Vietnamese wording of a template item (demo texts are in Vietnamese)."""
    item = form.item(item_id)
    return item.text_vi if item else item_id
