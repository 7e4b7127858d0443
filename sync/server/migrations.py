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
        # Comment lines go first: a ";" or an apostrophe in one must not split or
        # unbalance a statement.
        code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("--"))
        return [s.strip() for s in code.split(";") if s.strip()]


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

# Enrollment codes, per-device counts, revocations and partial uploads (issue 10);
# headquarters' web users and the refusals its sync page lists (the web interface).
ACCESS_AND_WEB = """
-- One-time enrollment codes, hashed with a salt of their own (sync/server/officers.py).
CREATE TABLE IF NOT EXISTS enroll_codes (
    id INTEGER PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    void INTEGER NOT NULL DEFAULT 0,
    used_at TEXT,
    device_id TEXT,
    secret_hash TEXT
);
-- Mutations received from each device (every one, refused and repeated included):
-- a device's outbox number (hw) can never honestly be higher.
CREATE TABLE IF NOT EXISTS device_counts (
    device_id TEXT PRIMARY KEY,
    received INTEGER NOT NULL DEFAULT 0
);
-- Devices revoked one by one (`field-hq device revoke`), beside the officer's state.
CREATE TABLE IF NOT EXISTS revoked_devices (device_id TEXT PRIMARY KEY, at TEXT NOT NULL);
-- Partial uploads in progress: who started each and when, for the quota and expiry.
CREATE TABLE IF NOT EXISTS partial_files (
    sha256 TEXT NOT NULL,
    device_id TEXT NOT NULL,
    total INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (sha256)
);
-- Headquarters' staff who log in to the web interface (sync/server/users.py).
CREATE TABLE IF NOT EXISTS hq_users (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    province_key TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    sessions_after TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
-- Mutations headquarters refused, per device, for the web interface's sync page:
-- nothing of a refused record is stored in `records`, so this is all that says it came.
CREATE TABLE IF NOT EXISTS refusals (
    mutation_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS refusals_device ON refusals(device_id, at)
"""

# Codes issued before codes had a salt of their own (officers.code_hash, a plain
# SHA-256 of the code) and not yet used: carried into enroll_codes with an empty
# salt, which _salted reads as "hashed the old way", so an officer holding one can
# still enroll after headquarters is upgraded.
LEGACY_CODES = """
INSERT INTO enroll_codes (officer_id, salt, code_hash, created_at)
SELECT o.id, '', o.code_hash, o.created_at FROM officers o
WHERE o.code_hash IS NOT NULL AND o.code_device IS NULL AND o.revoked = 0
AND NOT EXISTS (SELECT 1 FROM enroll_codes c WHERE c.officer_id = o.id);
UPDATE officers SET code_hash = NULL WHERE code_hash IS NOT NULL
"""

MIGRATIONS: list[Migration] = [
    Migration(1, "sync tables: officers, devices, records, mutations, conflicts, files", INITIAL),
    Migration(
        2, "enrollment codes, device counts, revocations, partial uploads, web", ACCESS_AND_WEB
    ),
    Migration(3, "codes issued before salted codes stay usable", LEGACY_CODES),
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
