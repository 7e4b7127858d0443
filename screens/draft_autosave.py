"""Autosave for draft forms (site visits, 5S audits, VietGAP checks).

Edits bump a counter; a timer saves the form in a thread worker shortly after the
officer stops typing, saves land in order under a lock (an older snapshot never
wins), and leaving the screen saves what is pending or throws away a new draft
nobody touched. The forms give only what differs: how to snapshot and save a draft,
and how to discard an empty one.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.message import Message
from textual.widgets import Static

from field_app.i18n import _


class DraftAutosave:
    """Mixin for a FieldScreen editing one draft record; call `_init_autosave` first."""

    AUTOSAVE_DELAY = 1.0
    """Seconds after the last edit before the draft is written."""

    class Saved(Message):
        """A draft save finished: the saved version, or the error."""

        def __init__(self, version: int | None, error: Exception | None) -> None:
            super().__init__()
            self.version = version
            self.error = error

    def _init_autosave(self) -> None:
        self._changes = 0  # bumped on every edit
        self._saved_changes = 0  # the edit count the database holds
        self._save_lock = threading.Lock()
        self._timer: Any = None

    # -- what each form gives ------------------------------------------------------

    def draft_snapshot(self) -> Any:
        """The draft as the form shows it now (called on the UI thread)."""
        raise NotImplementedError

    def save_draft(self, snapshot: Any) -> Any:
        """Write a snapshot (called in a worker thread); returns the saved record."""
        raise NotImplementedError

    def saved_version(self, version: int) -> None:
        """Remember the version the database now holds."""
        raise NotImplementedError

    def discard_empty_draft(self) -> bool | None:
        """Delete the untouched new draft (worker thread); False when it must be kept."""
        raise NotImplementedError

    # -- shared mechanism ----------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        """True when edits are not yet in the database."""
        return self._changes > self._saved_changes

    def _changed(self) -> None:
        self._changes += 1
        self.query_one("#save-state", Static).update(_("Not saved yet…"))  # type: ignore[attr-defined]
        if self._timer is None:
            self._timer = self.set_timer(self.AUTOSAVE_DELAY, self._autosave)  # type: ignore[attr-defined]

    def _autosave(self) -> None:
        self._timer = None
        self.save_in_worker()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _save_job(self) -> Any:
        """A function that writes the current form, for a worker thread."""
        snapshot, changes = self.draft_snapshot(), self._changes

        def run() -> Any:
            with self._save_lock:  # saves land in order; an older snapshot never wins
                if changes <= self._saved_changes:
                    return None
                saved = self.save_draft(snapshot)
                self._saved_changes = changes
                return saved

        return run

    def save_in_worker(self) -> Any:
        """Save pending edits in a thread worker; returns the worker (or None)."""
        if not (self.is_draft and self.unsaved):  # type: ignore[attr-defined]
            return None
        job = self._save_job()

        def run() -> None:
            try:
                saved = job()
            except Exception as exc:  # shown to the officer; the form keeps the edits
                self.post_message(self.Saved(None, exc))  # type: ignore[attr-defined]
                return
            if saved is not None:
                self.post_message(self.Saved(saved.version, None))  # type: ignore[attr-defined]

        return self.run_worker(run, thread=True, group="autosave")  # type: ignore[attr-defined]

    def on_draft_autosave_saved(self, message: Saved) -> None:
        state = self.query_one("#save-state", Static)  # type: ignore[attr-defined]
        if message.error is not None:
            state.update("[b $error]" + _("Not saved: {error}").format(error=message.error) + "[/]")
            return
        if message.version is not None:
            self.saved_version(message.version)
        state.update(_("Not saved yet…") if self.unsaved else _("Draft saved."))

    async def action_save(self) -> None:
        """Save now instead of waiting for the autosave."""
        worker = self.save_in_worker()
        if worker is not None:
            await worker.wait()

    async def before_leave(self) -> None:
        """Save pending edits; throw away a new draft nobody touched."""
        self._stop_timer()
        if not self.is_draft:  # type: ignore[attr-defined]
            return
        if self.new and self._changes == 0:  # type: ignore[attr-defined]
            worker = self.run_worker(  # type: ignore[attr-defined]
                self.discard_empty_draft, thread=True, group="autosave"
            )
            await worker.wait()
            if worker.result is False:  # actions were checked off at it: kept
                self.app.notify(_("Draft kept: open actions were checked off at it."))  # type: ignore[attr-defined]
            return
        worker = self.save_in_worker()
        if worker is not None:
            await worker.wait()
