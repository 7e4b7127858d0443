"""The xlsx export: one workbook, one sheet per record kind, streamed to disk.

openpyxl's write-only mode writes each row to disk as it comes, so memory stays
flat however large the database. Dates are real spreadsheet dates shown
dd/mm/yyyy, money is a number shown in dong, percentages are numbers shown as %.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.export.kinds import DATE, MONEY, NUMBER, PERCENT, Kind, Period
from field_app.export.output import atomic_path

if TYPE_CHECKING:
    from field_app.store import Store

DATE_FORMAT = "dd/mm/yyyy"
# Number formats are stored locale-neutral: "," here means "group thousands", and a
# spreadsheet opened with Vietnamese regional settings shows it as "." (50.000.000 ₫).
MONEY_FORMAT = '#,##0 "₫"'
PERCENT_FORMAT = "0.0%"
NUMBER_FORMAT = "0.0"
# Rows read before the columns are sized (write-only sheets take widths up front).
SIZING_SAMPLE = 200
MAX_WIDTH = 60

Progress = Callable[[str, int, int], None]
"""Called as (sheet title, rows written, rows expected)."""


def sheet_title(title: str, used: set[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def column_widths(kind: Kind, sample: Sequence[Sequence[Any]]) -> list[float]:
    """Widths from the header and the first rows, within sensible bounds."""
    widths = []
    for i, col in enumerate(kind.columns):
        if col.type == DATE:
            widths.append(max(12, len(col.header) + 2))
            continue
        longest = max((len(str(row[i])) for row in sample if row[i] is not None), default=0)
        want = max(len(col.header), longest) + 2
        if col.width:
            want = min(want, col.width) if longest else max(len(col.header) + 2, 8)
        widths.append(float(min(max(want, 8), MAX_WIDTH)))
    return widths


def write_workbook(
    store: Store,
    path: Path,
    kinds: Iterable[Kind],
    period: Period | None = None,
    progress: Progress | None = None,
    every: int = 5000,
) -> dict[str, int]:
    """Write every kind to one workbook at `path` (atomically); return rows per kind."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    period = period or Period()
    written: dict[str, int] = {}
    with atomic_path(path) as tmp:
        wb = Workbook(write_only=True)
        used: set[str] = set()
        bold = Font(bold=True)
        for kind in kinds:
            ws = wb.create_sheet(title=sheet_title(kind.title, used))
            total = kind.count(store, period) if progress else 0
            rows = iter(kind.rows(store, period))
            sample = list(itertools.islice(rows, SIZING_SAMPLE))
            for i, width in enumerate(column_widths(kind, sample), start=1):
                ws.column_dimensions[get_column_letter(i)].width = width
            ws.freeze_panes = "A2"
            header = []
            for col in kind.columns:
                cell = WriteOnlyCell(ws, value=col.header)
                cell.font = bold
                header.append(cell)
            ws.append(header)
            types = [col.type for col in kind.columns]
            count = 0
            for row in itertools.chain(sample, rows):
                ws.append(_cells(ws, WriteOnlyCell, types, row))
                count += 1
                if progress and count % every == 0:
                    progress(ws.title, count, total)
            if progress:
                progress(ws.title, count, total)
            written[kind.key] = count
        wb.save(tmp)
    return written


def _cells(ws: Any, cell_type: Any, types: list[str], row: Sequence[Any]) -> list[Any]:
    # Plain values are fastest; only cells needing a number format (or protection from
    # being read as a formula) become cell objects.
    out: list[Any] = []
    for kind, value in zip(types, row, strict=True):
        if value is None or value == "":
            out.append(None)
        elif kind == DATE:
            cell = cell_type(ws, value=value)
            cell.number_format = DATE_FORMAT
            out.append(cell)
        elif kind == MONEY:
            cell = cell_type(ws, value=value)
            cell.number_format = MONEY_FORMAT
            out.append(cell)
        elif kind == PERCENT:
            cell = cell_type(ws, value=value)
            cell.number_format = PERCENT_FORMAT
            out.append(cell)
        elif kind == NUMBER:
            cell = cell_type(ws, value=value)
            cell.number_format = NUMBER_FORMAT
            out.append(cell)
        elif isinstance(value, str) and value.startswith("="):
            # Text an officer typed must stay text, never run as a formula.
            cell = cell_type(ws, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out
