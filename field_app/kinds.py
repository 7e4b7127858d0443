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

Models, repositories, sheets and PDF writers are imported inside small loader
functions, not at the top: this module is imported at start-up and must stay light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.i18n import N_

if TYPE_CHECKING:
    from pydantic import BaseModel

    from field_app.export.kinds import Kind as Sheet
    from field_app.store import Store

# How a record finds its province, which decides who may write it and who receives it.
SCOPE_SELF = "self"  # the record's own `province` field (the enterprise profile)
SCOPE_ENTERPRISE = "enterprise"  # the province of the enterprise named by `enterprise_id`
SCOPE_OFFICER = "officer"  # the province of the officer who sent it
SCOPE_GLOBAL = "global"  # headquarters only, sent to every province (templates)
# Written at headquarters only, sent to the province of the enterprise (reviews).
SCOPE_HQ_ENTERPRISE = "hq_enterprise"


@dataclass(frozen=True)
class PdfReport:
    """A kind's printable report."""

    command: str
    """The word after `field-app report` (kept from earlier versions: users type it)."""
    file_tag: str
    """The short tag in the report's default file name (`<enterprise>_<tag>_<date>.pdf`)."""
    write: Callable[[Store, str, Path], Path]
    """Write the report of one record (store, record id, output path) and return the path."""
    help: str = ""
    """The command's help line (`field-app report --help`)."""


@dataclass(frozen=True)
class Checklist:
    """What a kind filled against a checklist template adds to its description."""

    template_kind: str
    """`kind` in the template files ("5s", "vietgap"): which forms this record uses."""
    subject_field: str
    """The model field naming what was checked (the 5S area, the VietGAP crop and plots)."""
    subject_required: bool
    """True when a draft cannot start without it (a 5S area is compared over time)."""


@dataclass(frozen=True)
class RecordKind:
    """Everything generic code needs to know about one record kind."""

    name: str
    """The kind's one name: in code, in the outbox and on the wire."""
    table: str
    """Table holding it on the device (and at headquarters, inside `records`)."""
    label: str
    """English `N_()` label, translated when shown ("5S audit")."""
    load_model: Callable[[], type[BaseModel]] | None
    """Returns the pydantic model validating a whole record (None: validated elsewhere)."""
    repository: str
    """Attribute of `Store` that reads and writes it."""
    load_repository: Callable[[], Callable[[Store], Any]] | None = None
    """Returns the repository class, built once per Store; None when another kind's
    repository holds this one (certificates and support belong to the enterprise)."""
    mergeable: bool = False
    """True: edits merge per field by clock. False: append-only once completed."""
    scope: str = SCOPE_ENTERPRISE
    """How headquarters finds the record's province (one of the SCOPE_* values)."""
    key_columns: tuple[str, ...] = ("id",)
    """Columns identifying a row in the device's table."""
    count_key: str | None = None
    """Key in `status --json` counting this kind (None: not counted)."""
    sheets: Callable[[Store], Sequence[Sheet]] | None = None
    """Returns the export sheets of this kind, headers in the current language."""
    pdf: PdfReport | None = None
    date_column: str | None = None
    """The date placing a record in a period (exports, reports, timelines)."""
    yearly: bool = False
    """True when `date_column` holds a year, not a date (support is granted per year)."""
    plural: str = ""
    """English `N_()` count of more than one ("{n} 5S audits"), for counts written as a
    person would ("2 visits, 1 5S audit"); "": the kind is not counted in sentences."""
    checklist: Checklist | None = None
    """Set for kinds filled against a checklist template."""

    def day_sql(self, alias: str) -> str:
        """SQL giving the record's day (or year) from `date_column`, for table `alias`.

        A `..._at` column is a UTC timestamp: its first ten characters are the day."""
        column = f"{alias}.{self.date_column or 'created_at'}"
        return f"substr({column}, 1, 10)" if column.endswith("_at") else column

    @property
    def model(self) -> type[BaseModel] | None:
        """The pydantic model class (imported on first use)."""
        return self.load_model() if self.load_model else None

    def validator(self) -> type[BaseModel] | None:
        """The model a synced record must satisfy (None: no model check)."""
        return self.model


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


def _audit_5s() -> type[BaseModel]:
    from field_app.models.audit_5s import Audit5S

    return Audit5S


def _vietgap_check() -> type[BaseModel]:
    from field_app.models.vietgap import VietGAPCheck

    return VietGAPCheck


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


def _enterprise_repo() -> Callable[[Store], Any]:
    from field_app.store.enterprises import EnterpriseRepo

    return EnterpriseRepo


def _visit_repo() -> Callable[[Store], Any]:
    from field_app.store.visits import VisitRepo

    return VisitRepo


def _audit_repo() -> Callable[[Store], Any]:
    from field_app.store.audits_5s import AuditRepo

    return AuditRepo


def _vietgap_repo() -> Callable[[Store], Any]:
    from field_app.store.vietgap_checks import VietGAPRepo

    return VietGAPRepo


def _action_repo() -> Callable[[Store], Any]:
    from field_app.store.actions import ActionRepo

    return ActionRepo


def _attachment_repo() -> Callable[[Store], Any]:
    from field_app.store.attachments import AttachmentRepo

    return AttachmentRepo


def _place_list_repo() -> Callable[[Store], Any]:
    from field_app.store.place_lists import PlaceListRepo

    return PlaceListRepo


def _template_repo() -> Callable[[Store], Any]:
    from field_app.store.templates import TemplateRepo

    return TemplateRepo


def _review_repo() -> Callable[[Store], Any]:
    from field_app.store.reviews import ReviewRepo

    return ReviewRepo


def _training_repo() -> Callable[[Store], Any]:
    from field_app.store.training_courses import TrainingRepo

    return TrainingRepo


def _enterprise_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.kinds import enterprises_kind

    return [enterprises_kind()]


def _visit_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.kinds import visits_kind

    return [visits_kind()]


def _audit_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.audit_kinds import audit_items_kind, audits_kind

    return [audits_kind(store), audit_items_kind()]


def _vietgap_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.audit_kinds import vietgap_kind

    return [vietgap_kind()]


def _action_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.audit_kinds import actions_kind

    return [actions_kind()]


def _support_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.kinds import supports_kind

    return [supports_kind()]


def _certification_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.kinds import certifications_kind

    return [certifications_kind()]


def _training_sheets(store: Store) -> Sequence[Sheet]:
    from field_app.export.training_sheet import training_courses_sheet

    return [training_courses_sheet()]


def _visit_pdf(store: Store, record_id: str, output: Path) -> Path:
    from field_app.reports.visit_report import visit_report

    return visit_report(store, record_id, output)


def _audit_pdf(store: Store, record_id: str, output: Path) -> Path:
    from field_app.reports.audit_report import audit_report

    return audit_report(store, record_id, output)


def _vietgap_pdf(store: Store, record_id: str, output: Path) -> Path:
    from field_app.reports.vietgap_report import vietgap_report

    return vietgap_report(store, record_id, output)


# -- the registry ----------------------------------------------------------------------

ENTERPRISE = RecordKind(
    name="enterprise",
    table="enterprises",
    label=N_("enterprise"),
    load_model=_enterprise,
    repository="enterprises",
    load_repository=_enterprise_repo,
    mergeable=True,
    scope=SCOPE_SELF,
    count_key="enterprises",
    sheets=_enterprise_sheets,
    date_column="created_at",
)
VISIT = RecordKind(
    name="visit",
    table="visits",
    label=N_("visit"),
    plural=N_("{n} visits"),
    load_model=_visit,
    repository="visits",
    load_repository=_visit_repo,
    count_key="visits",
    sheets=_visit_sheets,
    pdf=PdfReport("visit", "visit", _visit_pdf, "PDF report of a site visit"),
    date_column="visit_date",
)
AUDIT_5S = RecordKind(
    name="audit_5s",
    table="audits_5s",
    label=N_("5S audit"),
    plural=N_("{n} 5S audits"),
    load_model=_audit_5s,
    repository="audits_5s",
    load_repository=_audit_repo,
    count_key="audits_5s",
    sheets=_audit_sheets,
    pdf=PdfReport(
        "audit", "5s", _audit_pdf, "PDF report of a 5S audit (or of a VietGAP check, given its id)"
    ),
    date_column="audit_date",
    checklist=Checklist(template_kind="5s", subject_field="area", subject_required=True),
)
VIETGAP_CHECK = RecordKind(
    name="vietgap_check",
    table="vietgap_checks",
    label=N_("VietGAP check"),
    plural=N_("{n} VietGAP checks"),
    load_model=_vietgap_check,
    repository="vietgap_checks",
    load_repository=_vietgap_repo,
    count_key="vietgap_checks",
    sheets=_vietgap_sheets,
    pdf=PdfReport("vietgap", "vietgap", _vietgap_pdf, "PDF report of a VietGAP check"),
    date_column="check_date",
    checklist=Checklist(template_kind="vietgap", subject_field="scope", subject_required=False),
)
# Actions change state (open -> done), so they merge per field like a profile.
ACTION = RecordKind(
    name="action",
    table="actions",
    label=N_("corrective action"),
    plural=N_("{n} corrective actions"),
    load_model=_action,
    repository="actions",
    load_repository=_action_repo,
    mergeable=True,
    count_key="actions",
    sheets=_action_sheets,
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
    load_repository=_training_repo,
    scope=SCOPE_OFFICER,
    count_key="training_courses",
    sheets=_training_sheets,
    date_column="start_date",
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
    sheets=_support_sheets,
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
    sheets=_certification_sheets,
    date_column="issued_on",
)
ATTACHMENT = RecordKind(
    name="attachment",
    table="attachments",
    label=N_("attachment"),
    load_model=_attachment,
    repository="attachments",
    load_repository=_attachment_repo,
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
    load_repository=_template_repo,
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
    load_repository=_place_list_repo,
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
    load_repository=_review_repo,
    mergeable=True,
    scope=SCOPE_HQ_ENTERPRISE,
    date_column="reviewed_at",
)

KINDS: dict[str, RecordKind] = {
    k.name: k
    # Order: the registry, what officers did there, the programme's records; export
    # sheets and `status` follow it.
    for k in (
        ENTERPRISE,
        VISIT,
        AUDIT_5S,
        VIETGAP_CHECK,
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
