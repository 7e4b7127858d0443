"""Sync over a simulated 2G link: bytes per record on the wire and time taken.

A real field-hq server runs on loopback behind sync.linksim.LinkProxy shaped to
64 kbit/s each way with 250 ms one-way latency (and a round trip per new TCP
connection). A device pushes 1,000 completed site visits, then 100 completed 5S
audits, first on a clean link, then with 30% of exchanges cut at a random byte.
Byte counts are everything above TCP in both directions (HTTP headers included).
On the clean link a 5S audit with PHOTOS phone photos (4000x3000 JPEG of about
5 MB, with EXIF rotation and GPS) follows: bytes per photo on the wire and time,
beside what the originals alone would need at the link rate.

The anchor: the same visits as OpenRosa XML submissions, one multipart POST each
as ODK Collect sends them, answered as ODK Central answers, counted through the
same proxy.

Run: python bench/sync_link.py        (last line: sync_30pct_cut_1000: X s)
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import http.server
import random
import shutil
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

RATE = 64_000
LATENCY = 0.25
VISITS = 1000
AUDITS = 100
PHOTOS = 3


def start_server(db: Path):
    """uvicorn serving field-hq in a thread; returns (server, thread, port)."""
    import socket

    import uvicorn

    from sync.server.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(db), host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, port


def make_device(
    root: Path, hq_db: Path, url: str, name: str, rng: random.Random, first_index: int = 0
):
    """An enrolled device holding 50 enterprises already synced (not measured).

    `first_index` keeps each device's tax codes apart: the same tax code in the same
    province is the same enterprise, which headquarters would merge."""
    from field_app.demo import make_enterprise
    from field_app.store import open_store
    from sync.engine import run_sync
    from sync.enrollment import enroll
    from sync.server.officers import add_officer
    from sync.server.storage import HQStore

    hqs = HQStore(hq_db)
    code = add_officer(hqs, name, "Lạng Sơn")
    hqs.close()
    store = open_store(root / f"{name}.db", name)
    creds = enroll(store, url, code)
    ents = []
    for i in range(50):
        ent = make_enterprise(rng, first_index + i).model_copy(update={"province": "Lạng Sơn"})
        ents.append(store.enterprises.add(ent).id)
    assert run_sync(store, credentials=creds).ok
    return store, creds, ents


def add_visits(store, ents: list[str], n: int, rng: random.Random) -> list:
    """n completed visits; each text is two phrases from the demo's pool plus a note of
    random words, so that no two visits carry the same text."""
    from field_app.demo import FINDINGS, GIVEN, PRODUCTS, RECOMMENDATIONS, SURNAMES, TRADES
    from field_app.models.visit import RecordStatus, Visit, VisitPurpose
    from field_app.store.visits import insert_many

    words = [
        w.lower() for phrase in PRODUCTS + TRADES + GIVEN["m"] + GIVEN["f"] for w in phrase.split()
    ]
    visits = []
    start = date(2026, 1, 5)
    for _i in range(n):
        stamp = store.stamp()
        day = start + timedelta(days=rng.randint(0, 300))
        visits.append(
            Visit(
                **stamp,
                enterprise_id=rng.choice(ents),
                visit_date=day,
                officers=[f"{rng.choice(SURNAMES)} Văn An"],
                purpose=rng.choice(list(VisitPurpose)),
                findings=f"{rng.choice(FINDINGS)} {rng.choice(FINDINGS)} Ghi chú: "
                + " ".join(rng.choice(words) for _w in range(rng.randint(3, 7)))
                + f", {rng.randint(2, 60)} lao động.",
                recommendations=rng.choice(RECOMMENDATIONS),
                next_steps="Kiểm tra lại sau 1 tháng." if rng.random() < 0.5 else "",
                follow_up_date=day + timedelta(days=30) if rng.random() < 0.5 else None,
                status=RecordStatus.COMPLETED,
                completed_at=stamp["created_at"],
            )
        )
    insert_many(store, visits)
    return visits


def add_audits(store, ents: list[str], n: int, rng: random.Random) -> int:
    """n completed 5S audits on the bundled 30-item production template."""
    from field_app.checklists import bundled_templates
    from field_app.models.audit_5s import Audit5S, ItemScore

    template = next(t for t in bundled_templates() if t.id == "5s-production")
    for _i in range(n):
        items = [
            ItemScore(item_id=item.id, score=rng.choice([1, 2, 2, 3, 3, 4]))
            for _section, item in template.items()
        ]
        store.audits_5s.complete(
            Audit5S(
                enterprise_id=rng.choice(ents),
                area=rng.choice(["Xưởng sơ chế", "Kho thành phẩm"]),
                template_id=template.id,
                template_version=template.version,
                audit_date=date(2026, 11, rng.randint(1, 20)),
                auditors=["Nguyễn Văn An"],
                items=items,
            )
        )
    return len(template.items())


def add_photo_audit(store, ents: list[str], folder: Path, n: int) -> int:
    """One completed 5S audit with n photos on its first items; returns the
    originals' bytes."""
    from field_app.checklists import bundled_templates
    from field_app.models.audit_5s import Audit5S, ItemScore

    template = next(t for t in bundled_templates() if t.id == "5s-production")
    from tests.photos.images import phone_photo  # the tests' phone photo (noise differs per call)

    originals = [phone_photo(folder / f"IMG_{i:04d}.jpg") for i in range(n)]
    shas = [store.attachments.add(p).sha256 for p in originals]
    items = [
        ItemScore(item_id=item.id, score=2, attachments=[shas[i]] if i < n else [])
        for i, (_section, item) in enumerate(template.items())
    ]
    store.audits_5s.complete(
        Audit5S(
            enterprise_id=ents[0],
            area="Kho thành phẩm",
            template_id=template.id,
            template_version=template.version,
            audit_date=date(2026, 11, 20),
            auditors=["Nguyễn Văn An"],
            items=items,
        )
    )
    return sum(p.stat().st_size for p in originals)


def measure(store, creds, proxy) -> tuple[float, int, int]:
    """Sync through the proxy; returns (seconds, wire bytes, gzip bytes of the data)."""
    from sync.engine import run_sync
    from sync.link import Link

    up0, down0 = proxy.bytes_up, proxy.bytes_down
    bodies: dict[int, int] = {}
    link = Link(proxy.url, creds.token, retries=20, backoff=0.25, max_backoff=2.0, timeout=30)
    original = link.client.request

    def counting(method, path, **kwargs):
        if path == "/v1/push":
            body = kwargs.get("content") or b""
            bodies[hash(body)] = len(body)  # a retried batch counts once
        return original(method, path, **kwargs)

    link.client.request = counting
    started = time.monotonic()
    result = run_sync(store, credentials=creds, link=link)
    elapsed = time.monotonic() - started
    link.close()
    if not result.ok or store.outbox.pending_count():
        raise SystemExit(f"sync failed: {result.error}")
    # Count each push body once: a cut request's bytes are on the wire, not in the data.
    return elapsed, proxy.bytes_up - up0 + proxy.bytes_down - down0, sum(bodies.values())


def openrosa_bytes(visits, proxy_port_for) -> int:
    """Bytes on the wire for the visits as one ODK Collect submission each."""

    class Central(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:  # Collect asks first, once per session
            self.send_response(204)
            self.send_header("X-OpenRosa-Version", "1.0")
            self.send_header("X-OpenRosa-Accept-Content-Length", "104857600")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = (
                b'<OpenRosaResponse xmlns="http://openrosa.org/http/response" items="0">'
                b'<message nature="">full submission upload was successful!</message>'
                b"</OpenRosaResponse>"
            )
            self.send_response(201)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("X-OpenRosa-Version", "1.0")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Central)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    proxy = proxy_port_for(httpd.server_address[1])
    import httpx

    headers = {
        "X-OpenRosa-Version": "1.0",
        "User-Agent": "org.odk.collect.android/v2024.3.1 okhttp/4.12.0 Dalvik/2.1.0 (Linux; U;"
        " Android 11; SM-A125F Build/RP1A.200720.012)",
        "Authorization": 'Digest username="officer", realm="ODK Central", nonce="'
        + uuid.uuid4().hex
        + '", uri="/v1/key/x/projects/1/submission",'
        ' response="' + uuid.uuid4().hex + '", qop=auth, nc=00000001,'
        ' cnonce="' + uuid.uuid4().hex[:16] + '"',
    }
    with httpx.Client(base_url=proxy.url, headers=headers, timeout=30) as client:
        client.head("/submission")
        for v in visits:
            xml = (
                '<?xml version=\'1.0\' ?><data id="site_visit" version="2026110101"'
                ' xmlns:jr="http://openrosa.org/javarosa"'
                ' xmlns:orx="http://openrosa.org/xforms">'
                f"<enterprise_id>{v.enterprise_id}</enterprise_id>"
                f"<visit_date>{v.visit_date}</visit_date>"
                f"<officers>{' '.join(v.officers)}</officers><purpose>{v.purpose}</purpose>"
                f"<findings>{v.findings}</findings>"
                f"<recommendations>{v.recommendations}</recommendations>"
                f"<next_steps>{v.next_steps}</next_steps>"
                f"<follow_up_date>{v.follow_up_date or ''}</follow_up_date>"
                f"<start>{v.created_at}</start><end>{v.completed_at}</end>"
                f"<deviceid>collect:{v.device_id[-16:]}</deviceid>"
                f"<meta><instanceID>uuid:{v.id}</instanceID></meta></data>"
            )
            client.post(
                "/submission?deviceID=collect%3A" + v.device_id[-16:],
                files={"xml_submission_file": ("submission.xml", xml.encode(), "text/xml")},
                headers={"Date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())},
            )
    total = proxy.bytes_up + proxy.bytes_down
    proxy.stop()
    httpd.shutdown()
    return total


def main() -> None:
    """Run both link conditions and print the figures."""
    from sync.linksim import LinkProxy

    root = Path(tempfile.mkdtemp(prefix="sync-link-"))
    rng = random.Random(11)
    hq_db = root / "hq.db"
    server, thread, port = start_server(hq_db)
    url = f"http://127.0.0.1:{port}"
    headline = 0.0
    try:
        for cut in (0.0, 0.3):
            name = f"officer-{int(cut * 100)}"
            store, creds, ents = make_device(root, hq_db, url, name, rng, int(cut * 100) * 1000)
            visits = add_visits(store, ents, VISITS, rng)
            proxy = LinkProxy(port, rate_bps=RATE, latency=LATENCY, cut_rate=cut, seed=3).start()
            seconds, wire, gz = measure(store, creds, proxy)
            exchanges, cuts = proxy.exchanges, proxy.cuts
            n_items = add_audits(store, ents, AUDITS, rng)
            a_seconds, a_wire, a_gz = measure(store, creds, proxy)
            if cut == 0.0:
                whole = add_photo_audit(store, ents, root / "DCIM", PHOTOS)
                p_seconds, p_wire, _p_gz = measure(store, creds, proxy)
            proxy.stop()
            label = f"{int(cut * 100)}% cut"
            print(
                f"[{label}] {VISITS} visits: {seconds:.1f} s, {wire} B on the wire"
                f" = {wire / VISITS:.0f} B/visit; the gzip data alone ({gz} B) would need"
                f" {gz * 8 / RATE:.1f} s at {RATE // 1000} kbit/s ({exchanges} exchanges,"
                f" {cuts} cut)"
            )
            print(
                f"[{label}] {AUDITS} 5S audits ({n_items} items): {a_seconds:.1f} s,"
                f" {a_wire} B = {a_wire / AUDITS:.0f} B/audit"
                f" ({a_wire / AUDITS * 25 / n_items:.0f} B per 25 items); gzip data {a_gz} B"
                f" = {a_gz * 8 / RATE:.1f} s at the link rate"
            )
            if cut == 0.0:
                print(
                    f"[{label}] 1 5S audit with {PHOTOS} phone photos ({whole // PHOTOS} B"
                    f" each as taken): {p_seconds:.1f} s, {p_wire} B on the wire"
                    f" = {p_wire / PHOTOS:.0f} B/photo ({p_seconds / PHOTOS:.1f} s/photo at"
                    f" {RATE // 1000} kbit/s); the originals alone would need"
                    f" {whole * 8 / RATE / PHOTOS:.0f} s/photo at the link rate"
                )
                anchor = openrosa_bytes(visits, lambda p: LinkProxy(p).start())
                est = anchor * 8 / RATE + (VISITS + 1) * 2 * LATENCY
                print(
                    f"[anchor] OpenRosa XML, one multipart POST per visit: {anchor} B"
                    f" = {anchor / VISITS:.0f} B/visit ({anchor / max(wire, 1):.1f}x ours);"
                    f" about {est:.0f} s on this link (bytes at rate + one round trip each)"
                )
            else:
                headline = seconds
            store.close()
    finally:
        server.should_exit = True
        thread.join(10)
        shutil.rmtree(root, ignore_errors=True)
    print(f"sync_30pct_cut_1000: {headline:.1f} s")


if __name__ == "__main__":
    main()
