"""The books of any year, per 회계, against a model of the records kept apart from the ledger (hypothesis): for any
sequence of assessments, receipts, write-offs, acceptances, payments and a final close,

- 징수결정액 = 수납액 + 불납결손액 + 미수납액, and the ledger's receivable is the model's 미수납액;
- cash never goes below zero (a payment the 회계's cash cannot cover is refused and changes nothing);
- 지출액 (9130) = the cash paid for claims;
- the statements (full accrual) balance: assets = liabilities + net assets, each 회계 and the total;
- the next year opens with what the year closed with (기초 = 기말), line by line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.settlement import ledger
from shared.domain.settlement.ledger import GENERAL_FUND, LimitExceeded
from shared.domain.settlement.reports import financial_statements

LG, FY = "11110", 2026
WATER = "상수도사업특별회계"
FUNDS = (GENERAL_FUND, WATER)
DAY = date(2026, 6, 1)


@dataclass
class Records:
    """What the revenue and payment records say, per 회계: kept by the test, never read from the ledger."""

    assessed: dict[str, int] = field(default_factory=dict)
    received: dict[str, int] = field(default_factory=dict)
    written_off: dict[str, int] = field(default_factory=dict)
    outstanding: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # assessment id, what is left
    accepted: dict[str, list[ledger.JournalEntry]] = field(default_factory=dict)  # accepted, unpaid
    paid: dict[str, int] = field(default_factory=dict)
    cash: dict[str, int] = field(default_factory=dict)

    def add(self, book: dict[str, int], fund: str, amount: int) -> None:
        book[fund] = book.get(fund, 0) + amount


steps = st.lists(
    st.tuples(
        st.sampled_from(["assess", "receive", "write-off", "accept", "pay"]),
        st.sampled_from(FUNDS),
        st.integers(min_value=1, max_value=3_000_000),
    ),
    max_size=30,
)


def _apply(book: ledger.Ledger, records: Records, n: int, kind: str, fund: str, amount: int) -> None:
    open_items = records.outstanding.setdefault(fund, [])
    if kind == "assess":
        book.record(
            [
                ledger.revenue_assessed(
                    lg_code=LG,
                    fy=FY,
                    assessment_id=f"A-{n}",
                    kind="localTax",
                    amount=amount,
                    day=DAY,
                    line_id="R-1",
                    fund=fund,
                )
            ]
        )
        records.add(records.assessed, fund, amount)
        open_items.append((f"A-{n}", amount))
    elif kind in ("receive", "write-off") and open_items:
        assessment, left = open_items.pop(0)
        part = min(amount, left)
        if kind == "receive":
            entry = ledger.revenue_receipt(
                lg_code=LG,
                fy=FY,
                receipt_id=f"P-{n}",
                kind="localTax",
                amount=part,
                applied=part,
                day=DAY,
                line_id="R-1",
                fund=fund,
            )
            records.add(records.received, fund, part)
            records.add(records.cash, fund, part)
        else:
            entry = ledger.revenue_written_off(
                lg_code=LG,
                fy=FY,
                write_off_id=f"W-{n}",
                kind="localTax",
                amount=part,
                day=DAY,
                line_id="R-1",
                fund=fund,
            )
            records.add(records.written_off, fund, part)
        book.record([entry])
        if left > part:
            open_items.insert(0, (assessment, left - part))
    elif kind == "accept":
        committed = ledger.claim_committed(
            lg_code=LG, fy=FY, claim_id=f"C-{n}", line_id="L-1", amount=amount, day=DAY, fund=fund
        )
        accepted = ledger.claim_accepted(lg_code=LG, claim_id=f"C-{n}", amount=amount, day=DAY, budget=True, fund=fund)
        book.record([committed, accepted])
        records.accepted.setdefault(fund, []).append(accepted)
    elif kind == "pay" and records.accepted.get(fund):
        accepted = records.accepted[fund][0]
        try:
            book.write(ledger.claim_paid(accepted, day=DAY))
        except LimitExceeded:  # the 회계's cash does not cover it: it waits, nothing changed
            return
        records.accepted[fund].pop(0)
        payable = accepted.credited(ledger.PAYABLE)
        records.add(records.paid, fund, payable)
        records.add(records.cash, fund, -payable)


@settings(max_examples=80, deadline=None)
@given(steps)
def test_any_year_keeps_the_books_true_per_fund(sequence):
    book = ledger.Ledger()
    book.record(
        [
            ledger.budget_authorised(lg_code=LG, fy=FY, line_id=f"L-{f}", amount=10**12, day=date(2026, 1, 2), fund=f)
            for f in FUNDS
        ]
    )
    records = Records()
    for n, (kind, fund, amount) in enumerate(sequence):
        _apply(book, records, n, kind, fund, amount)
        for f in FUNDS:
            balances = book.books(LG, FY).get(f, {})
            assert (balances[ledger.CASH].balance if ledger.CASH in balances else 0) >= 0
    books = {f: ledger.recognised(b) for f, b in book.books(LG, FY).items()}
    for f in FUNDS:
        balances = books.get(f, {})

        def balance(code: str, balances: dict[str, ledger.Balance] = balances) -> int:
            return balances[code].balance if code in balances else 0

        outstanding = sum(left for _, left in records.outstanding.get(f, []))
        assessed = records.assessed.get(f, 0)
        assert assessed == records.received.get(f, 0) + records.written_off.get(f, 0) + outstanding
        assert balance("1210") == outstanding
        assert balance(ledger.CASH) == records.cash.get(f, 0) >= 0
        raw = book.books(LG, FY).get(f, {})
        assert (raw[ledger.EXPENDED].credit if ledger.EXPENDED in raw else 0) == records.paid.get(f, 0)  # 지출액
        unpaid = sum(e.credited(ledger.PAYABLE) for e in records.accepted.get(f, []))
        assert balance(ledger.PAYABLE) == unpaid  # accepted, not paid: a liability in the statements
        statements = financial_statements(ledger.trial_balance(balances, include_budget=False).rows)
        assert statements["balanced"]
    total = financial_statements(ledger.trial_balance(ledger.consolidated(books), include_budget=False).rows)
    assert total["balanced"]
    # the final close, per 회계: the next year opens with what this one closed with, line by line
    for f, closed in books.items():
        closing = ledger.closing_entry(lg_code=LG, fy=FY, balances=closed, day=date(2026, 12, 31), fund=f)
        opening = ledger.opening_entry(lg_code=LG, fy=FY, closed=closed, closing=closing, fund=f)
        book.record([e for e in (closing, opening) if e is not None])
        after = ledger.recognised(book.books(LG, FY)[f])
        kept = {
            c: b.debit - b.credit
            for c, b in after.items()
            if ledger.CHART[c].type in ("asset", "liability", "net_assets") and b.debit != b.credit
        }
        opened = {b.account: b.debit - b.credit for b in book.balances(LG, FY + 1, f) if b.debit != b.credit}
        assert opened == kept
        closed_statements = financial_statements(ledger.trial_balance(closed, include_budget=False).rows)
        assert opened.get(ledger.NET_ASSETS, 0) == -closed_statements["changesInNetAssets"]["closing"]
