"""The repository: records, drafts, completion, corrections and the outbox."""

from __future__ import annotations

import json
import os
import stat
from datetime import date

import pytest
from pydantic import ValidationError

from field_app.ids import is_uuid
from field_app.store import IncompleteError, RecordLockedError, Store, open_store


@pytest.fixture
def coop(store: Store):
    return store.enterprises.add(
        {"name": "Hợp tác xã Chè Bình Gia", "kind": "HTX", "tax_code": "4900123456"}
    )


def outbox(store: Store) -> list[dict]:
    rows = store.query(
        "SELECT entity, record_id, op, payload, base_version FROM outbox ORDER BY seq"
    )
    return [dict(r) | {"payload": json.loads(r["payload"])} for r in rows]


def test_new_records_get_uuid7_ids_and_provenance(store: Store, coop) -> None:
    assert is_uuid(coop.id) and coop.id[14] == "7"
    assert coop.created_by == "Nguyễn Văn An"
    assert coop.device_id == store.device_id
    assert coop.created_at.endswith("Z") and coop.version == 1


def test_ids_sort_by_creation(store: Store) -> None:
    ids = [store.enterprises.add({"name": f"Hộ {i}"}).id for i in range(50)]
    assert ids == sorted(ids)


def test_database_file_is_private_and_durable(db_path, store: Store) -> None:
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA synchronous") == 2  # FULL


def test_each_write_appends_to_the_outbox_in_the_same_transaction(store: Store, coop) -> None:
    [created] = outbox(store)
    assert created["entity"] == "enterprise" and created["op"] == "create"
    assert created["payload"]["name"] == "Hợp tác xã Chè Bình Gia"
    store.enterprises.update(coop.id, {"phone": "0912345678", "name": "Hợp tác xã Chè Bình Gia"})
    update = outbox(store)[-1]
    # Only the field that really changed travels, with the version it was based on.
    assert update["payload"] == {"phone": "0912345678"}
    assert update["base_version"] == 1
    assert store.enterprises.get(coop.id).version == 2


def test_a_failed_write_leaves_neither_record_nor_mutation(store: Store) -> None:
    before = store.counts()
    with pytest.raises(KeyError):
        store.enterprises.add_certification("no-such-enterprise", {"standard": "VietGAP"})
    with pytest.raises(ValidationError):
        store.enterprises.add({"name": "", "tax_code": "12"})
    assert store.counts() == before


def test_invalid_update_changes_nothing(store: Store, coop) -> None:
    with pytest.raises(ValidationError, match="tax code"):
        store.enterprises.update(coop.id, {"tax_code": "123"})
    assert store.enterprises.get(coop.id).tax_code == "4900123456"
    assert len(outbox(store)) == 1


def test_visit_draft_complete_and_lock(store: Store, coop) -> None:
    draft = store.visits.save_draft(
        {"enterprise_id": coop.id, "visit_date": "21/11/2026", "purpose": "survey"}
    )
    assert draft.visit_date == date(2026, 11, 21)
    assert [e["entity"] for e in outbox(store)] == ["enterprise"]  # drafts stay local
    with pytest.raises(IncompleteError) as err:
        store.visits.complete(draft.id)
    assert any("officer" in p for p in err.value.problems)
    draft = store.visits.save_draft(
        draft.model_copy(update={"officers": ["Nguyễn Văn An"], "findings": "Kho gọn gàng"})
    )
    done = store.visits.complete(draft.id)
    assert done.status == "completed" and done.completed_at
    [visit_mutation] = [e for e in outbox(store) if e["entity"] == "visit"]
    assert visit_mutation["payload"]["findings"] == "Kho gọn gàng"
    with pytest.raises(RecordLockedError):
        store.visits.save_draft(done.model_copy(update={"findings": "changed"}))
    with pytest.raises(RecordLockedError):
        store.visits.delete_draft(done.id)
    assert store.visits.get(done.id).findings == "Kho gọn gàng"


def test_correction_supersedes_the_completed_visit(store: Store, coop) -> None:
    first = store.visits.save_draft(
        {
            "enterprise_id": coop.id,
            "visit_date": date(2026, 11, 1),
            "officers": "An, Bình",
            "findings": "Sai ngày",
        }
    )
    store.visits.complete(first.id)
    fix = store.visits.correct(first.id)
    assert fix.supersedes == first.id and fix.status == "draft"
    assert fix.officers == ["An", "Bình"]
    assert store.visits.superseded_by(first.id) is None  # not until the correction completes
    store.visits.save_draft(fix.model_copy(update={"findings": "Đúng ngày"}))
    store.visits.complete(fix.id)
    assert store.visits.superseded_by(first.id) == fix.id
    history = store.visits.for_enterprise(coop.id)
    assert {v.id for v in history} == {first.id, fix.id}


def test_follow_ups_due(store: Store, coop) -> None:
    v = store.visits.save_draft(
        {
            "enterprise_id": coop.id,
            "visit_date": "01/10/2026",
            "officers": "An",
            "findings": "x",
            "follow_up_date": "15/11/2026",
        }
    )
    store.visits.complete(v.id)
    assert [x.id for x in store.visits.follow_ups_due(date(2026, 11, 20))] == [v.id]
    assert store.visits.follow_ups_due(date(2026, 10, 2)) == []
    # A later completed visit to the same enterprise is the follow-up.
    later = store.visits.save_draft(
        {"enterprise_id": coop.id, "visit_date": "16/11/2026", "officers": "An", "findings": "y"}
    )
    store.visits.complete(later.id)
    assert store.visits.follow_ups_due(date(2026, 11, 20)) == []


def test_visit_for_unknown_enterprise_is_refused(store: Store) -> None:
    with pytest.raises(KeyError):
        store.visits.save_draft({"enterprise_id": "nope", "visit_date": "01/01/2026"})
    with pytest.raises(ValidationError, match="31/02/2026 does not exist"):
        store.visits.save_draft({"enterprise_id": "nope", "visit_date": "31/02/2026"})
    with pytest.raises(ValidationError, match="dd/mm/yyyy"):
        store.visits.save_draft({"enterprise_id": "nope", "visit_date": "2026/31/12"})


def test_device_id_is_stable_across_opens(db_path) -> None:
    with open_store(db_path) as a:
        first = a.device_id
    with open_store(db_path) as b:
        assert b.device_id == first


def test_certifications_and_supports(store: Store, coop) -> None:
    store.enterprises.add_certification(
        coop.id, {"standard": "VietGAP", "number": "VG-01", "valid_until": "01/12/2026"}
    )
    store.enterprises.add_support(
        coop.id, {"tool": "5S", "year": 2026, "cost_share_percent": 50, "amount_vnd": 30_000_000}
    )
    [cert] = store.enterprises.certifications(coop.id)
    assert cert.days_left(date(2026, 11, 22)) == 9
    assert [c.id for c in store.enterprises.expiring_certifications(date(2026, 11, 22), 30)] == [
        cert.id
    ]
    assert store.enterprises.supports(coop.id)[0].amount_vnd == 30_000_000
    assert store.enterprises.tools() == ["5S"]


def test_the_clock_never_runs_backwards_across_restarts(db_path, monkeypatch) -> None:
    from field_app import clock

    # The clock is process-wide: give this test its own, so later tests do not inherit
    # a clock a day ahead.
    monkeypatch.setattr(clock, "_state", {"ms": 0, "counter": 0})
    ahead = clock.encode_hlc(clock.decode_hlc(clock.hlc_now("x"))[0] + 86_400_000, 0, "dev")
    with open_store(db_path) as store:
        store.set_meta("hlc_last", ahead)  # what a previous session stamped or received
    monkeypatch.setattr(clock, "_state", {"ms": 0, "counter": 0})  # a restarted process
    with open_store(db_path) as store:
        ent = store.enterprises.add({"name": "Hợp tác xã Hồi Bình Gia"})
        [stamped] = [
            r["hlc"] for r in store.query("SELECT hlc FROM outbox WHERE record_id = ?", (ent.id,))
        ]
        assert stamped > ahead
        assert store.get_meta("hlc_last") == stamped
