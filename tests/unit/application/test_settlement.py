"""BudgetService and LedgerService: an official loads a fiscal year's budget lines, registers contracts as
commitments against them, and reads the trial balance; each posts or reads the ledger through its store."""

from __future__ import annotations

from datetime import date

import pytest

from shared.domain.errors import ClaimsError, Conflict, Forbidden, Invalid
from shared.domain.settlement.budget import BudgetLine
from tests.unit.application.builders import (
    LG,
    OFFICIAL,
    SUPPLIER,
    SUPPLIER_USER,
    World,
    budget_line,
    codes,
    payment_claim,
)


def budget_balance(world: World, account: str, fy: int = 2026) -> int:
    """A budget account's balance (9110: authorised and uncommitted; 9120: committed, not yet executed)."""
    rows = {row.account: row.balance for row in world.ledger.trial_balance(LG, fy).rows}
    return rows.get(account, 0)


# -- budget lines ---------------------------------------------------------------------------------------------------


def test_loading_a_budget_stores_its_lines_and_authorises_them_in_the_ledger(world: World) -> None:
    loaded = world.budget_service().load_budget(
        OFFICIAL, 2026, [budget_line("L-1", 50_000_000), budget_line("L-2", 20_000_000, carried_in=5_000_000)]
    )

    assert [(line.line_id, line.budget_current, line.uncommitted) for line in loaded] == [
        ("L-1", 50_000_000, 50_000_000),
        ("L-2", 25_000_000, 25_000_000),
    ]
    assert world.budgets.lines(LG, 2026) == loaded
    assert budget_balance(world, "9110") == 75_000_000


def test_a_reload_posts_only_the_change(world: World) -> None:
    service = world.budget_service()
    service.load_budget(OFFICIAL, 2026, [budget_line("L-1", 50_000_000)])

    [line] = service.load_budget(OFFICIAL, 2026, [budget_line("L-1", 42_000_000)])

    assert line.budget_current == 42_000_000
    assert budget_balance(world, "9110") == 42_000_000


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([budget_line("L-1"), budget_line("L-1", 1)], "BUDGET_LINE_REPEATED"),
        ([budget_line("L-1", -1)], "BUDGET_NEGATIVE"),
    ],
)
def test_a_budget_that_breaks_a_rule_is_refused_and_nothing_is_loaded(
    world: World, lines: list[BudgetLine], code: str
) -> None:
    with pytest.raises(Invalid) as refused:
        world.budget_service().load_budget(OFFICIAL, 2026, lines)

    assert codes(refused.value) == [code]
    assert world.budgets.lines(LG, 2026) == []
    assert world.ledger.trial_balance(LG, 2026).rows == ()


def test_a_line_cannot_be_reloaded_below_what_is_committed_on_it(world: World) -> None:
    world.contract("K-1", amount=30_000_000)  # on L-1 of 50,000,000

    with pytest.raises(Invalid) as refused:
        world.budget_service().load_budget(OFFICIAL, 2026, [budget_line("L-1", 20_000_000)])

    assert codes(refused.value) == ["BUDGET_BELOW_COMMITMENTS"]
    line = world.budgets.line(LG, 2026, "L-1")
    assert line is not None and (line.budget_current, line.committed) == (50_000_000, 30_000_000)


def test_no_budget_is_loaded_into_a_closed_month(world: World) -> None:
    world.ledger.close_period(LG, "2026-11")

    with pytest.raises(Conflict) as closed:
        world.budget_service().load_budget(OFFICIAL, 2026, [budget_line("L-1")])

    assert codes(closed.value) == ["PERIOD_CLOSED"]
    assert world.budgets.lines(LG, 2026) == []


def test_after_the_year_close_a_line_brings_exactly_what_was_carried_over(world: World) -> None:
    world.budgets.load(LG, 2025, [budget_line("L-1")], date(2025, 12, 1))
    world.budgets.record_carry_over(LG, 2025, {"L-1": 1_000_000})
    service = world.budget_service()

    with pytest.raises(Invalid) as refused:
        service.load_budget(OFFICIAL, 2026, [budget_line("L-1", carried_in=0)])
    assert codes(refused.value) == ["BUDGET_CARRIED_IN_MISMATCH"]

    [line] = service.load_budget(OFFICIAL, 2026, [budget_line("L-1", carried_in=1_000_000)])
    assert line.carried_in == 1_000_000


# -- contracts ------------------------------------------------------------------------------------------------------


def test_a_contract_commits_this_years_line(world: World) -> None:
    world.budget_service().load_budget(OFFICIAL, 2026, [budget_line("L-1", 50_000_000)])

    contract = world.budget_service().add_contract(OFFICIAL, "K-1", None, SUPPLIER, 12_000_000, "L-1")

    assert (contract.fy, contract.remaining) == (2026, 12_000_000)  # this fiscal year, Seoul's
    line = world.budgets.line(LG, 2026, "L-1")
    assert line is not None and line.uncommitted == 38_000_000
    assert (budget_balance(world, "9110"), budget_balance(world, "9120")) == (38_000_000, 12_000_000)


@pytest.mark.parametrize(
    ("contract_id", "supplier", "amount", "line_id", "error", "code"),
    [
        ("K-1", SUPPLIER, 1_000_000, "L-1", Conflict, "INVALID_TRANSITION"),  # K-1 exists already
        ("K-2", SUPPLIER, 1_000_000, "L-9", Invalid, "BUDGET_LINE_UNKNOWN"),
        ("K-2", SUPPLIER, 45_000_001, "L-1", Invalid, "COMMITMENT_EXCEEDS_BUDGET"),  # 45,000,000 uncommitted
        ("K-2", "1234567890", 1_000_000, "L-1", Invalid, "KR-BRN"),
    ],
)
def test_a_contract_that_cannot_be_committed_is_refused_and_commits_nothing(
    world: World, contract_id: str, supplier: str, amount: int, line_id: str, error: type[ClaimsError], code: str
) -> None:
    world.contract("K-1", amount=5_000_000)  # on L-1 of 50,000,000

    with pytest.raises(error) as refused:
        world.budget_service().add_contract(OFFICIAL, contract_id, 2026, supplier, amount, line_id)

    assert codes(refused.value) == [code]
    line = world.budgets.line(LG, 2026, "L-1")
    assert line is not None and line.committed == 5_000_000
    assert world.budgets.contract(LG, "K-2") is None


def test_only_an_official_loads_budgets_and_registers_contracts(world: World) -> None:
    service = world.budget_service()
    with pytest.raises(Forbidden):
        service.load_budget(SUPPLIER_USER, 2026, [budget_line("L-1")])
    with pytest.raises(Forbidden):
        service.add_contract(SUPPLIER_USER, "K-1", 2026, SUPPLIER, 1, "L-1")
    assert world.budgets.lines(LG, 2026) == []


# -- the trial balance ----------------------------------------------------------------------------------------------


def test_the_trial_balance_shows_todays_financial_accounts_and_the_entries_up_to_a_day(world: World) -> None:
    world.contract("K-1", amount=5_000_000)
    world.received(payment_claim(amount=1_000_000, contract_id="K-1"))
    world.decisions().decide(OFFICIAL, "C-1", "accept", None)
    service = world.ledger_service()

    today = service.trial_balance(OFFICIAL, None)
    earlier = service.trial_balance(OFFICIAL, date(2026, 11, 23))

    assert today["asOf"] == "2026-11-24" and today["balanced"] is True
    accounts = today["accounts"]
    assert isinstance(accounts, list)
    assert [(a["account"], a["pendingDebit"], a["pendingCredit"]) for a in accounts] == [
        ("2110", 0, 1_000_000),
        ("5210", 1_000_000, 0),
    ]  # the budget accounts (9xxx) are not among them
    assert earlier["accounts"] == [] and earlier["asOf"] == "2026-11-23"


def test_only_an_official_reads_the_trial_balance(world: World) -> None:
    with pytest.raises(Forbidden):
        world.ledger_service().trial_balance(SUPPLIER_USER, None)
