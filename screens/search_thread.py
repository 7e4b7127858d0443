"""One long-lived thread per registry screen that runs its searches in order.

A Textual thread worker per keystroke starts a new thread and posts state-change
messages the UI thread must handle; at typing speed that overhead is as large as
the search itself. Searches are queued to this single thread instead; each job
posts its own result message, and jobs already stale when their turn comes are
skipped by the caller's generation check.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


class SearchThread:
    """Runs submitted jobs one after another on a private daemon-like thread."""

    def __init__(self, name: str = "search") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def submit(self, job: Callable[[], None]) -> None:
        """Queue `job`; an exception in it is reported on stderr rather than lost."""

        def run() -> None:
            try:
                job()
            except Exception:  # pragma: no cover - a bug; keep the thread alive
                import traceback

                traceback.print_exc()

        self._pool.submit(run)

    def close(self) -> None:
        """Stop accepting jobs; queued ones are dropped, a running one finishes."""
        self._pool.shutdown(wait=False, cancel_futures=True)
