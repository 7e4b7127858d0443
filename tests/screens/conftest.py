"""Fixtures for the interface tests: a real demo database on disk, a fixed date,
a fixed officer, and a helper that waits for workers to finish."""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from field_app.demo import generate
from field_app.settings import Settings
from field_app.store import open_store
from screens.app import FieldApp

TODAY = date(2026, 3, 16)
OFFICER = "Nguyễn Văn An"
SIZE = (120, 40)


def officer_settings() -> Settings:
    """Settings of a returning officer (first run already done)."""
    return Settings(officer_name=OFFICER, province="Lạng Sơn")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database built per run, copied for each test.

    Under pytest-xdist the workers share it: the first to ask builds it (about a
    second of CPU) under a lock in the run's temporary folder, the others wait for it
    and copy it, instead of six workers building the same file."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    path = root / "demo-template.db"
    with open(root / "demo-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not path.exists():
            building = root / f"demo-template.{os.getpid()}.db"
            with open_store(building, OFFICER) as store:
                generate(store, enterprises=300, visits=150, seed=7, today=TODAY)
            building.rename(path)  # whole or not at all, should a worker die building
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo database."""
    dest = tmp_path / "field.db"
    shutil.copy(demo_template, dest)
    return dest


def make_app(db: Path, lang: str = "vi", settings: Settings | None = None) -> FieldApp:
    """The app on `db` with a fixed date and officer."""
    return FieldApp(db, lang=lang, today=TODAY, settings=settings or officer_settings())


async def wait_for(
    pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until `condition()` is true (workers report back by messages)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # A plain sleep lets the app's tasks run without asking every widget on the
    # screen to report idle (pilot.pause does) at each poll; once the condition
    # holds, one pause settles what it set off.
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)
    await pilot.pause()


def screen_name(pilot: Pilot) -> str:
    """Class name of the screen on top."""
    return type(pilot.app.screen).__name__


def burst(pilot: Pilot, *keys: str) -> None:
    """Keys arriving in one read from the terminal: queued at once through the
    driver, no pause between (named as pilot.press names them: "/" is "slash")."""
    app = pilot.app
    driver = app._driver
    assert driver is not None, "the app is not running"
    for key in keys:
        char = key if len(key) == 1 else None
        if char is not None and not char.isalnum():
            key = _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


async def quick_keys(pilot: Pilot, *keys: str) -> None:
    """A run of keys (answers down a checklist, backspaces) as a quick officer presses
    them: one `burst`, then one pause, instead of pilot.press's two waits and a
    repaint after every key."""
    burst(pilot, *keys)
    await pilot.pause()


async def tab_to(pilot: Pilot, widget_id: str) -> None:
    """Press Tab until the field `widget_id` has focus (keys only, no clicks).

    The screen's focus chain says how many Tabs that takes; they go as one burst, as
    an officer who knows the form presses them, and are handled one by one. If focus
    did not land there (a list that opened on the way changed the chain), Tab is
    pressed one at a time from wherever it went."""
    app = pilot.app

    def there() -> bool:
        return app.focused is not None and app.focused.id == widget_id

    chain = app.screen.focus_chain
    target = next((i for i, widget in enumerate(chain) if widget.id == widget_id), None)
    if target is not None and not there():
        start = chain.index(app.focused) if app.focused in chain else -1
        await quick_keys(pilot, *["tab"] * ((target - start) % len(chain)))
    for _ in range(30):
        if there():
            return
        await pilot.press("tab")
    raise AssertionError(f"could not reach #{widget_id} with Tab")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type `text` key by key, as a quick officer would (Vietnamese letters included).

    A `burst` of its letters, then one pause: pilot.press waits twice for the app to
    go idle after every key (at least 40 ms, and a repaint each time), which made
    typing the slowest part of the interface tests. The app handles the keys in
    order, each going to what has focus when its turn comes. Keep it for what a test
    is about (typing, autosave, crash recovery, search as you type) and use `paste`
    for text that is only the way to the subject."""
    await quick_keys(pilot, *text)


async def paste(pilot: Pilot, text: str) -> None:
    """Paste `text` into the focused field, as the terminal delivers a paste: one
    event through the same path as keys (the focused Input or TextArea inserts it at
    the cursor and says Changed), instead of one key per letter."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


Waiter = Callable[[Pilot, Callable[[], object]], Awaitable[None]]
