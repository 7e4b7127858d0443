"""A private PostgreSQL cluster for the test session: Debian's `postgresql` binaries,
a temporary folder, a Unix socket only (no TCP port), one database per test.

initdb refuses to run as root, so as root the server runs as the `postgres` user
(`runuser`). Under pytest-xdist each worker starts its own cluster. When PostgreSQL
cannot start, the tests that need it fail, with the reason: they are never skipped.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SUPERUSER = "postgres"


def _bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql")


class Cluster:
    """A running test cluster; `database()` gives a fresh, empty database's URL."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="field-hq-pg-"))
        self.data = self.root / "data"
        self.socket = self.root
        self._as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        if self._as_root:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket}'"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=120 -c shared_buffers=32MB"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options,
            "-w", "-t", "30", "start",
        )  # fmt: skip

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_root:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        result = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {result.stderr or result.stdout}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        """The URL of a database of this cluster (Unix socket, no password)."""
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket}"

    def database(self) -> str:
        """Create an empty database; returns its URL."""
        import psycopg

        name = f"hq_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """This session's (or xdist worker's) PostgreSQL cluster."""
    try:
        cluster = Cluster()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"PostgreSQL could not be started for the headquarters tests: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A fresh, empty PostgreSQL database for this test."""
    return pg_cluster.database()
