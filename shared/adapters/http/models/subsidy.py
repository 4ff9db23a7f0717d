"""The API models of subsidies (보탬e): grants, sanctions, the national link and the review queue."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from shared.adapters.http.models.claims import ClaimOut
from shared.adapters.http.models.common import Brn, ExternalId, IsoDate, LgCode, StrictIn, Whole


class PeriodIn(StrictIn):
    """A grant period (사업기간): at most 5 years, within the years 2000 to 2100 (422 GRANT_PERIOD otherwise)."""

    start: str = IsoDate
    end: str = IsoDate


class GrantBudgetLineIn(StrictIn):
    category: str = Field(pattern=r"^\d{3}-\d{2}$", description="통계목 code, e.g. 307-02")
    amount: Whole = Field(gt=0, le=10**15, description="whole won")
    lineId: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="The 세출 budget line the LG's 교부 of this category is paid from",
    )


class FundingSharesIn(StrictIn):
    national: str = "0"
    province: str = "0"
    city: str = "0"
    self: str = "0"


class AcknowledgementIn(StrictIn):
    code: Literal["P01", "P02"]
    grantId: str = Field(min_length=1, max_length=140, description="the other grant the finding names")
    reason: str = Field(min_length=5, max_length=1000, description="why the grant is decided despite it")


class ApplicationBudgetIn(StrictIn):
    category: str = Field(pattern=r"^\d{3}-\d{2}$", description="통계목 code, e.g. 307-02")
    amount: Whole = Field(gt=0, le=10**15, description="whole won: the program's budget, 자부담 included")


class GrantApplicationIn(StrictIn):
    """교부신청: the recipient (the calling business) applies to an LG for a grant."""

    lgCode: str = LgCode
    title: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=2000)
    field: str = Field(min_length=1, max_length=50, description="분야, e.g. 사회복지")
    period: PeriodIn
    budget: list[ApplicationBudgetIn] = Field(min_length=1, max_length=50)
    fundingShares: FundingSharesIn


class CategoryLineIn(StrictIn):
    category: str = Field(pattern=r"^\d{3}-\d{2}$")
    lineId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")


class GrantDecisionIn(StrictIn):
    """교부결정 of an application: approve (each category names the 세출 line paying it) or reject (with a reason)."""

    decision: Literal["approve", "reject"]
    lines: list[CategoryLineIn] = Field(default=[], max_length=50)
    acknowledgedFindings: list[AcknowledgementIn] = Field(default=[], max_length=50)
    reason: str | None = Field(default=None, max_length=1000, description="why the application is rejected")


class ExecutedIn(StrictIn):
    category: str = Field(pattern=r"^\d{3}-\d{2}$")
    amount: int = Field(ge=0, le=10**15, description="what the recipient executed of the category, won")


class SettlementReportIn(StrictIn):
    """정산보고서: what was executed per category (the executions on record), and the account's bank interest."""

    executed: list[ExecutedIn] = Field(min_length=1, max_length=50)
    interest: int = Field(ge=0, le=10**12, description="이자: interest the restricted account earned, won")


class SettlementDecisionIn(StrictIn):
    """The official's decision on a filed report: approve (the 반납 assessed) or return (with a reason)."""

    decision: Literal["approve", "return"]
    revenueLineId: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="the 세입 line (보조금 반환금) the LG's part of the 반납 is assessed on",
    )
    reason: str | None = Field(default=None, max_length=1000, description="why the report is returned")


class RecoveryIn(StrictIn):
    """환수 after confirmed fraud, with its 제재부가금 (the official's choice, at most five times the 환수)."""

    recoveryId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    amount: int = Field(gt=0, le=10**15, description="환수: the public money obtained or used by fraud, won")
    surcharge: int = Field(default=0, ge=0, le=5 * 10**15, description="제재부가금, won: at most 5 x amount")
    revenueLineId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    reason: str = Field(min_length=1, max_length=1000)


class WageIn(StrictIn):
    personKey: str = Field(
        min_length=1,
        max_length=64,
        description="the recipient's salted hash of the person (16 to 64 letters, digits, '_' or '-'): never a "
        "name or a resident registration number (422 PERSONAL_DATA)",
    )
    start: str = IsoDate
    end: str = IsoDate
    amount: Whole = Field(gt=0, le=10**12, description="the wages paid for the period, won")


class PayrollIn(StrictIn):
    """인건비 집행: the wages the recipient paid from the grant's account, one filing (e.g. a month) at a time."""

    lgCode: str = LgCode
    payrollId: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    category: str = Field(pattern=r"^\d{3}-\d{2}$", description="통계목 code of the grant's category")
    wages: list[WageIn] = Field(min_length=1, max_length=80)


class PayrollOut(BaseModel):
    """What the payroll did: ``executed`` (the account paid the public part, ``funded``), ``flagged`` (reserved
    while its review judges it: F07) or ``already`` (filed before)."""

    spendId: str
    status: Literal["executed", "flagged", "already"]
    amount: int
    funded: int
    indicators: list[str]
    reviewId: str | None = None


class OverdueSettlementOut(BaseModel):
    grantId: str
    title: str
    recipientBrn: str
    periodEnd: str
    due: str
    daysOverdue: int
    report: str


class OverdueSettlementsOut(BaseModel):
    items: list[OverdueSettlementOut]


class GrantIn(StrictIn):
    grantId: str | None = ExternalId
    title: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=2000)
    field: str = Field(min_length=1, max_length=50, description="분야, e.g. 사회복지")
    recipientBrn: str = Brn
    period: PeriodIn
    budget: list[GrantBudgetLineIn] = Field(min_length=1, max_length=50)
    fundingShares: FundingSharesIn
    acknowledgedFindings: list[AcknowledgementIn] = Field(
        default=[],
        max_length=50,
        description="P01/P02 findings the official has reviewed: the grant is refused while one is not acknowledged",
    )


class CategoryOut(BaseModel):
    category: str
    amount: int = Field(description="The category's program budget (사업비), the recipient's 자부담 included")
    granted: int = Field(description="교부액: the public share of the amount (국비 + 시도비 + 시군구비)")
    reserved: int
    executed: int = Field(description="What the recipient spent on the category, 자부담 included")
    funded: int = Field(description="Of executed, what the public money paid (지방비 집행액)")
    remaining: int
    lineId: str | None = None


class AcknowledgedOut(BaseModel):
    reason: str
    by: str
    at: str


class SimilarProgramOut(BaseModel):
    code: Literal["P01", "P02"]
    grantId: str
    source: str
    score: float
    message: str
    acknowledged: AcknowledgedOut | None = None


class GrantOut(BaseModel):
    grantId: str
    lgCode: str
    title: str
    purpose: str
    field: str
    recipientBrn: str
    period: dict[str, str]
    budget: list[CategoryOut]
    granted: int = Field(description="교부액 of the whole grant: what the LG's 교부 pays the recipient")
    fundingShares: dict[str, str]
    status: str
    source: str
    createdAt: str
    committedFy: int | None = Field(default=None, description="the fiscal year whose lines the 교부결정 committed")
    advancedOn: str | None = Field(default=None, description="the day the 교부 paid the LG's share into the account")
    recoveries: list[dict[str, object]] = Field(
        default=[], description="환수 and 제재부가금, each with its assessments"
    )
    history: list[dict[str, object]] = Field(default=[], description="교부결정, 교부, 집행, 정산, 반납 and 환수, dated")
    settlement: dict[str, object] | None = Field(
        default=None, description="정산보고서: FILED, then APPROVED (with its 반납 split) or RETURNED (with the reason)"
    )
    decision: dict[str, str] | None = Field(default=None, description="the 교부결정: outcome, by, at, reason")
    findings: list[SimilarProgramOut]


class SanctionIn(StrictIn):
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
    wages: int = Field(description="national grants' wage lines (인건비), for F07")
    flagged: int
    errors: list[dict[str, object]]


class IndicatorOut(BaseModel):
    code: str
    weight: int
    title: str
    evidence: dict[str, object]


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


class ResolveIn(StrictIn):
    outcome: Literal["cleared", "fraud"]
    note: str = Field(min_length=1, max_length=2000)


class ReviewedExecutionOut(BaseModel):
    """A reviewed card payment (전용카드 집행) or payroll (인건비): executed now (cleared), or released (fraud: never
    paid by the grant's account)."""

    executed: bool
    released: bool
    amount: int | None = None


class ResolveOut(BaseModel):
    review: ReviewOut
    cardPayment: ReviewedExecutionOut | None = None
    payroll: ReviewedExecutionOut | None = None
    claim: ClaimOut | None = None
    claimReturned: bool | None = Field(
        default=None,
        description="fraud only: whether the claim was returned now; false when it was already "
        "accepted, scheduled or paid (recover the money instead, 환수)",
    )
    sanctionOffer: dict[str, object] | None = None
