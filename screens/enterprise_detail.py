"""One enterprise: its profile (edited and validated in place), certificates with
expiry warnings, support registrations and the timeline of visits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, format_date, format_money, ngettext
from field_app.models.enterprise import (
    Certification,
    Enterprise,
    EnterpriseKind,
    SupportRegistration,
)
from field_app.models.visit import RecordStatus, Visit
from field_app.place_choice import (
    Settled,
    commune_suggestions,
    prepare,
    province_suggestions,
    settle_commune,
    settle_province,
)
from screens.audit_timeline import add_timeline_rows, open_timeline_row, timeline_records
from screens.base import FieldScreen
from screens.labels import kind_label, purpose_label, support_status_label
from screens.validation import field_errors
from screens.widgets.field_input import FormField
from screens.widgets.place_chooser import CHOOSER_HELP, PlaceChooser

EXPIRY_WARNING_DAYS = 90

# (field, label) of the profile fields the form edits; labels are translated when shown.
PROFILE_FIELDS: list[tuple[str, str]] = [
    ("name", N_("Name")),
    ("tax_code", N_("Tax code")),
    ("province", N_("Province")),
    ("commune", N_("Commune / ward")),
    ("address", N_("Address")),
    ("representative", N_("Representative")),
    ("phone", N_("Phone")),
    ("email", N_("Email")),
    ("sector", N_("Sector")),
    ("main_products", N_("Main products")),
    ("ocop_stars", N_("OCOP stars (3-5)")),
]


@dataclass
class EnterpriseData:
    """Everything the screen shows, loaded together in a worker."""

    enterprise: Enterprise
    certifications: list[Certification] = field(default_factory=list)
    supports: list[SupportRegistration] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    records: list[tuple[str, Any]] = field(default_factory=list)
    """Audits, checks and other registered records, as (kind, record); see
    screens.audit_timeline."""


@dataclass
class SaveResult:
    """How a profile save ended: saved, refused (error) or held for a duplicate tax code."""

    enterprise: Enterprise | None = None
    error: Exception | None = None
    duplicate: Enterprise | None = None


def _shown(value: Any) -> str:
    """A saved value as its field shows it."""
    return "" if value is None else str(value)


class EnterpriseDetailScreen(FieldScreen):
    """Profile, certificates, support and visit history of one enterprise."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save profile")),
        Binding("f4", "new_visit", N_("New visit")),
    ]

    class Loaded(Message):
        """The enterprise's records, read in a worker."""

        def __init__(self, data: EnterpriseData | None) -> None:
            super().__init__()
            self.data = data

    def __init__(self, enterprise_id: str) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.data: EnterpriseData | None = None
        self._discarded = False  # the officer chose to leave without saving the edits
        self._leaving: Callable[[], Awaitable[Any]] | None = None

    def screen_title(self) -> str:
        if self.data:
            return self.data.enterprise.name
        return _("Enterprise")

    def help_text(self) -> str:
        return (
            _(
                "Edit the profile on the left; each field is checked as you type and says what "
                "to fix. Ctrl+S saves the profile.\n"
                "On the right: certificates (with a warning when one expires within 90 days), "
                "support registrations, and every visit, newest first. Enter on a visit opens it; "
                "F4 starts a new visit to this enterprise, F8 a 5S audit and F9 a VietGAP check; "
                "when one of that kind is still a draft, you can continue it instead."
            )
            + "\n"
            + _(CHOOSER_HELP)
        )

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="detail"):
            with VerticalScroll(id="profile"):
                yield Static(_("Profile"), classes="section-title")
                yield FormField(
                    _("Kind"),
                    Select(
                        [(kind_label(k), k.value) for k in EnterpriseKind],
                        allow_blank=False,
                        compact=True,
                        id="f-kind",
                    ),
                    id="ff-kind",
                )
                for name, label in PROFILE_FIELDS:
                    yield FormField(_(label), self._editor(name), id=f"ff-{name}")
            with VerticalScroll(id="records"):
                yield Static(_("Certificates"), classes="section-title")
                yield Static("", id="certs")
                yield Static(_("Support registrations"), classes="section-title")
                yield Static("", id="supports")
                yield Static(_("Visits"), classes="section-title")
                yield OptionList(id="timeline")

    def _editor(self, name: str) -> Input | PlaceChooser:
        """The editing widget of a profile field: places are chosen from the 2025 list."""
        if name == "province":
            return PlaceChooser(
                province_suggestions,
                settle_province,
                input_id="f-province",
                placeholder=_("type the province, marks optional"),
                compact=True,
                prepare=prepare,
                id="pc-province",
            )
        if name == "commune":
            return PlaceChooser(
                lambda text: commune_suggestions(self._province_now(), text),
                lambda text: settle_commune(self._province_now(), text),
                input_id="f-commune",
                placeholder=_("type the commune, marks optional"),
                compact=True,
                prepare=prepare,
                id="pc-commune",
            )
        return Input(id=f"f-{name}", compact=True)

    def _province_now(self) -> str | None:
        """The official province the form holds now (communes are chosen within it)."""
        return self.query_one("#pc-province", PlaceChooser).settled().value or None

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        """Read the enterprise and its records in a worker."""
        store, ent_id = self.store, self.enterprise_id

        def run() -> None:
            ent = store.enterprises.get(ent_id)
            if ent is None:
                self.post_message(self.Loaded(None))
                return
            self.post_message(
                self.Loaded(
                    EnterpriseData(
                        ent,
                        store.enterprises.certifications(ent_id),
                        store.enterprises.supports(ent_id),
                        store.visits.for_enterprise(ent_id),
                        timeline_records(store, ent_id),
                    )
                )
            )

        self.run_worker(run, thread=True, group="load")

    def on_enterprise_detail_screen_loaded(self, message: Loaded) -> None:
        if message.data is None:
            self.notify(_("This enterprise no longer exists."), severity="error")
            return
        self.data = message.data
        self.title = self.screen_title()
        self._fill_profile(message.data.enterprise)
        self.query_one("#certs", Static).update(self._certs_text(message.data.certifications))
        self.query_one("#supports", Static).update(self._supports_text(message.data.supports))
        self._fill_timeline(message.data.visits)
        add_timeline_rows(self.query_one("#timeline", OptionList), message.data.records)

    def _fill_profile(self, ent: Enterprise) -> None:
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#f-kind", Select).value = ent.kind.value
            for name, _label in PROFILE_FIELDS:
                self.query_one(f"#f-{name}", Input).value = _shown(getattr(ent, name))
        for chooser in self.query(PlaceChooser):
            chooser.reset()
        for form_field in self.query(FormField):
            form_field.show_error(None)
        self.query_one("#f-name", Input).focus()

    def _certs_text(self, certs: list[Certification]) -> str:
        if not certs:
            return _("No certificate recorded.")
        today = self.field_app.today
        lines = []
        for cert in certs:
            line = f"• {cert.standard} {cert.number}".rstrip()
            if cert.valid_until:
                line += " — " + _("valid until {date}").format(date=format_date(cert.valid_until))
            days = cert.days_left(today)
            if days is not None and days < 0:
                line += "  [b $error]" + _("EXPIRED") + "[/]"
            elif days is not None and days <= EXPIRY_WARNING_DAYS:
                line += (
                    "  [b $warning]"
                    + ngettext("expires in {n} day", "expires in {n} days", days).format(n=days)
                    + "[/]"
                )
            lines.append(line)
        return "\n".join(lines)

    def _supports_text(self, supports: list[SupportRegistration]) -> str:
        if not supports:
            return _("No support registration.")
        return "\n".join(
            f"• {s.year} {s.tool}: {format_money(s.amount_vnd) or '-'}"
            f" ({support_status_label(s.status)})"
            for s in supports
        )

    def _fill_timeline(self, visits: list[Visit]) -> None:
        timeline = self.query_one("#timeline", OptionList)
        timeline.clear_options()
        replaced = {v.supersedes for v in visits if v.supersedes and v.status == "completed"}
        if not visits:
            timeline.add_option(Option(_("No visit yet."), disabled=True))
            return
        for visit in visits:
            status = _("draft") if visit.status == RecordStatus.DRAFT else _("completed")
            text = f"{format_date(visit.visit_date)}  {purpose_label(visit.purpose)}  ({status})"
            if visit.id in replaced:
                text += "  " + _("superseded by a correction")
            elif visit.supersedes:
                text += "  " + _("correction")
            timeline.add_option(Option(text, id=visit.id))

    @on(OptionList.OptionSelected, "#timeline")
    def _open_visit(self, event: OptionList.OptionSelected) -> None:
        from screens.visit_form import VisitFormScreen

        if open_timeline_row(self.app, event.option.id, self.load):
            return
        if event.option.id:
            self.app.push_screen(VisitFormScreen(event.option.id), lambda _r: self.load())

    # -- editing -----------------------------------------------------------------

    def form_changes(self, places: dict[str, Settled] | None = None) -> dict[str, Any]:
        """Profile values as typed now (`places`: `_changed_places()`, when known)."""
        changes: dict[str, Any] = {"kind": self.query_one("#f-kind", Select).value}
        for name, _label in PROFILE_FIELDS:
            changes[name] = self.query_one(f"#f-{name}", Input).value
        changes["ocop_stars"] = changes["ocop_stars"].strip() or None
        if self.data is not None:
            if places is None:
                places = self._changed_places()
            for name, settled in places.items():
                if settled.value is not None:  # typed any way: saved as the official name
                    changes[name], changes[f"{name}_code"] = settled.value, settled.code
        return changes

    def _changed_places(self) -> dict[str, Settled]:
        """How the province and commune fields settle, for those the officer changed
        (a saved value off the 2025 list is left as it is until edited). A new
        province makes the commune be checked again: it must be in that province."""
        assert self.data is not None
        saved = self.data.enterprise
        found: dict[str, Settled] = {}
        province = self.query_one("#pc-province", PlaceChooser)
        commune = self.query_one("#pc-commune", PlaceChooser)
        moved = province.value != _shown(saved.province)
        if moved or commune.value != _shown(saved.commune):
            # A commune is chosen within the province: a pre-2025 province kept from an
            # import (Hà Giang) is saved as its 2025 one with it, or the two would disagree.
            found["province"] = province.settled()
            found["commune"] = commune.settled()
        return found

    def validate_form(self) -> dict[str, str]:
        """Check the typed profile without saving; show each problem under its field."""
        if self.data is None:
            return {}
        places = self._changed_places()  # settled once per keystroke, not per use
        try:
            typed = self.form_changes(places)
            Enterprise.model_validate({**self.data.enterprise.model_dump(), **typed})
            errors: dict[str, str] = {}
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            errors = field_errors(exc)
        for name, settled in places.items():
            if settled.value is None:
                errors[name] = settled.error
        for form_field in self.query(FormField):
            name = (form_field.id or "").removeprefix("ff-")
            form_field.show_error(errors.get(name))
        return errors

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self, event: Message) -> None:
        if isinstance(event, Input.Changed) and not (event.input.id or "").startswith("f-"):
            return
        self.validate_form()

    def pending_changes(self) -> dict[str, Any]:
        """The profile fields the officer changed and has not saved (values as typed)."""
        if self.data is None:
            return {}
        saved = self.data.enterprise
        typed = self.form_changes()
        try:
            merged = Enterprise.model_validate({**saved.model_dump(), **typed})
        except ValueError:  # something does not validate: every differing text counts
            return {k: v for k, v in typed.items() if str(v or "") != _shown(getattr(saved, k))}
        return {k: typed[k] for k in typed if getattr(merged, k) != getattr(saved, k)}

    async def action_save(self) -> None:
        """Validate, then save the changed fields (a tax code another enterprise of the
        province holds is not saved without the officer's explicit confirmation)."""
        await self.save_profile()

    async def save_profile(self, *, confirm_duplicate: bool = False, ask: bool = True) -> bool:
        """Save pending valid edits; True when nothing is left to save. With `ask`
        False a duplicate tax code is left unsaved without a question."""
        if self.data is None:
            return True
        for name, settled in self._changed_places().items():
            if settled.value:  # show the official name (and any note) being saved
                self.query_one(f"#pc-{name}", PlaceChooser).settle()
        if self.validate_form():
            self.notify(_("Fix the fields marked in red first."), severity="error")
            return False
        if not self.pending_changes():
            return True
        store, ent_id, changes = self.store, self.enterprise_id, self.form_changes()
        officer = self.field_app.settings.officer_name

        def run() -> SaveResult:
            try:
                other = (
                    None
                    if confirm_duplicate
                    else store.enterprises.same_tax_code(
                        ent_id, changes.get("tax_code") or "", changes.get("province") or ""
                    )
                )
                if other is not None:
                    return SaveResult(duplicate=other)
                saved = store.enterprises.update(ent_id, changes)
                if confirm_duplicate:
                    store.enterprises.record_duplicate_tax_code(ent_id, officer)
                return SaveResult(enterprise=saved)
            except Exception as exc:  # shown to the officer, nothing half-written
                return SaveResult(error=exc)

        worker = self.run_worker(run, thread=True, group="save")
        result: SaveResult = await worker.wait()
        return self._saved(result, ask)

    def _saved(self, result: SaveResult, ask: bool) -> bool:
        if result.duplicate is not None:
            if ask:
                self._ask_duplicate(result.duplicate)
            return False
        if result.error is not None:
            errors = field_errors(result.error)
            self.notify("; ".join(errors.values()), severity="error")
            return False
        assert self.data is not None and result.enterprise is not None
        self.data.enterprise = result.enterprise
        self.title = self.screen_title()
        self.notify(_("Profile saved."))
        self.field_app.profile_saved(result.enterprise.id)
        return True

    def _ask_duplicate(self, other: Enterprise) -> None:
        """Another enterprise of the province has this tax code: say which, and ask."""
        from screens.choice import ChoiceScreen

        then, self._leaving = self._leaving, None
        place = ", ".join(p for p in (other.commune, other.province) if p)
        body = _(
            "Tax code {code} already belongs to:\n  [b]{name}[/b] ({place})\n"
            "Headquarters merges enterprises of a province that share a tax code, so "
            "saving it here could make two enterprises one."
        ).format(code=other.tax_code, name=other.name, place=place or "-")

        async def answered(choice: str | None) -> None:
            if choice == "open":
                self.app.push_screen(EnterpriseDetailScreen(other.id))
            elif choice == "save":
                if await self.save_profile(confirm_duplicate=True) and then is not None:
                    await then()
            else:
                self.query_one("#f-tax_code", Input).focus()

        self.app.push_screen(
            ChoiceScreen(
                _("This tax code is already in the registry"),
                body,
                [
                    ("open", _("Open {name} instead").format(name=other.name)),
                    ("fix", _("Correct the tax code")),
                    ("save", _("Save anyway: they are different enterprises")),
                ],
            ),
            answered,
        )

    async def before_leave(self, then: Callable[[], Awaitable[Any]] | None = None) -> bool:
        """Save valid pending edits; ask when a field is invalid (stay or drop them)."""
        if self.data is None or self._discarded or not self.pending_changes():
            return True
        errors = self.validate_form()
        if not errors:
            self._leaving = then
            saved = await self.save_profile()
            self._leaving = None
            return saved
        from screens.choice import ChoiceScreen

        async def answered(choice: str | None) -> None:
            if choice == "discard":
                self._discarded = True
                assert self.data is not None
                self._fill_profile(self.data.enterprise)
                if then is not None:
                    await then()
            else:
                self._focus_first_error()

        labels = dict(PROFILE_FIELDS)
        lines = "\n".join(
            f"• {_(labels.get(name, name)) if name in labels else _('Kind')}: {message}"
            for name, message in errors.items()
        )
        self.app.push_screen(
            ChoiceScreen(
                _("Some profile fields need fixing"),
                _("These edits cannot be saved as they are:\n{lines}").format(lines=lines),
                [
                    ("stay", _("Stay and fix them")),
                    ("discard", _("Leave without saving the profile edits")),
                ],
            ),
            answered,
        )
        return False

    def _focus_first_error(self) -> None:
        for form_field in self.query(FormField):
            if form_field.has_class("-invalid"):
                form_field.editor.focus()
                return

    def on_screen_suspend(self) -> None:
        """Another screen opens on top (an F-key, the palette): save valid edits now;
        invalid ones stay in the fields (and leaving asks about them)."""
        if isinstance(self.app.screen, ModalScreen):
            return  # a dialog (help, a question): the officer comes straight back
        if self.data is not None and self.pending_changes() and not self.validate_form():
            self.run_worker(self.save_profile(ask=False), group="save-on-suspend")

    def action_new_visit(self) -> None:
        """Start a visit to this enterprise; offer to continue its unfinished draft."""
        drafts = [v for v in (self.data.visits if self.data else []) if v.status == "draft"]
        if not drafts:
            self.field_app.new_visit(self.enterprise_id, on_close=lambda: self.load())
            return
        from screens.draft_offer import offer_draft
        from screens.visit_form import VisitFormScreen

        draft = drafts[0]
        offer_draft(
            self,
            draft_label=_("Visit draft"),
            draft_date=draft.visit_date,
            new_label=_("Start a new visit"),
            continue_draft=lambda: self.app.push_screen(
                VisitFormScreen(draft.id), lambda _r: self.load()
            ),
            start_new=lambda: self.field_app.new_visit(
                self.enterprise_id, on_close=lambda: self.load()
            ),
        )

    def open_here(self, name: str) -> bool:
        """A registered screen asked from this page (F8, F9...): one that starts a record
        kind starts it for this enterprise, offering its unfinished draft first. False
        when `name` is not such a screen (the app opens it as usual)."""
        from screens.registry import FORMS, SCREENS

        kind = SCREENS[name].starts if name in SCREENS else None
        form = FORMS.get(kind) if kind else None
        if kind is None or form is None or form.start is None:
            return False
        from field_app.kinds import KINDS

        def start_new() -> None:
            from screens.start_checklist import StartChecklistScreen

            self.app.push_screen(StartChecklistScreen(kind, self.enterprise_id), self._reload)

        date_column = KINDS[kind].date_column or "created_at"
        drafts = [
            record
            for record_kind, record in (self.data.records if self.data else [])
            if record_kind == kind and record.status == RecordStatus.DRAFT
        ]
        if not drafts:
            start_new()
            return True
        draft = max(drafts, key=lambda r: str(getattr(r, date_column, "")))
        when = getattr(draft, date_column, None)
        from screens.draft_offer import offer_draft

        offer_draft(
            self,
            draft_label=_(form.draft_label),
            draft_date=when if isinstance(when, date) else None,
            new_label=_(form.start.title),
            continue_draft=lambda: self.app.push_screen(form.open(draft.id, False), self._reload),
            start_new=start_new,
        )
        return True

    def _reload(self, _result: Any = None) -> None:
        self.load()
