"""Thumbnails of the photos attached to a record's items, three to a row, each with
the item it shows: the evidence on paper without a page per photo.

A thumbnail is made from the stored upload copy (the file headquarters holds too,
so a report made there looks the same) at THUMB_LONG_SIDE pixels, which keeps a
report with twenty photos to a few hundred KB to send or print."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from field_app.i18n import _
from field_app.reports.pdf import FAMILY, GREY, ReportDocument

if TYPE_CHECKING:
    from pathlib import Path

    from field_app.store import Store

COLUMNS = 3
GAP_MM = 4.0
MAX_HEIGHT_MM = 62.0
"""A portrait photo is scaled to this height (a landscape one fills the column)."""
CAPTION_LINE_MM = 3.6
HEADING_MM = 14.0


def _file_of(store: Store, sha: str) -> Path | None:
    """The stored file to draw for an attachment, or None when it is not a photo here."""
    try:
        path = store.attachments.path_for(sha)
    except ValueError:  # not a hash
        return None
    record = store.attachments.get(sha)
    if record is not None and not record.media_type.startswith("image/"):
        return None
    return path if path.is_file() else None


def photo_sheet(doc: ReportDocument, store: Store, photos: Sequence[tuple[str, str]]) -> int:
    """Draw a "Photos" section from (sha256, caption) pairs, each photo once; returns
    how many were drawn (none, and no heading, when no photo can be read)."""
    from field_app.photos import thumbnail

    thumbs: list[tuple[bytes, str]] = []
    seen: set[str] = set()
    for sha, caption in photos:
        if sha in seen:
            continue
        seen.add(sha)
        path = _file_of(store, sha)
        data = thumbnail(path) if path else None
        if data:
            thumbs.append((data, caption))
    if not thumbs:
        return 0
    pdf = doc.pdf
    column = (pdf.epw - GAP_MM * (COLUMNS - 1)) / COLUMNS
    rows = [thumbs[start : start + COLUMNS] for start in range(0, len(thumbs), COLUMNS)]
    sized = [[_fit(data, column) for data, _caption in row] for row in rows]
    heights = [max(h for _w, h in sizes) + 2 * CAPTION_LINE_MM + GAP_MM for sizes in sized]
    doc.keep_room(heights[0] + HEADING_MM)  # the heading never sits alone above its photos
    doc.heading(_("Photos"))
    for row, sizes, height in zip(rows, sized, heights, strict=True):
        doc.keep_room(height)
        top = pdf.get_y()
        for index, ((data, caption), (w, h)) in enumerate(zip(row, sizes, strict=True)):
            x = pdf.l_margin + index * (column + GAP_MM)
            pdf.image(io.BytesIO(data), x=x + (column - w) / 2, y=top, w=w, h=h)
            pdf.set_font(FAMILY, "", 7.5)
            pdf.set_text_color(*GREY)
            pdf.set_xy(x, top + h + 0.8)
            pdf.multi_cell(column, CAPTION_LINE_MM, _two_lines(pdf, caption, column), align="L")
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(top + height)
    return len(thumbs)


def _fit(data: bytes, column: float) -> tuple[float, float]:
    """Width and height in mm: the column's width, or less for a tall photo."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    w = column
    h = column * height / width
    if h > MAX_HEIGHT_MM:
        w, h = MAX_HEIGHT_MM * width / height, MAX_HEIGHT_MM
    return w, h


def _two_lines(pdf: object, text: str, width: float) -> str:
    """The caption cut with an ellipsis so that it wraps to at most two lines."""
    measure = pdf.get_string_width  # type: ignore[attr-defined]
    room = 2 * width * 0.92
    if measure(text) <= room:
        return text
    while text and measure(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"
