"""The device's HTTP link to headquarters: one request, retried with backoff.

httpx is imported only when a link is opened, so start-up never loads it. The one
backoff rule (`backoff_delay`) is shared by a request's retries and by the
automatic scheduler (`sync.scheduler`), so both wait the same way.
"""

from __future__ import annotations

import functools
import random
import ssl
import time
from collections.abc import Callable
from typing import Any

from field_app.i18n import _
from sync.protocol import Refusal
from sync.refusals import refusal_text

# Exit codes of `field-app sync`, by the kind of failure.
EXIT_CODES = {
    "not_enrolled": 2,
    "no_link": 3,
    "refused": 4,
    "revoked": 5,
    "bad_token": 5,
    "storage": 6,
}


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate check every link uses, built once per process.

    httpx builds a new one for every client unless given one, and building it reads
    and parses the whole CA bundle (about 30 ms of CPU): a sync opens a link for
    enrolment, push, files and pull, and an automatic scheduler opens them all day.
    The checks are httpx's defaults (its CA bundle, SSL_CERT_FILE and SSL_CERT_DIR
    honoured); an SSLContext may be shared by connections on several threads."""
    import httpx

    return httpx.create_ssl_context()


class SyncError(Exception):
    """A sync that cannot go on: `code` says the kind, the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Transient(Exception):
    """A failure worth retrying: no link, timeout, a cut connection, a 5xx."""


class Refused(Refusal):
    """A 4xx answer: the server understood and said no."""


def backoff_delay(
    failures: int,
    *,
    base: float = 0.5,
    cap: float = 30.0,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after `failures` failures in a row: `base` doubling up to
    `cap`, times a jitter of 0.5..1.5 so that many devices do not retry in step."""
    rng = rng or random.Random()
    steps = min(max(0, failures - 1), 60)  # 2**60 is already far past any cap
    return min(cap, base * 2**steps) * rng.uniform(0.5, 1.5)


def not_enrolled() -> SyncError:
    """The error of a device that has no token yet."""
    return SyncError("not_enrolled", refusal_text("no_token", {}, None))


def refused_text(exc: Refused) -> str:
    """Headquarters' refusal in the officer's language when its code is known."""
    return refusal_text(exc.code, {}, str(exc))


def stopped_by(exc: Refused) -> SyncError:
    """The error that ends a run when headquarters refuses a whole request."""
    code = "revoked" if exc.code in ("revoked", "bad_token", "no_token") else "refused"
    return SyncError(code, _("headquarters refused: {error}").format(error=refused_text(exc)))


def read_answer(model: type[Any], data: Any) -> Any:
    """Headquarters' answer read as `model`; an answer of the wrong shape (a proxy's
    page, a much newer server) stops the run with a sentence instead of a crash."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise SyncError(
            "refused",
            _("headquarters' answer could not be read ({error}): update the app").format(
                error=exc.errors()[0]["msg"]
            ),
        ) from exc


class Link:
    """An HTTP connection to headquarters with retries and backoff."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        retries: int = 6,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        headers = {"User-Agent": "field-app", "Accept-Encoding": "gzip"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = httpx.Client(
            base_url=server.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 20.0)),
            verify=tls_context(),
        )

    def close(self) -> None:
        """Close the connection."""
        self.client.close()

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request, retried on transient failures; returns the decoded JSON."""
        attempt = 0
        while True:
            try:
                return self._once(method, path, **kwargs)
            except Transient as exc:
                attempt += 1
                if attempt > self.retries:
                    raise SyncError(
                        "no_link", _("no working link to headquarters ({error})").format(error=exc)
                    ) from exc
                self.sleep(backoff_delay(attempt, base=self.backoff, cap=self.max_backoff))

    def _once(self, method: str, path: str, **kwargs: Any) -> Any:
        import httpx

        try:
            resp = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:  # connect/read/write errors, timeouts, cuts
            raise Transient(type(exc).__name__ + (f": {exc}" if str(exc) else "")) from exc
        if resp.status_code >= 500 or resp.status_code == 429:
            raise Transient(f"headquarters answered {resp.status_code}")
        try:
            data = resp.json()
        except ValueError as exc:
            if resp.status_code >= 400:
                raise Refused(resp.status_code, "refused", resp.text[:200]) from exc
            raise Transient("the answer was not valid JSON (cut?)") from exc
        if resp.status_code >= 400:
            if not isinstance(data, dict):
                raise Refused(resp.status_code, "refused", resp.text[:200])
            raise Refused(
                resp.status_code,
                str(data.get("code", "refused")),
                str(data.get("error", resp.text[:200])),
            )
        return data
