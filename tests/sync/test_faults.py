"""Faults on the link and in the processes: after they stop, every record is at
headquarters exactly once and every outbox is empty."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from field_app.store import open_store
from sync.engine import run_sync
from sync.enrollment import enroll
from sync.linksim import LinkProxy
from sync.protocol import Mutation, dumps, encode_push, gzip_bytes
from sync.server.officers import add_officer
from sync.server.storage import HQStore
from tests.sync.conftest import (
    PROVINCE,
    ProcessServer,
    add_enterprise,
    add_visit,
    cli_env,
    enrolled,
    fast_link,
)


def _server_state(hq_db: Path) -> tuple[dict[str, int], int]:
    """Records per entity, and the number of distinct mutations applied."""
    hqs = HQStore(hq_db)
    try:
        counts = dict(hqs.query("SELECT entity, count(*) FROM records GROUP BY entity"))
        return counts, hqs.scalar("SELECT count(*) FROM mutations")
    finally:
        hqs.close()


def _device_with_visits(make_device, hq_db, url, n: int):
    device = make_device("a")
    creds = enrolled(device, hq_db, url)
    ent = add_enterprise(device)
    ids = [add_visit(device, ent, f"Phát hiện {i}") for i in range(n)]
    return device, creds, ent, ids


def test_cut_mid_request_and_mid_reply(hq, hq_db, make_device):
    device, creds, _ent, _ids = _device_with_visits(make_device, hq_db, hq.url, 450)
    proxy = LinkProxy(hq.port).start()
    try:
        # First batch: cut while the request is sent. Then: the server commits the batch
        # and the reply is cut, twice. The retries must not store anything twice.
        proxy.faults.extend(["cut_up", None, "cut_down", "cut_down"])
        result = run_sync(device, credentials=creds, link=fast_link(creds, proxy.url))
    finally:
        proxy.stop()
    assert result.ok, result.error
    assert proxy.cuts == 3
    assert result.counts["duplicate"] > 0  # answers lost on the way were "already there"
    assert result.counts["applied"] + result.counts["duplicate"] == 451
    assert device.outbox.pending_count() == 0
    counts, mutations = _server_state(hq_db)
    assert counts == {"enterprise": 1, "visit": 450} and mutations == 451


def test_duplicated_and_reordered_requests_change_nothing(hq, hq_db, make_device):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    ent = add_enterprise(device)
    assert run_sync(device, credentials=creds).ok
    device.enterprises.update(ent, {"phone": "0911111111"})
    first = device.outbox.pending()
    device.enterprises.update(ent, {"phone": "0922222222"})
    second = device.outbox.pending(after_seq=first[-1].seq)
    add_visit(device, ent)
    auth = {"Authorization": f"Bearer {creds.token}", "Content-Encoding": "gzip"}

    def send(entries):
        body = encode_push(
            [
                Mutation(e.mutation_id, e.entity, e.record_id, e.op, e.payload, e.hlc)
                for e in entries
            ],
            device.device_id,
            entries[-1].seq,
        )
        reply = httpx.post(hq.url + "/v1/push", content=gzip_bytes(dumps(body)), headers=auth)
        assert reply.status_code == 200, reply.text
        return reply.json()["r"]

    # The network delivers the newer edit first, then the older one, then both again.
    assert send(second) == "a"
    assert send(first) == "a"
    assert send(second) == "d" and send(first) == "d"
    result = run_sync(device, credentials=creds)
    assert result.ok and result.counts["duplicate"] == 2 and result.counts["applied"] == 1
    assert device.enterprises.get(ent).phone == "0922222222"
    hqs = HQStore(hq_db)
    try:
        import json

        data = json.loads(hqs.scalar("SELECT data FROM records WHERE id = ?", (ent,)))
        assert data["phone"] == "0922222222"
    finally:
        hqs.close()
    # Replaying every recorded request of a whole sync again: all duplicates.
    proxy = LinkProxy(hq.port).start()
    try:
        for i in range(120):
            add_visit(device, ent, f"Lần {i}")
        assert run_sync(device, credentials=creds, link=fast_link(creds, proxy.url)).ok
        before = _server_state(hq_db)
        pushes = [r for r in proxy.requests if r.startswith(b"POST /v1/push")]
        for raw in reversed(pushes + pushes):
            _head, _, body = raw.partition(b"\r\n\r\n")
            reply = httpx.post(hq.url + "/v1/push", content=body, headers=auth)
            assert set(reply.json()["r"]) == {"d"}
        assert _server_state(hq_db) == before
    finally:
        proxy.stop()


def test_server_restarted_mid_sync(tmp_path, make_device, hq_db):
    server = ProcessServer(hq_db)
    try:
        device, creds, _ent, _ids = _device_with_visits(make_device, hq_db, server.url, 800)
        proxy = LinkProxy(server.port, rate_bps=400_000).start()
        killed = []

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "push" and done >= 200 and not killed:
                killed.append(done)
                server.kill()  # between two batches: the next request finds no server

                def restart() -> None:
                    time.sleep(0.5)
                    server.start()

                import threading

                threading.Thread(target=restart, daemon=True).start()

        # Enough retries (~30 s) for a restart on a busy machine, either engine.
        link = fast_link(creds, proxy.url, retries=150)
        result = run_sync(device, credentials=creds, link=link, progress=progress)
        proxy.stop()
        assert killed and result.ok, result.error
        assert device.outbox.pending_count() == 0
        counts, mutations = _server_state(hq_db)
        assert counts == {"enterprise": 1, "visit": 800} and mutations == 801
    finally:
        server.stop()


def test_client_killed_at_random_moments(tmp_path, isolated_home, hq_db):
    server = ProcessServer(hq_db)
    proxy = LinkProxy(server.port, rate_bps=200_000, latency=0.02).start()
    db = tmp_path / "device.db"
    try:
        hqs = HQStore(hq_db)
        code = add_officer(hqs, "Vi Thị Duyên", PROVINCE)
        hqs.close()
        with open_store(db, "Vi Thị Duyên") as device:
            enroll(device, proxy.url, code)
            ent = add_enterprise(device)
            for i in range(600):
                add_visit(device, ent, f"Ghi nhận số {i}: khu vực sơ chế cần sắp xếp lại.")
        rng = random.Random(7)
        kills = 0
        for _round in range(5):
            proc = subprocess.Popen(
                [sys.executable, "-m", "field_app.cli", "--db", str(db), "sync", "--quiet"],
                env=cli_env(isolated_home),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.3, 1.2))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(30)
        assert kills >= 1
        final = subprocess.run(
            [sys.executable, "-m", "field_app.cli", "--db", str(db), "sync"],
            env=cli_env(isolated_home),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert final.returncode == 0, final.stderr
        with open_store(db) as device:
            assert device.outbox.pending_count() == 0
            assert device.scalar("SELECT count(*) FROM visits") == 600
        counts, mutations = _server_state(hq_db)
        assert counts == {"enterprise": 1, "visit": 600} and mutations == 601
    finally:
        proxy.stop()
        server.stop()


def test_sync_without_link_fails_with_one_clear_line(tmp_path, isolated_home, make_device):
    device = make_device("a")
    db = device.path
    device.close()
    from sync.credentials import Credentials, save_credentials

    with open_store(db) as opened:
        save_credentials(Credentials("http://127.0.0.1:9", "t", opened.device_id))
        add_enterprise(opened)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "field_app.cli",
            "--lang",
            "en",
            "--db",
            str(db),
            "sync",
            "--quiet",
            "--retries",
            "1",
        ],
        env=cli_env(isolated_home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 3
    assert out.stderr.strip().splitlines()[-1].startswith("field-app: no working link")
    unenrolled = subprocess.run(
        [
            sys.executable,
            "-m",
            "field_app.cli",
            "--lang",
            "en",
            "--db",
            str(tmp_path / "new.db"),
            "sync",
        ],
        env=cli_env(isolated_home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unenrolled.returncode == 2 and "not enrolled" in unenrolled.stderr
