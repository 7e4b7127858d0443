"""One sync run on the device: push the outbox, upload files, pull.

`run_sync(store, progress=callback)` runs one complete sync and returns a
`SyncResult`; the command line (`field-app sync`) and the scheduler
(`sync.scheduler`) both use it. It never raises for a sync failure.

Failure handling, in short: a transient failure (no link, timeout, cut, 5xx)
applies nothing and is retried with backoff (`sync.link`); a refusal (4xx) stops
the run with one clear sentence; a single bad mutation is marked rejected with the
server's reason and never blocks the others; a single pulled record this device
cannot store is parked with its reason and the pull goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.clock import hlc_observe, utc_now
from field_app.i18n import _
from field_app.store.db import StorageError
from field_app.store.outbox import Answer, OutboxEntry
from field_app.store.pull_state import Conflict, PulledRow
from sync.bounds import OutOfBounds, check_record
from sync.credentials import Credentials, load_credentials
from sync.entities import kind
from sync.link import Link, Refused, SyncError, not_enrolled, read_answer, stopped_by
from sync.protocol import (
    MAX_CLOCK_AHEAD_MS,
    STATUS_CODES,
    Mutation,
    PulledRecord,
    PullResponse,
    PushResponse,
    dumps,
    encode_push,
    gzip_bytes,
    refusal_code,
)

if TYPE_CHECKING:
    from field_app.store.store import Store

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is 'push', 'files' or 'pull'."""

DEFAULT_BATCH = 200
PULL_PAGE = 500
CHUNK_BYTES = 64 * 1024
LAST_SYNC_KEY = "last_sync"
LAST_ERROR_KEY = "last_sync_error"
LAST_ERROR_CODE_KEY = "last_sync_error_code"
"""The kind of the last failure: the sentence is in the officer's language, so the
interface decides 'offline' by this code, never by the words."""


@dataclass
class SyncResult:
    """What one run did, and why it stopped if it did not finish."""

    ok: bool = False
    pushed: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATUS_CODES.values()})
    files: int = 0
    pulled: int = 0
    parked: int = 0
    """Pulled records this device could not store (kept aside with the reason)."""
    error: str | None = None
    code: str | None = None
    restored: bool = False
    merged: int = 0
    """Enterprises created here that headquarters already had (same tax code), merged."""

    def summary(self) -> str:
        """One line for the officer."""
        c = self.counts
        text = _(
            "sent {sent} change(s) ({applied} applied, {duplicate} already there, {rejected}"
            " rejected, {conflict} in conflict), {files} file(s); received {pulled} record(s)"
        ).format(sent=self.pushed, files=self.files, pulled=self.pulled, **c)
        if self.parked:
            text += "; " + _("{n} received record(s) could not be stored").format(n=self.parked)
        return (
            text
            if self.ok
            else _("{summary}; stopped: {error}").format(summary=text, error=self.error)
        )


_running: set[str] = set()
_running_lock = threading.Lock()


def is_running(store: Store) -> bool:
    """True while a run on this database file is under way (in this process)."""
    with _running_lock:
        return str(store.path) in _running


@contextmanager
def _one_run_per_file(store: Store) -> Iterator[bool]:
    key = str(store.path)
    with _running_lock:
        busy = key in _running
        _running.add(key)
    try:
        yield not busy
    finally:
        if not busy:
            with _running_lock:
                _running.discard(key)


def _note(store: Store, *pairs: tuple[str, str | None]) -> None:
    """Write the last sync state; a database that cannot be written (read-only, full
    disk) must not hide the run's own answer."""
    try:
        with store.atomic():
            for key, value in pairs:
                store.set_meta(key, value)
    except StorageError:
        pass


def run_sync(
    store: Store,
    *,
    progress: Progress | None = None,
    credentials: Credentials | None = None,
    link: Link | None = None,
    batch_size: int = DEFAULT_BATCH,
    page_size: int = PULL_PAGE,
) -> SyncResult:
    """Push everything pending, upload files, then pull; never raises for sync failures.

    Running it again after any failure continues where it stopped: acknowledged
    mutations are marked, pulled pages carry their cursor.
    """
    result = SyncResult()
    with _one_run_per_file(store) as mine:
        if not mine:
            result.error, result.code = _("a sync is already running"), "busy"
            return result
        try:
            creds = credentials or load_credentials(store.device_id)
            if creds is None:
                raise not_enrolled()
            own_link = link is None
            link = link or Link(creds.server, creds.token)
            try:
                Engine(store, link, result, progress, batch_size, page_size).run()
            finally:
                if own_link:
                    link.close()
            result.ok = True
            _note(
                store,
                (LAST_SYNC_KEY, utc_now()),
                (LAST_ERROR_KEY, None),
                (LAST_ERROR_CODE_KEY, None),
            )
        except (SyncError, StorageError) as exc:
            code = exc.code if isinstance(exc, SyncError) else "storage"
            result.error, result.code = str(exc), code
            _note(store, (LAST_ERROR_KEY, f"{utc_now()} {exc}"), (LAST_ERROR_CODE_KEY, code))
    return result


class Engine:
    """The steps of one run, sharing the link, the result and the progress callback."""

    def __init__(
        self,
        store: Store,
        link: Link,
        result: SyncResult,
        progress: Progress | None = None,
        batch_size: int = DEFAULT_BATCH,
        page_size: int = PULL_PAGE,
    ) -> None:
        self.store = store
        self.link = link
        self.result = result
        self.progress = progress or (lambda _stage, _done, _total: None)
        self.batch_size = max(100, batch_size)
        self.page_size = page_size

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """A request whose refusal stops the run."""
        try:
            return self.link.call(method, path, **kwargs)
        except Refused as exc:
            raise stopped_by(exc) from exc

    def run(self) -> None:
        """Every step, in order."""
        self.requeue_after_clock_fix()
        self.push()
        self.upload_files()
        self.pull()

    def requeue_after_clock_fix(self) -> None:
        """Mutations refused because the device clock ran far ahead go again once it is
        corrected: headquarters' time brings the hybrid logical clock back (it never goes
        back by itself), then they are re-stamped. Costs one small request, only when
        such refusals exist."""
        outbox = self.store.outbox
        if not outbox.clock_rejections():
            return
        hq_ms = int(self.call("GET", "/v1/health").get("time") or 0)
        if hq_ms <= 0:
            outbox.requeue_clock_rejections()
            return
        outbox.rewind_clock(hq_ms, MAX_CLOCK_AHEAD_MS)
        outbox.requeue_clock_rejections(stale_after_ms=hq_ms + MAX_CLOCK_AHEAD_MS)

    # -- push ----------------------------------------------------------------------

    def push(self) -> None:
        """Send the outbox in batches, oldest first."""
        total = self.store.outbox.pending_count()
        done = 0
        self.progress("push", 0, total)
        after = 0
        while True:
            entries = self.store.outbox.pending(limit=self.batch_size, after_seq=after)
            if not entries:
                break
            self._push_entries(entries)
            after = entries[-1].seq
            done += len(entries)
            self.progress("push", done, max(total, done))

    def _push_entries(self, entries: list[OutboxEntry]) -> None:
        seen = self.store.pulled.seen_seqs([e.record_id for e in entries if e.op != "create"])
        mutations = [
            Mutation(
                e.mutation_id,
                e.entity,
                e.record_id,
                e.op,
                e.payload,
                e.hlc,
                e.base_version,
                seen.get(e.record_id, 0),
            )
            for e in entries
        ]
        body = gzip_bytes(dumps(encode_push(mutations, self.store.device_id, entries[-1].seq)))
        try:
            data = self.link.call(
                "POST",
                "/v1/push",
                content=body,
                headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
            )
        except Refused as exc:
            if exc.status in (413, 422):
                # Something in this batch is refused whole: split it until the one bad
                # mutation is alone, mark that one rejected, and send the rest.
                if len(entries) == 1:
                    answer = Answer("rejected", str(exc), exc.code, {"detail": str(exc)})
                    self.store.outbox.mark({entries[0].mutation_id: answer})
                    self.result.counts["rejected"] += 1
                    self.result.pushed += 1
                    return
                half = len(entries) // 2
                self._push_entries(entries[:half])
                self._push_entries(entries[half:])
                return
            raise stopped_by(exc) from exc
        reply: PushResponse = read_answer(PushResponse, data)
        if len(reply.results) != len(entries):
            raise SyncError("refused", "headquarters answered for a different number of changes")
        answers: dict[str, Answer] = {}
        merged: dict[str, str] = {}
        for index, (entry, letter) in enumerate(zip(entries, reply.results, strict=True)):
            status = STATUS_CODES.get(letter, "rejected")
            self.result.counts[status] += 1
            state = "acked" if status in ("applied", "duplicate") else status
            reason = refusal_code(reply.codes.get(str(index)))
            answers[entry.mutation_id] = Answer(
                state, reply.reasons.get(str(index)), reason.code, reason.params
            )
            canonical = reply.merged.get(str(index))
            if canonical and entry.entity == "enterprise" and canonical != entry.record_id:
                merged[entry.record_id] = canonical
        # The answers and the merge of enterprises headquarters already had under another
        # id (same tax code) land together: a cut here leaves neither half done.
        with self.store.atomic():
            self.store.outbox.mark(answers)
            for local_id, canonical in merged.items():
                self.store.merges.fold(local_id, canonical)
        self.result.merged += len(merged)
        self.result.pushed += len(entries)
        self._observe(reply.clock, reply.high_water, reply.high_water_mutation)

    def _observe(self, server_hlc: str, high_water: int, mutation_id: str) -> bool:
        """Follow headquarters' clock; detect a restore from backup. True if restored."""
        if server_hlc:
            with suppress(ValueError):  # an unreadable clock from headquarters changes nothing
                hlc_observe(server_hlc)
        if self.store.outbox.is_restored_copy(high_water, mutation_id):
            # Headquarters has a mutation of this device this file does not hold at that
            # number: the file is an older copy. Fetch back everything, own records too.
            self.store.outbox.raise_high_water(high_water)
            self.store.pulled.start_full_pull(acknowledge=f"{high_water}:{mutation_id}")
            self.result.restored = True
            return True
        return False

    # -- files ---------------------------------------------------------------------

    def upload_files(self) -> None:
        """Upload attachment files headquarters does not hold yet."""
        todo = self.store.uploads.pending()
        for index, item in enumerate(todo):
            self.progress("files", index, len(todo))
            self._upload(item.sha256, item.path)
            self.store.uploads.mark_uploaded(item.sha256)
            self.result.files += 1
        if todo:
            self.progress("files", len(todo), len(todo))

    def _upload(self, sha: str, path: Path) -> None:
        total = path.stat().st_size
        if total == 0:
            return
        state = self.call("GET", f"/v1/files/{sha}")
        for _round in range(1000):
            if state["complete"]:
                return
            offset = int(state["have"])
            with path.open("rb") as fh:
                fh.seek(offset)
                chunk = fh.read(CHUNK_BYTES)
            try:
                state = self.link.call(
                    "PUT",
                    f"/v1/files/{sha}",
                    params={"offset": offset, "total": total},
                    content=chunk,
                )
            except Refused as exc:
                if exc.code == "wrong_offset":  # our last chunk landed after all
                    state = self.call("GET", f"/v1/files/{sha}")
                    continue
                raise SyncError("refused", f"headquarters refused file {sha[:12]}: {exc}") from exc
        raise SyncError("no_link", f"file {sha[:12]} did not finish uploading")

    # -- pull ----------------------------------------------------------------------

    def pull(self) -> None:
        """Receive pages after the cursor until headquarters has no more."""
        while True:
            full = self.store.pulled.full_pull()
            cursor = self.store.pulled.cursor()
            data = self.call(
                "GET",
                "/v1/pull",
                params={"cursor": cursor, "limit": self.page_size, "own": int(full)},
            )
            page: PullResponse = read_answer(PullResponse, data)
            if self._observe(page.clock, page.high_water, page.high_water_mutation):
                continue  # restart from zero with own records included
            good, parked = _checked(page.records)
            self.store.pulled.apply_page(
                good,
                [_conflict(c) for c in page.conflicts],
                max(cursor, page.cursor),
                parked=parked,
                finished=full and not page.more,
            )
            self.result.pulled += len(page.records)
            self.result.parked += len(parked)
            self.progress("pull", self.result.pulled, self.result.pulled + (1 if page.more else 0))
            if not page.more or page.cursor <= cursor:
                return


def _checked(records: list[Any]) -> tuple[list[PulledRow], list[tuple[PulledRow, str]]]:
    """Pulled records split into those this app can store and those it parks, each
    with the reason: a record failing the app's own model is never written."""
    from pydantic import ValidationError

    from field_app.models.common import describe_errors

    good: list[PulledRow] = []
    parked: list[tuple[PulledRow, str]] = []
    for raw in records:
        try:
            r = PulledRecord.model_validate(raw)
        except ValidationError as exc:
            unreadable = raw if isinstance(raw, dict) else {}
            row = PulledRow(
                str(unreadable.get("e", "?"))[:40], str(unreadable.get("r", "?"))[:100], 0, {}
            )
            parked.append((row, "unreadable: " + "; ".join(describe_errors(exc))[:500]))
            continue
        row = PulledRow(r.entity, r.record_id, r.seq, r.data)
        try:
            check_record(r.data)
        except OutOfBounds as exc:
            parked.append((row, f"out of bounds: {exc}"[:500]))
            continue
        k = kind(r.entity)
        model = k.validator() if k else None
        if model is not None:
            try:
                model.model_validate(r.data)
            except ValidationError as exc:
                parked.append((row, "invalid: " + "; ".join(describe_errors(exc))[:500]))
                continue
        good.append(row)
    return good, parked


def _conflict(c: Any) -> Conflict:
    return Conflict(
        c.entity,
        c.record_id,
        c.field,
        c.kept_value,
        c.kept_device,
        c.lost_value,
        c.lost_device,
        "",
        kept_hlc=c.kept_hlc,
        lost_hlc=c.lost_hlc,
        seq=c.seq,
    )


# -- files on demand -----------------------------------------------------------------


def download_file(
    store: Store, sha256: str, credentials: Credentials | None = None, link: Link | None = None
) -> Path:
    """Fetch an attachment headquarters holds into this device's attachments folder.

    Files are not pulled automatically (2G airtime); an interface asks for one when
    the officer opens it. The content is checked against its hash before it is kept.
    """
    import hashlib
    import os

    from field_app.locations import attachments_dir, ensure_private_dir

    target = attachments_dir(store.path) / sha256
    if target.exists():
        return target
    creds = credentials or load_credentials(store.device_id)
    if creds is None:
        raise not_enrolled()
    own = link is None
    link = link or Link(creds.server, creds.token)
    try:
        resp = link.client.get(f"/v1/files/{sha256}/content")
    except Exception as exc:  # httpx errors: no link
        raise SyncError(
            "no_link", _("no working link to headquarters ({error})").format(error=exc)
        ) from exc
    finally:
        if own:
            link.close()
    if resp.status_code != 200:
        raise SyncError("refused", _("headquarters refused: {error}").format(error=resp.text[:200]))
    if hashlib.sha256(resp.content).hexdigest() != sha256:
        raise SyncError("refused", "the downloaded file does not match its SHA-256")
    ensure_private_dir(target.parent)
    tmp = target.with_name(f".{sha256}.download")
    tmp.write_bytes(resp.content)
    os.replace(tmp, target)
    store.uploads.mark_uploaded(sha256)  # headquarters has it: never send it back
    return target
