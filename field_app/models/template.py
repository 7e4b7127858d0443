"""Checklist templates: the forms 5S audits and VietGAP checks are filled against.

Templates are data (TOML files in `field_app/templates/`, or newer versions sent by
headquarters), validated here. The pillars of a 5S form are sections of the file,
so a 6S form (adding Safety) is just another file.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from field_app.i18n import _, current_language


class TemplateKind(StrEnum):
    """The template kinds of the 5S and VietGAP forms, whose rules this module checks.

    Which kinds a template may have is the registry's to say (each checklist kind of
    `field_app.kinds` names its `template_kind`): `parse_template` gives them as the
    validation context, so a new checklist kind needs no value here."""

    FIVE_S = "5s"  # scored items grouped by pillar (S)
    VIETGAP = "vietgap"  # pass/fail criteria, mandatory or recommended


class Level(StrEnum):
    """How binding a VietGAP criterion is."""

    MANDATORY = "mandatory"  # bắt buộc
    RECOMMENDED = "recommended"  # khuyến khích


class Standard(BaseModel):
    """The standard a template follows, e.g. code "TCVN 11892-1:2017", year 2017."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1)
    year: int = Field(ge=1950, le=2100)
    title_vi: str = ""
    title_en: str = ""


class Scoring(BaseModel):
    """How items are answered: a score from `min_score` to `max_score`, or pass/fail."""

    model_config = ConfigDict(extra="forbid")

    method: str = Field(pattern="^(scale|pass_fail)$")
    min_score: int = 0
    max_score: int = 4
    allow_na: bool = True
    labels_vi: list[str] = Field(default_factory=list)
    """What each score means, lowest first (shown as help on the audit screen)."""
    labels_en: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> Scoring:
        if self.method == "scale" and not (0 <= self.min_score < self.max_score <= 9):
            # One key per score on the audit screen, so scores are single digits.
            raise ValueError(_("min_score and max_score must satisfy 0 <= min < max <= 9"))
        span = self.max_score - self.min_score + 1
        for labels in (self.labels_vi, self.labels_en):
            if labels and len(labels) != span:
                raise ValueError(
                    _("labels must give one text per score ({n} of them)").format(n=span)
                )
        return self

    @property
    def scores(self) -> range:
        """Every score an item may receive."""
        return range(self.min_score, self.max_score + 1)


class Item(BaseModel):
    """One item (5S) or criterion (VietGAP) of a template."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    text_vi: str = Field(min_length=1)
    text_en: str = Field(min_length=1)
    guidance_vi: str = ""
    guidance_en: str = ""
    level: Level | None = None
    """VietGAP only: mandatory or recommended."""
    reference: str = ""
    """Clause of the standard the criterion comes from, when known."""

    def text(self, language: str | None = None) -> str:
        """The item's text in `language` (default: the current one)."""
        return self.text_vi if (language or current_language()) == "vi" else self.text_en

    def guidance(self, language: str | None = None) -> str:
        """The guidance in `language`, falling back to the other language."""
        vi, en = self.guidance_vi, self.guidance_en
        return (vi or en) if (language or current_language()) == "vi" else (en or vi)


class Section(BaseModel):
    """A pillar of a 5S form (Sort, Set in order...) or a VietGAP requirement area."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_\-]+$")
    title_vi: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    short: str = ""
    """A short label for charts, e.g. "S1"."""
    items: list[Item] = Field(min_length=1)

    def title(self, language: str | None = None) -> str:
        """The section title in `language` (default: the current one)."""
        return self.title_vi if (language or current_language()) == "vi" else self.title_en


class ChecklistTemplate(BaseModel):
    """A versioned checklist. Records keep (id, version) so old records never change."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_\-]+$")
    version: int = Field(ge=1)
    kind: str
    """Which record kind is filled against it ("5s", "vietgap"...)."""
    title_vi: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    area_kind: str = ""
    """5S: the kind of workplace (production, warehouse, office...)."""
    standard: Standard
    scoring: Scoring
    sections: list[Section] = Field(min_length=1)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("template_kinds")
        if known is not None and value not in known:
            expected = " or ".join(f"'{k}'" for k in known)
            raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ChecklistTemplate:
        seen_sections: set[str] = set()
        seen_items: set[str] = set()
        for section in self.sections:
            if section.key in seen_sections:
                raise ValueError(_("section key '{key}' is repeated").format(key=section.key))
            seen_sections.add(section.key)
            for item in section.items:
                if item.id in seen_items:
                    raise ValueError(_("item id '{id}' is repeated").format(id=item.id))
                seen_items.add(item.id)
                if self.kind == TemplateKind.VIETGAP and item.level is None:
                    raise ValueError(
                        _("item '{id}' needs a level: mandatory or recommended").format(id=item.id)
                    )
        if self.kind == TemplateKind.FIVE_S and self.scoring.method != "scale":
            raise ValueError(_("a 5S template is scored on a scale (method = 'scale')"))
        if self.kind == TemplateKind.VIETGAP and self.scoring.method != "pass_fail":
            raise ValueError(_("a VietGAP template is scored pass/fail (method = 'pass_fail')"))
        return self

    @property
    def key(self) -> tuple[str, int]:
        """(id, version): what a record stores to find its template again."""
        return (self.id, self.version)

    def title(self, language: str | None = None) -> str:
        """The template title in `language` (default: the current one)."""
        return self.title_vi if (language or current_language()) == "vi" else self.title_en

    def items(self) -> list[tuple[Section, Item]]:
        """Every item with its section, in form order."""
        return [(s, i) for s in self.sections for i in s.items]

    def item(self, item_id: str) -> Item | None:
        """One item by id."""
        for _section, item in self.items():
            if item.id == item_id:
                return item
        return None

    def section_of(self, item_id: str) -> Section | None:
        """The section holding an item."""
        for section, item in self.items():
            if item.id == item_id:
                return section
        return None
