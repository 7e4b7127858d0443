"""The audit and VietGAP PDFs show thumbnails of the photos attached to items, three
to a row, small enough that the report stays light."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from field_app.models.audit_5s import ItemScore
from field_app.models.vietgap import CriterionOutcome, CriterionResult, VietGAPCheck
from field_app.reports.audit_report import audit_report
from field_app.reports.photo_sheet import _two_lines
from field_app.reports.vietgap_report import vietgap_report
from field_app.store import Store
from tests.reports import records

from .images import phone_photo


def _images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) of every image object drawn, page by page."""
    return [
        (image.image.width, image.image.height)
        for page in PdfReader(pdf).pages
        for image in page.images
    ]


def test_an_audit_report_shows_a_thumbnail_of_each_photo(store: Store, tmp_path: Path) -> None:
    ent = records.enterprise(store, "Hợp tác xã Chè Tân Thành", "cooperative", "Hữu Lũng")
    shots = [
        store.attachments.add(phone_photo(tmp_path / f"IMG_{n}.jpg", width=2400, height=1800))
        for n in range(4)
    ]
    template = store.templates.get(*records.PRODUCTION)
    first, second = [item.id for _s, item in template.items()][:2]
    overrides = {
        first: ItemScore(item_id=first, score=1, note="Vật tư hỏng để lẫn",
                         attachments=[s.sha256 for s in shots[:3]]),
        # The same photo on a second item is drawn once.
        second: ItemScore(item_id=second, score=2, attachments=[shots[3].sha256, shots[0].sha256]),
    }  # fmt: skip
    audit = records.audit(store, ent, date(2026, 11, 20), 3, overrides=overrides)
    pdf = audit_report(store, audit.id, tmp_path / "audit.pdf")
    drawn = _images(pdf)
    assert len(drawn) == 4  # four photos, each once
    # Thumbnails, upright (the photos were stored landscape with "rotate 90°").
    assert all(max(size) <= 480 and size[1] > size[0] for size in drawn), drawn
    assert pdf.stat().st_size < 400_000
    pages = PdfReader(pdf).pages
    first = next(page for page in pages if page.images)
    assert "Photos" in first.extract_text()  # the heading stands on the page of its photos
    assert "1.1 ·" in first.extract_text()  # each photo says which item it shows


def test_a_vietgap_report_shows_the_evidence_photos(store: Store, tmp_path: Path) -> None:
    ent = records.enterprise(store, "Hợp tác xã Rau Na Sầm", "cooperative", "Na Sầm")
    photo = store.attachments.add(phone_photo(tmp_path / "kho-phan.jpg", width=1600, height=1200))
    document = tmp_path / "bien-ban.pdf"
    document.write_bytes(b"%PDF-1.4 scanned minutes")
    scan = store.attachments.add(document)  # a document, not a photo: listed, not drawn
    template = store.templates.get(*records.VIETGAP)
    items = [item for _s, item in template.items()]
    results = [
        CriterionResult(
            item_id=item.id,
            outcome=CriterionOutcome.FAIL if n == 0 else CriterionOutcome.PASS,
            evidence="Phân bón để chung với thực phẩm" if n == 0 else "",
            attachments=[photo.sha256, scan.sha256] if n == 0 else [],
        )
        for n, item in enumerate(items)
    ]
    draft = VietGAPCheck(enterprise_id=ent, scope="Rau cải, 2 ha", template_id=template.id,
                         template_version=template.version, check_date=date(2026, 11, 21),
                         auditors=["Nguyễn Văn An"], results=results)  # fmt: skip
    check = store.vietgap_checks.complete(draft)
    pdf = vietgap_report(store, check.id, tmp_path / "check.pdf")
    assert _images(pdf) == [(360, 480)]
    raw = pdf.read_bytes()
    assert raw.count(b"/Subtype /Image") == 1


def test_a_report_without_readable_photos_has_no_photo_section(
    store: Store, tmp_path: Path
) -> None:
    ent = records.enterprise(store, "Công ty TNHH Na Chi Lăng", "enterprise", "Chi Lăng")
    photo = store.attachments.add(phone_photo(tmp_path / "a.jpg", width=800, height=600))
    store.attachments.path_for(photo.sha256).unlink()  # the file went missing
    template = store.templates.get(*records.PRODUCTION)
    first = next(item.id for _s, item in template.items())
    audit = records.audit(store, ent, date(2026, 11, 20), 3,
                          overrides={first: ItemScore(item_id=first, score=2,
                                                      attachments=[photo.sha256])})  # fmt: skip
    pdf = audit_report(store, audit.id, tmp_path / "audit.pdf")
    assert _images(pdf) == []
    assert "Photos" not in " ".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_a_long_caption_is_cut_to_two_lines() -> None:
    class Measure:
        def get_string_width(self, text: str) -> float:
            return len(text) * 1.5

    cut = _two_lines(Measure(), "Sàng lọc " * 30, 56)
    assert cut.endswith("…") and len(cut) * 1.5 <= 2 * 56


def test_the_photos_heading_never_stays_alone_at_a_page_foot(store: Store, tmp_path: Path) -> None:
    from field_app.reports.pdf import ReportDocument
    from field_app.reports.photo_sheet import photo_sheet

    photo = store.attachments.add(phone_photo(tmp_path / "a.jpg", width=1200, height=900))
    doc = ReportDocument("Báo cáo")
    doc.pdf.set_y(doc.pdf.h - doc.pdf.b_margin - 45)  # room for a heading, not for a photo row
    assert photo_sheet(doc, store, [(photo.sha256, "1.1 · Sàng lọc")]) == 1
    out = doc.save(tmp_path / "foot.pdf")
    pages = PdfReader(out).pages
    assert len(pages) == 2 and not pages[0].images and pages[1].images
    assert "Photos" in pages[1].extract_text() and "Photos" not in pages[0].extract_text()
