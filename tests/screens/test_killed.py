"""A process killed mid-typing (SIGKILL, like a dead battery) loses nothing typed more
than a couple of seconds before, and leaves a sound database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from field_app.store import open_store
from tests.screens.conftest import make_app, screen_name, wait_for

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "Xưởng may thiếu bình chữa cháy ở khu cắt"


async def test_draft_survives_sigkill_mid_typing(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        enterprise_id = store.enterprises.search("dong dang").items[0].id
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.screens.typing_child", str(demo_db), enterprise_id, PREFIX],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("TYPED "), line + child.stderr.read()
        visit_id = line.split()[1]
        time.sleep(2.5)  # autosave promises about one second; the child keeps typing
        assert child.poll() is None, "the child stopped typing on its own"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL

    with open_store(demo_db) as store:
        assert store.query("PRAGMA integrity_check")[0][0] == "ok"
        draft = store.visits.get(visit_id)
        assert draft is not None and draft.status == "draft"
        assert draft.findings.startswith(PREFIX)
        assert " thêm" in draft.findings  # typing after the marker was being saved too

    # Reopening the app shows the draft with what was typed.
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: app.screen.query("#drafts"))
        drafts = app.screen.query_one("#drafts")
        await wait_for(
            pilot,
            lambda: any(
                drafts.get_option_at_index(i).id == visit_id for i in range(drafts.option_count)
            ),
        )
