"""과년도지출: which claims of an earlier year a run pays from this year's budget, and why it holds the others."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from shared.domain.claims.model import ClaimStatus
from shared.domain.settlement import ledger
from shared.domain.settlement.prior_year import PriorYearPayables, is_prior_year, prior_year_payment_entry
from shared.domain.settlement.runs import Run
from tests.unit.application.builders import LG, budget_line, payment_claim

RUN_DAY = date(2026, 3, 3)


def accepted(claim_id: str, on: str, amount: int = 1_000_000, line_id: str | None = "L-1", fund: str | None = None):
    claim = payment_claim(claim_id, amount, line_id=line_id)
    claim.status = ClaimStatus.ACCEPTED
    claim.history.append({"status": "ACCEPTED", "at": f"{on}T10:00:00+09:00", "by": "official:11110:kim"})
    claim.due_date, claim.fund = "2026-01-08", fund
    return claim


class Claims:
    def __init__(self, claims):
        self.claims = claims

    def accepted_page(self, lg_code, limit, due_from=None, due_before=None, after=None):
        ordered = sorted(self.claims, key=lambda c: (c.due_date, c.claim_id))
        if after is not None:
            ordered = [c for c in ordered if (c.due_date, c.claim_id) > (after.due_date, after.claim_id)]
        elif due_before is not None:
            ordered = [c for c in ordered if c.due_date < due_before.isoformat()]
        return ordered[:limit]


class Budgets:
    def __init__(self, lines):
        self.lines = lines

    def line(self, lg_code, fy, line_id):
        return self.lines.get((fy, line_id))


class Books:
    def __init__(self, closed):
        self.closed = closed

    def closed_periods(self, lg_code):
        return self.closed


def payables(claims, lines, closed=("FY2025",)) -> PriorYearPayables:
    return PriorYearPayables(
        Claims(claims), Books(list(closed)), Budgets(lines), None, Decimal("0.05"), lambda: datetime(2026, 3, 3), None
    )


def run() -> Run:
    return Run(f"{LG}-payment-{RUN_DAY}", LG, "payment", RUN_DAY, False, "RUNNING", "2026-03-03T09:00:00+09:00")


def test_a_claim_of_last_year_is_prior_year_only_after_its_settlement_deadline():
    claim = accepted("C-1", "2025-12-22")
    assert is_prior_year(claim, date(2026, 2, 11)) and not is_prior_year(claim, date(2026, 2, 10))
    assert not is_prior_year(accepted("C-2", "2026-01-05"), RUN_DAY)


def test_held_claims_say_why_the_line_year_and_fund_matter():
    claims = [
        accepted("C-1", "2025-12-22"),  # payable: its line in the same 회계 with the room
        accepted("C-2", "2025-12-22", line_id=None),  # no line
        accepted("C-3", "2025-12-22", line_id="L-W"),  # this year's L-W is the 특별회계's
        accepted("C-4", "2025-12-22", line_id="L-S", amount=9_000_000),  # the room is short
    ]
    lines = {
        (2026, "L-1"): budget_line("L-1"),
        (2026, "L-W"): replace(budget_line("L-W"), fund="상수도사업특별회계"),
        (2026, "L-S"): budget_line("L-S", budget=1_000_000),
    }
    held = {h.claim_id: h.code for h in payables(claims, lines).held(run())}
    assert held == {
        "C-1": "PRIOR_YEAR_NOT_PAYABLE",  # nothing refuses it: had the run not paid it, the cash did not cover it
        "C-2": "BUDGET_LINE_REQUIRED",
        "C-3": "PRIOR_YEAR_LINE_FUND",
        "C-4": "BUDGET_EXCEEDED",
    }
    unclosed = {h.claim_id: h.code for h in payables(claims, lines, closed=()).held(run())}
    assert set(unclosed.values()) == {"FISCAL_YEAR_NOT_CLOSED"}


def test_every_page_of_earlier_years_claims_is_read():
    claims = [accepted(f"C-{n:04d}", "2025-12-22", amount=1_000) for n in range(300)]
    assert len(payables(claims, {}).candidates(run())) == 300


def test_the_prior_year_payment_pays_the_carried_payable_and_executes_this_years_budget():
    entry = prior_year_payment_entry(
        claim=accepted("C-1", "2025-12-22"), fy=2026, day=RUN_DAY, amount=1_000_000, executed=1_004_000, fund="일반회계"
    )
    assert (entry.fy, entry.debited(ledger.PAYABLE), entry.credited(ledger.CASH)) == (2026, 1_000_000, 1_000_000)
    assert entry.debited(ledger.BUDGET_AUTHORISED) == entry.credited(ledger.EXPENDED) == 1_004_000


class Recording:
    def __init__(self):
        self.commits = []

    def commit(self, intents):
        self.commits.append(intents)


def test_a_recipients_execution_its_year_left_unsettled_is_settled_without_an_entry_once_the_year_is_closed():
    from shared.domain.unit_of_work import ExecuteReservation, MarkPaid, PostEntries
    from tests.unit.application.builders import subsidy_claim

    claim = subsidy_claim("S-1")
    claim.status = ClaimStatus.ACCEPTED
    claim.history.append({"status": "ACCEPTED", "at": "2025-12-22T10:00:00+09:00", "by": "official:11110:kim"})
    claim.due_date = "2026-01-08"
    work = Recording()
    settled = PriorYearPayables(
        Claims([claim]), Books(["FY2025"]), Budgets({}), work, Decimal("0.05"), lambda: datetime(2026, 3, 3), None
    )
    assert settled.pay(run()) == 1
    kinds = [type(intent) for intent in work.commits[0]]
    assert MarkPaid in kinds and ExecuteReservation in kinds and PostEntries not in kinds  # recognised at the close
    unclosed = PriorYearPayables(
        Claims([claim]), Books([]), Budgets({}), Recording(), Decimal("0.05"), lambda: datetime(2026, 3, 3), None
    )
    assert unclosed.pay(run()) == 0
