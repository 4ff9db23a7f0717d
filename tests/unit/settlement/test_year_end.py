"""The year's closing entry and the next year's opening balances, on the in-memory ledger: what a closed year
leaves is what the next year opens with, for any year the postings can make."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.settlement import ledger

LG = "11110"


def a_year(book: ledger.Ledger, received: int, paid: int, written_off: int = 0) -> None:
    """2026 as the postings make it: 교부세 received, a claim accepted and paid, 재산세 assessed and part of it
    written off."""
    book.record([ledger.revenue_received(lg_code=LG, receipt_id="R-1", amount=received, day=date(2026, 3, 2))])
    accepted = ledger.claim_accepted(lg_code=LG, claim_id="C-1", amount=paid, day=date(2026, 5, 4))
    book.record([accepted])
    book.write(ledger.claim_paid(accepted, day=date(2026, 5, 11)))
    if written_off:
        tax = {"lg_code": LG, "fy": 2026, "kind": "localTax", "line_id": "R-110"}
        book.record([ledger.revenue_assessed(assessment_id="A-1", amount=written_off * 2, day=date(2026, 6, 1), **tax)])
        book.record([ledger.revenue_written_off(write_off_id="W-1", amount=written_off, day=date(2026, 12, 1), **tax)])


def close(book: ledger.Ledger) -> tuple[ledger.JournalEntry | None, ledger.JournalEntry | None]:
    closed = {b.account: b for b in book.balances(LG, 2026)}
    closing = ledger.closing_entry(lg_code=LG, fy=2026, balances=closed, day=date(2026, 12, 31))
    opening = ledger.opening_entry(lg_code=LG, fy=2026, closed=closed, closing=closing)
    book.record([e for e in (closing, opening) if e is not None])
    return closing, opening


def posted(book: ledger.Ledger, fy: int, budget: bool = False) -> dict[str, int]:
    rows = book.trial_balance(LG, fy).rows
    return {r.account: r.debit - r.credit for r in rows if r.debit != r.credit and (budget or r.type != "budget")}


@settings(max_examples=40, deadline=None)
@given(paid=st.integers(1, 10**9), left=st.integers(0, 10**9))
def test_the_next_year_opens_with_the_closed_years_balance_sheet(paid: int, left: int) -> None:
    received = paid + left  # cash never goes below zero: a year pays at most what it received
    book = ledger.Ledger()
    a_year(book, received, paid)
    close(book)

    closed = posted(book, 2026)
    assert not any(ledger.account(code).type in ("revenue", "expense") for code in closed)  # emptied into 3100
    assert posted(book, 2027) == closed  # the balance sheet, as the closed year leaves it
    assert closed.get("3100", 0) == -(received - paid)  # 순자산 = the year's surplus (credit side)
    assert sum(posted(book, 2027).values()) == 0


def test_receivables_and_net_assets_carry_and_the_opening_is_dated_1_january() -> None:
    book = ledger.Ledger()
    a_year(book, 5_000_000, 3_000_000, written_off=100_000)
    closing, opening = close(book)

    assert closing is not None and closing.day == date(2026, 12, 31)
    assert opening is not None and (opening.fy, opening.day) == (2027, date(2027, 1, 1))
    assert posted(book, 2027) == {"1110": 2_000_000, "1210": 100_000, "3100": -2_100_000}


def test_year_end_entries_are_written_into_closed_months_but_not_into_a_closed_year() -> None:
    """A month close locks the month's transactions, not the 결산 made after it (our reading)."""
    book = ledger.Ledger()
    a_year(book, 1_000_000, 400_000)
    book.close_period(LG, "2026-12")
    book.close_period(LG, "2027-01")
    with pytest.raises(ledger.PeriodClosed):  # an ordinary entry of December is refused
        book.record([ledger.revenue_received(lg_code=LG, receipt_id="R-9", amount=1, day=date(2026, 12, 31))])
    close(book)
    assert posted(book, 2027)["1110"] == 600_000
    book.close_period(LG, "FY2027")
    closed = {b.account: b for b in book.balances(LG, 2026)}
    again = ledger.opening_entry(lg_code=LG, fy=2026, closed=closed, closing=None)
    assert again is not None
    with pytest.raises(ledger.FiscalYearClosed):
        refs = {"opening": "2027"}
        book.record([ledger.JournalEntry("opening-2", LG, 2027, date(2027, 1, 1), "기초", again.lines, refs=refs)])


def test_the_year_before_its_closing_entry_is_read_back_exactly() -> None:
    book = ledger.Ledger()
    a_year(book, 1_000_000, 400_000)
    before = {b.account: b for b in book.balances(LG, 2026)}
    closing, _ = close(book)
    assert closing is not None
    after = {b.account: b for b in book.balances(LG, 2026)}
    assert ledger.without(after, closing) == before


def test_a_balance_sheet_that_does_not_balance_is_not_carried() -> None:
    closed = {"1110": ledger.Balance("1110", debit=100), "3100": ledger.Balance("3100", credit=90)}
    with pytest.raises(ledger.InvalidEntry):
        ledger.opening_entry(lg_code=LG, fy=2026, closed=closed, closing=None)
