"""Logging in and out, and the language switch."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from field_app.i18n import _
from sync.server.users import verify_login
from sync.server.web.forms import read_form, safe_next
from sync.server.web.language import LANG_COOKIE, choose, speaking
from sync.server.web.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_HOURS,
    csrf_ok,
    csrf_token,
    make_session,
)
from sync.server.web.site import Web, redirect


def router(web: Web) -> APIRouter:
    """The login, logout and language routes."""
    routes = APIRouter()

    def login_page(
        request: Request, error: str = "", status: int = 200, login: str = ""
    ) -> Response:
        binding = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(16)
        response = web.render(
            request,
            None,
            "login.html",
            status=status,
            csrf=csrf_token(web.key, binding),
            error=error,
            login=login,
            next=safe_next(request.query_params.get("next")),
        )
        response.set_cookie(
            LOGIN_COOKIE, binding, httponly=True, samesite="strict", max_age=3600, path="/"
        )
        return response

    @routes.get("/login")
    def get_login(request: Request) -> Response:
        return login_page(request)

    @routes.post("/login")
    async def post_login(request: Request) -> Response:
        form = await read_form(request)
        lang = web.language(request)
        login, password = form.get("login").strip(), form.get("password")
        if not csrf_ok(web.key, request.cookies.get(LOGIN_COOKIE), form.get("csrf")):
            with speaking(lang):
                error = _("This form has expired: reload the page and try again.")
            return login_page(request, error, 403, login)
        address = request.client.host if request.client else "-"
        wait = web.limiter.wait_seconds(login, address)
        if wait:
            with speaking(lang):
                error = _(
                    "Too many failed attempts: wait {minutes} minute(s) and try again."
                ).format(minutes=max(1, round(wait / 60)))
            return login_page(request, error, 429, login)
        user = await run_in_threadpool(verify_login, web.hq, login, password)
        if user is None:
            web.limiter.failed(login, address)
            with speaking(lang):
                error = _("Wrong login or password.")
            return login_page(request, error, 401, login)
        web.limiter.succeeded(login)
        response = redirect(safe_next(form.get("next")))
        response.set_cookie(
            SESSION_COOKIE,
            make_session(web.key, user.login),
            max_age=SESSION_HOURS * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @routes.post("/logout")
    async def post_logout(request: Request) -> Response:
        form = await read_form(request)
        viewer = web.viewer(request)
        web.check_csrf(viewer, form.get("csrf"))
        response = redirect("/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @routes.get("/lang/{code}")
    def set_lang(request: Request, code: str) -> Response:
        # Only a display preference: no data changes, so a plain link is enough.
        response = redirect(safe_next(request.query_params.get("next")))
        response.set_cookie(
            LANG_COOKIE, choose(code), max_age=365 * 86400, samesite="lax", path="/"
        )
        return response

    return routes
