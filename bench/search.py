"""Registry search at 100,000 enterprises.

Runs at least 200 folded queries of the kinds officers type: word prefixes without
marks, whole names, words with marks in other forms, tax-code fragments, each as
the first page of results with the total count.

    python bench/search.py            # last line: search_p95_100k: X ms
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import random
import statistics
import time

from _fixtures import demo_db, percentile

from field_app.store import open_store
from field_app.text import fold_words


def queries(store, rng: random.Random) -> list[str]:
    names = [r[0] for r in store.query("SELECT name FROM enterprises ORDER BY random() LIMIT 400")]
    taxes = [
        r[0]
        for r in store.query(
            "SELECT tax_code FROM enterprises WHERE tax_code IS NOT NULL"
            " ORDER BY random() LIMIT 100"
        )
    ]
    out = [
        "lang son",
        "hop tac",
        "hop tac chi lang",
        "dong dang",
        "htx",
        "cong ty tnhh",
        "trang trai na",
        "h",
        "t",
        "ho kinh doanh nguyen",
        "Lạng Sơn",
        "ĐỒNG ĐĂNG",
        "che shan",
    ]
    for name in names[:70]:
        words = fold_words(name)
        out.append(
            " ".join(w[: rng.randint(2, max(2, len(w)))] for w in words[: rng.randint(1, 3)])
        )
    out += names[70:120]  # whole names, with marks
    for tax in taxes[:70]:
        start = rng.randint(0, max(0, len(tax) - 5))
        out.append(tax[start : start + rng.randint(3, 6)])
    return out


def main() -> None:
    path = demo_db(100_000)
    rng = random.Random(42)
    with open_store(path) as store:
        qs = queries(store, rng)
        for q in qs[:20]:  # warm the page cache, as a running app would be
            store.enterprises.search(q, limit=50)
        times = []
        for q in qs:
            t0 = time.perf_counter()
            page = store.enterprises.search(q, limit=50)
            times.append((time.perf_counter() - t0) * 1000)
            assert page.total >= len(page.items)
    slow = sorted(zip(times, qs, strict=True), reverse=True)[:5]
    print(f"queries: {len(qs)}")
    print(f"median: {statistics.median(times):.2f} ms, max: {max(times):.2f} ms")
    print("slowest:", ", ".join(f"{q!r} {t:.1f} ms" for t, q in slow))
    print(f"search_p95_100k: {percentile(times, 95):.2f} ms")


if __name__ == "__main__":
    main()
