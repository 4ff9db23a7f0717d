"""세입 (revenue): the budget's revenue lines, and revenue assessed (징수결정), received (수납) and written off
(불납결손), per line of a fiscal year.

- A revenue line is a 세입과목 (관-항-목 ``code``, e.g. ``110-11-01``) of one 회계 (``fund``), with its kind
  (``REVENUE_KINDS``: the 관 of the 세입 classification in the 예산편성 운영기준) and its budget (세입예산액).
- An assessment (징수결정) fixes what is owed to the LG; receipts against it reduce what is outstanding (미수납액),
  a write-off (불납결손: the claim lapsed, 지방세기본법 §39 소멸시효, or the debtor cannot pay) closes the rest.
  A receipt above what is outstanding is applied up to it and the rest is 과오납금 (an over-receipt, owed back
  to the payer: a liability, not revenue).
- A receipt without an assessment assesses and receives at once (교부세, 조정교부금, 보조금 and the like, known only
  when the money arrives); it belongs to the fiscal year of its date.
- So per line, at any time: 징수결정액 = 수납액 + 불납결손액 + 미수납액 (``assessed = received + writtenOff +
  outstanding``), receipts counted without their over-received part.

과년도 수입 (a prior year's receivable collected later). A year's 미수납액 is carried by its final close into the
next year's line of the same id (``carried_in``, 전년도 이월 징수결정), as its receivables are carried into that
year's opening balances. A receipt or write-off of an assessment dated after its year's 출납정리기한 belongs to the
year whose books hold the receivable then (``collection_year``): it settles the carried amount on that year's line
(``prior_year``), Dr 1110 / Cr the receivable in that year's ledger, no revenue again (the revenue was the
assessment year's). Until the carry (the assessment year's final close) nothing holds it, and it is refused. So
per line 징수결정액 = 당해 징수결정 + 전년도 이월 = 수납액 + 불납결손액 + 미수납액 holds every year. Our reading of
지방회계법 §27 (지난 회계연도 수입: 출납이 완결된 연도의 수입은 현 연도 세입): the same line id stands for the
과년도수입 과목, as the same 세출 line does for a 과년도지출.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from shared.domain.documents import Finding
from shared.domain.settlement.fiscal_year import settlement_deadline

# the 관 of the 세입 classification (지방자치단체 예산편성 운영기준): kind -> its name, the revenue account it credits
REVENUE_KINDS: dict[str, str] = {
    "localTax": "지방세수입",
    "nonTax": "세외수입",
    "localShareTax": "지방교부세",
    "adjustmentGrant": "조정교부금 등",
    "subsidy": "보조금",
    "bond": "지방채",
    "transfer": "보전수입 등 및 내부거래",
}
# 자체수입 (own revenue: 재정자립도's numerator) and 자주재원 (재정자주도's: own revenue and unconditional transfers)
OWN_REVENUE = frozenset({"localTax", "nonTax"})
AUTONOMOUS_REVENUE = OWN_REVENUE | {"localShareTax", "adjustmentGrant"}

CODE = re.compile(r"^\d{3}-\d{2}-\d{2}$")  # 관-항-목, e.g. 110-11-01

RECEIPTS_PREFIX = "receipts/"  # the treasury bank's daily receipts files, one folder per LG (수납 자료)


@dataclass(frozen=True, slots=True)
class RevenueLine:
    """One 세입과목 of a fiscal year's budget, with what was assessed, received and written off on it so far."""

    line_id: str
    fund: str  # 회계, e.g. 일반회계
    code: str  # 관-항-목
    kind: str  # a key of REVENUE_KINDS
    name: str  # 과목명, e.g. 재산세
    budget: int  # 세입예산액
    assessed: int = 0  # 징수결정액
    received: int = 0  # 수납액 (over-receipts not included)
    written_off: int = 0  # 불납결손액
    over_received: int = 0  # 과오납금 received on the line, owed back
    refunded: int = 0  # 과오납금 paid back to the payers (환급)
    carried_in: int = 0  # 전년도 이월: the previous year's 미수납액 on the line, carried in by its final close
    carried_settled: int = 0  # of it, received or written off since (과년도 수입, 과년도 결손)

    @property
    def assessed_total(self) -> int:
        """징수결정액: this year's assessments and what the previous year carried in."""
        return self.assessed + self.carried_in

    @property
    def outstanding(self) -> int:
        """미수납액 = 징수결정액 - 수납액 - 불납결손액."""
        return self.assessed_total - self.received - self.written_off

    @property
    def carried_outstanding(self) -> int:
        """What is still outstanding of the carried-in amount (earlier years' assessments)."""
        return self.carried_in - self.carried_settled

    def loaded(self, budget: int, fund: str, code: str, kind: str, name: str) -> RevenueLine:
        """The line as a new load states it, keeping what was assessed and received on it."""
        return replace(self, budget=budget, fund=fund, code=code, kind=kind, name=name)

    def to_api(self) -> dict[str, object]:
        return {
            "lineId": self.line_id,
            "fund": self.fund,
            "code": self.code,
            "kind": self.kind,
            "name": self.name,
            "budget": self.budget,
            "assessed": self.assessed,
            "received": self.received,
            "writtenOff": self.written_off,
            "outstanding": self.outstanding,
            "overReceived": self.over_received,
            "refunded": self.refunded,
            "carriedIn": self.carried_in,
            "carriedOutstanding": self.carried_outstanding,
        }


def revenue_line_problems(lines: list[RevenueLine]) -> list[Finding]:
    """What is wrong with a load's revenue lines: an unknown kind, a code that is not 관-항-목, a repeated id."""
    problems = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        path = f"/revenueLines/{index}"
        if line.kind not in REVENUE_KINDS:
            problems.append(Finding("REVENUE_KIND", f"kind is one of {', '.join(REVENUE_KINDS)}", f"{path}/kind"))
        if not CODE.match(line.code):
            problems.append(Finding("REVENUE_CODE", f"{line.code!r} is not 관-항-목 (e.g. 110-11-01)", f"{path}/code"))
        if line.line_id in seen:
            problems.append(Finding("REVENUE_LINE_REPEATED", f"line {line.line_id} appears twice", f"{path}/lineId"))
        seen.add(line.line_id)
    return problems


@dataclass(frozen=True, slots=True)
class Assessment:
    """징수결정: ``amount`` owed to the LG on a revenue line of fiscal year ``fy``, decided on ``day``."""

    assessment_id: str
    lg_code: str
    fy: int
    line_id: str
    amount: int
    day: date
    due_date: date | None = None
    received: int = 0
    written_off: int = 0

    @property
    def outstanding(self) -> int:
        return self.amount - self.received - self.written_off

    @property
    def status(self) -> str:
        return "OPEN" if self.outstanding else "SETTLED"

    def to_api(self) -> dict[str, object]:
        return {
            "assessmentId": self.assessment_id,
            "fy": self.fy,
            "lineId": self.line_id,
            "amount": self.amount,
            "date": self.day.isoformat(),
            "dueDate": self.due_date.isoformat() if self.due_date else None,
            "received": self.received,
            "writtenOff": self.written_off,
            "outstanding": self.outstanding,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Receipt:
    """수납: ``amount`` received on ``day``; ``applied`` of it settles the assessment, ``over`` is 과오납금. With
    ``direct``, the receipt assessed its own amount (no assessment before it)."""

    receipt_id: str
    lg_code: str
    fy: int
    line_id: str
    assessment_id: str
    amount: int
    day: date
    applied: int
    direct: bool = False
    refunded: int = 0  # of its over-received part, paid back (과오납금 환급)
    prior_year: bool = False  # 과년도 수입: an earlier year's assessment, received in ``fy`` (``collection_year``)

    @property
    def over(self) -> int:
        return self.amount - self.applied

    @property
    def refundable(self) -> int:
        """What is still owed back to the payer: the over-received part not yet refunded."""
        return self.over - self.refunded

    def to_api(self) -> dict[str, object]:
        return {
            "receiptId": self.receipt_id,
            "fy": self.fy,
            "lineId": self.line_id,
            "assessmentId": self.assessment_id,
            "amount": self.amount,
            "date": self.day.isoformat(),
            "applied": self.applied,
            "overReceived": self.over,
            "refunded": self.refunded,
            "priorYear": self.prior_year,
        }


@dataclass(frozen=True, slots=True)
class Refund:
    """과오납금 환급 (지방회계법, 과오납금의 반환): ``amount`` of a receipt's over-received part paid back to the
    payer on ``day``, from the 회계 and fiscal year that received it (Dr 2130 과오납금 / Cr 1110)."""

    refund_id: str
    lg_code: str
    fy: int
    line_id: str
    receipt_id: str
    amount: int
    day: date
    reason: str

    def to_api(self) -> dict[str, object]:
        return {
            "refundId": self.refund_id,
            "fy": self.fy,
            "lineId": self.line_id,
            "receiptId": self.receipt_id,
            "amount": self.amount,
            "date": self.day.isoformat(),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class WriteOff:
    """불납결손: ``amount`` of an assessment that will not be collected, and why."""

    write_off_id: str
    lg_code: str
    fy: int
    line_id: str
    assessment_id: str
    amount: int
    day: date
    reason: str
    prior_year: bool = False  # 과년도 결손: an earlier year's assessment, written off in ``fy``

    def to_api(self) -> dict[str, object]:
        return {
            "writeOffId": self.write_off_id,
            "fy": self.fy,
            "lineId": self.line_id,
            "assessmentId": self.assessment_id,
            "amount": self.amount,
            "date": self.day.isoformat(),
            "reason": self.reason,
            "priorYear": self.prior_year,
        }


def collection_year(assessment_fy: int, day: date) -> int:
    """The fiscal year a receipt or write-off of an assessment of ``assessment_fy`` dated ``day`` belongs to: the
    assessment's own up to its 출납정리기한; after it, the year whose books then hold the receivable (a day from 1
    January to 10 February still falls in the previous year's books while that year is not the assessment's)."""
    if day <= settlement_deadline(assessment_fy):
        return assessment_fy
    return day.year - 1 if day <= settlement_deadline(day.year - 1) else day.year


def receipt_against(assessment: Assessment, receipt_id: str, amount: int, day: date) -> Receipt:
    """A receipt of ``amount`` against an assessment: applied up to what is outstanding, the rest over-received;
    after the assessment year's 출납정리기한, 과년도 수입 of ``collection_year``."""
    fy = collection_year(assessment.fy, day)
    return Receipt(
        receipt_id,
        assessment.lg_code,
        fy,
        assessment.line_id,
        assessment.assessment_id,
        amount,
        day,
        applied=min(amount, assessment.outstanding),
        prior_year=fy != assessment.fy,
    )


def direct_receipt(lg_code: str, line: RevenueLine, fy: int, receipt_id: str, amount: int, day: date) -> Receipt:
    """A receipt that assesses and receives at once: its own assessment (id ``R-<receiptId>``), settled by it."""
    return Receipt(receipt_id, lg_code, fy, line.line_id, f"R-{receipt_id}", amount, day, applied=amount, direct=True)
