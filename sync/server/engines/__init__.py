"""The two engines under headquarters' storage: a SQLite file or a PostgreSQL server.

Both give the same small surface (sync/server/storage.py): transactions whose
connection runs SQLite-dialect SQL with `?` placeholders, rows addressable by
position and by column name, and a snapshot for consistent reads. Which engine a
`--db` value names is decided here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

POSTGRES_SCHEMES = ("postgresql", "postgres")
# Two letters at least: "C:/data/hq.db" is a Windows path, not a URL. One slash is
# accepted so that a URL a Path() has already collapsed is still recognised.
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/")


class DatabaseError(ValueError):
    """A database that cannot be used: an unsupported URL, or a server not reachable.
    The message says what to fix; nothing was created."""


class Cursor(Protocol):
    """What a statement returns (sqlite3's cursor, or psycopg's)."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection inside a transaction: SQLite-dialect SQL, `?` placeholders."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...


def engine_of(target: str) -> str:
    """The engine a `--db` value names: "postgresql" for a postgresql:// URL, "sqlite"
    for a path; DatabaseError for any other URL scheme."""
    match = _URL.match(target)
    if match is None:
        return "sqlite"
    scheme = match.group(1).lower()
    if scheme in POSTGRES_SCHEMES:
        return "postgresql"
    raise DatabaseError(
        f"unsupported database '{scheme}://': give a file path (SQLite) or a"
        " postgresql://user@host:5432/dbname URL"
    )


def redact(url: str) -> str:
    """A URL fit to print: the password replaced by ***."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
