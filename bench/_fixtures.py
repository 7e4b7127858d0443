"""Shared benchmark fixtures: big demo databases, built once and cached in bench/out/."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).parent / "out"
sys.path.insert(0, str(Path(__file__).parent.parent))


def demo_db(enterprises: int, visits: int = 0, seed: int = 7) -> Path:
    """Path to a cached demo database of this size (built on first use)."""
    from field_app.demo import generate
    from field_app.store import SCHEMA_VERSION, open_store

    OUT.mkdir(exist_ok=True)
    path = OUT / f"demo-{enterprises}-{visits}-s{seed}-v{SCHEMA_VERSION}.db"
    if path.exists() and _holds(path, enterprises):
        return path
    # Several benchmarks may build the same database at once: each builds its own
    # file and renames it into place, and a cached file is checked before use.
    tmp = OUT / f".{path.name}.{os.getpid()}.building"
    with open_store(tmp, "Bench") as store:
        generate(store, enterprises=enterprises, visits=visits, seed=seed)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    os.replace(tmp, path)
    return path


def _holds(path: Path, enterprises: int) -> bool:
    """True when a cached database is complete (not left half-built by a killed run)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        count = conn.execute("SELECT count(*) FROM enterprises").fetchone()[0]
        conn.close()
    except sqlite3.DatabaseError:
        return False
    return count == enterprises


def copy_of(path: Path, name: str) -> Path:
    """A scratch copy of a cached database, so a benchmark can write to it."""
    target = OUT / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copy(path, target)
    return target


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
