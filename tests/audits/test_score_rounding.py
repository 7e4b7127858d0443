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


def test_the_change_since_last_audit_fits_the_side_panel_at_80_columns() -> None:
    """Each line (pillar, before → now, change) fits the 29 cells the side panel has at
    80x24, one decimal and all (it wrapped its "+16,7" once the % gained a decimal)."""
    from textual.content import Content

    from field_app.checklists import bundled_templates
    from field_app.models.audit_5s import Audit5S, ItemScore
    from field_app.scoring import score_audit
    from screens.audit_chart import change_lines

    template = next(t for t in bundled_templates() if t.id == "5s-warehouse")
    ids = [i.id for _s, i in template.items()]
    now = Audit5S.model_construct(
        items=[ItemScore(item_id=i, score=3 + n % 2) for n, i in enumerate(ids)]
    )
    before = Audit5S.model_construct(
        items=[ItemScore(item_id=i, score=n % 3) for n, i in enumerate(ids)]
    )
    set_language("vi")
    text = change_lines(score_audit(template, now), score_audit(template, before))
    lines = Content.from_markup(text).plain.splitlines()
    assert len(lines) == 6 and lines[-1].startswith("Tổng")
    assert all("," in line for line in lines)  # decimal comma
    assert max(len(line) for line in lines) <= 29, lines
