"""The unit of work: what must be written together, all or nothing, stated as typed intents.

The domain and the application services decide *what* changes together (a claim decided with its budget draw and
its pending ledger entry; a payment run's chunk: claims marked paid, their entries posted, budget lines spent, the
chunk recorded). They hand the list of intents to a ``UnitOfWork``; the store's adapter turns it into one atomic
write (in DynamoDB one ``TransactWriteItems``), knows that write's limits (``MAX_ITEMS`` items, ``MAX_BYTES``
bytes) and, when a condition fails, names the intents that failed in a ``WriteConflict``, so the caller can tell
"someone decided the claim meanwhile" from "the contract is used up" without re-reading.

Accounting entries are not built here: ``PostEntries`` carries items made by the ledger's domain code
(``shared.domain.settlement.ledger``: an entry builder, then ``normalise``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from shared.domain.claims.model import Claim
from shared.domain.settlement.budget import ContractDraw, LineCommitment
from shared.domain.settlement.ledger.writes import WriteItem
from shared.domain.settlement.runs import Payment, Run
from shared.domain.subsidy.model import Grant, Reservation, Review, Wage

MAX_ITEMS = 100  # items in one DynamoDB transaction
MAX_BYTES = 4 * 1024 * 1024  # the size of one transaction's request


@dataclass(frozen=True, slots=True)
class DecideClaim:
    """The claim's new status, deadline and expense account, and one more history entry: only if its version is
    still the one that was read (optimistic concurrency)."""

    claim: Claim
    entry: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ReleaseGuard:
    """A returned claim gives up its duplicate guard (the supplier may claim the same invoice again): only if the
    guard is still this claim's."""

    guard_key: str
    claim_id: str


@dataclass(frozen=True, slots=True)
class ReleaseReservation:
    """A returned subsidy claim gives back its reservation of the grant's category and its evidence."""

    claim_id: str
    reservation: Reservation


@dataclass(frozen=True, slots=True)
class DrawContract:
    """An accepted claim draws its amount from its contract: only if the contract still has that much left."""

    draw: ContractDraw


@dataclass(frozen=True, slots=True)
class CommitLine:
    """An accepted claim without a contract commits its amount on its budget line (and, ``accrue``, records it
    as the line's recognised cost), or a grant's 교부 commits and executes it at once (``spend``): only if the line
    has the room."""

    commitment: LineCommitment
    spend: bool = False
    accrue: bool = False


@dataclass(frozen=True, slots=True)
class AccrueLine:
    """An accepted claim's cost recorded on the budget line it is spent from (발생주의, for the 재정운영표's
    사업순원가 by 분야): a payment claim under a contract on the contract's line (``accrued``), a recipient's
    execution on the line its grant's category is funded from (``subsidy``: ``subsidy_executed``). Only if the line
    exists."""

    lg_code: str
    fiscal_year: int
    line_id: str
    amount: int
    subsidy: bool = False


@dataclass(frozen=True, slots=True)
class PostEntries:
    """Ledger items (new entries, posts and voids) with their balance updates: only if no entry is recorded twice,
    no period is closed and no budget balance goes below zero. Every ``PostEntries`` of one unit of work is
    written as one ledger write (balances merged per account)."""

    items: tuple[WriteItem, ...]


@dataclass(frozen=True, slots=True)
class MarkPaid:
    """A payment run pays the claim: only if it is still ACCEPTED."""

    claim: Claim
    paid_on: date
    interest: int
    run_id: str
    paid_at: datetime


@dataclass(frozen=True, slots=True)
class ExecuteReservation:
    """A subsidy claim settled by a payment run: its reservation becomes an execution (집행)."""

    claim_id: str
    reservation: Reservation


@dataclass(frozen=True, slots=True)
class RecordSpend:
    """An execution without a claim (a grant's card payment): its evidence guard (F12) and the category's budget,
    executed at once with the public money's part ``funded`` (지방비), or only reserved (``funded`` None) while a
    review judges it."""

    spend_id: str
    reservation: Reservation
    funded: int | None = None


@dataclass(frozen=True, slots=True)
class RecordWages:
    """A payroll's wages (인건비), each indexed under its person's key (F07 finds the same person on another grant):
    written with the payroll's execution, one item a wage."""

    wages: tuple[Wage, ...]


@dataclass(frozen=True, slots=True)
class CancelSpend:
    """A card payment cancelled (취소): its execution (``executed``, with its ``funded`` part) or reservation goes
    back to the category; its evidence stays used, marked cancelled on ``day`` (F03 if anyone claims it again)."""

    spend_id: str
    reservation: Reservation
    funded: int
    executed: bool
    day: date


@dataclass(frozen=True, slots=True)
class RecordSettlement:
    """A grant's settlement report (정산보고서) filed or decided, with the grant's new status: only while the report
    stands as ``expected`` (None: none filed, or the last one returned)."""

    lg_code: str
    grant_id: str
    settlement: Mapping[str, object]
    status: str
    expected: str | None


@dataclass(frozen=True, slots=True)
class RecordRecovery:
    """A grant's 환수 recorded: once per recovery id."""

    lg_code: str
    grant_id: str
    recovery: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class OpenReview:
    """A review (부정수급 검토) opened with the execution it is about: only once per review id."""

    review: Review


@dataclass(frozen=True, slots=True)
class MoveCategories:
    """Amounts moved from reserved to executed on grant categories, per (LG, grant id, category): (the amount, and
    of it the public money's part, 지방비)."""

    moves: Mapping[tuple[str, str, str], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class DecideGrant:
    """A 교부결정 written: a new grant (``new``: its id not taken in its LG) or an application (교부신청) still
    awaiting its decision, with its status, findings, decision, committed fiscal year and each category's line."""

    grant: Grant
    new: bool = False


@dataclass(frozen=True, slots=True)
class SpendLine:
    """A budget line's execution (지출) grows by ``amount``."""

    lg_code: str
    fiscal_year: int
    line_id: str
    amount: int


@dataclass(frozen=True, slots=True)
class AdvanceGrant:
    """A grant's advance (교부) is paid: only once."""

    lg_code: str
    grant_id: str
    day: date


@dataclass(frozen=True, slots=True)
class RecipientUnsanctioned:
    """A 교부 pays only a recipient with no sanction recorded since the run read its ``seen`` sanctions (none of
    them active on the run's day): a sanction recorded meanwhile, in any LG, refuses the whole transaction."""

    brn: str
    seen: int


@dataclass(frozen=True, slots=True)
class RecordChunk:
    """The run's next chunk, numbered ``run.chunks``, with its payments and the run's progress: only if that chunk
    was not recorded yet (a redelivered step writes nothing twice)."""

    run: Run
    payments: tuple[Payment, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    totals: Mapping[str, int] = field(default_factory=dict)


Intent = (
    DecideClaim
    | ReleaseGuard
    | ReleaseReservation
    | DrawContract
    | CommitLine
    | AccrueLine
    | PostEntries
    | MarkPaid
    | ExecuteReservation
    | RecordSpend
    | RecordWages
    | CancelSpend
    | OpenReview
    | RecordSettlement
    | RecordRecovery
    | MoveCategories
    | DecideGrant
    | SpendLine
    | AdvanceGrant
    | RecipientUnsanctioned
    | RecordChunk
)


class WriteConflict(Exception):
    """A unit of work was refused as a whole: nothing of it was written. ``failed`` names the intents whose
    condition failed (empty when the store refused for another reason, e.g. a conflicting transaction in
    flight); the caller decides whether to retry."""

    def __init__(self, message: str, failed: Sequence[Intent] = ()) -> None:
        super().__init__(message)
        self.failed: tuple[Intent, ...] = tuple(failed)

    def failed_any(self, *kinds: type) -> bool:
        return any(isinstance(intent, kinds) for intent in self.failed)


class TooLarge(ValueError):
    """A unit of work over the store's limits (items or bytes): a programming error, never a partial write."""


class UnitOfWork(Protocol):
    def size(self, intents: Sequence[Intent]) -> int:
        """How many of the transaction's ``MAX_ITEMS`` items these intents take (for packing chunks)."""
        ...

    def commit(self, intents: Sequence[Intent]) -> None:
        """Write every intent or none. Raises ``WriteConflict`` (naming the failed intents) or ``TooLarge``."""
        ...
