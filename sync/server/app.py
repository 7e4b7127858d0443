"""The /v1 HTTP API (FastAPI). See docs/sync-protocol.md for each endpoint.

Every refusal is a 4xx with `{"error": sentence, "code": word}`; a refused request
stores nothing. Bodies are read with a hard limit before anything is parsed, and
gzip bodies are inflated with a limit too.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from field_app.clock import hlc_now
from sync.protocol import (
    INT64_MAX,
    STATUS_LETTERS,
    BodyTooLarge,
    EnrollRequest,
    PushRequest,
    PushResponse,
    UnreadableJSON,
    decode_push,
    dumps,
    gunzip_limited,
    loads_limited,
)
from sync.server import files
from sync.server.apply import HQ_DEVICE, BatchResult, Outcome, apply_batch
from sync.server.officers import AccessError, Principal, authenticate, enroll
from sync.server.pull import MAX_PULL_LIMIT, pull_page
from sync.server.ratelimit import FailureLimit
from sync.server.storage import HQStore

MAX_BODY_BYTES = 2 * 1024 * 1024
"""Largest compressed push body; a batch of 100 visits is about 20 kB."""
MAX_INFLATED_BYTES = 16 * 1024 * 1024
MAX_MUTATIONS = 5000
MAX_SMALL_BODY = 8 * 1024


def _json(data: Any, status: int = 200) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 once it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise AccessError(413, "too_large", f"the request body is over the {limit}-byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise AccessError(413, "too_large", f"the request body is over the {limit}-byte limit")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if request.headers.get("content-encoding", "").lower() == "gzip":
        try:
            raw = gunzip_limited(raw, MAX_INFLATED_BYTES)
        except BodyTooLarge as exc:
            raise AccessError(413, "too_large", str(exc)) from None
        except ValueError as exc:
            raise AccessError(400, "bad_gzip", str(exc)) from None
    return raw


def parse(raw: bytes, model: type[BaseModel]) -> Any:
    """Validate a JSON body: 400 when it is not JSON (or nested too deep, or holds
    text that is not valid Unicode), 422 when it has the wrong shape."""
    try:
        data = loads_limited(raw)
    except UnreadableJSON as exc:
        raise AccessError(400, "malformed_json", str(exc)) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise AccessError(
            422,
            "invalid",
            f"the body has the wrong shape at {where}: {first['msg']}"
            f" ({exc.error_count()} problem(s))",
        ) from None


def push_reply(batch: BatchResult) -> dict[str, Any]:
    """A push answer: a letter per mutation, English reasons, reason codes with their
    parameters, canonical ids of merged enterprises, the clock and the high-water mark."""
    results = batch.outcomes
    return PushResponse(
        results="".join(STATUS_LETTERS[o.status] for o in results),
        reasons={str(i): o.reason for i, o in enumerate(results) if o.reason},
        codes={str(i): [o.code, o.params or {}] for i, o in enumerate(results) if o.code},
        merged={str(i): o.canonical for i, o in enumerate(results) if o.canonical},
        clock=hlc_now(HQ_DEVICE),
        high_water=batch.high_water,
        high_water_mutation=batch.high_water_mutation,
    ).wire()


def record_refusals(
    hq: HQStore, device_id: str, mutations: list[Any], results: list[Outcome]
) -> None:
    """Remember refused mutations per device, for the web interface's sync page."""
    from field_app.clock import utc_now

    rows = [
        (m.mutation_id, device_id, m.entity, m.record_id, o.code or "", o.reason or "", utc_now())
        for m, o in zip(mutations, results, strict=True)
        if o.status == "rejected"
    ]
    with hq.atomic() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO refusals (mutation_id, device_id, entity, record_id, code,"
            " reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def create_app(db_path: Path | str, *, enroll_failures: FailureLimit | None = None) -> FastAPI:
    """The FastAPI application serving the database at `db_path`."""
    hq = HQStore(db_path)
    enroll_failures = enroll_failures or FailureLimit()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        _app.state.web.mirrors.close()
        hq.close()

    app = FastAPI(title="field-hq", version="1", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.state.hq = hq

    @app.exception_handler(AccessError)
    async def _refused(_request: Request, exc: AccessError) -> JSONResponse:
        return JSONResponse({"error": exc.message, "code": exc.code}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"])
        return JSONResponse(
            {"error": f"invalid request at {where}: {first['msg']}", "code": "invalid"},
            status_code=422,
        )

    async def who(request: Request) -> Principal:
        return await run_in_threadpool(authenticate, hq, request.headers.get("authorization"))

    @app.get("/v1/health")
    async def health() -> Response:
        return _json({"ok": True, "time": time.time_ns() // 1_000_000, "api": 1})

    @app.post("/v1/enroll")
    async def post_enroll(request: Request) -> Response:
        address = request.client.host if request.client else "?"
        wait = enroll_failures.retry_after(address)
        if wait:
            return JSONResponse(
                {
                    "error": f"too many failed enrollments: try again in {wait} s",
                    "code": "slow_down",
                },
                status_code=429,
                headers={"Retry-After": str(wait)},
            )
        try:
            req: EnrollRequest = parse(await read_body(request, MAX_SMALL_BODY), EnrollRequest)
            if req.device_id == HQ_DEVICE:
                raise AccessError(422, "invalid", "this device id is reserved")
            result = await run_in_threadpool(
                enroll,
                hq,
                req.code,
                req.device_id,
                req.device_name,
                proof=req.proof,
                secret=req.secret,
            )
        except AccessError:
            enroll_failures.failed(address)
            raise
        return _json(result)

    @app.post("/v1/push")
    async def post_push(request: Request) -> Response:
        principal = await who(request)
        req: PushRequest = parse(await read_body(request, MAX_BODY_BYTES), PushRequest)
        if len(req.mutations) > MAX_MUTATIONS:
            raise AccessError(413, "too_many", f"at most {MAX_MUTATIONS} mutations per request")
        try:
            mutations = decode_push(req, principal.device_id)
        except ValueError as exc:
            raise AccessError(422, "invalid", str(exc)) from None
        batch = await run_in_threadpool(apply_batch, hq, principal, mutations, req.high_water)
        if any(o.status == "rejected" for o in batch.outcomes):
            await run_in_threadpool(
                record_refusals, hq, principal.device_id, mutations, batch.outcomes
            )
        return _json(push_reply(batch))

    @app.get("/v1/pull")
    async def get_pull(
        request: Request,
        cursor: int = Query(0, ge=0, le=INT64_MAX),
        limit: int = Query(500, ge=1, le=MAX_PULL_LIMIT),
        own: int = Query(0, ge=0, le=1),
    ) -> Response:
        principal = await who(request)
        page = await run_in_threadpool(pull_page, hq, principal, cursor, limit, bool(own))
        page.clock = hlc_now(HQ_DEVICE)
        page.high_water = principal.high_water
        page.high_water_mutation = principal.high_water_mutation
        return _json(page.wire())

    @app.get("/v1/files/{sha256}")
    async def get_file_state(request: Request, sha256: str) -> Response:
        await who(request)
        return _json(await run_in_threadpool(files.file_state, hq, sha256))

    @app.put("/v1/files/{sha256}")
    async def put_file_chunk(
        request: Request,
        sha256: str,
        offset: int = Query(ge=0, le=files.MAX_FILE_BYTES),
        total: int = Query(ge=1, le=files.MAX_FILE_BYTES),
    ) -> Response:
        principal = await who(request)
        data = await read_body(request, files.MAX_CHUNK_BYTES)
        state = await run_in_threadpool(
            files.put_chunk, hq, principal.device_id, sha256, offset, total, data
        )
        return _json(state)

    @app.get("/v1/files/{sha256}/content")
    async def get_file_content(request: Request, sha256: str) -> Response:
        await who(request)
        sha = files.check_sha(sha256)
        path = files.final_path(hq, sha)
        if not path.exists():
            raise AccessError(404, "no_file", "headquarters does not have this file (yet)")
        return FileResponse(path, media_type="application/octet-stream")

    # The web interface for headquarters' staff, at / beside /v1 (sync/server/web).
    from sync.server.web import install

    install(app, hq)
    return app
