"""Run by test_killed.py in a child process: type into a visit form until killed.

Usage: python -m tests.screens.typing_child DB ENTERPRISE_ID PREFIX
Prints "TYPED <visit id>" once PREFIX is typed, then keeps typing until SIGKILL.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.screens.conftest import make_app, screen_name, type_text, wait_for


async def main(db: Path, enterprise_id: str, prefix: str) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        app.new_visit(enterprise_id)
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        form = app.screen
        await wait_for(pilot, lambda: form.visit is not None and not form._loading)
        form.query_one("#f-findings").focus()
        await type_text(pilot, prefix)
        print("TYPED", form.visit_id, flush=True)
        while True:  # an officer still typing when the battery dies
            await type_text(pilot, " thêm")
            await asyncio.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
