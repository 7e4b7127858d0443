"""Enrolling this laptop with headquarters from inside the interface (the form F10
offers when the device is not enrolled yet): the same step as `field-app enroll`,
with the same errors, in the officer's language."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from field_app.i18n import N_, _
from screens.base import FieldScreen
from screens.widgets.field_input import FormField


def enrolment_error(code: str, message: str) -> str:
    """What to tell the officer for headquarters' refusal `code` (its English
    sentence, as the CLI prints it, when the code is not one of these)."""
    texts = {
        "bad_code": _("headquarters does not know this code: check it, or ask for a new one"),
        "code_used": _("this code was already used: ask headquarters for a new one"),
        "revoked": _("headquarters revoked this officer's access: ask headquarters"),
        "device_taken": _("this laptop is already enrolled for another officer"),
    }
    return texts.get(code, message)


class EnrolScreen(FieldScreen):
    """Headquarters' address and the one-time code; Enter (or F5) enrols."""

    BINDINGS = [Binding("f5", "enrol", N_("Enrol"), priority=True)]

    class Done(Message):
        """Enrolment finished: the credentials, or the error to show."""

        def __init__(self, credentials: Any, error: str | None) -> None:
            super().__init__()
            self.credentials = credentials
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    def screen_title(self) -> str:
        return _("Enrol this laptop with headquarters")

    def help_text(self) -> str:
        return _(
            "Headquarters (the provincial department's sync server) gives each officer a "
            "one-time enrolment code when it adds them, together with its address. Type "
            "both here and press Enter: the laptop receives its own key, and from then on "
            "it syncs by itself. A code works once; ask headquarters for a new one if it "
            "was used or has expired."
        )

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="enrol"):
            yield Static(
                _(
                    "This laptop is not enrolled yet, so what you record stays here. "
                    "Headquarters gives you its address and a one-time code when it adds "
                    "you as an officer (ask the department's coordinator)."
                ),
                id="enrol-intro",
            )
            yield FormField(
                _("Headquarters address (e.g. https://hq.example.vn)"),
                Input(id="e-server"),
                id="ef-server",
            )
            yield FormField(_("One-time code"), Input(id="e-code"), id="ef-code")
            yield Static("", id="enrol-state")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#e-server", Input).focus()

    @on(Input.Submitted, "#e-server")
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#e-code", Input).focus()

    @on(Input.Submitted, "#e-code")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_enrol()

    def action_enrol(self) -> None:
        """Check the two fields, then enrol in a worker."""
        self.field_app.after_typing(self.enrol_now)

    def enrol_now(self) -> None:
        """Enrol with what the fields hold now."""
        if self.busy:
            return
        server = self.query_one("#e-server", Input).value.strip()
        code = self.query_one("#e-code", Input).value.strip()
        missing = {
            "server": _("write headquarters' address") if not server else None,
            "code": _("write the code headquarters gave you") if not code else None,
        }
        if server and not server.startswith(("http://", "https://")):
            missing["server"] = _("the address starts with https:// (or http://)")
        for name, message in missing.items():
            self.query_one(f"#ef-{name}", FormField).show_error(message)
        if any(missing.values()):
            return
        self.busy = True
        self.query_one("#enrol-state", Static).update(_("Enrolling…"))
        store = self.store

        def run() -> None:
            from sync.enrollment import enroll
            from sync.link import SyncError

            try:
                creds = enroll(store, server, code)
            except SyncError as exc:  # the CLI's errors, in the officer's language
                self.post_message(self.Done(None, enrolment_error(exc.code, str(exc))))
                return
            except ValueError:  # the request itself does not validate: a malformed code
                self.post_message(self.Done(None, _("this code is too short: check it")))
                return
            except Exception as exc:  # a malformed address: said, never a traceback
                self.post_message(
                    self.Done(
                        None, _("cannot reach {server}: {error}").format(server=server, error=exc)
                    )
                )
                return
            self.post_message(self.Done(creds, None))

        self.run_worker(run, thread=True, group="enrol")

    def on_enrol_screen_done(self, message: Done) -> None:
        self.busy = False
        state = self.query_one("#enrol-state", Static)
        if message.error is not None:
            state.update(
                "[b $error]" + _("Not enrolled: {error}").format(error=message.error) + "[/]"
            )
            return
        creds = message.credentials
        self.field_app.identity_from_headquarters(creds.officer, creds.province)
        self.notify(
            _("Enrolled as {officer} ({province}).").format(
                officer=creds.officer, province=creds.province
            )
        )
        self.dismiss(True)
