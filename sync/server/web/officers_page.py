"""`/officers` (administrators): officers and their devices; add an officer and show
the enrollment code once, issue a new code for a lost or replaced laptop, revoke one
device. Provincial administrators manage their own province's officers only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from field_app.i18n import N_, _
from sync.server.officers import add_officer, new_code, replacement_code, revoke_device
from sync.server.storage import HQStore
from sync.server.web.forms import read_form
from sync.server.web.mirror import ALL
from sync.server.web.site import BadInput, Forbidden, Viewer, Web, localized, redirect


def officers_with_devices(hq: HQStore, scope: str) -> list[dict[str, Any]]:
    """Officers in `scope` with their devices (newest first)."""
    sql = (
        "SELECT o.id, o.name, o.province, o.province_key, o.revoked, EXISTS (SELECT 1 FROM"
        " enroll_codes c WHERE c.officer_id = o.id AND c.void = 0 AND c.used_at IS NULL)"
        " AS code_pending FROM officers o"
    )
    params: list[Any] = []
    if scope != ALL:
        sql += " WHERE o.province_key = ?"
        params.append(scope)
    officers = [dict(r) for r in hq.query(sql + " ORDER BY o.name", params)]
    for o in officers:
        o["devices"] = [
            dict(d)
            for d in hq.query(
                "SELECT id, name, enrolled_at, last_seen, token_hash IS NOT NULL AS active"
                " FROM devices WHERE officer_id = ? ORDER BY enrolled_at DESC",
                (o["id"],),
            )
        ]
    return officers


def device_in_scope(hq: HQStore, device_id: str, scope: str) -> bool:
    """True when the device belongs to an officer this administrator manages."""
    rows = hq.query(
        "SELECT o.province_key FROM devices d JOIN officers o ON o.id = d.officer_id"
        " WHERE d.id = ?",
        (device_id,),
    )
    return bool(rows) and (scope == ALL or rows[0][0] == scope)


def _officer_in_scope(hq: HQStore, officer_id: str, scope: str) -> str:
    rows = hq.query("SELECT name, province_key FROM officers WHERE id = ?", (officer_id,))
    if not rows or (scope != ALL and rows[0][1] != scope):
        raise BadInput(N_("No officer with this id in your province."))
    return str(rows[0][0])


def router(web: Web) -> APIRouter:
    """The officers routes."""
    routes = APIRouter()

    def admin(request: Request) -> Viewer:
        viewer = web.viewer(request)
        if not viewer.user.is_admin:
            raise Forbidden(N_("Only administrators manage officers and devices."))
        return viewer

    def page(request: Request, viewer: Viewer, **extra: Any) -> Response:
        return web.render(
            request,
            viewer,
            "officers.html",
            officers=officers_with_devices(web.hq, viewer.scope),
            **extra,
        )

    @routes.get("/officers")
    @localized(web)
    def officers(request: Request) -> Response:
        viewer = admin(request)
        done = request.query_params.get("done")
        return page(request, viewer, notice=_("Device revoked.") if done == "revoked" else "")

    @routes.post("/officers")
    async def post_officer(request: Request) -> Response:
        form = await read_form(request)
        viewer = admin(request)
        web.check_csrf(viewer, form.get("csrf"))
        name = form.get("name").strip()
        province = viewer.user.province if not viewer.user.national else form.get("province")
        try:
            code = await run_in_threadpool(add_officer, web.hq, name, province)
        except ValueError as exc:
            return page(request, viewer, error=str(exc))
        return page(request, viewer, code=code, code_for=name)

    @routes.post("/officers/{officer_id}/code")
    async def post_code(request: Request, officer_id: str) -> Response:
        form = await read_form(request)
        viewer = admin(request)
        web.check_csrf(viewer, form.get("csrf"))
        name = _officer_in_scope(web.hq, officer_id, viewer.scope)
        if form.get("replace"):
            # A lost or replaced laptop: its token stops working now.
            code, _revoked = await run_in_threadpool(replacement_code, web.hq, name)
        else:
            code = await run_in_threadpool(new_code, web.hq, name)
        return page(request, viewer, code=code, code_for=name)

    @routes.post("/devices/{device_id}/revoke")
    async def post_revoke(request: Request, device_id: str) -> Response:
        form = await read_form(request)
        viewer = admin(request)
        web.check_csrf(viewer, form.get("csrf"))
        if not await run_in_threadpool(device_in_scope, web.hq, device_id, viewer.scope):
            raise BadInput(N_("No device with this id in your province."))
        await run_in_threadpool(revoke_device, web.hq, device_id)
        return redirect("/officers?done=revoked")

    return routes
