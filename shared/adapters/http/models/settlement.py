"""The API models of settlement (결산) and the ledger: budgets, contracts, settlement runs and the trial balance."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, StrictBool

from shared.adapters.http.models.common import Flag, IsoDate, StrictIn, Whole, json_integer


class BudgetLineIn(StrictIn):
    lineId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    fund: str = Field(min_length=1, max_length=60, description="회계, e.g. 일반회계")
    field: str = Field(min_length=1, max_length=100, description="분야")
    sector: str = Field(min_length=1, max_length=100, description="부문")
    program: str = Field(min_length=1, max_length=200, description="정책사업")
    unit: str = Field(min_length=1, max_length=200, description="단위사업")
    project: str = Field(min_length=1, max_length=200, description="세부사업")
    object: str = Field(min_length=1, max_length=100, description="편성목")
    statObject: str = Field(min_length=1, max_length=100, description="통계목, e.g. 201-01")
    budget: Whole = Field(ge=0, le=10**15, description="예산액, whole won")
    carriedIn: Whole = Field(default=0, ge=0, le=10**15, description="전년도이월액")
    reserveSpending: Whole = Field(default=0, ge=0, le=10**15, description="예비비지출")
    transfers: Whole = Field(default=0, ge=-(10**15), le=10**15, description="전용/이용/이체, signed")
    explicitCarryOverApproved: Whole = Field(
        default=0, ge=0, le=10**15, description="명시이월: what the council approved to carry over, whole won"
    )
    continuing: StrictBool = Field(
        default=False, description="계속비: its unspent yearly share carries over (계속비이월)"
    )


class RevenueLineIn(StrictIn):
    lineId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    fund: str = Field(min_length=1, max_length=60, description="회계, e.g. 일반회계")
    code: str = Field(min_length=1, max_length=20, description="세입과목 관-항-목, e.g. 110-11-01")
    kind: Literal["localTax", "nonTax", "localShareTax", "adjustmentGrant", "subsidy", "bond", "transfer"] = Field(
        description="지방세, 세외수입, 지방교부세, 조정교부금 등, 보조금, 지방채, 보전수입 등 및 내부거래"
    )
    name: str = Field(min_length=1, max_length=200, description="과목명, e.g. 재산세")
    budget: Whole = Field(ge=0, le=10**15, description="세입예산액, whole won")


class BudgetIn(StrictIn):
    fy: Whole = Field(ge=2000, le=2100)
    lines: list[BudgetLineIn] = Field(default_factory=list, max_length=500, description="세출 lines")
    revenueLines: list[RevenueLineIn] = Field(default_factory=list, max_length=500, description="세입 lines")


class RevenueLineOut(BaseModel):
    lineId: str
    fund: str
    code: str
    kind: str
    name: str
    budget: int
    assessed: int
    received: int
    writtenOff: int
    outstanding: int
    overReceived: int
    carriedIn: int = Field(default=0, description="전년도 이월: last year's 미수납액, collected here")
    carriedOutstanding: int = Field(default=0, description="of the carried-in amount, still outstanding")


class AssessmentIn(StrictIn):
    assessmentId: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    fy: Whole = Field(ge=2000, le=2100)
    lineId: str = Field(min_length=1, max_length=64)
    amount: Whole = Field(gt=0, le=10**15)
    date: str = IsoDate
    dueDate: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="납기, YYYY-MM-DD",
        json_schema_extra={"format": "date"},
    )


class AssessmentOut(BaseModel):
    assessmentId: str
    fy: int
    lineId: str
    amount: int
    date: str
    dueDate: str | None
    received: int
    writtenOff: int
    outstanding: int
    status: Literal["OPEN", "SETTLED"]


class ReceiptIn(StrictIn):
    receiptId: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    assessmentId: str | None = Field(default=None, min_length=1, max_length=64)
    lineId: str | None = Field(default=None, min_length=1, max_length=64)
    amount: Whole = Field(gt=0, le=10**15)
    date: str = IsoDate


class ReceiptOut(BaseModel):
    receiptId: str
    fy: int
    lineId: str
    assessmentId: str
    amount: int
    date: str
    applied: int
    overReceived: int = Field(description="과오납금: received above what the assessment had outstanding")
    refunded: int = Field(default=0, description="of the 과오납금, paid back (환급)")
    priorYear: bool = Field(default=False, description="과년도 수입: an earlier year's assessment, received in fy")


class WriteOffIn(StrictIn):
    writeOffId: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    assessmentId: str = Field(min_length=1, max_length=64)
    amount: Whole = Field(gt=0, le=10**15)
    date: str = IsoDate
    reason: str = Field(min_length=1, max_length=500)


class WriteOffOut(BaseModel):
    writeOffId: str
    fy: int
    lineId: str
    assessmentId: str
    amount: int
    date: str
    reason: str
    priorYear: bool = Field(default=False, description="과년도 결손: an earlier year's assessment, written off in fy")


class RefundIn(StrictIn):
    refundId: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    receiptId: str = Field(min_length=1, max_length=64)
    amount: Whole = Field(gt=0, le=10**15)
    date: str = IsoDate
    reason: str = Field(min_length=1, max_length=500)


class RefundOut(BaseModel):
    refundId: str
    fy: int
    lineId: str
    receiptId: str
    amount: int
    date: str
    reason: str


class TransferIn(StrictIn):
    transferId: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    fy: int | None = Field(default=None, ge=2000, le=2100)
    amount: Whole = Field(gt=0, le=10**15)
    date: str = IsoDate
    fromLineId: str = Field(min_length=1, max_length=64)
    toLineId: str = Field(min_length=1, max_length=64)
    reason: str = Field(default="", max_length=500)


class TransferOut(BaseModel):
    transferId: str
    fy: int
    date: str
    amount: int
    fromLineId: str
    fromFund: str
    toLineId: str
    toFund: str
    reason: str


class BudgetLineOut(BaseModel):
    lineId: str
    fund: str
    field: str
    sector: str
    program: str
    unit: str
    project: str
    object: str
    statObject: str
    budget: int
    carriedIn: int
    reserveSpending: int
    transfers: int
    budgetCurrent: int
    committed: int
    uncommitted: int
    expended: int = 0
    accrued: int = Field(default=0, description="Accepted payment claims' cost on the line (발생주의)")
    subsidyExecuted: int = Field(default=0, description="Recipients' accepted executions of grants the line funds")
    carriedOver: int | None = Field(default=None, description="다음연도이월액, once the year is finally closed")


class BudgetOut(BaseModel):
    fy: int
    lines: list[BudgetLineOut]
    revenueLines: list[RevenueLineOut] = []


class ContractIn(StrictIn):
    contractId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    supplierBrn: str = Field(pattern=r"^\d{10}$")
    amount: Whole = Field(gt=0, le=10**15)
    lineId: str = Field(min_length=1, max_length=64)
    fy: Annotated[int, Field(ge=2000, le=2100), BeforeValidator(json_integer)] | None = Field(
        default=None, description="defaults to this year (Asia/Seoul)"
    )


class ContractOut(BaseModel):
    contractId: str
    lgCode: str
    fy: int
    supplierBrn: str
    amount: int
    lineId: str
    accepted: int
    remaining: int


class RunIn(StrictIn):
    type: Literal["payment", "month-close", "year-close"]
    asOf: str = IsoDate
    provisional: Flag = False
    carryOver: dict[str, Annotated[int, Field(ge=0, le=10**15), BeforeValidator(json_integer)]] | None = Field(
        default=None,
        max_length=500,
        description="year close only: 다음연도이월액 per lineId (명시이월, 사고이월), whole won",
    )


class RunStartedOut(BaseModel):
    runId: str
    status: str


class ReportLinkOut(BaseModel):
    name: str
    url: str


class RunOut(BaseModel):
    runId: str
    lgCode: str
    type: str
    asOf: str
    provisional: bool
    status: Literal["RUNNING", "SUCCEEDED", "FAILED"]
    startedAt: str
    finishedAt: str | None = None
    chunks: int
    counts: dict[str, int]
    totals: dict[str, int]
    reports: list[ReportLinkOut]
    error: str | None = None
    carryOver: dict[str, int] | None = None


class TrialBalanceRowOut(BaseModel):
    account: str
    name: str
    type: str
    debit: int
    credit: int
    balance: int


class TrialBalanceOut(BaseModel):
    asOf: str
    fund: str  # the 회계, or 합계: the LG's total with 내부거래 eliminated
    funds: list[str]  # the 회계 the LG's ledger keeps this year
    accounts: list[TrialBalanceRowOut]
    totals: dict[str, int]
    balanced: bool
