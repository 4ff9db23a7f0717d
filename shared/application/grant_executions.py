"""A grant's executions paid from its restricted account (보조금 전용계좌) without a claim: card payments (전용카드
집행, one approval at a time from the card company's feed) and payrolls (인건비, filed by the recipient). The hard
rules, then every soft indicator, before the account pays (선집행 후지급: the card company has paid the merchant,
the recipient its staff; the account settles).

- An execution breaking a hard rule (``shared.domain.subsidy.cards.approval_findings``,
  ``shared.domain.subsidy.payroll.payroll_findings``) is refused: the account pays none of it, and the refusal is
  reported with its codes.
- One no indicator fires on is executed at once, in one unit of work: the category's budget, its evidence (F12),
  a payroll's wages in the person index (F07), and the public money's part (지방비) booked Dr 5410 / Cr 1310; the
  recipient's 자부담 part never enters the books.
- One an indicator fires on is only reserved, with its review (부정수급 검토) in the same unit of work; the official's
  resolution executes it (cleared) or releases it (fraud: the account never pays it; a sanction is offered).
- A card payment's cancellation (취소) gives an executed approval back to the budget and reverses its entry (Dr 1310
  / Cr 5410); its evidence stays used and is marked cancelled (F03 for anyone claiming it again).

Every write is keyed by the approval or the payroll id, so a feed delivered again, or a payroll filed again,
records nothing twice. The reads are bounded (no scan): the grant with its executions (one Query of its
partition), the recipient's sanctions with the evidence and the businesses' facts (one BatchGetItem), a payroll's
persons (one Query each), the 세출 line's 회계 (one GetItem), then one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from shared.domain.actor import Actor
from shared.domain.calendar import now_seoul
from shared.domain.errors import Conflict, Forbidden, Invalid
from shared.domain.settlement import ledger
from shared.domain.subsidy.cards import CardApproval, approval_findings
from shared.domain.subsidy.evidence_indicators import card_indicators, payroll_overlap
from shared.domain.subsidy.indicators import evaluate, risk_score
from shared.domain.subsidy.model import (
    Grant,
    IndicatorContext,
    IndicatorHit,
    Reservation,
    Review,
    Spend,
    Wage,
    public_part,
)
from shared.domain.subsidy.payroll import Payroll, evidence_reference, is_payroll_spend, payroll_findings
from shared.domain.unit_of_work import (
    CancelSpend,
    ExecuteReservation,
    Intent,
    MoveCategories,
    OpenReview,
    PostEntries,
    RecordSpend,
    RecordWages,
    ReleaseReservation,
    UnitOfWork,
    WriteConflict,
)

SPENT = ("RESERVED", "EXECUTED")  # the statuses of an execution that holds budget


class ExecutionFacts(Protocol):
    sanctions: list[Any]
    evidence_holder: str | None
    cancelled: bool
    businesses: dict[str, Any]


class ExecutionStore(Protocol):
    """What a grant's executions read of the subsidy store (``SubsidyRepository``)."""

    def grant_activity(self, lg_code: str, grant_id: str) -> Any: ...

    def execution_facts(self, lg_code: str, recipient_brn: str, vendor_brn: str, evidence: str) -> ExecutionFacts: ...

    def wages_of(self, person_keys: list[str]) -> list[Wage]: ...


@dataclass(slots=True)
class Outcome:
    """What one approval or payroll did: ``executed``, ``flagged`` (reserved, a review opened), ``cancelled``,
    ``already`` (recorded before: a redelivery) or ``refused`` (with its findings' codes)."""

    status: str
    amount: int = 0
    funded: int = 0
    codes: list[str] = field(default_factory=list)
    review_id: str | None = None
    message: str = ""


class GrantExecutions:
    def __init__(
        self,
        store: ExecutionStore,
        budgets: Any,
        unit_of_work: UnitOfWork,
        clock: Callable[[], datetime] = now_seoul,
    ) -> None:
        self._store = store
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._clock = clock

    def record(self, approval: CardApproval, retried: bool = False) -> Outcome:
        """Refuse, execute or flag one approval (or apply its cancellation); see the module's docstring."""
        activity = self._store.grant_activity(approval.lg_code, approval.grant_id)
        grant: Grant | None = activity.grant if activity is not None else None
        spends = list(activity.spends) if activity is not None else []
        status = next((st for s, st in spends if s.claim_id == approval.spend_id), None)
        if approval.cancelled:
            return self._cancel(approval, grant, status)
        if status is not None:
            return Outcome("already", approval.amount)
        category = next((b for b in grant.budget if b.category == approval.category), None) if grant else None
        facts = None
        if grant is not None:
            facts = self._store.execution_facts(
                approval.lg_code, grant.recipient_brn, approval.vendor_brn, approval.evidence_key
            )
        today = self._clock().date()
        findings = approval_findings(
            approval,
            grant,
            category,
            facts.sanctions if facts else [],
            facts.evidence_holder if facts else None,
            today,
        )
        if findings or grant is None or facts is None:
            return Outcome("refused", approval.amount, codes=[f.code for f in findings], message=findings[0].message)
        this = Spend(
            approval.spend_id,
            grant.grant_id,
            approval.vendor_brn,
            approval.amount,
            approval.day,
            approval.evidence_key,
            approval.category,
        )
        context = IndicatorContext(
            claim=this,
            grant=grant.summary(),
            vendor=facts.businesses.get(approval.vendor_brn),
            recipient=facts.businesses.get(grant.recipient_brn),
            earlier=tuple(s for s, st in spends if st in SPENT),
            cancelled_invoice_keys=frozenset({approval.evidence_key}) if facts.cancelled else frozenset(),
        )
        hits = sorted([*evaluate(context), *card_indicators(approval)], key=lambda h: h.code)
        booking = self._booking(grant, approval.spend_id, approval.approval_no, approval.category, approval.amount)
        try:
            return self._execute_or_flag(grant, approval.spend_id, self._reservation(approval), hits, [], booking)
        except WriteConflict:
            if retried:  # a conflict in flight twice: raised, so the feed's message is delivered again
                raise
            # recorded meanwhile (already), its evidence taken (F12) or its category spent (BUDGET_EXCEEDED)
            return self.record(approval, retried=True)

    def record_payroll(
        self,
        actor: Actor,
        lg_code: str,
        grant_id: str,
        payroll_id: str,
        category: str,
        wages: tuple[Wage, ...],
        retried: bool = False,
    ) -> Outcome:
        """Refuse (``Invalid``, every failing rule), execute or flag the recipient's payroll, paid today; filed
        again, ``already``. F07 runs on its wages against every wage on record for the same persons (any LG, and
        national grants)."""
        if actor.role != "business":
            raise Forbidden("Only the grant's recipient files its payroll")
        payroll = Payroll(payroll_id, lg_code, grant_id, actor.org, category, wages, self._clock().date())
        activity = self._store.grant_activity(payroll.lg_code, payroll.grant_id)
        grant: Grant | None = activity.grant if activity is not None else None
        if grant is None or grant.recipient_brn != actor.org:
            grant = None  # another recipient's grant is no grant of this one's
        spends = list(activity.spends) if grant is not None else []
        if any(s.claim_id == payroll.spend_id for s, _ in spends):
            return Outcome("already", payroll.amount)
        budget = next((b for b in grant.budget if b.category == category), None) if grant else None
        facts = None
        if grant is not None:
            facts = self._store.execution_facts(grant.lg_code, actor.org, actor.org, payroll.evidence_key)
        findings = payroll_findings(
            payroll, grant, budget, facts.sanctions if facts else [], facts.evidence_holder if facts else None
        )
        if findings or grant is None:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        others = self._store.wages_of([wage.person_key for wage in payroll.wages])
        hits = [hit] if (hit := payroll_overlap(payroll.wages, others)) is not None else []
        reservation = Reservation(
            grant.grant_id,
            payroll.category,
            payroll.amount,
            actor.org,
            payroll.evidence_key,
            payroll.day,
            grant.lg_code,
        )
        booking = self._booking(grant, payroll.spend_id, payroll.payroll_id, payroll.category, payroll.amount)
        try:
            return self._execute_or_flag(
                grant, payroll.spend_id, reservation, hits, [RecordWages(payroll.wages)], booking
            )
        except WriteConflict:
            if retried:
                raise Conflict("The grant changed while the payroll was recorded: file it again") from None
            # filed meanwhile (already), or the category spent (BUDGET_EXCEEDED)
            return self.record_payroll(actor, lg_code, grant_id, payroll_id, category, wages, retried=True)

    def _execute_or_flag(
        self,
        grant: Grant,
        spend_id: str,
        reservation: Reservation,
        hits: list[IndicatorHit],
        extra: list[Intent],
        booking: list[Intent],
    ) -> Outcome:
        """Flagged (any hit): reserved with its review; else executed with its booking. ``WriteConflict`` raised."""
        intents: list[Intent]
        if hits:
            review = Review(
                review_id=f"R-{spend_id}",
                claim_id=spend_id,
                grant_id=grant.grant_id,
                lg_code=grant.lg_code,
                score=risk_score(hits),
                indicators=[h.as_dict() for h in hits],
                status="open",
                created_at=self._clock().isoformat(),
            )
            intents = [RecordSpend(spend_id, reservation, None), *extra, OpenReview(review)]
            outcome = Outcome("flagged", reservation.amount, codes=[h.code for h in hits], review_id=review.review_id)
        else:
            funded = public_part(reservation.amount, grant.funding_shares)
            intents = [RecordSpend(spend_id, reservation, funded), *extra, *booking]
            outcome = Outcome("executed", reservation.amount, funded)
        self._unit_of_work.commit(intents)
        return outcome

    def settle_review(self, review: Review, outcome: str) -> dict[str, object]:
        """The official's resolution of a flagged card payment or payroll: cleared, it is executed (the account pays the
        public part); fraud, its reservation is released (the account never pays it). A payment cancelled or
        settled meanwhile is left as it is (``executed`` false)."""
        activity = self._store.grant_activity(review.lg_code, review.grant_id)
        spends = list(activity.spends) if activity is not None else []
        found = next(((s, st) for s, st in spends if s.claim_id == review.claim_id), None)
        if activity is None or found is None:
            return {"executed": False, "released": False}
        spend, status = found
        grant: Grant = activity.grant
        settled: dict[str, object] = {"recipientBrn": grant.recipient_brn, "amount": spend.amount}
        if status != "RESERVED":
            return settled | {"executed": False, "released": False}
        reservation = Reservation(
            grant.grant_id, spend.category, spend.amount, spend.vendor_brn, spend.invoice_key, spend.day, grant.lg_code
        )
        if outcome == "fraud":
            intents: list[Intent] = [ReleaseReservation(spend.claim_id, reservation)]
        else:
            funded = public_part(spend.amount, grant.funding_shares)
            key = (grant.lg_code, grant.grant_id, spend.category)
            reference = evidence_reference(spend.invoice_key)
            intents = [
                ExecuteReservation(spend.claim_id, reservation),
                MoveCategories({key: (spend.amount, funded)}),
                *self._booking(grant, spend.claim_id, reference, spend.category, spend.amount),
            ]
        try:
            self._unit_of_work.commit(intents)
        except WriteConflict:
            return settled | {"executed": False, "released": False}
        return settled | {"executed": outcome != "fraud", "released": outcome == "fraud"}

    # -- helpers ------------------------------------------------------------------------------------------------

    def _cancel(self, approval: CardApproval, grant: Grant | None, status: str | None) -> Outcome:
        if grant is None or status is None:
            return Outcome(
                "refused", approval.amount, codes=["APPROVAL_UNKNOWN"], message="no approval of this number to cancel"
            )
        if status not in SPENT:
            return Outcome("already", approval.amount)
        executed = status == "EXECUTED"
        funded = public_part(approval.amount, grant.funding_shares) if executed else 0
        intents: list[Intent] = [
            CancelSpend(approval.spend_id, self._reservation(approval), funded, executed, self._clock().date())
        ]
        if funded:
            fund = self._fund(grant, approval.category)
            entry = ledger.card_cancelled(
                lg_code=grant.lg_code,
                grant_id=grant.grant_id,
                approval_no=approval.approval_no,
                amount=funded,
                day=self._clock().date(),
                fund=fund,
            )
            intents.append(PostEntries(tuple(ledger.normalise([entry]))))
        try:
            self._unit_of_work.commit(intents)
        except WriteConflict:
            return Outcome("already", approval.amount)
        return Outcome("cancelled", approval.amount, funded)

    @staticmethod
    def _reservation(approval: CardApproval) -> Reservation:
        return Reservation(
            approval.grant_id,
            approval.category,
            approval.amount,
            approval.vendor_brn,
            approval.evidence_key,
            approval.day,
            approval.lg_code,
        )

    def _booking(self, grant: Grant, spend_id: str, reference: str, category: str, amount: int) -> list[Intent]:
        """The public part's booking of ``amount`` won, Dr 5410 / Cr 1310 in the 회계 that paid the 교부 (none for
        0 won): a card payment's by its approval number, a payroll's by its id (``reference``)."""
        funded = public_part(amount, grant.funding_shares)
        if funded <= 0:
            return []
        day, fund = self._clock().date(), self._fund(grant, category)
        if is_payroll_spend(spend_id):
            entry = ledger.payroll_executed(
                lg_code=grant.lg_code, grant_id=grant.grant_id, payroll_id=reference, amount=funded, day=day, fund=fund
            )
        else:
            entry = ledger.card_executed(
                lg_code=grant.lg_code, grant_id=grant.grant_id, approval_no=reference, amount=funded, day=day, fund=fund
            )
        return [PostEntries(tuple(ledger.normalise([entry])))]

    def _fund(self, grant: Grant, category: str) -> str:
        """The 회계 whose restricted account paid the grant's 교부 of the category: its 세출 line's."""
        line_id = next((b.line_id for b in grant.budget if b.category == category), None)
        if self._budgets is None or line_id is None or grant.committed_fy is None:
            return ledger.GENERAL_FUND
        line = self._budgets.line(grant.lg_code, grant.committed_fy, line_id)
        return line.fund if line is not None else ledger.GENERAL_FUND
