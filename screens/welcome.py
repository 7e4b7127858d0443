"""First run: who the officer is, and what to start with (demo data, a file, nothing)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, ProgressBar, Static

from field_app.i18n import _
from field_app.place_choice import prepare, province_suggestions, settle_province
from screens.base import FieldScreen
from screens.widgets.field_input import FormField
from screens.widgets.place_chooser import CHOOSER_HELP, PlaceChooser

DEMO_ENTERPRISES = 200
DEMO_VISITS = 400


class WelcomeScreen(FieldScreen):
    """Asks for the officer's name and province, then how to fill the registry."""

    class DemoLoaded(Message):
        """Demo data was written (or failed with `error`)."""

        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def screen_title(self) -> str:
        return _("Welcome")

    def help_text(self) -> str:
        return (
            _(
                "Type your name and province: they are saved in your settings and written on "
                "your visits and reports. Then choose how to start: with demo data to try the "
                "program, by importing your province's enterprise list, or with an empty registry."
            )
            + "\n"
            + _(CHOOSER_HELP)
        )

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="welcome"):
            yield Static(_("Welcome to the field app."), classes="section-title")
            yield Static(
                _(
                    "This laptop keeps everything offline and sends it to headquarters when a "
                    "connection is available."
                ),
            )
            yield FormField(_("Your full name"), Input(id="f-officer"), id="ff-officer")
            yield FormField(
                _("Province"),
                PlaceChooser(
                    province_suggestions,
                    settle_province,
                    input_id="f-province",
                    placeholder=_("type the province, marks optional"),
                    prepare=prepare,
                    id="pc-province",
                ),
                id="ff-province",
            )
            yield Static(_("How do you want to start?"), classes="section-title")
            with Horizontal(id="welcome-choices"):
                yield Button(_("Load demo data"), id="demo", variant="primary")
                yield Button(_("Import an enterprise file"), id="import")
                yield Button(_("Start empty"), id="empty")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="welcome-status")

    def on_mount(self) -> None:
        super().on_mount()
        settings = self.field_app.settings
        self.query_one("#f-officer", Input).value = settings.officer_name
        self.query_one("#pc-province", PlaceChooser).value = settings.province
        self.query_one("#f-officer", Input).focus()
        from screens.startup_probe import report_ready

        self.call_after_refresh(report_ready, self.app, "data")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        self.focus_next()

    @on(PlaceChooser.Chosen, "#pc-province")
    def _province_chosen(self, event: PlaceChooser.Chosen) -> None:
        self.query_one("#ff-province", FormField).show_error(event.settled.error or None)

    def _province(self) -> str | None:
        """The official province chosen, or None (the reason shown under the field)."""
        chooser = self.query_one("#pc-province", PlaceChooser)
        field = self.query_one("#ff-province", FormField)
        settled = chooser.settled()
        if settled.value:
            chooser.settle()  # the official name (and any note) on screen
            field.show_error(None)
            return settled.value
        field.show_error(
            settled.error
            or _("Choose your province: type its name (marks optional) and pick it from the list.")
        )
        chooser.focus()
        return None

    def _save_officer(self) -> bool:
        name = self.query_one("#f-officer", Input).value.strip()
        field = self.query_one("#ff-officer", FormField)
        if not name:
            field.show_error(_("Type your name: it is written on every visit."))
            self.query_one("#f-officer", Input).focus()
            return False
        field.show_error(None)
        province = self._province()
        if province is None:
            return False
        self.field_app.save_officer(name, province)
        return True

    @on(Button.Pressed, "#demo")
    def _demo(self, event: Any) -> None:
        if not self._save_officer():
            return
        store, today = self.store, self.field_app.today
        province = self.field_app.settings.province
        self.query_one("#welcome-status", Static).update(_("Making demo data…"))
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=3, progress=0)

        def run() -> None:
            from field_app.demo import generate

            def progress(stage: str, count: int) -> None:
                self.app.call_from_thread(bar.advance, 1)

            try:
                generate(
                    store,
                    enterprises=DEMO_ENTERPRISES,
                    visits=DEMO_VISITS,
                    today=today,
                    progress=progress,
                    province=province,
                )
            except Exception as exc:
                self.post_message(self.DemoLoaded(str(exc)))
                return
            self.post_message(self.DemoLoaded(None))

        self.run_worker(run, thread=True, group="demo", exclusive=True)

    def on_welcome_screen_demo_loaded(self, message: DemoLoaded) -> None:
        if message.error:
            self.query_one("#welcome-status", Static).update("[b $error]" + message.error + "[/]")
            return
        self.field_app.finish_welcome()

    @on(Button.Pressed, "#import")
    def _import(self, event: Any) -> None:
        if self._save_officer():
            self.field_app.finish_welcome(then="import")

    @on(Button.Pressed, "#empty")
    def _empty(self, event: Any) -> None:
        if self._save_officer():
            self.field_app.finish_welcome()

    async def action_back(self) -> None:
        """Nothing to go back to on the first screen."""
