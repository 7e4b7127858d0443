"""Home's lists by keys: one Enter opens the item under the cursor, from the first
key press, in every list (home's own and the attention panel)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from field_app.store import open_store
from tests.screens.conftest import SIZE, TODAY, make_app, screen_name, wait_for


async def _home_with_data(pilot) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query("#drafts"), what="home's panels")
    drafts = pilot.app.screen.query_one("#drafts", OptionList)
    await wait_for(pilot, lambda: drafts.option_count and drafts.get_option_at_index(0).id)


FORM_OF = {
    "visit": ("VisitFormScreen", "visit_id"),
    "audit_5s": ("Audit5SScreen", "record_id"),
    "vietgap_check": ("VietGAPScreen", "record_id"),
    "training_course": ("TrainingFormScreen", "course_id"),
}
"""The form each kind of draft opens in, and the attribute naming its record."""


async def test_the_first_enter_on_home_opens_the_latest_draft(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        latest = store.home_summary(TODAY).drafts[0]
    screen, attribute = FORM_OF[latest.kind]
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await _home_with_data(pilot)
        assert isinstance(app.focused, OptionList) and app.focused.id == "drafts"
        await pilot.press("enter")  # no arrow first
        await wait_for(pilot, lambda: screen_name(pilot) == screen, what="the form")
        assert getattr(app.screen, attribute) == latest.id


async def test_tab_to_a_list_then_one_enter_opens_its_first_item(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        first_due = store.visits.follow_ups_due(make_app(demo_db).today, limit=1)[0]
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await _home_with_data(pilot)
        while app.focused is None or app.focused.id != "due":
            await pilot.press("tab")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen", what="the form")
        assert app.screen.visit_id == first_due.id


async def test_the_attention_panel_opens_its_first_item_on_one_enter(demo_db: Path) -> None:
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await _home_with_data(pilot)
        await wait_for(pilot, lambda: app.screen.query("#attention-list"), what="the panel")
        panel = app.screen.query_one("#attention-list", OptionList)
        await wait_for(pilot, lambda: panel.option_count > 1, what="the panel's data")
        while app.focused is not panel:
            await pilot.press("tab")
        first = next(
            panel.get_option_at_index(i)
            for i in range(panel.option_count)
            if not panel.get_option_at_index(i).disabled
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) != "HomeScreen", what="a new screen")
        assert panel.highlighted_option is first


def test_every_value_of_the_domain_has_its_label() -> None:
    """screens.labels keys its labels by value (so home labels rows before the models
    are imported): a new enumeration member must get a label, not its raw value."""
    from field_app.i18n import current_language, set_language
    from field_app.models.enterprise import EnterpriseKind, SupportStatus
    from field_app.models.visit import VisitPurpose
    from screens.labels import kind_label, purpose_label, support_status_label

    before = current_language()
    set_language("vi")  # every label has a Vietnamese translation, no value has
    try:
        for enum, label in (
            (EnterpriseKind, kind_label),
            (VisitPurpose, purpose_label),
            (SupportStatus, support_status_label),
        ):
            for member in enum:
                assert label(member) != member.value, member
                assert label(member) == label(member.value)
    finally:
        set_language(before)


async def test_home_lists_drafts_of_every_kind_and_one_enter_opens_each(demo_db: Path) -> None:
    """Visit, 5S audit, VietGAP check and training course drafts, in one list, most
    recently touched first (they were at the end of the attention panel, after up to
    sixty overdue actions and certificates)."""
    from datetime import date

    with open_store(demo_db, "Nguyễn Văn An") as store:
        ent_id = store.enterprises.add({"name": "Hợp tác xã Rau Nháp Văn Quan"}).id
        check = store.vietgap_checks.save_draft(
            {
                "enterprise_id": ent_id,
                "template_id": "vietgap-crop",
                "template_version": 1,
                "scope": "Rau cải",
                "check_date": date(2026, 3, 10),
            }
        )
        course = store.training_courses.save_draft(
            {"start_date": "2026-03-12", "end_date": "2026-03-12", "topic": "iso_9001"}
        )
        audit = store.audits_5s.save_draft(
            {
                "enterprise_id": ent_id,
                "area": "Kho thành phẩm",
                "template_id": "5s-office",
                "template_version": 1,
                "audit_date": date(2026, 3, 14),
            }
        )
        visit = store.visits.drafts(limit=1)[0]
    expected = [f"audit_5s:{audit.id}", f"training_course:{course.id}"]
    expected += [f"vietgap_check:{check.id}"]
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await _home_with_data(pilot)
        drafts = app.screen.query_one("#drafts", OptionList)
        ids = [drafts.get_option_at_index(i).id for i in range(drafts.option_count)]
        assert ids[:3] == expected and visit.id in ids  # a visit is its id, as elsewhere
        expected.append(visit.id)
        texts = [str(drafts.get_option_at_index(i).prompt) for i in range(3)]
        assert "5S audit" in texts[0] and "Hợp tác xã Rau Nháp Văn Quan" in texts[0]
        assert "VietGAP check" in texts[2] and "10/03/2026" in texts[2]
        assert "Training course" in texts[1] and "12/03/2026" in texts[1]
        for key in expected:
            screen, attribute = FORM_OF[key.partition(":")[0] if ":" in key else "visit"]
            drafts = app.screen.query_one("#drafts", OptionList)
            drafts.focus()
            drafts.highlighted = drafts.get_option_index(key)
            await pilot.press("enter")
            await wait_for(pilot, lambda s=screen: screen_name(pilot) == s, what=screen)
            assert getattr(app.screen, attribute) == key.rpartition(":")[2]
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen", what="home")
            await _home_with_data(pilot)
