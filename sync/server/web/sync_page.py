"""`/sync`: per device, the records headquarters refused (not fixed since) and the
conflicting edits it kept, for the user's province."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sync.server.storage import HQStore
from sync.server.web.mirror import ALL
from sync.server.web.site import Web, localized

LIMIT = 500


def _where(scope: str) -> tuple[str, list[Any]]:
    return ("", []) if scope == ALL else (" AND o.province_key = ?", [scope])


def refusals(hq: HQStore, scope: str) -> list[dict[str, Any]]:
    """Refused mutations whose record never arrived since, newest first."""
    where, params = _where(scope)
    rows = hq.query(
        "SELECT f.device_id, d.name AS device, o.name AS officer, f.entity, f.record_id,"
        " f.code, f.reason, f.at FROM refusals f JOIN devices d ON d.id = f.device_id"
        " JOIN officers o ON o.id = d.officer_id WHERE NOT EXISTS (SELECT 1 FROM records r"
        f" WHERE r.entity = f.entity AND r.id = f.record_id){where}"
        f" ORDER BY o.name, f.at DESC LIMIT {LIMIT}",
        params,
    )
    return [dict(r) for r in rows]


def conflicts(hq: HQStore, scope: str) -> list[dict[str, Any]]:
    """Kept conflicts (the losing value of an edit made on two sides), newest first."""
    where, params = ("", []) if scope == ALL else (" WHERE c.province = ?", [scope])
    rows = hq.query(
        "SELECT c.entity, c.record_id, c.field, c.kept_value, c.lost_value, c.lost_device,"
        " c.at, d.name AS device, o.name AS officer FROM conflicts c"
        " LEFT JOIN devices d ON d.id = c.lost_device LEFT JOIN officers o ON o.id = d.officer_id"
        f"{where} ORDER BY c.seq DESC LIMIT {LIMIT}",
        params,
    )
    found = []
    for r in rows:
        item = dict(r)
        for key in ("kept_value", "lost_value"):
            with contextlib.suppress(ValueError):
                item[key] = json.loads(item[key]) if item[key] is not None else ""
        found.append(item)
    return found


def router(web: Web) -> APIRouter:
    """The sync problems route."""
    routes = APIRouter()

    @routes.get("/sync")
    @localized(web)
    def sync(request: Request) -> Response:
        viewer = web.viewer(request)
        return web.render(
            request,
            viewer,
            "sync.html",
            refusals=refusals(web.hq, viewer.scope),
            conflicts=conflicts(web.hq, viewer.scope),
        )

    return routes
