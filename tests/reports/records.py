"""Hand-made records for report tests, written through the repositories."""

from __future__ import annotations

from datetime import date

from field_app.models.action import ActionProposal
from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.models.vietgap import CriterionOutcome, CriterionResult, VietGAPCheck
from field_app.store import Store

PRODUCTION = ("5s-production", 1)
VIETGAP = ("vietgap-crop", 1)


def enterprise(store: Store, name: str, kind: str, commune: str, **more: object) -> str:
    """Add an enterprise; return its id."""
    return store.enterprises.add(
        {"name": name, "kind": kind, "province": "Lạng Sơn", "commune": commune, **more}
    ).id


def visit(
    store: Store, enterprise_id: str, day: date, purpose: str = "advice", *, done: bool = True
) -> str:
    """Add a visit (completed unless `done` is False); return its id."""
    draft = store.visits.save_draft(
        {
            "enterprise_id": enterprise_id,
            "visit_date": day,
            "officers": ["Nguyễn Văn An"],
            "purpose": purpose,
            "findings": "Kho nguyên liệu chưa dán nhãn khu vực.",
            "recommendations": "Sàng lọc vật tư thừa, kẻ vạch lối đi.",
            "next_steps": "Kiểm tra lại sau 30 ngày.",
        }
    )
    return store.visits.complete(draft.id).id if done else draft.id


def audit(
    store: Store,
    enterprise_id: str,
    day: date,
    score: int,
    *,
    overrides: dict[str, ItemScore] | None = None,
    actions: list[ActionProposal] | None = None,
    area: str = "Xưởng sản xuất",
    form: tuple[str, int] = PRODUCTION,
) -> Audit5S:
    """Complete a 5S audit (the production form unless `form` says) with every item
    scored `score`."""
    template = store.templates.get(*form)
    overrides = overrides or {}
    items = [
        overrides.get(item.id, ItemScore(item_id=item.id, score=score))
        for _s, item in template.items()
    ]
    record = Audit5S(
        enterprise_id=enterprise_id,
        area=area,
        template_id=template.id,
        template_version=template.version,
        audit_date=day,
        auditors=["Nguyễn Văn An", "Lê Thị Hoa"],
        items=items,
        notes="Cơ sở hợp tác tốt.",
    )
    return store.audits_5s.complete(record, actions)


def check(
    store: Store, enterprise_id: str, day: date, fails: dict[str, str] | None = None
) -> VietGAPCheck:
    """Complete a VietGAP check: every criterion passes except those in `fails` (id -> evidence)."""
    template = store.templates.get(*VIETGAP)
    fails = fails or {}
    results = [
        CriterionResult(
            item_id=item.id,
            outcome=CriterionOutcome.FAIL if item.id in fails else CriterionOutcome.PASS,
            evidence=fails.get(item.id, ""),
        )
        for _s, item in template.items()
    ]
    record = VietGAPCheck(
        enterprise_id=enterprise_id,
        scope="Rau cải, 2 ha, thôn Nà Hin",
        template_id=template.id,
        template_version=template.version,
        check_date=day,
        auditors=["Nguyễn Văn An"],
        results=results,
    )
    return store.vietgap_checks.complete(record)
