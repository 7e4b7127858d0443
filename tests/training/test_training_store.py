"""Training courses on disk: drafts, completion, corrections, the enterprise timeline's
query and the totals the programme report counts."""

from __future__ import annotations

from datetime import date

import pytest

from field_app.models.training import TrainingCourse, topic_label, training_topics
from field_app.store import Store
from field_app.store.drafts import RecordLockedError
from field_app.store.visits import IncompleteError


def _enterprise(store: Store, name: str) -> str:
    return store.enterprises.add({"name": name, "province": "Lạng Sơn"}).id


def _course(ents: list[tuple[str, int]], **extra) -> dict:
    data = {
        "start_date": "2026-03-10",
        "end_date": "2026-03-11",
        "topic": "5s",
        "organiser": "Sở Khoa học và Công nghệ",
        "place": "Hội trường Sở",
        "trainers": "ThS. Trần Thu Hà, KS. Hoàng Thị Lan",
        "participants": 30,
        "productivity_experts": 2,
        "trainee_experts": 3,
        "enterprises": [{"enterprise_id": e, "participants": n} for e, n in ents],
    }
    return {**data, **extra}


def test_a_draft_is_kept_then_completed_once_and_then_locked(store: Store) -> None:
    a, b = _enterprise(store, "HTX Chè Bắc Sơn"), _enterprise(store, "Công ty TNHH Na Chi Lăng")
    draft = store.training_courses.save_draft(_course([(a, 12), (b, 8)]))
    assert store.outbox.pending_count() == 2  # the two enterprises; a draft stays local
    again = store.training_courses.get(draft.id)
    assert again is not None and again.trainers == ["ThS. Trần Thu Hà", "KS. Hoàng Thị Lan"]
    assert [(e.enterprise_id, e.participants) for e in again.enterprises] == [(a, 12), (b, 8)]
    assert [c.id for c in store.training_courses.drafts()] == [draft.id]

    done = store.training_courses.complete(draft.id)
    assert done.status == "completed" and done.completed_at
    pending = [e for e in store.outbox.pending() if e.entity == "training_course"]
    assert len(pending) == 1 and pending[0].payload["participants"] == 30
    assert store.training_courses.complete(draft.id).completed_at == done.completed_at
    assert len([e for e in store.outbox.pending() if e.entity == "training_course"]) == 1
    with pytest.raises(RecordLockedError):
        store.training_courses.save_draft({**done.model_dump(), "participants": 31})
    with pytest.raises(RecordLockedError):
        store.training_courses.delete_draft(done.id)


def test_completion_says_what_to_fix_and_saves_nothing(store: Store) -> None:
    a = _enterprise(store, "HTX Chè Bắc Sơn")
    draft = store.training_courses.save_draft(
        _course([(a, 40)], end_date="2026-03-01", organiser="", productivity_experts=29)
    )
    with pytest.raises(IncompleteError) as raised:
        store.training_courses.complete(draft.id)
    text = "\n".join(raised.value.problems)
    assert "end date" in text and "organiser" in text
    assert "more experts (32) than participants (30)" in text
    assert "sent 40 people, more than the 30 participants" in text
    assert store.training_courses.get(draft.id).status == "draft"
    assert not [e for e in store.outbox.pending() if e.entity == "training_course"]


def test_an_enterprise_not_in_the_registry_is_refused(store: Store) -> None:
    with pytest.raises(KeyError, match="no enterprise with id ghost"):
        store.training_courses.save_draft(_course([("ghost", 3)]))
    assert store.training_courses.count() == 0


def test_a_correction_supersedes_and_only_current_courses_count(store: Store) -> None:
    a, b = _enterprise(store, "HTX Chè Bắc Sơn"), _enterprise(store, "Công ty TNHH Na Chi Lăng")
    first = store.training_courses.complete(TrainingCourse.model_validate(_course([(a, 10)])))
    fix = store.training_courses.correct(first.id)
    assert fix.supersedes == first.id and fix.status == "draft"
    # Until the correction is completed, the original still counts.
    assert store.training_courses.year_totals(2026).people == 30
    fixed = store.training_courses.complete(fix.model_copy(update={"participants": 25}))
    assert store.training_courses.superseded_by(first.id) == fixed.id
    other = store.training_courses.complete(
        TrainingCourse.model_validate(
            _course([(b, 4)], start_date="2026-11-02", end_date="2026-11-06",
                    topic="productivity_expert", participants=12, productivity_experts=1,
                    trainee_experts=9)
        )
    )  # fmt: skip
    store.training_courses.save_draft(_course([(b, 2)], participants=99))  # a draft: not counted
    store.training_courses.complete(
        TrainingCourse.model_validate(_course([], start_date="2025-12-30", end_date="2026-01-02"))
    )  # started the year before
    totals = store.training_courses.year_totals(2026)
    assert (totals.courses, totals.people, totals.experts) == (2, 37, 2 + 3 + 1 + 9)
    assert [c.id for c in store.training_courses.current(date(2026, 1, 1), date(2026, 12, 31))] == [
        fixed.id,
        other.id,
    ]
    # The enterprise timeline: every course the enterprise sent people to.
    assert {c.id for c in store.training_courses.for_enterprise(a)} == {first.id, fixed.id}
    assert len(store.training_courses.for_enterprise(b)) == 2  # the course and the draft


def test_topics_are_data_and_a_typed_topic_is_kept(store: Store) -> None:
    keys = [t.key for t in training_topics()]
    assert {"5s", "iso_9001", "vietgap", "productivity_tools", "digital_transformation"} <= set(
        keys
    )
    assert topic_label("iso_9001") == "ISO 9001"
    assert topic_label("An toàn thực phẩm") == "An toàn thực phẩm"


def test_status_counts_training_courses(store: Store) -> None:
    a = _enterprise(store, "HTX Chè Bắc Sơn")
    store.training_courses.save_draft(_course([(a, 5)]))
    assert store.counts()["training_courses"] == 1
