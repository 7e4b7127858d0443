"""PDF reports: Vietnamese extracted exactly, the right content, clear refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from field_app.models.action import ActionProposal
from field_app.models.audit_5s import ItemScore
from field_app.store import open_store
from tests.reports import records
from tests.reports.conftest import Cli

NAME = "Công ty TNHH Chế biến Nông sản Đức Thắng"  # đ/Đ and tone marks


def text_of(path: Path) -> str:
    """All the text pypdf extracts, pages joined."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def made(db_path: Path, tmp_path: Path) -> dict[str, str]:
    """An enterprise with a visit, a 5S audit (a note, an N/A item, a photo, an
    action) and a VietGAP check failing one mandatory criterion."""
    photo = tmp_path / "kho.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo)
    with open_store(db_path, "Nguyễn Văn An") as store:
        ent = records.enterprise(store, NAME, "enterprise", "Đồng Đăng", tax_code="4900765432")
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
        audit = records.audit(store, ent, date(2025, 3, 8), 3, overrides=overrides, actions=[fix])
        check = records.check(store, ent, date(2025, 3, 9), {"vg-2.1": "Khu sản xuất sát chuồng"})
        return {"visit": visit, "audit": audit.id, "check": check.id}


def test_audit_report_in_vietnamese(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    out = tmp_path / "audit.pdf"
    code, _out, err = cli("--db", db_path, "--lang", "vi", "report", "audit", made["audit"],
                          "-o", out)  # fmt: skip
    assert code == 0, err
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


def test_audit_report_follows_english(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    out = tmp_path / "audit-en.pdf"
    assert cli("--db", db_path, "--lang", "en", "report", "audit", made["audit"], "-o", out)[0] == 0
    text = text_of(out)
    assert "5S AUDIT REPORT" in text and "Sort (Seiri)" in text
    assert NAME in text  # names stay as stored whatever the language


def test_vietgap_report(db_path: Path, tmp_path: Path, cli: Cli, made: dict) -> None:
    out = tmp_path / "vietgap.pdf"
    # `report audit` also takes a VietGAP check's id.
    code, _o, err = cli("--db", db_path, "--lang", "vi", "report", "audit", made["check"],
                        "-o", out)  # fmt: skip
    assert code == 0, err
    text = text_of(out)
    assert "BÁO CÁO KIỂM TRA VIETGAP" in text
    assert "CHƯA SẴN SÀNG để chứng nhận" in text
    assert "vg-2.1" in text and "Khu sản xuất sát chuồng" in text
    assert "TCVN 11892-1:2017" in text
    assert NAME in text


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
