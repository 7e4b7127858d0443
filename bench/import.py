"""Importing a 50,000-row enterprise CSV into a fresh database, and the peak memory
of a 1,000,000-row one.

The CSV has Vietnamese headers and realistic rows from the demo generator; the
import validates every row, maps it onto the 2025 administrative map, matches it
against the registry and writes in one transaction with synchronous=FULL, search
index and sync outbox included. The 1,000,000-row import runs in a child process so
its peak resident memory is its own (goal: < 500 MB, since rows are streamed).

    python bench/import.py            # last line: import_50k: X s
    python bench/import.py --no-million   # skip the 1,000,000-row memory run
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import csv
import random
import resource
import subprocess
import time
from pathlib import Path

from _fixtures import OUT

from field_app.demo import make_enterprise
from field_app.importer import import_enterprises
from field_app.models.enterprise import KIND_LABELS
from field_app.store import open_store

ROWS = 50_000
HEADERS = [
    "Tên doanh nghiệp",
    "Mã số thuế",
    "Loại hình",
    "Tỉnh/Thành phố",
    "Xã/Phường",
    "Địa chỉ",
    "Ngành nghề",
    "Người đại diện",
    "Điện thoại",
]


def write_csv(path) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADERS)
        for i in range(ROWS):
            e = make_enterprise(rng, i)
            out.writerow(
                [
                    e.name,
                    e.tax_code or "",
                    KIND_LABELS[e.kind][0],
                    e.province,
                    e.commune,
                    e.address,
                    e.sector,
                    e.representative,
                    e.phone or "",
                ]
            )


MILLION = 1_000_000


def write_million(path: Path, template: Path) -> None:
    """1,000,000 rows: the 50,000 demo rows repeated, each with its own tax code."""
    with template.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    tax = header.index("Mã số thuế")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(MILLION):
            row = list(body[i % len(body)])
            row[tax] = f"{4000000000 + i:010d}"
            row[0] = f"{row[0]} {i // len(body)}"  # names repeat per commune otherwise
            out.writerow(row)


def million_child(source: Path) -> None:
    """Import the big file and print this process's peak resident memory."""
    db = OUT / "import-million.db"
    for suffix in ("", "-wal", "-shm"):
        OUT.joinpath(db.name + suffix).unlink(missing_ok=True)
    with open_store(db, "Bench") as store:
        t0 = time.perf_counter()
        report = import_enterprises(store, source, skip_invalid=True)
        took = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"million: {report.added} added in {took:.1f} s, peak memory {peak_mb:.0f} MB")
    for suffix in ("", "-wal", "-shm"):
        OUT.joinpath(db.name + suffix).unlink(missing_ok=True)


def main() -> None:
    if "--million-child" in sys.argv:
        million_child(Path(sys.argv[-1]))
        return
    OUT.mkdir(exist_ok=True)
    source = OUT / "import-50k.csv"
    if not source.exists():
        write_csv(source)
    db = OUT / "import-bench.db"
    for suffix in ("", "-wal", "-shm"):
        OUT.joinpath(db.name + suffix).unlink(missing_ok=True)
    with open_store(db, "Bench") as store:
        t0 = time.perf_counter()
        report = import_enterprises(store, source, skip_invalid=True)
        first = time.perf_counter() - t0
        assert report.written and report.added == ROWS - len(report.rejected), report.rejected[:3]
        t0 = time.perf_counter()
        again = import_enterprises(store, source, skip_invalid=True)
        second = time.perf_counter() - t0
        assert again.unchanged == report.added
    print(f"rows: {ROWS}, added: {report.added}, rejected: {len(report.rejected)}")
    print(f"re-import of the same file (all unchanged): {second:.2f} s")
    if "--no-million" not in sys.argv:
        big = OUT / "import-1m.csv"
        if not big.exists():
            write_million(big, source)
        child = subprocess.run(
            [sys.executable, __file__, "--million-child", str(big)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(child.stdout.strip().splitlines()[-1] + " (goal: < 500 MB)")
    print(f"import_50k: {first:.2f} s")


if __name__ == "__main__":
    main()
