"""Photos in the store: the original stays on the device, the upload copy is what
the record names and the sync would send; refused files leave nothing behind;
attachments from before upload copies keep working."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from field_app.locations import attachments_dir
from field_app.models.audit_5s import ItemScore
from field_app.store import Store, open_store
from field_app.store.attachments import AttachmentError
from field_app.store.migrations import migrate
from tests.audits.forms import make_audit

from .images import bomb_png, phone_photo


@pytest.fixture
def enterprise(store: Store):
    return store.enterprises.add({"name": "Hợp tác xã Chè Tân Thành", "commune": "Hữu Lũng"})


def test_a_photo_is_kept_whole_and_sent_small(store: Store, tmp_path: Path, db_path: Path) -> None:
    original = phone_photo(tmp_path / "camera" / "IMG_2041.jpg")
    photo = store.attachments.add(original)
    folder = attachments_dir(db_path)
    whole = hashlib.sha256(original.read_bytes()).hexdigest()
    assert photo.original_sha256 == whole and photo.original_size == original.stat().st_size
    upload = store.attachments.path_for(photo.sha256)
    assert hashlib.sha256(upload.read_bytes()).hexdigest() == photo.sha256
    assert photo.size == upload.stat().st_size <= 300_000 and photo.media_type == "image/jpeg"
    assert photo.file_name == "IMG_2041.jpg"
    # The original, byte for byte, beside it but never among the files to upload.
    assert store.attachments.original_path(photo).read_bytes() == original.read_bytes()
    assert [f.sha256 for f in store.uploads.pending()] == [photo.sha256]
    assert sorted(p.name for p in folder.iterdir()) == sorted([photo.sha256, "originals"])
    for private in (folder, folder / "originals"):  # the officer's photos, not the world's
        assert private.stat().st_mode & 0o777 == 0o700
    # The same photo again (another audit, or copied from the phone twice): one record.
    again = store.attachments.add(tmp_path / "camera" / "IMG_2041.jpg")
    assert again.id == photo.id and store.attachments.count() == 1


def test_the_original_never_travels(store: Store, enterprise, tmp_path: Path) -> None:
    photo = store.attachments.add(phone_photo(tmp_path / "kho.jpg", width=2000, height=1500))
    form = store.templates.get("5s-office")
    audit = make_audit(form, enterprise.id, default=3).with_answer(
        ItemScore(item_id="off-s1-1", score=1, attachments=[photo.sha256])
    )
    store.audits_5s.complete(audit)
    (sent,) = [e for e in store.outbox.pending() if e.entity == "attachment"]
    assert sent.payload["sha256"] == photo.sha256 and sent.payload["size"] == photo.size
    assert "original_sha256" not in sent.payload and "original_size" not in sent.payload
    assert photo.original_sha256 not in str(sent.payload)


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("anh-kho.jpg", b"Bien ban kiem tra kho", "is not an image"),
        ("rong.png", b"", "is empty"),
        ("cut.jpg", None, "is damaged or incomplete"),
        ("bom.png", "bomb", "too many pixels|too large"),
    ],
)
def test_a_bad_photo_attaches_nothing(
    store: Store, tmp_path: Path, db_path: Path, name: str, content, says: str
) -> None:
    path = tmp_path / name
    if content is None:
        whole = phone_photo(tmp_path / "whole.jpg", width=1000, height=750).read_bytes()
        path.write_bytes(whole[: len(whole) * 2 // 3])
    elif content == "bomb":
        bomb_png(path)
    else:
        path.write_bytes(content)
    with pytest.raises(AttachmentError, match=says):
        store.attachments.add(path)
    assert store.attachments.count() == 0
    folder = attachments_dir(db_path)
    assert not folder.exists() or not any(folder.rglob("*"))


def test_attachments_from_before_upload_copies_still_work(tmp_path: Path) -> None:
    """A database at schema 9 with a photo stored as it was: after the upgrade the
    row reads, its one file still travels, and attaching it again finds it."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=9)
    conn.close()
    photo = phone_photo(tmp_path / "cu.jpg", width=800, height=600)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    with open_store(db, "Nguyễn Văn An") as store:
        # As version 9 stored it: the file itself, under its own hash.
        folder = attachments_dir(db)
        folder.mkdir()
        (folder / digest).write_bytes(photo.read_bytes())
        stamp = store.stamp()
        with store.atomic() as c:
            c.execute(
                "INSERT INTO attachments (id, sha256, file_name, size, media_type, created_at,"
                " updated_at, created_by, device_id, version) VALUES (?, ?, 'cu.jpg', ?,"
                " 'image/jpeg', ?, ?, ?, ?, 1)",
                (stamp["id"], digest, photo.stat().st_size, stamp["created_at"],
                 stamp["updated_at"], stamp["created_by"], stamp["device_id"]),
            )  # fmt: skip
        old = store.attachments.get(digest)
        assert old is not None and old.original_sha256 == "" and old.original_size == 0
        assert store.attachments.original_path(old) == folder / digest
        assert [f.sha256 for f in store.uploads.pending()] == [digest]
        assert store.attachments.add(photo).id == old.id
        assert store.attachments.count() == 1
