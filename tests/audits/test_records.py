"""Drafts, completion, corrections and the read-only rule for 5S audits."""

from __future__ import annotations

from pathlib import Path

import pytest

from field_app.models.audit_5s import ItemScore
from field_app.models.visit import RecordStatus
from field_app.store import Store, open_store
from field_app.store.visits import IncompleteError, RecordLockedError

from .forms import make_audit


def test_a_draft_saves_itself_stays_local_and_survives_a_restart(
    store: Store, enterprise, db_path: Path
) -> None:
    form = store.templates.get("5s-production")
    before = store.outbox.pending_count()
    draft = store.audits_5s.save_draft(make_audit(form, enterprise.id, {"prod-s1-1": 3}))
    draft = store.audits_5s.save_draft(
        draft.with_answer(ItemScore(item_id="prod-s1-2", score=1, note="Không có khu thẻ đỏ"))
    )
    assert draft.version == 2 and draft.status == RecordStatus.DRAFT
    assert store.outbox.pending_count() == before  # drafts are never sent
    # A killed process: the connection goes away without any further call.
    store.conn.close()
    with open_store(db_path) as again:
        loaded = again.audits_5s.get(draft.id)
        assert loaded is not None
        assert loaded.item("prod-s1-2") == ItemScore(
            item_id="prod-s1-2", score=1, note="Không có khu thẻ đỏ"
        )
        assert [d.id for d in again.audits_5s.drafts()] == [draft.id]


def test_completing_needs_every_item_answered(store: Store, enterprise) -> None:
    form = store.templates.get("5s-warehouse")
    draft = store.audits_5s.save_draft(make_audit(form, enterprise.id, {"wh-s1-1": 4}))
    with pytest.raises(IncompleteError) as err:
        store.audits_5s.complete(draft.id)
    assert "19 items not scored yet" in str(err.value)
    nobody = store.audits_5s.save_draft(
        make_audit(form, enterprise.id, default=3).model_copy(update={"auditors": []})
    )
    with pytest.raises(IncompleteError, match="auditors"):
        store.audits_5s.complete(nobody.id)
    out_of_range = make_audit(form, enterprise.id, {"wh-s2-1": 7}, default=3)
    with pytest.raises(IncompleteError, match="wh-s2-1: score must be 0 to 4"):
        store.audits_5s.complete(out_of_range)
    assert store.audits_5s.get(draft.id).status == RecordStatus.DRAFT  # nothing half-done


def test_bad_drafts_are_refused_with_a_clear_message(store: Store, enterprise) -> None:
    form = store.templates.get("5s-office")
    with pytest.raises(KeyError, match="no enterprise"):
        store.audits_5s.save_draft(make_audit(form, "no-such-enterprise", default=2))
    wrong = make_audit(form, enterprise.id).model_copy(update={"template_version": 99})
    with pytest.raises(KeyError, match="5s-office v99"):
        store.audits_5s.save_draft(wrong)
    with pytest.raises(ValueError, match="scored or not applicable"):
        ItemScore(item_id="x", score=2, not_applicable=True)
    assert store.audits_5s.count() == 0


def test_completion_is_one_outbox_create_and_then_read_only(store: Store, enterprise) -> None:
    form = store.templates.get("5s-production")
    draft = store.audits_5s.save_draft(
        make_audit(form, enterprise.id, {"prod-s3-1": "n"}, default=3)
    )
    done = store.audits_5s.complete(draft.id)
    assert done.status == RecordStatus.COMPLETED and done.completed_at
    assert done.total_percent == 75.0
    mutations = [e for e in store.outbox.pending() if e.record_id == done.id]
    assert len(mutations) == 1
    (m,) = mutations
    assert (m.entity, m.op) == ("audit_5s", "create")
    assert len(m.payload["items"]) == 30
    assert m.payload["template_id"] == "5s-production" and m.payload["template_version"] == 1
    assert m.payload["total_percent"] == 75.0
    # Completing again changes nothing and sends nothing.
    store.audits_5s.complete(done.id)
    assert len([e for e in store.outbox.pending() if e.record_id == done.id]) == 1
    with pytest.raises(RecordLockedError):
        store.audits_5s.save_draft(done.with_answer(ItemScore(item_id="prod-s1-1", score=0)))
    with pytest.raises(RecordLockedError):
        store.audits_5s.delete_draft(done.id)
    assert store.audits_5s.get(done.id).item("prod-s1-1").score == 3


def test_a_correction_supersedes_the_completed_audit(store: Store, enterprise) -> None:
    form = store.templates.get("5s-office")
    original = store.audits_5s.complete(make_audit(form, enterprise.id, default=2))
    correction = store.audits_5s.correct(original.id)
    assert correction.supersedes == original.id and correction.id != original.id
    assert correction.status == RecordStatus.DRAFT
    correction = store.audits_5s.save_draft(
        correction.with_answer(ItemScore(item_id="off-s1-1", score=4))
    )
    assert store.audits_5s.superseded_by(original.id) is None  # not until completed
    fixed = store.audits_5s.complete(correction.id)
    assert store.audits_5s.superseded_by(original.id) == fixed.id
    assert store.audits_5s.get(original.id).item("off-s1-1").score == 2  # never rewritten
    payload = next(e.payload for e in store.outbox.pending() if e.record_id == fixed.id)
    assert payload["supersedes"] == original.id
    with pytest.raises(ValueError, match="only a completed record"):
        store.audits_5s.correct(store.audits_5s.correct(fixed.id).id)


def test_timeline_lists_audits_and_checks_of_an_enterprise(store: Store, enterprise) -> None:
    form = store.templates.get("5s-office")
    store.audits_5s.complete(make_audit(form, enterprise.id, default=2))
    store.audits_5s.save_draft(make_audit(form, enterprise.id, default=1))
    assert len(store.audits_5s.for_enterprise(enterprise.id)) == 2
    assert len(store.audits_5s.recent()) == 1
    assert store.counts()["audits_5s"] == 2
    assert store.counts()["vietgap_checks"] == 0
