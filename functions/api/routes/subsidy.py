"""Subsidies (보탬e): grants, sanctions, the national link, and the review queue."""

from dataclasses import replace
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.api.routes.common import (
    ID,
    IdempotencyKey,
    answers,
    caller,
    correlation_id,
    idempotent,
    parse_date,
    services,
)
from shared.adapters.http.models.subsidy import (
    GrantApplicationIn,
    GrantDecisionIn,
    GrantIn,
    GrantOut,
    LinkageOut,
    OverdueSettlementsOut,
    PayrollIn,
    PayrollOut,
    RecoveryIn,
    ResolveIn,
    ResolveOut,
    ReviewPageOut,
    SanctionIn,
    SanctionOut,
    SettlementDecisionIn,
    SettlementReportIn,
)
from shared.application.subsidy import GrantRequest
from shared.domain.documents import MAX_DOCUMENT_BYTES
from shared.domain.errors import TooLarge
from shared.domain.subsidy.model import Period, Wage
from shared.domain.subsidy.payroll import grant_ref, payroll_spend_id

router = Router()


def _program(body: GrantIn | GrantApplicationIn, recipient: str) -> GrantRequest:
    """The program a grant or an application describes (title, purpose, field, period, budget, shares)."""
    return GrantRequest(
        title=body.title,
        purpose=body.purpose,
        field=body.field,
        recipient_brn=recipient,
        start=parse_date(body.period.start, "/period/start"),
        end=parse_date(body.period.end, "/period/end"),
        budget=tuple((b.category, b.amount) for b in body.budget),
        funding_shares=body.fundingShares.model_dump(),
    )


@router.post("/v1/grants", status_code=201, responses=answers(201, "Grant created"), tags=["subsidies"])
def create_grant(body: GrantIn, idempotency_key: IdempotencyKey = None) -> tuple[GrantOut, int]:
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        request = replace(
            _program(body, body.recipientBrn),
            grant_id=body.grantId,
            lines=tuple((b.category, b.lineId) for b in body.budget if b.lineId),
            acknowledged=tuple((a.code, a.grantId, a.reason) for a in body.acknowledgedFindings),
        )
        return services(router).grants.create_grant(actor, request).to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return GrantOut.model_validate(answer), status


@router.post(
    "/v1/grants/applications", status_code=201, responses=answers(201, "Application received"), tags=["subsidies"]
)
def apply_for_grant(body: GrantApplicationIn, idempotency_key: IdempotencyKey = None) -> tuple[GrantOut, int]:
    """교부신청 by the recipient business: the answer names similar and duplicate programs (P01, P02) at once."""
    actor = caller(router, "business")

    def run() -> tuple[dict, int]:
        request = _program(body, actor.org)
        return services(router).grants.apply(actor, body.lgCode, request).to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return GrantOut.model_validate(answer), status


@router.post(
    "/v1/grants/applications/<grantId>/decision", responses=answers(200, "The decided grant"), tags=["subsidies"]
)
def decide_application(
    grantId: Annotated[str, Path(max_length=64, pattern=ID)],
    body: GrantDecisionIn,
    idempotency_key: IdempotencyKey = None,
) -> GrantOut:
    """교부결정 of an application: approval commits each line for the LG's share (never above 예산현액)."""
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        grant = services(router).grants.decide(
            actor,
            grantId,
            body.decision == "approve",
            lines=tuple((line.category, line.lineId) for line in body.lines),
            acknowledged=tuple((a.code, a.grantId, a.reason) for a in body.acknowledgedFindings),
            reason=body.reason,
        )
        return grant.to_api(), 200

    answer, _ = idempotent(router, actor, idempotency_key, {"grantId": grantId, **body.model_dump()}, run)
    return GrantOut.model_validate(answer)


@router.get("/v1/grants/settlements/overdue", responses=answers(200, "Settlement reports past due"), tags=["subsidies"])
def overdue_settlements() -> OverdueSettlementsOut:
    """The LG's paid grants whose 정산보고서 is past its deadline (two months after the period), most overdue first."""
    items = services(router).grant_settlements.overdue(caller(router, "official"))
    return OverdueSettlementsOut.model_validate({"items": items})


@router.post("/v1/grants/<grantId>/settlement", responses=answers(200, "The report filed"), tags=["subsidies"])
def file_settlement(
    grantId: Annotated[str, Path(max_length=64, pattern=ID)],
    body: SettlementReportIn,
    idempotency_key: IdempotencyKey = None,
) -> GrantOut:
    """정산보고서: the recipient reports, after the period, what it executed per category and the interest earned."""
    actor = caller(router, "business")

    def run() -> tuple[dict, int]:
        executed = {item.category: item.amount for item in body.executed}
        return services(router).grant_settlements.file(actor, grantId, executed, body.interest).to_api(), 200

    answer, _ = idempotent(router, actor, idempotency_key, {"grantId": grantId, **body.model_dump()}, run)
    return GrantOut.model_validate(answer)


@router.post(
    "/v1/grants/<grantId>/settlement/decision", responses=answers(200, "The decided report"), tags=["subsidies"]
)
def decide_settlement(
    grantId: Annotated[str, Path(max_length=64, pattern=ID)],
    body: SettlementDecisionIn,
    idempotency_key: IdempotencyKey = None,
) -> GrantOut:
    """Approve the report (반납 split; the LG's part assessed as 세입) or return it with a reason."""
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        grant = services(router).grant_settlements.decide(
            actor, grantId, body.decision == "approve", body.revenueLineId, body.reason
        )
        return grant.to_api(), 200

    answer, _ = idempotent(router, actor, idempotency_key, {"grantId": grantId, **body.model_dump()}, run)
    return GrantOut.model_validate(answer)


@router.post(
    "/v1/grants/<grantId>/payroll", status_code=201, responses=answers(201, "Executed or held"), tags=["subsidies"]
)
def file_payroll(
    grantId: Annotated[str, Path(max_length=64, pattern=ID)],
    body: PayrollIn,
    idempotency_key: IdempotencyKey = None,
) -> tuple[PayrollOut, int]:
    """인건비 집행: the recipient's payroll paid from the grant's account. Executed at once (201, the public part
    booked), or held in the review queue when the same person's wages are on another grant over an overlapping
    period (F07, 201 ``flagged``); filed again, 200 ``already``."""
    actor = caller(router, "business")

    def run() -> tuple[dict, int]:
        spend_id = payroll_spend_id(body.lgCode, grantId, body.payrollId)
        wages = tuple(
            Wage(
                wage.personKey,
                grant_ref(body.lgCode, grantId),
                Period(parse_date(wage.start, f"/wages/{n}/start"), parse_date(wage.end, f"/wages/{n}/end")),
                wage.amount,
                spend_id,
            )
            for n, wage in enumerate(body.wages)
        )
        outcome = services(router).executions.record_payroll(
            actor, body.lgCode, grantId, body.payrollId, body.category, wages
        )
        answer = {
            "spendId": spend_id,
            "status": outcome.status,
            "amount": outcome.amount,
            "funded": outcome.funded,
            "indicators": outcome.codes,
            "reviewId": outcome.review_id,
        }
        return answer, 200 if outcome.status == "already" else 201

    answer, status = idempotent(router, actor, idempotency_key, {"grantId": grantId, **body.model_dump()}, run)
    return PayrollOut.model_validate(answer), status


@router.post(
    "/v1/grants/<grantId>/recoveries", status_code=201, responses=answers(201, "Recovery assessed"), tags=["subsidies"]
)
def recover_grant(
    grantId: Annotated[str, Path(max_length=64, pattern=ID)],
    body: RecoveryIn,
    idempotency_key: IdempotencyKey = None,
) -> tuple[GrantOut, int]:
    """환수 with 제재부가금 after confirmed fraud: each assessed (징수결정) as the LG's 세입, the other governments'
    parts of the 환수 owed onward."""
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        grant = services(router).grant_settlements.recover(
            actor, grantId, body.recoveryId, body.amount, body.surcharge, body.revenueLineId, body.reason
        )
        return grant.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, {"grantId": grantId, **body.model_dump()}, run)
    return GrantOut.model_validate(answer), status


@router.get("/v1/grants/<grantId>", responses=answers(200, "The grant"), tags=["subsidies"])
def get_grant(grantId: Annotated[str, Path(max_length=64, pattern=ID)]) -> GrantOut:
    return GrantOut.model_validate(services(router).subsidy.get_grant(caller(router), grantId).to_api())


@router.post("/v1/sanctions", status_code=201, responses=answers(201, "Sanction registered"), tags=["subsidies"])
def add_sanction(body: SanctionIn, idempotency_key: IdempotencyKey = None) -> tuple[SanctionOut, int]:
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        sanction = services(router).subsidy.add_sanction(
            actor, body.brn, body.reason, parse_date(body.from_, "/from"), parse_date(body.until, "/until")
        )
        return sanction.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(by_alias=True), run)
    return SanctionOut.model_validate(answer), status


@router.post("/v1/linkage/national", status_code=202, responses=answers(202, "Imported"), tags=["subsidies"])
def import_linkage() -> tuple[LinkageOut, int]:
    """National (e나라도움) grants, executions and business facts, one JSON object a line
    (``Content-Type: application/x-ndjson``). The national feed (role ``national``) writes national data; an LG
    official imports its own LG's grants and their executions only (business lines: LINKAGE_BUSINESS_FORBIDDEN)."""
    actor = caller(router, ("national", "official"))
    body = router.current_event.body or ""
    if len(body.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise TooLarge(f"A linkage file is at most {MAX_DOCUMENT_BYTES} bytes; put larger ones under linkage/ in S3")
    importer = None if actor.role == "national" else actor.org
    return LinkageOut.model_validate(services(router).linkage.import_linkage(body, importer=importer)), 202


@router.get("/v1/reviews", responses=answers(200, "Review items"), tags=["subsidies"])
def list_reviews(
    status: Annotated[str, Query(pattern="^(open|cleared|fraud)$")] = "open",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    sort: Annotated[str, Query(pattern="^(newest|score)$", description="newest first, or riskiest first")] = "newest",
    indicator: Annotated[
        str | None, Query(pattern="^[A-Z][0-9]{2}$", description="only reviews naming this indicator, e.g. F07")
    ] = None,
) -> ReviewPageOut:
    """The review queue (부정수급 검토) of the official's LG."""
    reviews = services(router).reviews.list_reviews(
        caller(router, "official"), status, limit, by_score=sort == "score", indicator=indicator
    )
    return ReviewPageOut.model_validate({"items": [r.to_api() for r in reviews]})


@router.post("/v1/reviews/<reviewId>/resolve", responses=answers(200, "The resolved review"), tags=["subsidies"])
def resolve_review(
    reviewId: Annotated[str, Path(max_length=128, pattern=ID)], body: ResolveIn, idempotency_key: IdempotencyKey = None
) -> ResolveOut:
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        resolved = services(router).reviews.resolve(actor, reviewId, body.outcome, body.note, correlation_id(router))
        return ResolveOut.model_validate(resolved).model_dump(mode="json", exclude_none=True), 200

    answer, _ = idempotent(router, actor, idempotency_key, {"reviewId": reviewId, **body.model_dump()}, run)
    return ResolveOut.model_validate(answer)
