"""5S scoring: not-applicable excluded, bands from settings, pillars as data (6S)."""

from __future__ import annotations

import pytest

from field_app.models.template import ChecklistTemplate
from field_app.scoring import change_per_pillar, score_audit
from field_app.settings import RatingBand, Settings
from field_app.store import Store

from .forms import make_audit


def test_not_applicable_items_leave_the_percentage(six_s: ChecklistTemplate) -> None:
    audit = make_audit(
        six_s,
        "e1",
        {
            "t-s1-1": 4,
            "t-s1-2": "n",
            "t-s2-1": 2,
            "t-s3-1": 0,
            "t-s4-1": 3,
            "t-s5-1": "n",
            "t-s6-1": 1,
            "t-s6-2": 4,
        },
    )
    score = score_audit(six_s, audit)
    sort = score.pillar("sort")
    assert sort is not None
    # Sort: 4 out of 4 for the one applicable item, not 4 of 8.
    assert (sort.points, sort.max_points, sort.applicable, sort.not_applicable) == (4, 4, 1, 1)
    assert sort.percent == 100.0
    sustain = score.pillar("sustain")
    assert sustain is not None and sustain.percent is None  # nothing applicable
    # Total: (4+2+0+3+1+4) / (4 x 6 applicable items) = 14/24.
    assert score.total.points == 14 and score.total.max_points == 24
    assert score.percent == pytest.approx(58.333, abs=0.001)
    # Marking N/A is not the same as 0: the same item scored 0 lowers the total.
    zero = make_audit(six_s, "e1", {**{i.id: 4 for _s, i in six_s.items()}, "t-s1-2": 0})
    na = make_audit(six_s, "e1", {**{i.id: 4 for _s, i in six_s.items()}, "t-s1-2": "n"})
    assert score_audit(six_s, na).percent == 100.0
    assert score_audit(six_s, zero).percent == pytest.approx(100 * 28 / 32)


def test_a_six_s_form_scores_six_pillars(six_s: ChecklistTemplate) -> None:
    audit = make_audit(six_s, "e1", {"t-s6-1": 2, "t-s6-2": 4}, default=4)
    score = score_audit(six_s, audit)
    assert [p.short for p in score.pillars] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    safety = score.pillar("safety")
    assert safety is not None and safety.percent == 75.0
    assert score.percent == pytest.approx(100 * 30 / 32)


def test_unscored_items_of_a_draft_are_left_out_of_the_live_percentage(
    six_s: ChecklistTemplate,
) -> None:
    audit = make_audit(six_s, "e1", {"t-s1-1": 2})
    score = score_audit(six_s, audit)
    assert score.percent == 50.0
    assert score.total.applicable == 1 and score.total.items == 8
    empty = score_audit(six_s, make_audit(six_s, "e1"))
    assert empty.percent is None and empty.band is None


def test_the_band_comes_from_settings(six_s: ChecklistTemplate) -> None:
    audit = make_audit(six_s, "e1", {"t-s1-1": 3}, default=4)  # 31/32 = 96.9 %
    default_band = score_audit(six_s, audit, Settings()).band
    assert default_band is not None and default_band.label_en == "World class"
    strict = Settings(
        rating_bands=[
            RatingBand(min_percent=98, label_vi="Xuất sắc", label_en="Outstanding"),
            RatingBand(min_percent=70, label_vi="Đạt", label_en="Pass"),
            RatingBand(min_percent=0, label_vi="Chưa đạt", label_en="Not yet"),
        ]
    )
    band = score_audit(six_s, audit, strict).band
    assert band is not None and band.label_en == "Pass"
    low = make_audit(six_s, "e1", default=2)  # 50 %
    low_band = score_audit(six_s, low, strict).band
    assert low_band is not None and low_band.label_vi == "Chưa đạt"
    medium = score_audit(six_s, low, Settings()).band
    assert medium is not None and medium.label_en == "Poor"


def test_change_per_pillar_against_the_last_audit_of_the_area(store: Store, enterprise) -> None:
    form = store.templates.get("5s-office")
    first = make_audit(form, enterprise.id, default=2, area="Phòng kế toán")
    first = store.audits_5s.complete(first)
    other_area = make_audit(form, enterprise.id, default=0, area="Kho vật tư")
    store.audits_5s.complete(other_area)
    scores = {i.id: 4 for i in form.sections[0].items}
    second = store.audits_5s.save_draft(
        make_audit(form, enterprise.id, scores, default=2, area="phòng  Kế Toán")
    )
    previous = store.audits_5s.previous(second)
    assert previous is not None and previous.id == first.id  # same area, however typed
    change = change_per_pillar(store.audits_5s.score(second), store.audits_5s.score(previous))
    assert change["sort"] == 50.0
    assert change["shine"] == 0.0
    assert change["total"] == pytest.approx(round(100 * (4 * 4 + 12 * 2) / 64 - 50, 1))
    assert change_per_pillar(store.audits_5s.score(second), None)["sort"] is None
