"""Applying pushed mutations: dedupe, scope, validation, and the merge rules.

A batch is applied in one transaction, so a cut connection either lands the
whole batch or none of it; and every mutation id is remembered, so a batch sent
again changes nothing. Each mutation gets its own answer; a refused one is not
stored at all and never stops the others.

Merge rules:
- append-only kinds (visits, audits, checks): a record is created once; the same
  id with the same content is a duplicate, with other content a conflict (the first
  is kept, the second stored in `conflicts`); edits are refused.
- mergeable kinds (the enterprise profile, actions...): each field merges on its
  own, by `sync.server.merge.merge_fields` (a pure function); a losing value is kept
  in `conflicts`, where both devices see it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import Any

from field_app.clock import decode_hlc, hlc_observe, utc_now
from sync.bounds import MAX_RECORD_BYTES, OutOfBounds, check_record
from sync.entities import (
    META_FIELDS,
    SCOPE_ENTERPRISE,
    SCOPE_GLOBAL,
    SCOPE_HQ_ENTERPRISE,
    SCOPE_OFFICER,
    SCOPE_SELF,
    RecordKind,
    kind,
    province_key,
    strip_none,
)
from sync.protocol import HLC_FORMAT, MAX_CLOCK_AHEAD_MS, Mutation
from sync.server.batch_records import BatchRecords
from sync.server.merge import HQ_DEVICE, Edit, FieldClock, FieldConflict, Version, merge_fields
from sync.server.officers import Principal
from sync.server.storage import Connection, HQStore

__all__ = ["HQ_DEVICE", "BatchResult", "Outcome", "Rejected", "apply_batch"]


class Rejected(Exception):
    """A mutation refused for good: a stable `code` and its `params` (translated on the
    device), and an English sentence saying what to fix (logs, API users)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class Outcome:
    """The answer for one mutation: status, reason (English), its code and parameters,
    and for a create that named an enterprise headquarters already holds under another
    id (same tax code, same province) the id it is kept under (`canonical`)."""

    status: str
    reason: str | None = None
    code: str | None = None
    params: dict[str, Any] | None = None
    canonical: str | None = None


@dataclass
class BatchResult:
    """The answers of a batch, in request order, and the sending device's high-water
    mark after it: its highest outbox number headquarters has seen, and that
    mutation's id (a device whose outbox holds another id there was restored from an
    older copy)."""

    outcomes: list[Outcome]
    high_water: int
    high_water_mutation: str


@dataclass
class Context:
    """What the rules need to know about the sender and the batch."""

    device_id: str
    province_key: str
    province: str
    now_ms: int
    seq: int
    records: BatchRecords
    officer: str = ""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def apply_batch(
    hq: HQStore, who: Principal, mutations: list[Mutation], high_water: int = 0
) -> BatchResult:
    """Apply a batch in one transaction: an `Outcome` per mutation, and the device's
    high-water mark (`high_water` is the outbox number of the batch's last mutation)."""
    results: list[Outcome] = []
    with hq.atomic() as conn:
        # Claimed first and for the whole batch: batches hand out sequence numbers one
        # after another, so a pull never skips one committed late, and a batch sent
        # twice at once finds its mutations known the second time.
        seq = hq.claim_seq(conn)
        known = _known_mutations(conn, [m.mutation_id for m in mutations])
        ctx = Context(
            who.device_id,
            who.province_key,
            who.province,
            time.time_ns() // 1_000_000,
            seq,
            BatchRecords(conn, [m for m in mutations if m.mutation_id not in known]),
            who.officer,
        )
        received = utc_now()
        log = []
        for mu in mutations:
            if mu.mutation_id in known:
                # A create merged into another id says so again: its first answer may
                # never have reached the device.
                canonical = _alias(ctx, mu.entity, mu.record_id) if mu.op == "create" else None
                results.append(Outcome("duplicate", canonical=canonical))
                continue
            try:
                outcome = _apply_one(conn, ctx, mu)
            except Rejected as exc:
                results.append(Outcome("rejected", str(exc), exc.code, exc.params))
                continue
            known.add(mu.mutation_id)
            # Headquarters' clock (sent back as `n`) stays past every clock it keeps, so
            # a device that has seen a value always edits it with a later clock.
            hlc_observe(mu.hlc)
            log.append(
                (
                    mu.mutation_id,
                    who.device_id,
                    mu.entity,
                    mu.record_id,
                    outcome.status,
                    ctx.seq,
                    received,
                )
            )
            results.append(outcome)
        ctx.records.flush()
        conn.executemany("INSERT INTO mutations VALUES (?, ?, ?, ?, ?, ?, ?)", log)
        hq.set_seq(conn, ctx.seq)
        hw, hm = _high_water(conn, who, mutations, high_water, results)
        conn.execute(
            "UPDATE devices SET hw = ?, hm = ?, last_seen = ? WHERE id = ?",
            (hw, hm, received, who.device_id),
        )
    return BatchResult(results, hw, hm)


def _high_water(
    conn: Connection,
    who: Principal,
    mutations: list[Mutation],
    claimed: int,
    results: list[Outcome],
) -> tuple[int, str]:
    """The device's high-water mark after a batch. It moves to the batch's claimed
    outbox number only when headquarters holds the batch's last mutation as this
    device's (a refused one is not held) and the number is one the device could have
    reached (no more than the mutations ever received from it): a made-up number
    would make the genuine device take itself for a restored backup."""
    conn.execute(
        "INSERT INTO device_counts (device_id, received) VALUES (?, ?) ON CONFLICT(device_id)"
        " DO UPDATE SET received = device_counts.received + excluded.received",
        (who.device_id, len(mutations)),
    )
    hw, hm = who.high_water, who.high_water_mutation
    if not mutations or claimed <= hw or results[-1].status == "rejected":
        return hw, hm
    last = mutations[-1].mutation_id
    held = conn.execute(
        "SELECT 1 FROM mutations WHERE id = ? AND device_id = ?", (last, who.device_id)
    ).fetchone()
    received = conn.execute(
        "SELECT received FROM device_counts WHERE device_id = ?", (who.device_id,)
    ).fetchone()[0]
    if held and claimed <= received:
        return claimed, last
    return hw, hm


def _known_mutations(conn: Connection, ids: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        known.update(
            r[0] for r in conn.execute(f"SELECT id FROM mutations WHERE id IN ({marks})", chunk)
        )
    return known


def _apply_one(conn: Connection, ctx: Context, mu: Mutation) -> Outcome:
    k = kind(mu.entity)
    if k is None:
        raise Rejected(
            "unknown_kind",
            f"unknown record kind '{mu.entity}': update headquarters or the app",
            kind=mu.entity,
        )
    if mu.op not in ("create", "update"):
        raise Rejected("unknown_op", f"unknown operation '{mu.op}'", op=mu.op)
    if mu.op == "update" and not k.mergeable:
        raise Rejected("append_only", "a completed record never changes: make a correction instead")
    _check_clock(ctx, mu.hlc)
    if mu.seen < 0 or mu.seen > ctx.seq:
        raise Rejected(
            "bad_seen",
            f"the record version this device says it saw ({mu.seen}) is not one headquarters"
            " gave out",
            seen=mu.seen,
        )
    at_hq = ctx.device_id == HQ_DEVICE
    if k.scope in (SCOPE_GLOBAL, SCOPE_HQ_ENTERPRISE) and not at_hq:
        raise Rejected(
            "hq_only",
            f"only headquarters publishes records of kind '{mu.entity}'",
            kind=mu.entity,
        )
    mu = _follow_aliases(ctx, k, mu)
    row = ctx.records.record(mu.entity, mu.record_id)
    existing = json.loads(row[0]) if row else None
    if mu.op == "update" and existing is None:
        raise Rejected("not_created", "this record's creation never reached headquarters")
    incoming = _with_provenance(ctx, mu, at_hq)
    try:
        check_record(incoming)
    except OutOfBounds as exc:
        raise Rejected("out_of_bounds", f"invalid record: {exc}", problems=str(exc)) from None
    candidate = _validate(k, {**(existing or {}), **incoming})
    # What is stored is the model's own reading (NFC text, a tax code without spaces,
    # ISO dates), and only the fields the model knows.
    if mu.op == "create":
        incoming = strip_none(candidate)
    else:
        incoming = {name: candidate[name] for name in incoming if name in candidate}
    if len(_dumps(candidate).encode()) > MAX_RECORD_BYTES:
        raise Rejected(
            "out_of_bounds",
            f"invalid record: larger than {MAX_RECORD_BYTES // 1024} KiB as JSON",
            problems=f"record larger than {MAX_RECORD_BYTES // 1024} KiB",
        )
    province = _province_of(conn, ctx, k, candidate)
    if not at_hq and (province != ctx.province_key or (row and row[2] != ctx.province_key)):
        raise Rejected(
            "outside_province",
            f"outside your province ({ctx.province}): this record belongs to another province",
            province=ctx.province,
        )
    if existing is None and mu.op == "create" and k.name == "enterprise":
        canonical = _same_tax_code(ctx, conn, province, incoming.get("tax_code"))
        if canonical:
            return _merge_into(conn, ctx, mu, canonical, incoming)
    if existing is None:
        ctx.seq += 1
        clocks = {f: [mu.hlc, ctx.device_id, ctx.seq] for f in incoming} if k.mergeable else None
        data_json, clocks_json = _dumps(incoming), _dumps(clocks) if clocks else None
        ctx.records.create(
            mu.entity,
            mu.record_id,
            (data_json, clocks_json, province, ctx.seq),
            ctx.device_id,
            None if k.mergeable else ctx.device_id,
        )
        return Outcome("applied")
    if mu.op == "create" and same_content(existing, incoming):
        return Outcome("duplicate")
    if not k.mergeable:
        ctx.seq += 1
        whole = FieldConflict(
            "*", Version(existing, "", "first"), Version(incoming, mu.hlc, ctx.device_id)
        )
        _conflict(conn, ctx, mu.entity, mu.record_id, whole, province)
        ctx.records.restamp(mu.entity, mu.record_id, ctx.seq)
        return Outcome(
            "conflict",
            "another record with this id, with other content, is already kept",
            "conflict_copy",
        )
    stored_clocks = json.loads(row[1] or "{}") if row else {}
    return _merge_stored(conn, ctx, mu, existing, stored_clocks, incoming, province)


# Who made a record and where it comes from: set from the token, never the payload.
_PROVENANCE = ("device_id", "created_by")
_IDENTITY = ("id", "created_at", *_PROVENANCE)


def _with_provenance(ctx: Context, mu: Mutation, at_hq: bool) -> dict[str, Any]:
    """The payload with its identity and provenance taken from the request: a create
    is stored as made by the token's device and officer under the mutation's record
    id; an edit cannot change who made a record or when."""
    if mu.op == "update":
        return {name: value for name, value in mu.payload.items() if name not in _IDENTITY}
    payload = strip_none(mu.payload)
    if not at_hq:
        # Devices key records by `id`: a payload naming another id would overwrite
        # that record on every device that pulls it.
        payload["id"] = mu.record_id
        payload["device_id"] = ctx.device_id
        payload["created_by"] = ctx.officer
    return payload


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two copies of a record say the same (bookkeeping fields aside)."""
    strip = META_FIELDS
    return {k: v for k, v in strip_none(a).items() if k not in strip} == {
        k: v for k, v in strip_none(b).items() if k not in strip
    }


def _merge_stored(
    conn: Connection,
    ctx: Context,
    mu: Mutation,
    data: dict[str, Any],
    stored_clocks: dict[str, Any],
    changes: dict[str, Any],
    province: str,
) -> Outcome:
    """Merge changed fields into a stored record (the rule is `merge_fields`) and
    write the record and its conflicts."""
    new_seq = ctx.seq + 1
    clocks = {
        name: clock
        for name, value in stored_clocks.items()
        if (clock := FieldClock.from_stored(value)) is not None
    }
    merged = merge_fields(data, clocks, changes, Edit(mu.hlc, ctx.device_id, mu.seen, new_seq))
    if not merged.changed:
        return Outcome("applied")
    ctx.seq = new_seq
    for c in merged.conflicts:
        _conflict(conn, ctx, mu.entity, mu.record_id, c, province, new_seq)
    data_json = _dumps(merged.data)
    clocks_json = _dumps({name: clock.stored() for name, clock in merged.clocks.items()})
    ctx.records.update(mu.entity, mu.record_id, (data_json, clocks_json, province, new_seq))
    if merged.lost:
        return Outcome(
            "conflict",
            f"changed on another device at the same time, and that change is newer: "
            f"{', '.join(merged.lost)} (your value is kept in the conflict list)",
            "conflict_newer",
            {"fields": ", ".join(merged.lost)},
        )
    return Outcome("applied")


def _alias(ctx: Context, entity: str, record_id: str) -> str | None:
    """The id a record merged into another is kept under, or None."""
    if entity != "enterprise":
        return None
    return ctx.records.alias(record_id)


def _follow_aliases(ctx: Context, k: RecordKind, mu: Mutation) -> Mutation:
    """The mutation with ids of merged enterprises replaced by the ids they are kept
    under: records a device queued before it learned of the merge still land on the
    one enterprise headquarters keeps."""
    record_id = _alias(ctx, mu.entity, mu.record_id)
    parent = mu.payload.get("enterprise_id") if k.scope == SCOPE_ENTERPRISE else None
    parent_id = _alias(ctx, "enterprise", parent) if isinstance(parent, str) else None
    if not record_id and not parent_id:
        return mu
    payload = dict(mu.payload)
    if record_id and "id" in payload:
        payload["id"] = record_id
    if parent_id:
        payload["enterprise_id"] = parent_id
    return replace(mu, record_id=record_id or mu.record_id, payload=payload)


def _same_tax_code(ctx: Context, conn: Connection, province: str, tax_code: Any) -> str | None:
    """The enterprise of this province already holding `tax_code`, if any."""
    if not tax_code:
        return None
    ctx.records.flush("enterprise")  # one written earlier in this batch counts too
    row = conn.execute(
        "SELECT id FROM records WHERE entity = 'enterprise' AND province = ?"
        " AND json_extract(data, '$.tax_code') = ? ORDER BY seq LIMIT 1",
        (province, tax_code),
    ).fetchone()
    return row[0] if row else None


def _merge_into(
    conn: Connection, ctx: Context, mu: Mutation, canonical: str, incoming: dict
) -> Outcome:
    """A new enterprise whose tax code headquarters already keeps under `canonical`:
    store no second record; remember the id as an alias (so records naming it land on
    the canonical one), and merge its profile field by field as an edit made without
    having seen the canonical record, so a value that loses is kept as a conflict."""
    from field_app.models.enterprise import ENTERPRISE_FIELDS

    conn.execute(
        "INSERT OR IGNORE INTO aliases (entity, id, canonical, device_id, at)"
        " VALUES ('enterprise', ?, ?, ?, ?)",
        (mu.record_id, canonical, ctx.device_id, utc_now()),
    )
    ctx.records.aliased(mu.record_id, canonical)
    stored = ctx.records.record("enterprise", canonical)
    assert stored is not None  # _same_tax_code has just found it
    data, clocks, province, _seq = stored
    # A new record's empty fields are defaults, not edits: a second officer who left
    # the sector or notes blank must not wipe what headquarters keeps.
    changes = {
        f: incoming[f] for f in ENTERPRISE_FIELDS if incoming.get(f) not in (None, "", [], {})
    }
    merged = _merge_stored(
        conn,
        ctx,
        replace(mu, record_id=canonical, seen=0),
        json.loads(data),
        json.loads(clocks or "{}"),
        changes,
        province,
    )
    status = "conflict" if merged.status == "conflict" else "duplicate"
    return Outcome(status, merged.reason, merged.code, merged.params, canonical=canonical)


def _conflict(
    conn: Connection,
    ctx: Context,
    entity: str,
    record_id: str,
    conflict: FieldConflict,
    province: str,
    seq: int | None = None,
) -> None:
    kept, lost = conflict.kept, conflict.lost
    conn.execute(
        "INSERT INTO conflicts (entity, record_id, field, kept_value, kept_hlc, kept_device,"
        " lost_value, lost_hlc, lost_device, province, seq, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entity,
            record_id,
            conflict.field,
            _dumps(kept.value),
            kept.hlc,
            kept.device,
            _dumps(lost.value),
            lost.hlc,
            lost.device,
            province,
            seq or ctx.seq,
            utc_now(),
        ),
    )


def _check_clock(ctx: Context, hlc: str) -> None:
    """One strict clock format, the sender's own device id, at most a day ahead."""
    match = HLC_FORMAT.fullmatch(hlc)
    if match is None or (match[3] != ctx.device_id and ctx.device_id != HQ_DEVICE):
        raise Rejected("bad_clock", f"clock value '{hlc[:40]}' is not valid") from None
    ms, _counter, _device = decode_hlc(hlc)
    ahead = ms - ctx.now_ms
    if ahead > MAX_CLOCK_AHEAD_MS:
        days = ahead / 86_400_000
        raise Rejected(
            "clock_ahead",
            f"clock: this device's clock was {days:.0f} day(s) ahead of headquarters when the"
            " record was saved; set the correct date and time, then sync again",
            days=round(days),
        )


def _validate(k: RecordKind, data: dict[str, Any]) -> dict[str, Any]:
    """The record as the kind's model reads it (JSON-ready), or Rejected."""
    model = k.validator()
    if model is None:
        return data
    from pydantic import ValidationError

    from field_app.models.common import describe_errors

    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(describe_errors(exc))[:1000]
        raise Rejected("invalid_record", "invalid record: " + problems, problems=problems) from None
    normal: dict[str, Any] = record.model_dump(mode="json")
    return normal


def _province_of(conn: Connection, ctx: Context, k: RecordKind, data: dict[str, Any]) -> str:
    if k.scope == SCOPE_SELF:
        # A profile with no province yet belongs to the officer who made it.
        return province_key(data.get("province")) or ctx.province_key
    if k.scope == SCOPE_GLOBAL:
        return "*"
    if k.scope == SCOPE_OFFICER:
        return ctx.province_key
    if k.scope in (SCOPE_ENTERPRISE, SCOPE_HQ_ENTERPRISE):
        enterprise_id = data.get("enterprise_id")
        if not enterprise_id:
            raise Rejected("no_enterprise", "the record names no enterprise")
        row = ctx.records.record("enterprise", enterprise_id)
        if row is None:
            raise Rejected(
                "unknown_enterprise",
                f"unknown enterprise {enterprise_id}: it never reached headquarters",
                enterprise_id=enterprise_id,
            )
        return row[2]
    raise Rejected(
        "device_kind", f"records of kind '{k.name}' cannot be sent by a device", kind=k.name
    )
