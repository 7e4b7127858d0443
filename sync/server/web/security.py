"""Sessions, CSRF tokens and the login rate limit of the web interface.

A session is a signed cookie (HMAC-SHA256 with a secret kept in headquarters'
database), HttpOnly and SameSite=Lax, that expires after `SESSION_HOURS`; the user
is looked up again on every request, so disabling them or changing their password
ends it at once. Every form carries a CSRF token bound to the session (the login
form, to a pre-session cookie), checked on every POST.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from sync.server.storage import HQStore

SESSION_COOKIE = "hq_session"
LOGIN_COOKIE = "hq_login"
SESSION_HOURS = 10
"""A working day: staff log in again each morning."""
LOGIN_WINDOW_S = 15 * 60
LOGIN_ATTEMPTS = 5
"""Failed logins allowed per login name (and per address) in the window."""


def secret_key(hq: HQStore) -> bytes:
    """The signing key, made once and kept in the database (so restarts keep sessions)."""
    with hq.atomic() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()
        if row:
            return bytes.fromhex(row[0])
        key = secrets.token_bytes(32)
        conn.execute("INSERT INTO meta (key, value) VALUES ('web_secret', ?)", (key.hex(),))
        return key


def _sign(key: bytes, payload: bytes) -> str:
    mac = hmac.new(key, payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


@dataclass(frozen=True)
class Session:
    """What a valid session cookie says."""

    login: str
    issued: float
    nonce: str


def make_session(key: bytes, login: str, now: float | None = None) -> str:
    """A cookie value for `login`, valid for SESSION_HOURS."""
    body = json.dumps(
        {"u": login, "t": round(now or time.time(), 3), "n": secrets.token_urlsafe(12)},
        separators=(",", ":"),
    ).encode()
    data = base64.urlsafe_b64encode(body).decode().rstrip("=")
    return f"{data}.{_sign(key, data.encode())}"


def read_session(key: bytes, value: str | None, now: float | None = None) -> Session | None:
    """The session in a cookie, None when absent, forged or expired."""
    if not value or value.count(".") != 1 or len(value) > 512:
        return None
    data, mac = value.split(".")
    if not hmac.compare_digest(_sign(key, data.encode()), mac):
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
        login, issued, nonce = str(body["u"]), float(body["t"]), str(body["n"])
    except (ValueError, KeyError, TypeError):
        return None
    age = (now or time.time()) - issued
    if age < -60 or age > SESSION_HOURS * 3600:
        return None
    return Session(login, issued, nonce)


def csrf_token(key: bytes, binding: str) -> str:
    """The token forms must send back, bound to a session nonce (or login cookie)."""
    return _sign(key, f"csrf:{binding}".encode())


def csrf_ok(key: bytes, binding: str | None, token: str | None) -> bool:
    """True when `token` is the one issued for `binding`."""
    if not binding or not token:
        return False
    return hmac.compare_digest(csrf_token(key, binding), token)


class LoginLimiter:
    """Counts failed logins per login name and per client address in a sliding window.

    Kept in memory: a restart forgets the count, which costs an attacker a restart
    of headquarters per 5 guesses, and argon2 makes each guess slow anyway.
    """

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window_s: float = LOGIN_WINDOW_S) -> None:
        self.attempts, self.window_s = attempts, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] < now - self.window_s:
            times.popleft()
        return times

    def wait_seconds(self, login: str, address: str, now: float | None = None) -> int:
        """0 when a login may be tried now, else the seconds until it may."""
        now = now or time.monotonic()
        with self._lock:
            waits = [
                times[0] + self.window_s - now
                for key in (f"u:{login.strip().lower()}", f"a:{address}")
                if len(times := self._recent(key, now)) >= self.attempts
            ]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, login: str, address: str, now: float | None = None) -> None:
        """Remember a failed attempt."""
        now = now or time.monotonic()
        with self._lock:
            for key in (f"u:{login.strip().lower()}", f"a:{address}"):
                self._recent(key, now).append(now)

    def succeeded(self, login: str) -> None:
        """Forget the failures of a login that got in (the address keeps its count)."""
        with self._lock:
            self._failures.pop(f"u:{login.strip().lower()}", None)
