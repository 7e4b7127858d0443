"""What the home screen shows first, read straight from the file with the standard
library alone.

Home is the first screen of every day, and its data is on screen before the rest of
the program is loaded: the full `Store` (sqlite-utils, every pydantic model and
repository) costs several times a bare Textual app's start-up. This module reads the
same rows as `VisitRepo.follow_ups_due`/`recent` (they share the SQL below), the
drafts of every kind, and the counts home prints, on one connection, as plain values.

`read_home_summary` answers only for a file already at this program's schema version;
for a new or older file it returns None and the caller opens the `Store`, which
creates or upgrades it.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from field_app.store.migrations import SCHEMA_VERSION

FOLLOW_UP_WITHIN_DAYS = 7
"""Home lists follow-ups due this many days ahead, and every overdue one."""

# Shared with VisitRepo so home and the repository never disagree on what a draft,
# a recent visit or a follow-up due is. `v` is the visits table.
DRAFTS_WHERE = "v.status = 'draft' ORDER BY v.updated_at DESC, v.visit_date DESC, v.id"
RECENT_WHERE = "v.status = 'completed' ORDER BY v.visit_date DESC, v.completed_at DESC"
DUE_WHERE = (
    "v.status = 'completed' AND v.follow_up_date IS NOT NULL AND v.follow_up_date <= ?"
    " AND NOT EXISTS (SELECT 1 FROM visits c WHERE c.supersedes = v.id"
    "                 AND c.status = 'completed')"
    # A later completed visit to the same enterprise counts as the follow-up.
    " AND NOT EXISTS (SELECT 1 FROM visits n WHERE n.enterprise_id = v.enterprise_id"
    "                 AND n.status = 'completed' AND n.visit_date > v.visit_date"
    "                 AND n.id != v.id)"
    " ORDER BY v.follow_up_date"
)

_LINE = (
    "SELECT v.id, v.enterprise_id, e.name, v.visit_date, v.follow_up_date, v.purpose"
    " FROM visits v LEFT JOIN enterprises e ON e.id = v.enterprise_id WHERE "
)

_COUNTS = (
    "SELECT (SELECT count(*) FROM enterprises), (SELECT count(*) FROM visits),"
    " (SELECT count(*) FROM certifications),"
    " (SELECT count(*) FROM outbox WHERE state = 'pending'),"
    " (SELECT value FROM meta WHERE key = 'welcome_done'),"
    " EXISTS (SELECT 1 FROM enterprises)"
)


@dataclass(frozen=True)
class HomeVisit:
    """One line of a home list: a visit (or, among the drafts, a record of another
    kind) and the name of its enterprise."""

    id: str
    enterprise_id: str
    enterprise_name: str
    """Empty when the enterprise is not on this device; for a record of no enterprise
    (a training course draft), its title."""
    visit_date: date | None
    """The record's own date (`RecordKind.date_column`), None while a draft has none."""
    follow_up_date: date | None
    purpose: str
    """A `VisitPurpose` value (empty for other kinds)."""
    kind: str = "visit"
    """The record kind (`RecordKind.name`)."""


@dataclass
class HomeSummary:
    """Home's own panels and counts, read together."""

    drafts: list[HomeVisit] = field(default_factory=list)
    due: list[HomeVisit] = field(default_factory=list)
    recent: list[HomeVisit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """enterprises, visits, certifications, pending_changes (as `status --json` says)."""
    first_run: bool = False
    """No enterprise and the welcome never finished: the welcome screen comes instead."""


def summary_from(conn: sqlite3.Connection, today: date) -> HomeSummary:
    """Home's data from an open connection at the current schema version."""
    e, v, c, pending, welcome_done, any_enterprise = conn.execute(_COUNTS).fetchone()
    if not welcome_done and not any_enterprise:
        return HomeSummary(first_run=True)
    horizon = (today + timedelta(days=FOLLOW_UP_WITHIN_DAYS)).isoformat()
    return HomeSummary(
        drafts=_drafts(conn, 20),
        due=_lines(conn, DUE_WHERE, 20, horizon),
        recent=_lines(conn, RECENT_WHERE, 10),
        counts={"enterprises": e, "visits": v, "certifications": c, "pending_changes": pending},
    )


def read_home_summary(path: Path, today: date) -> HomeSummary | None:
    """Home's data read from the file at `path`, or None when the file does not exist
    yet or is not at this program's schema version (the `Store` must create or upgrade
    it first) or cannot be read now (the `Store` reports why)."""
    if not path.is_file():
        return None
    try:
        # mode=rw: never create a file here (that is the Store's job, owner-only).
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=10.0)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        return summary_from(conn, today)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


class EarlyRead:
    """Home's summary, read in a thread of its own from the moment the interface starts
    loading: the file is read while Textual is imported, and home finds it ready."""

    def __init__(self, path: Path, today: date) -> None:
        self.path, self.today = path, today
        self._summary: HomeSummary | None = None
        self._done = threading.Event()
        threading.Thread(target=self._read, name="home-summary", daemon=True).start()

    def _read(self) -> None:
        try:
            self._summary = read_home_summary(self.path, self.today)
        except Exception:  # the Store reads it again and reports what is wrong
            self._summary = None
        finally:
            self._done.set()

    def done(self) -> bool:
        """True once the file has been read (or found unusable)."""
        return self._done.is_set()

    def result(self, today: date) -> HomeSummary | None:
        """The summary (waiting for it), or None when it is for another day or the file
        needs the `Store`."""
        self._done.wait()
        return self._summary if today == self.today else None


def _lines(conn: sqlite3.Connection, where: str, limit: int, *params: str) -> list[HomeVisit]:
    rows = conn.execute(f"{_LINE}{where} LIMIT ?", (*params, limit)).fetchall()
    return [_line(row) for row in rows]


def _line(row: tuple, kind: str = "visit") -> HomeVisit:
    return HomeVisit(
        id=row[0],
        enterprise_id=row[1] or "",
        enterprise_name=row[2] or "",
        visit_date=_day(row[3]),
        follow_up_date=date.fromisoformat(row[4]) if row[4] else None,
        purpose=row[5] or "",
        kind=kind,
    )


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:  # a year (support) or a hand-edited value: no date shown
        return None


def _drafts(conn: sqlite3.Connection, limit: int) -> list[HomeVisit]:
    """Unfinished drafts of every kind that has them (a `status` column: visits, 5S
    audits, VietGAP checks, training courses...), most recently touched first, as
    `VisitRepo.drafts` orders the visits."""
    from field_app.kinds import KINDS  # read in the start-up thread, off the interface's

    parts = []
    for kind in KINDS.values():
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({kind.table})")}
        if "status" not in columns or "updated_at" not in columns:
            continue
        of_one = "enterprise_id" in columns
        day = f"t.{kind.date_column}" if kind.date_column in columns else "NULL"
        # What names the record: its enterprise, or its own title (a training course).
        name = "e.name" if of_one else ("t.title" if "title" in columns else "NULL")
        parts.append(
            f"SELECT t.id, {'t.enterprise_id' if of_one else 'NULL'},"
            f" {name}, {day} AS day,"
            f" {'t.follow_up_date' if 'follow_up_date' in columns else 'NULL'},"
            f" {'t.purpose' if 'purpose' in columns else 'NULL'},"
            f" '{kind.name}' AS kind, t.updated_at AS touched FROM {kind.table} t"
            + (" LEFT JOIN enterprises e ON e.id = t.enterprise_id" if of_one else "")
            + " WHERE t.status = 'draft'"
        )
    if not parts:
        return []
    sql = " UNION ALL ".join(parts) + " ORDER BY touched DESC, day DESC, id LIMIT ?"
    return [_line(row, row[6]) for row in conn.execute(sql, (limit,)).fetchall()]
