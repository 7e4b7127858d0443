"""Evidence photos: the upload copy made from an original, and report thumbnails.

An officer's phone photo is about 4 MB; over a 2G link (64 kbit/s at best) that is
more than eight minutes of airtime. Headquarters needs to see what the officer saw,
not every pixel, so the device keeps the original and sends an upload copy: turned
upright (EXIF orientation applied), long side at most UPLOAD_LONG_SIDE pixels, JPEG
at UPLOAD_QUALITY, with no metadata except the date it was taken. No GPS position,
no camera serial, no maker notes or embedded thumbnail leave the laptop. A 4 MB
photo becomes about 200 KB (bench/sync_link.py measures it).

A file that is not a readable image (a text file named .jpg, a half-copied photo,
a header claiming a billion pixels) raises PhotoError with a sentence for the
officer; nothing is attached then. Dimensions are read from the header and bounded
before any pixel is decoded, so a "decompression bomb" never fills the memory.

Pillow is imported inside the functions: start-up never pays for it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.i18n import _

if TYPE_CHECKING:
    from PIL.Image import Image

UPLOAD_LONG_SIDE = 1600
"""Long side of the upload copy, in pixels: enough to read a label or see a leak."""
UPLOAD_QUALITY = 75
"""JPEG quality of the upload copy (about 200 KB at 1600 px for a phone photo)."""
THUMB_LONG_SIDE = 480
"""Long side of a report thumbnail: sharp at 60 mm wide, small in the PDF."""
THUMB_QUALITY = 70

MAX_PIXELS_JPEG = 80_000_000
"""Largest JPEG accepted (width × height). A JPEG is decoded at 1/2, 1/4 or 1/8 scale
(Pillow's draft mode), so even 80 megapixels (past today's 50 MP phones) decodes in
a few tens of MB."""
MAX_PIXELS_OTHER = 40_000_000
"""Largest PNG, TIFF, WebP... accepted: those are decoded whole (4 bytes a pixel)."""

PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
    | {".heic", ".heif", ".avif"}
)
"""Names that say "photo": such a file must be a readable image or it is refused."""
_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)
_EXIF_IFD = 0x8769
_DATE_TAKEN = 0x9003  # DateTimeOriginal, in the Exif sub-IFD


class PhotoError(ValueError):
    """A file cannot be used as a photo; the message says why, in the officer's language."""


@dataclass(frozen=True)
class UploadCopy:
    """The bytes to send instead of the original, and what they show."""

    data: bytes
    width: int
    height: int
    taken: str
    """The original's EXIF DateTimeOriginal ("2026:11:20 09:15:00"), or "" when it had none."""


def looks_like_photo(path: Path, head: bytes) -> bool:
    """Whether a file is meant as a photo: by its name, or by its first bytes.

    Documents (a scanned PDF, a spreadsheet) are attached as they are; anything that
    says it is an image goes through make_upload_copy and must be a good one."""
    if path.suffix.lower() in PHOTO_SUFFIXES:
        return True
    if head.startswith(_MAGIC):
        return True
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _open(source: Path | bytes, name: str) -> Image:
    """Open an image and check its header, decoding no pixel yet."""
    from PIL import Image, UnidentifiedImageError

    try:
        fp: Any = io.BytesIO(source) if isinstance(source, bytes) else source
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(fp)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(name) from exc
    except UnidentifiedImageError as exc:
        head = source[:16] if isinstance(source, bytes) else _head(source)
        if head.startswith(_MAGIC):  # an image's first bytes and nothing readable after
            raise _damaged(name) from exc
        raise PhotoError(
            _(
                "{name} is not an image this program can read (JPEG, PNG, WebP, TIFF...):"
                " nothing was attached"
            ).format(name=name)
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise _damaged(name) from exc
    width, height = image.size
    limit = MAX_PIXELS_JPEG if image.format == "JPEG" else MAX_PIXELS_OTHER
    if width <= 0 or height <= 0 or width * height > limit:
        image.close()
        raise _too_large(name, width, height, limit)
    return image


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(16)


def _too_large(name: str, width: int = 0, height: int = 0, limit: int = 0) -> PhotoError:
    if width and height:
        return PhotoError(
            _(
                "{name} is too large to be a photo ({width} × {height} pixels, at most"
                " {limit} million): nothing was attached"
            ).format(name=name, width=width, height=height, limit=limit // 1_000_000)
        )
    return PhotoError(
        _("{name} claims too many pixels to be a photo: nothing was attached").format(name=name)
    )


def _damaged(name: str) -> PhotoError:
    return PhotoError(
        _(
            "{name} is damaged or incomplete (a copy cut short?): nothing was attached; copy"
            " the photo again from the camera or phone"
        ).format(name=name)
    )


def _decode(image: Image, name: str, long_side: int) -> Image:
    """Pixels, upright, no larger than `long_side`, in RGB on white."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    width, height = image.size
    scale = min(1.0, long_side / max(width, height))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            if image.format == "JPEG" and scale < 1.0:
                # Decode at the smallest 1/2^k scale still at least the target size.
                image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            flat = _flatten(upright)
            flat.thumbnail((long_side, long_side), PILImage.Resampling.LANCZOS)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise _too_large(name) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow reports a truncated file as OSError("image file is truncated").
        raise _damaged(name) from exc
    return flat


def _flatten(image: Image) -> Image:
    """RGB, with any transparency laid on white (a JPEG has no alpha)."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = PILImage.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greys (some scanners): scale to 8 bits before RGB.
        return image.point(lambda v: v / 256).convert("L").convert("RGB")
    return image.convert("RGB") if image.mode != "RGB" else image


def _date_taken(image: Image) -> str:
    try:
        value = image.getexif().get_ifd(_EXIF_IFD).get(_DATE_TAKEN)
    except Exception:  # a broken EXIF block loses the date, never the photo
        return ""
    return value.strip("\x00 ")[:19] if isinstance(value, str) else ""


def make_upload_copy(source: Path | bytes, name: str = "") -> UploadCopy:
    """The copy to send over the link, made from an original photo (a path or its bytes).

    Raises PhotoError (nothing attached) when the file is empty, not an image,
    damaged or truncated, or has more pixels than a photo has."""
    from PIL import Image as PILImage

    name = name or (source.name if isinstance(source, Path) else _("the photo"))
    if (len(source) if isinstance(source, bytes) else source.stat().st_size) == 0:
        raise PhotoError(_("{name} is empty (0 bytes): nothing was attached").format(name=name))
    with _open(source, name) as image:
        taken = _date_taken(image)
        icc = image.info.get("icc_profile")
        pixels = _decode(image, name, UPLOAD_LONG_SIDE)
    exif = PILImage.Exif()
    if taken:
        exif[_EXIF_IFD] = {_DATE_TAKEN: taken}
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": UPLOAD_QUALITY, "optimize": True, "progressive": True}
    if taken:
        options["exif"] = exif.tobytes()
    if icc:
        # The colour profile is not about the officer or the place: without it a
        # wide-gamut phone photo shows rust or mould in the wrong shade.
        options["icc_profile"] = icc
    pixels.save(out, "JPEG", **options)
    return UploadCopy(out.getvalue(), pixels.width, pixels.height, taken)


def thumbnail(path: Path, long_side: int = THUMB_LONG_SIDE) -> bytes | None:
    """A small JPEG of a stored photo for a report, or None when it cannot be read."""
    try:
        with _open(path, path.name) as image:
            pixels = _decode(image, path.name, long_side)
    except (PhotoError, OSError):
        return None
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
    return out.getvalue()
