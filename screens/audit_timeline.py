"""5S audits and VietGAP checks in an enterprise's timeline (enterprise detail screen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from field_app.i18n import _, format_date
from field_app.models.visit import RecordStatus

if TYPE_CHECKING:
    from textual.app import App

    from field_app.store import Store


def audit_timeline(store: Store, enterprise_id: str) -> list[tuple[str, Any]]:
    """(kind, record) of every audit and check of an enterprise, newest first (worker side)."""
    entries: list[tuple[str, Any]] = [
        ("audit_5s", a) for a in store.audits.for_enterprise(enterprise_id)
    ]
    entries += [("vietgap_check", c) for c in store.vietgap.for_enterprise(enterprise_id)]
    entries.sort(
        key=lambda e: e[1].audit_date if e[0] == "audit_5s" else e[1].check_date, reverse=True
    )
    return entries


def _row(kind: str, record: Any, replaced: set[str]) -> str:
    status = _("draft") if record.status == RecordStatus.DRAFT else _("completed")
    if kind == "audit_5s":
        result = "" if record.total_percent is None else f" {record.total_percent:.0f}%"
        text = f"{format_date(record.audit_date)}  5S · {record.area}{result}  ({status})"
    else:
        result = ""
        if record.ready is not None:
            result = " " + (_("ready") if record.ready else _("not ready"))
        text = f"{format_date(record.check_date)}  VietGAP{result}  ({status})"
    if record.id in replaced:
        text += "  " + _("superseded by a correction")
    elif record.supersedes:
        text += "  " + _("correction")
    return text


def add_audit_rows(options: OptionList, entries: list[tuple[str, Any]]) -> None:
    """Append the audits and checks to a timeline list (ids are "<kind>:<record id>")."""
    replaced = {
        r.supersedes for _k, r in entries if r.supersedes and r.status == RecordStatus.COMPLETED
    }
    for kind, record in entries:
        options.add_option(Option(_row(kind, record, replaced), id=f"{kind}:{record.id}"))


def open_audit_row(app: App, option_id: str | None, on_close: Callable[[], Any]) -> bool:
    """Open the audit or check a timeline row stands for; False when it is not one."""
    kind, _sep, record_id = (option_id or "").partition(":")
    if kind == "audit_5s":
        from screens.audit_5s import Audit5SScreen

        app.push_screen(Audit5SScreen(record_id), lambda _r: on_close())
        return True
    if kind == "vietgap_check":
        from screens.vietgap_check import VietGAPScreen

        app.push_screen(VietGAPScreen(record_id), lambda _r: on_close())
        return True
    return False
