"""How many mutations per second headquarters applies into SQLite.

Calls the same apply code the /v1/push endpoint runs (dedupe, validation with the
pydantic models, province scope, merge, one transaction per batch), without HTTP,
on a fresh file: 20,000 visits and 2,000 enterprise edits in batches of 200.

Run: python bench/server_apply.py       (last line: server_apply: X mutations/s)
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import random
import shutil
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

BATCH = 200


def main() -> None:
    """Build the mutations, apply them batch by batch, print the rate."""
    from field_app.clock import hlc_now
    from field_app.demo import FINDINGS, RECOMMENDATIONS
    from field_app.ids import uuid7
    from sync.protocol import Mutation
    from sync.server.apply import apply_batch
    from sync.server.officers import add_officer, authenticate, enroll
    from sync.server.storage import HQStore

    root = Path(tempfile.mkdtemp(prefix="server-apply-"))
    rng = random.Random(5)
    try:
        hq = HQStore(root / "hq.db")
        code = add_officer(hq, "Bench", "Lạng Sơn")
        device = uuid7()
        token = enroll(hq, code, device, proof="0" * 64)["token"]
        who = authenticate(hq, f"Bearer {token}")
        ents = [uuid7() for _ in range(200)]
        now = "2026-11-22T01:00:00.000Z"
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
                    "device_id": device,
                    "version": 1,
                },
                hlc_now(device),
            )
            for i, e in enumerate(ents)
        ]
        apply_batch(hq, who, setup)
        mutations = []
        for i in range(20_000):
            vid = uuid7()
            mutations.append(
                Mutation(
                    uuid7(),
                    "visit",
                    vid,
                    "create",
                    {
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
                    },
                    hlc_now(device),
                )
            )
            if i % 10 == 0:
                mutations.append(
                    Mutation(
                        uuid7(),
                        "enterprise",
                        rng.choice(ents),
                        "update",
                        {"phone": f"09{rng.randint(10**7, 10**8 - 1)}"},
                        hlc_now(device),
                    )
                )
        who = authenticate(hq, f"Bearer {token}")
        started = time.perf_counter()
        applied = 0
        for start in range(0, len(mutations), BATCH):
            batch = mutations[start : start + BATCH]
            results = apply_batch(hq, who, batch, start + len(batch)).outcomes
            applied += sum(1 for o in results if o.status == "applied")
        elapsed = time.perf_counter() - started
        if applied != len(mutations):
            raise SystemExit(f"only {applied} of {len(mutations)} applied")
        # Replaying everything must be cheap and change nothing.
        replay_start = time.perf_counter()
        for start in range(0, len(mutations), BATCH):
            results = apply_batch(hq, who, mutations[start : start + BATCH]).outcomes
            assert {o.status for o in results} == {"duplicate"}
        replay = time.perf_counter() - replay_start
        hq.close()
        print(
            f"{len(mutations)} mutations in batches of {BATCH}: {elapsed:.2f} s;"
            f" replayed as duplicates in {replay:.2f} s ({len(mutations) / replay:,.0f}/s)"
        )
        print(f"server_apply: {len(mutations) / elapsed:,.0f} mutations/s".replace(",", ""))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
