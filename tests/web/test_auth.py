"""Logging in: nothing but the login page without a session, signed expiring cookies,
CSRF on every form, a rate limit on failed logins, disabled users out at once."""

from __future__ import annotations

import httpx

from sync.server.storage import HQStore
from sync.server.users import disable_user, set_password
from sync.server.web.security import make_session, read_session
from tests.web.conftest import csrf_of, login
from tests.web.data import PASSWORD

PAGES = ["/", "/enterprises", "/records", "/records?format=xlsx", "/report/2026", "/sync",
         "/officers", "/enterprises?q=htx&format=csv"]  # fmt: skip


def test_every_page_without_a_session_sends_to_the_login_page(site):
    client = httpx.Client(base_url=site.url, follow_redirects=False)
    for path in [*PAGES, f"/records/{site.ids['audit']}", f"/enterprises/{site.ids['htx']}",
                 f"/records/{site.ids['audit']}/pdf"]:  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login"), path
        assert "Hợp tác xã" not in answer.text
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="password"' in page.text
    assert "Đăng nhập" in page.text  # Vietnamese first


def test_login_sets_a_signed_httponly_samesite_cookie_that_expires(site):
    client = login(site.url, "thu")
    cookie = next(c for c in client.cookies.jar if c.name == "hq_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    header = client.get("/login").headers  # any answer; inspect the login's Set-Cookie below
    assert header is not None
    raw = httpx.Client(base_url=site.url, follow_redirects=False)
    token = csrf_of(raw.get("/login").text)
    answer = raw.post("/login", data={"login": "thu", "password": PASSWORD, "csrf": token})
    set_cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "max-age=" in set_cookie
    assert client.get("/").status_code == 200
    # A forged or tampered cookie is no session.
    forged = httpx.Client(base_url=site.url, follow_redirects=False)
    forged.cookies.set("hq_session", cookie.value[:-2] + "xx")
    assert forged.get("/").status_code == 303
    other_key = make_session(b"k" * 32, "thu")
    forged.cookies.set("hq_session", other_key)
    assert forged.get("/").status_code == 303


def test_an_expired_session_is_refused():
    key = b"s" * 32
    cookie = make_session(key, "thu", now=1_000_000.0)
    assert read_session(key, cookie, now=1_000_000.0 + 3600) is not None
    assert read_session(key, cookie, now=1_000_000.0 + 11 * 3600) is None


def test_wrong_password_is_refused_and_attempts_are_rate_limited(site):
    client = httpx.Client(base_url=site.url, follow_redirects=False)
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        answer = client.post("/login", data={"login": "thu", "password": "sai", "csrf": token})
        assert answer.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in answer.text
    # Even the right password waits now.
    answer = client.post("/login", data={"login": "thu", "password": PASSWORD, "csrf": token})
    assert answer.status_code == 429
    assert "hq_session" not in answer.headers.get("set-cookie", "")


def test_login_form_without_its_csrf_token_is_refused(site):
    client = httpx.Client(base_url=site.url, follow_redirects=False)
    client.get("/login")
    answer = client.post("/login", data={"login": "thu", "password": PASSWORD, "csrf": "x"})
    assert answer.status_code == 403
    assert "hq_session" not in answer.headers.get("set-cookie", "")


def test_every_form_needs_the_sessions_csrf_token(site):
    client = login(site.url, "thu")
    review = {"ids": site.ids["audit"], "state": "approved", "comment": "", "back": "/records"}
    assert client.post("/records/review", data=review).status_code == 403
    assert client.post("/records/review", data={**review, "csrf": "forged"}).status_code == 403
    # Another user's token does not work either.
    other = csrf_of(login(site.url, "admin").get("/records").text)
    assert client.post("/records/review", data={**review, "csrf": other}).status_code == 403
    hq = HQStore(site.db)
    try:
        assert hq.scalar("SELECT count(*) FROM records WHERE entity = 'review'") == 0
    finally:
        hq.close()
    assert client.post("/logout", data={}).status_code == 403
    token = csrf_of(client.get("/records").text)
    assert client.post("/logout", data={"csrf": token}).status_code == 303


def test_a_disabled_user_or_a_new_password_ends_open_sessions(site):
    client = login(site.url, "thu")
    admin = login(site.url, "admin")
    hq = HQStore(site.db)
    try:
        disable_user(hq, "thu")
        assert client.get("/").status_code == 303
        set_password(hq, "admin", "một-mật-khẩu-mới-2")
        assert admin.get("/").status_code == 303
        login(site.url, "admin", "một-mật-khẩu-mới-2")
    finally:
        hq.close()


def test_only_administrators_reach_the_officers_page(site):
    assert login(site.url, "thu").get("/officers").status_code == 403
    assert login(site.url, "admin").get("/officers").status_code == 200
