"""The headquarters web interface, served by field-hq beside the /v1 sync API.

Server-rendered pages (Jinja2) for the department's staff: an overview, the
registry, the records with their reviews, the programme report, officers and
devices, and sync problems. Every asset is served from `static/`: a department's
intranet may have no internet. See README ("Headquarters on the web").
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from field_app.i18n import _
from sync.server.storage import HQStore
from sync.server.web.language import speaking
from sync.server.web.site import HERE, BadInput, Forbidden, LoginRequired, Web, page_url, redirect


def install(app: FastAPI, hq: HQStore) -> Web:
    """Add the web interface's routes to `app`."""
    from sync.server.web import (
        auth_pages,
        enterprises,
        officers_page,
        overview,
        records,
        report_page,
        sync_page,
    )

    web = Web(hq)
    app.state.web = web
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/"
        return redirect(page_url("/login", {"next": target if target != "/" else ""}))

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        try:
            viewer = web.viewer(request)
        except LoginRequired:
            return redirect("/login")

        def page() -> Response:
            # Messages are marked with N_() where raised and translated here, in the
            # user's language (an async handler holds no language while it runs).
            with speaking(viewer.lang):
                message = _(str(exc)) if str(exc) else _("Your role does not allow this.")
                return web.error(request, viewer, 403, _("Not allowed"), message)

        return await run_in_threadpool(page)

    @app.exception_handler(BadInput)
    async def _bad_input(request: Request, exc: BadInput) -> Response:
        viewer = web.viewer(request)

        def page() -> Response:
            with speaking(viewer.lang):
                return web.error(request, viewer, 400, _("Check the form"), _(str(exc)))

        return await run_in_threadpool(page)

    for module in (
        auth_pages,
        overview,
        enterprises,
        records,
        report_page,
        officers_page,
        sync_page,
    ):
        app.include_router(module.router(web))
    return web
