"""Reading a posted form without another dependency: the pages post
application/x-www-form-urlencoded bodies, at most a few kilobytes."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request

MAX_FORM_BYTES = 256 * 1024
"""A bulk review of a full page of records, with a long comment, fits many times over."""


class Form:
    """A posted form: first value of a field, or all its values."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields

    def get(self, name: str, default: str = "") -> str:
        """The field's first value."""
        values = self.fields.get(name)
        return values[0] if values else default

    def all(self, name: str) -> list[str]:
        """Every value of a repeated field (checkboxes)."""
        return self.fields.get(name, [])


async def read_form(request: Request) -> Form:
    """The request's form fields; an oversized body reads as an empty form."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return Form({})
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Form({})
    return Form(parse_qs(text, keep_blank_values=True, max_num_fields=2000))


def safe_next(value: str | None) -> str:
    """A place to go back to on this site only (never another host)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
