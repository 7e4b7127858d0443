"""A process killed in the middle of saving loses nothing it had reported saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from field_app.store import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from field_app.store import open_store

    store = open_store(sys.argv[1], "Test")
    for i in range(1000):
        ent = store.enterprises.add({"name": f"Hợp tác xã số {i}", "commune": "Chi Lăng"})
        # The save has returned: only now may the officer be told it is saved.
        print(ent.id, flush=True)
    """
)


def test_sigkill_mid_saves_keeps_every_returned_save(db_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    saved = []
    assert child.stdout is not None
    for line in child.stdout:
        saved.append(line.strip())
        if len(saved) == 300:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_store(db_path) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        stored = {r["id"] for r in store.query("SELECT id FROM enterprises")}
        assert set(saved) <= stored
        assert len(stored) < 1000  # it really was killed mid-way
        # Every stored record has its outbox entry: they were written together.
        queued = {r["record_id"] for r in store.query("SELECT record_id FROM outbox")}
        assert queued == stored
        # The search index agrees with the table.
        assert store.enterprises.search("hop tac xa so").total == len(stored)
