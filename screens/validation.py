"""Turn the domain's validation errors into one message per form field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from field_app.i18n import _
from field_app.models.common import describe_errors


def _builtin(err: Mapping[str, Any]) -> str | None:
    """Translated text for pydantic's own checks (its messages are English only)."""
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind in ("string_too_short", "missing"):
        return _("this field is required")
    if kind == "less_than_equal":
        return _("must be at most {limit}").format(limit=ctx.get("le"))
    if kind == "greater_than_equal":
        return _("must be at least {limit}").format(limit=ctx.get("ge"))
    if kind in ("int_parsing", "int_from_float", "float_parsing"):
        return _("write a number")
    return None


def field_errors(exc: Exception) -> dict[str, str]:
    """field name -> what to fix, from a pydantic ValidationError (first error per field).

    Messages come from `describe_errors`; pydantic's own generic ones are translated.
    """
    if not isinstance(exc, ValidationError):
        return {"": str(exc)}
    result: dict[str, str] = {}
    for err, line in zip(exc.errors(), describe_errors(exc), strict=True):
        field = str(err["loc"][0]) if err["loc"] else ""
        message = line.split(": ", 1)[1] if ": " in line else line
        if err["type"] != "value_error":
            message = _builtin(err) or message
        result.setdefault(field, message)
    return result
