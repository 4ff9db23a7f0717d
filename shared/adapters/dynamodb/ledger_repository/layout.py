"""One ledger transaction's operations, in the order DynamoDB reports their cancellation reasons, and the packing
of a write's units into transactions of at most 100 items (the protocol is in the package's ``writes`` module)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.ledger_models import (
    BalanceItem,
    EntryItem,
    PeriodItem,
    balance_sort_key,
    entry_sort_key,
    ledger_key,
    period_key,
)
from shared.adapters.dynamodb.ledger_repository.mapping import entry_item
from shared.adapters.dynamodb.typed_attributes import set_nullable
from shared.domain.settlement.ledger import GENERAL_FUND, Balance, StoredEntry, WriteItem, merge

MAX_TRANSACTION_ITEMS = 100


class Layout:
    """The items of one ledger transaction, in the order DynamoDB reports cancellation reasons (pynamodb sends
    condition checks, then puts, then updates): period checks, entry puts, post/void updates, balance updates."""

    def __init__(self, items: Sequence[WriteItem]) -> None:
        self.items = list(items)
        self.months = sorted(set().union(*(item.periods for item in self.items)))
        self.puts = [item for item in self.items if item.entry is not None]
        self.ops = [item for item in self.items if item.entry is None]
        deltas: dict[tuple[str, int, str], dict[str, Balance]] = {}
        for item in self.items:
            deltas[item.book] = merge(deltas.get(item.book, {}), item.effects())
        self.balances = [
            (lg, fy, fund, delta)
            for (lg, fy, fund), merged in sorted(deltas.items())
            for _, delta in sorted(merged.items())
            if not delta.zero
        ]
        self.balance_keys = [(lg, fy, fund, delta.account) for lg, fy, fund, delta in self.balances]
        self.balances_from = len(self.months) + len(self.puts) + len(self.ops)

    @property
    def size(self) -> int:
        return self.balances_from + len(self.balances)

    def add_to(self, tx: TransactWrite) -> None:
        if self.size > MAX_TRANSACTION_ITEMS:
            raise ValueError(f"{self.size} items: a transaction takes at most {MAX_TRANSACTION_ITEMS}")
        for lg, month in self.months:
            tx.condition_check(PeriodItem, period_key(lg), month, condition=PeriodItem.pk.does_not_exist())
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        for item in self.puts:
            tx.save(entry_item(item.stored(), now), condition=EntryItem.pk.does_not_exist())
        for item in self.ops:
            op = item.op
            assert op is not None
            final = StoredEntry.recorded(op.pending, op)
            tx.update(
                EntryItem(ledger_key(op.pending.lg_code, op.pending.fy), entry_sort_key(op.pending.entry_id)),
                actions=[
                    EntryItem.state.set(final.state),
                    EntryItem.final_day.set(op.day.isoformat()),
                    EntryItem.final_by.set(op.op_id),
                    set_nullable(EntryItem.final_hash, final.final_hash),
                ],
                condition=(EntryItem.state == "pending") & (EntryItem.content_hash == final.content_hash),
            )
        for lg, fy, fund, delta in self.balances:
            actions: list[Action] = [
                BalanceItem.account.set(delta.account),
                BalanceItem.lg_code.set(lg),
                BalanceItem.fy.set(fy),
                *([] if fund == GENERAL_FUND else [BalanceItem.fund.set(fund)]),
                BalanceItem.debit.add(delta.debit),
                BalanceItem.credit.add(delta.credit),
                BalanceItem.pending_debit.add(delta.pending_debit),
                BalanceItem.pending_credit.add(delta.pending_credit),
            ]
            condition: Condition | None = None
            if delta.available is not None:
                actions.append(BalanceItem.available.add(delta.available))
                if delta.available < 0:
                    condition = BalanceItem.available >= -delta.available
            tx.update(
                BalanceItem(ledger_key(lg, fy), balance_sort_key(delta.account, fund)),
                actions=actions,
                condition=condition,
            )


def chunks(units: list[list[WriteItem]]) -> list[list[WriteItem]]:
    """Pack units (items that must share a transaction) into transactions of at most 100 items, in order: each
    entry or post/void is one item, plus one check per month and one update per touched account."""
    packed: list[list[WriteItem]] = []
    current: list[WriteItem] = []
    months: set[tuple[str, str]] = set()
    accounts: set[tuple[str, int, str, str]] = set()
    for unit in units:
        unit_months: set[tuple[str, str]] = set().union(*(item.periods for item in unit))
        unit_accounts = {(*item.book, code) for item in unit for code in item.effects()}
        size = len(current) + len(unit) + len(months | unit_months) + len(accounts | unit_accounts)
        if current and size > MAX_TRANSACTION_ITEMS:
            packed.append(current)
            current, months, accounts = [], set(), set()
            size = len(unit) + len(unit_months) + len(unit_accounts)
        if size > MAX_TRANSACTION_ITEMS:
            raise ValueError(f"one ledger write of {size} items does not fit a transaction")
        current += unit
        months |= unit_months
        accounts |= unit_accounts
    if current:
        packed.append(current)
    return packed
