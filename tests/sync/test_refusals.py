"""Refusals travel as a code with parameters and reach the officer in their language."""

from __future__ import annotations

from field_app.i18n import set_language
from sync.engine import run_sync
from sync.refusals import refusal_text
from sync.status import rejected_records
from tests.screens.conftest import make_app, screen_name, wait_for
from tests.sync.conftest import add_enterprise, enrolled, field_app_cli

OUTSIDE_VI = "ngoài tỉnh của bạn (Lạng Sơn): bản ghi này thuộc tỉnh khác"


def test_codes_translate_and_unknown_codes_fall_back_to_english(isolated_home) -> None:
    set_language("vi")
    assert refusal_text("outside_province", {"province": "Lạng Sơn"}, "x") == OUTSIDE_VI
    assert refusal_text("clock_ahead", {"days": 365}, "x").startswith(
        "khi lưu bản ghi, đồng hồ của máy này chạy nhanh hơn trụ sở 365 ngày"
    )
    # A newer headquarters' code, or parameters that do not fit: the English stays.
    assert refusal_text("brand_new_rule", {}, "a new rule said no") == "a new rule said no"
    assert refusal_text("outside_province", {}, "outside (English)") == "outside (English)"
    assert refusal_text(None, None, None) == ""
    set_language("en")
    assert refusal_text("outside_province", {"province": "Lạng Sơn"}, "x").startswith(
        "outside your province (Lạng Sơn)"
    )


def _refused_device(hq, hq_db, make_device):
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    outside = device.enterprises.add({"name": "HTX Cà phê", "province": "Đắk Lắk"}).id
    add_enterprise(device)
    result = run_sync(device, credentials=creds)
    assert result.ok and result.counts["rejected"] == 1
    return device, outside


def test_rejected_reason_is_stored_with_code_and_shown_in_vietnamese(
    hq, hq_db, make_device, isolated_home
) -> None:
    device, outside = _refused_device(hq, hq_db, make_device)
    [stored] = device.outbox.refusals("rejected")
    assert (stored.code, stored.params) == ("outside_province", {"province": "Lạng Sơn"})
    assert stored.error and stored.error.startswith(
        "outside your province"
    )  # English kept for logs
    set_language("vi")
    [shown] = rejected_records(device)
    assert shown.reason == OUTSIDE_VI and shown.reason_en == stored.error
    set_language("en")
    db = device.path
    device.close()
    for lang, expected in (("vi", OUTSIDE_VI), ("en", "outside your province (Lạng Sơn)")):
        out = field_app_cli(
            "--lang", lang, "--db", str(db), "sync", "--rejected", home=isolated_home
        )
        assert out.returncode == 0, out.stderr
        [line] = out.stdout.strip().splitlines()
        assert line.split("\t") == ["enterprise", outside, line.split("\t")[2]]
        assert line.split("\t")[2].startswith(expected)


async def test_sync_screen_shows_the_refusal_in_vietnamese(hq, hq_db, make_device) -> None:
    device, outside = _refused_device(hq, hq_db, make_device)
    db = device.path
    device.close()
    app = make_app(db, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f10")
        await wait_for(pilot, lambda: screen_name(pilot) == "SyncScreen")
        refused = app.screen.query_one("#sync-rejected")
        await wait_for(pilot, lambda: OUTSIDE_VI in str(refused.render()), timeout=20)
        assert outside[-12:] in str(refused.render())
        assert "outside your province" not in str(refused.render())


def test_offline_is_known_by_code_whatever_the_language(make_device, isolated_home) -> None:
    from sync.credentials import Credentials
    from sync.link import Link
    from sync.status import sync_status

    device = make_device("a")
    creds = Credentials("http://127.0.0.1:9", "t", device.device_id)
    add_enterprise(device)
    set_language("vi")
    result = run_sync(device, credentials=creds, link=Link(creds.server, "t", retries=0))
    assert result.code == "no_link" and "no working link" not in result.error  # Vietnamese
    status = sync_status(device)
    assert status.offline and status.last_error
    set_language("en")


class _OddServer:
    """A loopback HTTP server answering every request with one fixed JSON body (a
    headquarters of another version, or something else on that address)."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        outer = self
        self.body: object = {}

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                data = json.dumps(outer.body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_odd_answers_never_crash_a_run(make_device, isolated_home) -> None:
    from sync.credentials import Credentials
    from sync.link import Link

    device = make_device("a")
    add_enterprise(device)
    server = _OddServer()
    try:
        creds = Credentials(server.url, "t", device.device_id)
        # An answer of the wrong shape stops the run with a sentence, nothing marked.
        server.body = {"r": 5, "x": "no"}
        result = run_sync(device, credentials=creds, link=Link(server.url, "t", retries=0))
        assert not result.ok and result.code == "refused"
        assert "could not be read" in result.error
        assert device.outbox.pending_count() == 1
        # A refusal whose code is not [code, params]: the English reason is shown.
        server.body = {"r": "r", "x": {"0": "refused by a newer rule"}, "y": {"0": "junk"}}
        run_sync(device, credentials=creds, link=Link(server.url, "t", retries=0))
        [shown] = rejected_records(device)
        assert (shown.reason, shown.code) == ("refused by a newer rule", None)
    finally:
        server.stop()
