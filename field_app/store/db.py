"""Opening the SQLite file: durability pragmas and owner-only permissions."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from field_app.i18n import _


class StorageError(RuntimeError):
    """The database cannot be opened or written; the message says what to do."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path`.

    WAL lets the interface read while a worker writes; synchronous=FULL makes a
    commit survive a dead battery, because the app tells the officer "saved" only
    after the commit returns.
    """
    path = Path(path)
    problem = _unusable(path)
    if problem:
        raise StorageError(problem)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            # Create the file ourselves so it is owner-only from the first byte; SQLite
            # gives the -wal and -shm files the same permissions as the database.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-32000")
    except FileExistsError:
        return connect(path)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise StorageError(describe(exc, path)) from exc
    return conn


def _unusable(path: Path) -> str | None:
    """Why `path` cannot hold the database (a device, a folder, read-only), or None."""
    if path.exists() and not path.is_file():
        return _(
            "{path} is not a database file (it is a folder or a device): give a file name with --db"
        ).format(path=path)
    where = path if path.exists() else next((p for p in path.parents if p.exists()), None)
    if where is not None and not os.access(where, os.W_OK):
        return _(
            "the database {path} is read-only here: copy it to a folder you can write to,"
            " or fix its permissions, then try again"
        ).format(path=path)
    return None


def describe(exc: BaseException, path: Path | str) -> str:
    """One sentence, in the officer's language, for a failure of the database file."""
    text = str(exc).lower()
    if "full" in text or "disk i/o" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return _(
            "the disk is full or cannot be written: free some space, then try again"
            " (nothing was half-saved)"
        )
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) == errno.EROFS:
        return _(
            "the database {path} is read-only here: copy it to a folder you can write to,"
            " or fix its permissions, then try again"
        ).format(path=path)
    if "locked" in text or "busy" in text:
        return _("the database is busy (another field-app is writing to it): try again")
    if "not a database" in text:
        return _(
            "cannot open the database {path}: it is not a field-app database (check the"
            " --db file name)"
        ).format(path=path)
    return _("cannot open the database {path}: {error}").format(path=path, error=exc)
