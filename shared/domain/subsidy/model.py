"""Plain domain types of subsidy validation (no AWS types). Money is integer won; dates are business dates."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Literal, cast

BusinessStatus = Literal["active", "suspended", "closed"]  # 정상 / 휴업 / 폐업
GrantSource = Literal["local", "national"]  # a grant of an LG (보탬e) or a national one (e나라도움)
# the public funding shares: 국비 (national), 시도비 (province), 시군구비 (city); the fourth, 자부담 ("self"), is the
# recipient's own money, which never passes through the LG's books
PUBLIC_SHARES = ("national", "province", "city")


def public_fraction(shares: Mapping[str, object]) -> Decimal:
    """The part of a program the LG's 교부 funds: 국비 + 시도비 + 시군구비 (exact decimals)."""
    return sum((Decimal(str(shares.get(name, "0"))) for name in PUBLIC_SHARES), Decimal(0))


def public_part(amount: int, shares: Mapping[str, object]) -> int:
    """The public money's part of ``amount`` won of a program (its 교부액, or an execution's 지방비): floored to the
    won, so the LG never pays any of the recipient's 자부담 (our reading of 보조금법's 자부담; the remainder is the
    recipient's)."""
    return int((amount * public_fraction(shares)).to_integral_value(rounding=ROUND_FLOOR))


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


@dataclass(frozen=True, slots=True)
class Wage:
    """One person's wages on a grant for a period (인건비): ``person_key`` is the recipient's non-identifying key of
    the person (a salted hash), never a name or a resident number."""

    person_key: str
    grant_ref: str  # <lg>#<grantId> (NATIONAL#<id> for a national grant)
    period: Period
    amount: int
    spend_id: str = ""


@dataclass(frozen=True, slots=True)
class GrantSummary:
    """What the similar-program search and the indicators need of a grant (local or national)."""

    grant_id: str
    lg_code: str  # "NATIONAL" for e나라도움 grants
    title: str
    purpose: str
    field: str  # 분야, e.g. "사회복지"
    recipient_brn: str
    period: Period
    categories: tuple[str, ...]  # 통계목 codes, e.g. ("307-02",)
    budget_total: int = 0
    source: GrantSource = "local"
    status: str = "OPEN"


@dataclass(frozen=True, slots=True)
class Spend:
    """One execution against a grant: a subsidy claim, or a national execution from the link."""

    claim_id: str
    grant_id: str
    vendor_brn: str
    amount: int
    day: date
    invoice_key: str
    category: str = ""


@dataclass(frozen=True, slots=True)
class BusinessFacts:
    """A business as the registry (and the national link) knows it. Hashes are salted hashes of name + birth date
    (representative) and of the bank account holder: never the personal data itself."""

    brn: str
    status: BusinessStatus = "active"
    status_since: date | None = None
    registered_on: date | None = None
    representative_hash: str | None = None
    account_holder_hash: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorContext:
    """Everything the soft indicators look at for one new subsidy claim."""

    claim: Spend
    grant: GrantSummary
    vendor: BusinessFacts | None
    recipient: BusinessFacts | None
    earlier: tuple[Spend, ...] = ()  # the grant's other spending, this claim excluded
    cancelled_invoice_keys: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class IndicatorHit:
    """One indicator that fired, with the evidence an official needs to judge it (which records, which numbers)."""

    code: str  # F01, F03, ...
    weight: int
    title: str
    evidence: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "weight": self.weight, "title": self.title, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class SimilarProgram:
    """A finding on a new grant: P01 (same recipient, same category, overlapping period) or P02 (similar title or
    purpose in the same field, overlapping years)."""

    code: Literal["P01", "P02"]
    other_grant_id: str
    other_source: str
    score: float
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "grantId": self.other_grant_id,
            "source": self.other_source,
            "score": round(self.score, 3),
            "message": self.reason,
        }


@dataclass(frozen=True, slots=True)
class CategoryBudget:
    category: str
    amount: int
    reserved: int = 0
    executed: int = 0  # what the recipient spent on the category: the public money and its own 자부담
    line_id: str | None = None  # the 세출 line the LG's 교부 of this category is paid from (None: none named yet)
    funded: int = 0  # of ``executed``, what the public money paid (지방비 집행액): the rest was 자부담

    @property
    def remaining(self) -> int:
        return self.amount - self.reserved - self.executed

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "amount": self.amount,
            "reserved": self.reserved,
            "executed": self.executed,
            "remaining": self.remaining,
            "funded": self.funded,
        } | ({"lineId": self.line_id} if self.line_id else {})


@dataclass(slots=True)
class Grant:
    """A grant decision (교부결정): program, recipient, period, budget per category, funding shares."""

    grant_id: str
    lg_code: str
    title: str
    purpose: str
    field: str
    recipient_brn: str
    period: Period
    budget: list[CategoryBudget]
    funding_shares: dict[str, str]  # national / province / city / self, as exact decimal strings
    created_at: str
    # APPLIED (교부신청, awaiting the decision) -> OPEN (교부결정: approved) or REJECTED; OPEN -> CLOSED (정산)
    status: str = "OPEN"
    source: str = "local"  # a GrantSource; str because it is read back from storage as one
    findings: list[dict[str, object]] = dataclasses.field(default_factory=list)  # the attribute ``field`` hides it
    committed_fy: int | None = None  # the fiscal year whose lines the 교부결정 committed (지출원인행위)
    decided: dict[str, str] | None = None  # the decision: outcome, by, at, and a rejection's reason
    advanced_on: date | None = None  # 교부: the day the payment run paid the LG's share into the restricted account
    settlement: dict[str, object] | None = None  # the 정산보고서: FILED -> APPROVED (with its 반납) or RETURNED
    recoveries: list[dict[str, object]] = dataclasses.field(default_factory=list)  # 환수 and 제재부가금

    def granted(self, category: CategoryBudget) -> int:
        """교부액 of one category: the public share of its budget (the rest is the recipient's 자부담)."""
        return public_part(category.amount, self.funding_shares)

    def summary(self) -> GrantSummary:
        return GrantSummary(
            self.grant_id,
            self.lg_code,
            self.title,
            self.purpose,
            self.field,
            self.recipient_brn,
            self.period,
            tuple(b.category for b in self.budget),
            sum(b.amount for b in self.budget),
            cast(GrantSource, self.source),
            self.status,
        )

    def history(self) -> list[dict[str, object]]:
        """교부결정, 교부, 집행, 정산 (with its 반납) and 환수, each with its date: the grant's life in one list."""
        events: list[dict[str, object]] = [{"event": "created", "at": self.created_at, "source": self.source}]
        if self.decided:
            events.append({"event": f"decision: {self.decided.get('outcome')}", "at": self.decided.get("at")})
        if self.advanced_on:
            granted = sum(self.granted(b) for b in self.budget)
            events.append({"event": "advanced (교부)", "at": self.advanced_on.isoformat(), "amount": granted})
        executed = sum(b.executed for b in self.budget)
        if executed:
            funded = sum(b.funded for b in self.budget)
            events.append({"event": "executed (집행, to date)", "amount": executed, "funded": funded})
        report = self.settlement or {}
        if report.get("filedAt"):
            events.append({"event": "settlement filed (정산보고)", "at": report["filedAt"]})
        if report.get("decidedAt"):
            returned = report.get("return")
            amount = returned.get("returned") if isinstance(returned, dict) else None
            events.append(
                {"event": f"settlement {str(report.get('status')).lower()}", "at": report["decidedAt"]}
                | ({"returned (반납)": amount} if amount is not None else {})
            )
        for recovery in self.recoveries:
            events.append(
                {
                    "event": "recovered (환수)",
                    "at": recovery.get("at"),
                    "amount": recovery.get("amount"),
                    "surcharge": recovery.get("surcharge"),
                }
            )
        return events

    def to_api(self) -> dict[str, object]:
        return {
            "grantId": self.grant_id,
            "lgCode": self.lg_code,
            "title": self.title,
            "purpose": self.purpose,
            "field": self.field,
            "recipientBrn": self.recipient_brn,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "budget": [b.as_dict() | {"granted": self.granted(b)} for b in self.budget],
            "granted": sum(self.granted(b) for b in self.budget),
            "fundingShares": self.funding_shares,
            "status": self.status,
            "source": self.source,
            "createdAt": self.created_at,
            "findings": self.findings,
            "recoveries": self.recoveries,
            "history": self.history(),
        } | {
            key: value
            for key, value in (
                ("committedFy", self.committed_fy),
                ("decision", self.decided),
                ("advancedOn", self.advanced_on.isoformat() if self.advanced_on else None),
                ("settlement", self.settlement),
            )
            if value is not None
        }


@dataclass(frozen=True, slots=True)
class Sanction:
    """A sanction (제재) on a business: subsidy exclusion from ``start`` to ``until``, shared by every LG."""

    sanction_id: str
    brn: str
    reason: str
    start: date
    until: date
    lg_code: str

    def active_on(self, day: date) -> bool:
        return self.start <= day <= self.until

    def to_api(self) -> dict[str, str]:
        return {
            "sanctionId": self.sanction_id,
            "brn": self.brn,
            "reason": self.reason,
            "from": self.start.isoformat(),
            "until": self.until.isoformat(),
            "lgCode": self.lg_code,
        }


@dataclass(frozen=True, slots=True)
class Reservation:
    """What a received subsidy claim holds: ``amount`` won of ``category`` in the grant ``grant_id`` of LG
    ``lg_code`` (grant ids are scoped per LG), and its evidence."""

    grant_id: str
    category: str
    amount: int
    vendor_brn: str
    invoice_key: str
    day: date
    lg_code: str = ""  # the claim's LG, whose grant this is: required to find the grant


@dataclass(slots=True)
class Review:
    review_id: str
    claim_id: str
    grant_id: str
    lg_code: str
    score: int
    indicators: list[dict[str, object]]
    status: str
    created_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None
    note: str | None = None

    def to_api(self) -> dict[str, object]:
        body: dict[str, object] = {
            "reviewId": self.review_id,
            "claimId": self.claim_id,
            "grantId": self.grant_id,
            "lgCode": self.lg_code,
            "score": self.score,
            "indicators": self.indicators,
            "status": self.status,
            "createdAt": self.created_at,
        }
        for key, value in (("resolvedAt", self.resolved_at), ("resolvedBy", self.resolved_by), ("note", self.note)):
            if value is not None:
                body[key] = value
        return body
