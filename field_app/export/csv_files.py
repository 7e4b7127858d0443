"""The CSV export: one UTF-8 file per record kind in a folder.

Files start with a byte-order mark (UTF-8 "with BOM"): without it Excel on Windows
reads a CSV as the legacy code page and turns "Lạng Sơn" into mojibake; with it,
Excel, LibreOffice and Python (`encoding="utf-8-sig"`) all read Vietnamese right.
Dates are ISO (yyyy-mm-dd), which every spreadsheet reads as a date whatever its
regional settings; money is a plain integer of dong; percentages are numbers 0-100.

A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a
tab or a carriage return) is written with a leading apostrophe, as OWASP advises
against CSV injection: a name typed as `=HYPERLINK(...)` stays text when opened.
Numbers are written as numbers, never prefixed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from field_app.export.kinds import PERCENT, Kind, Period
from field_app.export.output import atomic_path, check_target
from field_app.export.xlsx import Progress

if TYPE_CHECKING:
    from field_app.store import Store

ENCODING = "utf-8-sig"


def write_csv_folder(
    store: Store,
    folder: Path,
    kinds: Iterable[Kind],
    period: Period | None = None,
    progress: Progress | None = None,
    every: int = 5000,
) -> dict[str, int]:
    """Write `<folder>/<kind key>.csv` for each kind, each atomically; return rows per kind."""
    folder = check_target(Path(folder), folder=True)
    folder.mkdir(exist_ok=True)
    period = period or Period()
    written: dict[str, int] = {}
    for kind in kinds:
        target = folder / f"{kind.key}.csv"
        total = kind.count(store, period) if progress else 0
        percent = [i for i, col in enumerate(kind.columns) if col.type == PERCENT]
        count = 0
        with atomic_path(target) as tmp, open(tmp, "w", encoding=ENCODING, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([col.header for col in kind.columns])
            for row in kind.rows(store, period):
                values = [_text(v) for v in row]
                for i in percent:  # 0.875 in a sheet shown as 87.5%; in CSV write 87.5
                    if row[i] is not None:
                        values[i] = _text(round(row[i] * 100, 2))
                writer.writerow(values)
                count += 1
                if progress and count % every == 0:
                    progress(kind.title, count, total)
        if progress:
            progress(kind.title, count, total)
        written[kind.key] = count
    return written


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
