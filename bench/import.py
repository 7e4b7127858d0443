"""Importing a 50,000-row enterprise CSV into a fresh database.

The CSV has Vietnamese headers and realistic rows from the demo generator; the
import validates every row, matches against the registry and writes in one
transaction with synchronous=FULL, search index and sync outbox included.

    python bench/import.py            # last line: import_50k: X s
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import csv
import random
import time

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


def main() -> None:
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
    print(f"import_50k: {first:.2f} s")


if __name__ == "__main__":
    main()
