"""The REST API (API Gateway proxy -> this function): claims and documents, subsidies, settlement and the ledger,
and the public pages, one Powertools ``Router`` per context (``functions/api/routes``).

A thin layer: the resolver checks the caller's role against the access table before anything reads the request,
validates it (Powertools event handler + pydantic), injects the services from the composition root and shapes
errors as RFC 9457 problem JSON with stable codes.
"""

import importlib
import json
import threading
from typing import Any
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions.api.routes.common import roles_text
from shared.adapters.config import settings
from shared.adapters.http.access import ACCESS, AUTHENTICATED, PUBLIC
from shared.adapters.http.identity import actor_from_claims
from shared.adapters.http.problems import PROBLEM_CONTENT_TYPE, problem_body
from shared.adapters.observability import logger, metrics, tracer
from shared.application.wiring import SERVICES
from shared.domain.documents import Finding
from shared.domain.errors import ClaimsError, Forbidden

settings()  # the environment, parsed once at cold start: a missing variable fails the init, not a request


def _without_nulls(value: Any) -> Any:
    """Optional fields are left out of answers rather than sent as null (``dueDate`` appears once accepted)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


app = APIGatewayRestResolver(
    enable_validation=True,
    serializer=lambda body: json.dumps(_without_nulls(body), ensure_ascii=False, separators=(",", ":")),
)
TITLE = "Local finance claims API"
DOCS_PATH = "/v1/public/openapi"  # Swagger UI; ``?format=json`` the OpenAPI document


def _problem(status: int, code: str, title: str, detail: str, findings: list, **extra: object) -> Response:
    return Response(
        status_code=status,
        content_type=PROBLEM_CONTENT_TYPE,
        body=problem_body(status, code, title, detail, findings, **extra),
    )


@app.exception_handler(ClaimsError)
def _claims_error(error: ClaimsError) -> Response:
    metrics.add_metric(name=f"Refused{error.status}", unit="Count", value=1)
    return _problem(error.status, error.code, error.title, error.detail, error.findings, **error.extra)


@app.exception_handler(RequestValidationError)
def _request_invalid(error: RequestValidationError) -> Response:
    findings = [
        Finding("REQUEST_INVALID", str(e.get("msg", "invalid")), "/" + "/".join(str(p) for p in e.get("loc", ())[1:]))
        for e in error.errors()
    ]
    return _problem(400, "REQUEST_INVALID", "The request does not match the API", "See errors", findings)


@app.exception_handler(RecursionError)
def _too_deep(_: RecursionError) -> Response:  # a body nested past the parser's depth: hostile, not our failure
    return _problem(
        400,
        "MALFORMED",
        "Malformed document or request",
        "The JSON body is nested too deeply",
        [Finding("MALFORMED", "The JSON body is nested too deeply", "")],
    )


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    logger.exception("Unexpected error")
    return _problem(500, "INTERNAL", "Internal error", "The request failed; it changed nothing and may be retried", [])


@app.not_found
def _not_found(_: Exception) -> Response:
    return _problem(404, "NOT_FOUND", "Not found", "No such resource", [])


# The router of each context, by the path's first segment after /v1/. A request loads its own context's router
# (and with it that context's models and services) on first use, so a cold start pays for one context only; the
# OpenAPI document (and its Swagger UI, added with it) needs them all.
CONTEXTS = {
    "claims": "claims",
    "documents": "claims",
    "uploads": "claims",
    "grants": "subsidy",
    "sanctions": "subsidy",
    "linkage": "subsidy",
    "reviews": "subsidy",
    "budgets": "settlement",
    "contracts": "settlement",
    "revenues": "settlement",
    "settlements": "settlement",
    "ledger": "settlement",
    "public": "public",
}
_loaded: set[str] = set()
_loading = threading.Lock()


def include_context(context: str) -> None:
    """Add the context's router to the resolver, once per process."""
    if context in _loaded:
        return
    with _loading:
        if context not in _loaded:
            module = importlib.import_module(f"functions.api.routes.{context}")
            app.include_router(module.router)
            _loaded.add(context)


def include_all() -> None:
    """Every context's routes, in the order of the contract, and the documentation route (the OpenAPI document,
    the access table's check)."""
    for context in dict.fromkeys(CONTEXTS.values()):
        include_context(context)
    _include_docs()


def _include_docs() -> None:
    """Powertools' Swagger UI and OpenAPI document at ``DOCS_PATH``, added once per process when first needed
    rather than at cold start: its OpenAPI models alone cost about 40 ms to import, and no other route uses them."""
    if "docs" in _loaded:
        return
    with _loading:
        if "docs" not in _loaded:
            app.enable_swagger(path=DOCS_PATH, title=TITLE)
            _loaded.add("docs")


def _include_for(path: object) -> None:
    segments = str(path or "").split("/")
    if len(segments) < 3 or segments[1] != "v1":
        return
    if segments[2:4] == ["public", "openapi"]:
        include_all()
    elif segments[2] in CONTEXTS:
        include_context(CONTEXTS[segments[2]])


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    event = _with_decoded_path(event)
    _include_for(event.get("path"))
    refused = _refuse_unrouted(event) or _refuse_unauthorised(event) or _refuse_unsupported_media(event)
    if refused is not None:
        return refused
    app.append_context(services=SERVICES)  # the routes' dependencies, from the composition root
    return app.resolve(event, context)


def _with_decoded_path(event: dict) -> dict:
    """A REST API hands the path over percent-encoded (``/v1/grants/G%3A1``); routes and their parameters see it
    decoded, segment by segment. A segment whose decoding would add a ``/`` stays as it came (and matches no id)."""
    path = event.get("path")
    if not isinstance(path, str) or "%" not in path:
        return event
    segments = [unquote(segment) if "/" not in unquote(segment) else segment for segment in path.split("/")]
    return {**event, "path": "/".join(segments)}


def _refusal(status: int, code: str, title: str, detail: str, headers: dict[str, str] | None = None) -> dict:
    return {
        "statusCode": status,
        "headers": {"Content-Type": PROBLEM_CONTENT_TYPE, **(headers or {})},
        "isBase64Encoded": False,
        "body": problem_body(status, code, title, detail, [Finding(code, detail, "")]),
    }


def _routes_for(path: str) -> list:
    """The routes whose rule matches ``path``, in the order the resolver tries them."""
    return [route for route in app._static_routes + app._dynamic_routes if route.rule.match(path)]


def _route(event: dict):
    method = str(event.get("httpMethod") or "").upper()
    return next((r for r in _routes_for(str(event.get("path") or "")) if r.method == method), None)


def _refuse_unrouted(event: dict) -> dict | None:
    """A method the path does not support: 405 with ``Allow`` (RFC 9110); a path no route has is the 404."""
    if _route(event) is not None:
        return None
    methods = sorted({route.method for route in _routes_for(str(event.get("path") or ""))})
    if not methods:
        return None
    method = str(event.get("httpMethod") or "")
    return _refusal(
        405,
        "METHOD_NOT_ALLOWED",
        "Method not allowed",
        f"{method} is not supported here; use {', '.join(methods)}",
        {"Allow": ", ".join(methods)},
    )


def _refuse_unauthorised(event: dict) -> dict | None:
    """The caller's role against the route's entry in ``ACCESS``, before anything reads the request."""
    route = _route(event)
    if route is None:
        return None
    roles = ACCESS.get((route.method, route.openapi_path), frozenset())
    if PUBLIC in roles:
        return None
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    actor = actor_from_claims(
        authorizer.get("claims") if isinstance(authorizer, dict) else None, settings().officials_issuer
    )
    if actor is None:
        error = Forbidden("The token names no role of this API")
    elif AUTHENTICATED in roles or actor.role in roles:
        return None
    else:
        error = Forbidden(f"Only {roles_text(tuple(sorted(roles)))} may do this")
    metrics.add_metric(name=f"Refused{error.status}", unit="Count", value=1)
    return _refusal(error.status, error.code, error.title, error.detail)


def _refuse_unsupported_media(event: dict) -> dict | None:
    """Every body this API takes is JSON; anything else is refused before parsing (415)."""
    if not event.get("body"):
        return None
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    media = headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        return None
    if media == "application/x-ndjson" and event.get("path") == "/v1/linkage/national":
        return None
    return {
        "statusCode": 415,
        "headers": {"Content-Type": PROBLEM_CONTENT_TYPE},
        "isBase64Encoded": False,
        "body": problem_body(
            415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "Send the request body as application/json", []
        ),
    }


def openapi_json() -> str:
    """The OpenAPI document generated from the routes (committed as ``openapi.json``)."""
    include_all()
    document = json.loads(app.get_openapi_json_schema(title=TITLE, version="1.0.0"))
    # The contexts are included in the order requests reach them: sort so the document never depends on that order.
    document["paths"] = dict(sorted(document["paths"].items()))
    schemas = document.get("components", {}).get("schemas")
    if schemas:
        document["components"]["schemas"] = dict(sorted(schemas.items()))
    return (
        json.dumps(
            document,
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
