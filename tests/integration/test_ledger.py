"""The ledger on DynamoDB (moto): entries and balances in one transaction, replays, two phases, closed periods,
budget limits, and writes larger than one transaction; checked against the in-memory ledger."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from shared.domain.settlement import ledger
from shared.domain.settlement.ledger import AlreadyFinal, EntryConflict, LimitExceeded, PeriodClosed, UnknownEntry
from tests.conftest import LG_CODE

FY = 2025
DAY = date(2025, 3, 10)


@pytest.fixture
def repo(aws):
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.ledger_repository import LedgerRepository

    return LedgerRepository(settings().settlement_table, settings().region)


@pytest.fixture
def sizes(repo, monkeypatch) -> list[int]:
    """The number of items of every TransactWriteItems the repository sends."""
    sent: list[int] = []
    original = repo.connection.transact_write_items

    def spy(condition_check_items, delete_items, put_items, update_items, **kw):
        sent.append(len(condition_check_items) + len(delete_items) + len(put_items) + len(update_items))
        return original(condition_check_items, delete_items, put_items, update_items, **kw)

    monkeypatch.setattr(repo.connection, "transact_write_items", spy)
    return sent


def accepted(claim: str, amount: int = 1_000_000, day: date = DAY, **kw) -> ledger.JournalEntry:
    return ledger.claim_accepted(lg_code=LG_CODE, claim_id=claim, amount=amount, day=day, **kw)


def fund(repo, amount: int = 10**9, day: date = date(2025, 1, 6)) -> None:
    """Cash in the treasury (교부세 received) for the payments to come: the ledger refuses cash below zero."""
    repo.record([ledger.revenue_received(lg_code=LG_CODE, receipt_id=f"FUND-{day}", amount=amount, day=day)])


def balances(repo) -> dict[str, ledger.Balance]:
    return {b.account: b for b in repo.balances(LG_CODE, FY)}


def test_entries_and_balances_are_written_in_one_transaction(repo, sizes):
    one, two = accepted("C1", 700), accepted("C2", 300, expense="5220")
    done = repo.record([one, two])
    assert done.written == [one.entry_id, two.entry_id] and done.transactions == 1
    assert sizes == [2 + 2 + 3]  # the month's and the fiscal year's checks, two puts, three accounts (5210, 5220, 2110)
    assert balances(repo) == {
        "5210": ledger.Balance("5210", pending_debit=700),
        "5220": ledger.Balance("5220", pending_debit=300),
        "2110": ledger.Balance("2110", pending_credit=1000),
    }
    stored = repo.entry(LG_CODE, FY, one.entry_id)
    assert stored is not None and stored.entry == one and stored.state == "pending"
    assert stored.content_hash == ledger.content_hash(one)


def test_a_refused_transaction_writes_nothing(repo):
    repo.record([ledger.budget_authorised(lg_code=LG_CODE, fy=FY, line_id="B1", amount=1_000, day=DAY)])
    before = balances(repo)
    over = ledger.commitment(lg_code=LG_CODE, fy=FY, contract_id="K1", amount=1_001, day=DAY)
    with pytest.raises(LimitExceeded, match="9110"):
        repo.record([accepted("C1"), over])
    assert balances(repo) == before
    assert repo.entry(LG_CODE, FY, accepted("C1").entry_id) is None
    repo.record([ledger.commitment(lg_code=LG_CODE, fy=FY, contract_id="K1", amount=1_000, day=DAY)])
    assert balances(repo)["9110"].available == 0


def test_a_replay_is_a_no_op(repo):
    one = accepted("C1")
    repo.record([one])
    before = balances(repo)
    again = repo.record([one])
    assert again.written == [] and again.replayed == [one.entry_id]
    assert balances(repo) == before


def test_a_partly_replayed_batch_records_only_the_new_entries(repo):
    old = [accepted(f"C{n}", 1_000 + n) for n in range(3)]
    repo.record(old)
    new = [accepted(f"C{n}", 1_000 + n) for n in range(3, 6)]
    done = repo.record(old[1:] + new)
    assert sorted(done.written) == sorted(e.entry_id for e in new)
    assert sorted(done.replayed) == sorted(e.entry_id for e in old[1:])
    assert done.reads == 1 and done.transactions == 2  # refused once, then the new ones
    assert balances(repo)["2110"].pending_credit == sum(1_000 + n for n in range(6))


def test_the_same_id_with_other_content_is_a_conflict(repo):
    repo.record([accepted("C1", 1_000)])
    before = balances(repo)
    with pytest.raises(EntryConflict):
        repo.record([accepted("C2", 5), accepted("C1", 2_000)])
    assert balances(repo) == before
    assert repo.entry(LG_CODE, FY, accepted("C2", 5).entry_id) is None  # all or nothing


def test_a_pending_entry_is_posted_or_voided_once(repo):
    fund(repo)
    one, two = accepted("C1", 1_000), accepted("C2", 400)
    repo.record([one, two])
    paid = ledger.claim_paid(one, day=DAY + timedelta(days=2))
    assert repo.write(paid).finalised == [paid.ops[0].op_id]
    assert repo.write(paid).replayed_ops == [paid.ops[0].op_id]  # the payment replayed: nothing again
    with pytest.raises(AlreadyFinal):
        repo.record(ops=[ledger.claim_returned(one, day=DAY + timedelta(days=3))])
    with pytest.raises(AlreadyFinal):
        repo.post(LG_CODE, FY, one.entry_id, DAY + timedelta(days=3), op_id="a second payment")
    repo.void(LG_CODE, FY, two.entry_id, DAY + timedelta(days=1))
    with pytest.raises(AlreadyFinal):
        repo.record(ops=[ledger.post(two, DAY + timedelta(days=1))])
    with pytest.raises(UnknownEntry):
        repo.void(LG_CODE, FY, "nothing", DAY)
    with pytest.raises(UnknownEntry):
        repo.record(ops=[ledger.void(accepted("C9"), DAY)])
    assert balances(repo) == {
        "4110": ledger.Balance("4110", credit=10**9),  # the fund
        "5210": ledger.Balance("5210", debit=1_000),
        "2110": ledger.Balance("2110", 1_000, 1_000),
        "1110": ledger.Balance("1110", 10**9, credit=1_000),
    }
    assert repo.entry(LG_CODE, FY, two.entry_id).state == "voided"
    stored = repo.entry(LG_CODE, FY, one.entry_id)
    assert (stored.state, stored.final_day, stored.final_by) == ("posted", DAY + timedelta(days=2), paid.ops[0].op_id)


def test_a_new_entry_and_its_void_in_one_write(repo):
    one = accepted("C1")
    repo.record([one], [ledger.claim_returned(one, day=DAY)])
    assert repo.entry(LG_CODE, FY, one.entry_id).state == "voided"
    assert balances(repo) == {}
    again = repo.record([one], [ledger.claim_returned(one, day=DAY)])
    assert again.replayed == [one.entry_id] and len(again.replayed_ops) == 1


def test_cash_never_goes_below_zero_and_a_refused_payment_writes_nothing(repo):
    fund(repo, 1_000)
    claim = accepted("C1", 1_200)
    repo.record([claim])
    before = balances(repo)
    with pytest.raises(LimitExceeded, match="1110"):
        repo.write(ledger.claim_paid(claim, day=DAY))
    assert balances(repo) == before and repo.entry(LG_CODE, FY, ledger.entry_id("claim-paid", LG_CODE, "C1")) is None
    fund(repo, 200, day=DAY)
    repo.write(ledger.claim_paid(claim, day=DAY))
    assert balances(repo)["1110"].balance == 0


def test_a_closed_period_refuses_back_dated_entries(repo):
    fund(repo)
    march = accepted("C1", day=date(2025, 3, 31))
    repo.record([march])
    assert repo.close_period(LG_CODE, "2025-03", closed_by="official") is True
    assert repo.close_period(LG_CODE, "2025-03") is False
    assert repo.closed_periods(LG_CODE) == ["2025-03"]
    with pytest.raises(PeriodClosed, match="2025-03"):
        repo.record([accepted("C2", day=date(2025, 3, 15)), accepted("C3", day=date(2025, 4, 1))])
    assert repo.entry(LG_CODE, FY, accepted("C3", day=date(2025, 4, 1)).entry_id) is None
    with pytest.raises(PeriodClosed):
        repo.record(ops=[ledger.claim_returned(march, day=date(2025, 3, 31))])
    assert repo.record([march]).replayed == [march.entry_id]  # recorded before the close: still a replay
    repo.write(ledger.claim_paid(march, day=date(2025, 4, 2)))  # paid in April: fine
    assert repo.trial_balance(LG_CODE, FY).balanced
    repo.close_period("26110", "2025-04")  # another LG's close changes nothing here
    repo.record([accepted("C4", day=date(2025, 4, 3))])
    with pytest.raises(ValueError):
        repo.close_period(LG_CODE, "2025-13")


def test_a_finally_closed_fiscal_year_refuses_every_entry_of_it_whatever_its_date(repo):
    fund(repo)
    paid_late = accepted("C1", day=date(2025, 12, 20))
    repo.record([paid_late])
    repo.write(ledger.claim_paid(paid_late, day=date(2026, 1, 15)))  # in the 출납정리기간: still FY 2025's
    assert repo.close_period(LG_CODE, "FY2025", closed_by="settlement:final") is True
    assert repo.closed_periods(LG_CODE) == ["FY2025"]
    for late in (accepted("C2", day=date(2026, 2, 3), fy=FY), accepted("C3", day=date(2025, 6, 1))):
        with pytest.raises(ledger.FiscalYearClosed, match="FY2025"):
            repo.record([late])
        assert repo.entry(LG_CODE, FY, late.entry_id) is None
    assert repo.record([paid_late]).replayed == [paid_late.entry_id]  # recorded before the close: a replay
    # the next fiscal year's January is open: its entries are that year's
    repo.record([accepted("N1", day=date(2026, 1, 15), fy=FY + 1)])
    assert repo.trial_balance(LG_CODE, FY + 1).balanced


def test_trial_balance_balances_now_and_as_of_a_day(repo):
    repo.record([ledger.revenue_received(lg_code=LG_CODE, receipt_id="T1", amount=50_000, day=DAY)])
    one, sub = accepted("C1", 10_000), accepted("S1", 2_000, subsidy=True)
    repo.record([ledger.grant_advance(lg_code=LG_CODE, grant_id="G1", amount=6_000, day=DAY), one, sub])
    interest = ledger.late_interest_entry(lg_code=LG_CODE, claim_id="C1", amount=12, day=DAY + timedelta(days=7))
    repo.write(
        ledger.claim_paid(one, day=DAY + timedelta(days=7)),
        ledger.LedgerWrite.of(interest),
        ledger.LedgerWrite.of(ledger.subsidy_executed(sub, day=DAY + timedelta(days=3))),
    )
    tb = repo.trial_balance(LG_CODE, FY)
    assert tb.balanced and tb.total_debit == 50_000 + 6_000 + 10_000 * 2 + 12 + 2_000
    assert {r.account: r.balance for r in tb.rows}["1110"] == 50_000 - 6_000 - 10_000 - 12
    assert ledger.position(repo.balances(LG_CODE, FY)).balanced
    early = repo.trial_balance(LG_CODE, FY, as_of=DAY + timedelta(days=1))
    assert early.balanced and (early.total_debit, early.total_pending_debit) == (56_000, 12_000)
    assert repo.trial_balance(LG_CODE, FY, as_of=DAY + timedelta(days=30)) == tb


def test_budget_checks_for_other_transactions(repo):
    from shared.adapters.dynamodb.ledger_models import BalanceItem

    repo.record([ledger.budget_authorised(lg_code=LG_CODE, fy=FY, line_id="B1", amount=500, day=DAY)])

    def register(amount: int) -> None:
        with TransactWrite(connection=repo.connection) as tx:
            repo.add_budget_check(tx, LG_CODE, FY, "9110", amount)
            tx.save(BalanceItem("TEST#contract", f"CONTRACT#{amount}", account="-", lg_code=LG_CODE, fy=FY))

    register(500)
    with pytest.raises(TransactWriteError):
        register(501)


def test_composed_with_other_writes_and_sorted_out_after_a_replay(repo):
    from shared.adapters.dynamodb.ledger_models import PeriodItem

    one = accepted("C1")
    repo.record([one])
    items = repo.plan([one, accepted("C2")], [])
    assert repo.transaction_size(items) == 6  # 1 month + the fiscal year + 2 entries + 2 accounts
    with pytest.raises(TransactWriteError), TransactWrite(connection=repo.connection) as tx:
        repo.add_to(tx, items)
    resolution = repo.sort_out(items)
    assert resolution.replayed_entries == [one.entry_id] and len(resolution.todo) == 1
    with TransactWrite(connection=repo.connection) as tx:
        repo.add_to(tx, resolution.todo)
        tx.save(PeriodItem("TEST#marker", "x", lg_code=LG_CODE, month="x", closed_at="now"))
    assert balances(repo)["2110"].pending_credit == 2_000_000


def test_many_entries_are_split_into_transactions_of_at_most_100_items(repo, sizes):
    fund(repo)
    sizes.clear()
    claims = [accepted(f"C{n:03d}", 1_000 + n, day=DAY + timedelta(days=n % 40)) for n in range(120)]
    done = repo.record(claims)
    assert len(done.written) == 120 and done.transactions == len(sizes) == 2
    assert sizes[0] == 100 and sizes[0] + sizes[1] == 120 + 2 * 3 + 2 * 2  # months, the year and accounts in both
    payments = [ledger.claim_paid(c, day=c.day + timedelta(days=3)) for c in claims]
    sizes.clear()
    paid = repo.write(*payments)
    assert len(paid.written) == 120 and len(paid.finalised) == 120 and len(sizes) == 3 and max(sizes) <= 100
    total = sum(1_000 + n for n in range(120))
    assert balances(repo) == {
        "4110": ledger.Balance("4110", credit=10**9),  # the fund
        "5210": ledger.Balance("5210", debit=total),
        "2110": ledger.Balance("2110", total, total),
        "1110": ledger.Balance("1110", 10**9, credit=total),
    }
    # a retry after a crash in the middle: the first half already written, the rest not yet
    more = [accepted(f"D{n:03d}", 7, day=DAY) for n in range(70)]
    repo.record(more[:30])
    sizes.clear()
    retried = repo.record(more)
    assert len(retried.written) == 40 and len(retried.replayed) == 30 and sizes == [74, 44]  # refused, then the rest
    assert balances(repo)["2110"].pending_credit == 7 * 70
    assert repo.trial_balance(LG_CODE, FY).balanced


def test_the_repository_agrees_with_the_in_memory_ledger(repo):
    """A random run of accepts, payments, returns, subsidy executions, interest and replays on both."""
    rng = random.Random(20250310)
    book = ledger.Ledger()
    accepted_claims: list[ledger.JournalEntry] = []
    history: list[ledger.LedgerWrite] = []
    repo.record(
        [
            ledger.budget_authorised(lg_code=LG_CODE, fy=FY, line_id="B", amount=10**9, day=DAY),
            ledger.commitment(lg_code=LG_CODE, fy=FY, contract_id="K", amount=10**8, day=DAY),
        ]
    )
    book.record(
        [
            ledger.budget_authorised(lg_code=LG_CODE, fy=FY, line_id="B", amount=10**9, day=DAY),
            ledger.commitment(lg_code=LG_CODE, fy=FY, contract_id="K", amount=10**8, day=DAY),
        ]
    )
    for step in range(60):
        day = DAY + timedelta(days=step // 4)
        action = rng.choice(["accept", "accept", "settle", "return", "interest", "replay"])
        if action == "accept":
            made = accepted(
                f"C{step}", rng.randint(1, 10**7), day=day, subsidy=rng.random() < 0.3, budget=rng.random() < 0.5
            )
            accepted_claims.append(made)
            write = ledger.LedgerWrite.of(made)
        elif action in ("settle", "return") and accepted_claims:
            target = rng.choice(accepted_claims)
            if action == "return":
                write = ledger.LedgerWrite.of(ledger.claim_returned(target, day=day))
            elif target.refs["claimKind"] == "subsidy":
                write = ledger.LedgerWrite.of(ledger.subsidy_executed(target, day=day))
            else:
                write = ledger.claim_paid(target, day=day)
        elif action == "interest":
            interest = ledger.late_interest_entry(lg_code=LG_CODE, claim_id=f"I{step}", amount=step + 1, day=day)
            write = ledger.LedgerWrite.of(interest)
        elif history:
            write = rng.choice(history)
        else:
            continue
        outcomes = []
        for target in (book, repo):
            try:
                target.write(write)
                outcomes.append("ok")
            except (AlreadyFinal, EntryConflict, LimitExceeded) as error:
                outcomes.append(type(error).__name__)
        assert outcomes[0] == outcomes[1], (step, action, outcomes)
        if outcomes[0] == "ok":
            history.append(write)
    assert repo.balances(LG_CODE, FY) == book.balances(LG_CODE, FY)
    assert repo.trial_balance(LG_CODE, FY) == book.trial_balance(LG_CODE, FY)
    assert repo.trial_balance(LG_CODE, FY, as_of=DAY + timedelta(days=5)) == book.trial_balance(
        LG_CODE, FY, as_of=DAY + timedelta(days=5)
    )
    assert {s.entry.entry_id: s.state for s in repo.entries(LG_CODE, FY)} == {
        key[2]: s.state for key, s in book.entries.items()
    }


def test_each_fund_keeps_its_own_balances_and_cash_on_dynamodb(repo):
    """A 특별회계's entries land in its own balance items: its cash is its own (the 일반회계's does not pay its
    claims), a transfer between the two is eliminated in the total, and the books read back entry by entry agree."""
    water = "상수도사업특별회계"
    fund(repo, 5_000_000)
    repo.record([ledger.budget_authorised(lg_code=LG_CODE, fy=FY, line_id="L-701", amount=10**7, day=DAY)])
    claim = accepted("W-1", 2_000_000, fund=water)
    repo.record([claim])
    with pytest.raises(LimitExceeded, match=water):
        repo.record(*_parts(ledger.claim_paid(claim, day=DAY)))
    move = {"source": ledger.GENERAL_FUND, "target": water, "amount": 3_000_000, "day": DAY, "fy": FY}
    repo.record(*_parts(ledger.fund_transfer(lg_code=LG_CODE, transfer_id="T-1", **move)))
    repo.record(*_parts(ledger.claim_paid(claim, day=DAY)))
    books = repo.books(LG_CODE, FY)
    assert books[water][ledger.CASH].balance == 1_000_000
    assert books[ledger.GENERAL_FUND][ledger.CASH].balance == 2_000_000
    total = {b.account: b for b in repo.balances(LG_CODE, FY, None)}
    assert total[ledger.CASH].balance == 3_000_000 and ledger.TRANSFER_IN not in total
    assert repo.books(LG_CODE, FY, as_of=DAY) == books
    assert repo.trial_balance(LG_CODE, FY, fund=water).balanced


def _parts(write: ledger.LedgerWrite) -> tuple[tuple[ledger.JournalEntry, ...], tuple[ledger.PhaseOp, ...]]:
    return write.entries, write.ops
