"""다음연도이월액 -> 전년도이월액: what a year close may carry over, what it changes in the next year, and what a
next-year load must agree with once the year is closed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from shared.domain.settlement.budget import (
    BudgetLine,
    CarryOverSplit,
    Contract,
    carried_in_problems,
    carried_into_next_year,
    carry_over_problems,
    contracts_to_carry,
    entry_day,
    open_contract_amounts,
    split_carry_over,
)


def line(line_id: str, budget: int = 10_000_000, carried_in: int = 0, expended: int = 0, **more) -> BudgetLine:
    return BudgetLine(
        line_id,
        "일반회계",
        "일반공공행정",
        "일반행정",
        "정보화",
        "운영",
        "유지보수",
        "201",
        "201-01",
        budget,
        carried_in=carried_in,
        expended=expended,
        **more,
    )


def test_a_carry_over_within_what_is_unspent_and_approved_is_fine():
    lines = [line("L1", carried_in=1_000_000, expended=3_000_000, explicit_carry_over_approved=8_000_000)]
    assert carry_over_problems(lines, {"L1": 8_000_000}) == []  # 11,000,000 - 3,000,000 = 8,000,000 unspent


def test_a_carry_over_is_split_by_type_and_what_no_type_covers_is_refused():
    """사고이월 up to the open contracts' remainder, 명시이월 up to the council's approval, a 계속비 line's all
    계속비이월; beyond them there is no basis to carry (the 45,000,000 carried where contracts cover 38,550,000)."""
    plain = line("L1", budget=50_000_000, explicit_carry_over_approved=5_000_000)
    assert split_carry_over(plain, 40_000_000, 38_550_000) == CarryOverSplit(1_450_000, 38_550_000, 0, 0)
    assert split_carry_over(plain, 45_000_000, 38_550_000) == CarryOverSplit(5_000_000, 38_550_000, 0, 1_450_000)
    assert split_carry_over(plain, 1_000_000, 38_550_000) == CarryOverSplit(0, 1_000_000, 0, 0)
    continuing = line("L2", budget=50_000_000, continuing=True)
    assert split_carry_over(continuing, 30_000_000, 0) == CarryOverSplit(continuing=30_000_000)
    problems = carry_over_problems([plain, continuing], {"L1": 45_000_000, "L2": 30_000_000}, {"L1": 38_550_000})
    assert [(p.code, p.path) for p in problems] == [("RUN_CARRY_OVER_UNJUSTIFIED", "/carryOver/L1")]
    assert "1,450,000" in problems[0].message


def test_the_accident_carry_over_is_what_the_close_carries_of_the_open_contracts():
    contracts = [
        Contract("K1", "11110", 2026, "1", 10_000_000, "L1", accepted=4_000_000),  # 6,000,000 left
        Contract("K2", "11110", 2027, "1", 3_000_000, "L1"),  # carried by an earlier attempt of the close
        Contract("K3", "11110", 2026, "1", 2_000_000, "L2", accepted=2_000_000),  # drawn in full: nothing open
        Contract("K4", "11110", 2026, "1", 9_000_000, "L3"),  # does not fit L3's 1,000,000: stays behind
    ]
    carry = {"L1": 10_000_000, "L2": 5, "L3": 1_000_000}
    assert open_contract_amounts(contracts, 2026, carry) == {"L1": 9_000_000}


def test_a_carry_over_above_what_is_unspent_or_on_no_line_is_refused():
    lines = [line("L1", expended=3_000_000)]
    problems = carry_over_problems(lines, {"L1": 7_000_001, "L9": 1})
    assert [(p.code, p.path) for p in problems] == [
        ("RUN_CARRY_OVER_EXCEEDS_UNSPENT", "/carryOver/L1"),
        ("RUN_CARRY_OVER_LINE_UNKNOWN", "/carryOver/L9"),
    ]
    assert "7,000,000" in problems[0].message


def test_the_next_year_gets_each_carry_over_as_its_carried_in():
    this_year = [line("L1", expended=2_000_000), line("L2"), line("L3")]
    next_year = [line("L1", budget=5_000_000, carried_in=9), line("L2", budget=1_000_000)]
    changed = carried_into_next_year(this_year, {"L1": 3_000_000, "L3": 500_000}, next_year)
    by_id = {c.line_id: c for c in changed}
    assert set(by_id) == {"L1", "L3"}  # L2 carried nothing and already shows 0: untouched
    assert by_id["L1"] == replace(next_year[0], carried_in=3_000_000)  # its own budget stays
    opened = by_id["L3"]  # not in next year's budget yet: opened with this year's classification
    assert (opened.budget, opened.carried_in, opened.budget_current) == (0, 500_000, 500_000)
    assert opened.project == "유지보수"


def test_a_next_year_line_that_carried_in_more_than_the_close_carried_over_comes_down():
    changed = carried_into_next_year([line("L1")], {}, [line("L1", carried_in=2_000_000)])
    assert [(c.line_id, c.carried_in) for c in changed] == [("L1", 0)]


def test_before_the_close_any_carried_in_stands():
    assert carried_in_problems(2027, [line("L1", carried_in=123)], [line("L1")]) == []


def test_after_the_close_a_load_must_carry_in_what_was_carried_over():
    closed = [line("L1", carried_over=3_000_000), line("L2", carried_over=0)]
    loaded = [line("L1", carried_in=3_000_000), line("L2", carried_in=5), line("L9", carried_in=1)]
    problems = carried_in_problems(2027, loaded, closed)
    assert [(p.code, p.path) for p in problems] == [
        ("BUDGET_CARRIED_IN_MISMATCH", "/lines/1/carriedIn"),
        ("BUDGET_CARRIED_IN_MISMATCH", "/lines/2/carriedIn"),
    ]
    assert "2026 year close" in problems[0].message


@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(0, 10**9)), min_size=1, max_size=8))
def test_a_carry_over_that_passes_leaves_no_line_with_negative_unused(figures):
    """불용액 = 예산현액 - 지출액 - 다음연도이월액 is never negative once the carry-over passes the check."""
    lines = [line(f"L{n}", budget=b, expended=min(e, b), continuing=True) for n, (b, e, _) in enumerate(figures)]
    carry = {f"L{n}": c for n, (_, _, c) in enumerate(figures)}
    if not carry_over_problems(lines, carry):
        assert all(x.budget_current - x.expended - carry[x.line_id] >= 0 for x in lines)
    else:
        assert any(x.budget_current - x.expended - carry[x.line_id] < 0 for x in lines)


def test_budget_entries_are_dated_inside_their_fiscal_year():
    assert entry_day(2027, date(2026, 12, 31)) == date(2027, 1, 1)
    assert entry_day(2026, date(2027, 2, 10)) == date(2026, 12, 31)
    assert entry_day(2026, date(2026, 6, 1)) == date(2026, 6, 1)


def contract(contract_id: str, line_id: str, amount: int, accepted: int = 0, fy: int = 2026) -> Contract:
    return Contract(contract_id, "11110", fy, "2048631263", amount, line_id, accepted)


def test_a_carry_over_carries_the_open_contracts_it_covers_in_contract_order():
    contracts = [
        contract("C1", "L1", 3_000_000, accepted=110_000),
        contract("C2", "L1", 1_500_000),
        contract("C3", "L1", 500_000),
        contract("C4", "L2", 800_000),
        contract("C5", "L1", 900_000, 900_000),
    ]
    to_carry, already, left = carried = contracts_to_carry(contracts, {"L1": 3_500_000}, 2026)
    # L1: C1's 2,890,000 fits, C2's 1,500,000 no longer does (610,000 left), C3's 500,000 does; L2 carries nothing;
    # C5 is spent: nothing to carry
    assert [c.contract_id for c in to_carry] == ["C1", "C3"]
    assert already == [] and [c.contract_id for c in left] == ["C2", "C4"]
    assert carried == contracts_to_carry(contracts, {"L1": 3_500_000}, 2026)  # pure: the same answer twice


def test_a_retried_close_counts_what_it_carried_before():
    contracts = [contract("C1", "L1", 2_000_000, fy=2027), contract("C2", "L1", 1_500_000)]
    to_carry, already, left = contracts_to_carry(contracts, {"L1": 3_000_000}, 2026)
    assert [c.contract_id for c in already] == ["C1"] and to_carry == [] and [c.contract_id for c in left] == ["C2"]
