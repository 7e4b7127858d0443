"""Opening the SQLite file: durability pragmas and owner-only permissions."""

from __future__ import annotations

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
        raise StorageError(
            _("cannot open the database {path}: {error}").format(path=path, error=exc)
        ) from exc
    return conn
