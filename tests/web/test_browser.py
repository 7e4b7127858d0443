"""The web interface in a real browser (Debian's Chromium): a reviewer's morning,
then the officer's laptop syncs and shows the review, and another province sees none
of it. Screenshots at 1366x768 and at a phone's 390x844 are kept in the test's folder."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from field_app.models.review import ReviewState
from tests.web.browser import DESKTOP, PHONE, chromium, fits_width
from tests.web.data import PASSWORD


def log_in(page, url: str, user: str) -> None:
    page.goto(url + "/records")  # any page: without a session it is the login page
    assert page.url.startswith(url + "/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/records")


def test_review_a_5s_audit_in_the_browser_and_the_laptop_gets_it(site, tmp_path: Path):
    url = site.url
    shots = tmp_path / "screenshots"
    with chromium() as browser:
        desk = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="vi-VN")
        page = desk.new_page()
        log_in(page, url, "thu")

        # The overview counts what Lạng Sơn holds.
        page.goto(url + "/")
        assert page.inner_text("[data-count=enterprises]") == "2"
        assert page.inner_text("[data-count=visits]") == "2"
        assert page.inner_text("[data-count=audits_5s]") == "1"
        page.screenshot(path=shots / "overview-1366.png", full_page=True)

        # Search typed without marks finds the cooperative.
        page.click("text=Doanh nghiệp")
        page.fill("input[type=search]", "htx che shan")
        page.press("input[type=search]", "Enter")
        page.wait_for_url("**/enterprises?q=htx+che+shan**")
        rows = page.locator("#results tbody tr")
        assert rows.count() == 1
        assert "Hợp tác xã Chè Shan tuyết Chi Lăng" in rows.first.inner_text()
        page.screenshot(path=shots / "enterprises-1366.png", full_page=True)

        # Records of one officer in November 2026.
        page.click("nav >> text=Hồ sơ")
        page.select_option("select[name=officer]", label="Lò Văn Bình")
        page.fill("input[name=from]", "01/11/2026")  # as officers write dates
        page.fill("input[name=to]", "30/11/2026")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/records?**officer=**")
        filtered = page.url
        assert "from=01%2F11%2F2026" in filtered and "to=30%2F11%2F2026" in filtered
        assert page.input_value("input[name=from]") == "01/11/2026"
        table = page.inner_text("#results")
        assert "Đánh giá 5S" in table and "Chuyến thăm" in table
        assert page.locator("#results tbody tr").count() == 3  # a visit, an audit, a course
        assert "Tư vấn ISO 9001" not in table  # October's visit is filtered out
        page.screenshot(path=shots / "records-1366.png", full_page=True)

        # Open the 5S audit and mark it "has issues" with a comment.
        page.click("#results >> text=Đánh giá 5S")
        page.wait_for_url(f"**/records/{site.ids['audit']}**")
        assert page.locator("#pillars tbody tr").count() >= 6  # five S and the total
        assert "Tủ hồ sơ chưa dán nhãn" in page.inner_text("main")
        page.screenshot(path=shots / "audit-1366.png", full_page=True)
        page.check("#review input[value=issues]")
        page.fill("#review textarea[name=comment]", "Thiếu ảnh khu lưu trữ hồ sơ")
        page.click("#review button[type=submit]")
        page.wait_for_selector("text=Đã lưu kết quả duyệt")
        assert page.inner_text("#review-state") == "có vấn đề"
        assert page.inner_text("#review-comment") == "Thiếu ảnh khu lưu trữ hồ sơ"

        # Export the filtered table and read it back.
        page.goto(filtered)
        assert "có vấn đề" in page.inner_text("#results")
        with page.expect_download() as download:
            page.click("#export-xlsx")
        saved = tmp_path / "export.xlsx"
        download.value.save_as(saved)
        book = openpyxl.load_workbook(saved)
        ids = {
            str(row[0])
            for ws in book.worksheets[1:4]
            for row in ws.iter_rows(min_row=2, values_only=True)
        }
        assert ids == {site.ids["visit_nov"], site.ids["audit"]}

        # A phone's width: the same pages without sideways scrolling.
        phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        small = phone.new_page()
        log_in(small, url, "thu")
        for path, name in [("/", "overview"), ("/records", "records"),
                           (f"/records/{site.ids['audit']}", "audit"),
                           ("/enterprises?q=lang+son", "enterprises")]:  # fmt: skip
            small.goto(url + path)
            small.screenshot(path=shots / f"{name}-390.png", full_page=True)
            assert fits_width(small), path

        # Another province's reviewer sees none of it.
        other = browser.new_context(viewport=DESKTOP).new_page()
        log_in(other, url, "lc")
        text = other.inner_text("#results")
        assert "Minh Đức" not in text and "Chi Lăng" not in text
        assert "Tam Đường" in text
        other.goto(url + f"/records/{site.ids['audit']}")
        assert "Không có hồ sơ nào có mã này" in other.inner_text("main")
        other.goto(url + "/enterprises?q=minh+duc")
        assert (
            other.locator("#results tbody tr").inner_text().strip() == "Không có đơn vị nào khớp."
        )

    # The officer's laptop syncs and shows the review beside the record.
    site.binh.sync()
    review = site.binh.store.reviews.for_record(site.ids["audit"])
    assert review is not None and review.state == ReviewState.ISSUES
    assert review.comment == "Thiếu ảnh khu lưu trữ hồ sơ"
    assert site.binh.store.reviews.attention_count() == 1
    site.lan.sync()
    assert site.lan.store.reviews.attention_count() == 0
