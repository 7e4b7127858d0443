"""Headquarters' reasons for refusing a mutation, in the officer's language.

The server answers each refused or conflicting mutation with a stable code and its
parameters beside an English sentence (kept for logs and API users); the device
stores all three and shows the code's translation here. An unknown code (a newer
headquarters) falls back to the English sentence, so nothing is ever left blank.
"""

from __future__ import annotations

from typing import Any

from field_app.i18n import _


def _messages() -> dict[str, str]:
    # Built when shown, never at import: the language is chosen after start-up.
    return {
        "unknown_kind": _(
            "headquarters does not know records of kind '{kind}': update the app or headquarters"
        ),
        "unknown_op": _("unknown operation '{op}': update the app"),
        "append_only": _("a completed record never changes: make a correction instead"),
        "hq_only": _("only headquarters publishes records of kind '{kind}'"),
        "not_created": _("this record's creation never reached headquarters"),
        "bad_clock": _("the record's clock value is not valid"),
        "clock_ahead": _(
            "this device's clock was {days} day(s) ahead of headquarters when the record was"
            " saved; set the correct date and time, then sync again"
        ),
        "invalid_record": _("invalid record: {problems}"),
        "out_of_bounds": _("a value is too large or not valid text: {problems}"),
        "bad_seen": _("this change names a record version headquarters never sent: update the app"),
        "outside_province": _(
            "outside your province ({province}): this record belongs to another province"
        ),
        "no_enterprise": _("the record names no enterprise"),
        "unknown_enterprise": _(
            "unknown enterprise {enterprise_id}: it never reached headquarters"
        ),
        "device_kind": _("records of kind '{kind}' cannot be sent from a device"),
        "conflict_copy": _("another record with this id, with other content, is already kept"),
        "conflict_newer": _(
            "changed on another device at the same time, and that change is newer: {fields}"
            " (your value is kept in the conflict list)"
        ),
        # A whole request refused, narrowed down to this one mutation.
        "too_large": _("headquarters refused this change as too large: {detail}"),
        "invalid": _("headquarters could not read this change: {detail}"),
    }


def refusal_text(code: str | None, params: dict[str, Any] | None, english: str | None) -> str:
    """The officer-facing reason for `code` with `params`, translated; the English
    sentence when the code is unknown or its parameters do not fit."""
    template = _messages().get(code or "")
    if template is None:
        return english or code or ""
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return english or template
