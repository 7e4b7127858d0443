"""Enrolling a device: a one-time code from headquarters exchanged for a token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.i18n import _
from sync.credentials import Credentials, enrollment_secret, save_credentials
from sync.link import Link, Refused, SyncError, read_answer, refused_text
from sync.protocol import EnrollRequest, EnrollResponse

if TYPE_CHECKING:
    from field_app.store.store import Store


def _first_then_retry(link: Link, request: EnrollRequest, secret: str) -> Any:
    """The first attempt once; if its answer is lost, retries that carry the secret
    (headquarters may have used the code for this device already)."""
    retries, link.retries = link.retries, 0
    try:
        return link.call("POST", "/v1/enroll", json=request.wire())
    except SyncError as exc:
        if exc.code != "no_link" or retries == 0:
            raise
    finally:
        link.retries = retries
    again = request.model_copy(update={"secret": secret})
    return link.call("POST", "/v1/enroll", json=again.wire())


def enroll(
    store: Store, server: str, code: str, device_name: str = "", link: Link | None = None
) -> Credentials:
    """Enroll this device with a one-time code and save the token.

    Safe to retry after a lost answer: the first attempt sends the hash of a secret
    made for it (kept owner-only beside the tokens), a retry sends the secret itself,
    which proves it is the same device; nobody else can use the code again.
    """
    import hashlib
    import socket

    code_key = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    secret, retry = enrollment_secret(store.device_id, code_key)
    own = link is None
    link = link or Link(server)
    request = EnrollRequest(
        code=code,
        device_id=store.device_id,
        device_name=(device_name or socket.gethostname())[:200],
        proof=hashlib.sha256(secret.encode()).hexdigest(),
        secret=secret if retry else "",
    )
    try:
        if retry:
            data = link.call("POST", "/v1/enroll", json=request.wire())
        else:
            data = _first_then_retry(link, request, secret)
    except Refused as exc:
        raise SyncError(
            exc.code,
            _("headquarters refused the enrollment: {error}").format(error=refused_text(exc)),
        ) from exc
    finally:
        if own:
            link.close()
    answer: EnrollResponse = read_answer(EnrollResponse, data)
    creds = Credentials(
        server.rstrip("/"), answer.token, store.device_id, answer.officer, answer.province
    )
    save_credentials(creds)
    return creds
