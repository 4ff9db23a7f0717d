"""Deciding a claim: an official accepts it (the payment deadline starts, its contract is drawn, its pending
ledger entry is written) or returns it (with a reason; the invoice may be claimed again). Everything a decision
changes is one unit of work (``shared.domain.unit_of_work``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from shared.application.actors import require_official
from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.calendar import SEOUL, payment_due_date
from shared.domain.claims.intake import event_data
from shared.domain.claims.model import TRANSITIONS, Claim, ClaimStatus
from shared.domain.claims.ports import ClaimReader, EventPublisher
from shared.domain.documents import Finding
from shared.domain.errors import Conflict, Invalid, NotFound
from shared.domain.settlement.ports import BudgetStore

if TYPE_CHECKING:
    from shared.domain.settlement.budget import Contract, ContractDraw
    from shared.domain.unit_of_work import Intent, UnitOfWork


class ClaimDecisions:
    """An LG official's decisions on received claims."""

    def __init__(
        self,
        claims: ClaimReader,
        budgets: BudgetStore | None,
        unit_of_work: UnitOfWork,
        publisher: EventPublisher,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._claims = claims
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._publisher = publisher
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time

    def decide(
        self, actor: Actor, claim_id: str, decision: str, reason: str | None, correlation_id: str | None = None
    ) -> Claim:
        """An official accepts (the payment deadline starts) or returns (with a reason) a received claim: the
        claim's new state and what goes with it (the contract's draw and the pending ledger entry, or the guard's and
        the reservation's release) are one unit of work."""
        # the ledger and the unit of work load on the first decision: a supplier's request never pays for them
        from shared.domain.settlement.ledger import normalise
        from shared.domain.settlement.payment_run import acceptance_entry
        from shared.domain.unit_of_work import (
            DecideClaim,
            DrawContract,
            PostEntries,
            ReleaseGuard,
            ReleaseReservation,
            WriteConflict,
        )

        require_official(actor, "Only an official of the claim's LG decides it")
        claim = self._claims.get(claim_id)
        if claim is None or not claim.visible_to(actor):
            raise NotFound(f"No claim {claim_id}")
        target = ClaimStatus.ACCEPTED if decision == "accept" else ClaimStatus.RETURNED
        if target not in TRANSITIONS[claim.status]:
            raise Conflict(f"A {claim.status.value} claim cannot be {target.value.lower()}")
        now = self._clock()
        draw = self._contract_draw(claim, now.astimezone(SEOUL).year) if target is ClaimStatus.ACCEPTED else None
        claim.status = target
        if target is ClaimStatus.ACCEPTED:
            claim.due_date = payment_due_date(now).isoformat()
        entry = {"status": target.value, "at": now.isoformat(), "by": actor.label}
        if reason:
            entry["reason"] = reason
        intents: list[Intent] = [DecideClaim(claim, entry)]
        if target is ClaimStatus.RETURNED:  # the invoice may be claimed again; a subsidy claim frees its budget
            intents.append(ReleaseGuard(claim.guard_key, claim.claim_id))
            reservation = claim.reservation()
            if reservation is not None:
                intents.append(ReleaseReservation(claim.claim_id, reservation))
        else:  # the pending entry (지출 예정), posted later by the payment run
            if draw is not None:
                intents.append(DrawContract(draw))
            intents.append(PostEntries(tuple(normalise([acceptance_entry(claim, now.astimezone(SEOUL).date())]))))
        try:
            self._unit_of_work.commit(intents)
        except WriteConflict as conflict:
            if conflict.failed_any(DecideClaim):
                raise Conflict("The claim was decided by someone else meanwhile") from None
            if conflict.failed_any(DrawContract):
                raise Invalid(
                    "Over the contract",
                    [
                        Finding(
                            "CONTRACT_EXCEEDED",
                            "Another acceptance took the contract's remaining amount",
                            "/contractId",
                        )
                    ],
                ) from None
            if conflict.failed_any(PostEntries):  # the ledger refuses only a closed month here
                raise Conflict(
                    "The month is closed (월 마감): nothing can be accepted into it",
                    [Finding("PERIOD_CLOSED", f"{now.astimezone(SEOUL):%Y-%m} is closed for LG {claim.lg_code}", "")],
                ) from None
            raise
        claim.version += 1
        claim.history.append(entry)
        event = "ClaimAccepted" if target is ClaimStatus.ACCEPTED else "ClaimReturned"
        self._publisher.publish(event, event_data(claim), correlation_id)
        return claim

    def _contract_draw(self, claim: Claim, fiscal_year: int) -> ContractDraw | None:
        """A payment claim under a contract may not exceed the contract's remaining amount (checked here, and
        again by the acceptance transaction's condition), and is executed in the contract's own fiscal year: a
        contract of a closed-out year commits that year's budget, which a later year spends only once it is
        carried over (사고이월) and committed again there."""
        if claim.kind != "payment" or not claim.contract_id or self._budgets is None:
            return None
        budgets = self._budgets
        from shared.domain.settlement.budget import ContractDraw

        contract = budgets.contract(claim.lg_code, claim.contract_id)
        amount = int(Decimal(claim.grand_total))
        if contract is None:
            raise Invalid(
                "Unknown contract",
                [
                    Finding(
                        "CONTRACT_NOT_FOUND", f"No contract {claim.contract_id} of LG {claim.lg_code}", "/contractId"
                    )
                ],
            )
        if contract.supplier_brn != claim.supplier:
            raise Invalid(
                "Another supplier's contract",
                [
                    Finding(
                        "CONTRACT_SUPPLIER",
                        f"Contract {claim.contract_id} is not with supplier {claim.supplier}",
                        "/contractId",
                    )
                ],
            )
        if contract.fy != fiscal_year:
            raise Invalid(
                "Another fiscal year's contract",
                [
                    Finding(
                        "CONTRACT_FISCAL_YEAR",
                        f"Contract {claim.contract_id} commits fiscal year {contract.fy}'s budget, "
                        f"and an acceptance today falls in {fiscal_year}: carry the amount over (사고이월) "
                        f"and register the contract against {fiscal_year}'s line",
                        "/contractId",
                    )
                ],
            )
        if contract.remaining < amount:
            raise Invalid(
                "Over the contract",
                [
                    Finding(
                        "CONTRACT_EXCEEDED",
                        f"{amount:,} won is more than the {contract.remaining:,} won left on contract "
                        f"{claim.contract_id}",
                        "/contractId",
                    )
                ],
            )
        claim.expense_account = self._expense_account(contract)
        return ContractDraw(claim.lg_code, claim.contract_id, claim.supplier, amount)

    def _expense_account(self, contract: Contract) -> str | None:
        """What the claim is spent on, from its contract's line's 편성목: 201 운영비 (5210), 401 시설비 (1510, an
        asset, not an expense) ...; None keeps 5210 운영비."""
        from shared.domain.settlement.ledger import InvalidEntry, expense_account

        if self._budgets is None:
            return None
        line = self._budgets.line(contract.lg_code, contract.fy, contract.line_id)
        try:
            return expense_account(line.object) if line is not None else None
        except InvalidEntry:
            return None
