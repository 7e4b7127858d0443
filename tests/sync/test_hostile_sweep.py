"""Every /v1 endpoint swept with hostile input: always a 4xx (or, for a push, every
mutation refused one by one), never a 5xx, and headquarters' counts unchanged.

Hypothesis strategies over the wire models rather than Schemathesis against
/openapi.json: push and enroll read their (gzip) bodies themselves, so the OpenAPI
schema does not describe them, and the attacks that mattered (2^63, lone
surrogates, deep nesting, clocks with other digits) are values a schema-driven
generator rarely makes. Strategies built from the models' own keys reach them
directly, with no new dependency.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.entities import KINDS
from sync.protocol import PushRequest, WireMutation
from sync.server.officers import add_officer
from sync.server.storage import HQStore
from tests.sync.conftest import PROVINCE, ThreadServer

TABLES = ("records", "mutations", "conflicts", "aliases", "files", "partial_files", "devices")
sweep = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- hostile values ------------------------------------------------------------------

short_texts = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
    st.sampled_from(["\x00", "١٧٦٣٧٧٦٨٥٥١٢٣-00000", "9-00000", "", " ", "hq", "../../etc"]),
    st.just("9" * 2000),
)
texts = short_texts | st.just("x" * 70_000)
ints = st.one_of(
    st.integers(-5, 5),
    st.integers(min_value=2**63, max_value=2**70),
    st.integers(max_value=-(2**63) - 1, min_value=-(2**70)),
    st.just(10**30),
    st.integers(),
)
scalars = st.one_of(
    st.none(), st.booleans(), ints, st.floats(allow_nan=False, allow_infinity=False), texts
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
deep = st.integers(30, 20_000).map(lambda n: "[" * n + "]" * n)


def wire_keys(model: type) -> list[str]:
    return [f.serialization_alias or name for name, f in model.model_fields.items()]


@st.composite
def mutations(draw: st.DrawFn) -> dict[str, Any]:
    """A mutation whose every key may be hostile (or missing)."""
    plausible = {
        "i": draw(texts),
        "e": draw(st.sampled_from([*KINDS, "nope"]) | texts),
        "r": draw(texts),
        "o": draw(st.sampled_from(["c", "u", "x"]) | texts),
        "p": draw(st.dictionaries(texts, values, max_size=6) | st.lists(values, max_size=6)),
        "b": draw(ints),
        "h": draw(texts),
        "s": draw(ints),
    }
    assert set(plausible) == set(wire_keys(WireMutation))
    drop = draw(st.sets(st.sampled_from(sorted(plausible)), max_size=2))
    return {k: v for k, v in plausible.items() if k not in drop}


@st.composite
def push_bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["model", "json", "deep", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        return draw(deep).encode()
    if kind == "json":
        return json.dumps(draw(values)).encode()
    body = {
        "v": draw(ints),
        "hw": draw(ints),
        "k": draw(st.dictionaries(texts, st.lists(texts, max_size=4), max_size=2)),
        "m": draw(st.lists(mutations(), min_size=1, max_size=4)),
    }
    assert set(body) == set(wire_keys(PushRequest))
    return json.dumps(body).encode()  # ensure_ascii: surrogates travel as \ud800


@st.composite
def enroll_bodies(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(deep | st.binary(max_size=100).map(bytes.hex)).encode()
    body = {
        "code": draw(texts),
        "device_id": draw(texts),
        "device_name": draw(texts),
        "proof": draw(texts | st.just(hashlib.sha256(b"x").hexdigest())),
        "secret": draw(texts),
    }
    return json.dumps(body).encode()


query_values = st.one_of(ints.map(str), short_texts, st.just("1e99"), st.just("0x10"))

# -- one server for the sweep -----------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db = tmp_path_factory.mktemp("sweep") / "hq.db"
    hq = HQStore(db)
    code = add_officer(hq, "Sweep", PROVINCE)
    hq.close()
    srv = ThreadServer(db)
    answer = httpx.post(
        srv.url + "/v1/enroll",
        json={"code": code, "device_id": "sweep-device", "proof": hashlib.sha256(b"s").hexdigest()},
    )
    assert answer.status_code == 200, answer.text
    yield {"url": srv.url, "db": db, "auth": {"Authorization": f"Bearer {answer.json()['token']}"}}
    srv.stop()


def raw(text: str) -> str:
    """Percent-encoded as bytes, surrogates included (sent as invalid UTF-8)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query(params: dict[str, str]) -> str:
    return "?" + "&".join(f"{raw(k)}={raw(v)}" for k, v in params.items())


def counts(db: Path) -> dict[str, int]:
    hq = HQStore(db)
    try:
        return {t: hq.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}
    finally:
        hq.close()


def refused(resp: httpx.Response) -> None:
    assert resp.status_code < 500, resp.text[:300]
    if resp.status_code == 200 and "r" in resp.json():  # a push: each one refused alone
        assert set(resp.json()["r"]) <= {"r"}, resp.text[:300]
    else:
        assert 400 <= resp.status_code < 500, resp.text[:300]
        assert resp.json()["code"]


@sweep
@given(body=push_bodies(), gzipped=st.booleans(), token=st.booleans())
def test_push(server: dict, body: bytes, gzipped: bool, token: bool) -> None:
    before = counts(server["db"])
    headers = dict(server["auth"]) if token else {}
    if gzipped:
        body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
    refused(httpx.post(server["url"] + "/v1/push", content=body, headers=headers, timeout=30))
    assert counts(server["db"]) == before


@sweep
@given(body=enroll_bodies())
def test_enroll(server: dict, body: bytes) -> None:
    before = counts(server["db"])
    resp = httpx.post(server["url"] + "/v1/enroll", content=body, timeout=30)
    assert 400 <= resp.status_code < 500, resp.text[:300]
    assert counts(server["db"]) == before


@sweep
@given(params=st.dictionaries(st.sampled_from(["cursor", "limit", "own"]), query_values))
def test_pull(server: dict, params: dict) -> None:
    before = counts(server["db"])
    resp = httpx.get(server["url"] + "/v1/pull" + query(params), headers=server["auth"])
    assert resp.status_code < 500, resp.text[:300]
    if resp.status_code != 200:
        assert resp.status_code == 422
    assert {k: v for k, v in counts(server["db"]).items() if k != "devices"} == {
        k: v for k, v in before.items() if k != "devices"
    }


@sweep
@given(
    name=short_texts.filter(lambda t: "/" not in t and t not in ("", ".", "..")),
    params=st.dictionaries(st.sampled_from(["offset", "total"]), query_values),
    chunk=st.binary(max_size=100),
)
def test_files(server: dict, name: str, params: dict, chunk: bytes) -> None:
    before = counts(server["db"])
    url = server["url"] + "/v1/files/" + raw(name)
    for resp in (
        httpx.get(url, headers=server["auth"]),
        httpx.get(url + "/content", headers=server["auth"]),
        httpx.put(url + query(params), content=chunk, headers=server["auth"]),
    ):
        assert resp.status_code < 500, resp.text[:300]
        assert 400 <= resp.status_code < 500
    assert counts(server["db"]) == before
