"""The repository: the one door through which every record is read and written.

Each write runs in one transaction that also appends to the sync outbox, so a
record and the news of it reach the disk together or not at all. Screens and the
command line call these methods; none of them writes SQL of its own.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from field_app.clock import hlc_now, hlc_observe, utc_now
from field_app.ids import uuid7
from field_app.store.db import StorageError, connect, describe
from field_app.store.migrations import SCHEMA_VERSION, migrate, schema_version

if TYPE_CHECKING:
    from datetime import date

    from field_app.store.actions import ActionRepo
    from field_app.store.attachments import AttachmentRepo
    from field_app.store.audits_5s import AuditRepo
    from field_app.store.enterprises import EnterpriseRepo
    from field_app.store.home_summary import HomeSummary
    from field_app.store.reviews import ReviewRepo
    from field_app.store.templates import TemplateRepo
    from field_app.store.training_courses import TrainingRepo
    from field_app.store.vietgap_checks import VietGAPRepo
    from field_app.store.visits import VisitRepo


_HLC_LAST = (
    "INSERT INTO meta (key, value) VALUES ('hlc_last', ?) ON CONFLICT(key)"
    " DO UPDATE SET value = excluded.value WHERE excluded.value > meta.value"
)
"""Keep the highest clock this device has issued (a restart continues after it)."""
_OUTBOX_INSERT = (
    "INSERT INTO outbox (mutation_id, entity, record_id, op, payload, base_version, hlc,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _outbox_row(
    entity: str, record_id: str, op: str, payload: dict[str, Any], base: int, hlc: str, now: str
) -> tuple[str, str, str, str, str, int, str, str]:
    """One outbox row. A new record's empty fields are its defaults: leaving them out
    keeps the outbox small and the bytes on a 2G link few."""
    if op == "create":
        payload = {k: v for k, v in payload.items() if v not in (None, "", [], {})}
    text = json.dumps(payload, ensure_ascii=False, default=str, separators=(",", ":"))
    return (uuid7(), entity, record_id, op, text, base, hlc, now)


class Store:
    """An open field-app database.

    One connection, shared by threads under a lock: the interface reads from worker
    threads, and SQLite serialises writers anyway.
    """

    # The repositories `__init__` attaches from `field_app.kinds` (`repository` names
    # the attribute); declared here only so type checkers know their classes.
    enterprises: EnterpriseRepo
    visits: VisitRepo
    audits_5s: AuditRepo
    vietgap_checks: VietGAPRepo
    actions: ActionRepo
    attachments: AttachmentRepo
    templates: TemplateRepo
    reviews: ReviewRepo
    training_courses: TrainingRepo

    def __init__(self, path: Path | str, officer: str = "", *, upgrade: bool = True) -> None:
        self.path = Path(path)
        self.officer = officer
        self.conn: sqlite3.Connection = connect(self.path)
        self.lock = threading.RLock()
        self.db = sqlite_utils.Database(self.conn, execute_plugins=False)
        if upgrade:
            try:
                migrate(self.conn)
            except sqlite3.Error as exc:
                self.conn.close()
                raise StorageError(describe(exc, self.path)) from exc
        self.device_id = self._ensure_device_id()
        # The clock never runs backwards across restarts: a laptop whose wall clock is
        # behind must not stamp new edits older than ones it already made or received.
        last_hlc = self.get_meta("hlc_last") if self.device_id else None
        if last_hlc:
            hlc_observe(last_hlc)
        # One repository per record kind, on the attribute the registry names
        # (store.visits, store.audits_5s...); kinds held by another's repository
        # (certificates, support: the enterprise's) have no class of their own.
        from field_app.kinds import KINDS
        from field_app.store.checklist_records import ChecklistRecordRepo
        from field_app.store.outbox import Outbox

        classes = _repository_classes()
        for record_kind in KINDS.values():
            if record_kind.name in classes:
                setattr(self, record_kind.repository, classes[record_kind.name](self))
            elif record_kind.checklist is not None:  # the same storage for every checklist
                setattr(self, record_kind.repository, ChecklistRecordRepo(self, record_kind))
        self.outbox = Outbox(self)
        # What sync keeps on the device (the outbox above is its sending half).
        from field_app.store.attachments import UploadedFiles
        from field_app.store.enterprise_merge import EnterpriseMerges
        from field_app.store.pull_state import PullState

        self.pulled = PullState(self)
        self.uploads = UploadedFiles(self)
        self.merges = EnterpriseMerges(self)

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        with self.lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return schema_version(self.conn)

    def _ensure_device_id(self) -> str:
        if schema_version(self.conn) == 0:
            return ""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        if row:
            return row[0]
        device = uuid7()
        with self.atomic():
            self.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)", (device,)
            )
        return self.get_meta("device_id") or device

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction (BEGIN IMMEDIATE), or a savepoint when nested.

        IMMEDIATE takes the write lock up front, so two writers never deadlock
        halfway through upgrading a read lock.
        """
        with self.lock:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.conn
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StorageError(describe(exc, self.path)) from exc
            try:
                yield self.conn
            except sqlite3.OperationalError as exc:
                # A full disk or a file gone read-only mid-write: nothing is kept, and
                # the caller gets one sentence saying what to do.
                self._rollback()
                raise StorageError(describe(exc, self.path)) from exc
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._rollback()
                raise StorageError(describe(exc, self.path)) from exc

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Run a read and return rows addressable by column name."""
        with self.lock:
            cur = self.conn.cursor()
            cur.row_factory = sqlite3.Row
            return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        """Run a read returning one value."""
        with self.lock:
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- meta --------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """A value from the meta table."""
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str | None) -> None:
        """Set a value in the meta table (inside the caller's transaction if any)."""
        with self.atomic() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- record plumbing shared by the repositories --------------------------------

    def stamp(self) -> dict[str, Any]:
        """Metadata for a new record made now on this device."""
        now = utc_now()
        return {
            "id": uuid7(),
            "created_at": now,
            "updated_at": now,
            "created_by": self.officer,
            "device_id": self.device_id,
            "version": 1,
        }

    def hlc(self) -> str:
        """The next hybrid-logical-clock value of this device."""
        return hlc_now(self.device_id)

    def emit(
        self,
        entity: str,
        record_id: str,
        op: str,
        payload: dict[str, Any],
        *,
        base_version: int = 0,
        hlc: str | None = None,
    ) -> str:
        """Append a mutation to the outbox; must be called inside `atomic()`."""
        assert self.conn.in_transaction, "emit() outside a transaction"
        hlc = hlc or self.hlc()
        row = _outbox_row(entity, record_id, op, payload, base_version, hlc, utc_now())
        self.conn.execute(_HLC_LAST, (hlc,))
        self.conn.execute(_OUTBOX_INSERT, row)
        return row[0]

    def emit_created(self, entity: str, created: list[tuple[str, dict[str, Any], str]]) -> None:
        """Append the creation of many records (id, payload, hlc) in one statement; an
        import writes thousands, and one `emit` each costs two statements a record."""
        assert self.conn.in_transaction, "emit_created() outside a transaction"
        if not created:
            return
        now = utc_now()
        rows = [_outbox_row(entity, rid, "create", p, 0, hlc, now) for rid, p, hlc in created]
        self.conn.execute(_HLC_LAST, (max(hlc for _id, _payload, hlc in created),))
        self.conn.executemany(_OUTBOX_INSERT, rows)

    # -- status ------------------------------------------------------------------

    def home_summary(self, today: date) -> HomeSummary:
        """What the home screen shows (see `field_app.store.home_summary`)."""
        from field_app.store.home_summary import summary_from

        with self.lock:
            return summary_from(self.conn, today)

    def counts(self) -> dict[str, Any]:
        """Counts of each record kind, as `field-app status --json` reports them."""
        from field_app.store.status import collect_counts

        return collect_counts(self)


def open_store(path: Path | str, officer: str = "") -> Store:
    """Open (creating and upgrading as needed) the database at `path`."""
    return Store(path, officer)


__all__ = ["SCHEMA_VERSION", "StorageError", "Store", "open_store"]


def _repository_classes() -> dict[str, Callable[[Store], Any]]:
    """Each record kind's repository class, by kind name (imported when a Store opens)."""
    from field_app.store.actions import ActionRepo
    from field_app.store.attachments import AttachmentRepo
    from field_app.store.audits_5s import AuditRepo
    from field_app.store.enterprises import EnterpriseRepo
    from field_app.store.place_lists import PlaceListRepo
    from field_app.store.reviews import ReviewRepo
    from field_app.store.templates import TemplateRepo
    from field_app.store.training_courses import TrainingRepo
    from field_app.store.vietgap_checks import VietGAPRepo
    from field_app.store.visits import VisitRepo

    return {
        "enterprise": EnterpriseRepo,
        "visit": VisitRepo,
        "audit_5s": AuditRepo,
        "vietgap_check": VietGAPRepo,
        "action": ActionRepo,
        "training_course": TrainingRepo,
        "attachment": AttachmentRepo,
        "template": TemplateRepo,
        "place_list": PlaceListRepo,
        "review": ReviewRepo,
    }
