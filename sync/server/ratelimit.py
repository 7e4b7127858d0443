"""Failed attempts per client address, in a sliding window (enrollment codes)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class FailureLimit:
    """At most `limit` failures per address in `window` seconds; then refused until
    the oldest falls out of the window. Kept in memory: a restart forgets, which costs
    a guesser nothing it could not get by waiting, and 12-character codes over a
    31-letter alphabet leave guessing hopeless at this rate anyway."""

    def __init__(
        self, limit: int = 10, window: float = 900.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        events = self._failures.setdefault(address, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def retry_after(self, address: str) -> int:
        """0 when `address` may try now, else the seconds until it may."""
        now = self.clock()
        with self._lock:
            events = self._recent(address, now)
            if len(events) < self.limit:
                return 0
            return max(1, int(events[0] + self.window - now) + 1)

    def failed(self, address: str) -> None:
        """Count one failure of `address`."""
        now = self.clock()
        with self._lock:
            self._recent(address, now).append(now)
            if len(self._failures) > 100_000:  # a flood of addresses: forget the idle ones
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]
