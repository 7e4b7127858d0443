"""Headquarters' API and `field-hq` commands against a real server on loopback."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import stat
from pathlib import Path

import httpx

from sync.credentials import credentials_path, load_credentials
from sync.engine import run_sync
from sync.enrollment import enroll
from sync.server.officers import normalize_code
from sync.server.storage import HQStore
from tests.sync.conftest import (
    PROVINCE,
    add_enterprise,
    add_visit,
    enrolled,
    fast_link,
    field_app_cli,
    field_hq_cli,
    hq_files,
)


def _counts(db: Path) -> dict:
    hqs = HQStore(db)
    try:
        return {
            "records": hqs.scalar("SELECT count(*) FROM records"),
            "mutations": hqs.scalar("SELECT count(*) FROM mutations"),
            "seq": hqs.current_seq(),
        }
    finally:
        hqs.close()


def _stored_bytes(hq_db: Path | str) -> bytes:
    """Everything headquarters stored: the file (and its WAL), or every table's rows."""
    if isinstance(hq_db, Path):
        wal = hq_db.with_name(hq_db.name + "-wal")
        return hq_db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    hqs = HQStore(hq_db)
    try:
        tables = hqs.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return repr([hqs.query(f"SELECT * FROM {t[0]}") for t in tables]).encode()
    finally:
        hqs.close()


def test_officer_code_is_last_line_and_enrollment_is_retry_safe(
    hq, hq_db, make_device, isolated_home
):
    out = field_hq_cli(
        hq_db, "officer", "add", "Lò Văn Bình", "--province", PROVINCE, home=isolated_home
    )
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip().splitlines()[-1]
    device = make_device("a")
    first = enroll(device, hq.url, code.lower().replace("-", " "))
    assert first.officer == "Lò Văn Bình"
    assert load_credentials(device.device_id).token == first.token
    assert stat.S_IMODE(credentials_path().stat().st_mode) == 0o600
    # The token and code never sit in headquarters' file in clear.
    raw = _stored_bytes(hq_db)
    assert first.token.encode() not in raw and code.encode() not in raw
    assert normalize_code(code).encode() not in raw
    # A code works once: not again for this device, nor for another.
    again = make_device("b")
    proof = hashlib.sha256(b"guess").hexdigest()
    for device_id in (device.device_id, again.device_id):
        resp = httpx.post(
            hq.url + "/v1/enroll", json={"code": code, "device_id": device_id, "proof": proof}
        )
        assert resp.status_code == 409 and resp.json()["code"] == "code_used"
    bad = httpx.post(
        hq.url + "/v1/enroll", json={"code": "AAAA-BBBB-CCCC", "device_id": "x", "proof": proof}
    )
    assert bad.status_code == 403 and bad.json()["code"] == "bad_code"
    listing = field_hq_cli(hq_db, "officer", "list", "--json", home=isolated_home)
    assert json.loads(listing.stdout)[0]["devices"] == 1


def test_revocation_while_serving_stops_the_next_request(hq, hq_db, make_device, isolated_home):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url, name="Hà Thị Cúc")
    add_enterprise(device)
    assert run_sync(device, credentials=creds).ok
    out = field_hq_cli(hq_db, "officer", "revoke", "Hà Thị Cúc", home=isolated_home)
    assert out.returncode == 0, out.stderr
    add_enterprise(device, "Công ty TNHH Hồi Văn Quan")
    result = run_sync(device, credentials=creds)
    assert not result.ok and result.code == "revoked"
    assert "revoked" in result.error or "enroll again" in result.error
    assert device.outbox.pending_count() == 1  # nothing lost: it waits for a new enrollment


def test_write_outside_province_is_rejected_and_not_stored(hq, hq_db, make_device):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    inside = add_enterprise(device)
    outside = device.enterprises.add({"name": "HTX Cà phê", "province": "Đắk Lắk"}).id
    add_visit(device, outside)
    add_visit(device, inside)
    result = run_sync(device, credentials=creds)
    assert result.ok and result.counts["rejected"] == 2 and result.counts["applied"] == 2
    assert device.outbox.record_state(outside) == "rejected"
    rejected = device.outbox.by_state("rejected")
    assert "outside your province" in rejected[0].error
    assert "unknown enterprise" in rejected[1].error
    hqs = HQStore(hq_db)
    try:
        assert hqs.scalar("SELECT count(*) FROM records WHERE id = ?", (outside,)) == 0
    finally:
        hqs.close()


def test_refused_requests_store_nothing(hq, hq_db, make_device):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    auth = {"Authorization": f"Bearer {creds.token}"}
    before = _counts(hq_db)
    malformed = httpx.post(hq.url + "/v1/push", content=b'{"m": [', headers=auth)
    assert malformed.status_code == 400 and "not valid JSON" in malformed.json()["error"]
    shape = httpx.post(hq.url + "/v1/push", json={"m": "nope"}, headers=auth)
    assert shape.status_code == 422 and "wrong shape" in shape.json()["error"]
    big = httpx.post(hq.url + "/v1/push", content=b"x" * (3 * 1024 * 1024), headers=auth)
    assert big.status_code == 413
    bomb = gzip.compress(b" " * (40 * 1024 * 1024))
    inflated = httpx.post(
        hq.url + "/v1/push", content=bomb, headers={**auth, "Content-Encoding": "gzip"}
    )
    assert inflated.status_code == 413
    broken = httpx.post(
        hq.url + "/v1/push",
        content=b"\x1f\x8b garbage",
        headers={**auth, "Content-Encoding": "gzip"},
    )
    assert broken.status_code == 400
    mismatch = httpx.post(
        hq.url + "/v1/push",
        headers=auth,
        json={
            "k": {"visit": ["a", "b"]},
            "m": [{"i": "m1", "e": "visit", "r": "r1", "p": [1], "h": "1-0"}],
        },
    )
    assert mismatch.status_code == 422
    noauth = httpx.post(hq.url + "/v1/push", json={"m": []})
    assert noauth.status_code == 401
    assert _counts(hq_db) == before


def test_oversized_record_is_rejected_alone_without_blocking_the_queue(hq, hq_db, make_device):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    ent = add_enterprise(device)
    noise = base64.b64encode(os.urandom(2_400_000)).decode()  # does not compress
    big = add_visit(device, ent, findings="Kho " + noise)
    small = add_visit(device, ent)
    result = run_sync(device, credentials=creds)
    assert result.ok
    assert device.outbox.record_state(big) == "rejected"
    assert device.outbox.record_state(small) == "synced"
    assert "limit" in device.outbox.by_state("rejected")[0].error


def test_status_json_has_the_app_keys_plus_devices(hq, hq_db, make_device, isolated_home):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    add_visit(device, add_enterprise(device))
    assert run_sync(device, credentials=creds).ok
    out = field_hq_cli(hq_db, "status", "--json", home=isolated_home)
    report = json.loads(out.stdout)
    app = json.loads(
        field_app_cli("--db", str(device.path), "status", "--json", home=isolated_home).stdout
    )
    # Drafts are the laptop's unfinished work, counted for its officer only.
    device_only = {
        "db",
        "schema_version",
        "pending_changes",
        "last_sync",
        "drafts",
        "drafts_by_kind",
    }
    record_keys = set(app) - device_only
    assert record_keys <= set(report)
    assert report["devices"] == 1 and report["enterprises"] == 1 and report["visits"] == 1
    assert app["pending_changes"] == 0 and app["last_sync"]


def test_registry_import_and_template_publish_reach_devices(
    hq, hq_db, make_device, tmp_path, isolated_home
):
    csv = tmp_path / "registry.csv"
    csv.write_text(
        "Tên doanh nghiệp,Mã số thuế,Tỉnh,Xã\n"
        "Công ty TNHH Chè Bắc Sơn,4900100001,Lạng Sơn,Xã Bắc Sơn\n"
        "HTX Na Chi Lăng,4900100002,Tỉnh Lạng Sơn,Xã Chi Lăng\n"
        "HTX Cà phê Buôn Hồ,6000100003,Đắk Lắk,Phường Buôn Hồ\n",
        encoding="utf-8",
    )
    out = field_hq_cli(hq_db, "registry", "import", str(csv), home=isolated_home)
    assert out.returncode == 0, out.stderr
    assert "added 3" in out.stdout
    again = field_hq_cli(hq_db, "registry", "import", str(csv), home=isolated_home)
    assert "unchanged 3" in again.stdout
    template = Path("field_app/templates/5s-office.v1.toml").resolve()
    pub = field_hq_cli(hq_db, "template", "publish", str(template), home=isolated_home)
    assert pub.returncode == 0 and "published" in pub.stdout, pub.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n', encoding="utf-8")
    refused = field_hq_cli(hq_db, "template", "publish", str(bad), home=isolated_home)
    assert refused.returncode != 0 and refused.stderr.strip()
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    assert run_sync(device, credentials=creds).ok
    names = {e.name for e in device.enterprises.search("").items}
    assert names == {"Công ty TNHH Chè Bắc Sơn", "HTX Na Chi Lăng"}  # not Đắk Lắk's
    assert device.scalar("SELECT count(*) FROM templates WHERE id = '5s-office'") == 1
    assert device.enterprises.search("bac son").total == 1  # folded search index filled


def test_attachment_upload_resumes_after_interruption(hq, hq_db, make_device):
    import hashlib

    from field_app.locations import attachments_dir

    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    folder = attachments_dir(device.path)
    folder.mkdir(parents=True)
    content = bytes(range(256)) * 1000  # 256 kB: several chunks
    sha = hashlib.sha256(content).hexdigest()
    (folder / sha).write_bytes(content)
    auth = {"Authorization": f"Bearer {creds.token}"}
    # A first attempt sent one chunk, then the link died.
    first = httpx.put(
        f"{hq.url}/v1/files/{sha}",
        params={"offset": 0, "total": len(content)},
        content=content[:100_000],
        headers=auth,
    )
    assert first.json() == {"sha256": sha, "have": 100_000, "complete": False}
    wrong = httpx.put(
        f"{hq.url}/v1/files/{sha}",
        params={"offset": 0, "total": len(content)},
        content=content[:10],
        headers=auth,
    )
    assert wrong.status_code == 409 and "offset=100000" in wrong.json()["error"]
    result = run_sync(device, credentials=creds, link=fast_link(creds))
    assert result.ok and result.files == 1
    state = httpx.get(f"{hq.url}/v1/files/{sha}", headers=auth).json()
    assert state["complete"] and state["have"] == len(content)
    stored = hq_files(hq_db) / sha[:2] / sha
    assert stored.read_bytes() == content
    # A second device with the same photo: stored once, nothing sent again.
    other = make_device("b")
    other_creds = enrolled(other, hq_db, hq.url)
    attachments_dir(other.path).mkdir(parents=True)
    (attachments_dir(other.path) / sha).write_bytes(content)
    assert run_sync(other, credentials=other_creds).files == 1
    assert len(list((hq_files(hq_db)).rglob(sha))) == 1
    # A third device fetches the photo when the officer opens it, checked by hash.
    from sync.engine import download_file

    third = make_device("c")
    third_creds = enrolled(third, hq_db, hq.url)
    path = download_file(third, sha, credentials=third_creds)
    assert path.read_bytes() == content and path.parent == attachments_dir(third.path)
    assert run_sync(third, credentials=third_creds).files == 0  # not sent back
    # A corrupted upload is refused at the end and leaves nothing behind.
    fake = "0" * 64
    bad = httpx.put(
        f"{hq.url}/v1/files/{fake}",
        params={"offset": 0, "total": 5},
        content=b"hello",
        headers=auth,
    )
    assert bad.status_code == 422 and bad.json()["code"] == "hash_mismatch"
    assert httpx.get(f"{hq.url}/v1/files/{fake}", headers=auth).json()["have"] == 0
