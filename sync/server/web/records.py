"""`/records`: the filtered table of records, one record as its PDF shows it, its PDF,
and reviews (one record, or every ticked row of a filtered table)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from field_app.i18n import N_, _
from sync.server.web.forms import read_form, safe_next
from sync.server.web.language import speaking
from sync.server.web.mirror import Mirror
from sync.server.web.record_kinds import BY_KEY, LISTED, WebKind
from sync.server.web.records_query import (
    PAGE_SIZE,
    count_records,
    officers_in_scope,
    parse_filter,
    record_page,
)
from sync.server.web.reviews import MAX_BULK, review_records
from sync.server.web.site import BadInput, Forbidden, Web, localized, page_url, redirect


def find_record(mirror: Mirror, record_id: str) -> tuple[WebKind, Any] | None:
    """The kind and model of a record held in this copy."""
    for key in LISTED:
        kind = BY_KEY[key]
        record = getattr(mirror.store, kind.record.repository).get(record_id)
        if record is not None:
            return kind, record
    return None


def router(web: Web) -> APIRouter:
    """The records routes."""
    from sync.server.web.exports import export_response

    routes = APIRouter()

    @routes.get("/records")
    @localized(web)
    def records(request: Request) -> Response:
        viewer = web.viewer(request)
        query = dict(request.query_params)
        officers = officers_in_scope(web.hq, viewer.scope)
        try:
            flt = parse_filter(query, web.hq, viewer.scope, paged=not query.get("format"))
        except BadInput as exc:
            return web.error(request, viewer, 400, _("Records"), str(exc))
        mirror = web.mirror(viewer)
        if query.get("format"):
            return export_response(web, request, viewer, mirror, "records", flt, query["format"])
        total = count_records(mirror, flt)
        params = flt.params()
        return web.render(
            request,
            viewer,
            "records.html",
            flt=flt,
            params=params,
            rows=record_page(mirror, flt),
            total=total,
            officers=officers,
            communes=mirror.store.enterprises.communes(),
            kinds=list(BY_KEY.values()),
            notice=request.query_params.get("done") and _("Review saved."),
            back=page_url("/records", {**params, "page": flt.page}),
            prev_url=page_url("/records", params, page=flt.page - 1) if flt.page > 1 else "",
            next_url=page_url("/records", params, page=flt.page + 1)
            if flt.page * PAGE_SIZE < total
            else "",
            xlsx_url=page_url("/records", params, format="xlsx"),
            csv_url=page_url("/records", params, format="csv"),
            max_bulk=MAX_BULK,
        )

    @routes.get("/records/{record_id}")
    @localized(web)
    def record(request: Request, record_id: str) -> Response:
        viewer = web.viewer(request)
        mirror = web.mirror(viewer)
        found = find_record(mirror, record_id)
        if found is None:
            return web.error(
                request, viewer, 404, _("Records"), _("No record with this id in your province.")
            )
        kind, rec = found
        with speaking(viewer.lang):
            detail = record_detail(mirror, kind, rec)
        return web.render(
            request,
            viewer,
            "record.html",
            kind=kind,
            rec=rec,
            ent=mirror.store.enterprises.get(rec.enterprise_id) if kind.has_enterprise else None,
            names=mirror.store.enterprises.names(
                [e.enterprise_id for e in getattr(rec, "enterprises", [])]
            ),
            review=mirror.store.reviews.for_record(rec.id),
            actions=mirror.store.actions.for_source(rec.id),
            back=safe_next(request.query_params.get("back") or "/records"),
            notice=request.query_params.get("done") and _("Review saved."),
            **detail,
        )

    @routes.get("/records/{record_id}/pdf")
    @localized(web)
    def record_pdf(request: Request, record_id: str) -> Response:
        from field_app.reports.pdf import ReportError
        from field_app.reports.record_pdf import report_file_name, write_record_pdf

        viewer = web.viewer(request)
        mirror = web.mirror(viewer)
        found = find_record(mirror, record_id)
        if found is None:
            return web.error(
                request, viewer, 404, _("Records"), _("No record with this id in your province.")
            )
        kind, rec = found
        if kind.record.pdf is None:
            return web.error(
                request, viewer, 404, _("Records"), _("This record has no PDF report.")
            )
        mirror.link_files(photo_hashes(rec))
        folder = Path(tempfile.mkdtemp(prefix="hq-pdf-"))
        out = folder / "report.pdf"
        try:
            with speaking(viewer.lang):
                write_record_pdf(mirror.store, kind.pdf, rec.id, out)
        except (ReportError, OSError) as exc:
            _remove(folder)
            return web.error(request, viewer, 409, _("Records"), str(exc))
        ent = mirror.store.enterprises.get(getattr(rec, "enterprise_id", ""))
        name = report_file_name(ent.name if ent else "", kind.pdf, getattr(rec, kind.day))
        return FileResponse(
            out,
            media_type="application/pdf",
            filename=name,
            background=BackgroundTask(_remove, folder),
        )

    @routes.get("/files/{sha256}")
    @localized(web)
    def photo(request: Request, sha256: str) -> Response:
        from sync.server import files

        viewer = web.viewer(request)
        mirror = web.mirror(viewer)
        # Only files attached in the user's scope: a hash alone is no key to the store.
        attachment = mirror.store.attachments.get(sha256.lower())
        path = files.final_path(web.hq, sha256.lower()) if attachment else None
        if attachment is None or path is None or not path.exists():
            return web.error(request, viewer, 404, _("Photos"), _("This file is not here (yet)."))
        return FileResponse(path, media_type=attachment.media_type or "application/octet-stream")

    @routes.post("/records/review")
    async def post_review(request: Request) -> Response:
        form = await read_form(request)
        viewer = web.viewer(request)
        web.check_csrf(viewer, form.get("csrf"))
        if not viewer.user.can_review:
            raise Forbidden(N_("Only reviewers and administrators review records."))
        back = safe_next(form.get("back") or "/records")
        ids = form.all("ids")
        try:
            await run_in_threadpool(
                review_records, web, viewer, ids, form.get("state"), form.get("comment")
            )
        except BadInput as exc:
            return web.error(request, viewer, 400, _("Review"), str(exc))
        glue = "&" if "?" in back else "?"
        return redirect(f"{back}{glue}done=1")

    return routes


def photo_hashes(rec: Any) -> list[str]:
    """SHA-256 of every file attached to a record's items or criteria."""
    answers = getattr(rec, "items", None) or getattr(rec, "results", None) or []
    return [sha for a in answers for sha in a.attachments]


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def record_detail(mirror: Mirror, kind: WebKind, rec: Any) -> dict[str, Any]:
    """What the record page shows beyond the record itself, computed by the same
    functions the PDF report uses (scores per S, readiness, the template's wording)."""
    from field_app.reports.blocks import template_of
    from field_app.reports.pdf import ReportError

    store = mirror.store
    if kind.record.checklist is None:
        return {"sections": [], "score": None, "ready": None, "checklist": None}
    repo = getattr(store, kind.record.repository)
    try:
        template = template_of(repo, rec)
    except ReportError:
        return {"sections": [], "score": None, "ready": None, "checklist": None}
    sections = []
    for section in template.sections:
        items = []
        for item in section.items:
            answer = rec.item(item.id) if kind.key == "audit_5s" else rec.result(item.id)
            items.append({"item": item, "text": item.text(), "answer": answer})
        sections.append({"title": section.title(), "key": section.key, "rows": items})
    score = ready = None
    if kind.key == "audit_5s":
        score = store.audits_5s.score(rec)
    else:
        from field_app.scoring import readiness

        ready = readiness(template, rec)
    return {
        "sections": sections,
        "score": score,
        "ready": ready,
        "checklist": template,
        "max_score": template.scoring.max_score if kind.key == "audit_5s" else None,
    }


__all__ = ["LISTED", "find_record", "router"]
