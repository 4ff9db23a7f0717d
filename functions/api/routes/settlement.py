"""Settlement (결산) and the ledger: budgets (세출 and 세입 lines), revenue records (징수결정, 수납, 불납결손),
contracts, settlement runs and the trial balance."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.api.routes.common import ID, IdempotencyKey, answers, caller, idempotent, parse_date, services
from shared.adapters.http.models.settlement import (
    AssessmentIn,
    AssessmentOut,
    BudgetIn,
    BudgetOut,
    ContractIn,
    ContractOut,
    ReceiptIn,
    ReceiptOut,
    RefundIn,
    RefundOut,
    RunIn,
    RunOut,
    RunStartedOut,
    TransferIn,
    TransferOut,
    TrialBalanceOut,
    WriteOffIn,
    WriteOffOut,
)
from shared.domain.documents.model import Finding
from shared.domain.errors import Invalid
from shared.domain.settlement.budget import BudgetLine
from shared.domain.settlement.revenue import RevenueLine

router = Router()


@router.post("/v1/budgets", status_code=201, responses=answers(201, "Budget loaded"), tags=["settlement"])
def load_budget(body: BudgetIn, idempotency_key: IdempotencyKey = None) -> tuple[BudgetOut, int]:
    actor = caller(router, "official")
    if not body.lines and not body.revenueLines:
        raise Invalid("An empty budget", [Finding("BUDGET_EMPTY", "A budget has lines, revenueLines or both", "/")])

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
                explicit_carry_over_approved=line.explicitCarryOverApproved,
                continuing=line.continuing,
            )
            for line in body.lines
        ]
        revenue_lines = [
            RevenueLine(line.lineId, line.fund, line.code, line.kind, line.name, line.budget)
            for line in body.revenueLines
        ]
        revenue = services(router).revenue.load_lines(actor, body.fy, revenue_lines) if revenue_lines else []
        loaded = services(router).budgets.load_budget(actor, body.fy, lines) if lines else []
        return {
            "fy": body.fy,
            "lines": [line.to_api() for line in loaded],
            "revenueLines": [line.to_api() for line in revenue],
        }, 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return BudgetOut.model_validate(answer), status


@router.post(
    "/v1/revenues/assessments", status_code=201, responses=answers(201, "Assessed (징수결정)"), tags=["settlement"]
)
def assess_revenue(body: AssessmentIn, idempotency_key: IdempotencyKey = None) -> tuple[AssessmentOut, int]:
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        assessment = services(router).revenue.assess(
            actor,
            body.fy,
            body.lineId,
            body.amount,
            parse_date(body.date, "/date"),
            parse_date(body.dueDate, "/dueDate") if body.dueDate else None,
            body.assessmentId,
        )
        return assessment.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return AssessmentOut.model_validate(answer), status


@router.post("/v1/revenues/receipts", status_code=201, responses=answers(201, "Received (수납)"), tags=["settlement"])
def receive_revenue(body: ReceiptIn, idempotency_key: IdempotencyKey = None) -> tuple[ReceiptOut, int]:
    """Against an assessment (``assessmentId``), or assessed and received at once on a revenue line (``lineId``)."""
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        receipt = services(router).revenue.receive(
            actor, body.amount, parse_date(body.date, "/date"), body.assessmentId, body.lineId, body.receiptId
        )
        return receipt.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return ReceiptOut.model_validate(answer), status


@router.post(
    "/v1/revenues/write-offs", status_code=201, responses=answers(201, "Written off (불납결손)"), tags=["settlement"]
)
def write_off_revenue(body: WriteOffIn, idempotency_key: IdempotencyKey = None) -> tuple[WriteOffOut, int]:
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        write_off = services(router).revenue.write_off(
            actor, body.assessmentId, body.amount, parse_date(body.date, "/date"), body.reason, body.writeOffId
        )
        return write_off.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return WriteOffOut.model_validate(answer), status


@router.post(
    "/v1/revenues/refunds", status_code=201, responses=answers(201, "Refunded (과오납금 환급)"), tags=["settlement"]
)
def refund_revenue(body: RefundIn, idempotency_key: IdempotencyKey = None) -> tuple[RefundOut, int]:
    """Pay back what a receipt received beyond its assessment (과오납금), from the 회계 that received it."""
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        refund = services(router).revenue.refund(
            actor, body.receiptId, body.amount, parse_date(body.date, "/date"), body.reason, body.refundId
        )
        return refund.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return RefundOut.model_validate(answer), status


@router.post(
    "/v1/funds/transfers", status_code=201, responses=answers(201, "Transferred (전출·전입)"), tags=["settlement"]
)
def transfer_between_funds(body: TransferIn, idempotency_key: IdempotencyKey = None) -> tuple[TransferOut, int]:
    """Move money between two 회계 of the LG: the source's 701 내부거래지출 line pays it (its budget, its cash), the
    target's 내부거래 revenue line receives it; eliminated in the LG's total."""
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        transfer = services(router).revenue.transfer(
            actor,
            body.transferId,
            body.amount,
            parse_date(body.date, "/date"),
            body.fromLineId,
            body.toLineId,
            body.reason,
            body.fy,
        )
        return transfer.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return TransferOut.model_validate(answer), status


@router.post("/v1/contracts", status_code=201, responses=answers(201, "Contract registered"), tags=["settlement"])
def add_contract(body: ContractIn, idempotency_key: IdempotencyKey = None) -> tuple[ContractOut, int]:
    actor = caller(router, "official")

    def run() -> tuple[dict, int]:
        contract = services(router).budgets.add_contract(
            actor, body.contractId, body.fy, body.supplierBrn, body.amount, body.lineId
        )
        return contract.to_api(), 201

    answer, status = idempotent(router, actor, idempotency_key, body.model_dump(), run)
    return ContractOut.model_validate(answer), status


@router.post("/v1/settlements/runs", status_code=202, responses=answers(202, "Run started"), tags=["settlement"])
def start_run(body: RunIn) -> tuple[RunStartedOut, int]:
    """The same LG, type and asOf give the same run (and one set of payments)."""
    run = services(router).runs.start(
        caller(router, "official"), body.type, parse_date(body.asOf, "/asOf"), body.provisional, body.carryOver
    )
    return RunStartedOut(runId=run.run_id, status=run.status), 202


@router.get("/v1/settlements/runs/<runId>", responses=answers(200, "The run"), tags=["settlement"])
def get_run(runId: Annotated[str, Path(max_length=128, pattern=ID)]) -> RunOut:
    return RunOut.model_validate(services(router).runs.get(caller(router, "official"), runId))


@router.get("/v1/ledger/trial-balance", responses=answers(200, "The trial balance"), tags=["settlement"])
def trial_balance(
    asOf: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})] = None,
    fund: Annotated[str | None, Query(min_length=1, max_length=60)] = None,
) -> TrialBalanceOut:
    day = parse_date(asOf, "/asOf") if asOf else None
    ledger = services(router).ledger
    return TrialBalanceOut.model_validate(ledger.trial_balance(caller(router, "official"), day, fund))
