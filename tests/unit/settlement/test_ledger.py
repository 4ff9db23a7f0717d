"""The ledger's rules without AWS: validation, ids, two phases, balances, the business events' lines, and the
properties (any sequence of accepts, returns, payments and replays keeps the books balanced)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from shared.domain.settlement import ledger
from shared.domain.settlement.ledger import (
    AlreadyFinal,
    Balance,
    EntryConflict,
    EntryLine,
    InvalidEntry,
    JournalEntry,
    LimitExceeded,
    PeriodClosed,
    UnknownEntry,
)

LG = "11110"
FY = 2025
DAY = date(2025, 3, 10)


def entry(*lines: EntryLine, entry_id: str = "E1", day: date = DAY, kind: str = "posted", fy: int = FY) -> JournalEntry:
    return JournalEntry(entry_id, LG, fy, day, "test", tuple(lines), kind)  # type: ignore[arg-type]


def accepted(claim: str = "C1", amount: int = 1_000_000, **kw) -> JournalEntry:
    return ledger.claim_accepted(lg_code=LG, claim_id=claim, amount=amount, day=kw.pop("day", DAY), **kw)


FUND = 10**9
FUNDED_ON = date(2025, 1, 6)


def funded(book: ledger.Ledger, amount: int = FUND, day: date = FUNDED_ON) -> ledger.Ledger:
    """The treasury's cash the payments are made from (교부세 received): cash never goes below zero."""
    book.record([ledger.revenue_received(lg_code=LG, receipt_id=f"FUND-{day}", amount=amount, day=day)])
    return book


def net(balances: dict[str, Balance]) -> dict[str, int]:
    return {code: b.debit - b.credit for code, b in balances.items() if b.debit - b.credit}


# -- chart of accounts -------------------------------------------------------------------------------------------


def test_chart_has_the_accounts_of_the_standard():
    expected = {
        "1110": "asset",
        "1310": "asset",
        "1510": "asset",
        "2110": "liability",
        "3100": "net_assets",
        "4110": "revenue",
        "4210": "revenue",
        "4310": "revenue",
        "5110": "expense",
        "5210": "expense",
        "5220": "expense",
        "5290": "expense",
        "5310": "expense",
        "5410": "expense",
        "9110": "budget",
        "9120": "budget",
        "9130": "budget",
    }
    for code, kind in expected.items():
        assert ledger.CHART[code].type == kind
        assert ledger.CHART[code].name and ledger.CHART[code].name_en and ledger.CHART[code].note
    assert ledger.CHART["1110"].name == "현금및현금성자산"
    assert {c for c, a in ledger.CHART.items() if a.limit} == {"1110", "9110", "9120"}  # cash, budget, commitments
    assert all(a.normal == "debit" for a in ledger.CHART.values() if a.type in ("asset", "expense"))
    assert all(a.normal == "credit" for a in ledger.CHART.values() if a.type in ("liability", "net_assets", "revenue"))


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ("101-01", "5110"),
        ("201-01", "5210"),
        ("202-01", "5210"),
        ("203-01", "5220"),
        ("307-02", "5410"),
        ("402-01", "5410"),
        ("401-01", "1510"),
        ("405-01", "1510"),
        ("701-01", "5920"),
    ],
)
def test_expense_account_from_the_budget_item(item, code):
    assert ledger.expense_account(item) == code


@pytest.mark.parametrize("item", ["abc", "", "801-01"])
def test_expense_account_refuses_what_it_does_not_map(item):
    with pytest.raises(InvalidEntry):
        ledger.expense_account(item)


# -- validation --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        (ledger.debit("5210", 100), ledger.credit("2110", 99)),  # unbalanced
        (ledger.debit("5210", 0), ledger.credit("2110", 0)),  # zero
        (ledger.debit("5210", -100), ledger.credit("2110", -100)),  # negative
        (EntryLine("5210", 100, 100), EntryLine("2110", 100, 100)),  # two-sided lines
        (ledger.debit("9999", 100), ledger.credit("2110", 100)),  # unknown account
        (ledger.debit("5210", 100),),  # one line
        (),
        (ledger.debit("5210", 100.0), ledger.credit("2110", 100.0)),  # float money
        (ledger.debit("5210", True), ledger.credit("2110", True)),  # bool is no amount
        (
            ledger.debit("5210", 100),
            ledger.credit("9130", 100),
        ),  # balances in total, but budget and financial apart do not
    ],
)
def test_entries_breaking_double_entry_are_refused(lines):
    with pytest.raises(InvalidEntry):
        entry(*lines)


def test_an_entry_is_dated_in_its_fiscal_year_or_the_settlement_period():
    lines = (ledger.debit("5210", 100), ledger.credit("2110", 100))
    entry(*lines, day=date(2026, 2, 10))  # 출납정리기한
    for day in (date(2026, 2, 11), date(2024, 12, 31)):
        with pytest.raises(InvalidEntry):
            entry(*lines, day=day)
    with pytest.raises(InvalidEntry):
        entry(*lines, day=datetime(2025, 3, 10, 9, 0))  # a business date, not a moment


def test_a_balanced_entry_with_budget_lines_is_accepted():
    made = accepted(budget=True)
    assert made.amount == 2_000_000 and made.kind == "pending"
    assert [(x.account, x.debit, x.credit) for x in made.lines] == [
        ("5210", 1_000_000, 0),
        ("2110", 0, 1_000_000),
        ("9120", 1_000_000, 0),
        ("9130", 0, 1_000_000),
    ]


# -- ids and hashes ----------------------------------------------------------------------------------------------


def test_entry_ids_come_from_the_business_key():
    assert ledger.entry_id("claim-accepted", LG, "C1") == ledger.entry_id("claim-accepted", LG, "C1")
    assert len(ledger.entry_id("x")) == 32
    assert ledger.entry_id("claim-accepted", LG, "C1") != ledger.entry_id("claim-accepted", LG, "C2")
    assert ledger.entry_id("a|b", "c") != ledger.entry_id("a", "b|c")  # parts are not ambiguous
    assert ledger.entry_id("d", date(2025, 1, 2)) == ledger.entry_id("d", "2025-01-02")
    assert accepted().entry_id == accepted().entry_id
    with pytest.raises(ValueError):
        ledger.entry_id()


def test_content_hash_recognises_a_replay_and_nothing_else():
    one = entry(ledger.debit("5210", 100), ledger.credit("2110", 100))
    assert ledger.content_hash(one) == ledger.content_hash(entry(ledger.credit("2110", 100), ledger.debit("5210", 100)))
    assert ledger.content_hash(one) != ledger.content_hash(entry(ledger.debit("5210", 101), ledger.credit("2110", 101)))
    assert ledger.content_hash(one) != ledger.content_hash(entry(ledger.debit("5220", 100), ledger.credit("2110", 100)))
    later = entry(ledger.debit("5210", 100), ledger.credit("2110", 100), day=DAY + timedelta(1))
    assert ledger.content_hash(one) != ledger.content_hash(later)
    assert ledger.content_hash(one) != ledger.content_hash(ledger.pending(one))


# -- reversal ----------------------------------------------------------------------------------------------------


def test_a_reversal_swaps_the_sides_and_nets_to_zero():
    original = ledger.late_interest_entry(lg_code=LG, claim_id="C1", amount=1234, day=DAY)
    assert original is not None
    new_id = ledger.entry_id("reversal", original.entry_id)
    fix = ledger.reversal(original, new_id, DAY + timedelta(days=40), reason="오류")
    assert fix.refs["reverses"] == original.entry_id
    assert [(x.account, x.debit, x.credit) for x in fix.lines] == [("5290", 0, 1234), ("1110", 1234, 0)]
    both = ledger.apply(ledger.apply({}, original), fix)
    assert net(both) == {}
    assert all(b.debit == b.credit == 1234 for b in both.values())  # both stay visible in the columns
    with pytest.raises(InvalidEntry):
        ledger.reversal(accepted(), "R", DAY)  # a pending entry is voided, not reversed
    with pytest.raises(InvalidEntry):
        ledger.reversal(original, "R", DAY - timedelta(days=1))


# -- business events ---------------------------------------------------------------------------------------------


def lines_of(made: JournalEntry) -> list[tuple[str, int, int]]:
    return [(x.account, x.debit, x.credit) for x in made.lines]


def test_the_business_events_lines():
    acc = accepted(expense="5220")
    assert acc.kind == "pending" and lines_of(acc) == [("5220", 1_000_000, 0), ("2110", 0, 1_000_000)]
    paid = ledger.claim_paid(acc, day=DAY + timedelta(days=3))
    assert [op.action for op in paid.ops] == ["post"] and paid.ops[0].pending == acc
    assert lines_of(paid.entries[0]) == [("2110", 1_000_000, 0), ("1110", 0, 1_000_000)]
    assert paid.entries[0].fy == FY and paid.entries[0].kind == "posted"
    assert ledger.claim_returned(acc, day=DAY).action == "void"
    sub = accepted("S1", subsidy=True)
    assert lines_of(sub) == [("5410", 1_000_000, 0), ("1310", 0, 1_000_000)]
    assert ledger.subsidy_executed(sub, day=DAY).action == "post"
    with pytest.raises(InvalidEntry):
        ledger.claim_paid(sub, day=DAY)  # the recipient already has the money
    with pytest.raises(InvalidEntry):
        ledger.subsidy_executed(acc, day=DAY)
    assert lines_of(ledger.late_interest_entry(lg_code=LG, claim_id="C1", amount=50, day=DAY)) == [
        ("5290", 50, 0),
        ("1110", 0, 50),
    ]
    assert ledger.late_interest_entry(lg_code=LG, claim_id="C1", amount=0, day=DAY) is None
    advance = ledger.grant_advance(lg_code=LG, grant_id="G1", amount=9_000, day=DAY, budget=True)
    assert lines_of(advance) == [("1310", 9_000, 0), ("1110", 0, 9_000), ("9120", 9_000, 0), ("9130", 0, 9_000)]
    assert lines_of(ledger.advance_refunded(lg_code=LG, grant_id="G1", amount=10, day=DAY)) == [
        ("1110", 10, 0),
        ("1310", 0, 10),
    ]
    assert lines_of(ledger.revenue_received(lg_code=LG, receipt_id="R1", amount=7, day=DAY, revenue="4310")) == [
        ("1110", 7, 0),
        ("4310", 0, 7),
    ]
    assert lines_of(ledger.budget_authorised(lg_code=LG, fy=FY, line_id="B1", amount=5, day=DAY)) == [
        ("9100", 5, 0),
        ("9110", 0, 5),
    ]
    assert lines_of(ledger.commitment(lg_code=LG, fy=FY, contract_id="K1", amount=5, day=DAY)) == [
        ("9110", 5, 0),
        ("9120", 0, 5),
    ]
    for bad in (0, -1, 1.5):
        with pytest.raises(InvalidEntry):
            accepted(amount=bad)
    with pytest.raises(InvalidEntry):
        accepted(expense="2110")


def test_a_payment_after_new_year_closes_the_previous_years_payable():
    acc = accepted(day=date(2025, 12, 29))
    paid = ledger.claim_paid(acc, day=date(2026, 1, 5))
    assert paid.entries[0].fy == 2025 and paid.ops[0].day == date(2026, 1, 5)
    with pytest.raises(InvalidEntry):
        ledger.claim_paid(acc, day=date(2026, 2, 11))  # after 출납정리기한: the next year's books
    assert ledger.claim_paid(acc, day=date(2025, 12, 30), fy=2025).entries[0].fy == 2025


def test_the_books_stay_right_and_close_to_net_assets():
    book = ledger.Ledger()
    book.record([ledger.revenue_received(lg_code=LG, receipt_id="T1", amount=10_000_000, day=DAY)])
    book.record([ledger.grant_advance(lg_code=LG, grant_id="G1", amount=3_000_000, day=DAY)])
    acc, sub, back = accepted("C1", 2_000_000), accepted("S1", 1_200_000, subsidy=True), accepted("C2", 500_000)
    book.record([acc, sub, back])
    book.write(ledger.claim_paid(acc, day=DAY + timedelta(days=5)))
    book.record(ops=[ledger.subsidy_executed(sub, day=DAY + timedelta(days=6)), ledger.claim_returned(back, day=DAY)])
    book.record([ledger.late_interest_entry(lg_code=LG, claim_id="C1", amount=3_000, day=DAY + timedelta(days=5))])
    balances = {b.account: b for b in book.balances(LG, FY)}
    before = ledger.position(balances)
    assert before.balanced and before.surplus == 10_000_000 - 2_000_000 - 1_200_000 - 3_000
    assert balances["1110"].balance == 10_000_000 - 3_000_000 - 2_000_000 - 3_000  # receipts - expenditure
    assert balances["1310"].balance == 1_800_000  # the advance not yet executed: returned at 정산
    assert balances["2110"].balance == 0
    closing = ledger.closing_entry(lg_code=LG, fy=FY, balances=balances, day=date(2025, 12, 31))
    assert closing is not None
    book.record([closing])
    after = ledger.position(book.balances(LG, FY))
    assert after.revenues == after.expenses == 0
    assert after.assets == after.liabilities + after.net_assets and after.net_assets == before.surplus
    assert ledger.closing_entry(lg_code=LG, fy=FY, balances=book.balances(LG, FY), day=date(2025, 12, 31)) is None


def test_the_reports_read_the_ledgers_trial_balance():
    from shared.domain.settlement import reports

    book = ledger.Ledger()
    book.record(
        [
            ledger.revenue_received(lg_code=LG, receipt_id="T1", amount=900, day=DAY),
            ledger.budget_authorised(lg_code=LG, fy=FY, line_id="B1", amount=5_000, day=DAY),
        ]
    )
    book.write(ledger.claim_paid(accepted("C1", 300), day=DAY) + ledger.LedgerWrite.of(accepted("C1", 300)))
    rows = [reports.StatementLine.from_dict(row) for row in book.trial_balance(LG, FY).to_dict()["rows"]]
    statements = reports.financial_statements(rows)
    assert statements["balanced"] and statements["operations"]["surplus"] == 600
    assert statements["financialPosition"]["assets"] == 600


def test_a_deficit_closes_against_net_assets():
    book = ledger.Ledger()
    # cash that is no revenue (an over-receipt owed back), then an expense: a deficit
    over = {"lg_code": LG, "fy": FY, "kind": "nonTax", "applied": 0, "line_id": "R-1"}
    book.record([ledger.revenue_receipt(receipt_id="P-1", amount=500, day=DAY, **over)])
    book.record([ledger.late_interest_entry(lg_code=LG, claim_id="C1", amount=500, day=DAY)])
    closing = ledger.closing_entry(lg_code=LG, fy=FY, balances=book.balances(LG, FY), day=date(2025, 12, 31))
    assert closing is not None and lines_of(closing) == [("5290", 0, 500), ("3100", 500, 0)]


# -- balances ----------------------------------------------------------------------------------------------------


def test_two_phases_move_amounts_between_the_columns():
    acc = accepted(amount=700)
    reserved = ledger.apply({}, acc)
    assert reserved["5210"] == Balance("5210", 0, 0, 700, 0) and reserved["2110"] == Balance("2110", 0, 0, 0, 700)
    posted = ledger.apply(reserved, acc, "post")
    assert posted["5210"] == Balance("5210", 700, 0, 0, 0) and posted["2110"] == Balance("2110", 0, 700, 0, 0)
    assert all(b.zero for b in ledger.apply(reserved, acc, "void").values())
    with pytest.raises(InvalidEntry):
        ledger.apply({}, entry(ledger.debit("5210", 1), ledger.credit("2110", 1)), "post")


entries_strategy = st.lists(
    st.tuples(
        st.sampled_from(["5110", "5210", "5220", "5410", "1510"]),
        st.integers(1, 10**12),
        st.sampled_from(["2110", "1110", "1310"]),
        st.booleans(),
        st.sampled_from(["record", "post", "void"]),
    ),
    min_size=1,
    max_size=30,
)


@given(entries_strategy)
def test_merged_application_equals_sequential_application(specs):
    sequential: dict[str, Balance] = {}
    deltas = []
    for n, (dr, amount, cr, is_pending, phase) in enumerate(specs):
        made = entry(
            ledger.debit(dr, amount),
            ledger.credit(cr, amount),
            entry_id=f"E{n}",
            kind="pending" if is_pending else "posted",
        )
        chosen = phase if is_pending else "record"
        sequential = ledger.apply(sequential, made, chosen)
        deltas.append(ledger.effects(made, chosen))
    assert ledger.merge(*deltas) == sequential
    assert ledger.trial_balance(sequential).balanced


def test_trial_balance_rows_and_totals():
    receipt = ledger.revenue_received(lg_code=LG, receipt_id="R", amount=900, day=DAY)
    balances = ledger.apply(ledger.apply({}, accepted(amount=300)), receipt)
    tb = ledger.trial_balance(balances)
    assert [r.account for r in tb.rows] == ["1110", "2110", "4110", "5210"]
    assert (tb.total_debit, tb.total_credit, tb.total_pending_debit, tb.total_pending_credit) == (900, 900, 300, 300)
    assert tb.balanced and tb.difference == 0
    row = tb.to_dict()["rows"][0]
    assert row == {
        "account": "1110",
        "name": "현금및현금성자산",
        "type": "asset",
        "debit": 900,
        "credit": 0,
        "balance": 900,
        "pendingDebit": 0,
        "pendingCredit": 0,
    }
    budget = ledger.apply({}, ledger.budget_authorised(lg_code=LG, fy=FY, line_id="B", amount=5, day=DAY))
    assert ledger.trial_balance(budget, include_budget=False).rows == ()


# -- the in-memory ledger: replays, two phases, limits, periods --------------------------------------------------


def test_a_replay_is_a_no_op_and_other_content_a_conflict():
    book = ledger.Ledger()
    acc = accepted()
    assert book.record([acc]).written == [acc.entry_id]
    assert book.record([acc]).replayed == [acc.entry_id]
    assert {b.account: b for b in book.balances(LG, FY)} == ledger.apply({}, acc)
    with pytest.raises(EntryConflict):
        book.record([accepted(amount=999)])
    with pytest.raises(EntryConflict):
        book.record([acc, accepted(amount=999)])  # inside one write too


def test_a_pending_entry_is_posted_or_voided_once():
    book = funded(ledger.Ledger())
    acc = accepted()
    book.record([acc])
    first = book.write(ledger.claim_paid(acc, day=DAY + timedelta(days=1)))
    assert len(first.finalised) == 1
    again = book.write(ledger.claim_paid(acc, day=DAY + timedelta(days=1)))
    assert again.replayed_ops == first.finalised and again.written == []
    with pytest.raises(AlreadyFinal):
        book.record(ops=[ledger.claim_returned(acc, day=DAY + timedelta(days=2))])
    with pytest.raises(AlreadyFinal):
        book.record(ops=[ledger.post(acc, DAY + timedelta(days=2), op_id="another")])
    with pytest.raises(EntryConflict):  # the same post on another day: not a replay
        book.record(ops=[ledger.post(acc, DAY + timedelta(days=2))])
    with pytest.raises(UnknownEntry):
        book.record(ops=[ledger.void(accepted("C9"), DAY)])
    with pytest.raises(AlreadyFinal):
        book.record(ops=[ledger.void(accepted("C8"), DAY), ledger.post(accepted("C8"), DAY)])
    with pytest.raises(InvalidEntry):
        ledger.post(acc, DAY - timedelta(days=1))
    with pytest.raises(InvalidEntry):
        ledger.post(entry(ledger.debit("5210", 1), ledger.credit("2110", 1)), DAY)
    assert book.trial_balance(LG, FY).balanced


def test_an_entry_posted_in_the_same_write_is_folded_into_it():
    book = ledger.Ledger()
    acc = accepted()
    done = book.record([acc], [ledger.claim_returned(acc, day=DAY)])
    assert done.written == [acc.entry_id] and len(done.finalised) == 1
    assert book.entries[acc.key].state == "voided"
    assert book.balances(LG, FY) == []
    assert book.record([acc], [ledger.claim_returned(acc, day=DAY)]).replayed_ops == done.finalised  # replay: unfolded


def test_cash_never_goes_below_zero_whatever_writes_it():
    book = funded(ledger.Ledger(), 1_000)
    acc = accepted("C1", 1_200)
    book.record([acc])
    before = book.balances(LG, FY)
    with pytest.raises(LimitExceeded):  # paying more than the treasury holds
        book.write(ledger.claim_paid(acc, day=DAY))
    assert book.balances(LG, FY) == before  # refused: nothing changed
    funded(book, 200, day=DAY)
    book.write(ledger.claim_paid(acc, day=DAY))  # now exactly what it holds
    cash = {b.account: b for b in book.balances(LG, FY)}["1110"]
    assert (cash.balance, cash.available) == (0, 0)
    with pytest.raises(LimitExceeded):
        book.record([ledger.late_interest_entry(lg_code=LG, claim_id="C1", amount=1, day=DAY)])


def test_budget_accounts_never_go_negative():
    book = ledger.Ledger()
    book.record([ledger.budget_authorised(lg_code=LG, fy=FY, line_id="B1", amount=1_000, day=DAY)])
    book.record([ledger.commitment(lg_code=LG, fy=FY, contract_id="K1", amount=600, day=DAY)])
    with pytest.raises(LimitExceeded):
        book.record([ledger.commitment(lg_code=LG, fy=FY, contract_id="K2", amount=401, day=DAY)])
    book.record([ledger.commitment(lg_code=LG, fy=FY, contract_id="K2", amount=400, day=DAY)])
    big = accepted("C1", 800, budget=True)
    with pytest.raises(LimitExceeded):  # execution beyond the commitments (1000)... with another claim pending
        book.record([big, accepted("C2", 300, budget=True)])
    book.record([big])
    book.record(ops=[ledger.claim_returned(big, day=DAY)])  # voiding releases the reservation
    book.record([accepted("C2", 1_000, budget=True)])
    budget = {b.account: b for b in book.balances(LG, FY)}
    assert budget["9110"].available == 0 and budget["9120"].available == 0
    assert budget["9110"].credit == 1_000 and budget["9120"].credit == 1_000  # authorised, committed
    assert book.trial_balance(LG, FY).balanced


def test_a_closed_period_refuses_back_dated_entries_but_not_replays():
    book = funded(ledger.Ledger())
    march = accepted("C1", day=date(2025, 3, 31))
    book.record([march])
    book.close_period(LG, "2025-03")
    with pytest.raises(PeriodClosed):
        book.record([accepted("C2", day=date(2025, 3, 15))])
    with pytest.raises(PeriodClosed):
        book.record(ops=[ledger.claim_returned(march, day=date(2025, 3, 31))])
    assert book.record([march]).replayed == [march.entry_id]
    book.write(ledger.claim_paid(march, day=date(2025, 4, 1)))  # posting in April is fine
    book.record([accepted("C3", day=date(2025, 4, 1))])
    assert book.trial_balance(LG, FY).balanced


def test_a_finally_closed_fiscal_year_refuses_its_entries_whatever_their_date():
    book = ledger.Ledger()
    december = accepted("C1", day=date(2025, 12, 20))
    book.record([december])
    book.close_period(LG, ledger.fiscal_period(FY))
    with pytest.raises(ledger.FiscalYearClosed):
        book.record([accepted("C2", day=date(2026, 2, 3), fy=FY)])  # in the 출납정리기간, but after the final close
    with pytest.raises(ledger.FiscalYearClosed):
        book.write(ledger.claim_paid(december, day=date(2026, 1, 15)))
    assert book.record([december]).replayed == [december.entry_id]
    book.record([accepted("N1", day=date(2026, 1, 15), fy=FY + 1)])  # the next year is open
    assert book.trial_balance(LG, FY + 1).balanced


def test_trial_balance_as_of_a_day():
    book = funded(ledger.Ledger())
    acc = accepted("C1", 100)
    book.record([acc])
    book.write(ledger.claim_paid(acc, day=DAY + timedelta(days=5)))
    returned = accepted("C2", 40, day=DAY + timedelta(days=1))
    book.record([returned], [ledger.claim_returned(returned, day=DAY + timedelta(days=3))])
    early = book.trial_balance(LG, FY, as_of=DAY + timedelta(days=2))
    assert (early.total_debit, early.total_pending_debit) == (FUND, 140)
    mid = book.trial_balance(LG, FY, as_of=DAY + timedelta(days=4))
    assert (mid.total_debit, mid.total_pending_debit) == (FUND, 100)
    late = book.trial_balance(LG, FY, as_of=DAY + timedelta(days=5))
    assert late == book.trial_balance(LG, FY)
    assert book.trial_balance(LG, FY, as_of=FUNDED_ON - timedelta(days=1)).rows == ()


# -- the property: any sequence keeps the books balanced ---------------------------------------------------------


class LedgerMachine(RuleBasedStateMachine):
    """Accepts, returns, payments, subsidy executions, interest and replays of any earlier write, in any order."""

    @initialize()
    def start(self):
        self.book = funded(ledger.Ledger(), 10**14, DAY)  # more than every claim and advance the rules can make
        self.writes: list[ledger.LedgerWrite] = []
        self.claims: dict[str, JournalEntry] = {}
        self.known: dict[str, str] = {}  # entry id -> content hash
        self.final: dict[str, str] = {}  # entry id -> the op id that made it final
        self.finalisations: dict[str, int] = {}
        self.day = DAY

    def _do(self, write: ledger.LedgerWrite) -> ledger.Recorded:
        before = self.book.balances(LG, FY)
        try:
            done = self.book.write(write)
        except (AlreadyFinal, EntryConflict, PeriodClosed):
            assert self.book.balances(LG, FY) == before  # a refused write changes nothing
            raise
        self.writes.append(write)
        for op in write.ops:
            if op.op_id in done.finalised:
                self.finalisations[op.pending.entry_id] = self.finalisations.get(op.pending.entry_id, 0) + 1
                self.final[op.pending.entry_id] = op.op_id
        return done

    def _record_new(self, made: JournalEntry) -> bool:
        """Record a new entry: one with a known id and other content must be refused as a conflict."""
        known = self.known.get(made.entry_id)
        if known is not None and known != ledger.content_hash(made):
            with pytest.raises(EntryConflict):
                self._do(ledger.LedgerWrite.of(made))
            return False
        self._do(ledger.LedgerWrite.of(made))
        self.known[made.entry_id] = ledger.content_hash(made)
        return True

    @rule(claim=st.integers(0, 9), amount=st.integers(1, 10**10), subsidy=st.booleans())
    def accept(self, claim, amount, subsidy):
        made = accepted(f"C{claim}", amount, subsidy=subsidy, day=self.day)
        if self._record_new(made):
            self.claims[made.refs["claimId"]] = made

    def _settle(self, claim: int, write_of):
        acc = self.claims.get(f"C{claim}")
        if acc is None:
            return
        write = write_of(acc)
        op = write.ops[0]
        if acc.entry_id in self.final and self.final[acc.entry_id] != op.op_id:
            with pytest.raises(AlreadyFinal):
                self._do(write)
        elif acc.entry_id in self.final:
            done = self._do(write)  # the same post or void again: a replay
            assert done.finalised == [] and done.written == []
        else:
            self._do(write)

    @rule(claim=st.integers(0, 9))
    def pay_or_execute(self, claim):
        def settle(acc: JournalEntry) -> ledger.LedgerWrite:
            if acc.refs["claimKind"] == "subsidy":
                return ledger.LedgerWrite.of(ledger.subsidy_executed(acc, day=acc.day))
            return ledger.claim_paid(acc, day=acc.day)

        self._settle(claim, settle)

    @rule(claim=st.integers(0, 9))
    def give_back(self, claim):
        self._settle(claim, lambda acc: ledger.LedgerWrite.of(ledger.claim_returned(acc, day=acc.day)))

    @rule(claim=st.integers(0, 9), amount=st.integers(0, 10**6))
    def interest(self, claim, amount):
        made = ledger.late_interest_entry(lg_code=LG, claim_id=f"C{claim}", amount=amount, day=self.day)
        if made is not None:
            self._record_new(made)

    @rule(amount=st.integers(1, 10**10), tranche=st.integers(0, 3))
    def advance(self, amount, tranche):
        self._record_new(
            ledger.grant_advance(lg_code=LG, grant_id="G1", tranche=str(tranche), amount=amount, day=self.day)
        )

    @precondition(lambda self: self.writes)
    @rule(data=st.data())
    def replay(self, data):
        write = data.draw(st.sampled_from(self.writes))
        before = self.book.balances(LG, FY)
        done = self.book.write(write)
        assert done.written == [] and done.finalised == []
        assert self.book.balances(LG, FY) == before

    @rule()
    def next_day(self):
        self.day += timedelta(days=1)

    @invariant()
    def every_entry_balances(self):
        for stored in self.book.entries.values():
            lines = stored.entry.lines
            assert sum(x.debit for x in lines) == sum(x.credit for x in lines)

    @invariant()
    def trial_balance_has_no_difference(self):
        tb = self.book.trial_balance(LG, FY)
        assert tb.difference == 0 and tb.balanced
        assert ledger.position(self.book.balances(LG, FY)).balanced

    @invariant()
    def balances_are_the_sum_of_the_entries(self):
        recomputed = ledger.balances_as_of(self.book.entries.values(), date(FY + 1, 2, 10))
        assert {b.account: b for b in self.book.balances(LG, FY)} == recomputed

    @invariant()
    def pending_is_final_at_most_once(self):
        assert all(count == 1 for count in self.finalisations.values())
        for stored in self.book.entries.values():
            assert (stored.state == "pending") == (stored.entry.kind == "pending" and stored.final_by is None)


TestLedgerMachine = LedgerMachine.TestCase
TestLedgerMachine.settings = settings(max_examples=75, stateful_step_count=40, deadline=None)
