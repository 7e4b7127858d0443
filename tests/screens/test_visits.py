"""Site visits with keys only: create, autosave, complete, validation, correction."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from field_app.models.visit import RecordStatus
from field_app.store import open_store
from screens.widgets.field_input import FormField
from tests.screens.conftest import (
    OFFICER,
    make_app,
    quick_keys,
    screen_name,
    tab_to,
    type_text,
    wait_for,
)


async def _new_visit_for(pilot, query: str) -> str:
    """F4, search, Enter: a new draft opens. Returns its id."""
    await pilot.press("f4")
    await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    picker = pilot.app.screen
    assert picker.pick
    await type_text(pilot, query)
    await wait_for(pilot, lambda: picker.shown_generation == picker.generation > 1)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.visit is not None and not form._loading)
    return form.visit_id


async def test_create_and_complete_a_visit(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        visit_id = await _new_visit_for(pilot, "dong dang")
        form = app.screen
        # The officer from the settings is filled in; the date is today.
        assert form.query_one("#f-officers").value == OFFICER
        assert form.query_one("#f-visit_date").value == "16/03/2026"
        await tab_to(pilot, "f-follow_up_date")
        await type_text(pilot, "30/04/2026")
        await tab_to(pilot, "f-findings")
        await type_text(pilot, "Kho nguyên liệu chưa sắp xếp, lối đi bị chắn.")
        await tab_to(pilot, "f-recommendations")
        await type_text(pilot, "Áp dụng 5S: sàng lọc vật tư hỏng.")
        await pilot.press("f5")
        await wait_for(pilot, lambda: not form.is_draft, what="completion")
        # Read-only now: typing changes nothing, F5 is gone, F6 is offered.
        assert form.query_one("#f-findings", TextArea).read_only
        assert form.query_one("#f-officers").disabled
        assert "F6" in str(form.query_one("#visit-state").render())
        assert form.check_action("complete", ()) is False
        assert form.check_action("correct", ()) is True
    with open_store(demo_db) as store:
        visit = store.visits.get(visit_id)
        assert visit.status == RecordStatus.COMPLETED
        assert visit.findings == "Kho nguyên liệu chưa sắp xếp, lối đi bị chắn."
        assert visit.follow_up_date.isoformat() == "2026-04-30"
        assert visit.officers == [OFFICER]
        assert any(
            m.record_id == visit_id and m.op == "create"
            for m in store.outbox.pending(limit=100_000)
        )


async def test_validation_errors_are_shown_and_nothing_bad_is_saved(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        visit_id = await _new_visit_for(pilot, "lang son")
        form = app.screen
        # A date that does not exist: the field says what to fix, at once.
        await tab_to(pilot, "f-visit_date")
        await pilot.press("end", "ctrl+u")  # clear the field (delete to the start)
        await type_text(pilot, "31/02/2026")
        field = form.query_one("#ff-visit_date", FormField)
        assert field.has_class("-invalid")
        assert "31/02/2026 không có" in field.error  # the day does not exist, not the format
        # Complete is refused while the date is wrong.
        await pilot.press("f5")
        await pilot.pause(0.3)
        assert form.is_draft
        assert "31/02/2026" in str(form.query_one("#problems").render())
        # Fix the date; remove the officer and leave findings empty: the domain says what is missing.
        await quick_keys(pilot, *["backspace"] * 10)
        await type_text(pilot, "15/03/2026")
        assert not field.has_class("-invalid")
        await tab_to(pilot, "f-officers")
        await pilot.press("end", "ctrl+u")
        await pilot.press("f5")
        await wait_for(pilot, lambda: "cán bộ" in str(form.query_one("#problems").render()))
        problems = str(form.query_one("#problems").render())
        assert "phát hiện" in problems
        assert form.is_draft
    with open_store(demo_db) as store:
        saved = store.visits.get(visit_id)
        assert saved.status == RecordStatus.DRAFT
        assert saved.visit_date.isoformat() == "2026-03-15"
        assert saved.officers == []


async def test_profile_fields_are_validated_in_place(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
        screen = app.screen
        await type_text(pilot, "hop tac xa")
        await wait_for(pilot, lambda: screen.shown_generation == screen.generation > 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseDetailScreen")
        detail = app.screen
        await wait_for(pilot, lambda: detail.data is not None)
        ent_id, old_tax = detail.enterprise_id, detail.data.enterprise.tax_code
        await tab_to(pilot, "f-tax_code")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "12345")
        tax = detail.query_one("#ff-tax_code", FormField)
        assert "mã số thuế '12345' không hợp lệ" in tax.error
        await tab_to(pilot, "f-email")
        await type_text(pilot, "hoa-at-gmail")
        assert "email" in detail.query_one("#ff-email", FormField).error
        await tab_to(pilot, "f-name")
        await pilot.press("end", "ctrl+u")
        assert detail.query_one("#ff-name", FormField).error == "ô này bắt buộc"
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        # Fix everything; then the save goes through.
        await type_text(pilot, "Hợp tác xã Chè Tân Thành")
        await tab_to(pilot, "f-tax_code")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "4901234567")
        await tab_to(pilot, "f-email")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "htx.tanthanh@gmail.com")
        assert not detail.validate_form()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: detail.data.enterprise.name == "Hợp tác xã Chè Tân Thành")
    with open_store(demo_db) as store:
        ent = store.enterprises.get(ent_id)
        assert ent.tax_code == "4901234567" != old_tax
        assert ent.email == "htx.tanthanh@gmail.com"


async def test_draft_survives_restart_and_quit_saves(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        visit_id = await _new_visit_for(pilot, "dong dang")
        form = app.screen
        await tab_to(pilot, "f-findings")
        await type_text(pilot, "Nhà xưởng sạch")
        # Autosave within about a second, with no key pressed.
        await wait_for(pilot, lambda: not form.unsaved, timeout=3, what="autosave")
        with open_store(demo_db) as other:  # another connection sees it on disk
            assert other.visits.get(visit_id).findings == "Nhà xưởng sạch"
        # More typing, then Ctrl+Q at once (before the autosave fires): quit saves it.
        await type_text(pilot, " sẽ")
        assert form.unsaved
        await pilot.press("ctrl+q")
    with open_store(demo_db) as store:
        assert store.visits.get(visit_id).findings == "Nhà xưởng sạch sẽ"

    again = make_app(demo_db)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await wait_for(pilot, lambda: again.screen.query("#drafts"))
        drafts = again.screen.query_one("#drafts")
        await wait_for(
            pilot,
            lambda: any(
                drafts.get_option_at_index(i).id == visit_id for i in range(drafts.option_count)
            ),
        )
        drafts.focus()
        for _ in range(drafts.option_count + 1):
            option = drafts.highlighted_option
            if option is not None and option.id == visit_id:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        form = again.screen
        await wait_for(pilot, lambda: form.visit is not None and not form._loading)
        assert form.query_one("#f-findings", TextArea).text == "Nhà xưởng sạch sẽ"


async def test_a_new_draft_left_untouched_is_not_kept(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        drafts_before = len(store.visits.drafts(limit=1000))
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await _new_visit_for(pilot, "lang son")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    with open_store(demo_db) as store:
        assert len(store.visits.drafts(limit=1000)) == drafts_before


async def test_correction_supersedes_completed_visit(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        original = await _new_visit_for(pilot, "dong dang")
        form = app.screen
        await tab_to(pilot, "f-findings")
        await type_text(pilot, "Thiếu sổ ghi chép.")
        await pilot.press("f5")
        await wait_for(pilot, lambda: not form.is_draft)
        await pilot.press("f6")
        await wait_for(
            pilot, lambda: screen_name(pilot) == "VisitFormScreen" and app.screen is not form
        )
        fix = app.screen
        await wait_for(pilot, lambda: fix.visit is not None and not fix._loading)
        assert fix.visit.supersedes == original
        assert fix.query_one("#f-findings", TextArea).text == "Thiếu sổ ghi chép."
        await tab_to(pilot, "f-findings")
        await pilot.press("end")
        await type_text(pilot, " Đã bổ sung sổ nhật ký.")
        await pilot.press("f5")
        await wait_for(pilot, lambda: not fix.is_draft)
        correction = fix.visit_id
        # The history shows both, the old one marked as superseded.
        await pilot.press("escape")
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    with open_store(demo_db) as store:
        assert store.visits.superseded_by(original) == correction
        old, new = store.visits.get(original), store.visits.get(correction)
        assert old.status == new.status == RecordStatus.COMPLETED
        assert old.findings == "Thiếu sổ ghi chép."
        assert new.findings == "Thiếu sổ ghi chép. Đã bổ sung sổ nhật ký."
        enterprise_id = new.enterprise_id

    from screens.enterprise_detail import EnterpriseDetailScreen

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await app.push_screen(EnterpriseDetailScreen(enterprise_id))
        detail = app.screen
        await wait_for(pilot, lambda: detail.data is not None)
        timeline = detail.query_one("#timeline")
        texts = {
            timeline.get_option_at_index(i).id: str(timeline.get_option_at_index(i).prompt)
            for i in range(timeline.option_count)
        }
        assert "đã được thay bằng bản đính chính" in texts[original]
        assert "bản đính chính" in texts[correction]
        # Opening the old one from the timeline says it was superseded.
        timeline.focus()
        for _ in range(timeline.option_count + 1):
            option = timeline.highlighted_option
            if option is not None and option.id == original:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        old_form = app.screen
        await wait_for(pilot, lambda: old_form.visit is not None and not old_form._loading)
        assert "Đã được thay bằng bản đính chính" in str(
            old_form.query_one("#visit-state").render()
        )
        await pilot.press("f6")  # already corrected: refused
        await pilot.pause(0.2)
        assert app.screen is old_form
