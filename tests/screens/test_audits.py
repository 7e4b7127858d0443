"""5S audits, VietGAP checks and corrective actions with keys only (Pilot)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from field_app.models.action import ActionStatus
from field_app.models.visit import RecordStatus
from field_app.store import open_store
from tests.photos.images import phone_photo
from tests.screens.conftest import make_app, quick_keys, screen_name, type_text, wait_for

SIZE = (150, 45)


def _new_enterprise(db: Path, name: str) -> str:
    """An enterprise with no history, so no open actions interrupt the flow."""
    with open_store(db, "Nguyễn Văn An") as store:
        return store.enterprises.add({"name": name, "commune": "Chi Lăng"}).id


async def _pick(pilot: Pilot, query: str) -> None:
    """In the enterprise picker: type the search and take the first result."""
    await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseListScreen")
    picker = pilot.app.screen
    await type_text(pilot, query)
    await wait_for(pilot, lambda: picker.shown_generation == picker.generation > 1)
    await pilot.press("enter")


async def _start(pilot: Pilot, key: str, query: str, area: str, form_screen: str):
    """F8/F9, pick the enterprise, type the area, Enter: the draft form opens."""
    await pilot.press(key)
    await _pick(pilot, query)
    await wait_for(pilot, lambda: screen_name(pilot) == "StartChecklistScreen")
    start = pilot.app.screen
    await wait_for(pilot, lambda: bool(start.forms), what="forms loaded")
    await type_text(pilot, area)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(pilot) == form_screen, what=form_screen)
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.record is not None, what="record loaded")
    return form


async def test_a_complete_5s_audit_by_keys_only(demo_db: Path) -> None:
    ent_id = _new_enterprise(demo_db, "Công ty TNHH Cơ khí Pilot Đồng Đăng")
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        form = await _start(pilot, "f8", "co khi pilot", "Xuong co khi so 1", "Audit5SScreen")
        assert form.template.id == "5s-office"  # the first form offered
        # 16 items: S1 4 4 1 n, S2 3 3 3, S3 4 0 4, S4 2 2 2, S5 4 4 4.
        await pilot.press("4", "4", "1", "n", "3", "3", "3", "4", "0", "4")
        await pilot.press("2", "2", "2", "4", "4", "4")
        summary = str(form.query_one("#summary").render())
        assert "16 of 16 items answered" in summary
        # (4+4+1 + 9 + 8 + 6 + 12) / (4 x 15) = 44/60 = 73 %, "Medium" in the default bands.
        assert "73.3%" in summary and "Medium" in summary
        # A note on the item scored 0: e, type, Enter.
        await pilot.press("up", "up", "up", "up", "up", "up", "up")
        assert form.current_item.id == "off-s3-2"
        await pilot.press("e")
        await type_text(pilot, "Chua co lich ve sinh")
        await pilot.press("enter")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen_name(pilot) == "ProposalsScreen", what="proposals")
        proposals = app.screen
        assert [p.item_id for p in proposals.proposals] == ["off-s1-3", "off-s3-2"]
        # Keep the first, edit who is responsible; drop the second.
        await pilot.press("tab", "tab")
        await type_text(pilot, "Ong Hoang")
        await pilot.press("shift+tab", "shift+tab", "down", "d")
        await pilot.press("f5")
        await wait_for(pilot, lambda: not form.is_draft, what="completion")
        assert "Completed on" in str(form.query_one("#checklist-state").render())
        # Read-only: scoring keys do nothing now.
        await pilot.press("0")
        assert form.record.status == RecordStatus.COMPLETED
    with open_store(demo_db) as store:
        (audit,) = store.audits_5s.for_enterprise(ent_id)
        assert audit.status == RecordStatus.COMPLETED
        assert audit.area == "Xuong co khi so 1"
        assert audit.total_percent == 73.3
        assert audit.item("off-s1-4").not_applicable
        assert audit.item("off-s3-2").note == "Chua co lich ve sinh"
        (action,) = store.actions.for_source(audit.id)
        assert action.item_id == "off-s1-3" and action.who == "Ong Hoang"
        creates = [e for e in store.outbox.pending(limit=100_000) if e.record_id == audit.id]
        assert [(e.entity, e.op) for e in creates] == [("audit_5s", "create")]


async def test_the_list_of_what_blocks_completion_goes_once_the_officer_answers(
    demo_db: Path,
) -> None:
    """F5 too early lists the items not scored; it must not stay on screen, stale,
    while the officer scores them."""
    _new_enterprise(demo_db, "Công ty TNHH Dệt Pilot Bắc Sơn")
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        form = await _start(pilot, "f8", "det pilot", "Xuong det", "Audit5SScreen")
        panel = form.query_one("#problems")
        await pilot.press("4", "f5")
        await wait_for(pilot, lambda: panel.has_class("-shown"), what="problems")
        assert "15 items not scored yet" in str(panel.render())
        await pilot.press("3")
        assert not panel.has_class("-shown")
        assert form.record.item(form.template.items()[1][1].id).score == 3


async def test_a_vietgap_check_with_a_failing_mandatory_criterion(demo_db: Path) -> None:
    ent_id = _new_enterprise(demo_db, "Hợp tác xã Rau Pilot Văn Quan")
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        form = await _start(pilot, "f9", "rau pilot", "Rau cai 2 ha", "VietGAPScreen")
        total = len(form.template.items())
        # The first criterion (training, mandatory) fails; a recommended one does not apply.
        await pilot.press("f")
        await quick_keys(pilot, *["p"] * 2, "n", *["p"] * (total - 4))
        summary = str(form.query_one("#summary").render())
        assert "NOT READY: 1 mandatory criteria fail" in summary
        side = str(form.query_one("#side").render())
        assert "Failing mandatory criteria" in side and "vg-1.1" in side
        assert "Recommended met: 16 of 16 applicable" in summary
        # Fix it: back to the first criterion, pass. Ready. Then fail it again.
        await pilot.press("home")
        assert form.current_item.id == "vg-1.1"
        await pilot.press("p")
        assert "READY: every applicable" in str(form.query_one("#summary").render())
        await pilot.press("up", "f")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen_name(pilot) == "ProposalsScreen")
        await pilot.press("f5")
        await wait_for(pilot, lambda: not form.is_draft, what="completion")
    with open_store(demo_db) as store:
        (check,) = store.vietgap_checks.for_enterprise(ent_id)
        assert check.status == RecordStatus.COMPLETED
        assert check.ready is False and check.recommended_percent == 100.0
        assert check.scope == "Rau cai 2 ha"
        (action,) = store.actions.for_source(check.id)
        assert action.item_id == "vg-1.1" and action.status == ActionStatus.OPEN


async def test_an_action_proposed_then_checked_off_at_the_next_visit(demo_db: Path) -> None:
    ent_id = _new_enterprise(demo_db, "Hộ kinh doanh Miến dong Pilot")
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        form = await _start(pilot, "f8", "mien dong pilot", "Kho", "Audit5SScreen")
        await quick_keys(pilot, "0", *["4"] * 15)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen_name(pilot) == "ProposalsScreen")
        await pilot.press("f5")
        await wait_for(pilot, lambda: not form.is_draft, what="completion")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # The next visit to the enterprise: its open action is listed first, at the top
        # of the visit form.
        await pilot.press("f4")
        await _pick(pilot, "mien dong pilot")
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        visit_form = app.screen
        await wait_for(pilot, lambda: visit_form.query("#open-actions-panel"), what="panel")
        panel = visit_form.query_one("#open-actions-panel")
        assert len(panel.actions) == 1
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "f-visit_date")
        await pilot.press("shift+tab")  # from the first field back into the note box
        assert app.focused.id == "check-note"
        await type_text(pilot, "Da don dep ban lam viec")
        await pilot.press("enter")  # Enter in the note box marks the action done
        (action_id,) = panel.actions
        await wait_for(pilot, lambda: panel.actions[action_id].status == ActionStatus.DONE)
        assert visit_form._changes == 0  # the note did not land in the visit
        visit_id = visit_form.visit_id
        # The actions list shows it under "done".
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen_name(pilot) == "ActionsListScreen")
        actions = app.screen
        await wait_for(pilot, lambda: actions.loaded >= 1)
        assert action_id not in {a.id for a in actions.actions}
        loaded = actions.loaded
        await pilot.press("3")
        await wait_for(pilot, lambda: actions.loaded > loaded)
        assert action_id in {a.id for a in actions.actions}
    with open_store(demo_db) as store:
        action = store.actions.get(action_id)
        assert action.enterprise_id == ent_id
        assert action.status == ActionStatus.DONE
        assert action.check_note == "Da don dep ban lam viec"
        assert (action.checked_kind, action.checked_id) == ("visit", visit_id)
        update = [e for e in store.outbox.pending(limit=100_000) if e.record_id == action_id][-1]
        assert update.op == "update" and update.base_version == 1


async def test_leaving_a_new_visit_after_checking_off_actions_keeps_its_draft(
    demo_db: Path,
) -> None:
    """The officer checks off an open action at a new visit and leaves without typing:
    the visit draft stays, so the action never points at a visit that is gone."""
    ent_id = _new_enterprise(demo_db, "Hộ kinh doanh Nem chua Pilot")
    with open_store(demo_db, "Nguyễn Văn An") as store:
        action = store.actions.add({"enterprise_id": ent_id, "what": "Dán nhãn hạn dùng"})
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        await pilot.press("f4")
        await _pick(pilot, "nem chua pilot")
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        visit_form = app.screen
        await wait_for(pilot, lambda: visit_form.query("#open-actions-panel"), what="panel")
        panel = visit_form.query_one("#open-actions-panel")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "f-visit_date")
        await pilot.press("shift+tab", "shift+tab")  # the list of actions
        assert app.focused.id == "open-actions"
        await pilot.press("d")
        await wait_for(pilot, lambda: panel.actions[action.id].status == ActionStatus.DONE)
        visit_id = visit_form.visit_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # A new visit where nothing is checked off and nothing typed is still thrown away.
        await pilot.press("f4")
        await _pick(pilot, "nem chua pilot")
        await wait_for(pilot, lambda: screen_name(pilot) == "VisitFormScreen")
        empty_id = app.screen.visit_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
    with open_store(demo_db) as store:
        checked = store.actions.get(action.id)
        assert checked.checked_id == visit_id
        visit = store.visits.get(visit_id)
        assert visit is not None and visit.status == RecordStatus.DRAFT
        assert store.visits.get(empty_id) is None


async def test_home_shows_overdue_actions_and_expiring_certificates(demo_db: Path) -> None:
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # The panel belongs to another area: it is mounted once the plugins have loaded.
        await wait_for(pilot, lambda: app.screen.query("#attention-list"), what="the panel")
        panel = app.screen.query_one("#attention-list")
        await wait_for(pilot, lambda: panel.option_count > 0, what="attention panel")
        texts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert any("days late" in t for t in texts)
        with open_store(demo_db) as store:
            overdue = store.actions.overdue(app.today)
        assert sum("days late" in t for t in texts) == min(30, len(overdue))


async def test_the_enterprise_timeline_shows_audits_and_checks(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        audit = store.audits_5s.recent(1)[0]
        ent_id = audit.enterprise_id
    from screens.enterprise_detail import EnterpriseDetailScreen

    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        app.push_screen(EnterpriseDetailScreen(ent_id))
        await wait_for(pilot, lambda: screen_name(pilot) == "EnterpriseDetailScreen")
        detail = app.screen
        await wait_for(pilot, lambda: detail.data is not None)
        timeline = detail.query_one("#timeline")
        ids = [timeline.get_option_at_index(i).id for i in range(timeline.option_count)]
        assert f"audit_5s:{audit.id}" in ids
        timeline.focus()
        timeline.highlighted = ids.index(f"audit_5s:{audit.id}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "Audit5SScreen")
        form = app.screen
        await wait_for(pilot, lambda: form.record is not None)
        assert form.record.id == audit.id and not form.is_draft
        assert "Score" in str(form.query_one("#summary").render())


async def test_open_actions_come_first_when_an_audit_starts(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        first = store.actions.find("open")[0]
        ent_id = first.enterprise_id
        open_ids = {a.id for a in store.actions.open_for_enterprise(ent_id)}
    from screens.start_checklist import StartChecklistScreen

    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # The forms register as their modules load, after home is on screen.
        await wait_for(pilot, lambda: app.plugins_loaded, what="the screens' modules")
        app.push_screen(StartChecklistScreen("audit_5s", enterprise_id=ent_id))
        start = app.screen
        await wait_for(pilot, lambda: bool(start.forms))
        await type_text(pilot, "Kho thanh pham")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "OpenActionsScreen", what="dialog")
        panel = app.screen.panel
        assert set(panel.actions) == open_ids
        highlighted = panel.query_one("#open-actions").highlighted_option.id
        await pilot.press("o")  # still open, no note
        await wait_for(pilot, lambda: panel.actions[highlighted].checked_kind == "audit_5s")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen_name(pilot) == "Audit5SScreen")
        audit_id = app.screen.record_id
    with open_store(demo_db) as store:
        action = store.actions.get(highlighted)
        assert action.status == ActionStatus.OPEN
        assert (action.checked_kind, action.checked_id) == ("audit_5s", audit_id)


async def test_attach_compare_with_last_audit_and_correct(demo_db: Path, tmp_path: Path) -> None:
    from datetime import date

    from field_app.models.audit_5s import Audit5S, ItemScore

    ent_id = _new_enterprise(demo_db, "Công ty TNHH Bao bì Pilot Hữu Lũng")
    with open_store(demo_db, "Nguyễn Văn An") as store:
        form = store.templates.get("5s-office")
        store.audits_5s.complete(
            Audit5S(
                enterprise_id=ent_id,
                area="Phòng kế toán",
                template_id=form.id,
                template_version=form.version,
                audit_date=date(2026, 1, 10),
                auditors=["Nguyễn Văn An"],
                items=[ItemScore(item_id=i.id, score=2) for _s, i in form.items()],
            )
        )
    photo = phone_photo(tmp_path / "ban-lam-viec.jpg", width=1200, height=900)
    app = make_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        audit = await _start(pilot, "f8", "bao bi pilot", "phong ke toan", "Audit5SScreen")
        await wait_for(
            pilot,
            lambda: "Last audit of this area: 10/01/2026" in str(audit.query_one("#side").render()),
        )
        # Attach a photo to the first item by typing its path in the picker.
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(pilot) == "PhotoPicker", what="picker")
        await pilot.press("ctrl+l", "ctrl+u")
        await type_text(pilot, str(photo))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is audit, what="back to the form")
        await wait_for(pilot, lambda: audit.answer_of("off-s1-1").attachments, what="attached")
        await quick_keys(pilot, *["4"] * 4, *["2"] * 12)
        side = str(audit.query_one("#side").render())
        assert "▲ +50.0" in side  # Sort went from 50 % to 100 %
        assert "= 0.0" in side  # the others did not move
        # A path that does not exist says so and attaches nothing.
        await pilot.press("up", "a")
        await wait_for(pilot, lambda: screen_name(pilot) == "PhotoPicker", what="picker")
        await pilot.press("ctrl+l", "ctrl+u")
        await type_text(pilot, str(tmp_path / "missing.jpg"))
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert audit.answer_of(audit.current_item.id).attachments == []
        await pilot.press("f5")
        await wait_for(pilot, lambda: not audit.is_draft, what="completion")
        # F6 starts a correction that supersedes it.
        await pilot.press("f6")
        await wait_for(
            pilot, lambda: app.screen is not audit and screen_name(pilot) == "Audit5SScreen"
        )
        correction = app.screen
        await wait_for(pilot, lambda: correction.record is not None)
        assert correction.record.supersedes == audit.record_id and correction.is_draft
    with open_store(demo_db) as store:
        done = store.audits_5s.get(audit.record_id)
        (digest,) = done.item("off-s1-1").attachments
        record = store.attachments.get(digest)
        assert store.attachments.original_path(record).read_bytes() == photo.read_bytes()
        assert record.file_name == "ban-lam-viec.jpg"


async def test_an_audit_needs_an_auditor_before_it_starts(demo_db: Path) -> None:
    from field_app.settings import Settings
    from screens.start_checklist import StartChecklistScreen

    ent_id = _new_enterprise(demo_db, "Hợp tác xã Pilot Không Tên")
    app = make_app(demo_db, lang="en", settings=Settings(province="Lạng Sơn"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        # The forms register as their modules load, after home is on screen.
        await wait_for(pilot, lambda: app.plugins_loaded, what="the screens' modules")
        app.push_screen(StartChecklistScreen("audit_5s", enterprise_id=ent_id))
        start = app.screen
        await wait_for(pilot, lambda: bool(start.forms))
        await type_text(pilot, "Kho")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert "auditor" in start.query_one("#sf-auditors").error
        assert screen_name(pilot) == "StartChecklistScreen"
        await pilot.press("tab")
        await type_text(pilot, "Le Thi Hoa, Vi Van Duc")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "Audit5SScreen")
        assert app.screen.record is None or app.screen.record.auditors == [
            "Le Thi Hoa",
            "Vi Van Duc",
        ]
    with open_store(demo_db) as store:
        (audit,) = store.audits_5s.for_enterprise(ent_id)
        assert audit.auditors == ["Le Thi Hoa", "Vi Van Duc"]


def test_the_score_chart_fits_the_panel_and_keeps_one_line_per_pillar() -> None:
    """On a narrow terminal a pillar's line must not wrap: the name goes, then the bar
    shrinks; S1..S5, the % and the count stay."""
    from textual.content import Content

    from field_app.checklists import bundled_templates
    from field_app.models.audit_5s import Audit5S, ItemScore
    from field_app.scoring import score_audit
    from screens.audit_chart import score_chart

    template = next(t for t in bundled_templates() if t.id == "5s-production")
    items = [ItemScore(item_id=i.id, score=3) for _s, i in template.items()]
    audit = Audit5S.model_construct(items=items)
    score = score_audit(template, audit)
    for width in (0, 60, 44, 30):
        lines = Content.from_markup(score_chart(score, width)).plain.splitlines()
        pillar_lines = [line for line in lines if line.startswith(("S1", "S2", "S3", "S4", "S5"))]
        assert len(pillar_lines) == 5
        if width:
            assert max(len(line) for line in lines[:7]) <= width, (width, lines)
        assert all("75.0%" in line for line in pillar_lines)
        assert lines[6].startswith("Total")  # never cut to "Tot"
    assert "Sort (Seiri)" in Content.from_markup(score_chart(score, 0)).plain
    assert "Sort (Seiri)" in Content.from_markup(score_chart(score, 50)).plain  # bar shrinks
    assert "Seiri" not in Content.from_markup(score_chart(score, 30)).plain
