"""Attachments: photos and documents kept with audits and checks."""

from __future__ import annotations

from pydantic import Field

from field_app.models.common import RecordMeta, Text


class Attachment(RecordMeta):
    """A photo or document, stored once in the attachments folder under its SHA-256."""

    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    file_name: Text = Field(min_length=1)
    """The name the file had when attached (the stored copy is named by hash)."""
    size: int = Field(ge=0)
    media_type: str = ""
