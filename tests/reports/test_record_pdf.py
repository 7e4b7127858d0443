"""Default report files written from the interface: names, folder, no overwriting."""

from __future__ import annotations

from datetime import date

import pytest

from field_app.reports.pdf import ReportError
from field_app.reports.record_pdf import default_report_path, report_file_name
from field_app.store import Store


def test_names_are_plain_letters_and_keep_the_distinguishing_end_of_the_name() -> None:
    day = date(2026, 3, 16)
    assert (
        report_file_name("Công ty Cổ phần Chế biến gỗ Hồng Phúc Quản Bạ", "audit_5s", day)
        == "cong-ty-co-phan-che-bien-go-hong-phuc-quan-ba_5s_2026-03-16.pdf"
    )
    long = "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Chè Shan Tuyết Thượng Sơn Vị Xuyên"
    name = report_file_name(long, "vietgap_check", day)
    assert name.startswith("hop-tac-xa-nong-nghiep") and name.endswith("_vietgap_2026-03-16.pdf")
    assert len(name) <= 60 + len("_vietgap_2026-03-16.pdf")
    # Nothing in a name can climb out of the reports folder or be empty.
    assert report_file_name("../../etc/passwd", "visit", day) == "etc-passwd_visit_2026-03-16.pdf"
    assert report_file_name("", "visit", day) == "report_visit_2026-03-16.pdf"


def test_the_default_path_is_beside_the_database_and_never_an_existing_file(
    store: Store, db_path
) -> None:
    ent = store.enterprises.add({"name": "Hộ kinh doanh Bánh chưng Đặng Thị Hà"})
    visit = store.visits.save_draft(
        {"enterprise_id": ent.id, "visit_date": date(2026, 3, 10), "officers": ["An"]}
    )
    first = default_report_path(store, "visit", visit.id)
    assert first == db_path.parent / "reports" / (
        "ho-kinh-doanh-banh-chung-dang-thi-ha_visit_2026-03-10.pdf"
    )
    first.write_bytes(b"%PDF printed already")
    second = default_report_path(store, "visit", visit.id)
    assert second.name == "ho-kinh-doanh-banh-chung-dang-thi-ha_visit_2026-03-10_2.pdf"
    assert first.read_bytes() == b"%PDF printed already"
    with pytest.raises(ReportError, match="no record with id nope"):
        default_report_path(store, "audit_5s", "nope")
