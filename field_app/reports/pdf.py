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

FAMILY = "NotoSans"
# Colours: dark blue headings, grey rules, a bar colour per rating.
INK = (20, 40, 80)
GREY = (120, 120, 120)
BAR = (52, 120, 190)
BAR_BACK = (225, 230, 238)


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
    """An A4 report being drawn; `save()` writes it atomically."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        fpdf_class = _base()
        footer_text = title

        class _Page(fpdf_class):  # type: ignore[misc,valid-type]
            def footer(self) -> None:
                self.set_y(-12)
                self.set_font(FAMILY, "", 8)
                self.set_text_color(*GREY)
                page = _("page {n}/{total}").format(n=self.page_no(), total="{nb}")
                self.cell(0, 5, f"{footer_text} · {page}", align="C")

        pdf = _Page(orientation="P", unit="mm", format="A4")
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_font(FAMILY, "", str(font_file()))
        pdf.add_font(FAMILY, "B", str(bold_font_file()))
        # A character outside the shipped bold face is drawn in the regular one.
        pdf.set_fallback_fonts([FAMILY], exact_match=False)
        pdf.set_title(title)
        pdf.set_creator("field-app")
        pdf.add_page()
        self.pdf = pdf
        self.title(title, subtitle)

    # -- text ------------------------------------------------------------------------

    def title(self, text: str, subtitle: str = "") -> None:
        """The report's title, centred, with an optional second line."""
        pdf = self.pdf
        pdf.set_text_color(*INK)
        pdf.set_font(FAMILY, "B", 15)
        pdf.multi_cell(0, 8, text.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            pdf.set_font(FAMILY, "", 10)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(0, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(3)

    def heading(self, text: str) -> None:
        """A section heading with a rule under it."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 11.5)
        pdf.set_text_color(*INK)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*INK)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)

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

    def fields(self, pairs: Sequence[tuple[str, str]], label_width: float = 45) -> None:
        """Label: value lines, the label in bold."""
        pdf = self.pdf
        for label, value in pairs:
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
        if pdf.get_y() + len(bars) * (height + gap) > pdf.h - 20:
            pdf.add_page()
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

    def image(self, path: Path, caption: str = "", width: float = 80) -> bool:
        """A photo with a caption; False (and nothing drawn) if it cannot be read."""
        pdf = self.pdf
        try:
            pdf.image(str(path), w=width, x=pdf.l_margin)
        except Exception:  # a damaged or unsupported photo must not stop the report
            return False
        if caption:
            pdf.set_font(FAMILY, "", 8)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(0, 4.5, caption, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        pdf.ln(2)
        return True

    def signatures(self, left: str, right: str) -> None:
        """Two signature blocks side by side at the end of the report."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.ln(6)
        half = pdf.epw / 2
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(half, 6, left, align="C")
        pdf.cell(half, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        note = _("(signature, full name)")
        pdf.cell(half, 5, note, align="C")
        pdf.cell(half, 5, note, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

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
