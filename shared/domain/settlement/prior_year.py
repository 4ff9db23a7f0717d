"""과년도지출: paying a claim its fiscal year left unpaid, from this year's budget, once that year is closed.

A claim accepted in fiscal year N and not paid by N's 출납정리기한 (10 February N+1) can no longer be paid from N.
N's final close recognises its expense in N and carries its payable (2110 미지급금) into N+1's opening balances.
From then on the payment run of N+1 pays it as 과년도지출 (지방회계법 §37's 지난 회계연도 지출; our reading: paid from
the current year's budget on the line of the same id, which must have the room), in one transaction per claim:

- the line of N+1 commits and executes what leaves the bank for it (the amount and any late interest), only if its
  uncommitted budget covers it (``CommitLine`` with ``spend``);
- the ledger of N+1, in the claim's 회계: Dr 2110 / Cr 1110 for the payable, Dr 9110 / Cr 9130 for the budget's
  execution (지출원인행위 and 지출 at once), and the late interest Dr 5290 / Cr 1110;
- the claim marked PAID (only if still ACCEPTED) and the payment recorded in the run's chunk.

The acceptance's pending entry stays as it is in the closed year N (it can be neither posted nor voided there; N's
statements counted it). A claim whose year is not closed yet, or without a line, or whose line of N+1 lacks the
room, or whose 회계 lacks the cash, is not paid; the run's report lists it as held over, with why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.domain.calendar import add_business_days
from shared.domain.claims.model import Claim
from shared.domain.settlement import ledger
from shared.domain.settlement.budget import LineCommitment
from shared.domain.settlement.fiscal_year import settlement_deadline
from shared.domain.settlement.reports import late_interest
from shared.domain.settlement.runs import Payment, Run
from shared.domain.unit_of_work import (
    CommitLine,
    ExecuteReservation,
    Intent,
    MarkPaid,
    PostEntries,
    RecordChunk,
    UnitOfWork,
    WriteConflict,
)

PAGE = 138  # claims read per query, as the payment run reads them
MAX_PAGES = 50  # at most this many pages of earlier years' claims a step (6,900 claims)


def settlement_cutoff_due(as_of: date) -> date | None:
    """Once the 출납정리기한 has passed, the earliest deadline a claim accepted this year can have: the run reads
    from there, past last year's claims it can no longer pay. None before it (every accepted claim is payable)."""
    if as_of <= date(as_of.year, 2, 10):
        return None
    return add_business_days(date(as_of.year, 1, 1), 5)


def amount_and_interest(claim: Claim, as_of: date, rate: Decimal) -> tuple[int, int]:
    """A payment claim's amount in won and the 지연이자 a payment on ``as_of`` owes with it (0 when not late)."""
    amount = int(Decimal(claim.grand_total))
    due = date.fromisoformat(claim.due_date) if claim.due_date else None
    days_late = (as_of - due).days if due and as_of > due else 0
    return amount, late_interest(amount, rate, days_late) if days_late else 0


def is_prior_year(claim: Claim, as_of: date) -> bool:
    """Whether a run dated ``as_of`` can pay the claim only as 과년도지출: accepted in a fiscal year whose
    출납정리기한 has passed by then."""
    accepted = claim.accepted_on()
    return accepted is not None and accepted.year < as_of.year and as_of > settlement_deadline(accepted.year)


@dataclass(frozen=True, slots=True)
class Held:
    claim_id: str
    code: str
    reason: str

    def to_api(self) -> dict[str, str]:
        return {"claimId": self.claim_id, "code": self.code, "reason": self.reason}


def prior_year_payment_entry(
    *, claim: Claim, fy: int, day: date, amount: int, executed: int, fund: str
) -> ledger.JournalEntry:
    """The 과년도지출 of a claim in fiscal year ``fy``: Dr 2110 / Cr 1110 for its payable (carried in from the year
    that accepted it), and the budget's execution of ``executed`` (the amount and its late interest) straight out
    of the authorised budget, Dr 9110 / Cr 9130."""
    return ledger.JournalEntry(
        ledger.entry_id("prior-year-paid", claim.lg_code, claim.claim_id),
        claim.lg_code,
        fy,
        day,
        f"과년도지출 {claim.claim_id}",
        (
            ledger.debit(ledger.PAYABLE, amount),
            ledger.credit(ledger.CASH, amount),
            ledger.debit(ledger.BUDGET_AUTHORISED, executed),
            ledger.credit(ledger.EXPENDED, executed),
        ),
        refs={"claimId": claim.claim_id, "acceptedFy": str((claim.accepted_on() or day).year)},
        fund=fund,
    )


class PriorYearPayables:
    """Pays the claims earlier fiscal years left unpaid, once those years are finally closed (see the module)."""

    def __init__(
        self,
        claims: Any,
        ledger_repo: Any,
        budgets: Any,
        unit_of_work: UnitOfWork,
        interest_rate: Decimal,
        clock: Callable[[], datetime],
        runs: Any,
    ) -> None:
        self._runs = runs
        self._claims = claims
        self._ledger = ledger_repo
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._rate = interest_rate
        self._clock = clock

    def candidates(self, run: Run, payments_only: bool = True) -> list[Claim]:
        """Accepted claims of earlier fiscal years whose 출납정리기한 has passed, every page of them (they are due early
        in the run's year at the latest: they were accepted by 31 December)."""
        earliest_this_year = settlement_cutoff_due(run.as_of)
        if earliest_this_year is None:
            return []
        # a claim accepted by 31 December is due 5 business days later: early January, a holiday season later
        cutoff = earliest_this_year + timedelta(days=45)
        found: list[Claim] = []
        after: Claim | None = None
        for _ in range(MAX_PAGES):
            page = self._claims.accepted_page(run.lg_code, PAGE, due_before=cutoff, after=after)
            within = [c for c in page if c.due_date and date.fromisoformat(c.due_date) < cutoff]
            found += [c for c in within if (c.kind == "payment" or not payments_only) and is_prior_year(c, run.as_of)]
            if len(page) < PAGE or len(within) < len(page):
                break
            after = page[-1]
        return found

    def pay(self, run: Run) -> int:
        """Pay what can be paid, and settle the recipients' executions; how many. Each claim is one transaction of
        its own."""
        claims = self.candidates(run, payments_only=False)
        if not claims:
            return 0
        closed = set(self._ledger.closed_periods(run.lg_code))
        paid = 0
        for claim in claims:
            if self._held_reason(run, claim, closed) is not None:
                continue
            for _attempt in range(2):
                intents, counts, totals = self._intents(run, claim)
                try:
                    self._unit_of_work.commit(intents)
                except WriteConflict:
                    latest = self._runs.get(run.run_id)
                    if latest is not None and latest.chunks > run.chunks:  # another delivery wrote chunks: again
                        run.chunks, run.counts, run.totals = latest.chunks, latest.counts, latest.totals
                        continue
                    break  # the line lacks the room, the 회계 the cash, or the claim changed: held (``held``)
                run.chunks += 1
                paid += 1
                run.counts = {k: run.counts.get(k, 0) + counts.get(k, 0) for k in {*run.counts, *counts}}
                run.totals = {k: run.totals.get(k, 0) + totals.get(k, 0) for k in {*run.totals, *totals}}
                break
        return paid

    def held(self, run: Run, claims: list[Claim] | None = None) -> list[Held]:
        """The earlier years' payment claims still unpaid after the run (``claims``, when already read), each with
        why."""
        claims = self.candidates(run) if claims is None else [c for c in claims if c.kind == "payment"]
        closed = set(self._ledger.closed_periods(run.lg_code)) if claims else set()
        result = []
        for claim in claims:
            reason = self._held_reason(run, claim, closed)
            result.append(
                reason
                or Held(
                    claim.claim_id,
                    "PRIOR_YEAR_NOT_PAYABLE",
                    f"{claim.fund or ledger.GENERAL_FUND}'s cash does not cover this 과년도지출 yet",
                )
            )
        return result

    def _held_reason(self, run: Run, claim: Claim, closed: set[str]) -> Held | None:
        accepted_fy = (claim.accepted_on() or run.as_of).year
        if ledger.fiscal_period(accepted_fy) not in closed:
            return Held(
                claim.claim_id,
                "FISCAL_YEAR_NOT_CLOSED",
                f"accepted in {accepted_fy}, whose 출납정리기한 has passed: paid from {run.as_of.year}'s budget "
                f"(과년도지출) once {accepted_fy}'s final close has run",
            )
        if claim.kind == "subsidy":  # settled against its grant: no cash, no budget (the advance executed it)
            return None
        line_id = self._line_of(claim)
        if line_id is None:
            reason = "a 과년도지출 is paid from a budget line; the claim has none"
            return Held(claim.claim_id, "BUDGET_LINE_REQUIRED", reason)
        fund = claim.fund or ledger.GENERAL_FUND
        line = self._budgets.line(claim.lg_code, run.as_of.year, line_id) if self._budgets is not None else None
        if line is None or line.fund != fund:
            where = "is not in its budget" if line is None else f"is {line.fund}'s"
            reason = f"line {line_id} of {run.as_of.year} {where}: a 과년도지출 of {fund} is paid from {fund}'s line"
            return Held(claim.claim_id, "PRIOR_YEAR_LINE_FUND", reason)
        amount, interest = self._amounts(run, claim)
        if line.uncommitted < amount + interest:
            asked = amount + interest
            reason = f"line {line_id} of {run.as_of.year} has {line.uncommitted:,} won uncommitted, {asked:,} asked"
            return Held(claim.claim_id, "BUDGET_EXCEEDED", reason)
        return None

    def _line_of(self, claim: Claim) -> str | None:
        if claim.line_id:
            return claim.line_id
        if claim.contract_id and self._budgets is not None:
            contract = self._budgets.contract(claim.lg_code, claim.contract_id)
            return contract.line_id if contract is not None else None
        return None

    def _amounts(self, run: Run, claim: Claim) -> tuple[int, int]:
        return amount_and_interest(claim, run.as_of, self._rate)

    def _intents(self, run: Run, claim: Claim) -> tuple[list[Intent], dict[str, int], dict[str, int]]:
        """One claim's transaction, and what it adds to the run's counts and totals."""
        if claim.kind == "subsidy":
            return self._settlement(run, claim)
        fy, fund = run.as_of.year, claim.fund or ledger.GENERAL_FUND
        line_id = self._line_of(claim)
        assert line_id is not None
        amount, interest = self._amounts(run, claim)
        entries = [
            prior_year_payment_entry(
                claim=claim, fy=fy, day=run.as_of, amount=amount, executed=amount + interest, fund=fund
            )
        ]
        interest_entry = ledger.late_interest_entry(
            lg_code=claim.lg_code, claim_id=claim.claim_id, amount=interest, day=run.as_of, fy=fy, fund=fund
        )
        entries += [interest_entry] if interest_entry is not None else []
        due = date.fromisoformat(claim.due_date) if claim.due_date else None
        accepted_on = claim.accepted_on()
        payment = Payment(claim.claim_id, "payment", claim.supplier, amount, interest, due, accepted_on, line_id)
        counts = {"paid": 1, "priorYear": 1, "late": 1 if due and run.as_of > due else 0}
        totals = {"paid": amount, "lateInterest": interest, "priorYear": amount}
        intents: list[Intent] = [
            MarkPaid(claim, run.as_of, interest, run.run_id, self._clock()),
            CommitLine(LineCommitment(run.lg_code, fy, line_id, amount + interest), spend=True),
            PostEntries(tuple(ledger.normalise(entries))),
            RecordChunk(run, (payment,), counts, totals),
        ]
        return intents, counts, totals

    def _settlement(self, run: Run, claim: Claim) -> tuple[list[Intent], dict[str, int], dict[str, int]]:
        """A recipient's execution its year left unsettled: the closed year's accrual recognised it (Dr 5410 / Cr
        1310) and the next year opened with the advance reduced, so the settlement writes no entry: the claim is
        marked settled and its grant category's reservation executed."""
        reservation = claim.reservation()
        assert reservation is not None  # a subsidy claim always names its grant and category
        amount = int(Decimal(claim.grand_total))
        due = date.fromisoformat(claim.due_date) if claim.due_date else None
        payment = Payment(claim.claim_id, "subsidy", claim.supplier, amount, 0, due, claim.accepted_on())
        counts, totals = {"settledSubsidy": 1, "priorYear": 1}, {"subsidyExecuted": amount}
        intents: list[Intent] = [
            MarkPaid(claim, run.as_of, 0, run.run_id, self._clock()),
            ExecuteReservation(claim.claim_id, reservation),
            RecordChunk(run, (payment,), counts, totals),
        ]
        return intents, counts, totals


__all__ = ["Held", "PriorYearPayables", "is_prior_year", "prior_year_payment_entry"]
