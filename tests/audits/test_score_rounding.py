"""One rounding for every score shown: half up to one decimal, decimal comma in Vietnamese."""

from __future__ import annotations

import pytest

from field_app.export.audit_kinds import _fraction
from field_app.i18n import format_percent, format_points, round_percent, set_language


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    set_language("en")


def test_half_a_tenth_rounds_up_everywhere() -> None:
    # 62.25 is exact in binary, so Python's round() would give 62.2 (half to even).
    assert round_percent(62.25) == 62.3
    assert round_percent(73.3333) == 73.3
    assert _fraction(62.25) == 0.623  # the sheet cell shown as 62.3%
    set_language("vi")
    assert format_percent(62.25) == "62,3%"
    assert format_percent(62.5) == "62,5%"
    assert format_percent(100.0) == "100,0%"
    assert format_percent(None) == "—"
    assert format_points(7.5) == "+7,5"
    set_language("en")
    assert format_percent(62.5) == "62.5%"
    assert format_points(-3.0) == "-3.0"


def test_the_screen_chart_writes_what_the_pdf_writes() -> None:
    from screens.audit_chart import _pct

    set_language("vi")
    assert _pct(62.5).strip() == format_percent(62.5) == "62,5%"
    assert _pct(None).strip() == "—"
