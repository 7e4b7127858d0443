"""A real field-hq server on a free loopback port, and devices with real files.

Headquarters runs on SQLite, and for the modules in BOTH_ENGINES on PostgreSQL too:
their tests that use `hq_db` run once per engine (tests/postgres/cluster.py starts
the server). `hq_db` is then a file path or a postgresql:// URL.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from field_app.store import Store, open_store
from sync.credentials import Credentials
from sync.enrollment import enroll
from sync.link import Link
from sync.server.officers import add_officer
from sync.server.storage import HQStore
from tests.postgres.cluster import pg_cluster, pg_url  # noqa: F401 (fixtures)

PROVINCE = "Lạng Sơn"
# Headquarters' API, sync flow, faults, convergence and duplicate merging run on both
# engines; the rest (device screens, refusal texts) do not depend on the engine.
BOTH_ENGINES = {
    "test_server_api",
    "test_sync_flow",
    "test_faults",
    "test_convergence",
    "test_duplicates",
}


def run_on_both_engines(metafunc: pytest.Metafunc, modules: set[str]) -> None:
    """Every test of `modules` that uses `hq_db` runs on each engine."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "hq_engine" in metafunc.fixturenames and module in modules:
        metafunc.parametrize("hq_engine", ["sqlite", "postgresql"])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """BOTH_ENGINES modules run on SQLite and PostgreSQL."""
    run_on_both_engines(metafunc, BOTH_ENGINES)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThreadServer:
    """uvicorn serving create_app(db) in a background thread."""

    def __init__(self, db: Path, port: int | None = None) -> None:
        import uvicorn

        from sync.server.app import create_app

        self.db = db
        self.port = port or free_port()
        config = uvicorn.Config(
            create_app(db), host="127.0.0.1", port=self.port, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.01)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


class ProcessServer:
    """`field-hq serve` as a real subprocess (for restarts and kills)."""

    def __init__(self, db: Path, port: int | None = None) -> None:
        self.db = db
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server.cli",
                "--db",
                str(self.db),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("field-hq serve did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def hq_engine() -> str:
    """The engine headquarters runs on (parametrized for BOTH_ENGINES modules)."""
    return "sqlite"


@pytest.fixture
def hq_db(
    hq_engine: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Path | str:
    """Headquarters' database: a file, or an empty PostgreSQL database's URL (its
    attachments then go to tmp_path/hq, through FIELD_HQ_DATA)."""
    if hq_engine == "sqlite":
        return tmp_path / "hq" / "hq.db"
    monkeypatch.setenv("FIELD_HQ_DATA", str(tmp_path / "hq"))
    return str(request.getfixturevalue("pg_url"))


def hq_files(hq_db: Path | str) -> Path:
    """Where headquarters keeps attachments for this database."""
    hqs = HQStore(hq_db)
    try:
        return hqs.files_dir
    finally:
        hqs.close()


@pytest.fixture
def hq(hq_db: Path) -> Iterator[ThreadServer]:
    """A running server in this process."""
    server = ThreadServer(hq_db)
    yield server
    server.stop()


@pytest.fixture
def hq_store(hq_db: Path, hq: ThreadServer) -> Iterator[HQStore]:
    """A second connection to headquarters' file, as `field-hq` commands open it."""
    store = HQStore(hq_db)
    yield store
    store.close()


@pytest.fixture
def make_device(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    """Open a new device database by name."""
    opened: list[Store] = []

    def make(name: str) -> Store:
        store = open_store(tmp_path / "devices" / f"{name}.db", f"Officer {name}")
        opened.append(store)
        return store

    yield make
    for store in opened:
        with contextlib.suppress(Exception):  # already closed by the test
            store.close()


def fast_link(creds: Credentials, url: str | None = None, retries: int = 6) -> Link:
    """A link with short backoff so tests with faults stay quick."""
    return Link(
        url or creds.server, creds.token, retries=retries, backoff=0.02, max_backoff=0.2, timeout=10
    )


def enrolled(
    store: Store, hq_db: Path, url: str, name: str | None = None, province: str = PROVINCE
) -> Credentials:
    """Create an officer at headquarters and enroll `store` with their code."""
    hqs = HQStore(hq_db)
    try:
        code = add_officer(hqs, name or f"officer-{store.device_id[-6:]}", province)
    finally:
        hqs.close()
    return enroll(store, url, code)


def add_enterprise(store: Store, name: str = "Hợp tác xã Chè Shan tuyết", **extra) -> str:
    """An enterprise in the test province; returns its id."""
    data = {"name": name, "province": PROVINCE, "commune": "Xã Chi Lăng", **extra}
    return store.enterprises.add(data).id


def add_visit(store: Store, enterprise_id: str, findings: str = "Kho chưa dán nhãn.") -> str:
    """A completed visit; returns its id."""
    draft = store.visits.save_draft(
        {
            "enterprise_id": enterprise_id,
            "visit_date": "2026-11-20",
            "officers": ["Nguyễn Văn An"],
            "purpose": "advice",
            "findings": findings,
        }
    )
    return store.visits.complete(draft.id).id


def cli_env(home: Path) -> dict[str, str]:
    """Environment for running field-app / field-hq as subprocesses."""
    env = dict(os.environ)
    env["FIELD_APP_HOME"] = str(home)
    env.pop("FIELD_APP_DB", None)
    return env


def _in_process(
    main: Callable[[list[str]], int], args: list[str], start_language: str | None = None
) -> subprocess.CompletedProcess:
    """Run a command line's `main(args)` here (in `start_language` if given, as a fresh
    process starts), its output captured, the interface language as it was afterwards (a
    separate process would not have changed it)."""
    from field_app.i18n import current_language, set_language

    language = current_language()
    out, err = io.StringIO(), io.StringIO()
    try:
        if start_language:
            set_language(start_language)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exc:  # argparse's refusals and --help
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        set_language(language)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def field_app_cli(*args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    """`field-app ARGS`, through the same entry point (`field_app.cli.main`) in this process:
    a fresh Python adds only its start-up, about a second of CPU. An error the command
    does not handle raises here and fails the test, as its traceback would. Tests about
    the process itself (exit on a kill, a full disk, what a fresh start prints) keep a
    subprocess."""
    from field_app.cli import main

    if home is not None:  # the environment cli_env(home) would give a subprocess
        assert os.environ.get("FIELD_APP_HOME") == str(home), "use the isolated_home fixture"
        assert "FIELD_APP_DB" not in os.environ
    return _in_process(main, list(args))


def field_hq_cli(
    db: Path | str, *args: str, home: Path | None = None
) -> subprocess.CompletedProcess:
    """`field-hq --db DB ARGS` in this process (see field_app_cli), in English as a fresh
    `field-hq` starts."""
    from sync.server.cli import main

    if home is not None:
        assert os.environ.get("FIELD_APP_HOME") == str(home), "use the isolated_home fixture"
    return _in_process(main, ["--db", str(db), *args], start_language="en")
