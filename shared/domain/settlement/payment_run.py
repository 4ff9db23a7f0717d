"""The payment run (지급): pays every accepted claim of an LG, chunk by chunk.

Each chunk is one DynamoDB transaction of at most 100 items: the claims marked PAID (only if still ACCEPTED),
the ledger's entries and posts (balances merged per account), subsidy executions, the chunk's record and the
run's progress (only if this chunk was not recorded yet). A crash anywhere leaves either the whole chunk or
nothing; a retried chunk message finds its chunk recorded, or the claims already paid, and never pays twice.
Late-payment interest (지연이자) is floor(amount x rate x days late / 365), paid and posted with the claim.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shared.domain.claims.model import Claim
from shared.domain.settlement import ledger
from shared.domain.settlement.grant_advances import GrantAdvances
from shared.domain.settlement.prior_year import Held, PriorYearPayables, amount_and_interest, settlement_cutoff_due
from shared.domain.settlement.runs import Payment, Run
from shared.domain.unit_of_work import (
    MAX_ITEMS,
    ExecuteReservation,
    Intent,
    MarkPaid,
    MoveCategories,
    PostEntries,
    RecordChunk,
    SpendLine,
    UnitOfWork,
    WriteConflict,
)


def payable_in(claim: Claim, as_of: date) -> bool:
    """Can a run dated ``as_of`` pay the claim from its fiscal year? Until 10 February (출납정리기한) the previous
    year's accepted claims are still paid from that year; after it, only this year's."""
    accepted = claim.accepted_on() or as_of
    return accepted.year == as_of.year or (accepted.year == as_of.year - 1 and as_of <= date(as_of.year, 2, 10))


MAX_WAITING_PAGES = 50  # pages of claims their 회계's cash cannot pay, read past in one step
QUERY_PAGE = 138  # three full transactions of 46 claims (2 items each + balances, month, chunk, run)
RESERVED_ITEMS = 2  # the chunk record and the run's progress (``RecordChunk``)


@dataclass(slots=True)
class ChunkResult:
    paid: int
    more: bool


class PaymentRun:
    def __init__(
        self,
        claims: Any,
        runs: Any,
        ledger_repo: Any,
        subsidy_repo: Any,
        unit_of_work: UnitOfWork,
        interest_rate: Decimal,
        clock: Any,
        budgets: Any = None,
    ) -> None:
        self._budgets = budgets
        self._claims = claims
        self._runs = runs
        self._ledger = ledger_repo
        self._subsidy = subsidy_repo
        self._unit_of_work = unit_of_work
        self._rate = interest_rate
        self._clock = clock
        self._advances = GrantAdvances(subsidy_repo, budgets, unit_of_work, runs, self._cash)
        self._prior_year = PriorYearPayables(claims, ledger_repo, budgets, unit_of_work, interest_rate, clock, runs)

    def process_page(self, run: Run) -> ChunkResult:
        """Pay one page of accepted claims (one Query), in as few transactions as fit: ``more`` says whether another
        page may follow. Every accepted claim carries its pending ledger entry since its acceptance (written in
        the same transaction), so the run only posts it: no read of the ledger is needed."""
        due_from = settlement_cutoff_due(run.as_of)
        after: Claim | None = None
        for _ in range(MAX_WAITING_PAGES):
            read = self._claims.accepted_page(run.lg_code, QUERY_PAGE, due_from=due_from, after=after)
            # a claim accepted after the run's date (a long run past midnight) is the next run's: its deadline sorts
            # it after every claim the run pays, so a page of nothing else ends the run. One of a fiscal year whose
            # 출납정리기한 has passed can no longer be paid from that year (see ``held_over``).
            page = [c for c in read if (c.accepted_on() or run.as_of) <= run.as_of and payable_in(c, run.as_of)]
            if not page:
                break
            paid = self._pay_page(run, page)
            if paid or not self._claims.still_accepted(page):
                # paid what it could (or another delivery of this step paid the page meanwhile): the next page
                return ChunkResult(paid, True)
            # nothing of the page could be paid: its 회계's cash does not cover it. The claims wait for a later run
            # (``waiting``); those behind them may be another 회계's, which its own cash pays: read on past them
            if len(read) < QUERY_PAGE:
                break
            after = read[-1]
        # then what earlier fiscal years left unpaid, from this year's budget (과년도지출), a page a step
        prior = self._prior_year.pay(run)
        if prior:
            return ChunkResult(prior, True)
        return ChunkResult(self._advances.pay(run), False)  # and last the grants' 교부

    def _pay_page(self, run: Run, page: list[Claim]) -> int:
        """Pay a page's claims in as few transactions as fit; how many were paid."""
        # the line each payment claim spends: its own (named at acceptance), or for a claim accepted before claims
        # carried it, its contract's
        contract_ids = [c.contract_id for c in page if c.kind == "payment" and c.contract_id and not c.line_id]
        lines = (
            {cid: c.line_id for cid, c in self._budgets.contracts(run.lg_code, contract_ids).items()}
            if contract_ids and self._budgets is not None
            else {}
        )
        paid = 0
        while page:
            written, page = self._write_chunk(run, page, lines)
            paid += written
            if written == 0:
                break
        return paid

    def _cash(self, lg_code: str, fy: int, fund: str = ledger.GENERAL_FUND) -> int:
        """A 회계's cash in a fiscal year (1110 현금, posted), as the ledger holds it now."""
        balance = self._ledger.trial_balance(lg_code, fy, include_budget=False, fund=fund)
        return sum(row.debit - row.credit for row in balance.rows if row.account == ledger.CASH)

    def _within_cash(self, run: Run, page: list[Claim]) -> list[Claim]:
        """The claims the treasury can pay, in their order: a payment claim (with its late interest) beyond what its
        fiscal year's cash still holds waits for a later run (``waiting``); subsidy claims move no cash. The ledger
        itself refuses a write that would overdraw 1110; this is read after such a refusal, to pay what fits."""
        cash: dict[tuple[int, str], int] = {}
        fitting = []
        for claim in page:
            if claim.kind != "payment":
                fitting.append(claim)
                continue
            payment, _, _ = self._payment(run, claim)
            book = ((payment.accepted_on or run.as_of).year, claim.fund or ledger.GENERAL_FUND)
            if book not in cash:
                cash[book] = self._cash(run.lg_code, *book)
            if payment.amount + payment.interest <= cash[book]:
                cash[book] -= payment.amount + payment.interest
                fitting.append(claim)
        return fitting

    def waiting(self, run: Run) -> list[Claim]:
        """Accepted claims the run could have paid but did not, once it is over: their fiscal year's cash did not
        cover them (they wait for receipts and a later run). Read at the run's end."""
        page = self._claims.accepted_page(run.lg_code, QUERY_PAGE, due_from=settlement_cutoff_due(run.as_of))
        return [
            c
            for c in page
            if c.kind == "payment" and (c.accepted_on() or run.as_of) <= run.as_of and payable_in(c, run.as_of)
        ]

    def held_advances(self, run: Run) -> list[dict[str, str]]:
        """The approved grants the run did not advance, each with why (``GrantAdvances.held``)."""
        return self._advances.held(run)

    def prior_year_held(self, run: Run, held_over: list[Claim] | None = None) -> list[Held]:
        """The claims of earlier fiscal years the run could not pay as 과년도지출 (of ``held_over``, when read),
        each with why."""
        return self._prior_year.held(run, held_over)

    def held_over(self, run: Run) -> list[Claim]:
        """Accepted claims of a fiscal year whose 출납정리기한 (10 February) has passed: no run may pay them from
        that year any more; once that year's final close has run, payment claims are paid from this year's budget
        as 과년도지출 (``prior_year``), and until then they wait. Read only once that date has passed."""
        return self._prior_year.candidates(run, payments_only=False)

    def _write_chunk(self, run: Run, page: list[Claim], lines: dict[str, str]) -> tuple[int, list[Claim]]:
        """Pay the first chunk of ``page`` that fits one transaction: how many claims it paid, and the page's
        claims still to pay (a refused write drops the claims no longer accepted and those the cash cannot cover)."""
        for _attempt in range(3):
            if not page:
                return 0, []
            plan = self._plan(run, page, lines)
            try:
                self._unit_of_work.commit(plan.intents(run, self._clock()))
                run.chunks += 1  # what the transaction recorded: the next chunk builds on it without a read
                run.counts = {k: run.counts.get(k, 0) + plan.counts.get(k, 0) for k in {*run.counts, *plan.counts}}
                run.totals = {k: run.totals.get(k, 0) + plan.totals.get(k, 0) for k in {*run.totals, *plan.totals}}
                return len(plan.claims), page[len(plan.claims) :]
            except WriteConflict:
                month = run.as_of.strftime("%Y-%m")
                if month in self._ledger.closed_periods(run.lg_code):  # for good: the run fails, saying why
                    raise ValueError(
                        f"{month} was closed (월 마감) while the run was paying: what it paid stays "
                        "paid; start a run dated after the close for the rest"
                    ) from None
                latest = self._runs.get(run.run_id)
                if latest is not None and latest.chunks > run.chunks:  # another delivery wrote chunks meanwhile
                    run.chunks, run.counts, run.totals = latest.chunks, latest.counts, latest.totals
                page = self._claims.still_accepted(page)  # the index lagged, or claims changed: drop them, retry
                # or the ledger refused to take cash below zero: what the treasury cannot pay waits (``waiting``).
                # Read only on a refusal, so a run with the cash it needs pays without reading the ledger.
                page = self._within_cash(run, page)
                time.sleep(random.uniform(0.05, 0.2) * 2**_attempt)  # conflicts with acceptances: back off
        raise RuntimeError(f"a chunk of run {run.run_id} could not be written")  # SQS delivers the step again

    @dataclass(slots=True)
    class _Plan:
        """What one chunk writes together: the claims paid, the ledger's items, the grant categories' moves,
        the budget lines' spending, and the run's counts and totals."""

        claims: list[tuple[Claim, Payment]]
        ledger_items: list[ledger.WriteItem]
        # (LG, grant id, category) -> (executed, of it 지방비): grant ids are per LG
        category_moves: dict[tuple[str, str, str], tuple[int, int]]
        line_spending: dict[tuple[int, str], int]
        counts: dict[str, int]
        totals: dict[str, int]

        def intents(self, run: Run, paid_at: datetime) -> list[Intent]:
            """The chunk as one unit of work: claims marked PAID (only if still ACCEPTED), subsidy executions and
            category moves, budget-line spending, the ledger's items and the chunk's record."""
            intents: list[Intent] = []
            for claim, payment in self.claims:
                intents.append(MarkPaid(claim, run.as_of, payment.interest, run.run_id, paid_at))
                if claim.kind == "subsidy":
                    reservation = claim.reservation()
                    assert reservation is not None  # a subsidy claim always names its grant and category
                    intents.append(ExecuteReservation(claim.claim_id, reservation))
            if self.category_moves:
                intents.append(MoveCategories(self.category_moves))
            lg_code = run.lg_code
            intents += [SpendLine(lg_code, fy, line, amount) for (fy, line), amount in self.line_spending.items()]
            intents.append(PostEntries(tuple(self.ledger_items)))
            intents.append(RecordChunk(run, tuple(p for _, p in self.claims), self.counts, self.totals))
            return intents

    def _plan(self, run: Run, page: list[Claim], lines: dict[str, str]) -> _Plan:
        """As many claims as fit in one transaction of 100 items, with their ledger writes."""
        chosen: list[tuple[Claim, Payment]] = []
        entries: list[ledger.JournalEntry] = []
        ops: list[ledger.PhaseOp] = []
        moves: dict[tuple[str, str, str], tuple[int, int]] = {}
        spending: dict[tuple[int, str], int] = {}
        items: list[ledger.WriteItem] = []
        claim_items = 0
        payables: dict[tuple[int, str], int] = {}  # (fiscal year, 회계) -> payables paid in this chunk
        for claim in page:
            payment, claim_entries, claim_ops = self._payment(run, claim)
            trial_payables = dict(payables)
            if claim.kind == "payment":
                book = ((payment.accepted_on or run.as_of).year, claim.fund or ledger.GENERAL_FUND)
                trial_payables[book] = trial_payables.get(book, 0) + payment.amount
            batch = batch_payment_entries(run, trial_payables)
            trial_items = ledger.normalise(entries + claim_entries + batch, ops + claim_ops)
            trial_moves, trial_spending = dict(moves), dict(spending)
            own = 1
            if claim.kind == "subsidy":
                reservation = claim.reservation()
                assert reservation is not None  # a subsidy claim always names its grant and category
                key = (reservation.lg_code, reservation.grant_id, reservation.category)
                moved, funded = trial_moves.get(key, (0, 0))
                trial_moves[key] = (moved + reservation.amount, funded + subsidy_funded(claim))
                own = 2
            elif claim.line_id or claim.contract_id in lines:
                # the line executes what leaves the bank for the claim: its amount and any late interest (our
                # reading: 지연이자 is paid from the line that pays the claim)
                line_id = claim.line_id or lines[claim.contract_id or ""]
                payment = replace(payment, line_id=line_id)
                line_key = ((payment.accepted_on or run.as_of).year, line_id)
                trial_spending[line_key] = trial_spending.get(line_key, 0) + payment.amount + payment.interest
            size = (
                claim_items
                + own
                + self._unit_of_work.size([PostEntries(tuple(trial_items))])
                + len(trial_moves)
                + len(trial_spending)
                + RESERVED_ITEMS
            )
            if size > MAX_ITEMS:
                break
            chosen.append((claim, payment))
            entries, ops, items = entries + claim_entries, ops + claim_ops, trial_items
            moves, spending, payables = trial_moves, trial_spending, trial_payables
            claim_items += own
        counts = {
            "paid": sum(1 for c, _ in chosen if c.kind == "payment"),
            "settledSubsidy": sum(1 for c, _ in chosen if c.kind == "subsidy"),
            "late": sum(1 for c, p in chosen if c.kind == "payment" and p.due_date and run.as_of > p.due_date),
        }
        totals = {
            "paid": sum(p.amount for c, p in chosen if c.kind == "payment"),
            # the LG's execution (지방비) of the subsidy claims paid, and the recipients' own 자부담 beside it
            "subsidyExecuted": sum(subsidy_funded(c) for c, _ in chosen if c.kind == "subsidy"),
            "selfFunded": sum(p.amount - subsidy_funded(c) for c, p in chosen if c.kind == "subsidy"),
            "lateInterest": sum(p.interest for _, p in chosen),
        }
        return self._Plan(chosen, items, moves, spending, counts, totals)

    def _payment(self, run: Run, claim: Claim) -> tuple[Payment, list[ledger.JournalEntry], list[ledger.PhaseOp]]:
        """The ledger's part of paying one claim: post its pending acceptance (rebuilt from the claim: same id and
        content as written at acceptance), and for a payment claim the payment entry and any late interest."""
        amount = int(Decimal(claim.grand_total))
        accepted_on = claim.accepted_on() or run.as_of
        due = date.fromisoformat(claim.due_date) if claim.due_date else None
        if claim.kind == "subsidy":  # the vendor is paid the whole amount; the LG's books execute its 지방비
            funded = subsidy_funded(claim)
            return (
                Payment(claim.claim_id, "subsidy", claim.supplier, amount, 0, due, accepted_on),
                [],
                [ledger.subsidy_executed(acceptance_entry(claim, accepted_on), day=run.as_of)] if funded else [],
            )
        accepted = acceptance_entry(claim, accepted_on)
        _, interest = amount_and_interest(claim, run.as_of, self._rate)
        entries: list[ledger.JournalEntry] = []
        interest_entry = ledger.late_interest_entry(
            lg_code=claim.lg_code,
            claim_id=claim.claim_id,
            amount=interest,
            day=run.as_of,
            fy=accepted.fy,
            fund=accepted.fund,
        )
        if interest_entry is not None:
            entries.append(interest_entry)
        return (
            Payment(claim.claim_id, "payment", claim.supplier, amount, interest, due, accepted_on),
            entries,
            [ledger.post(accepted, run.as_of)],
        )


def batch_payment_entries(run: Run, payables: dict[tuple[int, str], int]) -> list[ledger.JournalEntry]:
    """The chunk's bank transfer as one entry per fiscal year and 회계 (일괄 지급): Dr 2110 payables / Cr 1110 cash.
    The claims it pays are named by their own posts and by the chunk's record; the id comes from the run and the
    chunk (and the 회계, when it is not the 일반회계)."""
    return [
        ledger.JournalEntry(
            ledger.entry_id(
                "payment-batch",
                run.lg_code,
                run.run_id,
                run.chunks,
                fy,
                *(() if fund == ledger.GENERAL_FUND else (fund,)),
            ),
            run.lg_code,
            fy,
            run.as_of,
            f"일괄 지급 {run.run_id} #{run.chunks}",
            (ledger.debit(ledger.PAYABLE, amount), ledger.credit(ledger.CASH, amount)),
            refs={"runId": run.run_id, "chunk": str(run.chunks)},
            fund=fund,
        )
        for (fy, fund), amount in sorted(payables.items())
        if amount
    ]


def subsidy_funded(claim: Claim) -> int:
    """What the grant's public money pays of a subsidy claim (지방비): its part set at acceptance; the recipient's
    자부담 is the rest, paid from its own money through the same 보조금 account, and never in the LG's books."""
    return int(Decimal(claim.grand_total)) if claim.grant_funded is None else claim.grant_funded


def acceptance_entry(claim: Claim, accepted_on: date) -> ledger.JournalEntry:
    """The pending entry of an accepted claim (the same at acceptance and when the run posts it): for a subsidy
    claim, of its 지방비 only (Dr 5410 / Cr 1310). A claim under a contract also moves its amount from commitments
    to execution (Dr 9120 / Cr 9130)."""
    subsidy = claim.kind == "subsidy"
    amount = subsidy_funded(claim) if subsidy else int(Decimal(claim.grand_total))
    return ledger.claim_accepted(
        lg_code=claim.lg_code,
        claim_id=claim.claim_id,
        amount=amount,
        day=accepted_on,
        expense=claim.expense_account or ledger.OPERATING,
        subsidy=subsidy,
        budget=bool(claim.contract_id or claim.line_id) and not subsidy,
        fund=claim.fund or ledger.GENERAL_FUND,
    )
