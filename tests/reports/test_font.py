"""The shipped bold face: used as is (no fontTools at run time), covering Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from field_app.reports.bold_face import SHIPPED_BOLD
from field_app.reports.pdf import bold_font_file, cache_dir

VIETNAMESE = "ĐỘC LẬP - TỰ DO - HẠNH PHÚC Cộng hòa xã hội chủ nghĩa Việt Nam ơưđ ạảấầẩẫậ ỹ ₫ —"


def test_the_shipped_bold_face_is_used_and_nothing_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELD_APP_CACHE", str(tmp_path / "cache"))
    assert bold_font_file() == SHIPPED_BOLD
    assert not cache_dir().exists()  # nothing derived at run time


def test_the_bold_face_is_bold_and_has_every_vietnamese_letter() -> None:
    font = TTFont(SHIPPED_BOLD)
    assert "fvar" not in font  # a static face, as fpdf2 needs
    assert font["OS/2"].usWeightClass == 700
    cmap = font.getBestCmap()
    missing = [ch for ch in VIETNAMESE if ch != " " and ord(ch) not in cmap]
    assert missing == []
