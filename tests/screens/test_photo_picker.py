"""The photo picker, by keys, in Vietnamese at 80x24: it opens in the folder the last
photo came from, photos first (newest first), goes into folders and back, completes
a typed path, and a file that is not a photo attaches nothing."""

from __future__ import annotations

import os
from pathlib import Path

from textual.content import Content
from textual.widgets import Input, OptionList, Static

from field_app.store import open_store
from tests.photos.images import phone_photo
from tests.screens.conftest import make_app, screen_name, type_text, wait_for
from tests.screens.test_audits import _new_enterprise, _start


def _dated(path: Path, minute: int) -> Path:
    stamp = 1_795_000_000 + minute * 60
    os.utime(path, (stamp, stamp))
    return path


async def test_the_picker_opens_in_the_last_folder_with_photos_first(
    demo_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "Ảnh" / "2026-11-20"
    broken = folder / "anh-hong.jpg"
    folder.mkdir(parents=True)
    _dated(broken.write_text("không phải ảnh", encoding="utf-8") and broken, 0)
    older = _dated(phone_photo(folder / "IMG_2040.jpg", width=1200, height=900), 1)
    newer = _dated(phone_photo(folder / "IMG_2041.jpg", width=1200, height=900), 2)
    (folder / "bien-ban.pdf").write_bytes(b"%PDF-1.4 scanned minutes")
    inner = phone_photo(folder / "cu" / "IMG_1999.jpg", width=800, height=600)
    _new_enterprise(demo_db, "Hợp tác xã Chè Pilot Ảnh")
    with open_store(demo_db, "Nguyễn Văn An") as store:
        store.attachments.remember_folder(folder)
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen")
        audit = await _start(pilot, "f8", "che pilot anh", "kho che", "Audit5SScreen")
        item = audit.current_item.id

        async def open_picker():
            await pilot.press("a")
            await wait_for(pilot, lambda: screen_name(pilot) == "PhotoPicker", what="picker")
            picker = app.screen
            await wait_for(pilot, lambda: picker.listing is not None, what="folder listed")
            return picker

        def rows(picker) -> list[str]:
            """The rows as shown (markup removed)."""
            options = picker.query_one("#picker-list", OptionList)
            prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
            return [Content.from_markup(str(p)).plain for p in prompts]

        picker = await open_picker()
        assert picker.query_one("#picker-path", Input).value == f"{folder}/"
        assert "Đính kèm ảnh cho mục:" in str(picker.query_one("#picker-title", Static).render())
        shown = rows(picker)
        assert "(thư mục cha)" in shown[0]
        assert [r.split()[1] for r in shown[1:]] == [
            "IMG_2041.jpg", "IMG_2040.jpg", "anh-hong.jpg", "cu/", "bien-ban.pdf"
        ]  # fmt: skip
        count = str(picker.query_one("#picker-count", Static).render())
        assert "3 ảnh · 1 thư mục · 1 tệp khác" in count
        options = picker.query_one("#picker-list", OptionList)
        assert app.focused is options and options.highlighted == 1  # the newest photo
        # Down, Enter: the older photo is attached to the highlighted item.
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.screen is audit, what="back to the form")
        await wait_for(pilot, lambda: len(audit.answer_of(item).attachments) == 1, what="attached")

        # Again: same folder; into "cu/" and back up with Backspace.
        picker = await open_picker()
        assert picker.folder == folder
        await pilot.press("down", "down", "down", "enter")
        await wait_for(pilot, lambda: picker.folder == folder / "cu", what="into cu")
        assert "IMG_1999.jpg" in rows(picker)[1]
        await pilot.press("backspace")
        await wait_for(pilot, lambda: picker.folder == folder, what="back up")
        # The file named .jpg that is no photo: a sentence in Vietnamese, nothing attached.
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: app.screen is audit, what="back to the form")
        await wait_for(
            pilot,
            lambda: any("không phải là ảnh" in n.message for n in app._notifications),
            what="refusal shown",
        )
        assert len(audit.answer_of(item).attachments) == 1

        # Typed, with completion: ".../c" → right arrow → ".../cu/", Enter lists it.
        picker = await open_picker()
        await pilot.press("ctrl+l", "ctrl+u")
        await type_text(pilot, f"{folder}/c")
        box = picker.query_one("#picker-path", Input)
        await wait_for(pilot, lambda: box._suggestion == f"{folder}/cu/", what="completion")
        await pilot.press("right")
        assert box.value == f"{folder}/cu/"
        await pilot.press("enter")
        await wait_for(pilot, lambda: picker.folder == folder / "cu", what="typed folder")
        await pilot.press("enter")  # its one photo is highlighted
        await wait_for(pilot, lambda: len(audit.answer_of(item).attachments) == 2, what="second")

        # Escape attaches nothing.
        picker = await open_picker()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is audit, what="cancelled")
        assert len(audit.answer_of(item).attachments) == 2
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
    with open_store(demo_db) as store:
        assert store.attachments.last_folder() == str(folder / "cu")
        records = [store.attachments.get(sha) for sha in audit.answer_of(item).attachments]
        originals = [store.attachments.original_path(r).read_bytes() for r in records if r]
        assert originals == [older.read_bytes(), inner.read_bytes()]
    assert newer.exists()


async def test_a_course_takes_its_attendance_sheet_from_the_picker(
    demo_db: Path, tmp_path: Path
) -> None:
    from tests.screens.test_training import _new_course

    folder = tmp_path / "Tải về"
    sheet = phone_photo(folder / "diem-danh.jpg", width=1600, height=1200)
    with open_store(demo_db, "Nguyễn Văn An") as store:
        store.attachments.remember_folder(folder)
    app = make_app(demo_db, lang="vi")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _new_course(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: screen_name(pilot) == "PhotoPicker", what="picker")
        picker = app.screen
        await wait_for(pilot, lambda: picker.listing is not None, what="folder listed")
        assert "Đính kèm tệp cho khóa đào tạo" in str(
            picker.query_one("#picker-title", Static).render()
        )
        await pilot.press("enter")  # the one photo is highlighted
        await wait_for(pilot, lambda: app.screen is form, what="back to the course")
        await wait_for(pilot, lambda: len(form.attachments) == 1, what="attached")
    with open_store(demo_db) as store:
        record = store.attachments.get(form.attachments[0])
        assert record is not None and record.file_name == "diem-danh.jpg"
        assert store.attachments.original_path(record).read_bytes() == sheet.read_bytes()
