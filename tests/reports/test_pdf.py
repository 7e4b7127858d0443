"""PDF reports: Vietnamese extracted exactly, the right content, clear refusals."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from field_app.checklists import load_template_file
from field_app.models.action import ActionProposal
from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.settings import Letterhead, Settings, save_settings
from field_app.store import open_store
from tests.reports import records
from tests.reports.conftest import Cli

NAME = "Công ty TNHH Chế biến Nông sản Đức Thắng"  # đ/Đ and tone marks
REPRESENTATIVE = "Hoàng Thị Lan"
SIX_S_FILE = Path(__file__).resolve().parent.parent / "audits" / "data" / "6s-test.v1.toml"


def text_of(path: Path) -> str:
    """All the text pypdf extracts, pages joined, runs of spaces and line breaks as one
    space (a table cell wraps wherever its column ends)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def pages_of(path: Path) -> list[str]:
    """The text of each page, as extracted (lines kept)."""
    return [page.extract_text() for page in PdfReader(path).pages]


def internal_ids(store_path: Path) -> set[str]:
    """Every item id of the templates on the device (internal codes, never printed)."""
    with open_store(store_path) as store:
        return {item.id for t in store.templates.all() for _s, item in t.items()}


@pytest.fixture(autouse=True)
def letterhead_settings() -> None:
    """The officer's settings name the bodies and the province."""
    save_settings(
        Settings(
            officer_name="Nguyễn Văn An",
            province="Lạng Sơn",
            letterhead=Letterhead(
                managing_body="UBND tỉnh Lạng Sơn",
                managing_body_en="Lang Son Provincial People's Committee",
            ),
        )
    )


@pytest.fixture
def made(db_path: Path, tmp_path: Path) -> dict[str, str]:
    """An enterprise with a visit, a 5S audit (a note, an N/A item, a photo, an
    action) after an earlier audit of the same area, a 6S audit of that area, a draft
    audit, and a VietGAP check failing one mandatory criterion."""
    photo = tmp_path / "kho.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo)
    with open_store(db_path, "Nguyễn Văn An") as store:
        ent = records.enterprise(
            store,
            NAME,
            "enterprise",
            "Đồng Đăng",
            tax_code="4900765432",
            address="Thôn Nà Hin, xã Đồng Đăng",
            representative=REPRESENTATIVE,
        )
        visit = records.visit(store, ent, date(2025, 3, 7))
        sha = store.attachments.add(photo).sha256
        overrides = {
            "prod-s1-1": ItemScore(item_id="prod-s1-1", score=1, note="Vật tư hỏng để lẫn",
                                   attachments=[sha]),
            "prod-s1-2": ItemScore(item_id="prod-s1-2", not_applicable=True),
        }  # fmt: skip
        fix = ActionProposal(
            item_id="prod-s1-1",
            section_title="",
            item_text="",
            reason="",
            what="Loại bỏ vật tư hỏng khỏi kho",
            who="Quản đốc Lường Văn Hùng",
            due_date=date(2025, 4, 15),
        )
        first = records.audit(store, ent, date(2024, 9, 20), 2)
        audit = records.audit(store, ent, date(2025, 3, 8), 3, overrides=overrides, actions=[fix])
        store.templates.install(load_template_file(SIX_S_FILE).model_dump(mode="json"))
        six = records.audit(store, ent, date(2025, 3, 10), 4, form=("6s-test", 1))
        template = store.templates.get(*records.PRODUCTION)
        draft = store.audits_5s.save_draft(
            Audit5S(
                enterprise_id=ent,
                area="Kho nguyên liệu",
                template_id=template.id,
                template_version=template.version,
                audit_date=date(2025, 3, 11),
                auditors=["Nguyễn Văn An"],
                items=[ItemScore(item_id=item.id, score=2) for _s, item in template.items()],
            )
        )
        check = records.check(store, ent, date(2025, 3, 9), {"vg-2.1": "Khu sản xuất sát chuồng"})
        return {"visit": visit, "audit": audit.id, "check": check.id, "first": first.id,
                "six": six.id, "draft": draft.id}  # fmt: skip


def report(cli: Cli, db_path: Path, out: Path, kind: str, record_id: str, lang: str = "vi") -> Path:
    """Write one PDF through the command line."""
    code, _out, err = cli("--db", db_path, "--lang", lang, "report", kind, record_id, "-o", out)
    assert code == 0, err
    return out


def test_audit_report_in_vietnamese(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    out = report(cli, db_path, tmp_path / "audit.pdf", "audit", made["audit"])
    text = text_of(out)
    assert "BÁO CÁO ĐÁNH GIÁ 5S" in text
    assert NAME in text
    for pillar in ("Sàng lọc", "Sắp xếp", "Sạch sẽ", "Săn sóc", "Sẵn sàng"):
        assert pillar in text
    assert "08/03/2025" in text  # the audit date, dd/mm/yyyy
    assert "Vật tư hỏng để lẫn" in text  # an item's note
    assert "Không áp dụng" in text  # the N/A item
    assert "Loại bỏ vật tư hỏng khỏi kho" in text and "Quản đốc Lường Văn Hùng" in text
    assert "15/04/2025" in text  # the action's due date
    assert "Nguyễn Văn An, Lê Thị Hoa" in text
    reader = PdfReader(out)
    assert sum(len(page.images) for page in reader.pages) == 1  # the photo
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    assert any("NotoSans" in f.get_object()["/BaseFont"] for f in fonts)  # embedded Noto


def test_a_signed_report_has_the_administrative_layout(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    out = report(cli, db_path, tmp_path / "audit.pdf", "audit", made["audit"])
    first = " ".join(pages_of(out)[0].split())
    # Issuing bodies top left, national heading top right, then the place and date.
    assert first.index("UBND TỈNH LẠNG SƠN") < first.index("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "Lạng Sơn, ngày 08 tháng 3 năm 2025" in first
    assert first.index("Hạnh phúc") < first.index("BÁO CÁO ĐÁNH GIÁ 5S")
    text = text_of(out)
    # Signature blocks: the roles, the instruction, the printed names.
    assert "ĐẠI DIỆN CƠ SỞ" in text and "NGƯỜI ĐÁNH GIÁ" in text
    assert "(Ký, ghi rõ họ tên)" in text
    assert text.index("(Ký, ghi rõ họ tên)") < text.rindex(REPRESENTATIVE)
    assert "BẢN NHÁP" not in text
    # The address names the commune once.
    assert "Thôn Nà Hin, xã Đồng Đăng, Lạng Sơn" in text
    assert "Đồng Đăng, Đồng Đăng" not in text


def test_the_signature_blocks_leave_room_to_sign(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    out = report(cli, db_path, tmp_path / "audit.pdf", "audit", made["audit"])
    page = PdfReader(out).pages[-1]
    heights: dict[str, float] = {}

    def where(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        for key in ("(Ký, ghi rõ họ tên)", REPRESENTATIVE):
            if key in text and key not in heights:
                heights[key] = tm[5]  # baseline, points from the bottom of the page

    page.extract_text(visitor_text=where)
    room_mm = (heights["(Ký, ghi rõ họ tên)"] - heights[REPRESENTATIVE]) * 25.4 / 72
    assert room_mm >= 25


def test_every_page_names_the_enterprise_and_no_internal_code_is_printed(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    ids = internal_ids(db_path)
    for kind, key in (("audit", "audit"), ("vietgap", "check"), ("visit", "visit")):
        out = report(cli, db_path, tmp_path / f"{kind}.pdf", kind, made[key])
        pages = pages_of(out)
        assert len(pages) >= 2 or kind == "visit"
        for n, page in enumerate(pages, start=1):
            assert NAME in " ".join(page.split()), f"{kind} page {n} does not name the enterprise"
        words = set(text_of(out).replace("(", " ").replace(")", " ").split())
        assert not (words & ids), f"{kind}: internal codes {sorted(words & ids)}"


def test_no_heading_is_left_alone_at_the_foot_of_a_page(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    headings = {"Doanh nghiệp", "Đánh giá", "Điểm theo từng S", "Các mục", "Ghi chú",
                "Ảnh chụp", "Hành động khắc phục", "Sàng lọc (Seiri)", "Sắp xếp (Seiton)",
                "Sạch sẽ (Seiso)", "Săn sóc (Seiketsu)", "Sẵn sàng (Shitsuke)"}  # fmt: skip
    out = report(cli, db_path, tmp_path / "audit.pdf", "audit", made["audit"])
    for n, page in enumerate(pages_of(out)[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[-2] not in headings, f"page {n} ends with the heading {lines[-2]!r}"


def test_previous_audit_of_the_same_area_and_form_or_a_dash(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    later = text_of(report(cli, db_path, tmp_path / "a.pdf", "audit", made["audit"]))
    assert "Lần trước 20/09/2024" in later
    # The total row: points, N/A items, score, the earlier audit's score, the change.
    assert re.search(r"Tổng \d+/\d+ 1 73,3% 50,0% \+23,3", later), later
    first = text_of(report(cli, db_path, tmp_path / "f.pdf", "audit", made["first"]))
    six = text_of(report(cli, db_path, tmp_path / "s.pdf", "audit", made["six"]))
    for text in (first, six):  # nothing earlier of that area on a form of those pillars
        assert "Lần đánh giá trước" in text
        total = re.search(r"Tổng \d+/\d+ \d+ [\d,]+% (\S+) (\S+)", text)
        assert total and total.groups() == ("—", "—"), text


def test_a_draft_is_watermarked_on_every_page_and_not_for_signing(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    out = report(cli, db_path, tmp_path / "draft.pdf", "audit", made["draft"])
    pages = pages_of(out)
    assert len(pages) >= 2
    for page in pages:
        assert "BẢN NHÁP" in page
    text = text_of(out)
    assert "ĐẠI DIỆN CƠ SỞ" not in text and "(Ký, ghi rõ họ tên)" not in text
    assert "không dùng để ký xác nhận" in text
    english = text_of(report(cli, db_path, tmp_path / "d.pdf", "audit", made["draft"], "en"))
    assert english.count("DRAFT") >= len(pages)


def test_corrective_actions_say_what_to_fix(
    db_path: Path, tmp_path: Path, cli: Cli, made: dict
) -> None:
    text = text_of(report(cli, db_path, tmp_path / "audit.pdf", "audit", made["audit"]))
    actions = text.split("Hành động khắc phục", 1)[1]
    assert "Loại bỏ vật tư hỏng khỏi kho" in actions
    assert "Yêu cầu chưa đạt (1.1, điểm 1/4)" in actions
    assert "Ghi nhận của cán bộ: Vật tư hỏng để lẫn" in actions
    # Proposed from a low score with a note, the action carries the note and requirement.
    with open_store(db_path) as store:
        audit = store.audits_5s.get(made["audit"])
        proposal = next(p for p in store.audits_5s.propose(audit) if p.item_id == "prod-s1-1")
    assert "Vật tư hỏng để lẫn" in proposal.what and proposal.item_text in proposal.what


def test_audit_report_follows_english(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    out = report(cli, db_path, tmp_path / "audit-en.pdf", "audit", made["audit"], "en")
    text = text_of(out)
    assert "5S AUDIT REPORT" in text and "Sort (Seiri)" in text
    assert NAME in text  # names stay as stored whatever the language
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Independence - Freedom - Happiness" in text
    assert "LANG SON PROVINCIAL PEOPLE'S COMMITTEE" in text
    assert "DEPARTMENT OF SCIENCE AND TECHNOLOGY" in text
    assert "Lạng Sơn, 8 March 2025" in text
    assert "ENTERPRISE REPRESENTATIVE" in text and "(signature, full name)" in text


def test_vietgap_report(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    # `report audit` also takes a VietGAP check's id.
    text = text_of(report(cli, db_path, tmp_path / "vietgap.pdf", "audit", made["check"]))
    assert "BÁO CÁO KIỂM TRA VIETGAP" in text
    assert "CHƯA SẴN SÀNG để chứng nhận" in text
    assert "Khu sản xuất sát chuồng" in text
    assert "TCVN 11892-1:2017" in text
    assert NAME in text
    assert "Lạng Sơn, ngày 09 tháng 3 năm 2025" in text


def test_visit_report(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    out = tmp_path / "visit.pdf"
    code, _o, err = cli("--db", db_path, "--lang", "vi", "report", "visit", made["visit"],
                        "-o", out)  # fmt: skip
    assert code == 0, err
    text = text_of(out)
    assert "BÁO CÁO CHUYẾN THĂM CƠ SỞ" in text
    assert "Kho nguyên liệu chưa dán nhãn khu vực." in text
    assert "Sàng lọc vật tư thừa, kẻ vạch lối đi." in text
    assert "07/03/2025" in text and NAME in text
    assert "Loại bỏ vật tư hỏng khỏi kho" in text  # the open action follows the enterprise


@pytest.mark.parametrize("kind", ["audit", "vietgap", "visit"])
def test_unknown_record_is_refused(db_path: Path, tmp_path: Path, cli: Cli, kind: str) -> None:
    out = tmp_path / "x.pdf"
    code, _o, err = cli("--db", db_path, "--lang", "en", "report", kind, "nope-123", "-o", out)
    assert code == 2 and "nope-123" in err and "no " in err
    assert not out.exists()


def test_bad_output_paths_are_refused(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    missing = tmp_path / "gone" / "a.pdf"
    code, _o, err = cli("--db", db_path, "--lang", "en", "report", "audit", made["audit"],
                        "-o", missing)  # fmt: skip
    assert code == 2 and "does not exist" in err and not missing.parent.exists()
    code, _o, err = cli("--db", db_path, "--lang", "en", "report", "visit", made["visit"],
                        "-o", tmp_path / "a.docx")  # fmt: skip
    assert code == 2 and "must end in .pdf" in err
