"""A throwaway checklist kind, an "ISO 9001 gap check", made the way
docs/architecture.md's recipe says, for the tests that show a new kind needs no line
outside its own files: its description, model and scoring (one module of
`field_app.checklist_kinds`), its migration and a three-item template, all in a
temporary folder; `iso_gap` puts it in the registry for one test."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import field_app.checklist_kinds
from field_app import kinds

# The throwaway kind: an "ISO 9001 gap check" whose items are met or not.
KIND_MODULE = """
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from field_app.models.action import ActionProposal
from field_app.models.checklist_record import ChecklistRecord
from field_app.models.common import RequiredDate, Text
from field_app.models.visit import RecordStatus
from field_app.record_kind import Checklist, PdfReport, RecordKind


class GapAnswer(BaseModel):
    item_id: str
    met: bool | None = None
    attachments: list[str] = Field(default_factory=list)


class IsoGap(ChecklistRecord):
    answers_field = "answers"

    enterprise_id: str = Field(min_length=1)
    scope: Text = ""
    template_id: str = Field(min_length=1)
    template_version: int = Field(ge=1)
    check_date: RequiredDate
    auditors: list[Text] = Field(default_factory=list)
    answers: list[GapAnswer] = Field(default_factory=list)
    gaps: int | None = None
    status: RecordStatus = RecordStatus.DRAFT
    supersedes: str | None = None
    completed_at: str | None = None

    def check_complete(self, template: Any) -> list[str]:
        answered = {a.item_id for a in self.answers if a.met is not None}
        return [f"{item.id}: not answered" for _s, item in template.items()
                if item.id not in answered]


def summary(template: Any, record: IsoGap) -> dict[str, Any]:
    return {"gaps": sum(1 for a in record.answers if a.met is False)}


def propose(template: Any, record: IsoGap) -> list[ActionProposal]:
    return [
        ActionProposal(item_id=a.item_id, section_title="", item_text=a.item_id,
                       reason="gap", what=f"close the gap at {a.item_id}")
        for a in record.answers if a.met is False
    ]


def migrate(conn: Any) -> None:
    conn.execute(
        "CREATE TABLE iso_gaps (id TEXT PRIMARY KEY, created_at TEXT, updated_at TEXT,"
        " created_by TEXT, device_id TEXT, version INTEGER, enterprise_id TEXT, scope TEXT,"
        " template_id TEXT, template_version INTEGER, check_date TEXT, auditors TEXT,"
        " answers TEXT, gaps INTEGER, status TEXT, supersedes TEXT, completed_at TEXT,"
        " hlc TEXT NOT NULL DEFAULT '')"
    )


KIND = RecordKind(
    name="iso_gap",
    table="iso_gaps",
    label="ISO 9001 gap check",
    plural="{n} ISO 9001 gap checks",
    load_model=lambda: IsoGap,
    repository="iso_gaps",
    count_key="iso_gaps",
    date_column="check_date",
    pdf=PdfReport("isogap", "iso", "PDF report of an ISO 9001 gap check"),
    checklist=Checklist(template_kind="iso9001-gap", subject_field="scope",
                        subject_required=False, summary=summary, propose=propose),
)
"""

TEMPLATE = {
    "id": "iso9001-gap",
    "version": 1,
    "kind": "iso9001-gap",
    "title_vi": "Đánh giá khoảng cách ISO 9001",
    "title_en": "ISO 9001 gap check",
    "standard": {"code": "TCVN ISO 9001:2015", "year": 2015},
    "scoring": {"method": "pass_fail", "min_score": 0, "max_score": 1},
    "sections": [
        {
            "key": "context",
            "short": "4",
            "title_vi": "Bối cảnh",
            "title_en": "Context",
            "items": [
                {"id": f"iso-4.{n}", "text_vi": f"Yêu cầu 4.{n}", "text_en": f"Clause 4.{n}"}
                for n in (1, 2, 3)
            ],
        }
    ],
}


@pytest.fixture
def iso_gap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The kind's module, found in a temporary folder of `field_app.checklist_kinds`
    and put into the registry for this test only."""
    folder = tmp_path / "kinds"
    folder.mkdir()
    (folder / "iso_gap.py").write_text(textwrap.dedent(KIND_MODULE), encoding="utf-8")
    package = field_app.checklist_kinds
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])
    monkeypatch.delitem(sys.modules, "field_app.checklist_kinds.iso_gap", raising=False)
    found = [k for k in kinds._checklist_kinds() if k.name == "iso_gap"]
    assert len(found) == 1, "the registry does not find a module of field_app/checklist_kinds"
    monkeypatch.setitem(kinds.KINDS, "iso_gap", found[0])
    yield sys.modules["field_app.checklist_kinds.iso_gap"]
    sys.modules.pop("field_app.checklist_kinds.iso_gap", None)


def completed_check(store: Any, iso_gap: Any) -> Any:
    """A completed gap check (clause 4.2 not met) of a new enterprise, on a store
    whose table the kind's own migration made."""
    with store.atomic() as conn:
        iso_gap.migrate(conn)
    store.templates.install(TEMPLATE)
    ent = store.enterprises.add({"name": "Công ty TNHH Minh Đức", "province": "Lạng Sơn"})
    answers = [
        {"item_id": "iso-4.1", "met": True},
        {"item_id": "iso-4.2", "met": False},
        {"item_id": "iso-4.3", "met": True},
    ]
    return store.iso_gaps.complete(
        iso_gap.IsoGap(
            enterprise_id=ent.id,
            scope="Xưởng may",
            template_id="iso9001-gap",
            template_version=1,
            check_date="16/03/2026",
            auditors=["Nguyễn Văn An"],
            answers=answers,
        )
    )
