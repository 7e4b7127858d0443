"""Fixtures shared by every test layer.

Every test gets its own FIELD_APP_HOME, so settings, tokens and default databases
never touch the real user folders, and its own database file on disk.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from field_app.i18n import set_language
from field_app.store import Store, open_store

# Where PYTHONDONTWRITEBYTECODE is set (it is on some machines), every xdist worker
# and every `field-hq` or `field-app` a test starts compiled our modules again and
# rewrote the assertions of every test module again: about 3 s of CPU a process.
# The suite keeps compiled files in the clone's __pycache__ folders (git ignores
# them); the workers and servers inherit this environment.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


# The interface tests allocate Textual widgets, styles and strips by the million, and
# with Python's default thresholds (a young collection every 700 objects, a full one
# every 100 young ones) a test process spent about a quarter of its CPU in the cyclic
# garbage collector, most of it walking the same long-lived modules and test objects
# again. Once collection is over, those are frozen out of the collector's sight and
# the young generation is allowed to grow larger before it is scanned: tests/screens/
# test_audits.py went from 31 s to 22 s of CPU (docs/testing.md). Garbage is still
# collected; only less often.
def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 1_000)


@pytest.fixture(autouse=True, scope="session")
def one_tls_context() -> Iterator[None]:
    """Every httpx client a test opens (`httpx.post`, a browser-less web client)
    checks certificates with one context built once, as the device's link does
    (sync.link.tls_context): httpx otherwise reads the whole CA bundle again for each
    client, 30 ms of CPU, and the hostile-request sweeps open hundreds. Only the
    default check is shared; a test that asks for another gets its own."""
    import httpx._transports.default as transport

    from sync.link import tls_context

    build = transport.create_ssl_context

    def shared(verify: object = True, cert: object = None, trust_env: bool = True) -> object:
        if verify is True and cert is None and trust_env:
            return tls_context()
        return build(verify=verify, cert=cert, trust_env=trust_env)  # type: ignore[arg-type]

    transport.create_ssl_context = shared  # type: ignore[assignment]
    yield
    transport.create_ssl_context = build


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private home for settings and data; language reset to English afterwards."""
    home = tmp_path / "home"
    monkeypatch.setenv("FIELD_APP_HOME", str(home))
    monkeypatch.delenv("FIELD_APP_DB", raising=False)
    yield home
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's database file lives."""
    return tmp_path / "field.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A real, migrated database file on disk."""
    with open_store(db_path, "Nguyễn Văn An") as opened:
        yield opened
