"""The REST API (API Gateway proxy -> this function): claims, documents, uploads and the public LG registry.

A thin layer: parse and validate the request (Powertools event handler + pydantic), find the caller, call the
claims service, shape the answer. Errors are RFC 9457 problem JSON with stable codes.
"""

import base64
import binascii
import json
from datetime import date
from typing import Annotated, Any
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.adapters.config import settings
from shared.adapters.http.access import ACCESS, AUTHENTICATED, PUBLIC
from shared.adapters.http.identity import actor_from_claims
from shared.adapters.http.models import (
    BudgetIn,
    BudgetOut,
    ClaimCreatedOut,
    ClaimIn,
    ClaimOut,
    ClaimPageOut,
    ContractIn,
    ContractOut,
    DecisionIn,
    DocumentIn,
    GrantIn,
    GrantOut,
    IndicatorsOut,
    LgOut,
    LinkageOut,
    Problem,
    ResolveIn,
    ResolveOut,
    ReviewPageOut,
    RunIn,
    RunOut,
    RunStartedOut,
    SanctionIn,
    SanctionOut,
    TrialBalanceOut,
    UploadCreatedOut,
    UploadIn,
    UploadOut,
    ValidationOut,
)
from shared.adapters.http.problems import PROBLEM_CONTENT_TYPE, problem_body
from shared.adapters.observability import logger, metrics, tracer
from shared.application.claims import ClaimRequest, UploadRequest, validate
from shared.application.subsidy import GrantRequest
from shared.application.wiring import budget_service, claims_service, registry, run_service, subsidy_service
from shared.domain.claims.model import Actor
from shared.domain.documents import MAX_DOCUMENT_BYTES, Finding
from shared.domain.errors import ClaimsError, Forbidden, Malformed, NotFound, TooLarge
from shared.domain.settlement.budget import BudgetLine

settings()  # the environment, parsed once at cold start: a missing variable fails the init, not a request


def _without_nulls(value: Any) -> Any:
    """Optional fields are left out of answers rather than sent as null (``dueDate`` appears once accepted)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


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

app = APIGatewayRestResolver(
    enable_validation=True,
    serializer=lambda body: json.dumps(_without_nulls(body), ensure_ascii=False, separators=(",", ":")),
)
app.enable_swagger(path="/v1/public/openapi", title="Local finance claims API")

_PROBLEMS = {
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


def _answers(status: int, description: str) -> dict:
    """A route's documented answers: its success (schema from the route's return annotation) and the problems."""
    return {status: {"description": description}, **_PROBLEMS}


_MAX_BASE64 = (MAX_DOCUMENT_BYTES + 2) // 3 * 4
_ID = r"^[A-Za-z0-9._:\-]+$"  # every id this API hands out (UUIDs, external ids, run and review ids)


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


def _roles_text(roles) -> str:
    """ "an official", "a business or an official", "the national feed": who may call, in words."""
    words = {"business": "a business", "official": "an official", "national": "the national feed"}
    return " or ".join(words.get(role, role) for role in roles) or "nobody"


def _actor(role: str | tuple[str, ...] | None = None) -> Actor:
    """The caller, in ``role`` (or one of them). Without a role: a business or an official, never the national
    feed, whose token reaches only the routes that name it (``POST /v1/linkage/national``)."""
    context = app.current_event.request_context
    claims = (context.authorizer.claims if context.authorizer else None) or {}
    actor = actor_from_claims(claims, settings().officials_issuer)
    if actor is None:
        raise Forbidden("The token names no role of this API")
    roles = (role,) if isinstance(role, str) else (role or ("business", "official"))
    if actor.role not in roles:
        raise Forbidden(f"Only {_roles_text(roles)} may do this")
    return actor


def _decode(content: str) -> bytes:
    if len(content) > _MAX_BASE64:
        raise TooLarge(f"The document is over {MAX_DOCUMENT_BYTES} bytes")
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise Malformed("document.content is not valid base64") from None
    if not data:
        raise Malformed("The document is empty")
    return data


def _correlation_id() -> str | None:
    return app.current_event.request_context.request_id


def _idempotent(actor: Actor, key: str | None, body: dict[str, Any], run) -> tuple[dict, int]:
    """With an ``Idempotency-Key``: the same key and body within 24 h answers the first answer again."""
    if key is None:  # an empty key is no UUID: refused with the other malformed keys
        return run()
    from functions.api.idempotency import replay_or_run

    return replay_or_run(actor.org, key, body, run, app.lambda_context)


@app.post("/v1/claims", status_code=201, responses=_answers(201, "Claim received"), tags=["claims"])
def submit_claim(body: ClaimIn, idempotency_key: IdempotencyKey = None) -> tuple[ClaimCreatedOut, int]:
    actor = _actor("business")

    def run() -> tuple[dict, int]:
        request = ClaimRequest(
            lg_code=body.lgCode,
            kind=body.kind,
            format=body.document.format,
            content=_decode(body.document.content),
            contract_id=body.contractId,
            grant_id=body.grantId,
            category=body.category,
        )
        claim = claims_service().submit(actor, request, correlation_id=_correlation_id())
        metrics.add_metric(name="ClaimReceived", unit="Count", value=1)
        answer = {"claimId": claim.claim_id, "status": claim.status.value, "findings": claim.findings}
        if claim.due_date:
            answer["dueDate"] = claim.due_date
        return answer, 201

    answer, status = _idempotent(actor, idempotency_key, body.model_dump(), run)
    return ClaimCreatedOut.model_validate(answer), status


@app.post("/v1/documents/validate", responses=_answers(200, "Validation result"), tags=["documents"])
def validate_document(body: DocumentIn) -> ValidationOut:
    _actor("business")
    result = validate(body.format, _decode(body.content))
    return ValidationOut.model_validate({"valid": result.valid, "findings": [f.as_dict() for f in result.findings]})


@app.post("/v1/uploads", status_code=201, responses=_answers(201, "Upload slot"), tags=["uploads"])
def create_upload(body: UploadIn, idempotency_key: IdempotencyKey = None) -> tuple[UploadCreatedOut, int]:
    actor = _actor("business")

    def run() -> tuple[dict, int]:
        request = UploadRequest(
            lg_code=body.lgCode,
            kind=body.kind,
            format=body.format,
            file_name=body.fileName,
            contract_id=body.contractId,
            grant_id=body.grantId,
            category=body.category,
        )
        return claims_service().create_upload(actor, request), 201

    answer, status = _idempotent(actor, idempotency_key, body.model_dump(), run)
    return UploadCreatedOut.model_validate(answer), status


@app.get("/v1/uploads/<uploadId>", responses=_answers(200, "The upload's status"), tags=["uploads"])
def get_upload(uploadId: Annotated[str, Path(max_length=64, pattern=_ID)]) -> UploadOut:
    upload = claims_service().upload_status(_actor("business"), uploadId)
    return UploadOut.model_validate(upload.to_api())


@app.get("/v1/claims/<claimId>", responses=_answers(200, "The claim"), tags=["claims"])
def get_claim(claimId: Annotated[str, Path(max_length=64, pattern=_ID)]) -> ClaimOut:
    return ClaimOut.model_validate(claims_service().view(_actor(), claimId))


@app.get("/v1/claims", responses=_answers(200, "A page of the caller's claims"), tags=["claims"])
def list_claims(
    status: Annotated[str | None, Query(pattern="^(RECEIVED|ACCEPTED|RETURNED|SCHEDULED|PAID)$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    nextToken: Annotated[str | None, Query(max_length=2048)] = None,
) -> ClaimPageOut:
    page = claims_service().list(_actor(), status, limit, nextToken)
    return ClaimPageOut.model_validate({"items": [c.to_api() for c in page.claims], "nextToken": page.next_token})


@app.post("/v1/claims/<claimId>/decision", responses=_answers(200, "The decided claim"), tags=["claims"])
def decide_claim(
    claimId: Annotated[str, Path(max_length=64, pattern=_ID)], body: DecisionIn, idempotency_key: IdempotencyKey = None
) -> ClaimOut:
    actor = _actor("official")
    if body.decision == "return" and not (body.reason or "").strip():
        raise Malformed("A return needs a reason", [Finding("REASON_REQUIRED", "A return needs a reason", "/reason")])

    def run() -> tuple[dict, int]:
        claim = claims_service().decide(actor, claimId, body.decision, body.reason, _correlation_id())
        metrics.add_metric(name="ClaimDecided", unit="Count", value=1)
        return claim.to_api(), 200

    answer, _ = _idempotent(actor, idempotency_key, {"claimId": claimId, **body.model_dump()}, run)
    return ClaimOut.model_validate(answer)


@app.post("/v1/grants", status_code=201, responses=_answers(201, "Grant created"), tags=["subsidies"])
def create_grant(body: GrantIn, idempotency_key: IdempotencyKey = None) -> tuple[GrantOut, int]:
    actor = _actor("official")

    def run() -> tuple[dict, int]:
        request = GrantRequest(
            title=body.title,
            purpose=body.purpose,
            field=body.field,
            recipient_brn=body.recipientBrn,
            start=_date(body.period.start, "/period/start"),
            end=_date(body.period.end, "/period/end"),
            budget=tuple((b.category, b.amount) for b in body.budget),
            funding_shares=body.fundingShares.model_dump(),
            grant_id=body.grantId,
        )
        return subsidy_service().create_grant(actor, request).to_api(), 201

    answer, status = _idempotent(actor, idempotency_key, body.model_dump(), run)
    return GrantOut.model_validate(answer), status


@app.get("/v1/grants/<grantId>", responses=_answers(200, "The grant"), tags=["subsidies"])
def get_grant(grantId: Annotated[str, Path(max_length=64, pattern=_ID)]) -> GrantOut:
    return GrantOut.model_validate(subsidy_service().get_grant(_actor(), grantId).to_api())


@app.post("/v1/sanctions", status_code=201, responses=_answers(201, "Sanction registered"), tags=["subsidies"])
def add_sanction(body: SanctionIn, idempotency_key: IdempotencyKey = None) -> tuple[SanctionOut, int]:
    actor = _actor("official")

    def run() -> tuple[dict, int]:
        sanction = subsidy_service().add_sanction(
            actor, body.brn, body.reason, _date(body.from_, "/from"), _date(body.until, "/until")
        )
        return sanction.to_api(), 201

    answer, status = _idempotent(actor, idempotency_key, body.model_dump(by_alias=True), run)
    return SanctionOut.model_validate(answer), status


@app.post("/v1/linkage/national", status_code=202, responses=_answers(202, "Imported"), tags=["subsidies"])
def import_linkage() -> tuple[LinkageOut, int]:
    """National (e나라도움) grants, executions and business facts, one JSON object a line
    (``Content-Type: application/x-ndjson``). The national feed (role ``national``) writes national data; an LG
    official imports its own LG's grants and their executions only (business lines: LINKAGE_BUSINESS_FORBIDDEN)."""
    actor = _actor(("national", "official"))
    body = app.current_event.body or ""
    if len(body.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise TooLarge(f"A linkage file is at most {MAX_DOCUMENT_BYTES} bytes; put larger ones under linkage/ in S3")
    importer = None if actor.role == "national" else actor.org
    return LinkageOut.model_validate(subsidy_service().import_linkage(body, importer=importer)), 202


@app.get("/v1/reviews", responses=_answers(200, "Review items"), tags=["subsidies"])
def list_reviews(
    status: Annotated[str, Query(pattern="^(open|cleared|fraud)$")] = "open",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> ReviewPageOut:
    reviews = subsidy_service().list_reviews(_actor("official"), status, limit)
    return ReviewPageOut.model_validate({"items": [r.to_api() for r in reviews]})


@app.post("/v1/reviews/<reviewId>/resolve", responses=_answers(200, "The resolved review"), tags=["subsidies"])
def resolve_review(
    reviewId: Annotated[str, Path(max_length=128, pattern=_ID)], body: ResolveIn, idempotency_key: IdempotencyKey = None
) -> ResolveOut:
    actor = _actor("official")

    def return_claim(claim_id: str, reason: str):
        return claims_service().decide(actor, claim_id, "return", reason, _correlation_id())

    def run() -> tuple[dict, int]:
        resolved = subsidy_service().resolve_review(actor, reviewId, body.outcome, body.note, return_claim)
        return ResolveOut.model_validate(resolved).model_dump(mode="json", exclude_none=True), 200

    answer, _ = _idempotent(actor, idempotency_key, {"reviewId": reviewId, **body.model_dump()}, run)
    return ResolveOut.model_validate(answer)


@app.post("/v1/budgets", status_code=201, responses=_answers(201, "Budget loaded"), tags=["settlement"])
def load_budget(body: BudgetIn, idempotency_key: IdempotencyKey = None) -> tuple[BudgetOut, int]:
    actor = _actor("official")

    def run() -> tuple[dict, int]:
        lines = [
            BudgetLine(
                line.lineId,
                line.fund,
                line.field,
                line.sector,
                line.program,
                line.unit,
                line.project,
                line.object,
                line.statObject,
                line.budget,
                line.carriedIn,
                line.reserveSpending,
                line.transfers,
            )
            for line in body.lines
        ]
        loaded = budget_service().load_budget(actor, body.fy, lines)
        return {"fy": body.fy, "lines": [line.to_api() for line in loaded]}, 201

    answer, status = _idempotent(actor, idempotency_key, body.model_dump(), run)
    return BudgetOut.model_validate(answer), status


@app.post("/v1/contracts", status_code=201, responses=_answers(201, "Contract registered"), tags=["settlement"])
def add_contract(body: ContractIn, idempotency_key: IdempotencyKey = None) -> tuple[ContractOut, int]:
    from shared.domain.calendar import now_seoul

    actor = _actor("official")

    def run() -> tuple[dict, int]:
        contract = budget_service().add_contract(
            actor, body.contractId, body.fy or now_seoul().year, body.supplierBrn, body.amount, body.lineId
        )
        return contract.to_api(), 201

    answer, status = _idempotent(actor, idempotency_key, body.model_dump(), run)
    return ContractOut.model_validate(answer), status


@app.post("/v1/settlements/runs", status_code=202, responses=_answers(202, "Run started"), tags=["settlement"])
def start_run(body: RunIn) -> tuple[RunStartedOut, int]:
    """The same LG, type and asOf give the same run (and one set of payments)."""
    run = run_service().start(
        _actor("official"), body.type, _date(body.asOf, "/asOf"), body.provisional, body.carryOver
    )
    return RunStartedOut(runId=run.run_id, status=run.status), 202


@app.get("/v1/settlements/runs/<runId>", responses=_answers(200, "The run"), tags=["settlement"])
def get_run(runId: Annotated[str, Path(max_length=128, pattern=_ID)]) -> RunOut:
    return RunOut.model_validate(run_service().get(_actor("official"), runId))


@app.get("/v1/ledger/trial-balance", responses=_answers(200, "The trial balance"), tags=["settlement"])
def trial_balance(
    asOf: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})] = None,
) -> TrialBalanceOut:
    from shared.application.wiring import ledger_repository
    from shared.domain.calendar import now_seoul

    actor = _actor("official")
    day = _date(asOf, "/asOf") if asOf else now_seoul().date()
    balance = ledger_repository().trial_balance(actor.org, day.year, as_of=day if asOf else None, include_budget=False)
    return TrialBalanceOut.model_validate(
        {
            "asOf": day.isoformat(),
            "accounts": [row.to_dict() for row in balance.rows],
            "totals": {"debit": balance.total_debit, "credit": balance.total_credit},
            "balanced": balance.balanced,
        }
    )


@app.get(
    "/v1/public/lgs/<lgCode>/indicators", responses=_answers(200, "The indicators of a closed year"), tags=["public"]
)
def public_indicators(
    lgCode: Annotated[str, Path(pattern=r"^\d{5}$")], fy: Annotated[int, Query(ge=2000, le=2100)]
) -> IndicatorsOut:
    """지방재정365-style aggregates of a closed fiscal year (no personal data)."""
    published = run_service().public_indicators(lgCode, fy)
    if published is None:
        raise NotFound(f"No closed fiscal year {fy} for LG {lgCode}")
    return IndicatorsOut.model_validate_json(published)


def _date(value: str, path: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{value} is not a date", [Finding("REQUEST_INVALID", "not a real date", path)]) from None


@app.get("/v1/public/lgs", responses=_answers(200, "The LGs the platform knows"), tags=["public"])
def list_lgs() -> list[LgOut]:
    return [LgOut.model_validate(lg.to_api()) for lg in sorted(registry().all().values(), key=lambda x: x.lg_code)]


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    event = _with_decoded_path(event)
    refused = _refuse_unrouted(event) or _refuse_unauthorised(event) or _refuse_unsupported_media(event)
    return refused if refused is not None else app.resolve(event, context)


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
        error = Forbidden(f"Only {_roles_text(sorted(roles))} may do this")
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
    return (
        json.dumps(
            json.loads(app.get_openapi_json_schema(title="Local finance claims API", version="1.0.0")),
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
