"""Start-up measurement hook for bench/startup.py.

When FIELD_APP_READY_FILE is set, the first screen reports two moments into that
file, one wall-clock time per line: "screen" when it is first drawn and takes keys,
"data" when its data (read in a worker) is on screen; then the app exits, so the
benchmark can time both from outside the process.
"""

from __future__ import annotations

import os
import time

from textual.app import App

_reported: set[str] = set()


def report_ready(app: App, stage: str) -> None:
    """Record `stage` ("screen" or "data") once; after "data", quit if a benchmark asked."""
    path = os.environ.get("FIELD_APP_READY_FILE")
    if not path or stage in _reported:
        return
    _reported.add(stage)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{stage} {time.time()!r}\n")
    if stage == "data":
        app.exit(0)
