"""Officers, enrollment codes, device tokens: who may sync, and for which province.

Codes and tokens are stored only as SHA-256 hashes: a copy of the database gives
nobody a way in. Every request looks its token up afresh, so a revocation takes
effect at the very next request, even while the server runs.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from field_app.clock import utc_now
from sync.entities import province_key
from sync.protocol import Refusal
from sync.server.storage import HQStore

# No 0/O, 1/I/L: codes are read aloud over the phone and typed on small keyboards.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class AccessError(Refusal):
    """A refused request: HTTP status, a short code and a sentence for the officer."""


@dataclass(frozen=True)
class Principal:
    """The device and officer behind a token."""

    device_id: str
    officer_id: int
    officer: str
    province: str
    province_key: str
    high_water: int
    high_water_mutation: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalize_code(code: str) -> str:
    """A code as typed ("abcd efgh-jkmn") in canonical form ("ABCDEFGHJKMN")."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def add_officer(hq: HQStore, name: str, province: str) -> str:
    """Create an officer and return their one-time enrollment code."""
    name, province = name.strip(), province.strip()
    if not name or not province_key(province):
        raise ValueError("give the officer's name and province")
    code = _new_code()
    with hq.atomic() as conn:
        if conn.execute("SELECT 1 FROM officers WHERE name = ?", (name,)).fetchone():
            raise ValueError(
                f"an officer named '{name}' already exists; use 'officer code' for a new code"
            )
        conn.execute(
            "INSERT INTO officers (name, province, province_key, code_hash, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (name, province, province_key(province), _hash(normalize_code(code)), utc_now()),
        )
    return code


def new_code(hq: HQStore, name: str) -> str:
    """Issue a fresh enrollment code (a new or replaced device); re-enables the officer."""
    code = _new_code()
    with hq.atomic() as conn:
        cur = conn.execute(
            "UPDATE officers SET code_hash = ?, code_device = NULL, revoked = 0 WHERE name = ?",
            (_hash(normalize_code(code)), name),
        )
        if cur.rowcount == 0:
            raise ValueError(f"no officer named '{name}'")
    return code


def revoke_officer(hq: HQStore, name: str) -> int:
    """Revoke every token and the pending code of an officer; returns devices revoked."""
    with hq.atomic() as conn:
        row = conn.execute("SELECT id FROM officers WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"no officer named '{name}'")
        conn.execute("UPDATE officers SET revoked = 1, code_hash = NULL WHERE id = ?", (row[0],))
        cur = conn.execute(
            "UPDATE devices SET token_hash = NULL WHERE officer_id = ? AND token_hash IS NOT NULL",
            (row[0],),
        )
        return cur.rowcount


def list_officers(hq: HQStore) -> list[dict]:
    """Officers with their province, state and device count."""
    rows = hq.query(
        "SELECT o.name, o.province, o.revoked, o.code_hash IS NOT NULL AND o.code_device IS NULL"
        " AS code_pending, count(d.id) AS devices, max(d.last_seen) AS last_seen"
        " FROM officers o LEFT JOIN devices d ON d.officer_id = o.id GROUP BY o.id ORDER BY o.name"
    )
    return [
        {
            "name": r["name"],
            "province": r["province"],
            "state": "revoked" if r["revoked"] else "active",
            "code_pending": bool(r["code_pending"]),
            "devices": r["devices"],
            "last_seen": r["last_seen"],
        }
        for r in rows
    ]


def enroll(hq: HQStore, code: str, device_id: str, device_name: str = "") -> dict:
    """Exchange a code for a token.

    A code serves one device. The same device may present it again (its first
    answer may have been lost on the link); it then gets a fresh token, and the
    token it never received stops working.
    """
    token = secrets.token_urlsafe(32)
    with hq.atomic() as conn:
        row = conn.execute(
            "SELECT id, name, province, revoked, code_device FROM officers WHERE code_hash = ?",
            (_hash(normalize_code(code)),),
        ).fetchone()
        if row is None:
            raise AccessError(
                403, "bad_code", "this enrollment code is not valid; ask headquarters"
            )
        officer_id, name, province, revoked, code_device = row
        if revoked:
            raise AccessError(403, "revoked", "this officer's access was revoked at headquarters")
        if code_device and code_device != device_id:
            raise AccessError(
                409, "code_used", "this code was already used by another device; ask for a new one"
            )
        other = conn.execute("SELECT officer_id FROM devices WHERE id = ?", (device_id,)).fetchone()
        if other and other[0] != officer_id:
            raise AccessError(409, "device_taken", "this device is enrolled for another officer")
        conn.execute("UPDATE officers SET code_device = ? WHERE id = ?", (device_id, officer_id))
        conn.execute(
            "INSERT INTO devices (id, officer_id, name, token_hash, enrolled_at) VALUES"
            " (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET token_hash = excluded.token_hash,"
            " name = excluded.name",
            (device_id, officer_id, device_name, _hash(token), utc_now()),
        )
    return {"token": token, "officer": name, "province": province, "device_id": device_id}


def authenticate(hq: HQStore, authorization: str | None) -> Principal:
    """The principal behind an `Authorization: Bearer` header, or AccessError."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise AccessError(401, "no_token", "this device is not enrolled: run 'field-app enroll'")
    token = authorization[7:].strip()
    rows = hq.query(
        "SELECT d.id, d.hw, d.hm, o.id AS oid, o.name, o.province, o.province_key, o.revoked"
        " FROM devices d JOIN officers o ON o.id = d.officer_id WHERE d.token_hash = ?",
        (_hash(token),),
    )
    if not rows:
        raise AccessError(
            401,
            "bad_token",
            "headquarters does not know this device's token (revoked or"
            " replaced): enroll again with a new code",
        )
    r = rows[0]
    if r["revoked"]:
        raise AccessError(403, "revoked", "this officer's access was revoked at headquarters")
    return Principal(
        r["id"], r["oid"], r["name"], r["province"], r["province_key"], r["hw"], r["hm"]
    )


def touch_device(hq: HQStore, device_id: str) -> None:
    """Remember when a device was last heard from."""
    with hq.atomic() as conn:
        conn.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (utc_now(), device_id))
