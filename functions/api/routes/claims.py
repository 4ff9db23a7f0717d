"""Claims and documents (e호조+BILL): submit a claim, validate a document, upload slots, read, list and decide."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.api.routes.common import (
    ID,
    IdempotencyKey,
    answers,
    caller,
    correlation_id,
    decode,
    idempotent,
    services,
)
from shared.adapters.http.models.claims import (
    ClaimCreatedOut,
    ClaimIn,
    ClaimOut,
    ClaimPageOut,
    DecisionIn,
    DocumentIn,
    UploadCreatedOut,
    UploadIn,
    UploadOut,
    ValidationOut,
)
from shared.adapters.observability import metrics
from shared.application.claims import ClaimRequest
from shared.application.uploads import UploadRequest
from shared.domain.claims.intake import validate
from shared.domain.documents import Finding
from shared.domain.errors import Malformed

router = Router()


@router.post("/v1/claims", status_code=201, responses=answers(201, "Claim received"), tags=["claims"])
def submit_claim(body: ClaimIn, idempotency_key: IdempotencyKey = None) -> tuple[ClaimCreatedOut, int]:
    actor = caller(router, "business")

    def run() -> tuple[dict, int]:
        request = ClaimRequest(
            lg_code=body.lgCode,
            kind=body.kind,
            format=body.document.format,
            content=decode(body.document.content),
            contract_id=body.contractId,
            grant_id=body.grantId,
            category=body.category,
            line_id=body.lineId,
        )
        claim = services(router).claims.submit(actor, request, correlation_id=correlation_id(router))
        metrics.add_metric(name="ClaimReceived", unit="Count", value=1)
        answer = {"claimId": claim.claim_id, "status": claim.status.value, "findings": claim.findings}
        if claim.due_date:
            answer["dueDate"] = claim.due_date
        return answer, 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return ClaimCreatedOut.model_validate(answer), status


@router.post("/v1/documents/validate", responses=answers(200, "Validation result"), tags=["documents"])
def validate_document(body: DocumentIn) -> ValidationOut:
    caller(router, "business")
    result = validate(body.format, decode(body.content))
    return ValidationOut.model_validate({"valid": result.valid, "findings": [f.as_dict() for f in result.findings]})


@router.post("/v1/uploads", status_code=201, responses=answers(201, "Upload slot"), tags=["uploads"])
def create_upload(body: UploadIn, idempotency_key: IdempotencyKey = None) -> tuple[UploadCreatedOut, int]:
    actor = caller(router, "business")

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
        return services(router).uploads.create_upload(actor, request), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return UploadCreatedOut.model_validate(answer), status


@router.get("/v1/uploads/<uploadId>", responses=answers(200, "The upload's status"), tags=["uploads"])
def get_upload(uploadId: Annotated[str, Path(max_length=64, pattern=ID)]) -> UploadOut:
    upload = services(router).uploads.upload_status(caller(router, "business"), uploadId)
    return UploadOut.model_validate(upload.to_api())


@router.get("/v1/claims/<claimId>", responses=answers(200, "The claim"), tags=["claims"])
def get_claim(claimId: Annotated[str, Path(max_length=64, pattern=ID)]) -> ClaimOut:
    return ClaimOut.model_validate(services(router).claims.view(caller(router), claimId))


@router.get("/v1/claims", responses=answers(200, "A page of the caller's claims"), tags=["claims"])
def list_claims(
    status: Annotated[str | None, Query(pattern="^(RECEIVED|ACCEPTED|RETURNED|SCHEDULED|PAID)$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    nextToken: Annotated[str | None, Query(max_length=2048)] = None,
) -> ClaimPageOut:
    page = services(router).claims.list(caller(router), status, limit, nextToken)
    return ClaimPageOut.model_validate({"items": [c.to_api() for c in page.claims], "nextToken": page.next_token})


@router.post("/v1/claims/<claimId>/decision", responses=answers(200, "The decided claim"), tags=["claims"])
def decide_claim(
    claimId: Annotated[str, Path(max_length=64, pattern=ID)], body: DecisionIn, idempotency_key: IdempotencyKey = None
) -> ClaimOut:
    actor = caller(router, "official")
    if body.decision == "return" and not (body.reason or "").strip():
        raise Malformed("A return needs a reason", [Finding("REASON_REQUIRED", "A return needs a reason", "/reason")])

    def run() -> tuple[dict, int]:
        claim = services(router).decisions.decide(
            actor, claimId, body.decision, body.reason, correlation_id(router), line_id=body.lineId
        )
        metrics.add_metric(name="ClaimDecided", unit="Count", value=1)
        return claim.to_api(), 200

    answer, _ = idempotent(router, actor, idempotency_key, {"claimId": claimId, **body.model_dump()}, run)
    return ClaimOut.model_validate(answer)
