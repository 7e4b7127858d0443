"""The PDF page every report is drawn on: a Unicode font, headings, tables, a chart.

Library: fpdf2 (pure Python, embeds a subset of a TrueType font so Vietnamese
renders and extracts exactly; see pyproject.toml). Font: Noto Sans from the
`fontpkg-noto-sans` package, which covers every Vietnamese letter. It ships as a
variable font whose default instance is the regular weight; the bold face is made
from it ahead of time and shipped in field_app/data/fonts/ (see bold_face.py), so no
report waits seconds for fontTools.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.i18n import _, format_date

if TYPE_CHECKING:
    from fpdf import FPDF

    from field_app.reports.letterhead import Letterhead

FAMILY = "NotoSans"
# Colours: dark blue headings, grey rules, a bar colour per rating.
INK = (20, 40, 80)
GREY = (120, 120, 120)
BAR = (52, 120, 190)
BAR_BACK = (225, 230, 238)
WATERMARK = (200, 40, 40)
# Decree 30/2020/NĐ-CP page margins (mm): top 20-25, bottom 20-25, left 30-35, right 15-20.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
SIGNATURE_ROOM_MM = 25.0
"""Blank height left to sign in, between the role and the printed name."""
KEEP_WITH_NEXT_MM = 32.0
"""Room a heading needs below it; with less, it starts the next page instead."""


class ReportError(ValueError):
    """A report cannot be made (unknown record, missing font); the message says why."""


def font_file() -> Path:
    """The regular Noto Sans font from its package (ReportError if not installed)."""
    try:
        import fontpkg_noto_sans
    except ImportError as exc:
        raise ReportError(
            _("the PDF font is not installed: run pip install fontpkg-noto-sans")
        ) from exc
    found = sorted((fontpkg_noto_sans.ROOT / "files").glob("NotoSans[[]*.ttf"))
    if not found:
        raise ReportError(_("the PDF font is not installed: run pip install fontpkg-noto-sans"))
    return found[0]


def italic_font_file() -> Path:
    """The italic Noto Sans from its package (regular weight: the file's default)."""
    found = sorted(font_file().parent.glob("NotoSans-Italic[[]*.ttf"))
    return found[0] if found else font_file()


def cache_dir() -> Path:
    """Where derived font files are kept: $FIELD_APP_CACHE, FIELD_APP_HOME/cache, or the
    user cache folder."""
    cache = os.environ.get("FIELD_APP_CACHE")
    if cache:
        return Path(cache).expanduser()
    home = os.environ.get("FIELD_APP_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("field-app", appauthor=False)


def bold_font_file() -> Path:
    """The bold face shipped with field-app; made once into the cache folder only if a
    checkout lost the shipped file (a few seconds)."""
    from field_app.reports.bold_face import SHIPPED_BOLD, make_bold_face

    if SHIPPED_BOLD.exists():
        return SHIPPED_BOLD
    target = cache_dir() / SHIPPED_BOLD.name
    if target.exists():
        return target
    fd, tmp = tempfile.mkstemp(dir=_mkdir(target.parent), suffix=".part")
    os.close(fd)
    try:
        make_bold_face(font_file(), Path(tmp))
        os.replace(tmp, target)  # another process making the same file is harmless
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _base() -> type[FPDF]:
    from fpdf import FPDF

    return FPDF


class ReportDocument:
    """An A4 report being drawn; `save()` writes it atomically.

    Every page's footer names the enterprise and the report; a draft carries a
    "BẢN NHÁP" / "DRAFT" watermark across every page and gets no signature blocks.
    """

    def __init__(
        self,
        title: str,
        subtitle: str = "",
        *,
        enterprise: str = "",
        head: Letterhead | None = None,
        draft: bool = False,
    ) -> None:
        fpdf_class = _base()
        footer_text = " · ".join(t for t in (enterprise, title) if t)
        watermark = _("DRAFT") if draft else ""

        class _Page(fpdf_class):  # type: ignore[misc,valid-type]
            def footer(self) -> None:
                if watermark:  # drawn last, over the page, so no table hides it
                    _draw_watermark(self, watermark)
                self.set_y(-13)
                self.set_font(FAMILY, "", 8)
                self.set_text_color(*GREY)
                page = _("page {n}/{total}").format(n=self.page_no(), total="{nb}")
                self.cell(0, 5, f"{footer_text} · {page}", align="C")
                self.set_text_color(0, 0, 0)

        pdf = _Page(orientation="P", unit="mm", format="A4")
        pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        pdf.add_font(FAMILY, "", str(font_file()))
        pdf.add_font(FAMILY, "B", str(bold_font_file()))
        pdf.add_font(FAMILY, "I", str(italic_font_file()))
        # A character outside the shipped bold face is drawn in the regular one.
        pdf.set_fallback_fonts([FAMILY], exact_match=False)
        pdf.set_title(f"{title} - {enterprise}" if enterprise else title)
        pdf.set_creator("field-app")
        pdf.add_page()
        self.pdf = pdf
        self.draft = draft
        if head is not None:
            self.letterhead(head)
        self.title(title, subtitle)

    # -- the head of the document -------------------------------------------------

    def letterhead(self, head: Letterhead) -> None:
        """Issuing body top left, national heading top right, the place-and-date line
        under them (Decree 30/2020/NĐ-CP, appendix I)."""
        pdf = self.pdf
        top = pdf.get_y()
        left_w = pdf.epw * 0.45
        right_w = pdf.epw - left_w
        x_left, x_right = pdf.l_margin, pdf.l_margin + left_w
        # Left: managing body (regular) above the issuing body (bold), a short rule under.
        y = top
        if head.managing_body:
            y = _centred_line(pdf, head.managing_body, "", 11.5, x_left, y, left_w)
        y = _centred_line(pdf, head.issuing_body, "B", 11.5, x_left, y, left_w)
        _rule_under(pdf, x_left, y, left_w, left_w / 3)
        left_bottom = y
        # Right: national heading (bold capitals) and motto (bold) with a rule as long.
        y = _centred_line(pdf, head.heading, "B", 11.5, x_right, top, right_w)
        y = _centred_line(pdf, head.motto, "B", 12.5, x_right, y, right_w)
        motto_w = pdf.get_string_width(head.motto)  # in the size the line was drawn
        _rule_under(pdf, x_right, y, right_w, motto_w)
        # The place-and-date line, italic, under the national heading.
        y = _centred_line(pdf, head.place_and_date, "I", 11, x_right, y + 2.5, right_w)
        pdf.set_xy(pdf.l_margin, max(left_bottom, y) + 5)

    def title(self, text: str, subtitle: str = "") -> None:
        """The report's title, centred, with an optional second line."""
        pdf = self.pdf
        pdf.set_text_color(*INK)
        pdf.set_font(FAMILY, "B", 14)
        pdf.multi_cell(0, 7.5, text.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            pdf.set_font(FAMILY, "B", 11)
            pdf.multi_cell(0, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(3)

    # -- text ------------------------------------------------------------------------

    def keep_room(self, height: float) -> None:
        """Start a new page unless `height` mm fit above the bottom margin."""
        pdf = self.pdf
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()

    def heading(self, text: str) -> None:
        """A section heading with a rule under it, never left alone at a page foot."""
        pdf = self.pdf
        self.keep_room(KEEP_WITH_NEXT_MM)
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 11.5)
        pdf.set_text_color(*INK)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*INK)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)

    def subheading(self, text: str) -> None:
        """A bold line over a table (a pillar, a requirement area), kept with it."""
        pdf = self.pdf
        self.keep_room(KEEP_WITH_NEXT_MM - 6)
        pdf.set_font(FAMILY, "B", 10.5)
        pdf.multi_cell(0, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.5)

    def paragraph(self, text: str, size: float = 10) -> None:
        """Wrapped body text ("—" when empty)."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "", size)
        pdf.multi_cell(0, 5.2, text or "—", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def verdict(self, text: str, good: bool) -> None:
        """A one-line conclusion in bold, green when good and red when not."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "B", 12)
        pdf.set_text_color(*((20, 120, 50) if good else (180, 30, 30)))
        pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)

    def fields(self, pairs: Sequence[tuple[str, str]], label_width: float = 42) -> None:
        """Label: value lines, the label in bold."""
        pdf = self.pdf
        for label, value in pairs:
            self.keep_room(6)
            pdf.set_font(FAMILY, "B", 10)
            y = pdf.get_y()
            pdf.multi_cell(label_width, 5.5, label, align="L", new_x="RIGHT", new_y="TOP")
            pdf.set_font(FAMILY, "", 10)
            pdf.multi_cell(0, 5.5, value or "—", align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_y(max(pdf.get_y(), y + 5.5))
        pdf.ln(1)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float = 9,
        align: Sequence[str] | None = None,
    ) -> None:
        """A ruled table whose cells wrap; the header repeats on every page."""
        from fpdf.fonts import FontFace

        pdf = self.pdf
        pdf.set_font(FAMILY, "", size)
        pdf.set_fill_color(255, 255, 255)
        heading_style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=BAR_BACK)
        with pdf.table(
            col_widths=tuple(widths),
            headings_style=heading_style,
            text_align=tuple(align) if align else "LEFT",
            line_height=size * 0.5,
            padding=1,
            width=pdf.epw,
            align="LEFT",  # at the left margin (CENTER centres on the page, not the text)
        ) as table:
            head = table.row()
            for text in headers:
                head.cell(text)
            for row in rows:
                cells = table.row()
                for text in row:
                    cells.cell(text or "")
        pdf.ln(2)

    def bar_chart(self, bars: Sequence[tuple[str, float | None]], width: float = 0) -> None:
        """Horizontal bars from 0 to 100 %, one per label, with the value written."""
        pdf = self.pdf
        width = width or pdf.epw
        label_w, value_w = 48.0, 18.0
        bar_w = width - label_w - value_w
        height, gap = 6.0, 2.0
        self.keep_room(len(bars) * (height + gap))
        from field_app.reports.formats import format_percent

        for label, value in bars:
            x, y = pdf.l_margin, pdf.get_y()
            pdf.set_font(FAMILY, "", 9)
            pdf.set_xy(x, y)
            pdf.cell(label_w, height, label)
            pdf.set_fill_color(*BAR_BACK)
            pdf.rect(x + label_w, y, bar_w, height, style="F")
            if value is not None:
                pdf.set_fill_color(*BAR)
                pdf.rect(x + label_w, y, bar_w * max(0.0, min(value, 100.0)) / 100, height, "F")
            pdf.set_xy(x + label_w + bar_w, y)
            pdf.cell(value_w, height, format_percent(value), align="R")
            pdf.set_y(y + height + gap)
        pdf.set_fill_color(255, 255, 255)  # later tables must not inherit the bar colour
        pdf.ln(2)

    # -- the end of the document ---------------------------------------------------

    def signatures(self, left: str, right: str, left_name: str = "", right_name: str = "") -> None:
        """Two signature blocks side by side: the role in capitals, "(signature, full
        name)", room to sign, then the printed name. A draft gets a line saying it is
        not for signing instead."""
        pdf = self.pdf
        if self.draft:
            pdf.ln(4)
            pdf.set_font(FAMILY, "I", 10)
            pdf.set_text_color(180, 30, 30)
            pdf.multi_cell(0, 5.5, _("Draft, not completed: not for signature."),
                           new_x="LMARGIN", new_y="NEXT")  # fmt: skip
            pdf.set_text_color(0, 0, 0)
            return
        self.keep_room(6 + 6 + 5 + SIGNATURE_ROOM_MM + 7)
        pdf.ln(6)
        half = pdf.epw / 2
        pdf.set_font(FAMILY, "B", 10.5)
        pdf.cell(half, 6, left.upper(), align="C")
        pdf.cell(half, 6, right.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "I", 9)
        note = _("(signature, full name)")
        pdf.cell(half, 5, note, align="C")
        pdf.cell(half, 5, note, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(SIGNATURE_ROOM_MM)
        pdf.set_font(FAMILY, "B", 10.5)
        pdf.cell(half, 6, left_name, align="C")
        pdf.cell(half, 6, right_name, align="C", new_x="LMARGIN", new_y="NEXT")

    def made_on(self, officer: str, today: Any) -> None:
        """A small line saying who printed the report and when."""
        pdf = self.pdf
        pdf.ln(4)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        text = _("Made with field-app on {date}").format(date=format_date(today))
        if officer:
            text += " · " + officer
        pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    def save(self, path: Path) -> Path:
        """Write the PDF to `path` atomically."""
        from field_app.export.output import atomic_path

        with atomic_path(path) as tmp:
            self.pdf.output(str(tmp))
        return path


def _fitting_size(pdf: Any, text: str, style: str, size: float, width: float) -> float:
    """`size`, or smaller so `text` fits on one line of `width` mm (never below 8)."""
    pdf.set_font(FAMILY, style, size)
    while size > 8 and pdf.get_string_width(text) > width - 1:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)
    return size


def _centred_line(
    pdf: Any, text: str, style: str, size: float, x: float, y: float, width: float
) -> float:
    """One line of text centred in a column (shrunk to fit); returns the y below it."""
    _fitting_size(pdf, text, style, size, width)
    pdf.set_xy(x, y)
    pdf.cell(width, 5.8, text, align="C")
    return y + 5.8


def _rule_under(pdf: Any, x: float, y: float, column: float, length: float) -> None:
    """A thin rule of `length` centred in a column, just under the text above."""
    start = x + (column - length) / 2
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    pdf.line(start, y + 1.2, start + length, y + 1.2)
    pdf.set_line_width(0.2)


def _draw_watermark(pdf: Any, text: str) -> None:
    """`text` in large translucent letters across the page, over the content (which
    stays readable through it)."""
    x, y = pdf.get_x(), pdf.get_y()
    pdf.set_font(FAMILY, "B", 80)
    width = pdf.get_string_width(text)
    cx, cy = pdf.w / 2, pdf.h / 2
    with (
        pdf.local_context(fill_opacity=0.35, text_color=WATERMARK),
        pdf.rotation(angle=50, x=cx, y=cy),
    ):
        pdf.text(cx - width / 2, cy + 10, text)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x, y)
