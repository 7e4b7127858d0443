"""Photos made in the tests themselves: a phone-sized JPEG with an EXIF rotation, GPS
and a maker's name; a PNG with transparency; broken files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

ORIENTATION = 0x0112
EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATE_TAKEN = 0x9003
TAKEN = "2026:11:20 09:15:00"


def phone_photo_bytes(width: int = 4000, height: int = 3000, orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: stored landscape with "rotate 90° to show"
    (orientation 6), the date taken, a GPS position and the maker; shapes under
    sensor-like noise, so it weighs several MB as a real photo does."""
    scene = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(scene)
    for i in range(40):
        x, y = i * 97 % width, i * 53 % height
        draw.rectangle([x, y, x + width // 10, y + height // 10], fill=(i * 6, 120, 200 - i * 4))
    # A red block in the stored image's top-left corner: after turning upright
    # (90° clockwise) it is in the top-right corner.
    draw.rectangle([0, 0, width // 8, height // 8], fill=(230, 20, 20))
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(scene, noise, 0.35)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Samsung"
    exif[0x0110] = "SM-A125F"
    exif.get_ifd(EXIF_IFD)[DATE_TAKEN] = TAKEN
    exif.get_ifd(GPS_IFD)[1] = "N"
    exif.get_ifd(GPS_IFD)[2] = (21.0, 51.0, 12.5)
    exif.get_ifd(GPS_IFD)[3] = "E"
    exif.get_ifd(GPS_IFD)[4] = (106.0, 45.0, 3.2)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def phone_photo(path: Path, **kwargs) -> Path:
    """phone_photo_bytes written to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(phone_photo_bytes(**kwargs))
    return path


def transparent_png(path: Path) -> Path:
    """A 900x600 PNG, transparent but for a blue square in the middle."""
    image = Image.new("RGBA", (900, 600), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([350, 200, 550, 400], fill=(20, 40, 220, 255))
    image.save(path, "PNG")
    return path


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header claims width × height pixels (10 gigapixels): decoding
    it would need tens of GB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header + idat + chunk(b"IEND", b""))
    return path
