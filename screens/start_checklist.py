"""Starting a checklist record (5S audit, VietGAP check...): the enterprise, what is
checked (the area, the crop) and the form. The newest version of each form is offered;
the record keeps that version. Any kind with a `checklist` in `field_app.kinds` and a
form with start texts in `screens.registry` starts here."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Select, Static

from field_app.i18n import N_, _
from field_app.kinds import KINDS, Checklist, RecordKind
from field_app.models.template import ChecklistTemplate
from screens.base import FieldScreen
from screens.draft_start import start_draft
from screens.registry import FORMS, StartTexts
from screens.widgets.field_input import FormField


class StartChecklistScreen(FieldScreen):
    """Choose what to audit, then open the new draft (after the open actions, if any)."""

    CSS_PATH = "audits.tcss"
    BINDINGS = [Binding("ctrl+s", "start", N_("Start"))]

    class Ready(Message):
        """The enterprise's name and the forms to choose from, read in a worker."""

        def __init__(self, name: str, forms: list[ChecklistTemplate]) -> None:
            super().__init__()
            self.name = name
            self.forms = forms

    def __init__(self, kind: str, enterprise_id: str | None = None) -> None:
        super().__init__()
        self.record_kind: RecordKind = KINDS[kind]
        assert self.record_kind.checklist is not None, f"{kind} is not a checklist kind"
        self.checklist: Checklist = self.record_kind.checklist
        start = FORMS[kind].start
        assert start is not None, f"the {kind} form has no start texts"
        self.texts: StartTexts = start
        self.enterprise_id = enterprise_id
        self.forms: list[ChecklistTemplate] = []

    def screen_title(self) -> str:
        return _(self.texts.title)

    def help_text(self) -> str:
        return _(
            "Choose the form (the newest version is used), write the area audited or the "
            "crop and plots checked, then press Enter or Ctrl+S. The enterprise's open "
            "corrective actions are shown first, to be checked off."
        )

    def compose_body(self) -> ComposeResult:
        label = _(self.texts.subject_label)
        with Vertical(id="start-form"):
            yield Static("", id="start-enterprise")
            yield FormField(_("Form"), Select([], id="s-form"), id="sf-form")
            yield FormField(label, Input(id="s-area"), id="sf-area")
            yield FormField(
                _("Auditors (separated by commas)"),
                Input(self.field_app.settings.officer_name, id="s-auditors"),
                id="sf-auditors",
            )

    def on_mount(self) -> None:
        super().on_mount()
        if self.enterprise_id is None:
            from screens.enterprise_list import EnterpriseListScreen

            self.app.push_screen(EnterpriseListScreen(pick=True), self._picked)
        else:
            self._load()

    def _picked(self, chosen: str | None) -> None:
        if not chosen:
            self.app.pop_screen()
            return
        self.enterprise_id = chosen
        self._load()

    def _load(self) -> None:
        store, ent_id, template_kind = self.store, self.enterprise_id, self.checklist.template_kind

        def run() -> None:
            ent = store.enterprises.get(ent_id) if ent_id else None
            forms = store.templates.latest(template_kind)
            self.post_message(self.Ready(ent.name if ent else "", forms))

        self.run_worker(run, thread=True, group="start")

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        self.forms = message.forms
        self.query_one("#start-enterprise", Static).update(f"[b]{message.name}[/b]")
        select = self.query_one("#s-form", Select)
        select.set_options(
            [(f"{f.title()} (v{f.version}, {f.standard.code})", f.id) for f in message.forms]
        )
        if message.forms:
            select.value = message.forms[0].id
        self.query_one("#s-area", Input).focus()

    @on(Input.Submitted, "#s-area")
    @on(Input.Submitted, "#s-auditors")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Create the draft and open it."""
        area = self.query_one("#s-area", Input).value.strip()
        form_id = self.query_one("#s-form", Select).value
        form = next((f for f in self.forms if f.id == form_id), None)
        if form is None or self.enterprise_id is None:
            return
        if self.checklist.subject_required and not area:
            self.query_one("#sf-area", FormField).show_error(_(self.texts.subject_missing))
            return
        self.query_one("#sf-area", FormField).show_error(None)
        typed = self.query_one("#s-auditors", Input).value
        auditors = [n.strip() for n in typed.replace(";", ",").split(",") if n.strip()]
        if not auditors:
            self.query_one("#sf-auditors", FormField).show_error(
                _("auditors: at least one auditor is required")
            )
            return
        store, ent_id, record_kind = self.store, self.enterprise_id, self.record_kind
        today = self.field_app.today
        fields: dict[str, Any] = {
            "enterprise_id": ent_id,
            "template_id": form.id,
            "template_version": form.version,
            "auditors": auditors,
            self.checklist.subject_field: area,
            record_kind.date_column or "created_at": today,
        }

        def save() -> str:
            model = record_kind.model
            assert model is not None
            return str(getattr(store, record_kind.repository).save_draft(model(**fields)).id)

        start_draft(self, save, self._open_draft)

    def _open_draft(self, record_id: str) -> None:
        from screens.open_actions import offer_open_actions

        kind = self.record_kind.name
        self.app.switch_screen(FORMS[kind].open(record_id, True))
        assert self.enterprise_id is not None
        offer_open_actions(self.field_app, self.enterprise_id, kind, record_id)
