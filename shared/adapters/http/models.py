"""API models (pydantic): what clients send and receive. They are not the database models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

LgCode = Field(pattern=r"^\d{5}$", description="5-digit LG code (자치단체 코드)")
ExternalId = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
Format = Literal["kec", "ubl", "cii"]
Kind = Literal["payment", "subsidy"]


def _json_integer(value: object) -> object:
    if isinstance(value, bool | str):  # JSON's true/false and "2" are no integers (pydantic's lax int takes them)
        raise ValueError("Input should be a JSON integer")
    return value


# A JSON integer (2 or 2.0), never true/false or "2". Inside a union or a container, put the constraints before
# the validator (``Annotated[int, Field(ge=0), BeforeValidator(_json_integer)]``) or the schema loses them.
Whole = Annotated[int, BeforeValidator(_json_integer)]
Flag = Annotated[bool, Strict()]  # a JSON boolean, never 1 or "true"


class _Strict(BaseModel):
    """A request body: no unknown fields."""

    model_config = ConfigDict(extra="forbid")


class DocumentIn(_Strict):
    format: Format
    content: str = Field(description="The XML document, base64-encoded")


class ClaimIn(_Strict):
    lgCode: str = LgCode
    kind: Kind
    contractId: str | None = ExternalId
    grantId: str | None = ExternalId
    category: str | None = Field(default=None, pattern=r"^\d{3}-\d{2}$", description="통계목 of a subsidy claim")
    document: DocumentIn


class DecisionIn(_Strict):
    """A return needs a reason that is not blank (400 ``REASON_REQUIRED`` otherwise)."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"decision": {"const": "return"}}, "required": ["decision"]},
            "then": {"required": ["reason"], "properties": {"reason": {"type": "string", "pattern": r"\S"}}},
        }
    )

    decision: Literal["accept", "return"]
    reason: str | None = Field(default=None, max_length=1000)


class UploadIn(_Strict):
    lgCode: str = LgCode
    kind: Kind
    contractId: str | None = ExternalId
    grantId: str | None = ExternalId
    category: str | None = Field(default=None, pattern=r"^\d{3}-\d{2}$")
    format: Format
    fileName: str = Field(min_length=1, max_length=255)


class FindingOut(BaseModel):
    code: str
    severity: Literal["error", "warning"]
    message: str
    path: str


class ValidationOut(BaseModel):
    valid: bool
    findings: list[FindingOut]


class HistoryOut(BaseModel):
    status: str
    at: str
    by: str
    reason: str | None = None


class OriginalOut(BaseModel):
    """The original document the claim was decided on: its SHA-256 and size, and for the claim's owner and the LG's
    officials a short-lived link that serves exactly those bytes."""

    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    size: int
    url: str | None = None
    expiresIn: int | None = None


class AlertOut(BaseModel):
    """Something the LG's officials should look at, e.g. the same invoice claimed as payment and as subsidy."""

    code: str
    message: str
    at: str
    otherClaimId: str | None = None


class ClaimOut(BaseModel):
    claimId: str
    status: str
    kind: str
    lgCode: str
    supplier: str
    buyer: str
    invoice: dict
    findings: list[FindingOut]
    receivedAt: str
    history: list[HistoryOut]
    contractId: str | None = None
    grantId: str | None = None
    category: str | None = None
    risk: dict | None = None
    dueDate: str | None = None
    paidOn: str | None = None
    lateInterest: int | None = None
    document: OriginalOut | None = None
    alerts: list[AlertOut] | None = None


class ClaimCreatedOut(BaseModel):
    claimId: str
    status: str
    findings: list[FindingOut]
    dueDate: str | None = None


class ClaimPageOut(BaseModel):
    items: list[ClaimOut]
    nextToken: str | None = None


class UploadCreatedOut(BaseModel):
    uploadId: str
    url: str
    method: Literal["PUT"]
    headers: dict[str, str]
    expiresIn: int


class UploadOut(BaseModel):
    uploadId: str
    status: Literal["PENDING", "ACCEPTED", "REJECTED"]
    claimId: str | None = None
    errors: list[dict] | None = None
    ignoredPuts: dict | None = None


class LgOut(BaseModel):
    lgCode: str
    name: str
    nameEn: str
    taxId: str


class ProblemError(BaseModel):
    code: str
    message: str
    path: str = ""


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] = []


# -- subsidies (보탬e) ---------------------------------------------------------------------------------------------

Brn = Field(pattern=r"^\d{10}$", description="10-digit business registration number (사업자등록번호)")
IsoDate = Field(
    pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD, a real day", json_schema_extra={"format": "date"}
)


class PeriodIn(_Strict):
    """A grant period (사업기간): at most 5 years, within the years 2000 to 2100 (422 GRANT_PERIOD otherwise)."""

    start: str = IsoDate
    end: str = IsoDate


class GrantBudgetLineIn(_Strict):
    category: str = Field(pattern=r"^\d{3}-\d{2}$", description="통계목 code, e.g. 307-02")
    amount: Whole = Field(gt=0, le=10**15, description="whole won")


class FundingSharesIn(_Strict):
    national: str = "0"
    province: str = "0"
    city: str = "0"
    self: str = "0"


class GrantIn(_Strict):
    grantId: str | None = ExternalId
    title: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=2000)
    field: str = Field(min_length=1, max_length=50, description="분야, e.g. 사회복지")
    recipientBrn: str = Brn
    period: PeriodIn
    budget: list[GrantBudgetLineIn] = Field(min_length=1, max_length=50)
    fundingShares: FundingSharesIn


class CategoryOut(BaseModel):
    category: str
    amount: int
    reserved: int
    executed: int
    remaining: int


class SimilarProgramOut(BaseModel):
    code: Literal["P01", "P02"]
    grantId: str
    source: str
    score: float
    message: str


class GrantOut(BaseModel):
    grantId: str
    lgCode: str
    title: str
    purpose: str
    field: str
    recipientBrn: str
    period: dict[str, str]
    budget: list[CategoryOut]
    fundingShares: dict[str, str]
    status: str
    source: str
    createdAt: str
    findings: list[SimilarProgramOut]


class SanctionIn(_Strict):
    brn: str = Brn
    reason: str = Field(min_length=1, max_length=1000)
    from_: str = Field(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})
    until: str = IsoDate


class SanctionOut(BaseModel):
    sanctionId: str
    brn: str
    reason: str
    from_: str = Field(alias="from", serialization_alias="from")
    until: str
    lgCode: str


class LinkageOut(BaseModel):
    grants: int
    executions: int
    businesses: int
    flagged: int
    errors: list[dict]


class IndicatorOut(BaseModel):
    code: str
    weight: int
    title: str
    evidence: dict


class ReviewOut(BaseModel):
    reviewId: str
    claimId: str
    grantId: str
    lgCode: str
    score: int
    indicators: list[IndicatorOut]
    status: Literal["open", "cleared", "fraud"]
    createdAt: str
    resolvedAt: str | None = None
    resolvedBy: str | None = None
    note: str | None = None


class ReviewPageOut(BaseModel):
    items: list[ReviewOut]


class ResolveIn(_Strict):
    outcome: Literal["cleared", "fraud"]
    note: str = Field(min_length=1, max_length=2000)


class ResolveOut(BaseModel):
    review: ReviewOut
    claim: ClaimOut | None = None
    claimReturned: bool | None = Field(
        default=None,
        description="fraud only: whether the claim was returned now; false when it was already "
        "accepted, scheduled or paid (recover the money instead, 환수)",
    )
    sanctionOffer: dict | None = None


# -- budgets and contracts (결산) ---------------------------------------------------------------------------------


class BudgetLineIn(_Strict):
    lineId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    fund: str = Field(min_length=1, max_length=100, description="회계, e.g. 일반회계")
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


class BudgetIn(_Strict):
    fy: Whole = Field(ge=2000, le=2100)
    lines: list[BudgetLineIn] = Field(min_length=1, max_length=500)


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
    carriedOver: int | None = Field(default=None, description="다음연도이월액, once the year is finally closed")


class BudgetOut(BaseModel):
    fy: int
    lines: list[BudgetLineOut]


class ContractIn(_Strict):
    contractId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    supplierBrn: str = Field(pattern=r"^\d{10}$")
    amount: Whole = Field(gt=0, le=10**15)
    lineId: str = Field(min_length=1, max_length=64)
    fy: Annotated[int, Field(ge=2000, le=2100), BeforeValidator(_json_integer)] | None = Field(
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


class RunIn(_Strict):
    type: Literal["payment", "month-close", "year-close"]
    asOf: str = IsoDate
    provisional: Flag = False
    carryOver: dict[str, Annotated[int, Field(ge=0, le=10**15), BeforeValidator(_json_integer)]] | None = Field(
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
    accounts: list[TrialBalanceRowOut]
    totals: dict[str, int]
    balanced: bool


class IndicatorsOut(BaseModel):
    """지방재정365-style aggregates of a closed fiscal year (no personal data): sizes, rates and totals; parts
    without their input are left out. New indicators may appear beside these."""

    model_config = ConfigDict(extra="allow")

    lgCode: str
    fy: int
