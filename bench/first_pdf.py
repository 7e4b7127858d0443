"""Time of the first PDF report a fresh process makes: a 5S audit report written by
`field-app report audit ID -o FILE.pdf` in a new `python` process with an empty font
cache (what an officer waits for after installing or rebooting).

    python bench/first_pdf.py      # last line: first_pdf: X s
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _fixtures import copy_of, demo_db


def main() -> None:
    db = copy_of(demo_db(200, 400), "first-pdf.db")
    import sqlite3

    conn = sqlite3.connect(db)
    audit_id = conn.execute(
        "SELECT id FROM audits_5s WHERE status = 'completed' LIMIT 1"
    ).fetchone()[0]
    conn.close()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FIELD_APP_HOME": tmp, "FIELD_APP_CACHE": str(Path(tmp) / "cache")}
        out = Path(tmp) / "audit.pdf"
        command = [sys.executable, "-m", "field_app.cli", "--db", str(db), "report", "audit"]
        start = time.perf_counter()
        subprocess.run([*command, audit_id, "-o", str(out)], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        took = time.perf_counter() - start
        assert out.stat().st_size > 0
    print(f"first_pdf: {took:.2f} s")


if __name__ == "__main__":
    main()
