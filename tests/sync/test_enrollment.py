"""Enrollment codes work once; the genuine device may retry after a lost answer;
devices are listed, revoked, replaced — all against a real field-hq."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest

from sync.credentials import load_credentials
from sync.engine import run_sync
from sync.enrollment import enroll
from sync.link import Link, SyncError
from sync.linksim import LinkProxy
from sync.server.officers import add_officer, new_code
from sync.server.storage import HQStore
from tests.sync.conftest import PROVINCE, add_enterprise, enrolled, field_hq_cli


def _code(hq_db: Path, name: str) -> str:
    hqs = HQStore(hq_db)
    try:
        return add_officer(hqs, name, PROVINCE)
    finally:
        hqs.close()


def test_a_lost_answer_is_retried_by_the_genuine_device_and_a_replay_fails(
    hq, hq_db: Path, make_device
) -> None:
    device = make_device("a")
    code = _code(hq_db, "Lò Văn Bình")
    proxy = LinkProxy(hq.port).start()
    try:
        # Headquarters enrolls the device, then the answer is cut on the way back.
        proxy.faults.extend(["cut_down"])
        link = Link(proxy.url, retries=3, backoff=0.01, max_backoff=0.05, timeout=10)
        creds = enroll(device, proxy.url, code, link=link)
        link.close()
    finally:
        proxy.stop()
    assert proxy.cuts >= 1
    assert load_credentials(device.device_id) == creds
    first, retry = [r for r in proxy.requests if r.startswith(b"POST /v1/enroll")][:2]
    assert b'"secret":' not in first and b'"secret":' in retry
    # Replaying the first request (device ids are not secret) gets nothing.
    body = json.loads(first.split(b"\r\n\r\n", 1)[1])
    replay = httpx.post(hq.url + "/v1/enroll", json=body)
    assert replay.status_code == 409 and replay.json()["code"] == "code_used"
    # The genuine device syncs with the token it got.
    add_enterprise(device)
    assert run_sync(device).ok


def test_a_code_cannot_enroll_a_second_device(hq, hq_db: Path, make_device) -> None:
    code = _code(hq_db, "Hà Thị Cúc")
    enroll(make_device("a"), hq.url, code)
    with pytest.raises(SyncError) as refused:
        enroll(make_device("b"), hq.url, code)
    assert refused.value.code == "code_used"


def test_codes_are_salted_one_by_one(hq_db: Path, hq) -> None:
    hqs = HQStore(hq_db)
    codes = [add_officer(hqs, f"Officer {i}", PROVINCE) for i in range(2)]
    rows = hqs.query("SELECT salt, code_hash FROM enroll_codes ORDER BY id")
    hqs.close()
    assert len({r["salt"] for r in rows}) == 2
    for code, row in zip(codes, rows, strict=True):
        plain = "".join(ch for ch in code if ch.isalnum())
        assert row["code_hash"] != hashlib.sha256(plain.encode()).hexdigest()


def test_failed_enrollments_are_rate_limited_per_address(hq, hq_db: Path) -> None:
    proof = hashlib.sha256(b"x").hexdigest()
    answers = [
        httpx.post(
            hq.url + "/v1/enroll",
            json={"code": f"AAAA-BBBB-{i:04d}", "device_id": "d1", "proof": proof},
        ).status_code
        for i in range(12)
    ]
    assert answers[:10] == [403] * 10
    assert answers[10:] == [429, 429]


def test_replace_revokes_the_lost_laptop_and_without_it_a_device_is_added(
    hq, hq_db: Path, make_device, isolated_home: Path
) -> None:
    lost = make_device("lost")
    enrolled(lost, hq_db, hq.url, name="Vi Thị Duyên")
    add_enterprise(lost)
    assert run_sync(lost).ok
    # Without --replace: a second laptop, and the first keeps working.
    out = field_hq_cli(hq_db, "officer", "code", "Vi Thị Duyên", home=isolated_home)
    assert out.returncode == 0, out.stderr
    second = make_device("second")
    enroll(second, hq.url, out.stdout.strip().splitlines()[-1])
    assert run_sync(lost).ok and run_sync(second).ok
    # --replace: both earlier laptops stop at their next request.
    out = field_hq_cli(hq_db, "officer", "code", "Vi Thị Duyên", "--replace", home=isolated_home)
    assert out.returncode == 0, out.stderr
    assert "2 earlier device(s)" in out.stdout
    new = make_device("new")
    enroll(new, hq.url, out.stdout.strip().splitlines()[-1])
    result = run_sync(lost)
    assert not result.ok and result.code == "revoked"
    assert run_sync(new).ok


def test_device_list_shows_last_seen_from_pull_only_syncs_and_revoke_works(
    hq, hq_db: Path, make_device, isolated_home: Path
) -> None:
    device = make_device("a")
    enrolled(device, hq_db, hq.url, name="Nông Văn Sơn")
    assert run_sync(device).ok  # nothing to push: a pull only
    listing = field_hq_cli(hq_db, "device", "list", "--json", home=isolated_home)
    [row] = json.loads(listing.stdout)
    assert row["device_id"] == device.device_id and row["officer"] == "Nông Văn Sơn"
    assert row["last_seen"] and row["state"] == "active"
    before = row["last_seen"]
    assert run_sync(device).ok
    [row] = json.loads(field_hq_cli(hq_db, "device", "list", "--json", home=isolated_home).stdout)
    assert row["last_seen"] > before
    out = field_hq_cli(hq_db, "device", "revoke", device.device_id, home=isolated_home)
    assert out.returncode == 0, out.stderr
    result = run_sync(device)
    assert not result.ok and result.code == "revoked"
    [row] = json.loads(field_hq_cli(hq_db, "device", "list", "--json", home=isolated_home).stdout)
    assert row["state"] == "revoked"
    # A fresh code from headquarters lets the same laptop back in.
    hqs = HQStore(hq_db)
    code = new_code(hqs, "Nông Văn Sơn")
    hqs.close()
    enroll(device, hq.url, code)
    assert run_sync(device).ok
    unknown = field_hq_cli(hq_db, "device", "revoke", "no-such-device", home=isolated_home)
    assert unknown.returncode == 1 and "no device" in unknown.stderr
