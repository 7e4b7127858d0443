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
import zlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sync.entities import strip_none

API = "/v1"
PROTOCOL_VERSION = 1
OPS = {"c": "create", "u": "update"}
OP_CODES = {v: k for k, v in OPS.items()}
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


class WireModel(BaseModel):
    """Base of wire models: unknown keys are ignored (a newer peer may add some)."""

    model_config = ConfigDict(extra="ignore")


class WireMutation(WireModel):
    """One mutation as sent: `i` mutation id, `e` entity, `r` record id, `o` op,
    `p` payload (list in the batch's field order, or a dict), `b` base version,
    `h` HLC (without the device suffix when it is the sender's), `s` the server
    sequence of the record the device had last seen (for conflict detection)."""

    i: str = Field(min_length=1, max_length=64)
    e: str = Field(min_length=1, max_length=40)
    r: str = Field(min_length=1, max_length=100)
    o: str = "c"
    p: list[Any] | dict[str, Any]
    b: int = 0
    h: str = Field(min_length=1, max_length=120)
    s: int = 0


class PushRequest(WireModel):
    """A batch of mutations from one device (`hw`: the outbox number of the last one)."""

    v: int = PROTOCOL_VERSION
    hw: int = 0
    k: dict[str, list[str]] = Field(default_factory=dict)
    m: list[WireMutation]


class PushResponse(WireModel):
    """Results in request order (`r`, one letter each), English reasons by index (`x`),
    reason codes with their parameters by index (`y`: `[code, {name: value}]`, which
    the device translates), the id an enterprise created twice is kept under (`m`),
    the server's clock (`n`), and the device's highest outbox number the server has
    seen (`hw`) with that mutation's id (`hm`): a device whose outbox holds another
    id at that number was restored from an older copy and pulls its own records back."""

    r: str
    x: dict[str, str] = Field(default_factory=dict)
    y: dict[str, Any] = Field(default_factory=dict)
    m: dict[str, str] = Field(default_factory=dict)
    n: str = ""
    hw: int = 0
    hm: str = ""


class EnrollRequest(WireModel):
    """Exchange a one-time code for a device token."""

    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    device_name: str = Field(default="", max_length=200)


class EnrollResponse(WireModel):
    """The token (shown once) and who it belongs to."""

    token: str
    officer: str
    province: str
    device_id: str


class PulledRecord(WireModel):
    """A record's current state at headquarters."""

    e: str
    r: str
    s: int
    d: dict[str, Any]


class PulledConflict(WireModel):
    """A field where two devices disagreed: the kept (`k*`) and the lost (`l*`) value."""

    e: str
    r: str
    f: str
    kv: Any = None
    kh: str = ""
    kd: str = ""
    lv: Any = None
    lh: str = ""
    ld: str = ""
    s: int = 0


class PullResponse(WireModel):
    """One page: records and conflicts after the cursor, the next cursor, more?"""

    c: int
    more: bool = False
    r: list[PulledRecord] = Field(default_factory=list)
    x: list[PulledConflict] = Field(default_factory=list)
    n: str = ""
    hw: int = 0
    hm: str = ""


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


def refusal_code(item: Any) -> tuple[str | None, dict[str, Any]]:
    """(code, params) from one `y` entry; anything else (a newer or broken peer) gives
    no code, and the device then shows the English reason."""
    if isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str):
        return item[0], item[1] if isinstance(item[1], dict) else {}
    return None, {}


def encode_push(mutations: list[Mutation], device_id: str, high_water: int) -> dict[str, Any]:
    """The compact push body (before JSON and gzip) for mutations made on `device_id`."""
    keys: dict[str, list[str]] = {}
    wire: list[dict[str, Any]] = []
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
        item: dict[str, Any] = {"i": mu.mutation_id, "e": mu.entity, "r": mu.record_id}
        if mu.op != "create":
            item["o"] = OP_CODES.get(mu.op, mu.op)
        item["p"] = payload
        if mu.base_version:
            item["b"] = mu.base_version
        item["h"] = mu.hlc.removesuffix(suffix) if mu.hlc.endswith(suffix) else mu.hlc
        if mu.seen:
            item["s"] = mu.seen
        wire.append(item)
    return {"v": PROTOCOL_VERSION, "hw": high_water, "k": keys, "m": wire}


def decode_push(request: PushRequest, device_id: str) -> list[Mutation]:
    """Rebuild full mutations from a validated push body sent by `device_id`.

    Raises ValueError naming the mutation when a list payload does not match the
    batch's field list.
    """
    result = []
    for index, item in enumerate(request.m):
        op = OPS.get(item.o, item.o)
        if isinstance(item.p, list):
            names = request.k.get(item.e)
            if names is None or len(names) != len(item.p):
                raise ValueError(
                    f"mutation {index}: payload has {len(item.p)} values but the batch lists"
                    f" {len(names or [])} field names for '{item.e}'"
                )
            payload = dict(zip(names, item.p, strict=True))
        else:
            payload = dict(item.p)
        if op == "create":
            payload.setdefault("id", item.r)
            payload.setdefault("device_id", device_id)
        hlc = item.h if item.h.count("-") >= 2 else f"{item.h}-{device_id}"
        result.append(Mutation(item.i, item.e, item.r, op, payload, hlc, item.b, item.s))
    return result


def dumps(data: Any) -> bytes:
    """JSON as compact UTF-8 bytes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def gzip_bytes(data: bytes) -> bytes:
    """gzip at the highest level: CPU is cheap next to 2G airtime."""
    return gzip.compress(data, compresslevel=9, mtime=0)


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
