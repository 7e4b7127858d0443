"""Corrective actions: proposed from low scores, accepted/edited/dropped, checked off later."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from field_app.models.action import ActionStatus
from field_app.models.visit import Visit
from field_app.store import Store

from .forms import make_audit


def test_items_scored_0_or_1_propose_actions(store: Store, enterprise) -> None:
    form = store.templates.get("5s-production")
    audit = make_audit(
        form,
        enterprise.id,
        {"prod-s1-1": 0, "prod-s2-4": 1, "prod-s3-1": 2, "prod-s4-1": "n"},
        default=3,
    )
    proposals = store.audits_5s.propose(audit)
    assert [p.item_id for p in proposals] == ["prod-s1-1", "prod-s2-4"]
    assert proposals[0].reason == "score 0"
    assert proposals[0].what == form.item("prod-s1-1").text_en
    assert proposals[0].due_date == audit.audit_date + timedelta(days=30)


def test_accept_edit_drop_then_saved_with_the_audit(store: Store, enterprise) -> None:
    form = store.templates.get("5s-production")
    audit = store.audits_5s.save_draft(
        make_audit(form, enterprise.id, {"prod-s1-1": 0, "prod-s2-4": 1, "prod-s5-2": 1}, default=4)
    )
    first, second, _dropped = store.audits_5s.propose(audit)
    edited = second.model_copy(
        update={
            "what": "Sắp xếp lại kệ dụng cụ cạnh máy cắt",
            "who": "Tổ trưởng Lê Thị Hoa",
            "due_date": date(2026, 12, 5),
        }
    )
    done = store.audits_5s.complete(audit.id, [first, edited])
    actions = store.actions.for_source(done.id)
    assert [a.item_id for a in actions] == ["prod-s1-1", "prod-s2-4"]
    assert actions[1].what == "Sắp xếp lại kệ dụng cụ cạnh máy cắt"
    assert actions[1].who == "Tổ trưởng Lê Thị Hoa"
    assert all(a.status == ActionStatus.OPEN and a.enterprise_id == enterprise.id for a in actions)
    creates = [e for e in store.outbox.pending() if e.entity == "action"]
    assert {e.record_id for e in creates} == {a.id for a in actions}
    assert all(e.op == "create" and e.payload["source_id"] == done.id for e in creates)


def test_a_failing_completion_saves_no_actions(store: Store, enterprise) -> None:
    form = store.templates.get("5s-production")
    audit = store.audits_5s.save_draft(make_audit(form, enterprise.id, {"prod-s1-1": 0}))
    with pytest.raises(ValueError):
        store.audits_5s.complete(audit.id, store.audits_5s.propose(audit))
    assert store.actions.find("all") == []


def test_filters_open_overdue_done_and_per_enterprise(store: Store, enterprise) -> None:
    other = store.enterprises.add({"name": "HTX Chè Shan tuyết Mẫu Sơn"})
    today = date(2026, 11, 22)
    late = store.actions.add(
        {"enterprise_id": enterprise.id, "what": "Kẻ vạch lối đi", "due_date": date(2026, 11, 1)}
    )
    soon = store.actions.add(
        {"enterprise_id": enterprise.id, "what": "Dán nhãn kệ", "due_date": date(2026, 12, 1)}
    )
    elsewhere = store.actions.add(
        {"enterprise_id": other.id, "what": "Lập sổ nhật ký", "due_date": date(2026, 10, 1)}
    )
    fixed = store.actions.add(
        {"enterprise_id": other.id, "what": "Mua tủ thuốc", "due_date": date(2026, 9, 1)}
    )
    store.actions.check_off(fixed.id, done=True, note="Đã mua", today=today)
    ids = lambda actions: [a.id for a in actions]  # noqa: E731
    assert ids(store.actions.find("open")) == [elsewhere.id, late.id, soon.id]
    assert ids(store.actions.find("overdue", today=today)) == [elsewhere.id, late.id]
    assert ids(store.actions.overdue(today)) == [elsewhere.id, late.id]
    assert ids(store.actions.find("done")) == [fixed.id]
    assert ids(store.actions.find("open", enterprise_id=enterprise.id)) == [late.id, soon.id]
    assert ids(store.actions.find("overdue", enterprise_id=other.id, today=today)) == [elsewhere.id]
    assert len(store.actions.find("all")) == 4
    assert store.actions.counts(today) == {"open": 3, "overdue": 2, "done": 1}
    assert late.is_overdue(today) and not soon.is_overdue(today)
    with pytest.raises(ValueError, match="filter 'late' is not known"):
        store.actions.find("late")


def test_open_actions_are_checked_off_at_the_next_visit(store: Store, enterprise) -> None:
    form = store.templates.get("5s-office")
    audit = store.audits_5s.save_draft(make_audit(form, enterprise.id, {"off-s3-2": 1}, default=3))
    store.audits_5s.complete(audit.id, store.audits_5s.propose(audit))
    (action,) = store.actions.open_for_enterprise(enterprise.id)
    visit = store.visits.save_draft(
        Visit(enterprise_id=enterprise.id, visit_date=date(2026, 12, 10), officers=["An"])
    )
    checked = store.actions.check_off(
        action.id,
        done=True,
        note="Đã niêm yết lịch vệ sinh",
        at_kind="visit",
        at_id=visit.id,
        today=date(2026, 12, 10),
    )
    assert checked.status == ActionStatus.DONE and checked.done_on == date(2026, 12, 10)
    assert checked.check_note == "Đã niêm yết lịch vệ sinh"
    assert checked.checked_id == visit.id and checked.version == action.version + 1
    assert store.actions.open_for_enterprise(enterprise.id) == []
    (update,) = [e for e in store.outbox.pending() if e.entity == "action" and e.op == "update"]
    assert update.base_version == action.version
    assert update.payload == {
        "status": "done",
        "done_on": "2026-12-10",
        "check_note": "Đã niêm yết lịch vệ sinh",
        "checked_kind": "visit",
        "checked_id": visit.id,
    }


def test_a_draft_where_actions_were_checked_off_is_not_thrown_away(
    store: Store, enterprise
) -> None:
    """Leaving a new visit or audit untouched deletes its empty draft, except when
    actions were checked off at it: they would point at a record that is gone."""
    form = store.templates.get("5s-office")
    audit = store.audits_5s.save_draft(make_audit(form, enterprise.id, {"off-s3-2": 0}, default=4))
    store.audits_5s.complete(audit.id, store.audits_5s.propose(audit))
    (action,) = store.actions.open_for_enterprise(enterprise.id)
    day = date(2026, 12, 10)
    visit = store.visits.save_draft(
        Visit(enterprise_id=enterprise.id, visit_date=day, officers=["An"])
    )
    empty = store.visits.save_draft(
        Visit(enterprise_id=enterprise.id, visit_date=day, officers=["An"])
    )
    again = store.audits_5s.save_draft(make_audit(form, enterprise.id, {}, default=None))
    store.actions.check_off(action.id, done=False, at_kind="visit", at_id=visit.id, today=day)
    assert store.visits.delete_draft(visit.id) is False
    assert store.visits.get(visit.id) is not None
    assert store.visits.delete_draft(empty.id) is True  # nothing checked there: gone
    assert store.visits.get(empty.id) is None
    # The same for an audit draft; a later check-off moves the reference.
    store.actions.check_off(action.id, done=True, at_kind="audit_5s", at_id=again.id, today=day)
    assert store.audits_5s.delete_draft(again.id) is False
    assert store.audits_5s.get(again.id) is not None
    assert store.visits.delete_draft(visit.id) is True
    checked = store.actions.get(action.id)
    assert store.audits_5s.get(checked.checked_id) is not None
    with pytest.raises(ValueError, match="completed record cannot be deleted"):
        store.audits_5s.delete_draft(audit.id)
    assert store.audits_5s.delete_draft("no-such-id") is False


def test_an_action_still_open_keeps_its_note_and_edits_send_only_changes(
    store: Store, enterprise
) -> None:
    action = store.actions.add({"enterprise_id": enterprise.id, "what": "Thu gom vỏ thuốc BVTV"})
    still = store.actions.check_off(action.id, done=False, note="Mới làm một nửa")
    assert still.status == ActionStatus.OPEN and still.check_note == "Mới làm một nửa"
    moved = store.actions.update(still.id, {"due_date": "15/01/2027", "who": "Ông Hoàng Văn Sơn"})
    assert moved.due_date == date(2027, 1, 15) and moved.version == 3
    last = [e for e in store.outbox.pending() if e.record_id == action.id][-1]
    assert last.payload == {"due_date": "2027-01-15", "who": "Ông Hoàng Văn Sơn"}
    assert last.base_version == 2
    unchanged = store.actions.update(action.id, {"who": "Ông Hoàng Văn Sơn"})
    assert unchanged.version == 3  # nothing changed, nothing queued
    with pytest.raises(ValueError, match="not editable: enterprise_id"):
        store.actions.update(action.id, {"enterprise_id": "x"})
    with pytest.raises(ValueError):
        store.actions.update(action.id, {"what": "   "})
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        store.actions.update(action.id, {"due_date": "mai"})
    assert store.actions.get(action.id).version == 3
