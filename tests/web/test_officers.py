"""`/officers` for administrators: add an officer (the code shown once), replace a
lost laptop, revoke one device; `/sync` shows what headquarters refused."""

from __future__ import annotations

import re

import httpx

from sync.engine import run_sync
from tests.web.conftest import csrf_of, login

CODE = re.compile(r'<p class="code">([A-Z0-9-]+)</p>')


def test_add_an_officer_and_the_code_is_shown_once_and_works(site, tmp_path):
    from field_app.store import open_store
    from sync.enrollment import enroll

    admin = login(site.url, "admin")
    page = admin.get("/officers").text
    answer = admin.post("/officers", data={"csrf": csrf_of(page), "name": "Vi Thị Hoa"})
    assert answer.status_code == 200
    code = CODE.search(answer.text).group(1)
    assert code not in admin.get("/officers").text  # shown once only
    assert "Vi Thị Hoa" in admin.get("/officers").text
    laptop = open_store(tmp_path / "hoa.db", "Vi Thị Hoa")
    try:
        creds = enroll(laptop, site.url, code)
        assert creds.province == "Lạng Sơn"  # a provincial admin adds to their province
    finally:
        laptop.close()


def test_replace_a_lost_laptop_and_revoke_a_device(site):
    admin = login(site.url, "admin")
    page = admin.get("/officers").text
    answer = admin.post(
        f"/officers/{site.binh.officer_id}/code", data={"csrf": csrf_of(page), "replace": "1"}
    )
    assert answer.status_code == 200 and CODE.search(answer.text)
    # The lost laptop's token no longer works.
    assert not run_sync(site.binh.store, credentials=site.binh.credentials).ok
    # Revoking one device of another province is refused; nothing changes there.
    lan_device = site.lan.store.device_id
    answer = admin.post(f"/devices/{lan_device}/revoke", data={"csrf": csrf_of(page)})
    assert answer.status_code == 400
    assert run_sync(site.lan.store, credentials=site.lan.credentials).ok
    national = login(site.url, "national")
    assert national.get("/officers").status_code == 403


def test_the_sync_page_lists_refused_records_of_the_province(site):
    from field_app.clock import hlc_now
    from field_app.ids import uuid7

    # A record of an enterprise headquarters never received is refused.
    body = {
        "m": [
            {
                "i": uuid7(), "e": "visit", "r": uuid7(), "o": "create",
                "p": {"enterprise_id": "no-such-enterprise", "visit_date": "2026-11-01",
                      "status": "completed"},
                "h": hlc_now(site.binh.store.device_id),
            }
        ],
        "hw": 1,
    }  # fmt: skip
    answer = httpx.post(
        site.url + "/v1/push",
        json=body,
        headers={"Authorization": f"Bearer {site.binh.credentials.token}"},
    )
    assert answer.status_code == 200, answer.text
    assert "Lò Văn Bình" in login(site.url, "thu").get("/sync").text.split("refusals")[1]
    assert "no-such" not in login(site.url, "lc").get("/sync").text
