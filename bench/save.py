"""Saving a completed 5S audit with its corrective actions, on a big database.

The database holds 100,000 enterprises and 50,000 audits (built once, cached in
bench/out/). Each timed save is what the officer's "Complete" key does: one
transaction writing a new 30-item audit (every item scored, a few low), its
accepted corrective actions and the outbox entries, committed with
synchronous=FULL (fsync before "saved" is shown).

    python bench/save.py            # last line: audit_save_p95: X ms
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from _fixtures import OUT, copy_of, demo_db, percentile

from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.store import SCHEMA_VERSION, open_store

ENTERPRISES, AUDITS, SAVES = 100_000, 50_000, 300
TEMPLATE = "5s-production"  # the 30-item form


def big_db() -> Path:
    """100,000 enterprises and 50,000 audits (with their actions), cached."""
    path = OUT / f"save-{ENTERPRISES}-{AUDITS}-v{SCHEMA_VERSION}.db"
    if path.exists():
        return path
    from field_app.demo_audits import generate_audits

    tmp = copy_of(demo_db(ENTERPRISES), path.name + ".building")
    with open_store(tmp, "Bench") as store:
        ids = [r[0] for r in store.query("SELECT id FROM enterprises")]
        rng = random.Random(5)
        for _ in range(AUDITS // 5000):
            generate_audits(
                store, rng, ids, date(2026, 11, 22), audits=5000, checks=0, officer="Bench"
            )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.rename(path)
    return path


def audit_for(store, rng: random.Random, enterprise_id: str, form) -> Audit5S:
    """A fully scored 30-item audit, a few items low (so it proposes actions)."""
    items = []
    for _section, item in form.items():
        score = rng.choice([0, 1, 2, 3, 3, 4, 4, 4, 4, 4])
        items.append(ItemScore(item_id=item.id, score=score, note="Ghi chú kiểm tra"))
    return Audit5S(
        enterprise_id=enterprise_id,
        area="Xưởng sản xuất chính",
        template_id=form.id,
        template_version=form.version,
        audit_date=date(2026, 11, 22) - timedelta(days=rng.randint(0, 30)),
        auditors=["Nguyễn Văn An"],
        items=items,
    )


def main() -> None:
    source = big_db()
    path = copy_of(source, "save-bench.db")
    rng = random.Random(42)
    times: list[float] = []
    actions_saved = 0
    with open_store(path, "Bench") as store:
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        counts = store.counts()
        assert counts["enterprises"] >= ENTERPRISES and counts["audits_5s"] >= AUDITS
        form = store.templates.get(TEMPLATE)
        assert len(form.items()) == 30
        ids = [r[0] for r in store.query("SELECT id FROM enterprises ORDER BY random() LIMIT 2000")]
        for n in range(SAVES + 20):
            audit = audit_for(store, rng, rng.choice(ids), form)
            proposals = store.audits_5s.propose(audit)
            t0 = time.perf_counter()
            done = store.audits_5s.complete(audit, proposals)
            elapsed = (time.perf_counter() - t0) * 1000
            if n >= 20:  # the first saves warm the page cache, as a running app would be
                times.append(elapsed)
                actions_saved += len(proposals)
            assert done.status == "completed"
        print(f"database: {counts['enterprises']} enterprises, {counts['audits_5s']} audits")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    print(f"saves: {len(times)}, actions per save: {actions_saved / len(times):.1f}")
    print(f"median: {statistics.median(times):.2f} ms, max: {max(times):.2f} ms")
    print(f"audit_save_p95: {percentile(times, 95):.2f} ms")


if __name__ == "__main__":
    main()
