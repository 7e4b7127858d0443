"""The automatic sync policy (`sync.scheduler`): a failure that repeats is retried
after growing waits and shown, never re-run every few seconds."""

from __future__ import annotations

from pathlib import Path

from sync.scheduler import FIRST_RETRY, INTERVAL, SyncScheduler, retry_delay
from sync.server.officers import revoke_officer
from sync.server.storage import HQStore
from tests.sync.conftest import add_enterprise, enrolled


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_retry_delay_grows_with_jitter_and_is_capped() -> None:
    delays = [retry_delay(n) for n in range(1, 40)]
    assert FIRST_RETRY * 0.5 <= delays[0] <= FIRST_RETRY * 1.5
    assert all(d <= 45 * 60 for d in delays) and min(delays[-5:]) >= 15 * 60


def test_a_repeated_failure_backs_off_and_is_shown(hq, hq_db: Path, make_device) -> None:
    device = make_device("a")
    enrolled(device, hq_db, hq.url, name="An")
    add_enterprise(device)
    hqs = HQStore(hq_db)
    revoke_officer(hqs, "An")
    hqs.close()
    clock = FakeClock()
    scheduler = SyncScheduler(lambda: device, lambda: True, clock=clock, start=False)
    waits = []
    for attempt in range(1, 6):
        scheduler.tick(device)  # due: one run, which fails
        assert (scheduler.runs, scheduler.failures) == (attempt, attempt)
        waits.append(scheduler.retry_in())
        # The status line polls every 2 s; until the wait is over nothing runs again.
        while clock.now + 2.0 < scheduler.next_at:
            clock.now += 2.0
            scheduler.tick(device)
        assert scheduler.runs == attempt
        clock.now = scheduler.next_at
    assert scheduler.failures == 5
    assert "revoked" in (scheduler.last_failure or "")
    assert not scheduler.last_result.ok
    # The waits grow: 15 s doubling (jitter x0.5..x1.5), the fifth at least 2 min.
    assert waits[0] <= 22.5 and waits[-1] >= 120


def test_success_resets_failures_and_waits_the_interval(hq, hq_db: Path, make_device) -> None:
    device = make_device("a")
    enrolled(device, hq_db, hq.url)
    add_enterprise(device)
    clock = FakeClock()
    scheduler = SyncScheduler(lambda: device, lambda: True, clock=clock, start=False)
    scheduler.failures, scheduler.last_failure = 3, "earlier"
    scheduler.tick(device)
    assert scheduler.last_result.ok and scheduler.failures == 0
    assert scheduler.last_failure is None
    assert scheduler.retry_in() == INTERVAL
    assert device.outbox.pending_count() == 0
