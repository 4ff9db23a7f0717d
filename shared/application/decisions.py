"""Deciding a claim: an official accepts it (the payment deadline starts, its contract is drawn or its budget line
committed, its pending ledger entry is written) or returns it (with a reason; the invoice may be claimed again).
Everything a decision changes is one unit of work (``shared.domain.unit_of_work``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

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
    from shared.domain.settlement.budget import BudgetLine, ContractDraw, LineCommitment
    from shared.domain.subsidy.model import Grant
    from shared.domain.unit_of_work import Intent, UnitOfWork


class GrantReader(Protocol):
    """The grants a subsidy claim's acceptance reads (``shared.domain.subsidy.ports``' stores have it)."""

    def get_grant(self, lg_code: str, grant_id: str) -> Grant | None: ...


class ClaimDecisions:
    """An LG official's decisions on received claims."""

    def __init__(
        self,
        claims: ClaimReader,
        budgets: BudgetStore,
        unit_of_work: UnitOfWork,
        publisher: EventPublisher,
        clock: Callable[[], datetime] | None = None,
        grants: GrantReader | None = None,
    ) -> None:
        self._grants = grants
        self._claims = claims
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._publisher = publisher
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time

    def decide(
        self,
        actor: Actor,
        claim_id: str,
        decision: str,
        reason: str | None,
        correlation_id: str | None = None,
        line_id: str | None = None,
    ) -> Claim:
        """An official accepts (the payment deadline starts) or returns (with a reason) a received claim: the
        claim's new state and what goes with it (the contract's draw or the line's commitment and the pending
        ledger entry, or the guard's and the reservation's release) are one unit of work. Every payment claim is
        a budget execution: it is paid from its contract's line, or from ``line_id`` (named on the claim or here)."""
        # the ledger and the unit of work load on the first decision: a supplier's request never pays for them
        from shared.domain.settlement.ledger import GENERAL_FUND, claim_committed, normalise
        from shared.domain.settlement.payment_run import acceptance_entry
        from shared.domain.subsidy.model import public_part
        from shared.domain.unit_of_work import (
            AccrueLine,
            CommitLine,
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
        today = now.astimezone(SEOUL).date()
        draw: ContractDraw | None = None
        commitment: LineCommitment | None = None
        if target is ClaimStatus.ACCEPTED and claim.kind == "payment":
            draw, commitment = self._budget_execution(claim, today.year, line_id)
        accrual: Intent | None = None  # the claim's cost on the line it is spent from (사업순원가 by 분야)
        if target is ClaimStatus.ACCEPTED and claim.kind == "payment" and draw is not None and claim.line_id:
            accrual = AccrueLine(claim.lg_code, today.year, claim.line_id, draw.amount)
        elif target is ClaimStatus.ACCEPTED and claim.kind != "payment":
            grant, grant_line = self._grant_line(claim, today.year)
            claim.fund = grant_line.fund if grant_line is not None else None
            # the grant's public money pays its share of the claim (지방비); the rest is the recipient's 자부담
            total = int(Decimal(claim.grand_total))
            claim.grant_funded = public_part(total, grant.funding_shares) if grant is not None else total
            if grant_line is not None and claim.grant_funded:
                accrual = AccrueLine(claim.lg_code, today.year, grant_line.line_id, claim.grant_funded, subsidy=True)
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
        else:  # the pending entry (지출 예정), posted later by the payment run; none for a claim all 자부담
            entries = [acceptance_entry(claim, today)] if claim.grant_funded != 0 else []
            if draw is not None:
                intents.append(DrawContract(draw))
            if accrual is not None:
                intents.append(accrual)
            if commitment is not None:
                intents.append(CommitLine(commitment, accrue=True))
                entries.insert(
                    0,
                    claim_committed(
                        lg_code=claim.lg_code,
                        fy=commitment.fy,
                        claim_id=claim.claim_id,
                        line_id=commitment.line_id,
                        amount=commitment.amount,
                        day=today,
                        fund=claim.fund or GENERAL_FUND,
                    ),
                )
            intents.append(PostEntries(tuple(normalise(entries))))
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
            if conflict.failed_any(CommitLine):
                assert commitment is not None
                raise Invalid(
                    "Over the budget line",
                    [
                        Finding(
                            "BUDGET_EXCEEDED",
                            f"Another commitment took line {commitment.line_id}'s uncommitted budget",
                            "/lineId",
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

    def _budget_execution(
        self, claim: Claim, fiscal_year: int, line_id: str | None
    ) -> tuple[ContractDraw | None, LineCommitment | None]:
        """Which budget line pays a payment claim: its contract's (drawn), or the line named on the claim or at
        acceptance (committed now, 지출원인행위). Neither: refused, ``CLAIM_LINE_REQUIRED``; a line named beside a
        contract must be the contract's line."""
        if claim.contract_id:
            draw = self._contract_draw(claim, fiscal_year)
            if line_id and line_id != claim.line_id:
                raise Invalid(
                    "Another line than the contract's",
                    [
                        Finding(
                            "CLAIM_LINE_MISMATCH",
                            f"Contract {claim.contract_id} is paid from line {claim.line_id}, not {line_id}",
                            "/lineId",
                        )
                    ],
                )
            return draw, None
        from shared.domain.settlement.budget import LineCommitment

        chosen = line_id or claim.line_id
        if not chosen:
            raise Invalid(
                "No budget line",
                [
                    Finding(
                        "CLAIM_LINE_REQUIRED",
                        "A payment claim without a contract names its 세출 budget line (lineId) on the claim or "
                        "at acceptance: every payment is a budget execution",
                        "/lineId",
                    )
                ],
            )
        line = self._budgets.line(claim.lg_code, fiscal_year, chosen)
        if line is None:
            raise Invalid(
                "Unknown budget line",
                [Finding("BUDGET_LINE_UNKNOWN", f"No line {chosen} in fiscal year {fiscal_year}'s budget", "/lineId")],
            )
        amount = int(Decimal(claim.grand_total))
        if line.uncommitted < amount:
            raise Invalid(
                "Over the budget line",
                [
                    Finding(
                        "BUDGET_EXCEEDED",
                        f"{amount:,} won is more than the {line.uncommitted:,} won left uncommitted on line {chosen}",
                        "/lineId",
                    )
                ],
            )
        claim.line_id = chosen
        claim.expense_account = _expense_account(line)
        claim.fund = line.fund
        return None, LineCommitment(claim.lg_code, fiscal_year, chosen, amount)

    def _grant_line(self, claim: Claim, fiscal_year: int) -> tuple[Grant | None, BudgetLine | None]:
        """A subsidy claim's grant, and the line its category is funded from: the claim executes in that line's 회계
        (the advance, 1310, sits there) and its cost is that line's; None (the 일반회계, no line) when the category
        names none."""
        reservation = claim.reservation()
        if reservation is None or self._grants is None:
            return None, None
        grant = self._grants.get_grant(claim.lg_code, reservation.grant_id)
        category = next((b for b in grant.budget if b.category == reservation.category), None) if grant else None
        if category is None or not category.line_id:
            return grant, None
        return grant, self._budgets.line(claim.lg_code, fiscal_year, category.line_id)

    def _contract_draw(self, claim: Claim, fiscal_year: int) -> ContractDraw:
        """A payment claim under a contract may not exceed the contract's remaining amount (checked here, and
        again by the acceptance transaction's condition), and is executed in the contract's own fiscal year: a
        contract of a closed-out year commits that year's budget, which a later year spends only once it is
        carried over (사고이월) and committed again there."""
        assert claim.contract_id is not None
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
        line = budgets.line(contract.lg_code, contract.fy, contract.line_id)
        claim.line_id = contract.line_id
        claim.expense_account = _expense_account(line) if line is not None else None
        claim.fund = line.fund if line is not None else None
        return ContractDraw(claim.lg_code, claim.contract_id, claim.supplier, amount)


def _expense_account(line: BudgetLine) -> str | None:
    """What the claim is spent on, from its line's 편성목: 201 운영비 (5210), 401 시설비 (1510, an asset, not an
    expense) ...; None keeps 5210 운영비."""
    from shared.domain.settlement.ledger import InvalidEntry, expense_account

    try:
        return expense_account(line.object)
    except InvalidEntry:
        return None
