"""`field-hq migrate-to`: move a province's SQLite file into PostgreSQL, whole.

Everything is copied in one PostgreSQL transaction (every table the file holds,
officers, devices and their token hashes included, so enrolled devices keep
syncing without a new code), then the row counts of both sides are compared table
by table. A target that already holds data is refused, and a failed copy leaves
the target as it was: nothing half-copied.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sync.server.engines import DatabaseError, engine_of
from sync.server.storage import HQStore

# Bookkeeping the target's own migrations wrote; compared, not copied.
_OWN_ROWS = ("schema_version",)


@dataclass
class CopyReport:
    """What was copied: rows per table, attachments, and where to."""

    target: str
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def rows(self) -> int:
        """Rows copied in all tables."""
        return sum(self.tables.values())


def copy_database(
    source: str, target: str, progress: Callable[[str], None] = lambda _line: None
) -> CopyReport:
    """Copy the SQLite database `source` into the empty PostgreSQL database `target`."""
    if engine_of(str(source)) != "sqlite":
        raise DatabaseError("migrate-to copies from a SQLite file: name it with --db FILE")
    if engine_of(target) != "postgresql":
        raise DatabaseError("migrate-to copies into PostgreSQL: give a postgresql:// URL")
    if not Path(source).is_file():
        raise DatabaseError(f"{source}: no such headquarters file")
    src = HQStore(source)
    try:
        dst = HQStore(target)
        try:
            report = _copy(src, dst, progress)
            report.files = _copy_files(src.files_dir, dst.files_dir)
        finally:
            dst.close()
    finally:
        src.close()
    return report


def _tables(src: HQStore) -> list[str]:
    rows = src.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    )
    return [r[0] for r in rows if r[0] not in _OWN_ROWS]


def _columns(dst: HQStore, table: str) -> list[str]:
    rows = dst.query(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [r[0] for r in rows]


def _copy(src: HQStore, dst: HQStore, progress: Callable[[str], None]) -> CopyReport:
    report = CopyReport(dst.location)
    tables = _tables(src)
    # Parents first, so the foreign keys (devices -> officers) hold at every row.
    tables.sort(key=lambda t: (t != "officers", t))
    for table in tables:
        if not _columns(dst, table):
            raise DatabaseError(f"table {table} of the file has no counterpart in PostgreSQL")
        if table != "meta" and dst.scalar(f"SELECT count(*) FROM {table}"):
            raise DatabaseError(
                f"the PostgreSQL database already holds {table}: migrate-to copies into an"
                " empty database only"
            )
    with dst.atomic() as conn:
        conn.execute("DELETE FROM meta")  # the empty target's own sequence row
        raw = conn.raw  # type: ignore[attr-defined]
        for table in tables:
            names = [r[1] for r in src.query(f"PRAGMA table_info({table})")]
            columns = [c for c in names if c in _columns(dst, table)]
            listed = ", ".join(columns)
            count = 0
            with (
                src.lock,
                raw.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy,
            ):
                for row in src.conn.execute(f"SELECT {listed} FROM {table}"):
                    copy.write_row(row)
                    count += 1
            report.tables[table] = count
            progress(f"{table}: {count} row(s)")
        _restart_identities(raw)
    for table, count in report.tables.items():
        found = int(dst.scalar(f"SELECT count(*) FROM {table}") or 0)
        if found != count:
            raise DatabaseError(f"{table}: {count} row(s) in the file but {found} in PostgreSQL")
    if dst.current_seq() != src.current_seq():
        raise DatabaseError("the server sequence differs after the copy")
    return report


def _restart_identities(raw) -> None:
    """Identity columns continue after the copied ids (officers, conflicts)."""
    rows = raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ).fetchall()
    for table, column in rows:
        raw.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
            f" coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
        )


def _copy_files(source: Path, target: Path) -> int:
    """Attachments are files beside the database: copied into the target's folder."""
    if not source.is_dir():
        return 0
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for p in target.rglob("*") if p.is_file() and p.parent.name != "partial")
