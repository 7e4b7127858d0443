"""Quick ways to fill 5S and VietGAP forms in tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.models.template import ChecklistTemplate
from field_app.models.vietgap import CriterionOutcome, CriterionResult, VietGAPCheck

DATA = Path(__file__).parent / "data"


def make_audit(
    template: ChecklistTemplate,
    enterprise_id: str,
    scores: dict[str, int | str] | None = None,
    default: int | str | None = None,
    *,
    area: str = "Xưởng may số 2",
    day: date = date(2026, 11, 20),
) -> Audit5S:
    """An audit answered per `scores` (item id -> 0..4 or 'n'), others `default`."""
    scores = scores or {}
    items = []
    for _section, item in template.items():
        value = scores.get(item.id, default)
        if value is None:
            continue
        if value == "n":
            items.append(ItemScore(item_id=item.id, not_applicable=True))
        else:
            items.append(ItemScore(item_id=item.id, score=int(value)))
    return Audit5S(
        enterprise_id=enterprise_id,
        area=area,
        template_id=template.id,
        template_version=template.version,
        audit_date=day,
        auditors=["Nguyễn Văn An"],
        items=items,
    )


def make_check(
    template: ChecklistTemplate,
    enterprise_id: str,
    outcomes: dict[str, str] | None = None,
    default: str | None = "pass",
    *,
    day: date = date(2026, 11, 20),
) -> VietGAPCheck:
    """A VietGAP check answered per `outcomes` (criterion id -> pass/fail/na), others `default`."""
    outcomes = outcomes or {}
    results = []
    for _section, item in template.items():
        value = outcomes.get(item.id, default)
        if value is None:
            continue
        results.append(CriterionResult(item_id=item.id, outcome=CriterionOutcome(value)))
    return VietGAPCheck(
        enterprise_id=enterprise_id,
        scope="Rau cải, 2 ha",
        template_id=template.id,
        template_version=template.version,
        check_date=day,
        auditors=["Nguyễn Văn An"],
        results=results,
    )
