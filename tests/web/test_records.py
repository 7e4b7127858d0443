"""The records table: filters as URL parameters, province scope on every page and
export, reviews (single and bulk) that sync back to the officer's laptop."""

from __future__ import annotations

import csv
import io

import openpyxl

from field_app.models.review import ReviewState
from tests.web.conftest import csrf_of, login


def ids_on(page: str, site, keys: list[str]) -> set[str]:
    return {k for k in keys if site.ids[k] in page}


ALL = ["visit_nov", "visit_oct", "audit", "visit_lc", "course"]


def test_filters_by_kind_officer_dates_commune_and_review(site):
    client = login(site.url, "thu")
    everything = {"visit_nov", "visit_oct", "audit", "course"}
    assert ids_on(client.get("/records").text, site, ALL) == everything
    page = client.get("/records", params={"kind": "training"}).text
    assert ids_on(page, site, ALL) == {"course"}
    assert "24 người" in page and f'value="{site.ids["course"]}"' not in page  # not reviewed
    course = client.get(f"/records/{site.ids['course']}").text
    assert "Tập huấn 5S cho hợp tác xã" in course and "Chè Shan tuyết" in course
    # The enterprise that sent people lists the course on its timeline.
    profile = client.get(f"/enterprises/{site.ids['htx']}").text
    assert f"/records/{site.ids['course']}" in profile
    page = client.get("/records", params={"kind": "audit_5s"}).text
    assert ids_on(page, site, ALL) == {"audit"}
    page = client.get(
        "/records",
        params={"officer": site.binh.officer_id, "from": "2026-11-01", "to": "2026-11-30"},
    ).text
    assert ids_on(page, site, ALL) == {"visit_nov", "audit", "course"}
    assert "3 hồ sơ" in page
    # dd/mm/yyyy typed by hand works too.
    page = client.get("/records", params={"from": "01/10/2026", "to": "31/10/2026"}).text
    assert ids_on(page, site, ALL) == {"visit_oct"}
    page = client.get("/records", params={"commune": "Xã Chi Lăng"}).text
    assert ids_on(page, site, ALL) == {"visit_nov"}
    page = client.get("/records", params={"review": "none"}).text
    assert ids_on(page, site, ALL) == everything


def test_bad_filters_say_what_to_fix_and_never_fail(site):
    client = login(site.url, "thu")
    for params, words in [
        ({"from": "32/13/2026"}, "không phải là ngày"),
        ({"kind": "iso"}, "không có loại"),
        ({"officer": "abc"}, "chọn một cán bộ"),
        ({"from": "2026-12-01", "to": "2026-01-01"}, "sau ngày"),
        ({"page": "0"}, "số trang"),
        ({"format": "docx"}, "xlsx hoặc csv"),
    ]:
        answer = client.get("/records", params=params)
        assert answer.status_code == 400, params
        assert words in answer.text, params
    assert client.get("/report/abc").status_code == 400
    assert client.get("/enterprises", params={"kind": "bank"}).status_code == 400


def test_a_user_of_another_province_sees_and_exports_none_of_it(site):
    client = login(site.url, "lc")
    assert ids_on(client.get("/records").text, site, ALL) == {"visit_lc"}
    for key in ("audit", "visit_nov"):
        assert client.get(f"/records/{site.ids[key]}").status_code == 404
        assert client.get(f"/records/{site.ids[key]}/pdf").status_code == 404
    assert client.get(f"/enterprises/{site.ids['htx']}").status_code == 404
    assert "Minh Đức" not in client.get("/enterprises", params={"q": "minh duc"}).text
    # Filtering by another province's officer finds nothing, even in exports.
    page = client.get("/records", params={"officer": site.binh.officer_id}).text
    assert ids_on(page, site, ALL) == set()
    book = openpyxl.load_workbook(io.BytesIO(client.get("/records?format=xlsx").content))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert site.ids["visit_lc"] in cells
    assert not {site.ids[k] for k in ("visit_nov", "visit_oct", "audit")} & cells
    assert "Minh Đức" not in client.get("/enterprises?format=csv").content.decode("utf-8-sig")
    # A reviewer of Lai Châu cannot review Lạng Sơn's records.
    token = csrf_of(client.get("/records").text)
    answer = client.post(
        "/records/review",
        data={"csrf": token, "ids": site.ids["audit"], "state": "approved", "back": "/records"},
    )
    assert answer.status_code == 400
    # A national user sees both provinces.
    national = login(site.url, "national")
    assert ids_on(national.get("/records").text, site, ALL) == set(ALL)
    assert client.get(f"/records/{site.ids['course']}").status_code == 404


def device_sheets(store, tmp_path, lang: str) -> list[str]:
    """The sheet names of the officer's own export, in `lang`."""
    from field_app.export.registry import export_kinds
    from field_app.export.xlsx import write_workbook
    from field_app.i18n import set_language

    set_language(lang)
    out = tmp_path / f"device-{lang}.xlsx"
    write_workbook(store, out, export_kinds(store))
    set_language("en")
    return openpyxl.load_workbook(out).sheetnames


def test_exports_are_the_filtered_table_with_the_devices_sheets(site, tmp_path):
    client = login(site.url, "thu")
    params = {"officer": site.binh.officer_id, "from": "2026-11-01", "to": "2026-11-30"}
    answer = client.get("/records", params={**params, "format": "xlsx"})
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == device_sheets(site.binh.store, tmp_path, "vi")
    visits, audits = book.worksheets[1], book.worksheets[2]
    assert [r[0] for r in visits.iter_rows(min_row=2, values_only=True)] == [site.ids["visit_nov"]]
    assert [r[0] for r in audits.iter_rows(min_row=2, values_only=True)] == [site.ids["audit"]]
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert site.ids["course"] in cells
    # Dates are real dates formatted dd/mm/yyyy, as in the device's export.
    day = visits.cell(2, 4)
    assert day.is_date and "dd/mm/yyyy" in day.number_format.lower()
    one = client.get("/records", params={**params, "kind": "visit", "format": "csv"})
    assert one.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(one.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [site.ids["visit_nov"]]
    english = login(site.url, "thu")
    english.get("/lang/en")
    book = openpyxl.load_workbook(io.BytesIO(english.get("/records?format=xlsx").content))
    assert book.sheetnames == device_sheets(site.binh.store, tmp_path, "en")


def test_a_review_reaches_the_officers_laptop_which_never_changes_the_record(site):
    client = login(site.url, "thu")
    page = client.get("/records", params={"kind": "visit"}).text
    answer = client.post(
        "/records/review",
        data={
            "csrf": csrf_of(page),
            "ids": [site.ids["visit_nov"], site.ids["visit_oct"]],
            "state": "issues",
            "comment": "Thiếu ảnh kho hàng",
            "back": "/records?kind=visit",
        },
    )
    assert answer.status_code == 303
    page = client.get("/records", params={"review": "issues"}).text
    assert ids_on(page, site, ALL) == {"visit_nov", "visit_oct"}
    # Approve one of them again: the review changes in place.
    answer = client.post(
        "/records/review",
        data={"csrf": csrf_of(page), "ids": site.ids["visit_oct"], "state": "approved",
              "comment": "", "back": "/records"},
    )  # fmt: skip
    assert answer.status_code == 303
    before = site.binh.store.visits.get(site.ids["visit_nov"])
    site.binh.sync()
    store = site.binh.store
    review = store.reviews.for_record(site.ids["visit_nov"])
    assert review is not None and review.state == ReviewState.ISSUES
    assert review.comment == "Thiếu ảnh kho hàng" and review.reviewer == "Nguyễn Thị Thu"
    assert store.reviews.for_record(site.ids["visit_oct"]).state == ReviewState.APPROVED
    assert store.reviews.attention_count() == 1
    assert store.visits.get(site.ids["visit_nov"]) == before
    assert store.outbox.pending_count() == 0
    # The other province's laptop never receives it.
    site.lan.sync()
    assert site.lan.store.reviews.for_record(site.ids["visit_nov"]) is None


def test_issues_need_a_comment_and_viewers_cannot_review(site):
    client = login(site.url, "thu")
    token = csrf_of(client.get("/records").text)
    answer = client.post(
        "/records/review",
        data={"csrf": token, "ids": site.ids["audit"], "state": "issues", "comment": " "},
    )
    assert answer.status_code == 400
    assert "Ghi rõ vấn đề" in answer.text
    viewer = login(site.url, "national")
    page = viewer.get("/records").text
    assert 'name="ids"' not in page
    answer = viewer.post(
        "/records/review",
        data={"csrf": csrf_of(page), "ids": site.ids["audit"], "state": "approved"},
    )
    assert answer.status_code == 403


def test_a_device_cannot_push_a_review(site):
    from field_app.clock import hlc_now
    from field_app.ids import uuid7
    from sync.protocol import Mutation
    from sync.server.apply import apply_batch
    from sync.server.officers import authenticate
    from sync.server.storage import HQStore

    hq = HQStore(site.db)
    try:
        who = authenticate(hq, f"Bearer {site.binh.credentials.token}")
        data = {"id": site.ids["audit"], "record_id": site.ids["audit"], "record_kind": "audit_5s",
                "enterprise_id": site.ids["cty"], "state": "approved"}  # fmt: skip
        mutation = Mutation(
            uuid7(), "review", site.ids["audit"], "create", data, hlc_now(who.device_id)
        )
        (outcome,) = apply_batch(hq, who, [mutation]).outcomes
        assert outcome.status == "rejected" and outcome.code == "hq_only"
    finally:
        hq.close()


def test_odd_urls_and_forms_never_fail_with_a_server_error(site):
    client = login(site.url, "thu")
    odd = [
        "/records/%00", "/records/x'--", "/records/x/pdf", "/enterprises/" + "z" * 300,
        "/enterprises?q=" + "đ" * 500, "/enterprises?q=%22%2A%28", "/enterprises?page=abc",
        "/records?page=99999", "/records?officer=99999", "/records?from=31/02/2026",
        "/report/1999", "/report/20260", "/report/2026?format=doc", "/files/abc",
        "/files/" + "0" * 64, "/lang/xx", "/records?commune=%27%3B", "/records?review=maybe",
    ]  # fmt: skip
    for path in odd:
        answer = client.get(path)
        assert answer.status_code < 500, path
    token = csrf_of(client.get("/records").text)
    for data in [{"csrf": token}, {"csrf": token, "ids": "nope", "state": "approved"},
                 {"csrf": token, "ids": site.ids["audit"], "state": "maybe"},
                 {"csrf": token, "ids": site.ids["audit"], "state": "approved",
                  "back": "//evil.example/"}]:  # fmt: skip
        answer = client.post("/records/review", data=data)
        assert answer.status_code < 500, data
        assert "evil.example" not in answer.headers.get("location", "")
    big = client.post("/records/review", content=b"x" * 400_000,
                      headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert big.status_code == 403
