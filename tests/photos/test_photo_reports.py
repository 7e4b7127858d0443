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
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Photos" in text and "1.1 ·" in text


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
