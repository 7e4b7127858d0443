"""Exports of a filtered table: the same URL with `format=xlsx` or `format=csv`.

The workbook is the device's own export (field_app.export: the same sheets, headers,
formats and language) run on a scratch database in the device's schema that holds
only the filtered rows, copied from the scope's copy by SQLite itself. So an export
can never differ from an officer's export of the same records, and the filter (and
the user's province) decide what is in it, nothing else.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from field_app.i18n import _
from sync.server.web.language import speaking
from sync.server.web.mirror import Mirror
from sync.server.web.record_kinds import BY_KEY, LISTED

if TYPE_CHECKING:
    from sync.server.web.records_query import RecordFilter
    from sync.server.web.site import Viewer, Web

MAX_ROWS = 200_000
"""Rows one export may hold; more is refused with a message to narrow the filter."""
# The tables of the records a records export may hold.
_RECORD_TABLES = tuple(BY_KEY[key].table for key in LISTED)
_OWNED_TABLES = tuple(BY_KEY[key].table for key in LISTED if BY_KEY[key].has_enterprise)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns(conn: sqlite3.Connection, table: str) -> str:
    names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "rid"]
    return ", ".join(names)


def _copy(conn: sqlite3.Connection, table: str, where: str) -> None:
    cols = _columns(conn, table)
    conn.execute(
        f"INSERT OR IGNORE INTO main.{table} ({cols}) SELECT {cols} FROM src.{table} WHERE {where}"
    )


def filtered_store(mirror: Mirror, folder: Path, what: str, ids: list[str]) -> Any:
    """A scratch device database in `folder` holding the rows of `ids` and what their
    sheets need: for enterprises, their support and certificates; for records, their
    enterprise, corrective actions, templates and reviews."""
    from field_app.store import open_store

    scratch = open_store(folder / "export.db")
    conn = scratch.conn
    with scratch.lock:
        conn.execute("ATTACH DATABASE ? AS src", (str(mirror.store.path),))
        try:
            conn.execute("BEGIN")
            conn.execute("CREATE TEMP TABLE keep (id TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(i,) for i in ids])
            keep = "id IN (SELECT id FROM temp.keep)"
            if what == "enterprises":
                _copy(conn, "enterprises", keep)
                for table in ("supports", "certifications"):
                    _copy(conn, table, "enterprise_id IN (SELECT id FROM temp.keep)")
            else:
                owners = " UNION ".join(
                    f"SELECT enterprise_id FROM src.{t} WHERE {keep}" for t in _OWNED_TABLES
                )
                _copy(conn, "enterprises", f"id IN ({owners})")
                _copy(conn, "templates", "1")
                for table in _RECORD_TABLES:
                    _copy(conn, table, keep)
                _copy(conn, "actions", "source_id IN (SELECT id FROM temp.keep)")
                _copy(conn, "reviews", "record_id IN (SELECT id FROM temp.keep)")
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("DETACH DATABASE src")
    return scratch


def _ids(mirror: Mirror, what: str, flt: Any) -> list[str]:
    if what == "enterprises":
        from field_app.store.search import search_enterprises

        page = search_enterprises(
            mirror.store,
            flt["q"],
            kind=flt["kind"] or None,
            commune=flt["commune"] or None,
            tool=flt["tool"] or None,
            limit=MAX_ROWS + 1,
        )
        return [e.id for e in page.items]
    from sync.server.web.records_query import matching_ids

    return [i for _k, i in matching_ids(mirror, flt, MAX_ROWS + 1)]


def export_response(
    web: Web,
    request: Request,
    viewer: Viewer,
    mirror: Mirror,
    what: str,
    flt: RecordFilter | dict,
    fmt: str,
) -> Response:
    """The filtered table as an xlsx workbook or CSV, streamed from a scratch file."""
    from field_app.export.csv_files import write_csv_folder
    from field_app.export.registry import export_kinds
    from field_app.export.xlsx import write_workbook

    if fmt not in ("xlsx", "csv"):
        return web.error(request, viewer, 400, _("Export"), _("format: use xlsx or csv"))
    ids = _ids(mirror, what, flt)
    if len(ids) > MAX_ROWS:
        return web.error(
            request, viewer, 413, _("Export"), _("Too many rows to export: narrow the filter.")
        )
    folder = Path(tempfile.mkdtemp(prefix="hq-export-"))
    cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    stamp = date.today().isoformat()
    try:
        with speaking(viewer.lang):
            scratch = filtered_store(mirror, folder, what, ids)
            try:
                kinds = export_kinds(scratch)
                if fmt == "xlsx":
                    out = folder / f"{what}_{stamp}.xlsx"
                    write_workbook(scratch, out, kinds)
                    return FileResponse(
                        out, media_type=XLSX_TYPE, filename=out.name, background=cleanup
                    )
                chosen = _main_sheet(scratch, what, flt) or kinds
                write_csv_folder(scratch, folder / "csv", chosen)
            finally:
                scratch.close()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    files = sorted((folder / "csv").glob("*.csv"))
    if len(files) == 1:
        name = f"{files[0].stem}_{stamp}.csv"
        return FileResponse(
            files[0], media_type="text/csv; charset=utf-8", filename=name, background=cleanup
        )
    bundle = folder / f"{what}_{stamp}.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, path.name)
    return FileResponse(
        bundle, media_type="application/zip", filename=bundle.name, background=cleanup
    )


def _main_sheet(store: Any, what: str, flt: Any) -> list[Any]:
    """The one sheet a CSV of a table of one kind is (none: every sheet, zipped)."""
    from field_app.export.registry import sheets_of
    from field_app.kinds import ENTERPRISE

    if what == "enterprises":
        record = ENTERPRISE
    elif getattr(flt, "kind", ""):
        record = BY_KEY[flt.kind].record
    else:
        return []
    return list(sheets_of(record, store))[:1]
