"""Versioned schema migrations, applied in order at start-up.

`PRAGMA user_version` holds the version of a database file. A migration only ever
moves a file forward in place; it never drops a table holding officers' records.
Each migration runs in one transaction with the version bump, so a killed process
leaves the file at the old version or the new one, never between.

To add a migration: append a function to MIGRATIONS. Never edit a released one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    `executescript` would COMMIT first, breaking the one-transaction-per-migration
    rule, so statements are split with `sqlite3.complete_statement` instead.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                conn.execute(pending)
            pending = ""
    if pending.strip().strip(";").strip():
        raise ValueError(f"incomplete SQL statement: {pending!r}")


# Columns every record table carries (see field_app.models.common.RecordMeta).
META_COLUMNS = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    device_id TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    hlc TEXT NOT NULL DEFAULT ''
"""


def m001_registry_and_visits(conn: sqlite3.Connection) -> None:
    """The enterprise registry, its folded search index, and site visits."""
    run_script(
        conn,
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

        -- rid is an explicit INTEGER PRIMARY KEY so the FTS index's rowids survive VACUUM.
        CREATE TABLE enterprises (
            rid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            name_fold TEXT NOT NULL,
            place_fold TEXT NOT NULL DEFAULT '',
            tax_code TEXT,
            province TEXT NOT NULL DEFAULT '',
            province_code TEXT,
            commune TEXT NOT NULL DEFAULT '',
            commune_code TEXT,
            address TEXT NOT NULL DEFAULT '',
            old_address TEXT NOT NULL DEFAULT '',
            sector TEXT NOT NULL DEFAULT '',
            main_products TEXT NOT NULL DEFAULT '',
            representative TEXT NOT NULL DEFAULT '',
            phone TEXT,
            email TEXT,
            ocop_stars INTEGER,
            ocop_expiry TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX enterprises_tax ON enterprises(tax_code);
        CREATE INDEX enterprises_name ON enterprises(name_fold);
        CREATE INDEX enterprises_commune ON enterprises(commune);

        CREATE VIRTUAL TABLE enterprise_fts USING fts5(
            name_fold, place_fold,
            content='enterprises', content_rowid='rid', prefix='1 2 3'
        );
        -- Tax-code fragments ("0101" inside "4900101234") need substring search.
        CREATE VIRTUAL TABLE enterprise_tax USING fts5(
            tax_code, content='enterprises', content_rowid='rid', tokenize='trigram'
        );
        -- A bulk load (import, demo) sets meta 'fts_deferred' inside its transaction and
        -- indexes its rows in one statement at the end: FTS5 flushes its pending terms at
        -- every statement savepoint, so indexing row by row costs eight times as much.
        CREATE TRIGGER enterprises_ai AFTER INSERT ON enterprises
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'fts_deferred') BEGIN
            INSERT INTO enterprise_fts(rowid, name_fold, place_fold)
                VALUES (new.rid, new.name_fold, new.place_fold);
            INSERT INTO enterprise_tax(rowid, tax_code) VALUES (new.rid, new.tax_code);
        END;
        CREATE TRIGGER enterprises_ad AFTER DELETE ON enterprises BEGIN
            INSERT INTO enterprise_fts(enterprise_fts, rowid, name_fold, place_fold)
                VALUES ('delete', old.rid, old.name_fold, old.place_fold);
            INSERT INTO enterprise_tax(enterprise_tax, rowid, tax_code)
                VALUES ('delete', old.rid, old.tax_code);
        END;
        CREATE TRIGGER enterprises_au_text AFTER UPDATE OF name_fold, place_fold
        ON enterprises BEGIN
            INSERT INTO enterprise_fts(enterprise_fts, rowid, name_fold, place_fold)
                VALUES ('delete', old.rid, old.name_fold, old.place_fold);
            INSERT INTO enterprise_fts(rowid, name_fold, place_fold)
                VALUES (new.rid, new.name_fold, new.place_fold);
        END;
        CREATE TRIGGER enterprises_au_tax AFTER UPDATE OF tax_code ON enterprises BEGIN
            INSERT INTO enterprise_tax(enterprise_tax, rowid, tax_code)
                VALUES ('delete', old.rid, old.tax_code);
            INSERT INTO enterprise_tax(rowid, tax_code) VALUES (new.rid, new.tax_code);
        END;

        CREATE TABLE certifications (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            standard TEXT NOT NULL,
            number TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT '',
            issued_on TEXT,
            valid_until TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX certifications_enterprise ON certifications(enterprise_id);
        CREATE INDEX certifications_expiry ON certifications(valid_until);

        CREATE TABLE supports (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            tool TEXT NOT NULL,
            year INTEGER NOT NULL,
            cost_share_percent REAL,
            amount_vnd INTEGER,
            status TEXT NOT NULL,
            {META_COLUMNS}
        );
        CREATE INDEX supports_enterprise ON supports(enterprise_id);
        CREATE INDEX supports_tool ON supports(tool, enterprise_id);

        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            visit_date TEXT NOT NULL,
            officers TEXT NOT NULL DEFAULT '[]',
            purpose TEXT NOT NULL,
            findings TEXT NOT NULL DEFAULT '',
            recommendations TEXT NOT NULL DEFAULT '',
            next_steps TEXT NOT NULL DEFAULT '',
            follow_up_date TEXT,
            status TEXT NOT NULL,
            supersedes TEXT,
            completed_at TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX visits_enterprise ON visits(enterprise_id, visit_date);
        CREATE INDEX visits_status ON visits(status);
        CREATE INDEX visits_follow_up ON visits(follow_up_date);
        CREATE INDEX visits_supersedes ON visits(supersedes);
        """,
    )


def m002_outbox(conn: sqlite3.Connection) -> None:
    """The sync outbox, filled in the same transaction as each write.

    Records saved before this version are queued as creations, so nothing an
    officer saved on an older version is left behind when sync arrives.
    """
    run_script(
        conn,
        """
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            mutation_id TEXT NOT NULL UNIQUE,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            op TEXT NOT NULL,
            payload TEXT NOT NULL,
            base_version INTEGER NOT NULL DEFAULT 0,
            hlc TEXT NOT NULL,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX outbox_state ON outbox(state, seq);
        CREATE INDEX outbox_record ON outbox(record_id);
        """,
    )
    from field_app.store.backfill import queue_existing_records

    queue_existing_records(conn)


def m003_audits_and_actions(conn: sqlite3.Connection) -> None:
    """5S audits, VietGAP checks, corrective actions, attachments and installed templates.

    Item results live as one JSON column per audit: an audit is read, shown and
    synced whole, and a 30-item audit then costs one row write, not thirty.
    """
    run_script(
        conn,
        f"""
        -- Checklist templates received from headquarters; bundled ones stay files.
        CREATE TABLE templates (
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            installed_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );

        CREATE TABLE audits_5s (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            area TEXT NOT NULL,
            template_id TEXT NOT NULL,
            template_version INTEGER NOT NULL,
            audit_date TEXT NOT NULL,
            auditors TEXT NOT NULL DEFAULT '[]',
            items TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            total_percent REAL,
            status TEXT NOT NULL,
            supersedes TEXT,
            completed_at TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX audits_5s_enterprise ON audits_5s(enterprise_id, area, audit_date);
        CREATE INDEX audits_5s_status ON audits_5s(status, updated_at);
        CREATE INDEX audits_5s_supersedes ON audits_5s(supersedes);

        CREATE TABLE vietgap_checks (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            scope TEXT NOT NULL DEFAULT '',
            template_id TEXT NOT NULL,
            template_version INTEGER NOT NULL,
            check_date TEXT NOT NULL,
            auditors TEXT NOT NULL DEFAULT '[]',
            results TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            ready INTEGER,
            recommended_percent REAL,
            status TEXT NOT NULL,
            supersedes TEXT,
            completed_at TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX vietgap_checks_enterprise ON vietgap_checks(enterprise_id, check_date);
        CREATE INDEX vietgap_checks_status ON vietgap_checks(status, updated_at);
        CREATE INDEX vietgap_checks_supersedes ON vietgap_checks(supersedes);

        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            source_kind TEXT NOT NULL DEFAULT '',
            source_id TEXT,
            item_id TEXT NOT NULL DEFAULT '',
            what TEXT NOT NULL,
            who TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            status TEXT NOT NULL,
            done_on TEXT,
            check_note TEXT NOT NULL DEFAULT '',
            checked_kind TEXT,
            checked_id TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX actions_enterprise ON actions(enterprise_id, status);
        CREATE INDEX actions_due ON actions(status, due_date);
        CREATE INDEX actions_source ON actions(source_id);

        -- One row per distinct file (by SHA-256); the file itself sits in the
        -- attachments folder named by its hash. `queued` is set once it is in the outbox.
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            file_name TEXT NOT NULL,
            size INTEGER NOT NULL,
            media_type TEXT NOT NULL DEFAULT '',
            queued INTEGER NOT NULL DEFAULT 0,
            {META_COLUMNS}
        );
        """,
    )


def m004_sync_state(conn: sqlite3.Connection) -> None:
    """What the device knows of headquarters: per-record server sequence, conflicts
    to show, pulled records waiting for their parent (or for a newer app), uploads."""
    run_script(
        conn,
        """
        CREATE TABLE sync_records (
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            server_seq INTEGER NOT NULL,
            PRIMARY KEY (entity, record_id)
        );
        CREATE TABLE sync_conflicts (
            id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            kept_value TEXT,
            kept_hlc TEXT NOT NULL DEFAULT '',
            kept_device TEXT NOT NULL DEFAULT '',
            lost_value TEXT,
            lost_hlc TEXT NOT NULL DEFAULT '',
            lost_device TEXT NOT NULL DEFAULT '',
            server_seq INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE (entity, record_id, field, server_seq)
        );
        CREATE INDEX sync_conflicts_record ON sync_conflicts(record_id);
        CREATE TABLE sync_inbox (
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            data TEXT NOT NULL,
            server_seq INTEGER NOT NULL,
            reason TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (entity, record_id)
        );
        CREATE TABLE sync_files (
            sha256 TEXT PRIMARY KEY,
            uploaded_at TEXT NOT NULL
        );
        """,
    )


def m005_refusal_codes(conn: sqlite3.Connection) -> None:
    """Headquarters' refusal of a mutation as a code and its parameters (JSON) beside
    the English reason, so the device shows it in the officer's language."""
    run_script(
        conn,
        """
        ALTER TABLE outbox ADD COLUMN error_code TEXT;
        ALTER TABLE outbox ADD COLUMN error_params TEXT;
        """,
    )


def m006_reviews(conn: sqlite3.Connection) -> None:
    """Headquarters' reviews of completed records (approved / has issues), pulled from
    headquarters and shown beside the record; the device never writes them."""
    run_script(
        conn,
        f"""
        CREATE TABLE reviews (
            id TEXT PRIMARY KEY,
            record_id TEXT NOT NULL,
            record_kind TEXT NOT NULL,
            enterprise_id TEXT NOT NULL,
            state TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL DEFAULT '',
            reviewed_at TEXT NOT NULL DEFAULT '',
            {META_COLUMNS}
        );
        CREATE INDEX reviews_record ON reviews(record_id);
        CREATE INDEX reviews_state ON reviews(state);
        """,
    )


def m007_training_courses(conn: sqlite3.Connection) -> None:
    """Training courses: drafts, then append-only once completed (corrections supersede).
    The enterprises that sent people are a JSON list: a course names a handful, and the
    record travels whole, as one 'create', like an audit."""
    run_script(
        conn,
        f"""
        CREATE TABLE training_courses (
            id TEXT PRIMARY KEY,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            topic TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            organiser TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            trainers TEXT NOT NULL DEFAULT '[]',
            participants INTEGER NOT NULL DEFAULT 0,
            productivity_experts INTEGER NOT NULL DEFAULT 0,
            trainee_experts INTEGER NOT NULL DEFAULT 0,
            enterprises TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            attachments TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL,
            supersedes TEXT,
            completed_at TEXT,
            {META_COLUMNS}
        );
        CREATE INDEX training_courses_start ON training_courses(start_date);
        CREATE INDEX training_courses_status ON training_courses(status);
        CREATE INDEX training_courses_supersedes ON training_courses(supersedes);
        """,
    )


def m008_place_lists(conn: sqlite3.Connection) -> None:
    """Newer lists of provinces and communes published by headquarters (the shipped one
    is a file), one row per province of a version: the newest complete, valid version
    is used in place of the file."""
    run_script(
        conn,
        """
        CREATE TABLE place_lists (
            id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            part TEXT NOT NULL,
            parts INTEGER NOT NULL,
            published_on TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            installed_at TEXT NOT NULL DEFAULT ''
        );
        """,
    )


def m009_enterprise_notes_and_founding(conn: sqlite3.Connection) -> None:
    """Enterprises gain free notes (where an import keeps a cell's extra phones) and
    a founding date (an import column of most departments' lists)."""
    run_script(
        conn,
        """
        ALTER TABLE enterprises ADD COLUMN founded_on TEXT;
        ALTER TABLE enterprises ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        """,
    )


def m010_photo_upload_copies(conn: sqlite3.Connection) -> None:
    """A photo is kept as its original (on the device only) and as a smaller upload
    copy, which is the file `sha256` names and the sync sends. Rows from before keep
    an empty original: their one file is both (field_app/photos.py)."""
    run_script(
        conn,
        """
        ALTER TABLE attachments ADD COLUMN original_sha256 TEXT NOT NULL DEFAULT '';
        ALTER TABLE attachments ADD COLUMN original_size INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX attachments_original ON attachments(original_sha256)
            WHERE original_sha256 != '';
        """,
    )


MIGRATIONS: list[Migration] = [
    m001_registry_and_visits,
    m002_outbox,
    m003_audits_and_actions,
    m004_sync_state,
    m005_refusal_codes,
    m006_reviews,
    m007_training_courses,
    m008_place_lists,
    m009_enterprise_notes_and_founding,
    m010_photo_upload_copies,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The version a database file is at (0 for a new file)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring the database up to `target` (default: the newest); return the version."""
    target = SCHEMA_VERSION if target is None else target
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        from field_app.i18n import _

        raise RuntimeError(
            _(
                "this database was made by a newer field-app (schema {found}, this program "
                "knows {known}); update field-app"
            ).format(found=current, known=SCHEMA_VERSION)
        )
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite already rolled back after a full disk
                conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
