"""Autosave for draft forms (site visits, 5S audits, VietGAP checks).

Edits bump a counter; a timer saves the form in a thread worker shortly after the
officer stops typing, saves land in order under a lock (an older snapshot never
wins), and leaving the screen saves what is pending or throws away a new draft
nobody touched.

What is saved is always what the widgets hold when the save starts, compared with
what the database holds: the counter only drives the timer and the "not saved yet"
line, because the widgets' Changed messages may still be queued when F5 or Ctrl+Q
arrives (keys typed in a burst), and a save decided on the counter alone would
drop them. The forms give only what differs: how to snapshot and save a draft,
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
        self._snapshots = 0  # numbers the snapshots taken, in order
        self._saved_snapshot = 0  # the number of the newest snapshot written
        self._saved_content: Any = None  # content of what the database holds

    def _autosave_baseline(self, record: Any) -> None:
        """Remember the draft as loaded: what the database holds before any edit."""
        self._saved_content = draft_content(record)

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
        state = self.query_one("#save-state", Static)  # type: ignore[attr-defined]
        if state.content != _("Not saved yet…"):  # once per burst: an update lays out the screen
            state.update(_("Not saved yet…"))
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
        """A function that writes the form as it is now, for a worker thread.

        It writes unless a newer snapshot was already written or the database already
        holds this content; it returns the saved record (None when nothing was written).
        """
        snapshot, changes = self.draft_snapshot(), self._changes
        self._snapshots += 1
        number, content = self._snapshots, draft_content(snapshot)

        def run() -> Any:
            with self._save_lock:  # saves land in order; an older snapshot never wins
                if number <= self._saved_snapshot:
                    return None
                self._saved_snapshot = number
                self._saved_changes = max(self._saved_changes, changes)
                if content == self._saved_content:
                    return None
                saved = self.save_draft(snapshot)
                self._saved_content = content
                return saved

        return run

    @property
    def untouched(self) -> bool:
        """True when the widgets still show the draft as it was loaded and saved."""
        return self._snapshots == 0 and draft_content(self.draft_snapshot()) == (
            self._saved_content
        )

    def save_in_worker(self, *, force: bool = False) -> Any:
        """Save pending edits in a thread worker; returns the worker (or None).

        `force` saves whatever the widgets hold even if no Changed message arrived yet.
        """
        if not (self.is_draft and (force or self.unsaved)):  # type: ignore[attr-defined]
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

    def action_save(self) -> None:
        """Save now (the keys just typed included) instead of waiting for the autosave."""
        self.app.after_typing(self.save_now)  # type: ignore[attr-defined]

    async def save_now(self) -> None:
        """Save what the widgets hold now."""
        worker = self.save_in_worker(force=True)
        if worker is not None:
            await worker.wait()

    async def before_leave(self, then: Any = None) -> bool:
        """Save what the widgets hold; throw away a new draft nobody touched."""
        self._stop_timer()
        if not self.is_draft:  # type: ignore[attr-defined]
            return True
        if self.new and self.untouched:  # type: ignore[attr-defined]
            worker = self.run_worker(  # type: ignore[attr-defined]
                self.discard_empty_draft, thread=True, group="autosave"
            )
            await worker.wait()
            if worker.result is False:  # actions were checked off at it: kept
                self.app.notify(_("Draft kept: open actions were checked off at it."))  # type: ignore[attr-defined]
            return True
        worker = self.save_in_worker(force=True)
        if worker is not None:
            await worker.wait()
        return True


def draft_content(record: Any) -> Any:
    """What a draft says, without the bookkeeping a save changes (version, times)."""
    if record is None or not hasattr(record, "model_dump"):
        return record
    return record.model_dump(mode="json", exclude={"version", "updated_at", "hlc"})
