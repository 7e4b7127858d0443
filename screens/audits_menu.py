"""Registers the audit screens: new 5S audit (F8), new VietGAP check (F9), corrective
actions (F7), the forms of both checklist kinds, and the home panel of overdue
actions and expiring certificates; and imports the screen module of any other
checklist kind, which registers its own."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from field_app.i18n import N_, _, format_date, format_percent
from field_app.kinds import checklist_kinds
from screens.registry import (
    FORMS,
    StartTexts,
    register_form,
    register_home_section,
    register_screen,
)

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from screens.app import FieldApp


def _start_5s(app: FieldApp) -> Screen:
    from screens.start_checklist import StartChecklistScreen

    return StartChecklistScreen("audit_5s")


def _start_vietgap(app: FieldApp) -> Screen:
    from screens.start_checklist import StartChecklistScreen

    return StartChecklistScreen("vietgap_check")


def _actions(app: FieldApp) -> Screen:
    from screens.actions_list import ActionsListScreen

    return ActionsListScreen()


def _attention(app: FieldApp) -> Widget:
    from screens.attention_panel import AttentionPanel

    return AttentionPanel(app)


def _open_audit(record_id: str, new: bool) -> Screen:
    from screens.audit_5s import Audit5SScreen

    return Audit5SScreen(record_id, new=new)


def _open_check(record_id: str, new: bool) -> Screen:
    from screens.vietgap_check import VietGAPScreen

    return VietGAPScreen(record_id, new=new)


def _audit_row(audit: Any) -> str:
    result = "" if audit.total_percent is None else f" {format_percent(audit.total_percent)}"
    return f"{format_date(audit.audit_date)}  5S · {audit.area}{result}"


def _check_row(check: Any) -> str:
    result = ""
    if check.ready is not None:
        result = " " + (_("ready") if check.ready else _("not ready"))
    return f"{format_date(check.check_date)}  VietGAP{result}"


register_screen(
    "new_audit_5s",
    _start_5s,
    title=N_("New 5S audit"),
    help=N_("Score a workplace on the five S, item by item"),
    key="f8",
    starts="audit_5s",
)
register_screen(
    "new_vietgap_check",
    _start_vietgap,
    title=N_("New VietGAP check"),
    help=N_("Check crop production against the VietGAP criteria"),
    key="f9",
    starts="vietgap_check",
)
register_screen(
    "actions",
    _actions,
    title=N_("Corrective actions"),
    help=N_("Open, overdue and done actions, per enterprise"),
    key="f7",
)
register_form(
    "audit_5s",
    _open_audit,
    draft_label=N_("5S audit draft"),
    timeline_row=_audit_row,
    start=StartTexts(
        title=N_("New 5S audit"),
        subject_label=N_("Area audited (e.g. Xưởng may số 2)"),
        subject_missing=N_("write the area audited"),
    ),
)
register_form(
    "vietgap_check",
    _open_check,
    draft_label=N_("VietGAP check draft"),
    timeline_row=_check_row,
    start=StartTexts(
        title=N_("New VietGAP check"),
        subject_label=N_("Crop and plots checked (e.g. Rau cải, 2 ha)"),
    ),
)
register_home_section(_attention)

# Any other checklist kind of the registry registers its own form and screens in
# `screens/<kind name>.py` (see the recipe in docs/architecture.md).
for _other in checklist_kinds():
    if _other.name not in FORMS:
        import_module(f"screens.{_other.name}")
