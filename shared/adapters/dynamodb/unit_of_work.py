"""The unit of work in DynamoDB: a list of the domain's intents (``shared.domain.unit_of_work``) written as one
``TransactWriteItems``.

Each table's repository knows its own items (``ClaimRepository.add_decision``, ``BudgetRepository.add_draw``,
``SubsidyRepository.add_execution`` ...); this adapter only composes them, checks the transaction's limits before
sending it (100 items, 4 MB) and maps a cancelled transaction back to the intents whose condition failed.
pynamodb sends a transaction's condition checks first, then deletes, puts and updates, and DynamoDB reports
cancellation reasons in that order: the adapter remembers which operations each intent added to tell them apart.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.budget_repository import BudgetRepository
from shared.adapters.dynamodb.ledger_repository import LedgerRepository
from shared.adapters.dynamodb.ledger_repository.layout import Layout
from shared.adapters.dynamodb.repository import ClaimRepository
from shared.adapters.dynamodb.run_repository import RunRepository
from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository
from shared.domain.settlement.ledger.writes import WriteItem
from shared.domain.unit_of_work import (
    MAX_BYTES,
    MAX_ITEMS,
    AccrueLine,
    AdvanceGrant,
    CancelSpend,
    CommitLine,
    DecideClaim,
    DecideGrant,
    DrawContract,
    ExecuteReservation,
    Intent,
    MarkPaid,
    MoveCategories,
    OpenReview,
    PostEntries,
    RecipientUnsanctioned,
    RecordChunk,
    RecordRecovery,
    RecordSettlement,
    RecordSpend,
    RecordWages,
    ReleaseGuard,
    ReleaseReservation,
    SpendLine,
    TooLarge,
    WriteConflict,
)

_KINDS = ("_condition_check_items", "_delete_items", "_put_items", "_update_items")  # pynamodb's send order


class DynamoUnitOfWork:
    """Writes a unit of work as one DynamoDB transaction on the tables' shared connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def size(self, intents: Sequence[Intent]) -> int:
        """Counted without building the operations (a payment run sizes every candidate chunk); ``commit`` counts
        what it built and refuses anything over the limit, so a wrong count here can only cost a smaller chunk or
        a ``TooLarge``, never a partial write."""
        items = 0
        ledger: list[WriteItem] = []
        for intent in intents:
            if isinstance(intent, PostEntries):
                ledger += intent.items
            elif isinstance(intent, MoveCategories):
                items += len(intent.moves)
            elif isinstance(intent, DecideGrant):
                items += 1 + sum(1 for b in intent.grant.budget if intent.new or b.line_id)
            elif isinstance(intent, ReleaseReservation):
                scratch = TransactWrite(connection=self._connection)
                _add(scratch, intent)
                items += sum(len(getattr(scratch, kind)) for kind in _KINDS)
            elif isinstance(intent, RecordChunk):
                items += 2
            elif isinstance(intent, RecordWages):
                items += len(intent.wages)
            else:
                items += 1
        return items + (Layout(ledger).size if ledger else 0)

    def commit(self, intents: Sequence[Intent]) -> None:
        if not intents:
            return
        order: list[Intent] = []  # the intent of each operation, in the order DynamoDB reports reasons
        try:
            with TransactWrite(connection=self._connection) as tx:
                owners: list[list[Intent]] = [[] for _ in _KINDS]
                ledger = [intent for intent in intents if isinstance(intent, PostEntries)]
                for intent in [i for i in intents if not isinstance(i, PostEntries)] + ledger[:1]:
                    before = [len(getattr(tx, kind)) for kind in _KINDS]
                    if isinstance(intent, PostEntries):  # every ledger part as one write: balances merged
                        LedgerRepository.add_to(tx, [item for part in ledger for item in part.items])
                    else:
                        _add(tx, intent)
                    for n, kind in enumerate(_KINDS):
                        owners[n] += [intent] * (len(getattr(tx, kind)) - before[n])
                order = [intent for per_kind in owners for intent in per_kind]
                if len(order) > MAX_ITEMS:  # raised inside the block: pynamodb then sends nothing
                    raise TooLarge(f"{len(order)} items: one transaction takes at most {MAX_ITEMS}")
                size = len(json.dumps([getattr(tx, kind) for kind in _KINDS], default=str).encode())
                if size > MAX_BYTES:
                    raise TooLarge(f"{size} bytes: one transaction takes at most {MAX_BYTES}")
        except TransactWriteError as error:
            reasons = error.cancellation_reasons or []
            failed: list[Intent] = []
            for intent, reason in zip(order, reasons, strict=False):
                condition_failed = reason is not None and reason.code == "ConditionalCheckFailed"
                if condition_failed and all(intent is not seen for seen in failed):
                    failed.append(intent)
            codes = sorted({reason.code for reason in reasons if reason is not None and reason.code != "None"})
            raise WriteConflict(
                "the unit of work was refused: " + (", ".join(codes) or str(error.cause_response_code)), failed
            ) from error


def _add(tx: TransactWrite, intent: Intent) -> None:
    """One intent's operations, written by the repository that owns the table."""
    match intent:
        case DecideClaim(claim, entry):
            ClaimRepository.add_decision(tx, claim, dict(entry))
        case ReleaseGuard(guard_key, claim_id):
            ClaimRepository.add_guard_release(tx, guard_key, claim_id)
        case ReleaseReservation(claim_id, reservation):
            SubsidyRepository.add_release(tx, claim_id, reservation)
        case DrawContract(draw):
            BudgetRepository.add_draw(tx, draw)
        case CommitLine(commitment, spend, accrue):
            BudgetRepository.add_line_commitment(tx, commitment, spend, accrue)
        case AccrueLine(lg_code, fiscal_year, line_id, amount, subsidy):
            BudgetRepository.add_accrued(tx, lg_code, fiscal_year, line_id, amount, subsidy)
        case MarkPaid(claim, paid_on, interest, run_id, paid_at):
            ClaimRepository.add_paid(tx, claim, paid_on.isoformat(), interest, run_id, paid_at.isoformat())
        case ExecuteReservation(claim_id, reservation):
            SubsidyRepository.add_execution(tx, claim_id, reservation)
        case RecordSpend(spend_id, reservation, funded):
            SubsidyRepository.add_spend(tx, spend_id, reservation, funded)
        case RecordWages(wages):
            SubsidyRepository.add_wages(tx, wages)
        case CancelSpend(spend_id, reservation, funded, executed, day):
            SubsidyRepository.add_spend_cancel(tx, spend_id, reservation, funded, executed, day)
        case RecordSettlement(lg_code, grant_id, settlement, status, expected):
            SubsidyRepository.add_settlement(tx, lg_code, grant_id, dict(settlement), status, expected)
        case RecordRecovery(lg_code, grant_id, recovery):
            SubsidyRepository.add_recovery(tx, lg_code, grant_id, dict(recovery))
        case OpenReview(review):
            SubsidyRepository.add_review_to(tx, review)
        case MoveCategories(moves):
            SubsidyRepository.add_category_moves(tx, dict(moves))
        case DecideGrant(grant, new):
            SubsidyRepository.add_grant_decision(tx, grant, new)
        case SpendLine(lg_code, fiscal_year, line_id, amount):
            BudgetRepository.add_expended(tx, lg_code, fiscal_year, line_id, amount)
        case AdvanceGrant(lg_code, grant_id, day):
            SubsidyRepository.add_advance(tx, lg_code, grant_id, day)
        case RecipientUnsanctioned(brn, seen):
            SubsidyRepository.add_unsanctioned(tx, brn, seen)
        case RecordChunk(run, payments, counts, totals):
            RunRepository.add_chunk(tx, run, run.chunks, list(payments), dict(counts), dict(totals))
        case _:
            raise TypeError(f"not an intent: {intent!r}")
