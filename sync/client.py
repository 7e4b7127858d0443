"""The device side of sync: enroll, push the outbox, upload files, pull.

UI-agnostic: `run_sync(store, progress=callback)` runs one complete sync and
returns a `SyncResult`; `sync_status(store)` tells an interface what to show. The
command line (`field-app sync`) and the interface's background worker both use
these. httpx is imported only here, only when syncing.

Failure handling, in short: a transient failure (no link, timeout, cut, 5xx)
applies nothing and is retried with exponential backoff and jitter; a refusal
(4xx) stops the run with one clear sentence; a single bad mutation is marked
rejected with the server's reason and never blocks the others.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.clock import hlc_observe, utc_now
from field_app.i18n import _
from field_app.store.sync_state import SyncStateRepo
from sync.protocol import (
    MAX_CLOCK_AHEAD_MS,
    STATUS_CODES,
    Mutation,
    PullResponse,
    PushResponse,
    Refusal,
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

# Exit codes of `field-app sync`, by the kind of failure.
EXIT_CODES = {"not_enrolled": 2, "no_link": 3, "refused": 4, "revoked": 5, "bad_token": 5}


class SyncError(Exception):
    """A sync that cannot go on: `code` says the kind, the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Transient(Exception):
    """A failure worth retrying: no link, timeout, a cut connection, a 5xx."""


class Refused(Refusal):
    """A 4xx answer: the server understood and said no."""


def _answer(model: type[Any], data: Any) -> Any:
    """Headquarters' answer read as `model`; an answer of the wrong shape (a proxy's
    page, a much newer server) stops the run with a sentence instead of a crash."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise SyncError(
            "refused",
            _("headquarters' answer could not be read ({error}): update the app").format(
                error=exc.errors()[0]["msg"]
            ),
        ) from exc


def _stopped_by(exc: Refused) -> SyncError:
    """The error that ends a run when headquarters refuses a whole request."""
    code = "revoked" if exc.code in ("revoked", "bad_token", "no_token") else "refused"
    return SyncError(code, _("headquarters refused: {error}").format(error=exc))


@dataclass
class Credentials:
    """What enrollment gave this device."""

    server: str
    token: str
    device_id: str
    officer: str = ""
    province: str = ""


@dataclass
class SyncResult:
    """What one run did, and why it stopped if it did not finish."""

    ok: bool = False
    pushed: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATUS_CODES.values()})
    files: int = 0
    pulled: int = 0
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
        return (
            text
            if self.ok
            else _("{summary}; stopped: {error}").format(summary=text, error=self.error)
        )


@dataclass
class SyncStatus:
    """What an interface shows: the queue, the last success, the state now."""

    enrolled: bool
    pending: int
    rejected: int
    conflicts: int
    last_sync: str | None
    last_error: str | None
    running: bool
    offline: bool


# -- credentials ---------------------------------------------------------------------


def credentials_path() -> Path:
    """The file holding device tokens (owner-only), keyed by device id."""
    from field_app.locations import config_dir

    return config_dir() / "sync.json"


def load_credentials(device_id: str) -> Credentials | None:
    """This device's enrollment, or None."""
    path = credentials_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = data.get("devices", {}).get(device_id)
    return Credentials(**entry) if entry else None


def save_credentials(creds: Credentials) -> Path:
    """Store the token readable by the owner only (written atomically)."""
    from field_app.locations import ensure_private_dir

    path = credentials_path()
    ensure_private_dir(path.parent)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("devices", {})[creds.device_id] = creds.__dict__
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    os.chmod(path, 0o600)
    return path


# -- HTTP ----------------------------------------------------------------------------


class Link:
    """An HTTP connection to headquarters with retries and backoff."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        retries: int = 6,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        headers = {"User-Agent": "field-app", "Accept-Encoding": "gzip"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = httpx.Client(
            base_url=server.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 20.0)),
        )

    def close(self) -> None:
        """Close the connection."""
        self.client.close()

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request, retried on transient failures; returns the decoded JSON."""
        attempt = 0
        while True:
            try:
                return self._once(method, path, **kwargs)
            except Transient as exc:
                attempt += 1
                if attempt > self.retries:
                    raise SyncError(
                        "no_link", _("no working link to headquarters ({error})").format(error=exc)
                    ) from exc
                # Exponential backoff with jitter, so many devices do not retry in step.
                delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
                self.sleep(delay * random.uniform(0.5, 1.5))

    def _once(self, method: str, path: str, **kwargs: Any) -> Any:
        import httpx

        try:
            resp = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:  # connect/read/write errors, timeouts, cuts
            raise Transient(type(exc).__name__ + (f": {exc}" if str(exc) else "")) from exc
        if resp.status_code >= 500 or resp.status_code == 429:
            raise Transient(f"headquarters answered {resp.status_code}")
        try:
            data = resp.json()
        except ValueError as exc:
            if resp.status_code >= 400:
                raise Refused(resp.status_code, "refused", resp.text[:200]) from exc
            raise Transient("the answer was not valid JSON (cut?)") from exc
        if resp.status_code >= 400:
            raise Refused(
                resp.status_code,
                str(data.get("code", "refused")),
                str(data.get("error", resp.text[:200])),
            )
        return data


# -- enrollment ----------------------------------------------------------------------


def enroll(
    store: Store, server: str, code: str, device_name: str = "", link: Link | None = None
) -> Credentials:
    """Enroll this device with a one-time code and save the token.

    Safe to retry: the same code from the same device succeeds again.
    """
    import socket

    own = link is None
    link = link or Link(server)
    try:
        data = link.call(
            "POST",
            "/v1/enroll",
            json={
                "code": code,
                "device_id": store.device_id,
                "device_name": device_name or socket.gethostname(),
            },
        )
    except Refused as exc:
        raise SyncError(
            exc.code, _("headquarters refused the enrollment: {error}").format(error=exc)
        ) from exc
    finally:
        if own:
            link.close()
    creds = Credentials(
        server.rstrip("/"), data["token"], store.device_id, data["officer"], data["province"]
    )
    save_credentials(creds)
    return creds


# -- one sync run ------------------------------------------------------------------------

_running: set[str] = set()
_running_lock = threading.Lock()


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
    key = str(store.path)
    with _running_lock:
        if key in _running:
            result.error, result.code = _("a sync is already running"), "busy"
            return result
        _running.add(key)
    try:
        creds = credentials or load_credentials(store.device_id)
        if creds is None:
            raise SyncError(
                "not_enrolled",
                _("this device is not enrolled: run 'field-app enroll SERVER_URL CODE'"),
            )
        own_link = link is None
        link = link or Link(creds.server, creds.token)
        try:
            _Engine(store, link, result, progress, batch_size, page_size).run()
        finally:
            if own_link:
                link.close()
        result.ok = True
        with store.atomic():
            store.set_meta(LAST_SYNC_KEY, utc_now())
            store.set_meta(LAST_ERROR_KEY, None)
            store.set_meta(LAST_ERROR_CODE_KEY, None)
    except SyncError as exc:
        result.error, result.code = str(exc), exc.code
        with store.atomic():
            store.set_meta(LAST_ERROR_KEY, f"{utc_now()} {exc}")
            store.set_meta(LAST_ERROR_CODE_KEY, exc.code)
    finally:
        with _running_lock:
            _running.discard(key)
    return result


class _Engine:
    """The steps of one run, sharing the link, the result and the progress callback."""

    def __init__(
        self,
        store: Store,
        link: Link,
        result: SyncResult,
        progress: Progress | None,
        batch_size: int,
        page_size: int,
    ) -> None:
        self.store = store
        self.link = link
        self.result = result
        self.progress = progress or (lambda _stage, _done, _total: None)
        self.batch_size = max(100, batch_size)
        self.page_size = page_size
        self.state = SyncStateRepo(store)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            return self.link.call(method, path, **kwargs)
        except Refused as exc:
            raise _stopped_by(exc) from exc

    def run(self) -> None:
        self.requeue_after_clock_fix()
        self.push()
        self.upload_files()
        self.pull()

    def requeue_after_clock_fix(self) -> None:
        """Mutations refused because the device clock ran far ahead go again once it is
        corrected: headquarters' time brings the hybrid logical clock back (it never goes
        back by itself), then they are re-stamped. Costs one small request, only when
        such refusals exist."""
        if not self.state.clock_rejections():
            return
        hq_ms = int(self.call("GET", "/v1/health").get("time") or 0)
        if hq_ms <= 0:
            self.state.requeue_clock_rejections()
            return
        self.state.rewind_clock(hq_ms, MAX_CLOCK_AHEAD_MS)
        self.state.requeue_clock_rejections(stale_after_ms=hq_ms + MAX_CLOCK_AHEAD_MS)

    # -- push ----------------------------------------------------------------------

    def push(self) -> None:
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

    def _push_entries(self, entries: list) -> None:
        seen = self.state.seen_seqs([e.record_id for e in entries if e.op != "create"])
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
                    refusal = ("rejected", str(exc), exc.code, {"detail": str(exc)})
                    self.state.mark({entries[0].mutation_id: refusal})
                    self.result.counts["rejected"] += 1
                    self.result.pushed += 1
                    return
                half = len(entries) // 2
                self._push_entries(entries[:half])
                self._push_entries(entries[half:])
                return
            raise _stopped_by(exc) from exc
        reply = _answer(PushResponse, data)
        if len(reply.r) != len(entries):
            raise SyncError("refused", "headquarters answered for a different number of changes")
        marks: dict[str, tuple[str, str | None, str | None, dict[str, Any] | None]] = {}
        merged: dict[str, str] = {}
        for index, (entry, letter) in enumerate(zip(entries, reply.r, strict=True)):
            status = STATUS_CODES.get(letter, "rejected")
            self.result.counts[status] += 1
            state = "acked" if status in ("applied", "duplicate") else status
            code, params = refusal_code(reply.y.get(str(index)))
            marks[entry.mutation_id] = (state, reply.x.get(str(index)), code, params)
            canonical = reply.m.get(str(index))
            if canonical and entry.entity == "enterprise" and canonical != entry.record_id:
                merged[entry.record_id] = canonical
        # The answers and the merge of enterprises headquarters already had under another
        # id (same tax code) land together: a cut here leaves neither half done.
        with self.store.atomic():
            self.state.mark(marks)
            for local_id, canonical in merged.items():
                self.state.merge_enterprise(local_id, canonical)
        self.result.merged += len(merged)
        self.result.pushed += len(entries)
        self._observe(reply.n, reply.hw, reply.hm)

    def _observe(self, server_hlc: str, high_water: int, mutation_id: str) -> bool:
        """Follow headquarters' clock; detect a restore from backup. True if restored."""
        if server_hlc:
            hlc_observe(server_hlc)
        if self.state.is_restored_copy(high_water, mutation_id):
            # Headquarters has a mutation of this device this file does not hold at that
            # number: the file is an older copy. Fetch back everything, own records too.
            self.state.raise_outbox_high_water(high_water)
            self.state.start_full_pull(acknowledge=f"{high_water}:{mutation_id}")
            self.result.restored = True
            return True
        return False

    # -- files ---------------------------------------------------------------------

    def upload_files(self) -> None:
        todo = self.state.files_to_upload()
        for index, (sha, path) in enumerate(todo):
            self.progress("files", index, len(todo))
            self._upload(sha, path)
            self.state.mark_uploaded(sha)
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
        pages = 0
        while True:
            full = self.state.full_pull()
            cursor = self.state.cursor()
            data = self.call(
                "GET",
                "/v1/pull",
                params={"cursor": cursor, "limit": self.page_size, "own": int(full)},
            )
            page = _answer(PullResponse, data)
            if self._observe(page.n, page.hw, page.hm):
                continue  # restart from zero with own records included
            records = [(r.e, r.r, r.s, r.d) for r in page.r]
            self.state.apply_page(
                records, [c.model_dump() for c in page.x], page.c, finished=full and not page.more
            )
            if page.n:
                hlc_observe(page.n)
            self.result.pulled += len(records)
            pages += 1
            self.progress("pull", self.result.pulled, self.result.pulled + (1 if page.more else 0))
            if not page.more:
                return


# -- files on demand -----------------------------------------------------------------


def download_file(
    store: Store, sha256: str, credentials: Credentials | None = None, link: Link | None = None
) -> Path:
    """Fetch an attachment headquarters holds into this device's attachments folder.

    Files are not pulled automatically (2G airtime); an interface asks for one when
    the officer opens it. The content is checked against its hash before it is kept.
    """
    import hashlib

    from field_app.locations import attachments_dir, ensure_private_dir

    target = attachments_dir(store.path) / sha256
    if target.exists():
        return target
    creds = credentials or load_credentials(store.device_id)
    if creds is None:
        raise SyncError(
            "not_enrolled", _("this device is not enrolled: run 'field-app enroll SERVER_URL CODE'")
        )
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
    SyncStateRepo(store).mark_uploaded(sha256)  # headquarters has it: never send it back
    return target


# -- for interfaces ------------------------------------------------------------------


def sync_status(store: Store) -> SyncStatus:
    """The sync state to show: pending, rejected, conflicts, last success, running/offline."""
    state = SyncStateRepo(store)
    error = store.get_meta(LAST_ERROR_KEY)
    with _running_lock:
        running = str(store.path) in _running
    return SyncStatus(
        enrolled=load_credentials(store.device_id) is not None,
        pending=store.outbox.pending_count(),
        rejected=len(store.outbox.by_state("rejected", limit=10_000)),
        conflicts=state.conflict_count(),
        last_sync=store.get_meta(LAST_SYNC_KEY),
        last_error=error,
        running=running,
        offline=bool(error) and store.get_meta(LAST_ERROR_CODE_KEY) == "no_link",
    )


def rejected_records(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Records headquarters refused, oldest first: `reason` in the officer's language
    (from the refusal's `code` and `params`), `reason_en` as headquarters wrote it."""
    from sync.refusals import refusal_text

    return [
        {
            "entity": r["entity"],
            "record_id": r["record_id"],
            "op": r["op"],
            "reason": refusal_text(r["code"], r["params"], r["error"]),
            "reason_en": r["error"],
            "code": r["code"],
            "params": r["params"],
            "mutation_id": r["mutation_id"],
        }
        for r in SyncStateRepo(store).refusals("rejected", limit)
    ]


def record_state(store: Store, record_id: str) -> str:
    """One record's sync state: 'pending', 'rejected', 'conflict' or 'synced'."""
    return store.outbox.record_state(record_id)
