"""The record kinds field-app knows, each described once.

A descriptor says everything the rest of the program needs to treat a kind
generically: where it is stored, which pydantic model validates it, which `Store`
attribute reads and writes it, how it syncs (entity name on the wire, who may write
it), what `status --json` calls its count, which export sheets and PDF it has, and
which date places it in a period. `Store`, `status`, the exports, the record PDFs,
sync (through `sync.entities`) and the interface loop over `KINDS` instead of
naming kinds one by one.

One name per kind: `RecordKind.name` ("audit_5s") is what code, the outbox and the
wire call it. Tables and count keys keep their earlier (plural) spellings through
the `table` and `count_key` fields, so no migration was needed.

The descriptors are data (`field_app/record_kind.py`): models are imported inside
small loader functions, since this module is imported at start-up and must stay
light; a kind's repository, export sheets and PDF writer are looked up by its name in
the layer that holds them, so nothing here imports the store, the exports or the
reports (and none of them is imported back from here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.checklist_kinds.audit_5s import AUDIT_5S
from field_app.checklist_kinds.vietgap_check import VIETGAP_CHECK
from field_app.i18n import N_
from field_app.record_kind import (
    SCOPE_ENTERPRISE,
    SCOPE_GLOBAL,
    SCOPE_HQ_ENTERPRISE,
    SCOPE_OFFICER,
    SCOPE_SELF,
    Checklist,
    PdfReport,
    RecordKind,
    WebListing,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "AUDIT_5S",
    "KINDS",
    "SCOPE_ENTERPRISE",
    "SCOPE_GLOBAL",
    "SCOPE_HQ_ENTERPRISE",
    "SCOPE_OFFICER",
    "SCOPE_SELF",
    "VIETGAP_CHECK",
    "Checklist",
    "PdfReport",
    "RecordKind",
    "WebListing",
    "checklist_kind",
    "checklist_kinds",
    "kind",
    "pdf_kinds",
]

# -- loaders: imported when first needed, so start-up does not pay for them ----------


def _enterprise() -> type[BaseModel]:
    from field_app.models.enterprise import Enterprise

    return Enterprise


def _certification() -> type[BaseModel]:
    from field_app.models.enterprise import Certification

    return Certification


def _support() -> type[BaseModel]:
    from field_app.models.enterprise import SupportRegistration

    return SupportRegistration


def _visit() -> type[BaseModel]:
    from field_app.models.visit import Visit

    return Visit


def _action() -> type[BaseModel]:
    from field_app.models.action import CorrectiveAction

    return CorrectiveAction


def _attachment() -> type[BaseModel]:
    from field_app.models.attachment import Attachment

    return Attachment


def _review() -> type[BaseModel]:
    from field_app.models.review import Review

    return Review


def _training_course() -> type[BaseModel]:
    from field_app.models.training import TrainingCourse

    return TrainingCourse


# -- the registry ----------------------------------------------------------------------

ENTERPRISE = RecordKind(
    name="enterprise",
    table="enterprises",
    label=N_("enterprise"),
    load_model=_enterprise,
    repository="enterprises",
    mergeable=True,
    scope=SCOPE_SELF,
    count_key="enterprises",
    date_column="created_at",
)
VISIT = RecordKind(
    name="visit",
    table="visits",
    label=N_("visit"),
    plural=N_("{n} visits"),
    load_model=_visit,
    repository="visits",
    count_key="visits",
    pdf=PdfReport("visit", "visit", "PDF report of a site visit"),
    date_column="visit_date",
    web=WebListing("visit", "purpose"),
)
# Actions change state (open -> done), so they merge per field like a profile.
ACTION = RecordKind(
    name="action",
    table="actions",
    label=N_("corrective action"),
    plural=N_("{n} corrective actions"),
    load_model=_action,
    repository="actions",
    mergeable=True,
    count_key="actions",
    date_column="created_at",
)
# A course may gather several enterprises or none (a department's own course), so its
# province is the officer's who recorded it: officers record the courses of their
# own province, and every device of that province receives them.
TRAINING_COURSE = RecordKind(
    name="training_course",
    table="training_courses",
    label=N_("training course"),
    plural=N_("{n} training courses"),
    load_model=_training_course,
    repository="training_courses",
    scope=SCOPE_OFFICER,
    count_key="training_courses",
    date_column="start_date",
    web=WebListing("training", "topic", label=N_("Training course"), has_enterprise=False),
)
SUPPORT = RecordKind(
    name="support",
    table="supports",
    label=N_("support"),
    plural=N_("{n} support registrations"),
    load_model=_support,
    repository="enterprises",
    mergeable=True,
    count_key="supports",
    date_column="year",
    yearly=True,
)
CERTIFICATION = RecordKind(
    name="certification",
    table="certifications",
    label=N_("certification"),
    load_model=_certification,
    repository="enterprises",
    mergeable=True,
    count_key="certifications",
    date_column="issued_on",
)
ATTACHMENT = RecordKind(
    name="attachment",
    table="attachments",
    label=N_("attachment"),
    load_model=_attachment,
    repository="attachments",
    scope=SCOPE_OFFICER,
    count_key="attachments",
    date_column="created_at",
)
# A template's payload is its TOML source, parsed and checked when installed
# (field_app.store.templates), so sync applies no model to it.
TEMPLATE = RecordKind(
    name="template",
    table="templates",
    label=N_("checklist template"),
    load_model=None,
    repository="templates",
    scope=SCOPE_GLOBAL,
    key_columns=("id", "version"),
)
# A newer list of provinces and communes from headquarters: CSV text in the shipped
# file's form, checked by field_app.places when used, so sync applies no model to it.
PLACE_LIST = RecordKind(
    name="place_list",
    table="place_lists",
    label=N_("list of provinces and communes"),
    load_model=None,
    repository="place_lists",
    scope=SCOPE_GLOBAL,
)
# Headquarters' review of a completed record; it changes when the reviewer decides
# again, so it merges per field. Pulled only: a device never writes one.
REVIEW = RecordKind(
    name="review",
    table="reviews",
    label=N_("review"),
    load_model=_review,
    repository="reviews",
    mergeable=True,
    scope=SCOPE_HQ_ENTERPRISE,
    date_column="reviewed_at",
)


def _checklist_kinds() -> list[RecordKind]:
    """The `KIND` of every module in `field_app/checklist_kinds/`, 5S and VietGAP first."""
    import importlib
    import pkgutil

    import field_app.checklist_kinds as package

    found = [AUDIT_5S, VIETGAP_CHECK]
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        described = importlib.import_module(f"{package.__name__}.{module}").KIND
        if described not in found:
            found.append(described)
    return found


KINDS: dict[str, RecordKind] = {
    k.name: k
    # Order: the registry, what officers did there, the programme's records; export
    # sheets and `status` follow it.
    for k in (
        ENTERPRISE,
        VISIT,
        *_checklist_kinds(),
        ACTION,
        SUPPORT,
        CERTIFICATION,
        TRAINING_COURSE,
        ATTACHMENT,
        TEMPLATE,
        PLACE_LIST,
        REVIEW,
    )
}


def kind(name: str) -> RecordKind | None:
    """The kind called `name`, or None when this version does not know it."""
    return KINDS.get(name)


def checklist_kinds() -> list[RecordKind]:
    """Kinds filled against a checklist template (5S audits, VietGAP checks...)."""
    return [k for k in KINDS.values() if k.checklist is not None]


def checklist_kind(template_kind: str) -> RecordKind:
    """The record kind filled against templates of `template_kind` ("5s" -> audit_5s)."""
    for k in checklist_kinds():
        assert k.checklist is not None
        if k.checklist.template_kind == template_kind:
            return k
    raise KeyError(template_kind)


def pdf_kinds() -> list[RecordKind]:
    """Kinds that have a PDF report, in registry order."""
    return [k for k in KINDS.values() if k.pdf is not None]
