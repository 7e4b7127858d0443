"""How many mutations per second headquarters applies, on SQLite and on PostgreSQL.

Calls the same apply code the /v1/push endpoint runs (dedupe, validation with the
pydantic models, province scope, merge, one transaction per batch), without HTTP:
8 devices push at once, each from its own thread, 2,500 visits and 250 enterprise
edits each (22,000 mutations) in batches of 200, on a fresh database; then every
batch is sent again and must come back as duplicates.

PostgreSQL: a private server is started in a temporary folder (as tests do, with
Debian's `postgresql` binaries), unless --db names an empty database.

Run: python bench/server_apply.py [--engine sqlite|postgresql|both] [--db URL]
(last lines: server_apply_<engine>: X mutations/s)
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import argparse
import hashlib
import random
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))

BATCH = 200
DEVICES = 8
VISITS_PER_DEVICE = 2_500


def _device_mutations(device: str, ents: list[str], rng: random.Random) -> list[Any]:
    from field_app.clock import hlc_now
    from field_app.demo import FINDINGS, RECOMMENDATIONS
    from field_app.ids import uuid7
    from sync.protocol import Mutation

    now = "2026-11-22T01:00:00.000Z"
    mutations = []
    for i in range(VISITS_PER_DEVICE):
        vid = uuid7()
        visit = {
            "id": vid,
            "enterprise_id": rng.choice(ents),
            "visit_date": "2026-11-20",
            "officers": ["Nguyễn Văn An"],
            "purpose": "advice",
            "findings": rng.choice(FINDINGS),
            "recommendations": rng.choice(RECOMMENDATIONS),
            "status": "completed",
            "created_at": now,
            "updated_at": now,
            "completed_at": now,
            "device_id": device,
            "version": 1,
        }
        mutations.append(Mutation(uuid7(), "visit", vid, "create", visit, hlc_now(device)))
        if i % 10 == 0:
            phone = {"phone": f"09{rng.randint(10**7, 10**8 - 1)}"}
            mutations.append(
                Mutation(uuid7(), "enterprise", rng.choice(ents), "update", phone, hlc_now(device))
            )
    return mutations


def _run(target: str) -> tuple[float, float, int]:
    """Apply the workload on `target`; returns (seconds, replay seconds, mutations)."""
    from field_app.clock import hlc_now
    from field_app.ids import uuid7
    from sync.protocol import Mutation
    from sync.server.apply import apply_batch
    from sync.server.officers import add_officer, authenticate, enroll
    from sync.server.storage import HQStore

    rng = random.Random(5)
    hq = HQStore(target)
    try:
        who = []
        for n in range(DEVICES):
            code = add_officer(hq, f"Bench {n}", "Lạng Sơn")
            device = uuid7()
            proof = hashlib.sha256(device.encode()).hexdigest()
            token = enroll(hq, code, device, proof=proof)["token"]
            who.append(authenticate(hq, f"Bearer {token}"))
        ents = [uuid7() for _ in range(200)]
        now = "2026-11-22T01:00:00.000Z"
        first = who[0].device_id
        setup = [
            Mutation(
                uuid7(),
                "enterprise",
                e,
                "create",
                {
                    "id": e,
                    "name": f"HTX số {i}",
                    "province": "Lạng Sơn",
                    "kind": "cooperative",
                    "created_at": now,
                    "updated_at": now,
                    "device_id": first,
                    "version": 1,
                },
                hlc_now(first),
            )
            for i, e in enumerate(ents)
        ]
        apply_batch(hq, who[0], setup)
        work = [_device_mutations(w.device_id, ents, rng) for w in who]
        total = sum(len(m) for m in work)
        failures: list[str] = []

        def push(index: int, expect: set[str]) -> None:
            principal = who[index]
            mutations = work[index]
            for start in range(0, len(mutations), BATCH):
                batch = mutations[start : start + BATCH]
                results = apply_batch(hq, principal, batch, start + len(batch)).outcomes
                if {o.status for o in results} - expect:
                    failures.append(f"device {index}: {sorted({o.status for o in results})}")

        def all_devices(expect: set[str]) -> float:
            threads = [threading.Thread(target=push, args=(i, expect)) for i in range(DEVICES)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return time.perf_counter() - started

        # Edits of one enterprise from two devices may conflict: kept, not lost.
        elapsed = all_devices({"applied", "conflict"})
        stored = hq.scalar("SELECT count(*) FROM mutations") - len(setup)
        if failures or stored != total:
            raise SystemExit(f"{target}: {stored} of {total} mutations stored; {failures[:3]}")
        replay = all_devices({"duplicate"})
        if failures:
            raise SystemExit(f"{target}: the replay changed something: {failures[:3]}")
        return elapsed, replay, total
    finally:
        hq.close()


def main() -> None:
    """Run the workload on the chosen engines and print a rate for each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a private one)")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    root = Path(tempfile.mkdtemp(prefix="server-apply-"))
    cluster = None
    rates = []
    try:
        for engine in engines:
            if engine == "sqlite":
                target = str(root / "hq.db")
            elif args.db:
                target = args.db
            else:
                from tests.postgres.cluster import Cluster

                cluster = Cluster()
                target = cluster.database()
            elapsed, replay, total = _run(target)
            print(
                f"{engine}: {total} mutations from {DEVICES} devices at once, batches of"
                f" {BATCH}: {elapsed:.2f} s; replayed as duplicates in {replay:.2f} s"
                f" ({total / replay:,.0f}/s)"
            )
            rates.append(f"server_apply_{engine}: {total / elapsed:.0f} mutations/s")
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    for line in rates:
        print(line)


if __name__ == "__main__":
    main()
