"""The officer's laptop after a review: home says how many records need attention,
and the record shows the review; the record itself stays as completed."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tests.screens.conftest import make_app, wait_for
from tests.web.conftest import csrf_of, login


async def test_home_and_the_audit_show_the_review(site):
    reviewer = login(site.url, "thu")
    answer = reviewer.post(
        "/records/review",
        data={"csrf": csrf_of(reviewer.get("/records").text), "ids": site.ids["audit"],
              "state": "issues", "comment": "Thiếu ảnh khu lưu trữ", "back": "/records"},
    )  # fmt: skip
    assert answer.status_code == 303
    site.binh.sync()
    before = site.binh.store.audits_5s.get(site.ids["audit"])
    path = site.binh.store.path
    site.binh.store.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        options = lambda: app.screen.query_one("#attention-list", OptionList)  # noqa: E731
        await wait_for(pilot, lambda: app.screen.query("#attention-list"), what="home's panel")
        await wait_for(
            pilot,
            lambda: any(
                "1 hồ sơ cần bạn xem lại" in str(options().get_option_at_index(i).prompt)
                for i in range(options().option_count)
            ),
            what="the attention line on home",
        )
        ids = [options().get_option_at_index(i).id for i in range(options().option_count)]
        target = f"review:audit_5s:{site.ids['audit']}"
        assert target in ids
        options().focus()
        await pilot.pause()
        options().highlighted = ids.index(target)
        await pilot.pause()
        assert app.focused is options()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query("#checklist-state"), what="the audit")
        state = app.screen.query_one("#checklist-state", Static)
        await wait_for(pilot, lambda: "Trụ sở thấy có vấn đề" in str(state.render()), what="review")
        assert "Thiếu ảnh khu lưu trữ" in str(state.render())
    from field_app.store import open_store

    with open_store(path) as store:
        assert store.audits_5s.get(site.ids["audit"]) == before
        assert store.outbox.pending_count() == 0
