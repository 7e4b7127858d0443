"""Formatting figures for reports in the interface language."""

from __future__ import annotations

from field_app.i18n import current_language, format_money, format_number


def format_percent(value: float | None, digits: int = 1) -> str:
    """A percentage, "87,5%" in Vietnamese (decimal comma), "87.5%" in English."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    if current_language() == "vi":
        text = text.replace(".", ",")
    return f"{text}%"


def format_points(value: float | None, digits: int = 1) -> str:
    """A signed change in percentage points: "+12,5" / "-3.0"."""
    if value is None:
        return "—"
    text = f"{value:+.{digits}f}"
    return text.replace(".", ",") if current_language() == "vi" else text


def format_count(value: int | float | None) -> str:
    """A count with grouped thousands, "—" when not recorded."""
    return "—" if value is None else format_number(value)


def format_vnd(value: int | float | None) -> str:
    """Money in dong: "50.000.000 ₫" in Vietnamese, "—" when not recorded."""
    return "—" if value is None else format_money(value)
