"""Photos attached to an audit's items reach headquarters and show on the record's
page and in its PDF, for the province's users only."""

from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path

from field_app.checklists import bundled_templates
from field_app.models.audit_5s import Audit5S, ItemScore
from tests.web.conftest import login


def tiny_png(path: Path) -> Path:
    """A real 8x8 PNG (grey), written without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
    body += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    return path


def test_an_items_photo_shows_on_the_page_and_in_the_pdf(site, tmp_path: Path):
    store = site.binh.store
    photo = store.attachments.add(tiny_png(tmp_path / "kho.png"))
    template = next(t for t in bundled_templates() if t.id == "5s-office")
    items = [
        ItemScore(item_id=item.id, score=2, attachments=[photo.sha256] if n == 0 else [])
        for n, (_s, item) in enumerate(template.items())
    ]
    draft = Audit5S(enterprise_id=site.ids["htx"], area="Kho chè", template_id=template.id,
                    template_version=template.version, audit_date=date(2026, 11, 20),
                    auditors=[store.officer], items=items)  # fmt: skip
    audit_id = store.audits_5s.complete(draft).id
    site.binh.sync()
    client = login(site.url, "thu")
    page = client.get(f"/records/{audit_id}").text
    assert f'src="/files/{photo.sha256}"' in page
    image = client.get(f"/files/{photo.sha256}")
    # Headquarters holds the upload copy (a JPEG, field_app/photos.py), not the original.
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content == store.attachments.path_for(photo.sha256).read_bytes()
    assert image.content != (tmp_path / "kho.png").read_bytes()
    pdf = client.get(f"/records/{audit_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in pdf.content  # the photo is drawn in the report
    # Another province's user cannot fetch it, even knowing its hash.
    assert login(site.url, "lc").get(f"/files/{photo.sha256}").status_code == 404
