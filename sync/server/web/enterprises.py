"""`/enterprises`: the registry with the device's folded search, and one enterprise's
profile, certificates, support and timeline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from field_app.i18n import _
from field_app.models.enterprise import KIND_LABELS, EnterpriseKind
from field_app.store.search import search_enterprises
from sync.server.web.mirror import Mirror
from sync.server.web.record_kinds import BY_KEY, LISTED
from sync.server.web.site import BadInput, Web, localized, page_url

PAGE_SIZE = 50
MAX_QUERY = 200


def kind_label(value: str, lang: str) -> str:
    """An enterprise kind in the interface language."""
    try:
        pair = KIND_LABELS[EnterpriseKind(value)]
    except ValueError:
        return value
    return pair[0] if lang == "vi" else pair[1]


def enterprise_filters(query: dict[str, str]) -> dict[str, Any]:
    """The registry's filters from URL parameters; BadInput says what to fix."""
    kind = query.get("kind", "").strip()
    if kind and kind not in {k.value for k in EnterpriseKind}:
        raise BadInput(_("kind: choose a kind of enterprise from the list"))
    page = query.get("page", "1").strip() or "1"
    if not page.isdigit() or not 1 <= int(page) <= 100_000:
        raise BadInput(_("page: give a page number from 1"))
    return {
        "q": query.get("q", "").strip()[:MAX_QUERY],
        "kind": kind,
        "commune": query.get("commune", "").strip()[:200],
        "tool": query.get("tool", "").strip()[:200],
        "page": int(page),
    }


def router(web: Web) -> APIRouter:
    """The registry routes."""
    from sync.server.web.exports import export_response

    routes = APIRouter()

    @routes.get("/enterprises")
    @localized(web)
    def enterprises(request: Request) -> Response:
        viewer = web.viewer(request)
        query = dict(request.query_params)
        try:
            flt = enterprise_filters(query)
        except BadInput as exc:
            return web.error(request, viewer, 400, _("Enterprises"), str(exc))
        mirror = web.mirror(viewer)
        if query.get("format"):
            return export_response(
                web, request, viewer, mirror, "enterprises", flt, query["format"]
            )
        found = search_enterprises(
            mirror.store,
            flt["q"],
            kind=flt["kind"] or None,
            commune=flt["commune"] or None,
            tool=flt["tool"] or None,
            limit=PAGE_SIZE,
            offset=(flt["page"] - 1) * PAGE_SIZE,
        )
        params = {k: v for k, v in flt.items() if k != "page"}
        return web.render(
            request,
            viewer,
            "enterprises.html",
            flt=flt,
            found=found,
            params=params,
            kinds=[(k.value, kind_label(k.value, viewer.lang)) for k in EnterpriseKind],
            kind_label=lambda v: kind_label(v, viewer.lang),
            communes=mirror.store.enterprises.communes(),
            tools=mirror.store.enterprises.tools(),
            prev_url=page_url("/enterprises", params, page=flt["page"] - 1)
            if flt["page"] > 1
            else "",
            next_url=page_url("/enterprises", params, page=flt["page"] + 1)
            if flt["page"] * PAGE_SIZE < found.total
            else "",
            xlsx_url=page_url("/enterprises", params, format="xlsx"),
            csv_url=page_url("/enterprises", params, format="csv"),
        )

    @routes.get("/enterprises/{enterprise_id}")
    @localized(web)
    def enterprise(request: Request, enterprise_id: str) -> Response:
        viewer = web.viewer(request)
        mirror = web.mirror(viewer)
        ent = mirror.store.enterprises.get(enterprise_id)
        if ent is None:
            return web.error(
                request,
                viewer,
                404,
                _("Enterprises"),
                _("No enterprise with this id in your province."),
            )
        return web.render(
            request,
            viewer,
            "enterprise.html",
            ent=ent,
            kind_label=kind_label(ent.kind.value, viewer.lang),
            certificates=mirror.store.enterprises.certifications(ent.id),
            supports=mirror.store.enterprises.supports(ent.id),
            timeline=timeline(mirror, ent.id),
        )

    return routes


def timeline(mirror: Mirror, enterprise_id: str) -> list[dict[str, Any]]:
    """Every visit, audit and check of an enterprise (with its review), newest first."""
    rows: list[dict[str, Any]] = []
    for key in LISTED:
        k = BY_KEY[key]
        if not k.has_enterprise:
            continue
        rows += [
            dict(r)
            for r in mirror.store.query(
                f"SELECT '{k.key}' AS kind, r.id, r.{k.day} AS day, r.status, r.created_by,"
                f" {k.summary} AS summary, r.supersedes, v.state AS review FROM {k.table} r"
                " LEFT JOIN reviews v ON v.record_id = r.id WHERE r.enterprise_id = ?",
                (enterprise_id,),
            )
        ]
    actions = mirror.store.query(
        "SELECT 'action' AS kind, id, coalesce(done_on, substr(created_at, 1, 10)) AS day,"
        " status, created_by, what AS summary, NULL AS supersedes, NULL AS review"
        " FROM actions WHERE enterprise_id = ?",
        (enterprise_id,),
    )
    rows += [dict(r) for r in actions]
    for course in mirror.store.training_courses.for_enterprise(enterprise_id):
        rows.append({"kind": "training", "id": course.id, "day": course.start_date.isoformat(),
                     "status": course.status.value, "created_by": course.created_by,
                     "summary": course.title or course.topic, "supersedes": course.supersedes,
                     "review": None})  # fmt: skip
    rows.sort(key=lambda r: (r["day"] or "", r["id"]), reverse=True)
    return rows
