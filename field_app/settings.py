"""The officer's settings: one pydantic model, one TOML file in the config folder.

Every field has a default and a docstring; `field-app settings` prints them. Things
that differ by province or year (support rules, rating bands, targets) live here,
never in code.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from field_app import locations
from field_app.text import clean


class RatingBand(BaseModel):
    """A 5S rating band: a score at or above `min_percent` earns this label."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    min_percent: float = Field(ge=0, le=100)
    """Lowest total % that earns this band."""
    label_vi: str
    """Label shown in Vietnamese."""
    label_en: str
    """Label shown in English."""


def _default_bands() -> list[RatingBand]:
    # A common convention, not a standard (see the domain brief): officers change it.
    return [
        RatingBand(min_percent=90, label_vi="Đẳng cấp thế giới", label_en="World class"),
        RatingBand(min_percent=80, label_vi="Rất tốt", label_en="Very good"),
        RatingBand(min_percent=60, label_vi="Trung bình", label_en="Medium"),
        RatingBand(min_percent=0, label_vi="Kém", label_en="Poor"),
    ]


class SupportRules(BaseModel):
    """The programme's financial support rule for this province and year."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    cost_share_percent: float = Field(default=50, ge=0, le=100)
    """Share of the cost the programme pays, in % (Lạng Sơn raised it from 30 to 50)."""
    cap_vnd: int = Field(default=50_000_000, ge=0)
    """Most the programme pays per registration, in VND."""


class Targets(BaseModel):
    """The province's plan targets, reported against in the programme report."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    enterprises_supported: int = 30
    """Enterprises, cooperatives and household businesses to support."""
    people_trained: int = 500
    """People to train."""
    experts_trained: int = 10
    """Productivity experts to train."""


class Letterhead(BaseModel):
    """The bodies named at the top left of every report an officer signs (Decree
    30/2020/NĐ-CP): the managing body above the issuing department. Both change with
    the province and with reforms (2025 merged and renamed bodies), so they are set
    here, never in code."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    managing_body: str = ""
    """The managing body, e.g. "UBND tỉnh Lạng Sơn" (printed in capitals; empty: none)."""
    issuing_body: str = "Sở Khoa học và Công nghệ"
    """The department issuing the report, e.g. "Sở Khoa học và Công nghệ"."""
    managing_body_en: str = ""
    """The managing body in English for English reports, e.g. "Lang Son Provincial
    People's Committee" (empty: the Vietnamese name)."""
    issuing_body_en: str = "Department of Science and Technology"
    """The issuing department in English (empty: the Vietnamese name)."""
    place: str = ""
    """The place in the place-and-date line ("Lạng Sơn, ngày 17 tháng 7 năm 2026");
    empty: the province."""

    @field_validator(
        "managing_body", "issuing_body", "managing_body_en", "issuing_body_en", "place"
    )
    @classmethod
    def _nfc(cls, value: str) -> str:
        return clean(value)


class Settings(BaseModel):
    """Everything an officer can set. Unknown keys in the file are ignored."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    officer_name: str = ""
    """The officer's full name, written on visits and reports."""
    province: str = ""
    """The officer's province (tỉnh/thành phố), e.g. "Lạng Sơn"."""
    language: Literal["vi", "en", ""] = ""
    """Interface language; empty means: follow the system locale."""
    rating_bands: list[RatingBand] = Field(default_factory=_default_bands)
    """5S rating bands, highest first."""
    support: SupportRules = Field(default_factory=SupportRules)
    """Financial support rule (share of cost and cap)."""
    targets: Targets = Field(default_factory=Targets)
    """Yearly plan targets."""
    letterhead: Letterhead = Field(default_factory=Letterhead)
    """Bodies and place printed at the top of reports an officer signs."""

    @field_validator("officer_name", "province")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return clean(value)

    def band_for(self, percent: float) -> RatingBand:
        """The rating band for a total 5S score in %."""
        for band in sorted(self.rating_bands, key=lambda b: -b.min_percent):
            if percent >= band.min_percent:
                return band
        return self.rating_bands[-1]


class SettingsError(ValueError):
    """The settings file exists but cannot be used; the message says what to fix."""


def load_settings(path: Path | None = None) -> Settings:
    """Read settings, falling back to defaults when the file does not exist yet."""
    path = path or locations.settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}); fix or delete the file") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SettingsError(f"{path}: setting '{where}': {first['msg']}") from exc


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write settings atomically (temp file + rename), readable by the owner only."""
    import tomli_w

    path = path or locations.settings_path()
    locations.ensure_private_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        tomli_w.dump(settings.model_dump(mode="json"), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path
