"""A photo attached on a device reaches a real field-hq over loopback as its upload
copy: the original (4 MB, with GPS) never crosses the link; another device of the
province fetches the copy when the officer opens it."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from field_app.checklists import bundled_templates
from field_app.models.audit_5s import Audit5S, ItemScore
from sync.engine import download_file, run_sync
from sync.server import files
from sync.server.storage import HQStore
from tests.photos.images import phone_photo
from tests.sync.conftest import add_enterprise, enrolled, hq_files


def test_headquarters_receives_the_upload_copy_not_the_original(
    hq, hq_db: Path, make_device, tmp_path: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ent = add_enterprise(a)
    original = phone_photo(tmp_path / "DCIM" / "IMG_2041.jpg")
    whole = hashlib.sha256(original.read_bytes()).hexdigest()
    photo = a.attachments.add(original)
    template = next(t for t in bundled_templates() if t.id == "5s-office")
    items = [
        ItemScore(item_id=item.id, score=2, attachments=[photo.sha256] if n == 0 else [])
        for n, (_s, item) in enumerate(template.items())
    ]
    draft = Audit5S(enterprise_id=ent, area="Kho chè", template_id=template.id,
                    template_version=template.version, audit_date=date(2026, 11, 20),
                    auditors=["Nguyễn Văn An"], items=items)  # fmt: skip
    audit = a.audits_5s.complete(draft)
    result = run_sync(a, credentials=ca)
    assert result.ok and result.files == 1

    held = [p for p in hq_files(hq_db).rglob("*") if p.is_file()]
    upload = a.attachments.path_for(photo.sha256).read_bytes()
    assert [p.name for p in held] == [photo.sha256]
    assert held[0].read_bytes() == upload and len(upload) <= 300_000
    assert original.stat().st_size > 10 * len(upload)
    hqs = HQStore(hq_db)
    try:
        assert not files.final_path(hqs, whole).exists()
        (data,) = [json.loads(r[0]) for r in hqs.query(
            "SELECT data FROM records WHERE entity = 'attachment'")]  # fmt: skip
    finally:
        hqs.close()
    assert data["sha256"] == photo.sha256 and data["size"] == len(upload)
    assert whole not in json.dumps(data)  # not even the original's hash leaves the device

    # A colleague's laptop gets the record, and the copy when the photo is opened.
    assert run_sync(b, credentials=cb).ok
    copy = b.audits_5s.get(audit.id)
    assert copy is not None and copy.item(items[0].item_id).attachments == [photo.sha256]
    record = b.attachments.get(photo.sha256)
    assert record is not None and record.original_sha256 == ""
    fetched = download_file(b, photo.sha256, cb)
    assert fetched.read_bytes() == upload
    assert b.attachments.original_path(record) == fetched
