"""The /v1 wire format: compact JSON, gzip-compressed per request.

A 2G link sells bytes, so a push batch is written the way gzip likes it:
one-letter keys, and for each record kind the field names are listed once per
batch (`k`) while each created record sends only its values in that order (`p`
as a list). What the receiver can rebuild is left out: a record's `id` (it is the
mutation's record id), the sending `device_id`, and the device suffix of the
hybrid logical clock. See docs/sync-protocol.md.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticUndefined

from sync.entities import strip_none

API = "/v1"
PROTOCOL_VERSION = 1
OPS = {"c": "create", "u": "update"}
OP_CODES = {v: k for k, v in OPS.items()}
HLC_FORMAT = re.compile(r"([0-9]{13})-([0-9]{5})-([0-9A-Za-z_-]{1,64})", re.ASCII)
"""A hybrid logical clock: 13 ASCII digits of milliseconds, 5 of counter, the device
id. Compared as text, so anything else (fewer digits, other digits) is refused."""
INT64_MAX = 2**63 - 1
"""The largest integer SQLite stores: every number on the wire stays within it."""
MAX_CLOCK_AHEAD_MS = 24 * 3600 * 1000
"""A clock more than a day ahead of headquarters is refused: it would win every merge."""
# Per-mutation results, one letter each in a push reply.
STATUS_CODES = {"a": "applied", "d": "duplicate", "r": "rejected", "c": "conflict"}
STATUS_LETTERS = {v: k for k, v in STATUS_CODES.items()}


class Refusal(Exception):
    """A request refused with an HTTP 4xx status, a short code and a sentence; raised
    by headquarters (`AccessError`) and seen by the device (`Refused`)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def short(key: str, default: Any = PydanticUndefined, **constraints: Any) -> Any:
    """A field written `key` on the wire and named readably in code: validated from
    `key` (or the name), dumped as `key` by `WireModel.wire()`."""
    return Field(default, validation_alias=key, serialization_alias=key, **constraints)


class WireModel(BaseModel):
    """Base of wire models: one-letter keys on the wire (aliases), readable names in
    code (`populate_by_name`); unknown keys are ignored (a newer peer may add some).
    Write them with `wire()`, which uses the aliases and leaves defaults out."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    def wire(self) -> dict[str, Any]:
        """The wire form: short keys, fields still at their default left out."""
        return self.model_dump(by_alias=True, exclude_defaults=True)


class WireMutation(WireModel):
    """One mutation as sent. `payload` is a list in the batch's field order (`k`) or a
    dict; `hlc` is sent without the device suffix when it is the sender's; `seen` is
    the server sequence of the record the device had last seen (conflict detection)."""

    mutation_id: str = short("i", min_length=1, max_length=64)
    entity: str = short("e", min_length=1, max_length=40)
    record_id: str = short("r", min_length=1, max_length=100)
    op: str = short("o", "c", max_length=8)
    payload: list[Any] | dict[str, Any] = short("p")
    base_version: int = short("b", 0, ge=0, le=INT64_MAX)
    hlc: str = short("h", min_length=1, max_length=120)
    seen: int = short("s", 0, ge=0, le=INT64_MAX)


class PushRequest(WireModel):
    """A batch of mutations from one device (`high_water`: the outbox number of the
    last one; `keys`: per kind, the field names of list payloads)."""

    version: int = short("v", PROTOCOL_VERSION, ge=0, le=1000)
    high_water: int = short("hw", 0, ge=0, le=INT64_MAX)
    keys: dict[str, list[str]] = short("k", default_factory=dict)
    mutations: list[WireMutation] = short("m")


class PushResponse(WireModel):
    """Results in request order (one letter each), English reasons by index, reason
    codes with their parameters by index (`[code, {name: value}]`, which the device
    translates), the id an enterprise created twice is kept under, the server's
    clock, and the device's highest outbox number the server has seen with that
    mutation's id: a device whose outbox holds another id at that number was
    restored from an older copy and pulls its own records back."""

    results: str = short("r")
    reasons: dict[str, str] = short("x", default_factory=dict)
    codes: dict[str, Any] = short("y", default_factory=dict)
    merged: dict[str, str] = short("m", default_factory=dict)
    clock: str = short("n", "")
    high_water: int = short("hw", 0)
    high_water_mutation: str = short("hm", "")


DEVICE_ID = r"^[0-9A-Za-z_-]{1,64}$"
SHA256_HEX = r"^[0-9a-f]{64}$"


class EnrollRequest(WireModel):
    """Exchange a one-time code for a device token. `proof` is the SHA-256 (hex) of a
    secret the device made for this enrollment; a retry after a lost answer also
    sends the `secret`, which only the genuine device knows."""

    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(pattern=DEVICE_ID)
    device_name: str = Field(default="", max_length=200)
    proof: str = Field(pattern=SHA256_HEX)
    secret: str = Field(default="", max_length=128)


class EnrollResponse(WireModel):
    """The token (shown once) and who it belongs to."""

    token: str
    officer: str
    province: str
    device_id: str


class PulledRecord(WireModel):
    """A record's current state at headquarters."""

    entity: str = short("e", max_length=40)
    record_id: str = short("r", max_length=100)
    seq: int = short("s", ge=0, le=INT64_MAX)
    data: dict[str, Any] = short("d")


class PulledConflict(WireModel):
    """A field where two devices disagreed: the kept and the lost value, each with its
    clock and device."""

    entity: str = short("e")
    record_id: str = short("r")
    field: str = short("f")
    kept_value: Any = short("kv", None)
    kept_hlc: str = short("kh", "")
    kept_device: str = short("kd", "")
    lost_value: Any = short("lv", None)
    lost_hlc: str = short("lh", "")
    lost_device: str = short("ld", "")
    seq: int = short("s", 0, ge=0, le=INT64_MAX)


class PullResponse(WireModel):
    """One page: records and conflicts after the cursor, the next cursor, more?

    The records are read one by one (`PulledRecord`) by the device, so one it cannot
    read is parked and the rest of the page still lands."""

    cursor: int = short("c", ge=0, le=INT64_MAX)
    more: bool = False
    records: list[dict[str, Any]] = short("r", default_factory=list)
    conflicts: list[PulledConflict] = short("x", default_factory=list)
    clock: str = short("n", "")
    high_water: int = short("hw", 0, ge=0, le=INT64_MAX)
    high_water_mutation: str = short("hm", "")


@dataclass
class Mutation:
    """A mutation with everything the wire left out put back."""

    mutation_id: str
    entity: str
    record_id: str
    op: str
    payload: dict[str, Any]
    hlc: str
    base_version: int = 0
    seen: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReasonCode:
    """A refusal's stable code and its parameters (translated on the device)."""

    code: str | None
    params: dict[str, Any]


def refusal_code(item: Any) -> ReasonCode:
    """The code and parameters of one `codes` entry; anything else (a newer or broken
    peer) gives no code, and the device then shows the English reason."""
    if isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str):
        return ReasonCode(item[0], item[1] if isinstance(item[1], dict) else {})
    return ReasonCode(None, {})


def encode_push(mutations: list[Mutation], device_id: str, high_water: int) -> dict[str, Any]:
    """The compact push body (before JSON and gzip) for mutations made on `device_id`."""
    keys: dict[str, list[str]] = {}
    wire: list[WireMutation] = []
    suffix = "-" + device_id
    for mu in mutations:
        payload: dict[str, Any] | list[Any] = mu.payload
        if mu.op == "create":
            payload = strip_none(mu.payload)
            if payload.get("id") == mu.record_id:
                payload.pop("id")
            if payload.get("device_id") == device_id:
                payload.pop("device_id")
            names = keys.setdefault(mu.entity, list(payload))
            if list(payload) == names:
                payload = list(payload.values())
        hlc = mu.hlc.removesuffix(suffix) if mu.hlc.endswith(suffix) else mu.hlc
        wire.append(
            WireMutation(
                mutation_id=mu.mutation_id,
                entity=mu.entity,
                record_id=mu.record_id,
                op=OP_CODES.get(mu.op, mu.op),
                payload=payload,
                base_version=mu.base_version,
                hlc=hlc,
                seen=mu.seen,
            )
        )
    return PushRequest(high_water=high_water, keys=keys, mutations=wire).wire()


def decode_push(request: PushRequest, device_id: str) -> list[Mutation]:
    """Rebuild full mutations from a validated push body sent by `device_id`.

    Raises ValueError naming the mutation when a list payload does not match the
    batch's field list.
    """
    result = []
    for index, item in enumerate(request.mutations):
        op = OPS.get(item.op, item.op)
        if isinstance(item.payload, list):
            names = request.keys.get(item.entity)
            if names is None or len(names) != len(item.payload):
                raise ValueError(
                    f"mutation {index}: payload has {len(item.payload)} values but the batch"
                    f" lists {len(names or [])} field names for '{item.entity}'"
                )
            payload = dict(zip(names, item.payload, strict=True))
        else:
            payload = dict(item.payload)
        if op == "create":
            payload.setdefault("id", item.record_id)
            payload.setdefault("device_id", device_id)
        hlc = item.hlc if item.hlc.count("-") >= 2 else f"{item.hlc}-{device_id}"
        result.append(
            Mutation(
                item.mutation_id,
                item.entity,
                item.record_id,
                op,
                payload,
                hlc,
                item.base_version,
                item.seen,
            )
        )
    return result


def dumps(data: Any) -> bytes:
    """JSON as compact UTF-8 bytes. Text that is not valid Unicode (a lone surrogate
    an older headquarters let in) goes out as its JSON escape, never as a crash."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.encode("utf-8", "backslashreplace")


def gzip_bytes(data: bytes) -> bytes:
    """gzip at the highest level: CPU is cheap next to 2G airtime."""
    return gzip.compress(data, compresslevel=9, mtime=0)


MAX_JSON_DEPTH = 32
"""Nesting of lists and objects in any request or answer (a push is about 6 deep)."""
_ESCAPED = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b'"[]{}')
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class UnreadableJSON(ValueError):
    """A body that is not JSON this protocol accepts; the message says why."""


def json_depth(raw: bytes) -> int:
    """How deeply lists and objects nest in a JSON text, found without parsing it
    (the parser itself recurses, so a deep body must be refused before it runs):
    escapes, then strings are removed, and only brackets are counted."""
    brackets = _STRING.sub(b"", _ESCAPED.sub(b"", raw).translate(None, _NOT_BRACKETS))
    depth = deepest = 0
    for byte in brackets.replace(b"{", b"[").replace(b"}", b"]").replace(b'"', b""):
        depth += 1 if byte == 91 else -1
        deepest = max(deepest, depth)
    return deepest


def _no_constant(name: str) -> Any:
    raise UnreadableJSON(f"{name} is not a number JSON allows")


def loads_limited(raw: bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse a JSON body that was already limited in size: refused (UnreadableJSON)
    when nested deeper than `max_depth`, not UTF-8, holding NaN/Infinity, a number
    too long to read, or a lone surrogate (text that cannot be stored as UTF-8)."""
    if json_depth(raw) > max_depth:
        raise UnreadableJSON(f"the JSON is nested more than {max_depth} levels deep")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except UnreadableJSON:
        raise
    except (ValueError, RecursionError) as exc:  # includes UnicodeDecodeError
        raise UnreadableJSON(f"the body is not valid JSON: {str(exc)[:200]}") from None
    if _SURROGATE_ESCAPE.search(raw):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise UnreadableJSON("the JSON holds a lone surrogate (not valid Unicode)") from None
    return data


class BodyTooLarge(ValueError):
    """A body that is (or inflates to) more than the limit."""


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Inflate gzip data, refusing to produce more than `limit` bytes (zip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"the body is not valid gzip: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise BodyTooLarge(f"the body inflates to more than {limit} bytes")
    if not inflater.eof:
        raise ValueError("the gzip body is truncated")
    return out
