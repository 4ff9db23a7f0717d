"""RunService: an official (or a schedule) starts a settlement run once per LG, type and date; each queued step
pays a page of claims or closes a period, and the run ends with its reports in the report store."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from shared.domain.claims.model import ClaimStatus
from shared.domain.errors import Forbidden, Invalid, NotFound, RunExists
from shared.domain.settlement import ledger
from shared.domain.settlement.grant_advances import commitment
from tests.unit.application.builders import (
    LG,
    OFFICIAL,
    OTHER_OFFICIAL,
    RECIPIENT,
    SUPPLIER,
    SUPPLIER_USER,
    World,
    budget_line,
    codes,
    grant,
    payment_claim,
    subsidy_claim,
)


def run_to_the_end(world: World, run_id: str) -> str:
    """Deliver the run's queued steps until it stops asking for more (a bounded number of them)."""
    service = world.run_service()
    for _ in range(10):
        status = service.step(run_id)
        if status != "RUNNING":
            return status
    raise AssertionError(f"run {run_id} still running after 10 steps")


# -- starting -------------------------------------------------------------------------------------------------------


def test_a_run_starts_once_per_lg_type_and_date(world: World) -> None:
    service = world.run_service()

    first = service.start(OFFICIAL, "month-close", date(2026, 10, 31))
    again = service.start(OFFICIAL, "month-close", date(2026, 10, 31))

    assert first.run_id == again.run_id == "11110-month-close-2026-10-31"
    assert (first.status, again.status) == ("RUNNING", "RUNNING")
    assert world.queue.sent == [{"runId": "11110-month-close-2026-10-31"}]  # one step queued, not two


@pytest.mark.parametrize(
    ("run_type", "as_of", "options", "code"),
    [
        ("weekly", date(2026, 11, 24), {}, "RUN_TYPE"),
        ("payment", date(2026, 11, 25), {}, "RUN_AS_OF_FUTURE"),
        ("payment", date(2026, 11, 23), {}, "RUN_AS_OF"),  # a payment run pays today
        ("month-close", date(2026, 10, 31), {"provisional": True}, "RUN_PROVISIONAL"),
        ("month-close", date(2026, 11, 1), {}, "RUN_PERIOD_NOT_ENDED"),  # today is 24 November
        ("year-close", date(2025, 6, 30), {}, "RUN_AS_OF"),  # a final close is dated 31 December
        ("month-close", date(2026, 10, 31), {"carry_over": {"L-1": 1}}, "RUN_CARRY_OVER"),
        ("year-close", date(1999, 12, 31), {}, "RUN_FISCAL_YEAR"),
        ("year-close", date(2025, 12, 31), {"carry_over": {"L-1": 50_000_001}}, "RUN_CARRY_OVER_EXCEEDS_UNSPENT"),
    ],
)
def test_a_run_that_cannot_be_started_is_refused_and_nothing_is_queued(
    world: World, run_type: str, as_of: date, options: dict[str, Any], code: str
) -> None:
    world.contract("K-1", fy=2025)  # line L-1 of 2025: 50,000,000 won

    with pytest.raises(Invalid) as refused:
        world.run_service().start(OFFICIAL, run_type, as_of, **options)

    assert codes(refused.value) == [code]
    assert world.runs.runs == {} and world.queue.sent == []


def test_a_year_close_started_again_with_another_carry_over_is_refused(world: World) -> None:
    # the council approved carrying up to 5,000,000 of L-1 (명시이월)
    world.budgets.load(LG, 2025, [budget_line(explicit_carry_over_approved=5_000_000)], date(2025, 11, 2))
    world.contract("K-1", fy=2025)
    service = world.run_service()
    service.start(OFFICIAL, "year-close", date(2025, 12, 31), carry_over={"L-1": 1_000_000})

    with pytest.raises(RunExists) as exists:
        service.start(OFFICIAL, "year-close", date(2025, 12, 31), carry_over={"L-1": 2_000_000})

    assert codes(exists.value) == ["RUN_EXISTS"]
    stored = world.runs.get("11110-year-close-2025-12-31")
    assert stored is not None and stored.carry_over == {"L-1": 1_000_000}


def test_only_an_official_starts_a_run(world: World) -> None:
    with pytest.raises(Forbidden):
        world.run_service().start(SUPPLIER_USER, "month-close", date(2026, 10, 31))
    assert world.runs.runs == {}


@pytest.mark.parametrize(
    ("today", "started"),
    [
        (date(2027, 2, 10), False),  # the last day of FY 2026's 출납정리기간
        (date(2027, 2, 11), True),
    ],
)
def test_a_final_year_close_waits_for_the_end_of_the_settlement_period(
    world: World, today: date, started: bool
) -> None:
    world.clock.move_to(today)
    service = world.run_service()

    if started:
        assert service.start(OFFICIAL, "year-close", date(2026, 12, 31)).status == "RUNNING"
        assert service.start(OFFICIAL, "year-close", date(2026, 12, 31), provisional=True).status == "RUNNING"
        return
    with pytest.raises(Invalid) as refused:
        service.start(OFFICIAL, "year-close", date(2026, 12, 31))
    assert codes(refused.value) == ["RUN_TOO_EARLY"]
    assert "2027-02-11" in refused.value.findings[0].message
    # a provisional close (가결산) is possible any day
    assert service.start(OFFICIAL, "year-close", date(2026, 12, 31), provisional=True).status == "RUNNING"
    assert world.queue.sent == [{"runId": "11110-year-close-2026-12-31-provisional"}]


@pytest.mark.parametrize(
    ("today", "closed"),
    [
        (date(2027, 2, 10), None),
        (date(2027, 2, 11), 2026),  # a Thursday
        (date(2027, 2, 26), 2026),  # a missed day is caught up (the run is the same run)
        (date(2027, 3, 1), None),
        (date(2029, 2, 12), None),  # 설날 2029 falls on 12-14 February, after the Sunday the 11th
        (date(2029, 2, 15), 2028),
    ],
)
def test_the_schedule_closes_the_year_on_the_first_business_day_after_10_february(
    world: World, today: date, closed: int | None
) -> None:
    world.clock.move_to(today)
    started = world.run_service().start_scheduled("year-close", today)

    assert started == ([] if closed is None else [f"{lg}-year-close-{closed}-12-31" for lg in ("11110", "11140")])


def test_a_schedule_closes_last_month_for_every_lg_and_pays_on_business_days_only(world: World) -> None:
    service = world.run_service()

    closes = service.start_scheduled("month-close", date(2026, 11, 1))
    sunday = service.start_scheduled("payment", date(2026, 11, 29))

    assert closes == ["11110-month-close-2026-10-31", "11140-month-close-2026-10-31"]
    assert sunday == []
    assert world.queue.sent == [{"runId": run_id} for run_id in closes]


def test_a_run_is_seen_by_its_lgs_officials_only(world: World) -> None:
    service = world.run_service()
    run = service.start(OFFICIAL, "month-close", date(2026, 10, 31))

    assert service.get(OFFICIAL, run.run_id)["status"] == "RUNNING"
    for outsider in (OTHER_OFFICIAL, SUPPLIER_USER):
        with pytest.raises(NotFound):
            service.get(outsider, run.run_id)


# -- steps ------------------------------------------------------------------------------------------------------------


def test_a_payment_run_pays_an_accepted_claim_late_with_interest_and_writes_the_bank_file(world: World) -> None:
    world.fund()
    world.received(payment_claim("C-1", 1_000_000))
    world.decisions().decide(OFFICIAL, "C-1", "accept", None)  # due 2026-12-01
    world.clock.move_to(date(2026, 12, 3))  # two days late
    service = world.run_service()
    run = service.start(OFFICIAL, "payment", date(2026, 12, 3))

    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    claim = world.claims.get("C-1")
    assert claim is not None and claim.status is ClaimStatus.PAID
    assert (claim.paid_on, claim.interest) == ("2026-12-03", 657)  # floor(1,000,000 x 12% x 2 / 365)
    answer = service.get(OFFICIAL, run.run_id)
    assert answer["status"] == "SUCCEEDED"
    assert answer["counts"] == {"paid": 1, "settledSubsidy": 0, "late": 1}
    assert answer["totals"] == {"paid": 1_000_000, "subsidyExecuted": 0, "selfFunded": 0, "lateInterest": 657}
    reports = answer["reports"]
    assert isinstance(reports, list) and "bank-transfers.csv" in [r["name"] for r in reports]
    bank_file = world.reports.get_report(f"{run.run_id}/bank-transfers.csv").splitlines()
    assert bank_file[1] == f"{SUPPLIER},1000657,657,1,{LG},{run.run_id},2026-12-03"
    cash = {row.account: row.credit for row in world.ledger.trial_balance(LG, 2026).rows}["1110"]
    assert cash == 1_000_657


def test_a_payment_step_delivered_twice_at_once_pays_the_claim_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # the payment run's back-off on a conflict, not waited
    world.fund()
    world.received(payment_claim("C-1", 1_000_000))
    world.decisions().decide(OFFICIAL, "C-1", "accept", None)
    world.clock.move_to(date(2026, 11, 26))
    run = world.run_service().start(OFFICIAL, "payment", date(2026, 11, 26))
    redelivered = world.run_service()
    world.unit_of_work.meanwhile(lambda: redelivered.step(run.run_id))  # the same message, to another worker

    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    assert [p.claim_id for p in world.runs.payments(run.run_id)] == ["C-1"]
    stored = world.runs.get(run.run_id)
    assert stored is not None and stored.counts["paid"] == 1 and stored.totals["paid"] == 1_000_000
    cash = {row.account: row.credit for row in world.ledger.trial_balance(LG, 2026).rows}["1110"]
    assert cash == 1_000_000


def test_a_payment_run_settles_subsidy_claims_without_a_transfer_and_pays_each_advance_once(world: World) -> None:
    world.fund()
    world.grant(grant("G-1", amount=1_000_000))
    world.received(subsidy_claim("S-1", 300_000))
    world.decisions().decide(OFFICIAL, "S-1", "accept", None)
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()

    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"
    world.clock.move_to(date(2026, 11, 27))
    later = service.start(OFFICIAL, "payment", date(2026, 11, 27))
    assert run_to_the_end(world, later.run_id) == "SUCCEEDED"

    claim = world.claims.get("S-1")
    assert claim is not None and claim.status is ClaimStatus.PAID
    [budget] = world.subsidy.grants[(LG, "G-1")].budget
    assert (budget.reserved, budget.executed) == (0, 300_000)
    bank_file = world.reports.get_report(f"{run.run_id}/bank-transfers.csv").splitlines()
    assert bank_file[1:] == [f"{RECIPIENT},1000000,0,1,{LG},{run.run_id},2026-11-26"]  # the advance alone
    assert world.reports.get_report(f"{later.run_id}/bank-transfers.csv").splitlines()[1:] == []


def test_a_grant_decision_commits_its_lines_and_its_advance_executes_what_it_committed(world: World) -> None:
    """The 교부결정 commits (지출원인행위) each line for the LG's share, never above its uncommitted 예산현액: a
    decision over the line or on a line the year lacks is refused and writes nothing. The 교부 then executes the
    commitment; a grant naming no line is held."""
    world.fund()
    world.grant(grant("G-1", amount=1_000_000))  # on line L-G, 50,000,000 won
    line = world.budgets.line(LG, 2026, "L-G")
    assert line is not None and (line.committed, line.expended) == (1_000_000, 0)
    with pytest.raises(Invalid) as over:
        world.grant(grant("G-2", amount=60_000_000))  # more than L-G holds uncommitted
    assert codes(over.value) == ["BUDGET_EXCEEDED"] and (LG, "G-2") not in world.subsidy.grants
    with pytest.raises(Invalid) as unknown:
        commitment(grant("G-4", amount=500_000, line_id="L-NONE"), world.budgets, date(2026, 11, 25))
    assert codes(unknown.value) == ["BUDGET_LINE_UNKNOWN"]
    world.grant(grant("G-3", amount=500_000, line_id=None))  # on no line: decided, but not paid
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()

    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    line = world.budgets.line(LG, 2026, "L-G")
    assert line is not None and (line.committed, line.expended) == (1_000_000, 1_000_000)
    stored = world.runs.get(run.run_id)
    assert stored is not None and stored.totals["advanced"] == 1_000_000
    report = json.loads(world.reports.get_report(f"{run.run_id}/payment-run.json"))
    assert {(h["grantId"], h["code"]) for h in report["heldAdvances"]} == {("G-3", "GRANT_LINE_REQUIRED")}
    [payment] = world.runs.chunks[run.run_id][0]
    assert (payment.claim_id, payment.kind, payment.line_id) == ("G-1", "advance", "L-G")


def test_the_advance_of_a_program_with_self_funding_is_the_public_share_only(world: World) -> None:
    world.fund()
    shared = replace(
        grant("G-1", amount=1_000_001),
        funding_shares={"national": "0.5", "province": "0.2", "city": "0.2", "self": "0.1"},
    )
    world.grant(shared)
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()

    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    line = world.budgets.line(LG, 2026, "L-G")
    assert line is not None and (line.committed, line.expended) == (900_000, 900_000)  # floor(1,000,001 x 0.9)
    tb = world.ledger.trial_balance(LG, 2026, include_budget=False)
    assert {r.account: r.debit - r.credit for r in tb.rows}["1310"] == 900_000


def test_cash_never_goes_below_zero_what_the_treasury_cannot_pay_waits_for_a_later_run(world: World) -> None:
    world.fund(1_500_000)  # the year's cash: 1,500,000 won
    world.received(payment_claim("C-1", 1_000_000))
    world.received(payment_claim("C-2", 800_000))  # the second would take the cash below zero
    world.decisions().decide(OFFICIAL, "C-1", "accept", "L-1")
    world.decisions().decide(OFFICIAL, "C-2", "accept", "L-1")
    world.grant(grant("G-1", amount=700_000))
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()

    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    paid = [
        c.claim_id for c in (world.claims.get("C-1"), world.claims.get("C-2")) if c and c.status is ClaimStatus.PAID
    ]
    assert paid == ["C-1"]
    cash = world.ledger.trial_balance(LG, 2026, include_budget=False)
    assert sum(r.debit - r.credit for r in cash.rows if r.account == "1110") == 500_000
    report = json.loads(world.reports.get_report(f"{run.run_id}/payment-run.json"))
    assert [(w["claimId"], w["amount"]) for w in report["waitingForCash"]] == [("C-2", 800_000)]
    assert [(h["grantId"], h["code"]) for h in report["heldAdvances"]] == [("G-1", "CASH_INSUFFICIENT")]

    world.fund(2_000_000, receipt_id="R-2")  # the next receipts arrive; the next run pays what waited
    world.clock.move_to(date(2026, 11, 27))
    again = service.start(OFFICIAL, "payment", date(2026, 11, 27))
    assert run_to_the_end(world, again.run_id) == "SUCCEEDED"
    claim = world.claims.get("C-2")
    assert claim is not None and claim.status is ClaimStatus.PAID
    stored = world.runs.get(again.run_id)
    assert stored is not None and stored.totals["advanced"] == 700_000


def test_a_month_close_closes_the_month_in_the_ledger_and_reports_it(world: World) -> None:
    world.contract("K-1")
    service = world.run_service()
    run = service.start(OFFICIAL, "month-close", date(2026, 10, 31))

    assert service.step(run.run_id) == "SUCCEEDED"

    assert world.ledger.closed_periods(LG) == ["2026-10"]
    assert world.ledger.closed_by[(LG, "2026-10")] == f"settlement:{run.run_id}"
    report = json.loads(world.reports.get_report(f"{run.run_id}/month-close.json"))
    assert (report["month"], report["closed"]) == ("2026-10", True)
    stored = world.runs.get(run.run_id)
    assert stored is not None and stored.reports == ["month-close.json", "month-close.csv", "month-close.html"]
    assert service.step(run.run_id) == "SUCCEEDED"  # a redelivered step changes nothing
    assert world.queue.sent == [{"runId": run.run_id}]


def test_the_final_year_close_settles_ended_grants_carries_contracts_over_and_publishes(world: World) -> None:
    world.contract("K-1", amount=5_000_000)  # line L-1 of 2026, 50,000,000 won
    world.grant(grant("G-ended", end=date(2026, 6, 30)))
    world.grant(grant("G-running", end=date(2027, 6, 30)))
    world.clock.move_to(date(2027, 2, 11))
    service = world.run_service()
    run = service.start(OFFICIAL, "year-close", date(2026, 12, 31), carry_over={"L-1": 5_000_000})

    assert service.step(run.run_id) == "SUCCEEDED"

    assert world.subsidy.grants[(LG, "G-ended")].status == "CLOSED"
    assert world.subsidy.grants[(LG, "G-running")].status == "OPEN"
    assert world.ledger.closed_periods(LG) == ["FY2026"]  # the whole year, the 출납정리기간's entries included
    contract = world.budgets.contract(LG, "K-1")
    assert contract is not None and contract.fy == 2027  # 사고이월: committed again in the next year
    next_year = world.budgets.line(LG, 2027, "L-1")
    assert next_year is not None and (next_year.carried_in, next_year.committed) == (5_000_000, 5_000_000)
    report = json.loads(world.reports.get_report(f"{run.run_id}/year-close.json"))
    assert report["carriedInto"]["contracts"] == [{"contractId": "K-1", "lineId": "L-1", "carried": 5_000_000}]
    published = service.public_indicators(LG, 2026)
    assert published is not None and json.loads(published)["fy"] == 2026


def test_the_final_close_closes_the_books_and_the_next_year_opens_with_what_they_hold(world: World) -> None:
    world.fund(1_500_000)  # 교부세 received: revenue 1,500,000
    world.received(payment_claim("C-1", 1_000_000))
    world.decisions().decide(OFFICIAL, "C-1", "accept", "L-1")  # 운영비 1,000,000
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()
    assert run_to_the_end(world, service.start(OFFICIAL, "payment", date(2026, 11, 26)).run_id) == "SUCCEEDED"
    world.clock.move_to(date(2027, 2, 11))

    final = service.start(OFFICIAL, "year-close", date(2026, 12, 31))
    assert service.step(final.run_id) == "SUCCEEDED"

    def posted(fy: int) -> dict[str, int]:
        rows = world.ledger.trial_balance(LG, fy, include_budget=False).rows
        return {row.account: row.debit - row.credit for row in rows if row.debit - row.credit}

    # 2026: revenues and expenses closed into 순자산; cash and net assets are what stays
    assert posted(2026) == {"1110": 500_000, "3100": -500_000}
    # 2027 opens with them, dated 1 January
    assert posted(2027) == {"1110": 500_000, "3100": -500_000}
    opening = world.book.entries[(LG, 2027, ledger.entry_id("opening", LG, 2027))].entry
    assert opening.day == date(2027, 1, 1) and opening.refs["closedYear"] == "2026"
    report = json.loads(world.reports.get_report(f"{final.run_id}/year-close.json"))
    assert report["operations"]["surplus"] == 500_000  # the statements are the year's, before its closing
    assert [(row["account"], row["balance"]) for row in report["yearEnd"]["carried"]] == [
        ("1110", 500_000),
        ("3100", 500_000),
    ]
    stored = world.runs.get(final.run_id)
    assert stored is not None and (stored.totals["netAssets"], stored.totals["cashCarried"]) == (500_000, 500_000)

    # the next year's close opens from the closed year's own records, and they agree with its ledger
    world.fund(200_000, fy=2027, receipt_id="R-2027")
    next_year = service.start(OFFICIAL, "year-close", date(2027, 2, 11), provisional=True)
    assert service.step(next_year.run_id) == "SUCCEEDED"
    report = json.loads(world.reports.get_report(f"{next_year.run_id}/year-close.json"))
    [fund] = report["reconciliation"]["funds"]
    assert (fund["openingCash"], fund["receipts"], fund["cash"], fund["matches"]) == (500_000, 200_000, 700_000, True)
    changes = report["changesInNetAssets"]
    assert (changes["opening"], changes["surplus"], changes["adjustments"], changes["closing"]) == (
        500_000,
        200_000,
        0,
        700_000,
    )


WATER = "상수도사업특별회계"


def water_line(world: World) -> None:
    """Line L-W of the 상수도사업특별회계 (a 특별회계 of its own), in 2026's budget."""
    world.budgets.load(LG, 2026, [replace(budget_line("L-W"), fund=WATER)], date(2026, 11, 2))


def test_each_fund_pays_from_its_own_cash(world: World) -> None:
    """The 일반회계 holds 5,000,000 and the 특별회계 300,000: a claim on the 특별회계's line beyond its own cash
    waits, whatever the 일반회계 holds, and what is paid leaves the claim's own 회계."""
    water_line(world)
    world.fund(5_000_000)
    world.fund(300_000, receipt_id="R-W", fund=WATER)
    world.received(payment_claim("C-1", 200_000, line_id="L-W"))
    world.received(payment_claim("C-2", 400_000, line_id="L-W"))
    world.decisions().decide(OFFICIAL, "C-1", "accept", None)
    world.decisions().decide(OFFICIAL, "C-2", "accept", None, line_id="L-W")  # named at acceptance: the same
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()
    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    def cash(fund: str) -> int:
        rows = world.ledger.trial_balance(LG, 2026, include_budget=False, fund=fund).rows
        return sum(r.debit - r.credit for r in rows if r.account == "1110")

    assert (cash(WATER), cash("일반회계")) == (100_000, 5_000_000)
    report = json.loads(world.reports.get_report(f"{run.run_id}/payment-run.json"))
    assert [w["claimId"] for w in report["waitingForCash"]] == ["C-2"]


def test_the_final_close_closes_and_opens_each_fund_on_its_own(world: World) -> None:
    water_line(world)
    world.fund(1_500_000)
    world.fund(800_000, receipt_id="R-W", fund=WATER)
    world.received(payment_claim("C-1", 1_000_000))
    world.received(payment_claim("C-2", 600_000, line_id=None))
    world.decisions().decide(OFFICIAL, "C-1", "accept", None)
    world.decisions().decide(OFFICIAL, "C-2", "accept", None, line_id="L-W")
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()
    assert run_to_the_end(world, service.start(OFFICIAL, "payment", date(2026, 11, 26)).run_id) == "SUCCEEDED"
    world.clock.move_to(date(2027, 2, 11))
    final = service.start(OFFICIAL, "year-close", date(2026, 12, 31))
    assert service.step(final.run_id) == "SUCCEEDED"

    def posted(fy: int, fund: str | None) -> dict[str, int]:
        rows = world.ledger.trial_balance(LG, fy, include_budget=False, fund=fund).rows
        return {row.account: row.debit - row.credit for row in rows if row.debit - row.credit}

    assert posted(2026, "일반회계") == {"1110": 500_000, "3100": -500_000}
    assert posted(2026, WATER) == {"1110": 200_000, "3100": -200_000}
    assert posted(2027, WATER) == posted(2026, WATER)  # 기초 = 기말, per 회계
    assert posted(2027, None) == {"1110": 700_000, "3100": -700_000}  # and the LG's total
    report = json.loads(world.reports.get_report(f"{final.run_id}/year-close.json"))
    funds = {f["fund"]: f for f in report["reconciliation"]["funds"]}
    assert {name: (f["cash"], f["receipts"], f["expenditure"], f["matches"]) for name, f in funds.items()} == {
        "일반회계": (500_000, 1_500_000, 1_000_000, True),
        WATER: (200_000, 800_000, 600_000, True),
    }
    assert set(report["yearEnd"]["openingEntries"]) == {"일반회계", WATER}
    stored = world.runs.get(final.run_id)
    assert stored is not None and stored.totals["cashCarried@" + WATER] == 200_000

    # the next year's close opens each 회계's reconciliation with what that 회계 carried
    world.fund(50_000, fy=2027, receipt_id="R-2027-W", fund=WATER)
    next_year = service.start(OFFICIAL, "year-close", date(2027, 2, 11), provisional=True)
    assert service.step(next_year.run_id) == "SUCCEEDED"
    report = json.loads(world.reports.get_report(f"{next_year.run_id}/year-close.json"))
    funds = {f["fund"]: f for f in report["reconciliation"]["funds"]}
    assert (funds[WATER]["openingCash"], funds[WATER]["cash"], funds[WATER]["matches"]) == (200_000, 250_000, True)
    assert (funds["일반회계"]["openingCash"], funds["일반회계"]["matches"]) == (500_000, True)


def test_a_fund_whose_cash_disagrees_with_its_records_fails_the_final_close(world: World) -> None:
    """Cash booked in the wrong 회계 (a receipt recorded in the 일반회계's records, booked in the 특별회계): the
    total agrees, each 회계 does not, and the final close fails naming the difference."""
    water_line(world)
    world.fund(1_000_000)
    world.book.record(
        [
            ledger.revenue_received(
                lg_code=LG, receipt_id="R-X", amount=300_000, day=date(2026, 3, 3), revenue="4310", fund=WATER
            )
        ]
    )
    line = world.revenue.lines[(LG, 2026, "R-SHARE")]
    world.revenue.lines[(LG, 2026, "R-SHARE")] = replace(line, received=line.received + 300_000)
    world.clock.move_to(date(2027, 2, 11))
    service = world.run_service()
    final = service.start(OFFICIAL, "year-close", date(2026, 12, 31))
    assert service.step(final.run_id) == "FAILED"
    stored = world.runs.get(final.run_id)
    assert stored is not None and stored.error is not None and "300,000" in stored.error
    assert "FY2026" not in world.ledger.closed_periods(LG)


def test_a_transfer_in_without_its_transfer_out_fails_the_final_close(world: World) -> None:
    """A 전입금 received in the 특별회계 with no 전출금 booked in any 회계: each 회계 agrees with its records, but the
    LG's total (내부거래 eliminated) does not balance, and the 결산 is not signed."""
    from shared.domain.settlement.revenue import RevenueLine

    water_line(world)
    world.fund(1_000_000)
    entry = ledger.revenue_received(
        lg_code=LG, receipt_id="T-IN", amount=300_000, day=date(2026, 4, 1), revenue="4910", fund=WATER
    )
    world.book.record([entry])
    line = RevenueLine("R-T", WATER, "290-01-01", "transfer", "일반회계전입금", 300_000, 300_000, 300_000)
    world.revenue.lines[(LG, 2026, "R-T")] = line
    world.clock.move_to(date(2027, 2, 11))
    service = world.run_service()
    final = service.start(OFFICIAL, "year-close", date(2026, 12, 31))
    assert service.step(final.run_id) == "FAILED"
    stored = world.runs.get(final.run_id)
    assert stored is not None and stored.error is not None
    assert "내부거래" in stored.error and "300,000" in stored.error and "do not balance" in stored.error


def test_a_provisional_year_close_reports_but_closes_and_publishes_nothing(world: World) -> None:
    world.contract("K-1")
    world.grant(grant("G-ended", end=date(2026, 6, 30)))
    service = world.run_service()
    run = service.start(OFFICIAL, "year-close", date(2026, 11, 24), provisional=True)

    assert service.step(run.run_id) == "SUCCEEDED"

    assert world.reports.get_report(f"{run.run_id}/year-close.json")
    assert world.subsidy.grants[(LG, "G-ended")].status == "OPEN"
    assert world.ledger.closed_periods(LG) == []
    assert service.public_indicators(LG, 2026) is None


def test_a_step_of_an_unknown_run_does_nothing(world: World) -> None:
    assert world.run_service().step("11110-payment-2026-11-24") == "UNKNOWN"
    assert world.runs.runs == {} and world.queue.sent == []


def test_claims_a_fund_cannot_pay_do_not_hold_up_another_funds(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of the 특별회계's claims its cash cannot pay comes first (earlier deadlines); the 일반회계's claim behind
    it is paid from its own cash all the same, and the 특별회계's wait."""
    from shared.domain.settlement import payment_run

    monkeypatch.setattr(payment_run, "QUERY_PAGE", 3)
    water_line(world)
    world.fund(5_000_000)
    for n in range(4):
        world.received(payment_claim(f"W-{n}", 100_000, line_id="L-W"))
        world.decisions().decide(OFFICIAL, f"W-{n}", "accept", None)
    world.clock.move_to(date(2026, 11, 25))  # accepted a day later: due later, behind the 특별회계's claims
    world.received(payment_claim("G-1", 200_000))
    world.decisions().decide(OFFICIAL, "G-1", "accept", None)
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()
    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"
    statuses = {c: world.claims.get(c).status for c in ("W-0", "W-3", "G-1")}  # type: ignore[union-attr]
    assert statuses == {"W-0": ClaimStatus.ACCEPTED, "W-3": ClaimStatus.ACCEPTED, "G-1": ClaimStatus.PAID}


def test_a_subsidy_claim_executes_in_the_fund_its_grant_was_advanced_from(world: World) -> None:
    """A grant paid from the 특별회계's line: its advance (1310) sits there, and so does the execution of a claim
    against it (Dr 5410 / Cr 1310); the 일반회계 holds no advance of it, positive or negative."""
    world.budgets.load(LG, 2026, [replace(budget_line("L-G", stat_object="307-02"), fund=WATER)], date(2026, 11, 2))
    world.fund(5_000_000)
    world.fund(2_000_000, receipt_id="R-W", fund=WATER)
    world.grant(grant("G-1", amount=1_000_000))
    world.received(subsidy_claim("S-1", 300_000))
    world.decisions().decide(OFFICIAL, "S-1", "accept", None)
    claim = world.claims.get("S-1")
    assert claim is not None and claim.fund == WATER
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()
    assert run_to_the_end(world, service.start(OFFICIAL, "payment", date(2026, 11, 26)).run_id) == "SUCCEEDED"

    def balance(fund: str, account: str) -> int:
        rows = world.ledger.trial_balance(LG, 2026, include_budget=False, fund=fund).rows
        return sum(r.debit - r.credit for r in rows if r.account == account)

    assert (balance(WATER, "1310"), balance(WATER, "5410"), balance(WATER, "1110")) == (700_000, 300_000, 1_000_000)
    assert (balance("일반회계", "1310"), balance("일반회계", "5410")) == (0, 0)


def test_no_grant_advance_reaches_a_sanctioned_recipient_whatever_the_order_of_sanction_and_run(
    world: World,
) -> None:
    """보탬e: a sanction (제재) recorded in any LG bars the 교부, whether it came before the run read the grant or
    between that read and the run's transaction; the grant is held with ``SANCTIONED`` and paid by a later run
    only once the sanction has ended."""
    from shared.domain.subsidy.model import Sanction

    world.fund()
    world.grant(grant("G-1", amount=1_000_000))
    world.grant(grant("G-2", amount=2_000_000))
    world.clock.move_to(date(2026, 11, 26))
    service = world.run_service()
    earlier = Sanction("S-1", RECIPIENT, "부정수급", date(2026, 1, 1), date(2026, 11, 25), "26110")  # ended
    world.subsidy.add_sanction(earlier, "2026-01-01T00:00:00+09:00")
    barring = Sanction("S-2", RECIPIENT, "부정수급", date(2026, 11, 26), date(2031, 11, 25), "26110")
    # recorded by another LG after the run read the recipient's sanctions, before its first 교부 commits
    world.unit_of_work.meanwhile(lambda: world.subsidy.add_sanction(barring, "2026-11-26T09:00:00+09:00"))

    run = service.start(OFFICIAL, "payment", date(2026, 11, 26))
    assert run_to_the_end(world, run.run_id) == "SUCCEEDED"

    assert world.subsidy.advanced == {}
    stored = world.runs.get(run.run_id)
    assert stored is not None and stored.totals.get("advanced", 0) == 0
    report = json.loads(world.reports.get_report(f"{run.run_id}/payment-run.json"))
    assert [(h["grantId"], h["code"]) for h in report["heldAdvances"]] == [("G-1", "SANCTIONED"), ("G-2", "SANCTIONED")]
    assert "S-2" in report["heldAdvances"][0]["reason"]
    line = world.budgets.line(LG, 2026, "L-G")
    assert line is not None and (line.committed, line.expended) == (3_000_000, 0)  # decided, not executed
