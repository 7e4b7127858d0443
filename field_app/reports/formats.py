"""Formatting figures for reports in the interface language (percentages and points
are the interface's own, from field_app.i18n, so a PDF rounds as the screen does)."""

from __future__ import annotations

from field_app.i18n import format_money, format_number
from field_app.i18n import format_percent as format_percent
from field_app.i18n import format_points as format_points


def format_count(value: int | float | None) -> str:
    """A count with grouped thousands, "—" when not recorded."""
    return "—" if value is None else format_number(value)


def format_vnd(value: int | float | None) -> str:
    """Money in dong: "50.000.000 ₫" in Vietnamese, "—" when not recorded."""
    return "—" if value is None else format_money(value)
