"""The upload copy of a photo: upright, at most 1600 px, a few hundred KB, no GPS,
the date taken kept; broken files refused with a sentence, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from field_app.i18n import set_language
from field_app.photos import PhotoError, make_upload_copy, thumbnail

from .images import DATE_TAKEN, EXIF_IFD, GPS_IFD, TAKEN, bomb_png, phone_photo, transparent_png


def test_a_phone_photo_becomes_a_small_upright_copy_without_gps(tmp_path: Path) -> None:
    original = phone_photo(tmp_path / "IMG_2041.jpg")
    assert original.stat().st_size > 3_000_000  # as heavy as a real phone photo
    copy = make_upload_copy(original)
    assert len(copy.data) <= 300_000
    image = Image.open(io.BytesIO(copy.data))
    assert image.format == "JPEG"
    # Stored 4000x3000 with "rotate 90°": the copy is upright, portrait, long side 1600.
    assert image.size == (1200, 1600) == (copy.width, copy.height)
    exif = image.getexif()
    assert 0x0112 not in exif  # orientation applied, so no tag left to apply twice
    assert not exif.get_ifd(GPS_IFD)  # where the officer stood stays on the laptop
    assert 0x010F not in exif and 0x0110 not in exif  # neither maker nor model
    assert exif.get_ifd(EXIF_IFD) == {DATE_TAKEN: TAKEN} and copy.taken == TAKEN
    # The red corner block, top-left as stored, is top-right once turned upright.
    red, top_left = image.getpixel((1150, 40)), image.getpixel((40, 40))
    assert red[0] > 150 and red[1] < 90, red
    assert not (top_left[0] > 150 and top_left[1] < 90), top_left


def test_a_png_with_transparency_becomes_a_jpeg_on_white(tmp_path: Path) -> None:
    copy = make_upload_copy(transparent_png(tmp_path / "so-do.png"))
    image = Image.open(io.BytesIO(copy.data))
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (900, 600)
    assert min(image.getpixel((20, 20))) > 240  # transparent: white, not black
    blue = image.getpixel((450, 300))
    assert blue[2] > 180 and blue[0] < 60


def test_a_small_photo_is_not_enlarged(tmp_path: Path) -> None:
    path = tmp_path / "nho.jpg"
    Image.new("RGB", (640, 480), (10, 120, 30)).save(path, quality=95)
    copy = make_upload_copy(path)
    assert (copy.width, copy.height) == (640, 480) and copy.taken == ""
    assert Image.open(io.BytesIO(copy.data)).getexif() == {}


def test_a_truncated_photo_is_refused_as_damaged(tmp_path: Path) -> None:
    whole = phone_photo(tmp_path / "whole.jpg", width=1200, height=900).read_bytes()
    cut = tmp_path / "IMG_cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(PhotoError, match=r"IMG_cut\.jpg is damaged or incomplete"):
        make_upload_copy(cut)
    head_only = tmp_path / "head.jpg"
    head_only.write_bytes(whole[:40])
    with pytest.raises(PhotoError, match="damaged or incomplete"):
        make_upload_copy(head_only)


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "anh-kho.jpg"
    fake.write_text("Biên bản kiểm tra kho, không phải ảnh", encoding="utf-8")
    with pytest.raises(PhotoError, match=r"anh-kho\.jpg is not an image this program can read"):
        make_upload_copy(fake)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "rong.jpg"
    empty.write_bytes(b"")
    with pytest.raises(PhotoError, match=r"rong\.jpg is empty"):
        make_upload_copy(empty)


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = bomb_png(tmp_path / "bom.png")
    assert bomb.stat().st_size < 2000
    with pytest.raises(PhotoError, match=r"too many pixels|too large to be a photo"):
        make_upload_copy(bomb)
    # Under Pillow's own alarm but more than a photo: refused with the dimensions.
    big = bomb_png(tmp_path / "rong-lon.png", width=9000, height=6000)
    with pytest.raises(PhotoError, match="9000 × 6000 pixels"):
        make_upload_copy(big)
    assert thumbnail(big) is None  # a report skips it instead of decoding it


def test_the_refusals_speak_vietnamese(tmp_path: Path) -> None:
    set_language("vi")
    fake = tmp_path / "anh.png"
    fake.write_bytes(b"not a picture at all")
    with pytest.raises(PhotoError, match=r"anh\.png không phải là ảnh"):
        make_upload_copy(fake)
    empty = tmp_path / "rong.jpg"
    empty.write_bytes(b"")
    with pytest.raises(PhotoError, match=r"rong\.jpg rỗng"):
        make_upload_copy(empty)


def test_a_thumbnail_is_small_and_upright(tmp_path: Path) -> None:
    data = thumbnail(phone_photo(tmp_path / "p.jpg", width=2000, height=1500))
    assert data is not None and len(data) < 80_000
    assert Image.open(io.BytesIO(data)).size == (360, 480)
