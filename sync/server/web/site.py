"""The web interface's shared machinery: who is asking, in which language, and the
rendering of a page (templates, formats, CSRF token), used by every page module."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from field_app.i18n import N_, _, format_date, format_money, format_number
from sync.server.storage import HQStore
from sync.server.users import User, get_user, sessions_after
from sync.server.web.language import LANG_COOKIE, choose, speaking
from sync.server.web.mirror import ALL, Mirror, Mirrors
from sync.server.web.record_kinds import KINDS
from sync.server.web.security import (
    SESSION_COOKIE,
    LoginLimiter,
    csrf_ok,
    csrf_token,
    read_session,
    secret_key,
)

HERE = Path(__file__).parent
REVIEW_NAMES = {"approved": N_("approved"), "issues": N_("has issues"), "none": N_("not reviewed")}
OUTCOME_NAMES = {"pass": N_("pass"), "fail": N_("fail"), "na": N_("not applicable")}


def purpose_label(value: str) -> str:
    """A visit purpose in the interface language."""
    from field_app.i18n import current_language
    from field_app.models.visit import PURPOSE_LABELS, VisitPurpose

    try:
        pair = PURPOSE_LABELS[VisitPurpose(value)]
    except ValueError:
        return value
    return pair[0] if current_language() == "vi" else pair[1]


def _topic_label(key: str) -> str:
    from field_app.models.training import topic_label

    return topic_label(key)


def summary(row: dict[str, Any]) -> str:
    """A records-table row's one-line summary (a visit's purpose in words)."""
    if row.get("kind") == "visit":
        return purpose_label(row.get("summary") or "")
    if row.get("kind") == "training":
        from field_app.models.training import topic_label

        return topic_label(row.get("summary") or "")
    return str(row.get("summary") or "")


class LoginRequired(Exception):
    """No valid session: the answer is the login page."""


class Forbidden(Exception):
    """A valid user asking for what their role does not allow."""


class BadInput(ValueError):
    """A filter or form value that cannot be used; the message says what to fix."""


@dataclass
class Viewer:
    """The user behind a request, their language and their CSRF token."""

    user: User
    lang: str
    csrf: str
    nonce: str

    @property
    def scope(self) -> str:
        """The province key whose data this user sees (ALL for national users)."""
        return ALL if self.user.national else self.user.province_key


@dataclass
class Web:
    """Everything the pages share: the database, its copies, keys, templates."""

    hq: HQStore
    mirrors: Mirrors = field(init=False)
    key: bytes = field(init=False)
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    env: Any = field(init=False)

    def __post_init__(self) -> None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.mirrors = Mirrors(self.hq)
        self.key = secret_key(self.hq)
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            _=lambda text: _(text),
            url=page_url,
            kind_names={k.key: k.label for k in KINDS},
            review_names=REVIEW_NAMES,
            outcome_names=OUTCOME_NAMES,
            purpose_label=purpose_label,
            topic_label=_topic_label,
            summary=summary,
        )
        self.env.filters.update(
            day=show_date,
            money=format_money,
            number=_number,
            percent=_percent,
            sentence=lambda text: text[:1].upper() + text[1:],
        )

    # -- who is asking -------------------------------------------------------------

    def language(self, request: Request) -> str:
        """The language cookie's choice, Vietnamese when there is none."""
        return choose(request.cookies.get(LANG_COOKIE))

    def viewer(self, request: Request) -> Viewer:
        """The logged-in user, or LoginRequired."""
        session = read_session(self.key, request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise LoginRequired()
        user = get_user(self.hq, session.login)
        if user is None or user.disabled:
            raise LoginRequired()
        if session.issued < sessions_after(self.hq, user.login):
            raise LoginRequired()
        return Viewer(
            user, self.language(request), csrf_token(self.key, session.nonce), session.nonce
        )

    def check_csrf(self, viewer: Viewer, token: str | None) -> None:
        """Refuse a form whose token is not this session's."""
        if not csrf_ok(self.key, viewer.nonce, token):
            raise Forbidden(N_("This form has expired: reload the page and try again."))

    def mirror(self, viewer: Viewer) -> Mirror:
        """The caught-up copy of the data this user may see."""
        return self.mirrors.get(viewer.scope)

    # -- answers -----------------------------------------------------------------

    def render(
        self,
        request: Request,
        viewer: Viewer | None,
        template: str,
        status: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        """A page in the viewer's language."""
        lang = viewer.lang if viewer else self.language(request)
        context.setdefault("this_year", date.today().year)
        with speaking(lang):
            html = self.env.get_template(template).render(
                request=request,
                viewer=viewer,
                user=viewer.user if viewer else None,
                lang=lang,
                csrf=viewer.csrf if viewer else context.pop("csrf", ""),
                path=request.url.path,
                query=str(request.url.query),
                **context,
            )
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def error(
        self, request: Request, viewer: Viewer | None, status: int, heading: str, message: str
    ) -> HTMLResponse:
        """A page saying what went wrong and what to do."""
        return self.render(request, viewer, "error.html", status, heading=heading, message=message)


SECURITY_HEADERS = {
    # Every asset comes from field-hq itself; nothing may be framed or sniffed.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self';"
    " script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def localized(web: Web) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Run a (synchronous) page handler in the language of its request, so that every
    message it makes, filter errors included, is in the user's language."""

    def wrap(handler: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(handler)
        def run(request: Request, *args: Any, **kwargs: Any) -> Response:
            with speaking(web.language(request)):
                return handler(request, *args, **kwargs)

        return run

    return wrap


def redirect(url: str) -> Response:
    """A 303 to `url` (after a form, the browser then GETs it)."""
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def page_url(path: str, params: dict[str, Any] | None = None, **changes: Any) -> str:
    """`path` with the non-empty `params` updated by `changes` as its query."""
    merged = {**(params or {}), **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")}, doseq=True)
    return f"{path}?{query}" if query else path


def show_date(value: Any) -> str:
    """A date (or ISO text) as dd/mm/yyyy; "" when empty or unreadable."""
    if not value:
        return ""
    if isinstance(value, date | datetime):
        return format_date(value)
    try:
        return format_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _number(value: Any) -> str:
    return "—" if value is None else format_number(value)


def _percent(value: Any) -> str:
    from field_app.reports.formats import format_percent

    return format_percent(value)


def parse_day(value: str | None, what: str) -> date | None:
    """A date typed as dd/mm/yyyy or sent by a date field as yyyy-mm-dd."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if "/" in value:
            d, m, y = value.split("/")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            _("{what}: '{value}' is not a date; write it as dd/mm/yyyy").format(
                what=what, value=value
            )
        ) from None
