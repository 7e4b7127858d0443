"""Time: UTC timestamps for records and a hybrid logical clock for merging edits.

A hybrid logical clock (HLC) value orders edits made on different devices even when
their wall clocks disagree a little, and still reads as a time. It is encoded as a
fixed-width string so that SQLite and Python compare it the same way:
``"<13-digit ms>-<5-digit counter>-<device id>"``.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

_lock = threading.Lock()
_state = {"ms": 0, "counter": 0}


def utc_now() -> str:
    """Current UTC time as ISO 8601 with milliseconds and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def hlc_now(device_id: str, wall_ms: int | None = None) -> str:
    """Return the next HLC value for this device."""
    ms = time.time_ns() // 1_000_000 if wall_ms is None else wall_ms
    with _lock:
        if ms > _state["ms"]:
            _state["ms"], _state["counter"] = ms, 0
        else:
            _state["counter"] += 1
        return encode_hlc(_state["ms"], _state["counter"], device_id)


def hlc_observe(remote: str) -> None:
    """Advance the local clock past a value received from elsewhere (HLC receive rule)."""
    ms, counter, _ = decode_hlc(remote)
    with _lock:
        if (ms, counter) > (_state["ms"], _state["counter"]):
            _state["ms"], _state["counter"] = ms, counter


def hlc_rewind(to_ms: int, beyond_ms: int) -> bool:
    """Move the clock back to `to_ms` if it reads later than `beyond_ms`; True if moved.

    The one exception to "never go back": a device whose wall clock ran far ahead
    and was then corrected would otherwise keep stamping edits with the wrong date
    forever (headquarters refuses them); sync calls this with headquarters' time.
    """
    with _lock:
        if _state["ms"] <= beyond_ms:
            return False
        _state["ms"], _state["counter"] = to_ms, 0
        return True


def encode_hlc(ms: int, counter: int, device_id: str) -> str:
    """Encode an HLC triple as a sortable string."""
    return f"{ms:013d}-{counter:05d}-{device_id}"


def decode_hlc(value: str) -> tuple[int, int, str]:
    """Split an HLC string into (milliseconds, counter, device id)."""
    ms, counter, device = value.split("-", 2)
    return int(ms), int(counter), device
