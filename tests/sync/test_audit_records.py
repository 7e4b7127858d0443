"""Audits, their corrective actions and templates sync like visits: the next officer
at an enterprise sees earlier findings and open actions, and can close them."""

from __future__ import annotations

from datetime import date

from field_app.checklists import bundled_templates
from field_app.models.audit_5s import Audit5S, ItemScore
from sync.engine import run_sync
from tests.sync.conftest import add_enterprise, enrolled


def test_audit_and_actions_reach_the_next_officer_who_closes_them(hq, hq_db, make_device):
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ent = add_enterprise(a)
    template = next(t for t in bundled_templates() if t.id == "5s-office")
    items = [
        ItemScore(item_id=item.id, score=1 if n == 0 else 3)
        for n, (_s, item) in enumerate(template.items())
    ]
    draft = Audit5S(
        enterprise_id=ent,
        area="Văn phòng",
        template_id=template.id,
        template_version=template.version,
        audit_date=date(2026, 11, 20),
        auditors=["Nguyễn Văn An"],
        items=items,
    )
    proposals = a.audits_5s.propose(draft)
    assert proposals  # the item scored 1 proposes an action
    done = a.audits_5s.complete(draft, actions=proposals[:1])
    assert run_sync(a, credentials=ca).ok
    assert run_sync(b, credentials=cb).ok
    assert b.audits_5s.get(done.id).items == done.items
    (action,) = b.actions.open_for_enterprise(ent)
    b.actions.check_off(action.id, done=True, note="Đã dán nhãn tủ hồ sơ", today=date(2026, 12, 1))
    assert run_sync(b, credentials=cb).ok
    assert run_sync(a, credentials=ca).ok
    assert a.actions.get(action.id).status == "done"
    assert a.actions.open_for_enterprise(ent) == []
    for device in (a, b):
        assert device.outbox.pending_count() == 0
        assert device.outbox.by_state("rejected") == []


def test_a_record_of_a_kind_this_version_does_not_know_is_kept(make_device):
    device = make_device("a")
    from field_app.store.pull_state import PulledRow

    repo = device.pulled
    repo.apply_page(
        [PulledRow("audit_9s", "x1", 5, {"id": "x1", "score": 3})], [], 5, finished=True
    )
    assert repo.waiting_count() == 1  # kept for a newer version, not dropped
    assert repo.cursor() == 5
