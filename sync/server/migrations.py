"""Headquarters' schema, as numbered migrations that run on SQLite and PostgreSQL.

Each migration is SQL in SQLite's dialect (sync/server/dialect.py turns it into
PostgreSQL's), or a pair of texts when the two engines need different statements.
`migrate` applies the pending ones in order, each in its own transaction with its
number recorded in `schema_version`, so a failed migration leaves the database at
the version before it; a database newer than this code is refused, never written.

To change the schema, append a migration with the next number; never edit one that
has shipped. A file made before versioning holds the tables of migration 1 (which
only creates what is missing), so it simply becomes version 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from field_app.clock import utc_now

if TYPE_CHECKING:
    from sync.server.storage import HQStore


class SchemaTooNew(ValueError):
    """The database was written by a newer field-hq."""


@dataclass(frozen=True)
class Migration:
    """One schema step: its number, what it does, and its SQL (per engine if needed)."""

    version: int
    name: str
    sql: str
    postgresql: str | None = None

    def statements(self, engine: str) -> list[str]:
        """The statements to run on `engine` ("sqlite" or "postgresql")."""
        text = self.postgresql if engine == "postgresql" and self.postgresql else self.sql
        return [s.strip() for s in text.split(";") if s.strip() and not _comment(s)]


def _comment(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())


INITIAL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO meta (key, value) VALUES ('seq', '0');
CREATE TABLE IF NOT EXISTS officers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    province TEXT NOT NULL,
    province_key TEXT NOT NULL,
    code_hash TEXT,
    code_device TEXT,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT UNIQUE,
    enrolled_at TEXT NOT NULL,
    last_seen TEXT,
    hw INTEGER NOT NULL DEFAULT 0,
    hm TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS records (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    province TEXT NOT NULL,
    data TEXT NOT NULL,
    clocks TEXT,
    seq INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    skip_device TEXT,
    PRIMARY KEY (entity, id)
);
CREATE INDEX IF NOT EXISTS records_seq ON records(seq);
-- The tax code identifies an enterprise within a province (see apply._same_tax_code).
CREATE INDEX IF NOT EXISTS records_tax ON records(province, json_extract(data, '$.tax_code'))
    WHERE entity = 'enterprise';
-- Ids of enterprises created twice (same tax code), merged into the one kept.
CREATE TABLE IF NOT EXISTS aliases (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    canonical TEXT NOT NULL,
    device_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE TABLE IF NOT EXISTS mutations (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    status TEXT NOT NULL,
    seq INTEGER,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conflicts (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    kept_value TEXT,
    kept_hlc TEXT NOT NULL,
    kept_device TEXT NOT NULL,
    lost_value TEXT,
    lost_hlc TEXT NOT NULL,
    lost_device TEXT NOT NULL,
    province TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conflicts_seq ON conflicts(seq);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0,
    device_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
)
"""

MIGRATIONS: list[Migration] = [
    Migration(1, "sync tables: officers, devices, records, mutations, conflicts, files", INITIAL),
]

LATEST = MIGRATIONS[-1].version

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
)"""


def migrate(hq: HQStore) -> int:
    """Bring the database to the latest version; returns the version it was at."""
    with hq.atomic(exclusive=True) as conn:
        conn.execute(VERSION_TABLE)
        found = int(hq.scalar("SELECT max(version) FROM schema_version") or 0)
    if found > LATEST:
        raise SchemaTooNew(
            f"the headquarters database is at schema version {found}, newer than this"
            f" field-hq knows ({LATEST}): upgrade field-hq"
        )
    for migration in MIGRATIONS:
        if migration.version <= found:
            continue
        with hq.atomic(exclusive=True) as conn:
            # Another process may have applied it while we waited for the lock.
            done = hq.scalar("SELECT 1 FROM schema_version WHERE version = ?", (migration.version,))
            if done:
                continue
            for statement in migration.statements(hq.engine):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, utc_now()),
            )
    return found


def version(hq: HQStore) -> int:
    """The schema version the database is at (0 before any migration)."""
    return int(hq.scalar("SELECT max(version) FROM schema_version") or 0)
