"""Training courses travel to headquarters and to the province's other devices, with
their attendance-sheet photo; another province never receives them; a correction
arrives beside the course it supersedes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sync.engine import run_sync
from sync.server.storage import HQStore
from tests.photos.images import phone_photo
from tests.sync.conftest import add_enterprise, enrolled


def _course(enterprises: list[str], **extra) -> dict:
    return {
        "start_date": date(2026, 11, 3),
        "end_date": date(2026, 11, 4),
        "topic": "5s",
        "organiser": "Sở Khoa học và Công nghệ",
        "place": "Hội trường Sở",
        "trainers": ["ThS. Trần Thu Hà"],
        "participants": 24,
        "productivity_experts": 1,
        "trainee_experts": 2,
        "enterprises": [{"enterprise_id": e, "participants": 6} for e in enterprises],
        **extra,
    }


def test_a_course_reaches_the_province_and_headquarters_not_other_provinces(
    hq, hq_db: Path, make_device, tmp_path: Path
) -> None:
    a, b, far = make_device("a"), make_device("b"), make_device("far")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    cfar = enrolled(far, hq_db, hq.url, province="Lai Châu")
    tea, custard = add_enterprise(a), add_enterprise(a, "Công ty TNHH Na Chi Lăng")
    photo = phone_photo(tmp_path / "diem-danh.jpg", width=1200, height=900)
    sheet = a.attachments.add(photo)
    course = a.training_courses.complete(
        a.training_courses.save_draft(_course([tea, custard], attachments=[sheet.sha256])).id
    )
    result = run_sync(a, credentials=ca)
    assert result.ok and result.files == 1
    assert a.outbox.pending_count() == 0 and a.outbox.by_state("rejected") == []

    hqs = HQStore(hq_db)
    try:
        row = hqs.query(
            "SELECT province, data FROM records WHERE entity = 'training_course' AND id = ?",
            (course.id,),
        )[0]
    finally:
        hqs.close()
    assert row[0] == "langson"  # the officer's province
    assert json.loads(row[1])["participants"] == 24

    assert run_sync(b, credentials=cb).ok
    copy = b.training_courses.get(course.id)
    assert copy is not None and copy.status == "completed"
    assert [e.enterprise_id for e in copy.enterprises] == [tea, custard]
    assert copy.attachments == [sheet.sha256]
    assert [c.id for c in b.training_courses.for_enterprise(custard)] == [course.id]
    assert b.training_courses.year_totals(2026).experts == 3

    assert run_sync(far, credentials=cfar).ok
    assert far.training_courses.get(course.id) is None  # another province's course

    # b corrects the number of participants; a receives the correction beside it.
    fix = b.training_courses.correct(course.id)
    b.training_courses.complete(fix.model_copy(update={"participants": 26}))
    assert run_sync(b, credentials=cb).ok and b.outbox.by_state("rejected") == []
    assert run_sync(a, credentials=ca).ok
    assert a.training_courses.superseded_by(course.id) == fix.id
    assert a.training_courses.year_totals(2026).people == 26


def test_headquarters_refuses_a_course_that_breaks_the_rules(hq, hq_db: Path, make_device) -> None:
    a = make_device("a")
    ca = enrolled(a, hq_db, hq.url)
    ent = add_enterprise(a)
    with a.atomic():  # a modified client sends a course with a negative count
        a.emit("training_course", "c-bad", "create",
               {**_course([ent]), "id": "c-bad", "participants": -4, "status": "completed",
                "start_date": "2026-11-03", "end_date": "2026-11-04"})  # fmt: skip
    result = run_sync(a, credentials=ca)
    assert result.ok
    (refused,) = a.outbox.by_state("rejected")
    assert refused.record_id == "c-bad" and "participants" in (refused.error or "")
