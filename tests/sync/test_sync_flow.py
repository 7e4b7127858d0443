"""Push, pull and merge between devices through a real server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import field_app.store.store as store_module
from field_app import clock
from field_app.store import open_store
from sync.engine import run_sync
from sync.linksim import LinkProxy
from sync.server.storage import HQStore
from sync.status import sync_status
from tests.sync.conftest import add_enterprise, add_visit, enrolled, fast_link

YEAR_MS = 365 * 24 * 3600 * 1000


def _server_ids(hq_db: Path, entity: str) -> list[str]:
    hqs = HQStore(hq_db)
    try:
        return [r[0] for r in hqs.query("SELECT id FROM records WHERE entity = ?", (entity,))]
    finally:
        hqs.close()


def test_history_reaches_the_next_officer_and_edits_merge_per_field(hq, hq_db, make_device):
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ent = add_enterprise(a, phone="0912345678")
    visits = {add_visit(a, ent, f"Lần {i}: kho chưa gọn.") for i in range(3)}
    assert run_sync(a, credentials=ca).ok
    assert run_sync(b, credentials=cb).ok
    assert {v.id for v in b.visits.for_enterprise(ent)} == visits  # earlier findings
    # Both change the profile before hearing of the other: different fields merge...
    b.enterprises.update(ent, {"address": "Thôn Bản Cằm"})
    a.enterprises.update(ent, {"representative": "Hoàng Văn Tú"})
    # ...and the same field conflicts: the later clock wins, the loser is kept.
    a.enterprises.update(ent, {"phone": "0911111111"})
    b.enterprises.update(ent, {"phone": "0922222222"})
    assert run_sync(a, credentials=ca).ok
    result = run_sync(b, credentials=cb)
    assert result.ok and result.counts["conflict"] == 0  # b's phone is newer: it wins
    assert run_sync(a, credentials=ca).ok
    for device in (a, b):
        got = device.enterprises.get(ent)
        assert (got.address, got.representative, got.phone) == (
            "Thôn Bản Cằm",
            "Hoàng Văn Tú",
            "0922222222",
        )
        conflicts = device.pulled.conflicts()
        assert [(c.field, c.kept_value, c.lost_value) for c in conflicts] == [
            ("phone", "0922222222", "0911111111")
        ]
    # An older edit arriving later loses, and its sender sees it as a conflict.
    b.enterprises.update(ent, {"sector": "Chè"})
    stale = a.hlc()
    a.enterprises.update(ent, {"sector": "Nông nghiệp"})
    with a.atomic() as conn:  # as if a's edit had been made before b's
        conn.execute(
            "UPDATE outbox SET hlc = ? WHERE state = 'pending'", ("0000000000001" + stale[13:],)
        )
    assert run_sync(b, credentials=cb).ok
    result = run_sync(a, credentials=ca)
    assert result.counts["conflict"] == 1
    assert a.outbox.by_state("conflict")[0].error.startswith("changed on another device")
    assert a.enterprises.get(ent).sector == "Chè"
    assert sync_status(a).conflicts == 2


def test_pull_never_overwrites_an_unacknowledged_local_change(hq, hq_db, make_device):
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ent = add_enterprise(a)
    assert run_sync(a, credentials=ca).ok and run_sync(b, credentials=cb).ok
    b.enterprises.update(ent, {"name": "HTX Chè Bắc Sơn", "address": "Thôn Mỏ Nhài"})
    assert run_sync(b, credentials=cb).ok
    a.enterprises.update(ent, {"name": "HTX Chè Shan tuyết Mẫu Sơn"})
    # Pull only (as a background pull would), with a's edit still in the outbox.
    from sync.engine import Engine, SyncResult
    from sync.link import Link

    link = Link(ca.server, ca.token)
    try:
        Engine(a, link, SyncResult(), None, 200, 500).pull()
    finally:
        link.close()
    got = a.enterprises.get(ent)
    assert got.name == "HTX Chè Shan tuyết Mẫu Sơn"  # local, unacknowledged: kept
    assert got.address == "Thôn Mỏ Nhài"  # other fields updated
    assert a.outbox.pending_count() == 1


def test_pull_pages_resume_from_the_stored_cursor(hq, hq_db, make_device):
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ent = add_enterprise(a)
    for i in range(250):
        add_visit(a, ent, f"Ghi chép {i}")
    proxy = LinkProxy(hq.port).start()
    try:
        result = run_sync(a, credentials=ca, link=fast_link(ca, proxy.url))
        assert result.ok and a.outbox.pending_count() == 0
        push_requests = [r for r in proxy.requests if r.startswith(b"POST /v1/push")]
        assert len(push_requests) == 2  # 251 mutations in batches of 200
        assert all(b"content-encoding: gzip" in r.lower() for r in push_requests)
        # b pulls 100 per page; the link dies on the third page.
        proxy.faults.extend([None, None, "cut_down"])
        result = run_sync(
            b, credentials=cb, link=fast_link(cb, proxy.url, retries=0), page_size=100
        )
        assert not result.ok and result.code == "no_link"
        assert "no working link" in result.error
        kept = b.pulled.cursor()
        assert kept > 0 and b.scalar("SELECT count(*) FROM visits") == 199
        result = run_sync(b, credentials=cb, link=fast_link(cb, proxy.url), page_size=100)
        assert result.ok and result.pulled == 51
        assert b.scalar("SELECT count(*) FROM visits") == 250
    finally:
        proxy.stop()


def test_device_restored_from_an_old_backup_gets_its_later_records_back(
    hq, hq_db, make_device, tmp_path
):
    a = make_device("a")
    ca = enrolled(a, hq_db, hq.url)
    ent = add_enterprise(a)
    first = add_visit(a, ent, "Trước sao lưu")
    assert run_sync(a, credentials=ca).ok
    backup = tmp_path / "backup.db"
    with sqlite3.connect(backup) as copy:
        a.conn.backup(copy)
    later = add_visit(a, ent, "Sau sao lưu")
    assert run_sync(a, credentials=ca).ok
    a.close()
    # The laptop dies; the officer restores last week's copy of the file.
    restored = open_store(backup, "Officer a")
    try:
        newest = add_visit(restored, ent, "Sau khi khôi phục")
        result = run_sync(restored, credentials=ca)
        assert result.ok and result.restored
        assert {v.id for v in restored.visits.for_enterprise(ent)} == {first, later, newest}
        assert sorted(_server_ids(hq_db, "visit")) == sorted([first, later, newest])
        # Outbox numbering moved past what headquarters saw: no false alarm next time.
        add_visit(restored, ent, "Tiếp theo")
        again = run_sync(restored, credentials=ca)
        assert again.ok and not again.restored
    finally:
        restored.close()


@pytest.fixture
def reset_clock():
    """Put the process-wide hybrid logical clock back afterwards."""
    yield
    clock._state.update(ms=0, counter=0)


def test_clock_a_year_ahead_is_refused_then_accepted_once_fixed(
    hq, hq_db, make_device, monkeypatch, reset_clock
):
    a = make_device("a")
    ca = enrolled(a, hq_db, hq.url)
    ent = add_enterprise(a)
    assert run_sync(a, credentials=ca).ok
    real = clock.hlc_now
    monkeypatch.setattr(
        store_module,
        "hlc_now",
        lambda device: real(device, wall_ms=clock.time.time_ns() // 10**6 + YEAR_MS),
    )
    visit = add_visit(a, ent)
    result = run_sync(a, credentials=ca)
    assert result.ok and result.counts["rejected"] == 1
    reason = a.outbox.by_state("rejected")[0].error
    assert reason.startswith("clock:") and "365 day" in reason
    assert visit not in _server_ids(hq_db, "visit")  # nothing stored
    # Saved while the clock is still wrong: queued, not yet sent.
    later = add_visit(a, ent, "Ghi sau khi đồng bộ.")
    assert run_sync(a, credentials=ca).counts["rejected"] == 2  # still wrong: still held
    # The officer fixes the date; the next sync sends both with a sane clock, without
    # restarting the app (the clock state and its copy in meta still read a year ahead).
    monkeypatch.setattr(store_module, "hlc_now", real)
    assert clock._state["ms"] > clock.time.time_ns() // 10**6 + YEAR_MS // 2
    result = run_sync(a, credentials=ca)
    assert result.ok and result.counts["applied"] == 2 and result.counts["rejected"] == 0
    for record in (visit, later):
        assert record in _server_ids(hq_db, "visit") and a.outbox.record_state(record) == "synced"
    now_ms = clock.time.time_ns() // 10**6
    assert clock.decode_hlc(a.get_meta("hlc_last"))[0] < now_ms + 60_000
    assert clock.decode_hlc(a.hlc())[0] < now_ms + 60_000  # new edits are stamped sanely


def test_clock_a_year_behind_still_orders_after_what_it_has_seen(
    hq, hq_db, make_device, monkeypatch, reset_clock
):
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ent = add_enterprise(a, phone="0912345678")
    assert run_sync(a, credentials=ca).ok and run_sync(b, credentials=cb).ok
    real = clock.hlc_now
    clock._state.update(ms=0, counter=0)
    monkeypatch.setattr(
        store_module,
        "hlc_now",
        lambda device: real(device, wall_ms=clock.time.time_ns() // 10**6 - YEAR_MS),
    )
    assert run_sync(b, credentials=cb).ok  # observes headquarters' clock
    b.enterprises.update(ent, {"phone": "0933333333"})
    assert run_sync(b, credentials=cb).ok
    assert run_sync(a, credentials=ca).ok
    assert a.enterprises.get(ent).phone == "0933333333"
    assert b.outbox.by_state("conflict") == [] and b.outbox.by_state("rejected") == []
