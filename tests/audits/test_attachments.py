"""Attachments: copied in by SHA-256, stored once, queued once with a completed record."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from field_app.locations import attachments_dir
from field_app.models.audit_5s import ItemScore
from field_app.store import Store
from field_app.store.attachments import AttachmentError
from tests.photos.images import phone_photo, transparent_png

from .forms import make_audit


def _photo(folder: Path, name: str, payload: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(payload)
    return path


def test_the_same_file_is_stored_once(store: Store, tmp_path: Path, db_path: Path) -> None:
    # Documents (a scanned report) are kept as they are; photos: tests/photos.
    payload = os.urandom(200_000)
    first = _photo(tmp_path / "scans", "BB_0001.pdf", payload)
    copy = _photo(tmp_path / "usb", "bien-ban.PDF", payload)
    other = _photo(tmp_path / "scans", "BB_0002.pdf", payload[::-1])
    a = store.attachments.add(first)
    b = store.attachments.add(copy)
    c = store.attachments.add(other)
    digest = hashlib.sha256(payload).hexdigest()
    assert a.sha256 == b.sha256 == digest and a.id == b.id
    assert c.sha256 != a.sha256
    folder = attachments_dir(db_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted([a.sha256, c.sha256])
    assert (folder / digest).read_bytes() == payload
    assert a.file_name == "BB_0001.pdf" and a.size == 200_000 and a.media_type == "application/pdf"
    assert store.attachments.count() == 2
    # The original can go away: the app keeps its own copy.
    first.unlink()
    assert store.attachments.path_for(digest).read_bytes() == payload


def test_bad_paths_are_refused_clearly(store: Store, tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match=r"no file at .*missing\.jpg"):
        store.attachments.add(tmp_path / "missing.jpg")
    with pytest.raises(AttachmentError, match="is not a file"):
        store.attachments.add(tmp_path)
    assert store.attachments.count() == 0


def test_attachments_are_queued_once_when_a_record_referring_to_them_completes(
    store: Store, enterprise, tmp_path: Path
) -> None:
    form = store.templates.get("5s-office")
    photo = store.attachments.add(transparent_png(tmp_path / "ban-lam-viec.png"))
    audit = make_audit(form, enterprise.id, default=3)
    audit = audit.with_answer(
        ItemScore(item_id="off-s1-1", score=1, note="Bàn bừa bộn", attachments=[photo.sha256])
    )
    draft = store.audits_5s.save_draft(audit)
    assert not [e for e in store.outbox.pending() if e.entity == "attachment"]  # drafts stay local
    store.audits_5s.complete(draft.id)
    second = make_audit(form, enterprise.id, default=4, area="Phòng họp")
    second = second.with_answer(ItemScore(item_id="off-s2-1", score=4, attachments=[photo.sha256]))
    store.audits_5s.complete(second)
    sent = [e for e in store.outbox.pending() if e.entity == "attachment"]
    assert len(sent) == 1
    assert sent[0].payload["sha256"] == photo.sha256
    assert sent[0].payload["file_name"] == "ban-lam-viec.png"


def test_an_attachment_record_pulled_from_elsewhere_is_not_sent_back(
    store: Store, enterprise, tmp_path: Path
) -> None:
    photo = store.attachments.add(phone_photo(tmp_path / "kho.jpg", width=800, height=600))
    with store.atomic() as conn:  # as if the record had come from another device
        conn.execute("UPDATE attachments SET device_id = 'other-device' WHERE id = ?", (photo.id,))
    form = store.templates.get("5s-office")
    audit = make_audit(form, enterprise.id, default=3)
    audit = audit.with_answer(ItemScore(item_id="off-s1-1", score=3, attachments=[photo.sha256]))
    store.audits_5s.complete(audit)
    assert not [e for e in store.outbox.pending() if e.entity == "attachment"]
