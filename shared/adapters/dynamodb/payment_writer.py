"""The payment run's unit of work in DynamoDB: what one chunk (or one grant advance) must write together, as one
``TransactWrite``. The domain (``shared.domain.settlement.payment_run``) decides what is written; this adapter only
turns it into items and maps a cancelled transaction to the domain's ``WriteConflict``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.budget_repository import BudgetRepository
from shared.adapters.dynamodb.repository import ClaimRepository
from shared.adapters.dynamodb.run_repository import RunRepository
from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository
from shared.domain.settlement.runs import Payment, Run, WriteConflict

if TYPE_CHECKING:
    from shared.domain.settlement.payment_run import ChunkPlan


class PaymentWriter:
    """Writes a payment run's chunks and grant advances, each all or nothing."""

    def __init__(self, ledger_repo: Any, connection: Any) -> None:
        self._ledger = ledger_repo
        self._connection = connection

    def write_chunk(self, run: Run, plan: ChunkPlan, paid_at: datetime) -> None:
        """The claims marked PAID (only if still ACCEPTED), subsidy executions and category moves, budget-line
        spending, the ledger's items and the chunk's record with the run's progress. Raises WriteConflict when any
        condition fails (a claim changed, the month closed, the chunk was recorded by another delivery)."""
        try:
            with TransactWrite(connection=self._connection) as tx:
                for claim, payment in plan.claims:
                    ClaimRepository.add_paid(
                        tx, claim, run.as_of.isoformat(), payment.interest, run.run_id, paid_at.isoformat()
                    )
                    if claim.kind == "subsidy":
                        SubsidyRepository.add_execution(tx, claim.claim_id, claim.reservation())
                SubsidyRepository.add_category_moves(tx, plan.category_moves)
                for (fy, line_id), amount in plan.line_spending.items():
                    BudgetRepository.add_expended(tx, run.lg_code, fy, line_id, amount)
                self._ledger.add_to(tx, plan.ledger_items)
                RunRepository.add_chunk(tx, run, run.chunks, [p for _, p in plan.claims], plan.counts, plan.totals)
        except TransactWriteError as error:
            raise WriteConflict(str(error)) from error

    def write_advance(
        self,
        run: Run,
        lg_code: str,
        grant_id: str,
        ledger_items: list,
        payment: Payment,
        counts: dict[str, int],
        totals: dict[str, int],
    ) -> None:
        """A grant's advance (교부): the grant marked advanced (only once), its ledger items and the run's chunk.
        Raises WriteConflict when the grant was advanced meanwhile or the chunk recorded."""
        try:
            with TransactWrite(connection=self._connection) as tx:
                SubsidyRepository.add_advance(tx, lg_code, grant_id, run.as_of)
                self._ledger.add_to(tx, ledger_items)
                RunRepository.add_chunk(tx, run, run.chunks, [payment], counts, totals)
        except TransactWriteError as error:
            raise WriteConflict(str(error)) from error
