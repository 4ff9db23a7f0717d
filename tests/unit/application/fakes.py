"""In-memory fakes of the domain's ports (``shared/domain/*/ports.py`` and ``shared/domain/unit_of_work.py``) for
the application services' unit tests: dictionaries, the refusals the Protocols name, and copies in and out (a
service that changes what it read changes nothing stored until it writes).

The ledger is the domain's own in-memory ``Ledger``. Each store checks and applies the unit-of-work intents on its
own data (``holds`` and ``apply``, as each DynamoDB repository adds its own items); ``FakeUnitOfWork`` checks every
intent before it applies any, so a refused unit writes nothing and its ``WriteConflict`` names the failed intents.
``FakeUnitOfWork.meanwhile`` runs a write of "someone else" just before the next commit: the race a decision or a
payment run must survive."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from shared.domain.claims.model import GUARD_ACTIVE, GUARD_RETURNED, Claim, ClaimStatus, LocalGovernment
from shared.domain.settlement import ledger
from shared.domain.settlement.budget import BudgetLine, Contract
from shared.domain.settlement.ledger import (
    JournalEntry,
    Ledger,
    LedgerError,
    PhaseOp,
    Recorded,
    StoredEntry,
    TrialBalance,
    WriteItem,
)
from shared.domain.settlement.ports import ContractExists, LineUnknown, OverCommitted
from shared.domain.settlement.revenue import RevenueLine
from shared.domain.settlement.runs import Payment, Run
from shared.domain.subsidy.model import (
    BusinessFacts,
    CategoryBudget,
    Grant,
    GrantSummary,
    Reservation,
    Review,
    Sanction,
    Spend,
)
from shared.domain.subsidy.ports import GrantExists, IndexEntry, StaleReview
from shared.domain.unit_of_work import (
    MAX_ITEMS,
    AccrueLine,
    AdvanceGrant,
    CommitLine,
    DecideClaim,
    DecideGrant,
    DrawContract,
    ExecuteReservation,
    Intent,
    MarkPaid,
    MoveCategories,
    PostEntries,
    RecipientUnsanctioned,
    RecordChunk,
    ReleaseGuard,
    ReleaseReservation,
    SpendLine,
    TooLarge,
    WriteConflict,
)

if TYPE_CHECKING:
    from shared.domain.claims.ports import ClaimReader, EventPublisher, Registry
    from shared.domain.settlement.ports import BudgetStore, LedgerStore, ReportStore, RunQueue, RunStore
    from shared.domain.subsidy.ports import GrantSettlementStore, ReviewStore, SubsidyStore
    from shared.domain.unit_of_work import UnitOfWork

FAR_FUTURE = "9999-12-31"  # where a claim without a deadline sorts among the accepted ones
RESERVED, RELEASED, EXECUTED = "RESERVED", "RELEASED", "EXECUTED"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class FakeClaims:
    """A ``ClaimReader``, with what the payment run reads (an LG's accepted claims by deadline, which of them are
    still accepted); owns a decision, a guard's release and a claim paid in a unit of work."""

    def __init__(self) -> None:
        self.claims: dict[str, Claim] = {}
        self.guards: dict[str, tuple[str, str]] = {}  # guard key -> (claim id, ACTIVE or RETURNED)

    def put(self, claim: Claim) -> Claim:
        """A claim as the intake stored it, holding its duplicate guard."""
        self.claims[claim.claim_id] = copy.deepcopy(claim)
        self.guards[claim.guard_key] = (claim.claim_id, GUARD_ACTIVE)
        return claim

    def get(self, claim_id: str) -> Claim | None:
        return copy.deepcopy(self.claims.get(claim_id))

    def accepted_page(
        self,
        lg_code: str,
        limit: int,
        due_from: date | None = None,
        due_before: date | None = None,
        after: Claim | None = None,
    ) -> list[Claim]:
        keyed = sorted(
            (f"{c.due_date or FAR_FUTURE}#{c.received_at}#{c.claim_id}", c)
            for c in self.claims.values()
            if c.lg_code == lg_code and c.status is ClaimStatus.ACCEPTED
        )
        if after is not None:
            last = f"{after.due_date or FAR_FUTURE}#{after.received_at}#{after.claim_id}"
            keyed = [(k, c) for k, c in keyed if k > last]
        elif due_from is not None:
            keyed = [(k, c) for k, c in keyed if k >= due_from.isoformat()]
        elif due_before is not None:
            keyed = [(k, c) for k, c in keyed if k < due_before.isoformat()]
        return [copy.deepcopy(c) for _, c in keyed[:limit]]

    def still_accepted(self, claims: list[Claim]) -> list[Claim]:
        return [c for c in claims if (s := self.claims.get(c.claim_id)) and s.status is ClaimStatus.ACCEPTED]

    def holds(self, intent: Intent) -> bool:
        match intent:
            case DecideClaim(claim, _):
                stored = self.claims.get(claim.claim_id)
                return stored is not None and stored.version == claim.version
            case ReleaseGuard(guard_key, claim_id):
                return self.guards.get(guard_key, ("", ""))[0] == claim_id
            case MarkPaid(claim):
                stored = self.claims.get(claim.claim_id)
                return stored is not None and stored.status is ClaimStatus.ACCEPTED
        raise TypeError(f"not a claims intent: {intent!r}")

    def apply(self, intent: Intent) -> None:
        match intent:
            case DecideClaim(claim, entry):
                stored = self.claims[claim.claim_id]
                stored.status, stored.version = claim.status, claim.version + 1
                stored.history.append(dict(entry))
                stored.due_date = claim.due_date or stored.due_date
                stored.expense_account = claim.expense_account or stored.expense_account
                stored.line_id = claim.line_id or stored.line_id
                stored.fund = claim.fund or stored.fund
            case ReleaseGuard(guard_key, claim_id):
                self.guards[guard_key] = (claim_id, GUARD_RETURNED)
            case MarkPaid(claim, paid_on, interest, run_id, paid_at):
                stored = self.claims[claim.claim_id]
                stored.status, stored.version = ClaimStatus.PAID, claim.version + 1
                stored.paid_on, stored.interest = paid_on.isoformat(), interest
                stored.history.append({"status": "PAID", "at": paid_at.isoformat(), "by": f"settlement:{run_id}"})
            case _:
                raise TypeError(f"not a claims intent: {intent!r}")


class FakeLedger:
    """The ``LedgerStore`` over the domain's in-memory ``Ledger`` (shared with the budget store and the unit of
    work, as the DynamoDB stores share the settlement table)."""

    def __init__(self, book: Ledger) -> None:
        self.book = book
        self.closed_by: dict[tuple[str, str], str | None] = {}

    def trial_balance(
        self, lg_code: str, fy: int, as_of: date | None = None, include_budget: bool = True, fund: str | None = None
    ) -> TrialBalance:
        return self.book.trial_balance(lg_code, fy, as_of, include_budget, fund)

    def books(self, lg_code: str, fy: int, as_of: date | None = None) -> dict[str, dict[str, ledger.Balance]]:
        return self.book.books(lg_code, fy, as_of)

    def close_period(self, lg_code: str, month: str, closed_by: str | None = None) -> bool:
        if not (_MONTH.match(month) or ledger.is_fiscal_period(month)):
            raise ValueError(f"a period is yyyy-mm or FYyyyy, not {month!r}")
        if (lg_code, month) in self.book.closed:
            return False
        self.book.close_period(lg_code, month)
        self.closed_by[(lg_code, month)] = closed_by
        return True

    def closed_periods(self, lg_code: str) -> list[str]:
        return sorted(month for lg, month in self.book.closed if lg == lg_code)

    def entry(self, lg_code: str, fy: int, entry_id: str) -> StoredEntry | None:
        return self.book.entries.get((lg_code, fy, entry_id))

    def record(self, entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> Recorded:
        return self.book.record(entries, ops)


def _budget_change(
    lg_code: str, fy: int, line_id: str, delta: int, day: date, revision: int, fund: str = ledger.GENERAL_FUND
) -> ledger.JournalEntry:
    """A line's change of 예산현액 as the budget store posts it (the ledger's own posting)."""
    return ledger.budget_changed(
        lg_code=lg_code, fy=fy, line_id=line_id, delta=delta, day=day, revision=revision, fund=fund
    )


class FakeBudgets:
    """The ``BudgetStore``: lines per LG and fiscal year, contracts per LG; loads and commitments post their
    ledger entries in the same write. Owns a contract's draw and a line's spending in a unit of work."""

    def __init__(self, book: Ledger) -> None:
        self.book = book
        self.by_year: dict[tuple[str, int], dict[str, BudgetLine]] = {}
        self.revisions: dict[tuple[str, int, str], int] = {}
        self.by_id: dict[tuple[str, str], Contract] = {}
        self.year_ids: dict[tuple[str, int], set[str]] = {}

    def lines(self, lg_code: str, fy: int) -> list[BudgetLine]:
        found = self.by_year.get((lg_code, fy), {})
        return [found[line_id] for line_id in sorted(found)]

    def line(self, lg_code: str, fy: int, line_id: str) -> BudgetLine | None:
        return self.by_year.get((lg_code, fy), {}).get(line_id)

    def load(self, lg_code: str, fy: int, lines: list[BudgetLine], day: date) -> list[BudgetLine]:
        year = self.by_year.setdefault((lg_code, fy), {})
        refused = []
        for line in lines:
            old = year.get(line.line_id)
            if old is not None and old.committed > line.budget_current:
                refused.append(line.line_id)
                continue
            revision = self.revisions.get((lg_code, fy, line.line_id), 0) + 1
            delta = line.budget_current - (old.budget_current if old else 0)
            if (lg_code, ledger.fiscal_period(fy)) in self.book.closed:
                raise ledger.FiscalYearClosed(f"fiscal year {fy} is closed for LG {lg_code}")
            try:
                if delta:
                    self.book.record([_budget_change(lg_code, fy, line.line_id, delta, day, revision, line.fund)])
            except ledger.FiscalYearClosed:
                raise
            except ledger.PeriodClosed:
                raise ledger.PeriodClosed(f"{day:%Y-%m} is closed for LG {lg_code}") from None
            except LedgerError:  # the budget account would fall below what is committed
                refused.append(line.line_id)
                continue
            kept = (old.committed, old.expended, old.carried_over) if old else (0, 0, None)
            year[line.line_id] = replace(line, committed=kept[0], expended=kept[1], carried_over=kept[2])
            self.revisions[(lg_code, fy, line.line_id)] = revision
        if refused:
            raise OverCommitted(*refused)
        return self.lines(lg_code, fy)

    def record_carry_over(self, lg_code: str, fy: int, carry_over: dict[str, int]) -> None:
        year = self.by_year.get((lg_code, fy), {})
        for line_id, line in year.items():
            year[line_id] = replace(line, carried_over=carry_over.get(line_id, 0))

    def add_contract(self, contract: Contract, day: date) -> None:
        line = self.line(contract.lg_code, contract.fy, contract.line_id)
        if (contract.lg_code, contract.contract_id) in self.by_id:
            raise ContractExists(contract.contract_id)
        if line is None:
            raise LineUnknown(contract.line_id)
        if line.uncommitted < contract.amount:
            raise OverCommitted(contract.line_id)
        self._commit(replace(contract, accepted=0), line, contract.amount, day, carried=False)

    def contract(self, lg_code: str, contract_id: str) -> Contract | None:
        return self.by_id.get((lg_code, contract_id))

    def contracts(self, lg_code: str, contract_ids: list[str]) -> dict[str, Contract]:
        return {c: self.by_id[(lg_code, c)] for c in contract_ids if (lg_code, c) in self.by_id}

    def year_contracts(self, lg_code: str, fy: int) -> list[Contract]:
        return [self.by_id[(lg_code, c)] for c in sorted(self.year_ids.get((lg_code, fy), set()))]

    def carry_contract(self, contract: Contract, day: date) -> bool:
        current = self.contract(contract.lg_code, contract.contract_id)
        line = self.line(contract.lg_code, contract.fy + 1, contract.line_id)
        left = contract.remaining
        if current is None or (current.fy, current.remaining) != (contract.fy, left):
            return False
        if line is None or line.uncommitted < left:
            return False
        try:
            self._commit(replace(current, fy=contract.fy + 1), line, left, day, carried=True)
        except OverCommitted:
            return False
        return True

    def _commit(self, contract: Contract, line: BudgetLine, amount: int, day: date, carried: bool) -> None:
        """The contract (or what is left of it) committed on its line, with its entry (Dr 9110 / Cr 9120)."""
        entry = ledger.commitment(
            lg_code=contract.lg_code,
            fy=contract.fy,
            contract_id=contract.contract_id,
            amount=amount,
            day=day,
            carried=carried,
            fund=line.fund,
        )
        try:
            self.book.record([entry])
        except LedgerError:  # the store tells a refused commitment only as the line's lack of room
            raise OverCommitted(contract.line_id) from None
        self.by_id[(contract.lg_code, contract.contract_id)] = contract
        self.by_year[(contract.lg_code, contract.fy)][line.line_id] = replace(line, committed=line.committed + amount)
        self.year_ids.setdefault((contract.lg_code, contract.fy), set()).add(contract.contract_id)

    def holds(self, intent: Intent) -> bool:
        match intent:
            case DrawContract(draw):
                found = self.contract(draw.lg_code, draw.contract_id)
                return found is not None and found.remaining >= draw.amount and found.supplier_brn == draw.supplier_brn
            case SpendLine(lg_code, fiscal_year, line_id, _):
                return self.line(lg_code, fiscal_year, line_id) is not None
            case CommitLine(commitment, _, _):
                line = self.line(commitment.lg_code, commitment.fy, commitment.line_id)
                return line is not None and line.uncommitted >= commitment.amount
            case AccrueLine(lg_code, fiscal_year, line_id, _, _):
                return self.line(lg_code, fiscal_year, line_id) is not None
        raise TypeError(f"not a budget intent: {intent!r}")

    def apply(self, intent: Intent) -> None:
        match intent:
            case DrawContract(draw):
                found = self.by_id[(draw.lg_code, draw.contract_id)]
                self.by_id[(draw.lg_code, draw.contract_id)] = replace(found, accepted=found.accepted + draw.amount)
            case SpendLine(lg_code, fiscal_year, line_id, amount):
                year = self.by_year[(lg_code, fiscal_year)]
                year[line_id] = replace(year[line_id], expended=year[line_id].expended + amount)
            case CommitLine(commitment, spend, accrue):
                year = self.by_year[(commitment.lg_code, commitment.fy)]
                line = year[commitment.line_id]
                year[commitment.line_id] = replace(
                    line,
                    committed=line.committed + commitment.amount,
                    expended=line.expended + (commitment.amount if spend else 0),
                    accrued=line.accrued + (commitment.amount if accrue else 0),
                )
            case AccrueLine(lg_code, fiscal_year, line_id, amount, subsidy):
                year = self.by_year[(lg_code, fiscal_year)]
                line = year[line_id]
                year[line_id] = (
                    replace(line, subsidy_executed=line.subsidy_executed + amount)
                    if subsidy
                    else replace(line, accrued=line.accrued + amount)
                )
            case _:
                raise TypeError(f"not a budget intent: {intent!r}")


@dataclass(frozen=True, slots=True)
class IndexRef:
    """An ``IndexEntry``: the grant a blocking key names, as ``<lg>#<id>``."""

    grant_id: str


@dataclass(frozen=True, slots=True)
class Facts:
    """The store's ``HardCheckFacts``."""

    grant: Grant | None
    category: CategoryBudget | None
    sanctions: Sequence[Sanction]
    evidence_claim: str | None


@dataclass(frozen=True, slots=True)
class Activity:
    """The store's ``GrantActivity``."""

    grant: Grant
    spends: Sequence[tuple[Spend, str]]


@dataclass(slots=True)
class Evidence:
    """An invoice's evidence guard (F12): the claim holding it (None: a national execution), and its state."""

    claim_id: str | None
    grant_id: str
    status: str = "ACTIVE"
    cancelled: bool = False


class FakeSubsidy:
    """The ``SubsidyStore``, ``ReviewStore`` and ``GrantSettlementStore`` on one set of dictionaries (one table in
    DynamoDB), with the grants the payment run advances; owns a reservation's release and execution, category
    moves and a grant's advance in a unit of work."""

    def __init__(self) -> None:
        self.grants: dict[tuple[str, str], Grant] = {}
        self.advanced: dict[tuple[str, str], date] = {}
        self.index: dict[str, dict[str, dict[str, str]]] = {}  # blocking key -> grant ref -> extra attributes
        self.sanctions: dict[str, list[Sanction]] = {}
        self.spends: dict[tuple[str, str], dict[str, tuple[Spend, str]]] = {}  # (LG, grant) -> claim -> status
        self.evidence: dict[str, Evidence] = {}
        self.businesses: dict[str, BusinessFacts] = {}
        self.reviews: dict[str, Review] = {}
        self.risks: dict[str, dict[str, object]] = {}

    # -- grants, sanctions, the index -----------------------------------------------------------------------------

    def create_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        if (grant.lg_code, grant.grant_id) in self.grants:
            raise GrantExists(grant.grant_id)
        self.grants[(grant.lg_code, grant.grant_id)] = copy.deepcopy(grant)
        for key, extra in index_entries.items():
            self.index.setdefault(key, {})[f"{grant.lg_code}#{grant.grant_id}"] = dict(extra)

    def index_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        for key, extra in index_entries.items():
            self.index.setdefault(key, {})[f"{grant.lg_code}#{grant.grant_id}"] = dict(extra)

    def index_lookup(self, keys: list[str]) -> Mapping[str, Sequence[IndexEntry]]:
        return {key: [IndexRef(ref) for ref in self.index.get(key, {})] for key in keys}

    def grant_summaries(self, refs: list[str]) -> list[GrantSummary]:
        found = (self.grants.get((lg, grant_id)) for lg, _, grant_id in (ref.partition("#") for ref in refs))
        return [grant.summary() for grant in found if grant is not None]

    def get_grant(self, lg_code: str, grant_id: str) -> Grant | None:
        grant = copy.deepcopy(self.grants.get((lg_code, grant_id)))
        if grant is not None:
            grant.budget.sort(key=lambda b: b.category)
        return grant

    def recipient_grants(self, recipient_brn: str, grant_id: str) -> list[Grant]:
        return [
            copy.deepcopy(self.grants[key])
            for key in sorted(self.grants)
            if key[1] == grant_id and self.grants[key].recipient_brn == recipient_brn
        ]

    def add_sanction(self, sanction: Sanction, at: str) -> None:
        self.sanctions.setdefault(sanction.brn, []).append(sanction)

    # -- a subsidy claim's checks -------------------------------------------------------------------------------------

    def add_reservation(self, claim_id: str, reservation: Reservation) -> None:
        """What receiving a subsidy claim wrote (with the claim): its evidence, the category's reservation and
        the execution, RESERVED."""
        key = (reservation.lg_code, reservation.grant_id)
        grant = self.grants[key]
        grant.budget = [
            replace(b, reserved=b.reserved + reservation.amount) if b.category == reservation.category else b
            for b in grant.budget
        ]
        self.evidence[reservation.invoice_key] = Evidence(claim_id, reservation.grant_id)
        spend = Spend(
            claim_id,
            reservation.grant_id,
            reservation.vendor_brn,
            reservation.amount,
            reservation.day,
            reservation.invoice_key,
            reservation.category,
        )
        self.spends.setdefault(key, {})[claim_id] = (spend, RESERVED)

    def hard_check_facts(self, lg_code: str, grant_id: str, category: str, recipient_brn: str, evidence: str) -> Facts:
        grant = self.get_grant(lg_code, grant_id)
        budget = next((b for b in grant.budget if b.category == category), None) if grant else None
        held = self.evidence.get(evidence)
        holder = None
        if held is not None and held.status != RELEASED:
            holder = held.claim_id or f"national:{held.grant_id}"
        return Facts(grant, budget, list(self.sanctions.get(recipient_brn, [])), holder)

    def grant_activity(self, lg_code: str, grant_id: str) -> Activity | None:
        grant = self.get_grant(lg_code, grant_id)
        if grant is None:
            return None
        return Activity(grant, list(self.spends.get((lg_code, grant_id), {}).values()))

    def businesses_and_evidence(
        self, brns: list[str], invoice_key: str, lg_code: str | None = None
    ) -> tuple[dict[str, BusinessFacts], bool]:
        held = self.evidence.get(invoice_key)
        return {b: self.businesses[b] for b in brns if b in self.businesses}, held is not None and held.cancelled

    def record_review(self, review: Review | None, claim_id: str, risk: dict[str, object]) -> None:
        if review is not None and review.review_id in self.reviews:
            return  # the same event again: the transaction is refused, nothing changes
        self.risks[claim_id] = dict(risk)
        if review is not None:
            self.reviews[review.review_id] = copy.deepcopy(review)

    # -- the review queue -------------------------------------------------------------------------------------------

    def list_reviews(
        self, lg_code: str, status: str, limit: int, by_score: bool = False, indicator: str | None = None
    ) -> list[Review]:
        found = [r for r in self.reviews.values() if r.lg_code == lg_code and r.status == status]
        if indicator:
            found = [r for r in found if any(hit.get("code") == indicator for hit in r.indicators)]
        found.sort(key=lambda r: (r.score if by_score else 0, f"{r.created_at}#{r.review_id}"), reverse=True)
        return [copy.deepcopy(r) for r in found[:limit]]

    def get_review(self, review_id: str) -> Review | None:
        return copy.deepcopy(self.reviews.get(review_id))

    def resolve_review(self, review: Review) -> None:
        stored = self.reviews.get(review.review_id)
        if stored is None or stored.status != "open":
            raise StaleReview(review.review_id)
        self.reviews[review.review_id] = copy.deepcopy(review)

    # -- a year close's grants, the payment run's advances ---------------------------------------------------------

    def lg_grants(self, lg_code: str) -> list[Grant]:
        return [g for (lg, gid) in sorted(self.grants) if lg == lg_code and (g := self.get_grant(lg, gid))]

    def close_grant(self, lg_code: str, grant_id: str) -> None:
        self.grants[(lg_code, grant_id)].status = "CLOSED"

    def recipient_sanctions(self, brn: str) -> list[Sanction]:
        return list(self.sanctions.get(brn, []))

    def grants_to_advance(self, lg_code: str) -> list[Grant]:
        return [
            g
            for g in self.lg_grants(lg_code)
            if (lg_code, g.grant_id) not in self.advanced and g.status == "OPEN" and g.source == "local"
        ]

    def holds(self, intent: Intent) -> bool:
        match intent:
            case ReleaseReservation(claim_id, reservation):
                held = self.evidence.get(reservation.invoice_key)
                reserved = self._status(claim_id, reservation) == RESERVED
                return reserved and held is not None and held.claim_id == claim_id
            case ExecuteReservation(claim_id, reservation):
                return self._status(claim_id, reservation) == RESERVED
            case MoveCategories():
                return True
            case AdvanceGrant(lg_code, grant_id, _):
                return (lg_code, grant_id) not in self.advanced
            case DecideGrant(grant, new):
                stored = self.grants.get((grant.lg_code, grant.grant_id))
                return stored is None if new else stored is not None and stored.status == "APPLIED"
            case RecipientUnsanctioned(brn, seen):
                return len(self.sanctions.get(brn, [])) == seen
        raise TypeError(f"not a subsidy intent: {intent!r}")

    def apply(self, intent: Intent) -> None:
        match intent:
            case ReleaseReservation(claim_id, reservation):
                self._set_status(claim_id, reservation, RELEASED)
                self._move(reservation.lg_code, reservation.grant_id, reservation.category, -reservation.amount, 0)
                self.evidence[reservation.invoice_key].status = RELEASED
            case ExecuteReservation(claim_id, reservation):
                self._set_status(claim_id, reservation, EXECUTED)
            case MoveCategories(moves):
                for (lg_code, grant_id, category), (amount, funded) in moves.items():
                    self._move(lg_code, grant_id, category, -amount, amount, funded)
            case AdvanceGrant(lg_code, grant_id, day):
                self.advanced[(lg_code, grant_id)] = day
            case DecideGrant(grant, new):
                stored = copy.deepcopy(grant)
                if not new:  # the amounts stay as they are; the decision sets the rest
                    lines = {b.category: b.line_id for b in grant.budget}
                    stored.budget = [
                        replace(b, line_id=lines.get(b.category) or b.line_id)
                        for b in self.grants[(grant.lg_code, grant.grant_id)].budget
                    ]
                self.grants[(grant.lg_code, grant.grant_id)] = stored
            case RecipientUnsanctioned():
                pass  # a condition only
            case _:
                raise TypeError(f"not a subsidy intent: {intent!r}")

    def _status(self, claim_id: str, reservation: Reservation) -> str | None:
        found = self.spends.get((reservation.lg_code, reservation.grant_id), {}).get(claim_id)
        return found[1] if found else None

    def _set_status(self, claim_id: str, reservation: Reservation, status: str) -> None:
        spends = self.spends[(reservation.lg_code, reservation.grant_id)]
        spends[claim_id] = (spends[claim_id][0], status)

    def _move(self, lg_code: str, grant_id: str, category: str, reserved: int, executed: int, funded: int = 0) -> None:
        grant = self.grants[(lg_code, grant_id)]
        grant.budget = [
            replace(b, reserved=b.reserved + reserved, executed=b.executed + executed, funded=b.funded + funded)
            if b.category == category
            else b
            for b in grant.budget
        ]


class FakeRuns:
    """The ``RunStore``: runs and their chunks' payments; owns a chunk's record in a unit of work."""

    def __init__(self) -> None:
        self.runs: dict[str, Run] = {}
        self.chunks: dict[str, dict[int, tuple[Payment, ...]]] = {}

    def create(self, run: Run) -> tuple[Run, bool]:
        stored = self.runs.get(run.run_id)
        if stored is not None and not (run.type != "payment" and stored.status == "FAILED"):
            return copy.deepcopy(stored), False
        self.runs[run.run_id] = copy.deepcopy(run)
        return run, True

    def get(self, run_id: str) -> Run | None:
        return copy.deepcopy(self.runs.get(run_id))

    def existing(self, run_ids: list[str]) -> list[Run]:
        return [copy.deepcopy(self.runs[r]) for r in run_ids if r in self.runs]

    def payments(self, run_id: str) -> list[Payment]:
        chunks = self.chunks.get(run_id, {})
        return [p for n in sorted(chunks) for p in chunks[n]]

    def finish(
        self,
        run_id: str,
        status: str,
        at: str,
        reports: list[str],
        counts: dict[str, int] | None = None,
        totals: dict[str, int] | None = None,
        error: str | None = None,
    ) -> None:
        run = self.runs[run_id]
        run.status, run.finished_at, run.reports = status, at, list(reports)
        run.counts = dict(counts) if counts is not None else run.counts
        run.totals = dict(totals) if totals is not None else run.totals
        run.error = error[:1000] if error is not None else run.error

    def holds(self, intent: Intent) -> bool:
        if not isinstance(intent, RecordChunk):
            raise TypeError(f"not a run intent: {intent!r}")
        stored = self.runs.get(intent.run.run_id)
        recorded = self.chunks.get(intent.run.run_id, {})
        return stored is not None and stored.chunks == intent.run.chunks and intent.run.chunks not in recorded

    def apply(self, intent: Intent) -> None:
        if not isinstance(intent, RecordChunk):
            raise TypeError(f"not a run intent: {intent!r}")
        run, stored = intent.run, self.runs[intent.run.run_id]
        self.chunks.setdefault(run.run_id, {})[run.chunks] = tuple(intent.payments)
        stored.chunks = run.chunks + 1
        stored.counts = {k: run.counts.get(k, 0) + intent.counts.get(k, 0) for k in {*run.counts, *intent.counts}}
        stored.totals = {k: run.totals.get(k, 0) + intent.totals.get(k, 0) for k in {*run.totals, *intent.totals}}


class FakeUnitOfWork:
    """The ``UnitOfWork``: every intent's condition checked on what is stored, then all applied, or none and a
    ``WriteConflict`` naming the intents that failed. All ``PostEntries`` of a unit are one ledger write, named
    by the first of them when the ledger refuses it (a period closed, an entry recorded twice, a budget account
    below zero)."""

    def __init__(self, claims: FakeClaims, budgets: FakeBudgets, book: Ledger, subsidy: FakeSubsidy, runs: FakeRuns):
        self.book = book
        self.owners: dict[type, FakeClaims | FakeBudgets | FakeSubsidy | FakeRuns] = {
            DecideClaim: claims,
            ReleaseGuard: claims,
            MarkPaid: claims,
            DrawContract: budgets,
            CommitLine: budgets,
            AccrueLine: budgets,
            SpendLine: budgets,
            ReleaseReservation: subsidy,
            ExecuteReservation: subsidy,
            MoveCategories: subsidy,
            DecideGrant: subsidy,
            AdvanceGrant: subsidy,
            RecipientUnsanctioned: subsidy,
            RecordChunk: runs,
        }
        self.committed: list[list[Intent]] = []
        self._meanwhile: list[Callable[[], object]] = []

    def meanwhile(self, write: Callable[[], object]) -> None:
        """Run ``write`` (someone else's) just before the next commit, after the caller read what it read."""
        self._meanwhile.append(write)

    def size(self, intents: Sequence[Intent]) -> int:
        items = 0
        entries: list[WriteItem] = []
        for intent in intents:
            match intent:
                case PostEntries(part):
                    entries += part
                case MoveCategories(moves):
                    items += len(moves)
                case ReleaseReservation() | RecordChunk():
                    items += 3 if isinstance(intent, ReleaseReservation) else 2
                case _:
                    items += 1
        return items + (_ledger_items(entries) if entries else 0)

    def commit(self, intents: Sequence[Intent]) -> None:
        while self._meanwhile:
            self._meanwhile.pop(0)()
        if not intents:
            return
        if self.size(intents) > MAX_ITEMS:
            raise TooLarge(f"{self.size(intents)} items: one transaction takes at most {MAX_ITEMS}")
        posts = [intent for intent in intents if isinstance(intent, PostEntries)]
        items = [item for part in posts for item in part.items]
        others = [intent for intent in intents if not isinstance(intent, PostEntries)]
        failed: list[Intent] = [intent for intent in others if not self.owners[type(intent)].holds(intent)]
        if posts and not self._ledger_holds(items):
            failed.append(posts[0])
        if failed:
            raise WriteConflict("the unit of work was refused: ConditionalCheckFailed", failed)
        for intent in others:
            self.owners[type(intent)].apply(intent)
        if items:
            self.book.record(*_entries_and_ops(items))
        self.committed.append(list(intents))

    def _ledger_holds(self, items: list[WriteItem]) -> bool:
        """Whether the ledger takes these items as new (a replay fails the write's conditions, as in DynamoDB)."""
        trial = copy.deepcopy(self.book)
        try:
            done = trial.record(*_entries_and_ops(items))
        except LedgerError:
            return False
        return not (done.replayed or done.replayed_ops)


def _entries_and_ops(items: Sequence[WriteItem]) -> tuple[list[ledger.JournalEntry], list[ledger.PhaseOp]]:
    return [i.entry for i in items if i.entry is not None], [i.op for i in items if i.op is not None]


def _ledger_items(items: Sequence[WriteItem]) -> int:
    """A ledger write's items in one transaction: a check per month, a put or update per item, an update per
    account balance touched (per LG and fiscal year)."""
    months = {(item.key[0], ledger.period_of(day)) for item in items for day in item.days}
    deltas: dict[tuple[str, int], dict[str, ledger.Balance]] = {}
    for item in items:
        deltas[item.ledger] = ledger.merge(deltas.get(item.ledger, {}), item.effects())
    balances = sum(1 for merged in deltas.values() for delta in merged.values() if not delta.zero)
    return len(months) + len(items) + balances


class FakeReports:
    """The ``ReportStore``: report bodies by key."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[str, str]] = {}  # key -> (body, content type)

    def put_report(self, key: str, body: str, content_type: str) -> str:
        self.bodies[key] = (body, content_type)
        return f"reports/{key}"

    def get_report(self, key: str) -> str:
        return self.bodies[key][0]  # KeyError: no such object

    def presign_report(self, key: str, expires_in: int = 900) -> str:
        return f"memory://reports/{key}?expires={expires_in}"


class FakeQueue:
    """The ``RunQueue``: the messages sent, in order."""

    def __init__(self) -> None:
        self.sent: list[dict[str, object]] = []

    def send(self, body: dict[str, object]) -> None:
        self.sent.append(dict(body))


class FakePublisher:
    """The ``EventPublisher``: the events published, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, object], str | None]] = []

    def publish(self, event_name: str, data: dict[str, object], correlation_id: str | None = None) -> None:
        self.events.append((event_name, dict(data), correlation_id))

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.events]


class FakeRegistry:
    """The ``Registry``: the LGs served."""

    def __init__(self, *lgs: LocalGovernment) -> None:
        self.lgs = {lg.lg_code: lg for lg in lgs}

    def all(self) -> dict[str, LocalGovernment]:
        return dict(self.lgs)

    def get(self, lg_code: str) -> LocalGovernment | None:
        return self.lgs.get(lg_code)


if TYPE_CHECKING:  # what mypy checks: each fake where its Protocol is expected

    def _conforms(
        claims: FakeClaims,
        book: FakeLedger,
        budgets: FakeBudgets,
        subsidy: FakeSubsidy,
        runs: FakeRuns,
        unit: FakeUnitOfWork,
        reports: FakeReports,
        queue: FakeQueue,
        publisher: FakePublisher,
        registry: FakeRegistry,
    ) -> tuple[
        ClaimReader,
        LedgerStore,
        BudgetStore,
        SubsidyStore,
        ReviewStore,
        GrantSettlementStore,
        RunStore,
        UnitOfWork,
        ReportStore,
        RunQueue,
        EventPublisher,
        Registry,
    ]:
        return claims, book, budgets, subsidy, subsidy, subsidy, runs, unit, reports, queue, publisher, registry


class FakeRevenue:
    """The revenue records the year close reads (``RevenueStore.revenue_lines``): each line with what was received
    on it. ``receive`` is a receipt assessed and received at once, its ledger entry written with it (as the
    revenue repository writes both in one transaction)."""

    def __init__(self, book: Ledger) -> None:
        self.book = book
        self.lines: dict[tuple[str, int, str], RevenueLine] = {}

    def revenue_lines(self, lg_code: str, fy: int) -> list[RevenueLine]:
        return [line for (lg, year, _), line in sorted(self.lines.items()) if (lg, year) == (lg_code, fy)]

    def transfers(self, lg_code: str, fy: int) -> list[object]:
        return []  # no 전출·전입 in these years

    def carry_receivables(self, lg_code: str, fy: int, lines: list[RevenueLine]) -> None:
        for line in lines:
            if line.outstanding > 0:
                key = (lg_code, fy + 1, line.line_id)
                found = self.lines.get(key) or RevenueLine(line.line_id, line.fund, line.code, line.kind, line.name, 0)
                self.lines[key] = replace(found, carried_in=line.outstanding)

    def receive(
        self, lg_code: str, fy: int, receipt_id: str, amount: int, day: date, fund: str = ledger.GENERAL_FUND
    ) -> None:
        line_id = "R-SHARE" if fund == ledger.GENERAL_FUND else f"R-SHARE-{fund}"
        key = (lg_code, fy, line_id)
        line = self.lines.get(key) or RevenueLine(line_id, fund, "210-11-01", "localShareTax", "보통교부세", amount)
        entry = ledger.revenue_received(
            lg_code=lg_code, receipt_id=receipt_id, amount=amount, day=day, revenue="4310", fund=fund
        )
        self.book.record([entry])
        self.lines[key] = replace(line, assessed=line.assessed + amount, received=line.received + amount)
