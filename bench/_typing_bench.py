"""Search-as-you-type latency in the registry screen with 100,000 enterprises
(the body of bench/typing.py, which must stay tiny: see its docstring).

The real app runs headless in this process; Pilot types queries an officer would
type (and erases them with Backspace), one key at a time. For each keystroke the
time runs from just before the key is sent until the result list has drawn the
first line of that keystroke's results (ResultList.painted_at, set in render_line):
search in the worker, the message back, and the repaint are all inside.

    python bench/typing.py            # last line: keystroke_p95_100k: X ms
"""

from __future__ import annotations

import asyncio
import statistics
import time

from _fixtures import demo_db, percentile

QUERIES = [
    "hop tac xa",
    "lang son",
    "dong dang",
    "4900012",
    "cong ty tnhh",
    "chi lang",
    "nguyen van",
    "ho kinh doanh",
    "che shan",
    "mat ong",
    "trang trai",
]


async def measure(db) -> list[float]:
    from field_app.settings import Settings
    from screens.app import FieldApp
    from screens.widgets.result_list import ResultList

    app = FieldApp(db, lang="vi", settings=Settings(officer_name="Bench"))
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while type(app.screen).__name__ != "HomeScreen":
            await pilot.pause(0.05)
        await pilot.press("f3")
        while type(app.screen).__name__ != "EnterpriseListScreen":
            await pilot.pause(0.05)
        screen = app.screen
        results = screen.query_one(ResultList)
        while results.painted_generation < 1 or not screen.communes:
            await pilot.pause(0.05)

        async def key(name: str) -> None:
            start = time.perf_counter()
            await pilot.press(name)
            target = screen.generation
            deadline = start + 10
            while results.painted_generation < target:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no repaint after {name!r}")
                await asyncio.sleep(0.0005)
            latencies.append(results.painted_at - start)

        for query in QUERIES:
            for ch in query:
                await key("space" if ch == " " else ch)
            for _ in query:
                await key("backspace")
    return latencies


def main() -> None:
    db = demo_db(100_000)
    latencies = [t * 1000 for t in asyncio.run(measure(db))]
    print(f"database: {db.name}; {len(latencies)} keystrokes")
    print(
        f"keystroke → list repainted: median {statistics.median(latencies):.1f} ms, "
        f"p95 {percentile(latencies, 95):.1f} ms, max {max(latencies):.1f} ms"
    )
    print(f"keystroke_p95_100k: {percentile(latencies, 95):.1f} ms")


if __name__ == "__main__":
    main()
