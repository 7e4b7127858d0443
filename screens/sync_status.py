"""Sync in the interface: a status line on every screen, the sync screen (F10) with
the records headquarters refused and the values that lost a conflict, and automatic
sync in the background once the device is enrolled.

The policy (when to sync, backing off after failures) is `sync.scheduler`; this module
only shows it. sync is imported lazily, so start-up never loads it; the network and
the database are only touched from a background thread, never the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from field_app.i18n import N_, _, ngettext
from screens.base import FieldScreen
from screens.registry import register_command, register_screen, register_status_widget

if TYPE_CHECKING:
    from screens.app import FieldApp
    from sync.scheduler import SyncScheduler

SYNC_KEY = "f10"
POLL = 2.0
"""Seconds between refreshes of the sync screen."""


def scheduler_for(app: FieldApp) -> SyncScheduler:
    """The app's scheduler, started on first use; also binds the sync key (hidden)."""
    scheduler = getattr(app, "_sync_scheduler", None)
    if scheduler is None:
        from sync.scheduler import SyncScheduler

        # The app opens its database on first use; the scheduler never opens one.
        scheduler = SyncScheduler(lambda: getattr(app, "_store", None), lambda: app.is_running)
        app._sync_scheduler = scheduler  # type: ignore[attr-defined]
        app.bind(SYNC_KEY, "open('sync')", description=_("Sync"), show=False)
    return scheduler


def describe(status: Any, running: bool, failures: int = 0) -> str:
    """The one-line sync state, e.g. '⇅ 3 waiting · synced 10:42'; `failures` is how
    many automatic runs failed in a row."""
    if status is None or not status.enrolled:
        return ""
    parts = [_("{n} waiting").format(n=status.pending)]
    if running or status.running:
        parts.append(_("syncing…"))
    elif status.offline:
        parts.append(_("offline"))
    elif failures or (
        status.last_error and (not status.last_sync or status.last_error[:23] > status.last_sync)
    ):
        parts.append(_("sync error"))
    if failures > 1 and not (running or status.running):
        parts.append(
            ngettext("failed {n} time in a row", "failed {n} times in a row", failures).format(
                n=failures
            )
        )
    if status.rejected:
        parts.append(_("{n} refused").format(n=status.rejected))
    if status.last_sync:
        parts.append(_("synced {when}").format(when=status.last_sync[:16].replace("T", " ")))
    else:
        parts.append(_("never synced"))
    return "⇅ " + " · ".join(parts)


class SyncIndicator(Static):
    """The sync state in the status bar; takes no room until the device is enrolled."""

    DEFAULT_CSS = "SyncIndicator { width: auto; }"

    def __init__(self, scheduler: SyncScheduler) -> None:
        super().__init__("")
        self.scheduler = scheduler
        self.display = False

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_state)

    def refresh_state(self) -> None:
        """Show the scheduler's latest state (no database access here)."""
        scheduler = self.scheduler
        text = describe(scheduler.status, scheduler.running, scheduler.failures)
        if text == self.content and self.display == bool(text):
            return  # every second on every screen: an update would lay the screen out
        self.display = bool(text)
        self.update(text)


class SyncScreen(FieldScreen):
    """Sync state, 'sync now', the refused records with reasons, and conflicts."""

    BINDINGS = [
        Binding("s", "sync_now", N_("Sync now")),
        Binding("e", "enrol", N_("Enrol")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: Any = None

    def screen_title(self) -> str:
        return _("Sync with headquarters")

    def help_text(self) -> str:
        return _(
            "Changes are sent to headquarters automatically when the device is enrolled: "
            "on start, after saves and every 15 minutes. Press S to sync now. Records "
            "headquarters refused are listed with the reason; values that lost a conflict "
            "are kept and listed too. A laptop not enrolled yet keeps its changes here "
            "until E enrols it with the code headquarters gives."
        )

    def compose_body(self) -> ComposeResult:
        yield Static("", id="sync-state")
        yield Static("", id="sync-rejected")
        yield Static("", id="sync-conflicts")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()
        self.set_interval(POLL, self.load)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """E (enrol) only while the laptop is not enrolled."""
        if action == "enrol":
            return self.status is None or not self.status.enrolled
        return True

    def action_sync_now(self) -> None:
        """Ask the background scheduler to sync now, or say why nothing can happen."""
        status = self.status
        if status is not None and not status.enrolled:
            self.notify(
                _("Nothing can be sent yet: this laptop is not enrolled. Press E to enrol it."),
                severity="warning",
            )
            return
        scheduler = scheduler_for(self.field_app)
        if scheduler.running or (status is not None and status.running):
            self.notify(_("A sync is already running."))
            return
        scheduler.sync_now()
        self.notify(_("Syncing…"))

    def action_enrol(self) -> None:
        """Open the enrolment form."""
        from screens.enrol import EnrolScreen

        self.app.push_screen(EnrolScreen(), lambda _done: self.load())

    def load(self) -> None:
        """Read the state in a worker thread, then show it."""

        def run() -> None:
            from sync.status import conflicts, rejected_records, sync_status

            store = self.store
            data = (sync_status(store), rejected_records(store, 50), conflicts(store, 50))
            self.app.call_from_thread(self.show, *data)

        self.run_worker(run, thread=True, group="sync-load", exclusive=True)

    def show(self, status: Any, rejected: list[Any], conflicts: list[Any]) -> None:
        """Fill the three parts of the screen."""
        scheduler = scheduler_for(self.field_app)
        first = self.status is None
        self.status = status
        if first:
            self.refresh_bindings()
        if not status.enrolled:
            state = (
                _("This laptop is not enrolled with headquarters yet: press E to enrol it.")
                + "\n"
                + ngettext(
                    "{n} change waits to be sent.", "{n} changes wait to be sent.", status.pending
                ).format(n=status.pending)
            )
            if first:  # once per showing: the status is only None before the first read
                self.action_enrol()
        else:
            state = describe(status, scheduler.running, scheduler.failures)
            if scheduler.last_result is not None:
                state += "\n" + scheduler.last_result.summary()
            if scheduler.failures and scheduler.last_failure:
                state += "\n" + _(
                    "Automatic sync failed {n} time(s) in a row ({error});"
                    " next try in {minutes} min"
                ).format(
                    n=scheduler.failures,
                    error=scheduler.last_failure,
                    minutes=max(1, round(scheduler.retry_in() / 60)),
                )
            if status.last_error:
                state += "\n" + _("Last error: {error}").format(error=status.last_error)
        self.query_one("#sync-state", Static).update(state)
        lines = [_("Refused by headquarters ({n}):").format(n=len(rejected))]
        lines += [f"  {r.entity} {r.record_id[-12:]}: {r.reason}" for r in rejected]
        self.query_one("#sync-rejected", Static).update("\n".join(lines))
        lines = [_("Conflicts ({n}):").format(n=len(conflicts))]
        lines += [
            "  "
            + _("{entity} {field}: kept {kept!r}, lost {lost!r}").format(
                entity=c.entity, field=c.field, kept=c.kept_value, lost=c.lost_value
            )
            for c in conflicts
        ]
        self.query_one("#sync-conflicts", Static).update("\n".join(lines))


register_screen(
    "sync",
    lambda app: SyncScreen(),
    title=N_("Sync with headquarters"),
    help=N_("Sync state, sync now, refused records and conflicts"),
)
register_command(
    "sync_now",
    lambda app: scheduler_for(app).sync_now(),
    title=N_("Sync now"),
    help=N_("Send pending changes to headquarters and receive news"),
)
register_status_widget(lambda app: SyncIndicator(scheduler_for(app)))
