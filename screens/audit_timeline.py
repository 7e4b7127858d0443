"""Records of every registered form kind (5S audits, VietGAP checks...) in an
enterprise's timeline (enterprise detail screen).

The kinds come from `screens.registry.FORMS` (those with a `timeline_row`), their
storage from `field_app.kinds`: a new kind appears here by registering its form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from field_app.i18n import _
from field_app.kinds import KINDS
from field_app.models.visit import RecordStatus
from screens.registry import FORMS

if TYPE_CHECKING:
    from textual.app import App

    from field_app.store import Store


def timeline_records(store: Store, enterprise_id: str) -> list[tuple[str, Any]]:
    """(kind, record) of every record of an enterprise shown in its timeline, newest
    first (worker side)."""
    entries: list[tuple[str, Any]] = []
    for form in FORMS.values():
        if form.timeline_row is None:
            continue
        record_kind = KINDS[form.kind]
        repo = getattr(store, record_kind.repository)
        entries += [(form.kind, r) for r in repo.for_enterprise(enterprise_id)]
    entries.sort(key=lambda e: getattr(e[1], KINDS[e[0]].date_column or "created_at"), reverse=True)
    return entries


def _row(kind: str, record: Any, replaced: set[str]) -> str:
    status = _("draft") if record.status == RecordStatus.DRAFT else _("completed")
    row = FORMS[kind].timeline_row
    assert row is not None
    text = f"{row(record)}  ({status})"
    if record.id in replaced:
        text += "  " + _("superseded by a correction")
    elif record.supersedes:
        text += "  " + _("correction")
    return text


def add_timeline_rows(options: OptionList, entries: list[tuple[str, Any]]) -> None:
    """Append the records to a timeline list (ids are "<kind>:<record id>")."""
    replaced = {
        r.supersedes for _k, r in entries if r.supersedes and r.status == RecordStatus.COMPLETED
    }
    for kind, record in entries:
        options.add_option(Option(_row(kind, record, replaced), id=f"{kind}:{record.id}"))


def open_timeline_row(app: App, option_id: str | None, on_close: Callable[[], Any]) -> bool:
    """Open the record a timeline row stands for; False when it is not one of these."""
    kind, _sep, record_id = (option_id or "").partition(":")
    form = FORMS.get(kind)
    if form is None or not record_id:
        return False
    app.push_screen(form.open(record_id, False), lambda _r: on_close())
    return True
