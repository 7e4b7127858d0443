"""Enrolling a device: a one-time code from headquarters exchanged for a token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.i18n import _
from sync.credentials import Credentials, save_credentials
from sync.link import Link, Refused, SyncError, read_answer
from sync.protocol import EnrollRequest, EnrollResponse

if TYPE_CHECKING:
    from field_app.store.store import Store


def enroll(
    store: Store, server: str, code: str, device_name: str = "", link: Link | None = None
) -> Credentials:
    """Enroll this device with a one-time code and save the token.

    Safe to retry: the same code from the same device succeeds again.
    """
    import socket

    own = link is None
    link = link or Link(server)
    request = EnrollRequest(
        code=code, device_id=store.device_id, device_name=device_name or socket.gethostname()
    )
    try:
        data = link.call("POST", "/v1/enroll", json=request.wire())
    except Refused as exc:
        raise SyncError(
            exc.code, _("headquarters refused the enrollment: {error}").format(error=exc)
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
