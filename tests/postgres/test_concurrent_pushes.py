"""Many devices pushing at once to headquarters on PostgreSQL: every mutation lands
exactly once, and a device pulling meanwhile never skips a record committed late
with a lower sequence number."""

from __future__ import annotations

import hashlib
import threading

import pytest

from field_app.clock import hlc_now
from field_app.ids import uuid7
from sync.engine import run_sync
from sync.protocol import Mutation
from sync.server.apply import apply_batch
from sync.server.officers import Principal, add_officer, authenticate, enroll
from sync.server.pull import pull_page
from sync.server.storage import HQStore
from tests.sync.conftest import (
    PROVINCE,
    ThreadServer,
    add_enterprise,
    add_visit,
    enrolled,
    fast_link,
)

NOW = "2026-11-22T01:00:00.000Z"


def _principal(hq: HQStore, name: str) -> Principal:
    code = add_officer(hq, name, PROVINCE)
    proof = hashlib.sha256(b"laptop secret").hexdigest()
    token = enroll(hq, code, uuid7(), proof=proof)["token"]
    return authenticate(hq, f"Bearer {token}")


def _enterprise(device: str, record_id: str) -> Mutation:
    data = {
        "id": record_id,
        "name": f"HTX {record_id[-6:]}",
        "province": PROVINCE,
        "kind": "cooperative",
        "created_at": NOW,
        "updated_at": NOW,
        "device_id": device,
        "version": 1,
    }
    return Mutation(uuid7(), "enterprise", record_id, "create", data, hlc_now(device))


def _visit(device: str, enterprise_id: str) -> Mutation:
    vid = uuid7()
    data = {
        "id": vid,
        "enterprise_id": enterprise_id,
        "visit_date": "2026-11-20",
        "officers": ["Nguyễn Văn An"],
        "purpose": "advice",
        "findings": "Kho chưa dán nhãn.",
        "status": "completed",
        "created_at": NOW,
        "updated_at": NOW,
        "completed_at": NOW,
        "device_id": device,
        "version": 1,
    }
    return Mutation(uuid7(), "visit", vid, "create", data, hlc_now(device))


def _run_all(targets: list) -> None:
    errors: list[BaseException] = []

    def guarded(fn) -> None:
        try:
            fn()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(fn,)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    if errors:
        raise errors[0]


def test_six_devices_syncing_at_once_land_every_visit_once(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FIELD_HQ_DATA", str(tmp_path / "hq"))
    server = ThreadServer(pg_url)  # type: ignore[arg-type]
    from field_app.store import open_store

    try:
        devices = [open_store(tmp_path / f"d{i}.db", f"Officer {i}") for i in range(6)]
        creds = [enrolled(d, pg_url, server.url, name=f"Cán bộ {i}") for i, d in enumerate(devices)]
        shared = add_enterprise(devices[0], "Hợp tác xã Chè Shan tuyết")
        run_sync(devices[0], credentials=creds[0], link=fast_link(creds[0], server.url))
        for d, c in zip(devices[1:], creds[1:], strict=True):
            run_sync(d, credentials=c, link=fast_link(c, server.url))
        made: set[str] = set()
        for i, d in enumerate(devices):
            own = add_enterprise(d, f"Cơ sở {i}")
            made.update(add_visit(d, own, f"Lần {n}") for n in range(40))
            made.update(add_visit(d, shared, f"Chung {n}") for n in range(20))
            d.enterprises.update(shared, {"phone": f"09{i}1234567"})

        def sync(i: int):
            return lambda: run_sync(
                devices[i],
                credentials=creds[i],
                link=fast_link(creds[i], server.url),
                batch_size=25,
            )

        _run_all([sync(i) for i in range(6)])
        hq = HQStore(pg_url)
        try:
            visits = [r[0] for r in hq.query("SELECT id FROM records WHERE entity = 'visit'")]
            assert sorted(visits) == sorted(made)  # every visit, each once
            seqs = [r[0] for r in hq.query("SELECT seq FROM records")]
            assert len(seqs) == len(set(seqs)) and max(seqs) == hq.current_seq()
            mutations = hq.scalar("SELECT count(*) FROM mutations")
            assert mutations == hq.scalar("SELECT count(DISTINCT id) FROM mutations")
        finally:
            hq.close()
        # A second round changes nothing and every device ends with every visit.
        _run_all([sync(i) for i in range(6)])
        for d in devices:
            run_sync(d, credentials=creds[devices.index(d)], link=fast_link(creds[0], server.url))
            held = {r[0] for r in d.query("SELECT id FROM visits")}
            assert made <= held
            d.close()
    finally:
        server.stop()


def test_the_same_batch_sent_twice_at_once_is_applied_once(pg_url, tmp_path):
    hq = HQStore(pg_url, data_dir=tmp_path)
    try:
        who = _principal(hq, "Lò Văn Bình")
        ent = uuid7()
        apply_batch(hq, who, [_enterprise(who.device_id, ent)])
        batch = [_visit(who.device_id, ent) for _ in range(150)]
        answers: list[list[str]] = []

        def push() -> None:
            answers.append([o.status for o in apply_batch(hq, who, batch, 151).outcomes])

        _run_all([push, push, push])
        statuses = sorted(answers, key=lambda a: a[0])
        assert statuses[0] == ["applied"] * 150
        assert statuses[1] == statuses[2] == ["duplicate"] * 150
        assert hq.scalar("SELECT count(*) FROM records WHERE entity = 'visit'") == 150
    finally:
        hq.close()


@pytest.mark.parametrize("writers", [6])
def test_a_pull_never_skips_a_record_committed_late(pg_url, tmp_path, writers):
    """Writers commit batches while a reader pulls on from its cursor, as a device
    does. With numbers handed out side by side, a batch holding seq 11 can commit
    after one holding seq 12; a pull between the two moves the cursor past 11 and
    never returns it. Claiming the sequence row per batch makes that impossible."""
    hq = HQStore(pg_url, data_dir=tmp_path)
    try:
        people = [_principal(hq, f"Cán bộ {i}") for i in range(writers)]
        reader = _principal(hq, "Người đọc")
        ents = {w.device_id: uuid7() for w in people}
        for w in people:
            apply_batch(hq, w, [_enterprise(w.device_id, ents[w.device_id])])
        done = threading.Event()
        seen: dict[str, int] = {}
        cursor = [0]

        def pull_until_done() -> None:
            while True:
                finished = done.is_set()
                page = pull_page(hq, reader, cursor[0], limit=50)
                for record in page.records:  # as on the wire: r = record id, s = seq
                    seen[record["r"]] = record["s"]
                cursor[0] = page.cursor
                if finished and not page.more:
                    return

        def write(w: Principal):
            def run() -> None:
                for _ in range(12):
                    apply_batch(hq, w, [_visit(w.device_id, ents[w.device_id]) for _ in range(10)])

            return run

        failed: list[BaseException] = []

        def reader_thread() -> None:
            try:
                pull_until_done()
            except BaseException as exc:
                failed.append(exc)

        reading = threading.Thread(target=reader_thread)
        reading.start()
        _run_all([write(w) for w in people])
        done.set()
        reading.join(60)
        if failed:
            raise failed[0]
        stored = {r[0]: r[1] for r in hq.query("SELECT id, seq FROM records")}
        missed = set(stored) - set(seen)
        assert not missed, f"{len(missed)} record(s) skipped by the reader"
        assert len(stored) == writers * 121
    finally:
        hq.close()
