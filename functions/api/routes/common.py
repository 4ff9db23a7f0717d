"""What every router's routes share: the caller (from the authorizer's claims), documented answers, ids, dates,
base64 documents and the ``Idempotency-Key`` header."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header

from shared.adapters.config import settings
from shared.adapters.http.identity import actor_from_claims
from shared.adapters.http.models.common import Problem
from shared.adapters.http.problems import PROBLEM_CONTENT_TYPE
from shared.domain.actor import Actor
from shared.domain.documents import MAX_DOCUMENT_BYTES, Finding
from shared.domain.errors import Forbidden, Malformed, TooLarge

if TYPE_CHECKING:
    from shared.application.wiring import Services

# A write may carry one (the contract): the same key and body within 24 h answer the first answer again.
# Declared as a UUID; braces, ``urn:uuid:`` and bare hex spellings of one are accepted too (one key per UUID).
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        json_schema_extra={"format": "uuid"},
        description="A UUID naming this write; a retry with it changes nothing",
    ),
]

ID = r"^[A-Za-z0-9._:\-]+$"  # every id this API hands out (UUIDs, external ids, run and review ids)
MAX_BASE64 = (MAX_DOCUMENT_BYTES + 2) // 3 * 4

PROBLEMS = {
    status: {"description": text, "content": {PROBLEM_CONTENT_TYPE: {"model": Problem}}}
    for status, text in (
        (400, "Malformed request or document"),
        (401, "No valid token"),
        (403, "Not allowed"),
        (404, "Not found"),
        (409, "Conflict"),
        (413, "Document too large"),
        (415, "Unsupported media type"),
        (422, "Rules failed"),
    )
}


def answers(status: int, description: str) -> dict:
    """A route's documented answers: its success (schema from the route's return annotation) and the problems."""
    return {status: {"description": description}, **PROBLEMS}


def services(router: Router) -> Services:
    """The services the handler injected for this request (``app.append_context(services=...)``)."""
    return router.context["services"]


def roles_text(roles: tuple[str, ...]) -> str:
    """ "an official", "a business or an official", "the national feed": who may call, in words."""
    words = {"business": "a business", "official": "an official", "national": "the national feed"}
    return " or ".join(words.get(role, role) for role in roles) or "nobody"


def caller(router: Router, role: str | tuple[str, ...] | None = None) -> Actor:
    """The caller, in ``role`` (or one of them). Without a role: a business or an official, never the national
    feed, whose token reaches only the routes that name it (``POST /v1/linkage/national``)."""
    context = router.current_event.request_context
    claims = (context.authorizer.claims if context.authorizer else None) or {}
    actor = actor_from_claims(claims, settings().officials_issuer)
    if actor is None:
        raise Forbidden("The token names no role of this API")
    roles = (role,) if isinstance(role, str) else (role or ("business", "official"))
    if actor.role not in roles:
        raise Forbidden(f"Only {roles_text(roles)} may do this")
    return actor


def correlation_id(router: Router) -> str | None:
    return router.current_event.request_context.request_id


def idempotent(
    router: Router, actor: Actor, key: str | None, body: dict[str, Any], run: Callable[[], tuple[dict, int]]
) -> tuple[dict, int]:
    """With an ``Idempotency-Key``: the same key and body within 24 h answers the first answer again."""
    if key is None:  # an empty key is no UUID: refused with the other malformed keys
        return run()
    from functions.api.idempotency import replay_or_run

    return replay_or_run(actor.org, key, body, run, router.lambda_context)


def decode(content: str) -> bytes:
    if len(content) > MAX_BASE64:
        raise TooLarge(f"The document is over {MAX_DOCUMENT_BYTES} bytes")
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise Malformed("document.content is not valid base64") from None
    if not data:
        raise Malformed("The document is empty")
    return data


def parse_date(value: str, path: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{value} is not a date", [Finding("REQUEST_INVALID", "not a real date", path)]) from None
