"""Attachments: photos and documents kept with audits and checks."""

from __future__ import annotations

from pydantic import Field

from field_app.models.common import RecordMeta, Text


class Attachment(RecordMeta):
    """A photo or document, stored once in the attachments folder under its SHA-256.

    `sha256`, `size` and `media_type` describe the file that goes to headquarters."""

    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    file_name: Text = Field(min_length=1)
    """The name the file had when attached (the stored copy is named by hash)."""
    size: int = Field(ge=0)
    media_type: str = ""
    original_sha256: str = Field(default="", pattern="^([0-9a-f]{64})?$")
    """For a photo: the SHA-256 of the original, kept on this device only. `sha256`
    is then the upload copy's (downscaled, metadata stripped): the file that travels
    and that records refer to. Empty for a document, or for a photo attached before
    upload copies existed (then the file itself travels)."""
    original_size: int = Field(default=0, ge=0)
    """Bytes of the original photo on this device (0 when there is none)."""
