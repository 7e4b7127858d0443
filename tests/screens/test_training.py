"""Training courses with keys only: open the list from home, start a course, fill it,
add enterprises from the registry, see what to fix, complete it, find it in the
enterprise's timeline."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from field_app.store import open_store
from screens.widgets.field_input import FormField
from tests.screens.conftest import (
    OFFICER,
    make_app,
    paste,
    screen_name,
    tab_to,
    type_text,
    wait_for,
)


async def _new_course(pilot):
    """T on home, then N: a new draft course opens."""
    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await pilot.press("t")
    await wait_for(pilot, lambda: screen_name(pilot) == "TrainingListScreen")
    await pilot.press("n")
    await wait_for(pilot, lambda: screen_name(pilot) == "TrainingFormScreen")
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.course is not None and not form._loading)
    return form


async def _add_enterprise(pilot, form, query: str, people: str) -> None:
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    picker = pilot.app.screen
    await paste(pilot, query)  # searching as one types is tests/screens/test_registry.py's
    await wait_for(pilot, lambda: picker.shown_generation == picker.generation > 1)
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is form and form.focused.id == "t-sent")
    await type_text(pilot, people)
    await pilot.press("enter")
    await wait_for(pilot, lambda: form.focused.id == "t-enterprises")


async def test_a_course_is_filled_and_completed_by_keys(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _new_course(pilot)
        assert form.query_one("#t-start_date").value == "16/03/2026"  # today
        await tab_to(pilot, "t-end_date")
        await pilot.press("ctrl+u")
        await type_text(pilot, "17/03/2026")
        # Long texts are pasted (Vietnamese typed key by key: the test below).
        await tab_to(pilot, "t-organiser")
        await paste(pilot, "Sở Khoa học và Công nghệ Lạng Sơn")
        await tab_to(pilot, "t-trainers")
        await paste(pilot, "ThS. Trần Thu Hà, KS. Hoàng Lan")
        await tab_to(pilot, "t-participants")
        await pilot.press("ctrl+u")
        await type_text(pilot, "30")
        await tab_to(pilot, "t-trainee_experts")
        await pilot.press("ctrl+u")
        await type_text(pilot, "4")
        await _add_enterprise(pilot, form, "dong dang", "12")
        await _add_enterprise(pilot, form, "loc binh", "9")
        listed = form.query_one("#t-enterprises", OptionList)
        assert listed.option_count == 2 and "12 người" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("f5")
        await wait_for(pilot, lambda: not form.is_draft, what="completion")
        assert form.query_one("#t-organiser").disabled
        assert form.check_action("correct", ()) is True
        course_id = form.course_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "TrainingListScreen")
        totals = app.screen.query_one("#training-totals")
        await wait_for(pilot, lambda: "30 người" in str(totals.render()), what="totals")
    with open_store(demo_db) as store:
        course = store.training_courses.get(course_id)
        assert course is not None and course.status == "completed"
        assert course.organiser == "Sở Khoa học và Công nghệ Lạng Sơn"
        assert course.trainers == ["ThS. Trần Thu Hà", "KS. Hoàng Lan"]
        assert (course.participants, course.productivity_experts, course.trainee_experts) == (
            30,
            0,
            4,
        )
        assert [e.participants for e in course.enterprises] == [12, 9]
        assert course.created_by == OFFICER
        queued = [e for e in store.outbox.pending(limit=100_000) if e.record_id == course_id]
        assert [e.entity for e in queued] == ["training_course"]
        first = course.enterprises[0].enterprise_id
    # The enterprise's timeline lists the course; Enter opens it.
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        from screens.enterprise_detail import EnterpriseDetailScreen

        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        app.push_screen(EnterpriseDetailScreen(first))
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseDetailScreen")
        timeline = app.screen.query_one("#timeline", OptionList)
        row = f"training_course:{course_id}"
        await wait_for(pilot, lambda: row in [o.id for o in timeline._options], what="row")
        timeline.focus()
        timeline.highlighted = [o.id for o in timeline._options].index(row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "TrainingFormScreen")
        assert app.screen.course_id == course_id


async def test_bad_input_says_what_to_fix_and_the_draft_is_kept(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _new_course(pilot)
        await tab_to(pilot, "t-participants")
        await pilot.press("ctrl+u")
        await type_text(pilot, "ba mươi")
        field = form.query_one("#tf-participants", FormField)
        await wait_for(pilot, lambda: "whole number" in field.error or "số nguyên" in field.error)
        await tab_to(pilot, "t-place")
        await type_text(pilot, "Hội trường Sở")
        await pilot.press("f5")
        problems = form.query_one("#problems")
        await wait_for(pilot, lambda: "số nguyên" in str(problems.render()), what="problems")
        await tab_to(pilot, "t-participants")
        await pilot.press("ctrl+u")
        await type_text(pilot, "5")
        await pilot.press("f5")  # still no organiser: the course says so and stays a draft
        await wait_for(pilot, lambda: "đơn vị tổ chức" in str(problems.render()), what="organiser")
        assert form.is_draft
        course_id = form.course_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "TrainingListScreen")
    with open_store(demo_db) as store:
        draft = store.training_courses.get(course_id)
        assert draft is not None and draft.status == "draft"
        assert draft.place == "Hội trường Sở" and draft.participants == 5


async def test_ctrl_t_opens_the_list_and_home_shows_a_course_draft(demo_db: Path) -> None:
    with open_store(demo_db, OFFICER) as store:
        draft = store.training_courses.save_draft(
            {"start_date": "2026-03-10", "end_date": "2026-03-10", "topic": "iso_9001"}
        )
        courses = store.training_courses.count()  # the demo's and this draft
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        drafts = app.screen.query_one("#drafts", OptionList)  # home lists drafts of every kind
        key = f"training_course:{draft.id}"
        await wait_for(pilot, lambda: key in [o.id for o in drafts._options], what="draft")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: screen_name(pilot) == "TrainingListScreen")
        listed = app.screen.query_one("#training-list", OptionList)
        await wait_for(pilot, lambda: listed.option_count == courses, what="list")
        ids = [o.id for o in listed._options]
        assert draft.id in ids and courses > 1
