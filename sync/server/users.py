"""Headquarters' staff: the people who log in to the web interface.

They are not officers and hold no device token: a user reads and reviews what
officers recorded, within one province or (national users) all of them. Passwords
are kept only as argon2id hashes (memory-hard, so a stolen database does not give
passwords away cheaply); a disabled user's session stops at the next request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from field_app.clock import utc_now
from sync.entities import province_key
from sync.server.storage import HQStore

ROLES = ("admin", "reviewer", "viewer")
"""admin: everything, officers and devices too; reviewer: reads and reviews; viewer: reads."""
ALL_PROVINCES = "*"
MIN_PASSWORD = 10
MAX_PASSWORD = 256
MAX_LOGIN = 64


@dataclass(frozen=True)
class User:
    """A headquarters user as a request sees them."""

    login: str
    name: str
    province: str
    """The province's name as given, or "*" for a national user."""
    province_key: str
    role: str
    disabled: bool

    @property
    def national(self) -> bool:
        """True when the user sees every province."""
        return self.province_key == ALL_PROVINCES

    @property
    def can_review(self) -> bool:
        """Reviewers and admins mark records approved or with issues."""
        return self.role in ("admin", "reviewer") and not self.disabled

    @property
    def is_admin(self) -> bool:
        """Admins manage officers and devices."""
        return self.role == "admin" and not self.disabled


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_password(password: str) -> str:
    # A password read from standard input ends with the newline echo typed.
    password = password.rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"the password must have at most {MAX_PASSWORD} characters")
    return password


def _check_login(login: str) -> str:
    login = login.strip().lower()
    if not login or len(login) > MAX_LOGIN or not all(c.isalnum() or c in "._-@" for c in login):
        raise ValueError(
            "the login must be 1 to 64 letters, digits or . _ - @ (for example 'thu.nguyen')"
        )
    return login


def add_user(
    hq: HQStore, login: str, name: str, province: str | None, role: str, password: str
) -> User:
    """Create a user; `province` None means every province (a national user)."""
    login = _check_login(login)
    name = name.strip()
    if not name:
        raise ValueError("give the user's full name with --name")
    if role not in ROLES:
        raise ValueError(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    if province is None:
        shown, key = ALL_PROVINCES, ALL_PROVINCES
    else:
        shown, key = province.strip(), province_key(province)
        if not key:
            raise ValueError("give the user's province with --province, or --all-provinces")
    digest = _hasher().hash(_check_password(password))
    with hq.atomic() as conn:
        if conn.execute("SELECT 1 FROM hq_users WHERE login = ?", (login,)).fetchone():
            raise ValueError(f"a user '{login}' already exists")
        conn.execute(
            "INSERT INTO hq_users (login, name, province, province_key, role, password_hash,"
            " disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
            (login, name, shown, key, role, digest, utc_now()),
        )
    return User(login, name, shown, key, role, False)


def get_user(hq: HQStore, login: str) -> User | None:
    """The user with this login, or None."""
    rows = hq.query(
        "SELECT login, name, province, province_key, role, disabled FROM hq_users WHERE login = ?",
        (login.strip().lower(),),
    )
    if not rows:
        return None
    r = rows[0]
    return User(r[0], r[1], r[2], r[3], r[4], bool(r[5]))


def list_users(hq: HQStore) -> list[User]:
    """Every user, by login."""
    rows = hq.query(
        "SELECT login, name, province, province_key, role, disabled FROM hq_users ORDER BY login"
    )
    return [User(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def disable_user(hq: HQStore, login: str) -> None:
    """Stop a user from logging in; open sessions end at their next request."""
    with hq.atomic() as conn:
        cur = conn.execute(
            "UPDATE hq_users SET disabled = 1 WHERE login = ?", (login.strip().lower(),)
        )
        if cur.rowcount == 0:
            raise ValueError(f"no user '{login}'")


def set_password(hq: HQStore, login: str, password: str) -> None:
    """Give a user a new password (and re-enable them); older sessions end."""
    digest = _hasher().hash(_check_password(password))
    with hq.atomic() as conn:
        cur = conn.execute(
            "UPDATE hq_users SET password_hash = ?, disabled = 0, sessions_after = ?"
            " WHERE login = ?",
            (digest, f"{time.time():.3f}", login.strip().lower()),
        )
        if cur.rowcount == 0:
            raise ValueError(f"no user '{login}'")


def sessions_after(hq: HQStore, login: str) -> float:
    """Sessions opened before this time (seconds since the epoch) are no longer valid."""
    value = hq.scalar("SELECT sessions_after FROM hq_users WHERE login = ?", (login,))
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def verify_login(hq: HQStore, login: str, password: str) -> User | None:
    """The user when `password` is theirs and they are not disabled, else None."""
    from argon2.exceptions import InvalidHashError, VerificationError

    login = login.strip().lower()
    rows = hq.query("SELECT password_hash FROM hq_users WHERE login = ?", (login,))
    hasher = _hasher()
    if not rows:
        # Hash anyway, so an unknown login takes as long as a wrong password.
        hasher.hash(password or "-")
        return None
    try:
        hasher.verify(rows[0][0], password)
    except (VerificationError, InvalidHashError):
        return None
    user = get_user(hq, login)
    return user if user and not user.disabled else None
