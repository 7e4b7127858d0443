"""When to sync automatically: on start, after saves, on a timer, on request, and
after a failure only once a growing wait has passed.

UI-agnostic (no terminal code): the interface builds one `SyncScheduler` with a
way to reach the open database and shows what it keeps (`status`, `failures`,
`last_failure`); a long-running command could use it the same way. Failures wait
`backoff_delay` (the same rule as a request's retries, with longer steps), so a
failure that repeats (a refused request, a broken record) is tried at most a few
times an hour, never in a tight loop, and the officer is told it keeps failing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sync.link import backoff_delay

if TYPE_CHECKING:
    from field_app.store.store import Store

INTERVAL = 15 * 60.0
"""Seconds between automatic syncs when all is well."""
AFTER_SAVE_DELAY = 20.0
"""A new change waits this long, so a burst of saves goes in one sync."""
POLL = 2.0
"""How often the (cheap) state is read for the status line."""
FIRST_RETRY = 15.0
LONGEST_WAIT = 30 * 60.0


def retry_delay(failures: int) -> float:
    """Wait before the next automatic try after `failures` in a row: 15 s doubling
    to 30 min, with jitter."""
    return backoff_delay(failures, base=FIRST_RETRY, cap=LONGEST_WAIT)


class SyncScheduler:
    """Runs `run_sync` in a daemon thread and keeps the state for an interface.

    `store()` gives the open database or None (the scheduler never opens one);
    `alive()` says whether the interface still runs: once it was alive and is no
    longer, the thread ends.
    """

    def __init__(
        self,
        store: Callable[[], Store | None],
        alive: Callable[[], bool],
        *,
        poll: float = POLL,
        clock: Callable[[], float] = time.monotonic,
        start: bool = True,
    ) -> None:
        self._get_store = store
        self._alive = alive
        self.poll = poll
        self.clock = clock
        self.status: Any = None
        self.running = False
        self.last_result: Any = None
        self.runs = 0
        """Runs started (for the record; a status line may show it)."""
        self.failures = 0
        """Failed runs in a row (0 after a success)."""
        self.last_failure: str | None = None
        """The sentence of the latest failure, kept until a run succeeds."""
        self.next_at = clock()  # "on start"
        self._last_pending: int | None = None
        self._wake = threading.Event()
        self._seen_alive = False
        self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)
        if start:
            self._thread.start()

    def sync_now(self) -> None:
        """Sync as soon as possible (the officer asked)."""
        self.next_at = self.clock()
        self._wake.set()

    def retry_in(self) -> float:
        """Seconds until the next automatic try."""
        return max(0.0, self.next_at - self.clock())

    def _leaving(self) -> bool:
        if self._alive():
            self._seen_alive = True
            return False
        return self._seen_alive

    def _loop(self) -> None:
        while not self._leaving():
            store = self._get_store()
            if store is not None:
                try:
                    self.tick(store)
                except Exception:
                    if self._leaving():
                        return  # the database closed under us: the app is leaving
            self._wake.wait(self.poll)
            self._wake.clear()

    def tick(self, store: Store) -> None:
        """One look at the state, and a run if one is due."""
        from sync.engine import run_sync
        from sync.status import sync_status

        self.status = sync_status(store)
        now = self.clock()
        pending = self.status.pending
        if self._last_pending is not None and pending > self._last_pending:
            self.next_at = min(self.next_at, now + AFTER_SAVE_DELAY)
        self._last_pending = pending
        if not (self.status.enrolled and now >= self.next_at):
            return
        self.running = True
        self.runs += 1
        try:
            self.last_result = run_sync(store)
        except Exception as exc:  # a bug must not turn into a retry every few seconds
            self._failed(str(exc) or type(exc).__name__)
            raise
        finally:
            self.running = False
        if self.last_result.ok:
            self.failures, self.last_failure = 0, None
            self.next_at = self.clock() + INTERVAL
        elif self.last_result.code == "busy":
            self.next_at = self.clock() + AFTER_SAVE_DELAY  # another run is doing the work
        else:
            self._failed(self.last_result.error or "")
        self.status = sync_status(store)
        self._last_pending = self.status.pending

    def _failed(self, message: str) -> None:
        self.failures += 1
        self.last_failure = message
        self.next_at = self.clock() + retry_delay(self.failures)
