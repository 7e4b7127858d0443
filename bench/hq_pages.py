"""How fast headquarters' web pages answer on a large province.

A headquarters database with 100,000 enterprises and 200,000 visits, 5S audits and
VietGAP checks by 20 officers over two years, served by a real `field-hq serve`
process; a logged-in user then asks, through HTTP, for the overview, a folded search
("htx che", a tax-code fragment...), a filtered records page (one officer, one month)
and a record page (a 5S audit), 25 times each with varying parameters.

The records are written straight into headquarters' `records` table in the form the
apply step stores them (its own speed is bench/server_apply.py's business); the web
interface's copy is then built by its first request, timed on its own line.

On SQLite and on PostgreSQL (a private server started in a temporary folder, as
the tests do, with Debian's `postgresql` binaries).

Run: python bench/hq_pages.py [--enterprises N] [--records M] [--engine E]
(last lines: hq_page_p95_<engine>: X ms; goal <= 300 ms)
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

PROVINCE = "Lạng Sơn"
OFFICERS = 20
REPEATS = 25
PASSWORD = "mật-khẩu-đủ-dài-bench"


def _meta(rng: random.Random, device: str, officer: str, day: date) -> dict:
    from field_app.ids import uuid7

    stamp = f"{day.isoformat()}T0{rng.randint(1, 9)}:00:00Z"
    return {
        "id": uuid7(),
        "created_at": stamp,
        "updated_at": stamp,
        "created_by": officer,
        "device_id": device,
        "version": 1,
    }


def fill(db: Path | str, enterprises: int, records: int) -> dict:
    """Write officers, devices, enterprises and records; return ids the pages use."""
    from field_app.checklists import bundled_templates
    from field_app.demo import FINDINGS, make_enterprise
    from sync.entities import province_key
    from sync.server.officers import add_officer, enroll
    from sync.server.storage import HQStore
    from sync.server.users import add_user

    rng = random.Random(14)
    hq = HQStore(db)
    key = province_key(PROVINCE)
    officers = []
    for n in range(OFFICERS):
        name = f"Cán bộ số {n + 1:02d}"
        code = add_officer(hq, name, PROVINCE)
        device = f"0190{n:04d}-0000-7000-8000-{n:012d}"
        secret = f"bench-secret-{n}"
        enroll(hq, code, device, f"laptop-{n}", proof=hashlib.sha256(secret.encode()).hexdigest())
        officer_id = hq.scalar("SELECT id FROM officers WHERE name = ?", (name,))
        officers.append((officer_id, name, device))
    add_user(hq, "bench", "Người đo", PROVINCE, "reviewer", PASSWORD)
    five_s = next(t for t in bundled_templates() if t.id == "5s-office")
    vietgap = next(t for t in bundled_templates() if t.kind == "vietgap")
    seq = hq.current_seq()
    rows: list[tuple] = []

    def put(entity: str, data: dict, device: str) -> None:
        nonlocal seq
        seq += 1
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        mergeable = entity == "enterprise"
        rows.append((entity, data["id"], key, text, "{}" if mergeable else None, seq, device,
                     None if mergeable else device))  # fmt: skip
        if len(rows) >= 10_000:
            flush()

    def flush() -> None:
        with hq.atomic() as conn:
            conn.executemany(
                "INSERT INTO records (entity, id, province, data, clocks, seq, origin,"
                " skip_device) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            hq.set_seq(conn, seq)
        rows.clear()

    ids = []
    for i in range(enterprises):
        ent = make_enterprise(rng, i, PROVINCE)
        _oid, officer, device = rng.choice(officers)
        data = {**ent.model_dump(mode="json"), **_meta(rng, device, officer, date(2025, 1, 1))}
        put("enterprise", {k: v for k, v in data.items() if v is not None}, device)
        ids.append(data["id"])
    start = date(2025, 1, 1)
    audits = []
    for n in range(records):
        _oid, officer, device = rng.choice(officers)
        day = start + timedelta(days=rng.randint(0, 700))
        meta = _meta(rng, device, officer, day)
        what = n % 10
        base = {**meta, "enterprise_id": rng.choice(ids), "status": "completed",
                "completed_at": meta["created_at"]}  # fmt: skip
        if what < 6:
            put("visit", {**base, "visit_date": day.isoformat(), "officers": [officer],
                          "purpose": rng.choice(["advice", "survey", "follow_up", "training"]),
                          "findings": rng.choice(FINDINGS)}, device)  # fmt: skip
        elif what < 8:
            items = [{"item_id": it.id, "score": rng.randint(0, 4)} for _s, it in five_s.items()]
            put("audit_5s", {**base, "area": "Văn phòng", "template_id": five_s.id,
                             "template_version": five_s.version, "audit_date": day.isoformat(),
                             "auditors": [officer], "items": items,
                             "total_percent": round(rng.uniform(30, 95), 1)}, device)  # fmt: skip
            audits.append(base["id"])
        else:
            results = [{"item_id": it.id, "outcome": rng.choice(["pass", "pass", "fail", "na"])}
                       for _s, it in vietgap.items()]  # fmt: skip
            put("vietgap_check", {**base, "scope": "Chè", "template_id": vietgap.id,
                                  "template_version": vietgap.version,
                                  "check_date": day.isoformat(), "auditors": [officer],
                                  "results": results, "ready": rng.random() < 0.4,
                                  "recommended_percent": round(rng.uniform(40, 100), 1)},
                device)  # fmt: skip
    flush()
    hq.close()
    return {"officers": [o[0] for o in officers], "audits": audits[:REPEATS]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    """Fill, serve, time and print, on each engine."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    figures = []
    for engine in engines:
        root = Path(tempfile.mkdtemp(prefix="hq-pages-"))
        cluster = None
        try:
            if engine == "sqlite":
                db: Path | str = root / "hq.db"
            else:
                from tests.postgres.cluster import Cluster

                cluster = Cluster()
                db = cluster.database()
                os.environ["FIELD_HQ_DATA"] = str(root)  # attachments, the web's copies
            print(f"{engine}:")
            figures.append(f"hq_page_p95_{engine}: {_measure(args, db):.0f} ms")
        finally:
            if cluster is not None:
                cluster.stop()
            shutil.rmtree(root, ignore_errors=True)
    for line in figures:
        print(line)


def _measure(args: argparse.Namespace, db: Path | str) -> float:
    """The p95 of every page asked, in ms, on the database `db`."""
    import httpx

    began = time.perf_counter()
    ids = fill(db, args.enterprises, args.records)
    print(f"filled {args.enterprises} enterprises, {args.records} records in"
          f" {time.perf_counter() - began:.0f} s")  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = httpx.Client(base_url=url, timeout=600)
        for _ in range(200):
            try:
                client.get("/v1/health")
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        import re

        form = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"login": "bench", "password": PASSWORD, "csrf": token})
        began = time.perf_counter()
        assert client.get("/").status_code == 200
        print(f"first request (builds the web copy): {time.perf_counter() - began:.1f} s")
        rng = random.Random(3)
        queries = ["htx che", "lang son", "cong ty tnhh", "4900012", "hop tac xa nong nghiep",
                   "trang trai", "0101", "ho kinh doanh", "cty co phan", "chi lang"]  # fmt: skip
        pages = {
            "overview": lambda i: "/",
            "search": lambda i: f"/enterprises?q={queries[i % len(queries)]}",
            "records": lambda i: (
                f"/records?officer={rng.choice(ids['officers'])}"
                f"&from=2026-{i % 9 + 1:02d}-01&to=2026-{i % 9 + 1:02d}-28"
            ),
            "record": lambda i: f"/records/{ids['audits'][i % len(ids['audits'])]}",
        }
        times: list[float] = []
        for name, path_of in pages.items():
            page_times = []
            for i in range(REPEATS):
                path = path_of(i)
                began = time.perf_counter()
                answer = client.get(path)
                elapsed = (time.perf_counter() - began) * 1000
                assert answer.status_code == 200, (path, answer.status_code)
                page_times.append(elapsed)
            page_times.sort()
            print(f"{name:<9} median {page_times[len(page_times) // 2]:6.1f} ms"
                  f"  p95 {page_times[int(len(page_times) * 0.95) - 1]:6.1f} ms")  # fmt: skip
            times += page_times
    finally:
        server.terminate()
        server.wait(30)
    times.sort()
    return times[int(len(times) * 0.95) - 1]


if __name__ == "__main__":
    main()
