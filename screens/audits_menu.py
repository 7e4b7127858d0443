"""Registers the audit screens: new 5S audit (F8), new VietGAP check (F9), corrective
actions (F7), and the home panel of overdue actions and expiring certificates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.i18n import N_
from field_app.models.template import TemplateKind
from screens.registry import register_home_section, register_screen

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from screens.app import FieldApp


def _start_5s(app: FieldApp) -> Screen:
    from screens.start_checklist import StartChecklistScreen

    return StartChecklistScreen(TemplateKind.FIVE_S)


def _start_vietgap(app: FieldApp) -> Screen:
    from screens.start_checklist import StartChecklistScreen

    return StartChecklistScreen(TemplateKind.VIETGAP)


def _actions(app: FieldApp) -> Screen:
    from screens.actions_list import ActionsListScreen

    return ActionsListScreen()


def _attention(app: FieldApp) -> Widget:
    from screens.attention_panel import AttentionPanel

    return AttentionPanel(app)


register_screen(
    "new_audit_5s",
    _start_5s,
    title=N_("New 5S audit"),
    help=N_("Score a workplace on the five S, item by item"),
    key="f8",
)
register_screen(
    "new_vietgap_check",
    _start_vietgap,
    title=N_("New VietGAP check"),
    help=N_("Check crop production against the VietGAP criteria"),
    key="f9",
)
register_screen(
    "actions",
    _actions,
    title=N_("Corrective actions"),
    help=N_("Open, overdue and done actions, per enterprise"),
    key="f7",
)
register_home_section(_attention)
