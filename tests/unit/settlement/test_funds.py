"""회계 (funds) in the ledger: each keeps its own balances and its own cash, a transfer between two is two entries
eliminated in the LG's total, and each closes and opens the next year on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.settlement import ledger
from shared.domain.settlement.ledger import GENERAL_FUND, EntryConflict, LimitExceeded

LG, FY = "11110", 2026
WATER = "상수도사업특별회계"


def received(book: ledger.Ledger, receipt: str, amount: int, fund: str = GENERAL_FUND, day=date(2026, 2, 2)) -> None:
    book.record([ledger.revenue_received(lg_code=LG, receipt_id=receipt, amount=amount, day=day, fund=fund)])


def paid(book: ledger.Ledger, claim: str, amount: int, fund: str = GENERAL_FUND, day=date(2026, 3, 3)) -> None:
    accepted = ledger.claim_accepted(lg_code=LG, claim_id=claim, amount=amount, day=day, fund=fund)
    book.record([accepted])
    book.write(ledger.claim_paid(accepted, day=day))


def cash(book: ledger.Ledger, fund: str | None) -> int:
    return sum(b.debit - b.credit for b in book.balances(LG, FY, fund) if b.account == ledger.CASH)


def test_each_fund_keeps_its_own_balances_and_the_total_adds_them_up():
    book = ledger.Ledger()
    received(book, "R-1", 5_000_000)
    received(book, "R-2", 2_000_000, WATER)
    paid(book, "C-1", 1_500_000, WATER)
    assert cash(book, GENERAL_FUND) == 5_000_000
    assert cash(book, WATER) == 500_000
    assert cash(book, None) == 5_500_000
    assert set(book.books(LG, FY)) == {GENERAL_FUND, WATER}
    for balances in [*book.books(LG, FY).values(), ledger.consolidated(book.books(LG, FY))]:
        assert ledger.position(balances).balanced


def test_a_fund_cannot_spend_another_funds_cash():
    """The 특별회계 has no cash of its own: the 일반회계's 5,000,000 does not pay its claim."""
    book = ledger.Ledger()
    received(book, "R-1", 5_000_000)
    accepted = ledger.claim_accepted(lg_code=LG, claim_id="C-1", amount=1_000, day=date(2026, 3, 3), fund=WATER)
    book.record([accepted])
    before = book.books(LG, FY)
    with pytest.raises(LimitExceeded):
        book.write(ledger.claim_paid(accepted, day=date(2026, 3, 4)))
    assert book.books(LG, FY) == before
    # the payment lands in the claim's own 회계: paid once the 특별회계 has received
    received(book, "R-2", 1_000, WATER)
    book.write(ledger.claim_paid(accepted, day=date(2026, 3, 4)))
    assert cash(book, WATER) == 0 and cash(book, GENERAL_FUND) == 5_000_000


def test_an_entry_in_another_fund_is_another_entry():
    """The same id in another 회계 is not a replay: it conflicts. The 일반회계 is named in no hash, so what was
    recorded before 회계 were kept apart replays as it did."""
    entry = ledger.revenue_received(lg_code=LG, receipt_id="R-1", amount=100, day=date(2026, 2, 2))
    book = ledger.Ledger()
    book.record([entry])
    assert book.record([entry]).replayed == [entry.entry_id]
    with pytest.raises(EntryConflict):
        book.record([replace(entry, fund=WATER)])
    assert ledger.content_hash(entry) != ledger.content_hash(replace(entry, fund=WATER))


def test_a_transfer_between_funds_is_eliminated_in_the_total():
    book = ledger.Ledger()
    received(book, "R-1", 10_000_000)
    budget = ledger.budget_authorised(lg_code=LG, fy=FY, line_id="L-701", amount=4_000_000, day=date(2026, 1, 2))
    book.record([budget])
    transfer = ledger.fund_transfer(
        lg_code=LG, transfer_id="T-1", source=GENERAL_FUND, target=WATER, amount=3_000_000, day=date(2026, 4, 1), fy=FY
    )
    book.write(transfer)
    books = book.books(LG, FY)
    assert cash(book, GENERAL_FUND) == 7_000_000 and cash(book, WATER) == 3_000_000
    assert books[GENERAL_FUND][ledger.TRANSFER_OUT].balance == 3_000_000
    assert books[WATER][ledger.TRANSFER_IN].balance == 3_000_000
    assert books[GENERAL_FUND][ledger.EXPENDED].credit == 3_000_000  # the 전출금 is the line's execution
    total = ledger.consolidated(books)
    assert ledger.TRANSFER_IN not in total and ledger.TRANSFER_OUT not in total
    assert total[ledger.CASH].balance == 10_000_000
    assert ledger.internal_difference(books) == 0
    assert all(ledger.position(b).balanced for b in (*books.values(), total))


def test_a_transfer_needs_the_source_funds_cash_and_budget():
    book = ledger.Ledger()
    received(book, "R-1", 1_000, WATER)
    book.record([ledger.budget_authorised(lg_code=LG, fy=FY, line_id="L", amount=10**9, day=date(2026, 1, 2))])
    with pytest.raises(LimitExceeded):  # the 일반회계 has no cash
        book.write(
            ledger.fund_transfer(
                lg_code=LG, transfer_id="T-1", source=GENERAL_FUND, target=WATER, amount=1, day=date(2026, 4, 1), fy=FY
            )
        )
    with pytest.raises(LimitExceeded):  # the 특별회계 has the cash but no budget line for a 전출금
        book.write(
            ledger.fund_transfer(
                lg_code=LG, transfer_id="T-2", source=WATER, target=GENERAL_FUND, amount=1, day=date(2026, 4, 1), fy=FY
            )
        )
    with pytest.raises(ledger.InvalidEntry):
        ledger.fund_transfer(
            lg_code=LG, transfer_id="T-3", source=WATER, target=WATER, amount=1, day=date(2026, 4, 1), fy=FY
        )


def close_year(book: ledger.Ledger) -> dict[str, ledger.JournalEntry]:
    openings = {}
    for fund, closed in book.books(LG, FY).items():
        closing = ledger.closing_entry(lg_code=LG, fy=FY, balances=closed, day=date(2026, 12, 31), fund=fund)
        opening = ledger.opening_entry(lg_code=LG, fy=FY, closed=closed, closing=closing, fund=fund)
        book.record([e for e in (closing, opening) if e is not None])
        if opening is not None:
            openings[fund] = opening
    return openings


def test_each_fund_closes_and_opens_the_next_year_on_its_own():
    book = ledger.Ledger()
    received(book, "R-1", 5_000_000)
    received(book, "R-2", 2_000_000, WATER)
    paid(book, "C-1", 1_500_000, WATER)
    openings = close_year(book)
    assert set(openings) == {GENERAL_FUND, WATER}
    assert len({o.entry_id for o in openings.values()}) == 2
    after = book.books(LG, FY)
    for fund, opening in openings.items():
        closed = {c: b.debit - b.credit for c, b in after[fund].items() if ledger.CHART[c].type != "budget"}
        opened = {c: b.debit - b.credit for c, b in ledger.effects(opening).items()}
        assert opened == {c: v for c, v in closed.items() if v}  # 기초 = 기말, per 회계
    assert cash(book, WATER) == 500_000
    assert {b.account: b.balance for b in book.balances(LG, FY + 1, WATER)} == {"1110": 500_000, "3100": 500_000}


events = st.lists(
    st.tuples(
        st.sampled_from(["receive", "pay", "transfer"]),
        st.sampled_from([GENERAL_FUND, WATER]),
        st.integers(min_value=1, max_value=5_000_000),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(events)
def test_any_year_in_two_funds_keeps_each_funds_cash_and_balance(steps):
    """For any sequence of receipts, payments and transfers in two 회계: each 회계's cash never goes below zero (what
    it cannot pay is refused and changes nothing), each balances on its own and so does the total, the internal
    accounts cancel, and each opens the next year with what it closed with."""
    book = ledger.Ledger()
    book.record(
        [
            ledger.budget_authorised(lg_code=LG, fy=FY, line_id=f"L-{f}", amount=10**12, day=date(2026, 1, 2), fund=f)
            for f in (GENERAL_FUND, WATER)
        ]
    )
    for n, (kind, fund, amount) in enumerate(steps):
        other = WATER if fund == GENERAL_FUND else GENERAL_FUND
        try:
            if kind == "receive":
                received(book, f"R-{n}", amount, fund)
            elif kind == "pay":
                paid(book, f"C-{n}", amount, fund)
            else:
                book.write(
                    ledger.fund_transfer(
                        lg_code=LG,
                        transfer_id=f"T-{n}",
                        source=fund,
                        target=other,
                        amount=amount,
                        day=date(2026, 5, 1),
                        fy=FY,
                    )
                )
        except LimitExceeded:
            pass
        for f in (GENERAL_FUND, WATER):
            assert cash(book, f) >= 0
    books = book.books(LG, FY)
    assert ledger.internal_difference(books) == 0
    assert all(ledger.position(b).balanced for b in (*books.values(), ledger.consolidated(books)))
    openings = close_year(book)
    for fund, opening in openings.items():
        assert ledger.effects(opening).get(ledger.CASH, ledger.Balance(ledger.CASH)).debit == cash(book, fund)
