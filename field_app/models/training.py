"""Training courses (khóa đào tạo, tập huấn) the programme runs or takes part in.

A course is a record of its own, not a visit: it may gather people from several
enterprises, or from none (a department's course for its own officers), and the
programme counts the people and the productivity experts it trained. Like visits
and audits it is a draft while the officer fills it in, becomes append-only once
completed, and is corrected by a new record that supersedes it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from field_app.i18n import _, current_language
from field_app.models.common import RecordMeta, RequiredDate, Text
from field_app.models.visit import RecordStatus

TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "training_topics.csv"
MAX_PEOPLE = 100_000
"""No course trains more people than this: a larger number is a typing mistake."""


@dataclass(frozen=True)
class TrainingTopic:
    """A topic officers choose from (field_app/data/training_topics.csv)."""

    key: str
    label_vi: str
    label_en: str

    def label(self) -> str:
        """The topic's name in the interface language."""
        return self.label_vi if current_language() == "vi" else self.label_en


@cache
def training_topics() -> tuple[TrainingTopic, ...]:
    """The topics offered by the form, as data (a department adds one in the CSV)."""
    with TOPICS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(TrainingTopic(r["key"], r["vi"], r["en"]) for r in csv.DictReader(handle))


def topic_label(key: str) -> str:
    """A topic key's label; a topic typed by hand (not in the list) shows as typed."""
    return next((t.label() for t in training_topics() if t.key == key), key)


class CourseEnterprise(BaseModel):
    """An enterprise of the registry that sent people to the course, and how many."""

    model_config = ConfigDict(extra="ignore")

    enterprise_id: str = Field(min_length=1)
    participants: int = Field(default=0, ge=0, le=MAX_PEOPLE)


def _names(value: object) -> object:
    # Officers type "Nguyễn Văn A, Trần Thị B" in one box.
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.replace(";", ",").split(",")) if p]
    return value


class TrainingCourse(RecordMeta):
    """One training course: when, what, who taught, who came."""

    start_date: RequiredDate
    end_date: RequiredDate
    topic: Text = Field(min_length=1, max_length=200)
    """A key of `training_topics()` ("5s", "iso_9001"...) or a topic typed by hand."""
    title: Text = Field(default="", max_length=300)
    """The course's own name, if it has one ("Tập huấn 5S cho HTX chè")."""
    organiser: Text = Field(default="", max_length=300)
    place: Text = Field(default="", max_length=300)
    trainers: list[Text] = Field(default_factory=list, max_length=50)
    participants: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    """Everyone trained, from the enterprises listed or not."""
    productivity_experts: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    """Participants who are productivity experts (chuyên gia năng suất)."""
    trainee_experts: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    """Participants in training to become experts (chuyên gia tập sự)."""
    enterprises: list[CourseEnterprise] = Field(default_factory=list, max_length=500)
    notes: Text = Field(default="", max_length=5000)
    attachments: list[str] = Field(default_factory=list, max_length=50)
    """SHA-256 of attached files (the attendance sheet photo, the programme)."""
    status: RecordStatus = RecordStatus.DRAFT
    supersedes: str | None = None
    """Id of the completed course this one corrects."""
    completed_at: str | None = None

    @field_validator("trainers", mode="before")
    @classmethod
    def _trainers(cls, value: object) -> object:
        return _names(value)

    def experts(self) -> int:
        """Productivity experts and trainee experts together."""
        return self.productivity_experts + self.trainee_experts

    def check_complete(self) -> list[str]:
        """What must still be filled in, or fixed, before the course can be completed."""
        problems = []
        if self.end_date < self.start_date:
            problems.append(_("end date: must not be before the start date"))
        if not self.organiser:
            problems.append(_("organiser: write who organised the course"))
        if self.participants < 1:
            problems.append(_("participants: write how many people took part"))
        if self.experts() > self.participants:
            problems.append(
                _("experts: more experts ({experts}) than participants ({participants})").format(
                    experts=self.experts(), participants=self.participants
                )
            )
        sent = sum(e.participants for e in self.enterprises)
        if sent > self.participants:
            problems.append(
                _(
                    "enterprises: they sent {sent} people, more than the {participants} "
                    "participants"
                ).format(sent=sent, participants=self.participants)
            )
        ids = [e.enterprise_id for e in self.enterprises]
        if len(set(ids)) != len(ids):
            problems.append(_("enterprises: an enterprise is listed twice"))
        return problems
