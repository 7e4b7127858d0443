"""`/report/{year}`: the programme report of the user's province (or of all provinces)
from headquarters' data.

The figures come from `field_app.reports.programme.programme_figures`, the very
function behind `field-app report programme`, run on the scope's copy, which is a
database in the device's schema (see mirror.py and docs/decisions.md): one code path
for the indicators and their definitions, on a laptop and at headquarters.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from field_app.i18n import _
from sync.server.web.language import speaking
from sync.server.web.site import Viewer, Web, localized

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def router(web: Web) -> APIRouter:
    """The programme report route."""
    routes = APIRouter()

    @routes.get("/report/{year}")
    @localized(web)
    def report(request: Request, year: str) -> Response:
        from field_app.reports.programme import check_year, programme_figures
        from field_app.reports.programme_output import footnote_lines, report_title, table_rows

        viewer = web.viewer(request)
        fmt = request.query_params.get("format", "")
        with speaking(viewer.lang):
            try:
                number = check_year(int(year)) if year.isdigit() else check_year(-1)
            except ValueError as exc:
                return web.error(request, viewer, 400, _("Report"), str(exc))
            mirror = web.mirror(viewer)
            figures = programme_figures(mirror.store, number)
            if fmt in ("xlsx", "pdf"):
                return _file(viewer, figures, fmt)
            if fmt:
                return web.error(request, viewer, 400, _("Report"), _("format: use xlsx or pdf"))
            return web.render(
                request,
                viewer,
                "report.html",
                year=number,
                title=report_title(figures),
                rows=table_rows(figures),
                notes=footnote_lines(figures),
                report=figures,
            )

    return routes


def _scope_name(viewer: Viewer) -> str:
    return _("all provinces") if viewer.user.national else viewer.user.province


def _file(viewer: Viewer, figures: object, fmt: str) -> Response:
    from field_app.reports.programme_output import write_programme_xlsx

    folder = Path(tempfile.mkdtemp(prefix="hq-report-"))
    cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    name = f"programme_{figures.year}.{fmt}"  # type: ignore[attr-defined]
    out = folder / name
    if fmt == "xlsx":
        write_programme_xlsx(figures, out)  # type: ignore[arg-type]
        return FileResponse(out, media_type=XLSX_TYPE, filename=name, background=cleanup)
    write_programme_pdf(figures, out, _scope_name(viewer))
    return FileResponse(out, media_type="application/pdf", filename=name, background=cleanup)


def write_programme_pdf(figures: object, path: Path, scope: str) -> Path:
    """The report's table as a PDF, laid out with the reports' own document class."""
    from field_app.reports.pdf import ReportDocument
    from field_app.reports.programme_output import footnote_lines, report_title, table_rows

    doc = ReportDocument(report_title(figures), scope)  # type: ignore[arg-type]
    current = None
    rows: list[list[str]] = []
    head = [_("Indicator"), _("Value"), _("Target"), _("Reached")]
    widths = (100, 30, 20, 18)
    align = ("LEFT", "RIGHT", "RIGHT", "RIGHT")
    for section, label, value, target, reached in table_rows(figures):  # type: ignore[arg-type]
        if section != current:
            if rows:
                doc.table(head, rows, widths=widths, align=align)
                rows = []
            doc.heading(section)
            current = section
        rows.append([label, value, target, reached])
    if rows:
        doc.table(head, rows, widths=widths, align=align)
    for line in footnote_lines(figures):  # type: ignore[arg-type]
        doc.paragraph(line, size=8.5)
    return doc.save(path)
