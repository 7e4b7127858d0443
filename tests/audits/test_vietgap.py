"""VietGAP readiness: every applicable mandatory criterion passes; recommended as a %."""

from __future__ import annotations

import pytest

from field_app.checklists import parse_template
from field_app.models.template import ChecklistTemplate
from field_app.models.visit import RecordStatus
from field_app.scoring import propose_from_check, readiness
from field_app.store import Store

from .forms import make_check


@pytest.fixture
def small() -> ChecklistTemplate:
    """Three mandatory (M1-M3) and three recommended (R1-R3) criteria."""

    def crit(cid: str, level: str) -> dict:
        return {
            "id": cid,
            "level": level,
            "text_vi": f"Tiêu chí {cid}",
            "text_en": f"Criterion {cid}",
        }

    return parse_template(
        {
            "id": "vietgap-mini",
            "version": 1,
            "kind": "vietgap",
            "title_vi": "VietGAP thu nhỏ",
            "title_en": "Mini VietGAP",
            "standard": {"code": "TCVN 11892-1:2017", "year": 2017},
            "scoring": {"method": "pass_fail"},
            "sections": [
                {
                    "key": "a",
                    "title_vi": "Khu A",
                    "title_en": "Area A",
                    "items": [crit("M1", "mandatory"), crit("R1", "recommended")],
                },
                {
                    "key": "b",
                    "title_vi": "Khu B",
                    "title_en": "Area B",
                    "items": [
                        crit("M2", "mandatory"),
                        crit("M3", "mandatory"),
                        crit("R2", "recommended"),
                        crit("R3", "recommended"),
                    ],
                },
            ],
        },
        "test",
    )


def test_all_mandatory_pass_is_ready_whatever_the_recommended(small: ChecklistTemplate) -> None:
    check = make_check(small, "e", {"R1": "fail", "R2": "fail", "R3": "pass"})
    state = readiness(small, check)
    assert state.ready
    assert state.failing_mandatory == []
    assert state.recommended_percent == pytest.approx(100 / 3)


def test_one_failing_mandatory_is_not_ready_and_is_listed(small: ChecklistTemplate) -> None:
    check = make_check(small, "e", {"M2": "fail"})
    state = readiness(small, check)
    assert not state.ready
    assert [i.id for i in state.failing_mandatory] == ["M2"]
    assert state.recommended_percent == 100.0
    assert (state.mandatory_passed, state.mandatory_applicable) == (2, 3)


def test_not_applicable_criteria_are_excluded(small: ChecklistTemplate) -> None:
    # A mandatory criterion that does not apply does not block readiness;
    # a recommended one that does not apply leaves the %.
    check = make_check(small, "e", {"M3": "na", "R1": "na", "R2": "fail"})
    state = readiness(small, check)
    assert state.ready
    assert state.mandatory_applicable == 2
    assert (state.recommended_passed, state.recommended_applicable) == (1, 2)
    assert state.recommended_percent == 50.0
    all_na = make_check(small, "e", {"R1": "na", "R2": "na", "R3": "na"})
    assert readiness(small, all_na).recommended_percent is None


def test_an_unchecked_mandatory_criterion_is_not_ready(small: ChecklistTemplate) -> None:
    check = make_check(small, "e", {"M1": "pass", "M2": "pass", "R1": "pass"}, default=None)
    state = readiness(small, check)
    assert not state.ready
    assert [i.id for i in state.unchecked_mandatory] == ["M3"]
    assert state.failing_mandatory == []
    assert state.recommended_percent == pytest.approx(100 / 3)  # R2, R3 not met yet


def test_failed_criteria_propose_actions_mandatory_first(small: ChecklistTemplate) -> None:
    check = make_check(small, "e", {"R1": "fail", "M3": "fail", "R3": "na"})
    proposals = propose_from_check(small, check)
    assert [p.item_id for p in proposals] == ["M3", "R1"]
    assert proposals[0].reason == "failed (mandatory)"


def test_a_completed_check_keeps_readiness_and_syncs_once(store: Store, enterprise) -> None:
    form = store.templates.get("vietgap-crop")
    check = store.vietgap_checks.save_draft(
        make_check(form, enterprise.id, {"vg-12.2": "fail", "vg-1.4": "fail"})
    )
    assert store.outbox.pending_count() == 1  # only the enterprise: drafts stay local
    proposals = store.vietgap_checks.propose(check)
    assert [p.item_id for p in proposals] == ["vg-12.2", "vg-1.4"]
    done = store.vietgap_checks.complete(check.id, proposals[:1])
    assert done.status == RecordStatus.COMPLETED
    assert done.ready is False
    total_rec = sum(1 for _s, i in form.items() if i.level == "recommended")
    assert done.recommended_percent == round(100 * (total_rec - 1) / total_rec, 1)
    entries = [e for e in store.outbox.pending() if e.entity == "vietgap_check"]
    assert len(entries) == 1 and entries[0].op == "create"
    assert len(entries[0].payload["results"]) == len(form.items())
    assert entries[0].payload["template_version"] == form.version
    actions = store.actions.for_source(done.id)
    assert [a.item_id for a in actions] == ["vg-12.2"]
    assert actions[0].source_kind == "vietgap_check"
