"""Writing the ledger: new journal entries and the posts and voids of pending ones, all or nothing per transaction.

One transaction (``TransactWriteItems``, at most 100 items) writes, all or nothing:

- a ``ConditionCheck`` per month the write's days fall in: ``attribute_not_exists(pk)`` on ``PERIOD#<lg>/<yyyy-mm>``,
  so that closing a month and a back-dated entry cannot both succeed;
- a ``Put`` per new entry with ``attribute_not_exists(pk)``: the id comes from the business key, so a replay fails
  here and nothing of the transaction is applied, balances included;
- an ``Update`` per post/void of an earlier pending entry, ``state = pending AND contentHash = :hash``: a pending
  entry becomes final once;
- an ``Update`` per touched account, ``ADD debit, credit, pendingDebit, pendingCredit`` (and ``available`` for budget
  accounts, with ``available >= :decrease`` when it shrinks), the effects of every entry in the transaction merged
  per account.

When the transaction is cancelled by a condition, the entries it named are read (one consistent BatchGetItem):
an entry recorded with the same content hash is a replay and is dropped, one with another hash is an
``EntryConflict``; a post/void already applied by the same op is dropped, by another op is ``AlreadyFinal``.
The rest is retried, so a batch of which some entries already exist records exactly the new ones, and balances are
never added twice. With nothing to drop, a closed month is ``PeriodClosed``, else a budget account would go
negative: ``LimitExceeded``. Writes larger than one transaction are split (never one ``LedgerWrite`` across two);
each transaction is atomic, and a crash between two leaves a write that a replay completes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import date

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.ledger_models import BalanceItem, EntryItem, balance_sort_key, entry_sort_key, ledger_key
from shared.adapters.dynamodb.ledger_repository.layout import Layout, chunks
from shared.adapters.dynamodb.ledger_repository.mapping import stored_of
from shared.adapters.dynamodb.ledger_repository.periods import LedgerPeriods
from shared.domain.settlement.ledger import (
    CHART,
    GENERAL_FUND,
    FiscalYearClosed,
    JournalEntry,
    LedgerWrite,
    LimitExceeded,
    PeriodClosed,
    PhaseOp,
    Recorded,
    Resolution,
    StoredEntry,
    UnknownEntry,
    WriteItem,
    is_fiscal_period,
    normalise,
    post,
    resolve,
    void,
)

TRANSACTION_ATTEMPTS = 8
_RETRYABLE = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}


class LedgerWrites(LedgerPeriods):
    """Writes re-read what they name (``entry``, ``sort_out``) and tell a closed month (``closed_months``)."""

    def record(self, entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> Recorded:
        """Record new entries and post/void pending ones; replays are no-ops. Split into transactions of at most
        100 items when large (then each entry and each post/void is a unit of its own)."""
        return self._record_units([[item] for item in normalise(entries, ops)])

    def write(self, *writes: LedgerWrite) -> Recorded:
        """Like ``record``, but each ``LedgerWrite`` (a business event: e.g. a payment's post and payment entry)
        lands in one transaction, packed with others up to 100 items."""
        items = normalise([e for w in writes for e in w.entries], [o for w in writes for o in w.ops])
        owner: dict[tuple[str, int, str], int] = {}
        for index, w in enumerate(writes):
            for key in [e.key for e in w.entries] + [o.key for o in w.ops]:
                owner.setdefault(key, index)
        units: dict[int, list[WriteItem]] = {}
        for item in items:
            units.setdefault(owner[item.key], []).append(item)
        return self._record_units([units[index] for index in sorted(units)])

    def post(self, lg_code: str, fy: int, pending_id: str, day: date, op_id: str = "") -> Recorded:
        """Phase two by id: the pending entry's amounts become posted."""
        return self.record(ops=[post(self._pending(lg_code, fy, pending_id), day, op_id)])

    def void(self, lg_code: str, fy: int, pending_id: str, day: date, op_id: str = "") -> Recorded:
        """Phase two by id: the pending entry's reservation is released."""
        return self.record(ops=[void(self._pending(lg_code, fy, pending_id), day, op_id)])

    def _pending(self, lg_code: str, fy: int, pending_id: str) -> JournalEntry:
        stored = self.entry(lg_code, fy, pending_id)
        if stored is None:
            raise UnknownEntry(pending_id)
        return stored.entry

    def _record_units(self, units: list[list[WriteItem]]) -> Recorded:
        result = Recorded()
        for chunk in chunks(units):
            self._record_chunk(chunk, result)
        return result

    def _record_chunk(self, items: list[WriteItem], result: Recorded) -> None:
        todo = items
        for attempt in range(TRANSACTION_ATTEMPTS):
            if not todo:
                return
            layout = Layout(todo)
            result.transactions += 1
            try:
                with TransactWrite(connection=self._connection) as tx:
                    layout.add_to(tx)
            except TransactWriteError as error:
                codes = [getattr(r, "code", None) if r else None for r in (error.cancellation_reasons or [])]
                if "ConditionalCheckFailed" in codes:
                    resolution = self.sort_out(todo)
                    result.reads += 1
                    if resolution.replayed_entries or resolution.replayed_ops:
                        result.replayed += resolution.replayed_entries
                        result.replayed_ops += resolution.replayed_ops
                        todo = resolution.todo
                        continue
                    self._raise_refusal(layout, codes)  # a closed month or a budget limit: nothing to retry
                    continue  # no cause found: what was read changed since, so try again
                retryable = _RETRYABLE & set(codes) or getattr(error, "cause_response_code", None) in _RETRYABLE
                if retryable and attempt + 1 < TRANSACTION_ATTEMPTS:
                    time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not crypto
                    continue
                raise
            result.written += [item.entry.entry_id for item in todo if item.entry is not None]
            result.finalised += [item.op.op_id for item in todo if item.op is not None]
            return
        raise RuntimeError(f"ledger write not settled after {TRANSACTION_ATTEMPTS} attempts")

    def _raise_refusal(self, layout: Layout, codes: list[str | None]) -> None:
        closed = self.closed_months(layout.months)
        if closed:
            refusal = FiscalYearClosed if any(is_fiscal_period(period) for _, period in closed) else PeriodClosed
            raise refusal(", ".join(f"{lg} {period}" for lg, period in closed) + " closed")
        refused = [
            f"{lg}/{fy} {'' if fund == GENERAL_FUND else fund + ' '}{code} {CHART[code].name}"
            for (lg, fy, fund, code), reason in zip(layout.balance_keys, codes[layout.balances_from :], strict=False)
            if reason == "ConditionalCheckFailed"
        ]
        if refused:
            raise LimitExceeded("a limited account (cash, budget) would go below zero: " + ", ".join(refused))

    # -- composing with other writes --------------------------------------------------------------------------------

    @staticmethod
    def plan(entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> list[WriteItem]:
        """The items of a write, for ``add_to`` (duplicates collapsed, a post/void of a new entry folded into it)."""
        return normalise(entries, ops)

    @staticmethod
    def transaction_size(items: Sequence[WriteItem]) -> int:
        """How many of a transaction's 100 items ``add_to`` would use."""
        return Layout(items).size

    @staticmethod
    def add_to(tx: TransactWrite, items: Sequence[WriteItem]) -> int:
        """Add the ledger's part to a caller's transaction (e.g. claims marked PAID with their entries, all or
        nothing). Returns the number of items added. If the transaction is cancelled by a condition,
        ``sort_out(items)`` tells which items were replays (and raises on conflicts); retry with its ``todo``."""
        layout = Layout(items)
        layout.add_to(tx)
        return layout.size

    def sort_out(self, items: Sequence[WriteItem]) -> Resolution:
        """Read what the items name (one consistent BatchGetItem) and split replays from what is still to do."""
        keys = [(ledger_key(lg, fy), entry_sort_key(entry_id)) for lg, fy, entry_id in {item.key for item in items}]
        recorded: dict[tuple[str, int, str], StoredEntry] = {}
        for raw in self._batch_get(keys):
            stored = stored_of(EntryItem.from_raw_data(raw))
            recorded[stored.entry.key] = stored
        return resolve(items, recorded)

    @staticmethod
    def add_budget_check(
        tx: TransactWrite, lg_code: str, fy: int, account: str, amount: int, fund: str = GENERAL_FUND
    ) -> None:
        """A ``ConditionCheck`` that a budget account can still take ``amount``: ``available >= amount`` (for 9110
        the budget not yet committed, for 9120 the commitments not yet executed). For a write that does not itself
        touch that balance (e.g. a contract registered before its commitment entry is recorded); a ledger write
        that debits the account carries the same condition on its own update, and DynamoDB refuses a
        ConditionCheck and an Update of one item in one transaction."""
        tx.condition_check(
            BalanceItem,
            ledger_key(lg_code, fy),
            balance_sort_key(account, fund),
            condition=BalanceItem.available >= amount,
        )
