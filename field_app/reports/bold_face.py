"""How the bold face shipped in field_app/data/fonts/ is made (run once, by a developer).

Noto Sans comes from its package as a variable font. fpdf2 needs a static face per
weight, and instancing the bold weight with fontTools takes 3-10 s, far too long for
the first report an officer makes. So the bold face is made here, ahead of time, from
the same font file, and shipped: the letters Vietnamese and English reports use
(Latin with every Vietnamese letter, punctuation, the dong sign, arrows), about
120 KB. A character outside that set is drawn by the regular face (see pdf.py).

    python -m field_app.reports.bold_face   # rewrites the shipped file

The font is under the SIL Open Font License (field_app/data/fonts/OFL.txt), which
allows this: a modified face shipped with the software, under the same licence.
"""

from __future__ import annotations

import sys
from pathlib import Path

BOLD_WEIGHT = 700
SHIPPED_BOLD = Path(__file__).resolve().parent.parent / "data" / "fonts" / "NotoSans-Bold.ttf"
"""The shipped static bold face of Noto Sans."""

# Code point ranges kept in the bold face.
RANGES = (
    (0x0020, 0x024F),  # Basic Latin to Latin Extended-B (ơ, ư, đ)
    (0x02B0, 0x036F),  # modifier letters and combining marks (text typed in NFD)
    (0x1E00, 0x1EFF),  # Latin Extended Additional: ạ ả ấ ầ ... ỹ
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, bullet, ellipsis
    (0x20A0, 0x20CF),  # currency signs: ₫ €
    (0x2100, 0x214F),  # letterlike symbols: № ™
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # ≤ ≥
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ●
)


def make_bold_face(source: Path, target: Path) -> Path:
    """Instance `source` (the variable Noto Sans) at the bold weight, keep RANGES, and
    save it to `target`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning and mark positioning
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in RANGES for c in range(lo, hi + 1)])
    subsetter.subset(font)
    bold = instantiateVariableFont(font, {"wght": BOLD_WEIGHT, "wdth": 100})
    target.parent.mkdir(parents=True, exist_ok=True)
    bold.save(target)
    return target


def main() -> int:
    """Rewrite the shipped bold face from the installed font package."""
    from field_app.reports.pdf import font_file

    path = make_bold_face(font_file(), SHIPPED_BOLD)
    print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
