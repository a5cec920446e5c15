"""POST /ingest: JSON Lines in the import format, streamed from a helpdesk's event hook, and
imported exactly as `cuic import` imports a file (the same `import_records` transaction)."""

from __future__ import annotations

import codecs
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from db.importer import RECORD_TYPES, ImportFailed, ImportSummary, import_records
from db.pool import counting_statements
from db.tokens import INGEST, viewer_by_token
from gql import errors
from gql.context import bearer_token
from gql.live.config import LiveSettings
from gql.logs import log_request
from gql.metrics import observe_request
from gql.params import RequestError

NDJSON = "application/x-ndjson"
logger = logging.getLogger("cuic.ingest")
_LINE = re.compile(r"line (\d+):")


def _too_large(max_bytes: int) -> RequestError:
    return RequestError(413, f"the body exceeds CUIC_MAX_INGEST_BYTES ({max_bytes} bytes)", errors.QUERY_TOO_COMPLEX)


async def _lines(request: Request, max_bytes: int) -> AsyncIterator[str]:
    """The body's lines, decoded as they arrive; refused past `max_bytes` or at bytes that are not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    done = 0  # lines yielded
    partial: list[str] = []  # the line the last chunk ended in
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as error:
            line = done + 1 + chunk[: error.start].count(b"\n")
            raise RequestError(400, f"line {line}: not UTF-8 text", errors.BAD_USER_INPUT) from None
        *complete, rest = text.split("\n")
        if complete:
            complete[0] = "".join(partial) + complete[0]
            partial = []
            for line_text in complete:
                yield line_text
            done += len(complete)
        partial.append(rest)
    try:
        partial.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        raise RequestError(400, f"line {done + 1}: not UTF-8 text", errors.BAD_USER_INPUT) from None
    last = "".join(partial)
    if last:
        yield last


def summary_body(summary: ImportSummary, dry_run: bool) -> dict[str, Any]:
    return {
        "created": {kind: summary.created.get(kind, 0) for kind in RECORD_TYPES},
        "changed": {kind: summary.changed.get(kind, 0) for kind in RECORD_TYPES},
        "unchanged": {kind: summary.unchanged.get(kind, 0) for kind in RECORD_TYPES},
        "permissionGroupsCreated": summary.groups_created,
        "superseded": summary.superseded,
        "lines": summary.line_count,
        "dryRun": dry_run,
    }


def failure_body(failure: ImportFailed) -> dict[str, Any]:
    """The bad lines as the CLI prints them (capped alike), each an error with its line number."""
    listed = []
    for message in failure.errors:
        extensions: dict[str, Any] = {"code": errors.BAD_USER_INPUT}
        found = _LINE.match(message)
        if found:
            extensions["line"] = int(found.group(1))
        listed.append({"message": message, "extensions": extensions})
    return {"errors": listed, "badLines": failure.total_errors}


class IngestEndpoint:
    """An ASGI app, as GraphQLEndpoint is: other methods get a 405 in JSON."""

    def __init__(self, live: LiveSettings) -> None:
        self.live = live

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        headers = {"X-Request-Id": request_id}
        agent: list[str | None] = [None]
        with counting_statements() as statements:
            try:
                body, status = await self._ingest(request, agent)
            except ClientDisconnect:
                # The body broke off: the import rolled back, and nobody is left to answer.
                logger.info("ingest: the client left before the body was whole; nothing was imported")
                return
            except RequestError as refused:
                body, status = {"errors": [errors.error(refused.message, refused.code)]}, refused.status
                headers.update(refused.headers)
            except ImportFailed as failure:
                body, status = failure_body(failure), 422
            except Exception as failure:
                if not errors.is_database_unavailable(failure):
                    raise
                body = {"errors": [errors.error("the database is unavailable", errors.SERVICE_UNAVAILABLE)]}
                status = 503
        seconds = time.perf_counter() - started
        codes = [e.get("extensions", {}).get("code", "") for e in body.get("errors", [])][:1]
        observe_request("ingest", status, seconds, statements[0], codes)
        log_request(
            request_id=request_id,
            agent=agent[0],
            operation="ingest",
            status=status,
            duration_ms=seconds * 1000,
            statements=statements[0],
            error_codes=codes,
        )
        response = Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)
        await response(scope, receive, send)

    async def _ingest(self, request: Request, agent: list[str | None]) -> tuple[dict[str, Any], int]:
        if request.method != "POST":
            raise RequestError(405, "send records with POST", errors.BAD_USER_INPUT, {"Allow": "POST"})
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            raise RequestError(401, "an ingest token is required (Authorization: Bearer …)", errors.UNAUTHENTICATED)
        pool = request.app.state.pool
        viewer = await viewer_by_token(pool, token)
        if viewer is None:
            raise RequestError(401, "the API token is not valid", errors.UNAUTHENTICATED)
        agent[0] = viewer["login"]
        if viewer["token_scope"] != INGEST:
            message = "this token may not ingest: create one with `cuic token create LOGIN --scope ingest`"
            raise RequestError(403, message, errors.FORBIDDEN)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != NDJSON:
            raise RequestError(415, f"the body must be JSON Lines sent as {NDJSON}", errors.BAD_USER_INPUT)
        declared = request.headers.get("content-length")
        limit = self.live.max_ingest_bytes
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        dry_run = request.query_params.get("dryRun", "").lower() in ("1", "true", "yes")
        async with pool.acquire() as connection:
            summary = await import_records(connection, _lines(request, limit), dry_run=dry_run)
        return summary_body(summary, dry_run), 200
