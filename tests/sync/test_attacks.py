"""What a buggy or hostile device (with a valid token, or none) can send, each
refused cleanly against a real field-hq: nothing stored, headquarters' counts
unchanged, and another device's next `field-app sync` still exits 0."""

from __future__ import annotations

import gzip
import json
import subprocess
import time
import unicodedata
from pathlib import Path
from typing import Any

import httpx
import pytest

from field_app.clock import hlc_now
from field_app.ids import uuid7
from sync.engine import run_sync
from sync.server.storage import HQStore
from tests.sync.conftest import PROVINCE, add_enterprise, add_visit, enrolled, field_app_cli

TABLES = ("records", "mutations", "conflicts", "aliases", "files", "partial_files")


def hq_counts(hq_db: Path) -> dict[str, int]:
    hqs = HQStore(hq_db)
    try:
        return {t: hqs.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}
    finally:
        hqs.close()


def raw_push(url: str, token: str, body: Any, *, encode: bool = True) -> httpx.Response:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass") if encode else body
    return httpx.post(
        url + "/v1/push",
        content=gzip.compress(data),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        },
        timeout=30,
    )


def visit(enterprise_id: str, sender: str, **fields: Any) -> dict[str, Any]:
    """A pushed visit create, as a device would send it, with `fields` changed."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    payload = {
        "created_at": now,
        "updated_at": now,
        "created_by": "An",
        "version": 1,
        "enterprise_id": enterprise_id,
        "visit_date": "2026-11-20",
        "officers": ["An"],
        "purpose": "advice",
        "findings": "Kho chưa dán nhãn.",
        "status": "completed",
        "completed_at": now,
        **fields,
    }
    return {"i": uuid7(), "e": "visit", "r": uuid7(), "p": payload, "h": hlc_now(sender)}


@pytest.fixture
def province(hq, hq_db: Path, make_device, isolated_home: Path) -> dict[str, Any]:
    """Device A (the attacker's token) and device B (the victim), both synced, with
    one enterprise at headquarters; B's database closed so the CLI can open it."""
    a, b = make_device("a"), make_device("b")
    creds_a = enrolled(a, hq_db, hq.url, name="An")
    creds_b = enrolled(b, hq_db, hq.url, name="Bình")
    enterprise = add_enterprise(a, tax_code="0101234567")
    add_visit(a, enterprise)
    assert run_sync(a).ok
    assert run_sync(b).ok
    b_db = b.path
    b.close()
    return {
        "a": a,
        "token": creds_a.token,
        "b_token": creds_b.token,
        "enterprise": enterprise,
        "b_db": b_db,
    }


def b_syncs(province: dict[str, Any], home: Path) -> subprocess.CompletedProcess:
    """Device B's next `field-app sync`, as the officer runs it."""
    out = field_app_cli("--db", str(province["b_db"]), "sync", "--quiet", home=home)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def refused_cleanly(
    resp: httpx.Response, before: dict[str, int], hq_db: Path, province: dict, home: Path
) -> None:
    assert 400 <= resp.status_code < 500, resp.text
    assert resp.json()["code"]
    assert hq_counts(hq_db) == before
    out = b_syncs(province, home)
    assert out.returncode == 0, out.stderr


def rejected_alone(resp: httpx.Response, code: str) -> dict[str, Any]:
    assert resp.status_code == 200, resp.text
    reply = resp.json()
    assert reply["r"] == "r", reply
    assert reply["y"]["0"][0] == code, reply
    return reply


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"version": 10**30}, "out_of_bounds"),
        ({"version": 2**63}, "out_of_bounds"),
        ({"version": 0}, "out_of_bounds"),
        ({"findings": "Kho. " * 3_000_000}, "out_of_bounds"),  # 15 MB, a few kB gzipped
        ({"findings": "chứa\x00NUL"}, "out_of_bounds"),
        ({"officers": ["An"] * 5000}, "out_of_bounds"),
        ({"visit_date": "2026-02-30"}, "invalid_record"),
    ],
    ids=["version-1e30", "version-2^63", "version-0", "findings-15MB", "nul", "list", "date"],
)
def test_out_of_bounds_records_are_refused_one_by_one(
    province, hq, hq_db: Path, isolated_home: Path, fields: dict, code: str
) -> None:
    before = hq_counts(hq_db)
    device_id = province["a"].device_id
    resp = raw_push(
        hq.url, province["token"], {"m": [visit(province["enterprise"], device_id, **fields)]}
    )
    rejected_alone(resp, code)
    assert hq_counts(hq_db) == before
    assert b_syncs(province, isolated_home).returncode == 0


@pytest.mark.parametrize(
    "body",
    [
        b'{"m": [{"i": "x", "e": "visit", "r": "y", "p": {"findings": "\\ud800"}, "h": "1"}]}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"m": [], "hw": 1' + b"0" * 5000 + b"}",
        b'{"m": [], "hw": NaN}',
        b"\xff\xfe not json",
    ],
    ids=["lone-surrogate", "deep-nesting", "long-number", "nan", "not-utf8"],
)
def test_unreadable_push_bodies_are_400(
    province, hq, hq_db: Path, isolated_home: Path, body: bytes
) -> None:
    before = hq_counts(hq_db)
    resp = raw_push(hq.url, province["token"], body, encode=False)
    assert resp.status_code == 400 and resp.json()["code"] == "malformed_json"
    refused_cleanly(resp, before, hq_db, province, isolated_home)


def test_deep_nesting_at_enroll_without_a_token_is_400(hq, hq_db: Path) -> None:
    before = hq_counts(hq_db)
    resp = httpx.post(hq.url + "/v1/enroll", content=b"[" * 5000 + b"]" * 5000)
    assert resp.status_code in (400, 413) and resp.json()["code"]
    assert hq_counts(hq_db) == before


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": 2**63},
        {"cursor": -1},
        {"cursor": "1e99"},
        {"limit": 10**20},
        {"own": 7},
    ],
)
def test_out_of_range_query_numbers_are_422(province, hq, hq_db: Path, query: dict) -> None:
    resp = httpx.get(
        hq.url + "/v1/pull", params=query, headers={"Authorization": f"Bearer {province['token']}"}
    )
    assert resp.status_code == 422 and resp.json()["code"] == "invalid"


@pytest.mark.parametrize("high_water", [2**63, -1])
def test_out_of_range_high_water_is_422(
    province, hq, hq_db: Path, isolated_home: Path, high_water: int
) -> None:
    before = hq_counts(hq_db)
    body = {"hw": high_water, "m": [visit(province["enterprise"], province["a"].device_id)]}
    resp = raw_push(hq.url, province["token"], body)
    assert resp.status_code == 422
    refused_cleanly(resp, before, hq_db, province, isolated_home)


def test_a_made_up_high_water_never_makes_the_genuine_device_restart(
    province, hq, hq_db: Path
) -> None:
    a = province["a"]
    body = {"hw": 6_331_304_649, "m": [visit(province["enterprise"], a.device_id)]}
    resp = raw_push(hq.url, province["token"], body)
    assert resp.status_code == 200 and resp.json()["r"] == "a"
    assert resp.json().get("hw", 0) < 6_331_304_649
    add_visit(a, province["enterprise"], "Lần sau")
    result = run_sync(a)
    assert result.ok and not result.restored
    assert result.pulled < 5  # not everything again


@pytest.mark.parametrize(
    "clock",
    ["9-00000", "١٧٦٣٧٧٦٨٥٥١٢٣-00000", "1763776855123-0", "99999999999999-00000", "x"],
    ids=["short", "arabic-indic", "short-counter", "long", "garbage"],
)
def test_clocks_in_any_other_format_are_refused(
    province, hq, hq_db: Path, isolated_home: Path, clock: str
) -> None:
    before = hq_counts(hq_db)
    mutation = visit(province["enterprise"], province["a"].device_id)
    mutation["h"] = clock
    rejected_alone(raw_push(hq.url, province["token"], {"m": [mutation]}), "bad_clock")
    assert hq_counts(hq_db) == before
    assert b_syncs(province, isolated_home).returncode == 0


def _phone_edit(province: dict, phone: str, hlc: str, seen: int) -> dict[str, Any]:
    return {
        "i": uuid7(),
        "e": "enterprise",
        "r": province["enterprise"],
        "o": "u",
        "p": {"phone": phone},
        "h": hlc,
        "s": seen,
    }


def test_claiming_to_have_seen_the_future_is_refused(
    province, hq, hq_db: Path, isolated_home: Path
) -> None:
    before = hq_counts(hq_db)
    old = f"{int(time.time() * 1000) - 3_600_000:013d}-00000"
    edit = _phone_edit(province, "0912000111", old, 10**15)
    rejected_alone(raw_push(hq.url, province["token"], {"m": [edit]}), "bad_seen")
    assert hq_counts(hq_db) == before
    assert b_syncs(province, isolated_home).returncode == 0


def test_an_older_clock_loses_and_is_kept_as_a_conflict_whatever_it_saw(
    province, hq, hq_db: Path, isolated_home: Path
) -> None:
    hqs = HQStore(hq_db)
    seq = hqs.current_seq()
    hqs.close()
    # Device B sets the phone now; then A sends an edit stamped an hour ago.
    now = f"{int(time.time() * 1000):013d}-00000"
    newer = _phone_edit(province, "0912000111", now, seq)
    assert raw_push(hq.url, province["b_token"], {"m": [newer]}).json()["r"] == "a"
    old = f"{int(time.time() * 1000) - 3_600_000:013d}-00000"
    resp = raw_push(
        hq.url, province["token"], {"m": [_phone_edit(province, "0987654321", old, seq + 1)]}
    )
    assert resp.json()["r"] == "c"
    hqs = HQStore(hq_db)
    data = json.loads(
        hqs.scalar("SELECT data FROM records WHERE id = ?", (province["enterprise"],))
    )
    lost = hqs.query(
        "SELECT lost_value FROM conflicts WHERE record_id = ?", (province["enterprise"],)
    )
    hqs.close()
    assert data["phone"] == "0912000111"
    assert [json.loads(r["lost_value"]) for r in lost] == ["0987654321"]
    assert b_syncs(province, isolated_home).returncode == 0


def test_provenance_comes_from_the_token_and_the_record_is_normalised(
    province, hq, hq_db: Path, isolated_home: Path
) -> None:
    a = province["a"]
    other = uuid7()
    mutation = visit(
        province["enterprise"],
        a.device_id,
        device_id="someone-else",
        created_by="Kẻ mạo danh",
        rid=99,
        findings=unicodedata.normalize("NFD", "Kho chứa dán nhãn."),  # as macOS types it
    )
    enterprise = {
        "i": uuid7(),
        "e": "enterprise",
        "r": other,
        "p": {
            "name": "HTX Na",
            "province": PROVINCE,
            "commune": "Xã Chi Lăng",
            "tax_code": " 0109 876 543 ",
            "version": 1,
            "rid": 5,
        },
        "h": hlc_now(a.device_id),
    }
    resp = raw_push(hq.url, province["token"], {"m": [mutation, enterprise]})
    assert resp.json()["r"] == "aa", resp.json()
    hqs = HQStore(hq_db)
    stored = json.loads(hqs.scalar("SELECT data FROM records WHERE id = ?", (mutation["r"],)))
    ent = json.loads(hqs.scalar("SELECT data FROM records WHERE id = ?", (other,)))
    hqs.close()
    assert stored["device_id"] == a.device_id and stored["created_by"] == "An"
    assert "rid" not in stored and "rid" not in ent
    assert stored["findings"] == "Kho chứa dán nhãn."
    assert ent["tax_code"] == "0109876543"
    # The same tax code typed with spaces later is the same enterprise, not a second one.
    again = dict(enterprise, i=uuid7(), r=uuid7(), h=hlc_now(a.device_id))
    again["p"] = dict(enterprise["p"], tax_code="0109876543")
    reply = raw_push(hq.url, province["token"], {"m": [again]}).json()
    assert reply["r"] == "d" and reply["m"]["0"] == other
    assert b_syncs(province, isolated_home).returncode == 0


def test_a_device_parks_pulled_records_it_cannot_store_and_moves_on(
    province, hq, hq_db: Path, isolated_home: Path
) -> None:
    """Records an older headquarters accepted (before these checks) reach devices:
    each is parked with its reason, the others land, and sync exits 0."""
    a = province["a"]
    good = add_visit(a, province["enterprise"], "Đã sửa kho.")
    assert run_sync(a).ok
    hqs = HQStore(hq_db)
    with hqs.atomic() as conn:
        seq = hqs.current_seq()
        eid = province["enterprise"]
        for n, data in enumerate(
            [
                f'{{"id": "bad-1", "enterprise_id": "{eid}", "version": {10**30},'
                ' "visit_date": "2026-11-20"}',
                f'{{"id": "bad-2", "enterprise_id": "{eid}", "findings": "\\ud800",'
                ' "visit_date": "2026-11-20"}',
                f'{{"id": "bad-3", "enterprise_id": "{eid}", "visit_date": "not a date"}}',
            ],
            start=1,
        ):
            conn.execute(
                "INSERT INTO records (entity, id, province, data, seq, origin)"
                " VALUES ('visit', ?, 'langson', ?, ?, 'old')",
                (f"bad-{n}", data, seq + n),
            )
        hqs.set_seq(conn, seq + 3)
    hqs.close()
    out = b_syncs(province, isolated_home)
    assert out.returncode == 0, out.stderr
    listing = field_app_cli(
        "--lang", "en", "--db", str(province["b_db"]), "sync", "--rejected", home=isolated_home
    )
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    for record_id in ("bad-1", "bad-2", "bad-3"):
        assert record_id in listing.stdout
    assert "not stored here" in listing.stdout
    from field_app.store import open_store

    with open_store(province["b_db"]) as b:
        assert b.visits.get(good) is not None
        assert b.pulled.cursor() >= seq + 3
        assert {p.record_id for p in b.pulled.parked()} == {"bad-1", "bad-2", "bad-3"}
    # The next sync does not stop on them either.
    assert b_syncs(province, isolated_home).returncode == 0


def test_pull_pages_are_bounded_by_bytes_whatever_the_limit(
    province, hq, hq_db: Path, isolated_home: Path
) -> None:
    from sync.bounds import MAX_LONG_TEXT
    from sync.server.pull import MAX_PAGE_BYTES

    a = province["a"]
    big = [
        visit(province["enterprise"], a.device_id, findings=f"{i} " + "Kho chưa dán nhãn. " * 2600)
        for i in range(40)
    ]
    assert all(len(m["p"]["findings"]) <= MAX_LONG_TEXT for m in big)
    for start in range(0, 40, 10):
        assert set(
            raw_push(hq.url, province["token"], {"m": big[start : start + 10]}).json()["r"]
        ) == {"a"}
    # Device B asks for as many records as it may: pages stop near 256 KiB of JSON.
    headers = {"Authorization": f"Bearer {province['b_token']}"}
    cursor, pages, records = 0, 0, 0
    while True:
        resp = httpx.get(
            hq.url + "/v1/pull", params={"cursor": cursor, "limit": 2000}, headers=headers
        )
        page = resp.json()
        assert len(resp.content) <= MAX_PAGE_BYTES + 64 * 1024, len(resp.content)
        records += len(page["r"])
        pages += 1
        cursor = page["c"]
        if not page.get("more"):
            break
    assert pages >= 4 and records >= 40
    assert b_syncs(province, isolated_home).returncode == 0
