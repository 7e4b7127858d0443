"""Officers, enrollment codes, device tokens: who may sync, and for which province.

Codes are stored only as SHA-256 hashes with a salt per code, tokens as SHA-256
hashes (they are 256 random bits): a copy of the database gives nobody a way in.
Every request looks its token up afresh (and notes when the device was last seen),
so a revocation takes effect at the very next request, even while the server runs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from field_app.clock import utc_now
from sync.entities import province_key
from sync.protocol import Refusal
from sync.server.storage import Connection, HQStore

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


def _salted(salt: str, code: str) -> str:
    if not salt:  # a code issued before salts (migration 3): a plain SHA-256
        return _hash(normalize_code(code))
    return hashlib.sha256(f"{salt}:{normalize_code(code)}".encode()).hexdigest()


def normalize_code(code: str) -> str:
    """A code as typed ("abcd efgh-jkmn") in canonical form ("ABCDEFGHJKMN")."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


RETRY_DAYS = 7
"""How long after its first use a code still lets the genuine device retry."""


def _issue_code(conn: Connection, officer_id: int) -> str:
    """A fresh code for the officer; their earlier unused codes stop working."""
    code = _new_code()
    salt = secrets.token_hex(16)
    conn.execute(
        "UPDATE enroll_codes SET void = 1 WHERE officer_id = ? AND used_at IS NULL", (officer_id,)
    )
    conn.execute(
        "INSERT INTO enroll_codes (officer_id, salt, code_hash, created_at) VALUES (?, ?, ?, ?)",
        (officer_id, salt, _salted(salt, code), utc_now()),
    )
    return code


def add_officer(hq: HQStore, name: str, province: str) -> str:
    """Create an officer and return their one-time enrollment code."""
    name, province = name.strip(), province.strip()
    if not name or not province_key(province):
        raise ValueError("give the officer's name and province")
    with hq.atomic() as conn:
        if conn.execute("SELECT 1 FROM officers WHERE name = ?", (name,)).fetchone():
            raise ValueError(
                f"an officer named '{name}' already exists; use 'officer code' for a new code"
            )
        cur = conn.execute(
            "INSERT INTO officers (name, province, province_key, created_at) VALUES (?, ?, ?, ?)",
            (name, province, province_key(province), utc_now()),
        )
        return _issue_code(conn, int(cur.lastrowid or 0))


def new_code(hq: HQStore, name: str) -> str:
    """Issue a fresh enrollment code for another device; re-enables the officer."""
    return _code_for(hq, name, replace=False)[0]


def replacement_code(hq: HQStore, name: str) -> tuple[str, int]:
    """A code for a replacement laptop: the officer's devices are revoked at once.
    Returns the code and how many devices were revoked."""
    return _code_for(hq, name, replace=True)


def _code_for(hq: HQStore, name: str, *, replace: bool) -> tuple[str, int]:
    with hq.atomic() as conn:
        row = conn.execute("SELECT id FROM officers WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"no officer named '{name}'")
        revoked = _revoke_devices(conn, row[0]) if replace else 0
        conn.execute("UPDATE officers SET revoked = 0 WHERE id = ?", (row[0],))
        return _issue_code(conn, row[0]), revoked


def _revoke_devices(conn: Connection, officer_id: int) -> int:
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM devices WHERE officer_id = ? AND token_hash IS NOT NULL", (officer_id,)
        )
    ]
    for device_id in ids:
        _revoke_device(conn, device_id)
    return len(ids)


def _revoke_device(conn: Connection, device_id: str) -> None:
    conn.execute("UPDATE devices SET token_hash = NULL WHERE id = ?", (device_id,))
    conn.execute(
        "INSERT OR IGNORE INTO revoked_devices (device_id, at) VALUES (?, ?)",
        (device_id, utc_now()),
    )
    # Nor can a code it used let it back in by retrying.
    conn.execute("UPDATE enroll_codes SET void = 1 WHERE device_id = ?", (device_id,))


def revoke_officer(hq: HQStore, name: str) -> int:
    """Revoke every token and the pending codes of an officer; returns devices revoked."""
    with hq.atomic() as conn:
        row = conn.execute("SELECT id FROM officers WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"no officer named '{name}'")
        conn.execute("UPDATE officers SET revoked = 1 WHERE id = ?", (row[0],))
        conn.execute("UPDATE enroll_codes SET void = 1 WHERE officer_id = ?", (row[0],))
        return _revoke_devices(conn, row[0])


def revoke_device(hq: HQStore, device_id: str) -> str:
    """Revoke one device's token (effective at its next request); returns its officer."""
    with hq.atomic() as conn:
        row = conn.execute(
            "SELECT o.name FROM devices d JOIN officers o ON o.id = d.officer_id WHERE d.id = ?",
            (device_id,),
        ).fetchone()
        if row is None:
            raise ValueError(f"no device with id '{device_id}' (see 'field-hq device list')")
        _revoke_device(conn, device_id)
        return str(row[0])


def list_devices(hq: HQStore) -> list[dict]:
    """Every enrolled device: officer, name, enrolled, last seen, state."""
    rows = hq.query(
        "SELECT d.id, o.name AS officer, d.name, d.enrolled_at, d.last_seen,"
        " d.token_hash IS NOT NULL AND o.revoked = 0 AS active"
        " FROM devices d JOIN officers o ON o.id = d.officer_id ORDER BY o.name, d.enrolled_at"
    )
    return [
        {
            "device_id": r["id"],
            "officer": r["officer"],
            "device_name": r["name"],
            "enrolled": r["enrolled_at"],
            "last_seen": r["last_seen"],
            "state": "active" if r["active"] else "revoked",
        }
        for r in rows
    ]


def list_officers(hq: HQStore) -> list[dict]:
    """Officers with their province, state and device count."""
    rows = hq.query(
        "SELECT o.name, o.province, o.revoked,"
        " EXISTS (SELECT 1 FROM enroll_codes c WHERE c.officer_id = o.id AND c.void = 0"
        " AND c.used_at IS NULL) AS code_pending,"
        " count(d.id) FILTER (WHERE d.token_hash IS NOT NULL) AS devices,"
        " max(d.last_seen) AS last_seen"
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


def _find_code(conn: Connection, code: str) -> tuple | None:
    """The code's row: unused ones, and used ones still open to a retry. Each has its
    own salt, so every candidate is hashed (codes in play are few)."""
    since = (datetime.now(UTC) - timedelta(days=RETRY_DAYS)).strftime("%Y-%m-%dT%H:%M:%S")
    for row in conn.execute(
        "SELECT c.id, c.salt, c.code_hash, c.used_at, c.device_id, c.secret_hash, o.id, o.name,"
        " o.province, o.revoked FROM enroll_codes c JOIN officers o ON o.id = c.officer_id"
        " WHERE c.void = 0 AND (c.used_at IS NULL OR c.used_at >= ?)",
        (since,),
    ):
        if hmac.compare_digest(row[2], _salted(row[1], code)):
            return tuple(row)
    return None


def enroll(
    hq: HQStore, code: str, device_id: str, device_name: str = "", *, proof: str, secret: str = ""
) -> dict:
    """Exchange a code for a token.

    A code serves once. The device sends `proof`, the SHA-256 of a secret it made
    for this enrollment; headquarters binds the code to that device and proof. If
    the answer is lost, the device asks again with the `secret` itself: only the
    genuine device has it, so it gets a fresh token (the one it never received stops
    working) and nobody else, not even with its (public) device id, can reuse the code.
    """
    token = secrets.token_urlsafe(32)
    with hq.atomic() as conn:
        row = _find_code(conn, code)
        if row is None:
            raise AccessError(
                403, "bad_code", "this enrollment code is not valid; ask headquarters"
            )
        (
            code_id,
            _salt,
            _h,
            used_at,
            code_device,
            secret_hash,
            officer_id,
            name,
            province,
            revoked,
        ) = row
        if revoked:
            raise AccessError(403, "revoked", "this officer's access was revoked at headquarters")
        if used_at is not None:
            genuine = (
                code_device == device_id
                and bool(secret)
                and hmac.compare_digest(secret_hash or "", _hash(secret))
            )
            if not genuine:
                raise AccessError(
                    409, "code_used", "this code was already used; ask headquarters for a new one"
                )
        other = conn.execute("SELECT officer_id FROM devices WHERE id = ?", (device_id,)).fetchone()
        if other and other[0] != officer_id:
            raise AccessError(409, "device_taken", "this device is enrolled for another officer")
        # A revoked device comes back only with a fresh code headquarters chose to give.
        conn.execute("DELETE FROM revoked_devices WHERE device_id = ?", (device_id,))
        if used_at is None:
            conn.execute(
                "UPDATE enroll_codes SET used_at = ?, device_id = ?, secret_hash = ? WHERE id = ?",
                (utc_now(), device_id, proof, code_id),
            )
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
    touch_device(hq, r["id"])
    return Principal(
        r["id"], r["oid"], r["name"], r["province"], r["province_key"], r["hw"], r["hm"]
    )


def touch_device(hq: HQStore, device_id: str) -> None:
    """Remember when a device was last heard from."""
    with hq.atomic() as conn:
        conn.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (utc_now(), device_id))
