"""Benchmark: export 100,000 enterprises and 50,000 visits to one xlsx workbook.

The demo database is built once with field_app.demo.generate and cached under
bench/out/. Building and exporting each run in their own child process: on Linux a
child's getrusage maxrss starts from its parent's size at fork, so the parent stays
small and the peak printed is the export's own. Prints time, peak resident memory
and, last, `export_150k_rows: X s`.
Goals: at most 20 s and under 300 MB.

Run: python bench/export.py
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import resource
import shutil
import subprocess
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
ENTERPRISES, VISITS, SEED = 100_000, 50_000, 11
sys.path.insert(0, str(Path(__file__).parent.parent))


def db_path() -> Path:
    """Where the demo database of the current schema is cached."""
    from field_app.store.migrations import SCHEMA_VERSION

    return OUT / f"export-{ENTERPRISES}-{VISITS}-s{SEED}-v{SCHEMA_VERSION}.db"


def build_db(path: Path) -> None:
    """Build the demo database (about half a minute)."""
    from field_app.demo import generate
    from field_app.store import open_store

    OUT.mkdir(exist_ok=True)
    if not path.exists():
        tmp = path.with_name(path.name + ".building")
        for p in OUT.glob(tmp.name + "*"):
            p.unlink()
        started = time.perf_counter()
        with open_store(tmp, "Bench") as store:
            generate(store, enterprises=ENTERPRISES, visits=VISITS, seed=SEED)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.move(tmp, path)
        print(f"built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def export_once(db: Path, target: Path) -> None:
    """The measured part: open the store and write enterprises and visits."""
    from field_app.export.kinds import enterprises_kind, visits_kind
    from field_app.export.xlsx import write_workbook
    from field_app.i18n import set_language
    from field_app.store import open_store

    set_language("vi")
    started = time.perf_counter()
    with open_store(db, "Bench") as store:
        counts = write_workbook(store, target, [enterprises_kind(), visits_kind()])
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    rows = sum(counts.values())
    size_mb = target.stat().st_size / 1e6
    print(f"rows: {rows} ({counts['enterprises']} enterprises, {counts['visits']} visits)")
    print(f"file: {size_mb:.1f} MB")
    print(f"peak_memory: {peak_mb:.0f} MB")
    print(f"export_150k_rows: {seconds:.1f} s")


def main() -> None:
    """Build or reuse the database, then time the export, each in a child process."""
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        build_db(Path(sys.argv[2]))
        return
    if len(sys.argv) == 3:  # the measured child: python bench/export.py DB TARGET
        export_once(Path(sys.argv[1]), Path(sys.argv[2]))
        return
    db = db_path()
    if not db.exists():
        subprocess.run([sys.executable, __file__, "build", str(db)], check=True)
    target = OUT / "export-bench.xlsx"
    subprocess.run([sys.executable, __file__, str(db), str(target)], check=True)


if __name__ == "__main__":
    main()
