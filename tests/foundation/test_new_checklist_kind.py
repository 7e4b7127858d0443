"""A checklist kind added the way docs/architecture.md's recipe says (see
tests/iso_gap_kind.py): nothing else is told about it, and the store keeps, completes
and counts it, and `status --json` reports it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from field_app import kinds
from field_app.cli import main
from field_app.models.visit import RecordStatus
from field_app.store import open_store
from field_app.store.visits import IncompleteError
from tests.iso_gap_kind import TEMPLATE, iso_gap

__all__ = ["iso_gap"]  # the fixture


def test_a_new_checklist_kind_is_kept_completed_and_counted(
    iso_gap: Any, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(db_path, "Nguyễn Văn An") as store:
        with store.atomic() as conn:
            iso_gap.migrate(conn)
        store.templates.install(TEMPLATE)
        assert [t.id for t in store.templates.latest("iso9001-gap")] == ["iso9001-gap"]
        repo = store.iso_gaps  # type: ignore[attr-defined]
        ent = store.enterprises.add({"name": "Công ty TNHH Minh Đức", "province": "Lạng Sơn"})

        draft = repo.save_draft(
            {
                "enterprise_id": ent.id,
                "scope": "Xưởng may",
                "template_id": "iso9001-gap",
                "template_version": 1,
                "check_date": "16/03/2026",
                "auditors": "Nguyễn Văn An; Trần Thị Bình",
                "answers": [{"item_id": "iso-4.1", "met": True}],
            }
        )
        assert repo.get(draft.id) == draft and draft.auditors == ["Nguyễn Văn An", "Trần Thị Bình"]
        assert [d.id for d in repo.drafts()] == [draft.id]
        with pytest.raises(IncompleteError):
            repo.complete(draft.id)  # two clauses unanswered

        answers = [
            {"item_id": "iso-4.1", "met": True},
            {"item_id": "iso-4.2", "met": False},
            {"item_id": "iso-4.3", "met": True},
        ]
        answered = iso_gap.IsoGap.model_validate({**draft.model_dump(), "answers": answers})
        proposals = repo.propose(answered)
        assert [p.item_id for p in proposals] == ["iso-4.2"]
        done = repo.complete(answered, proposals)
        assert done.status == RecordStatus.COMPLETED and done.gaps == 1
        assert repo.get(done.id) == done and repo.recent() == [done]
        assert [a.source_kind for a in store.actions.for_source(done.id)] == ["iso_gap"]
        sent = [m for m in store.outbox.pending() if m.entity == "iso_gap"]
        assert [(m.op, m.record_id) for m in sent] == [("create", done.id)]
        assert sent[0].payload["gaps"] == 1
        assert repo.count() == 1 and store.counts()["iso_gaps"] == 1

    assert main(["--db", str(db_path), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["iso_gaps"] == 1


def test_a_template_of_a_kind_nobody_registered_is_refused(store: Any) -> None:
    from field_app.checklists import TemplateError

    with pytest.raises(TemplateError, match="field 'kind': Input should be '5s' or 'vietgap'"):
        store.templates.install(TEMPLATE)


def test_the_kind_module_names_what_the_registry_needs(iso_gap: Any) -> None:
    described: Any = iso_gap.KIND
    assert kinds.checklist_kind("iso9001-gap") is described
    assert described.model is iso_gap.IsoGap and described.checklist.subject_field == "scope"
