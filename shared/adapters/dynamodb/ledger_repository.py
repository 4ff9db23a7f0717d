"""Data access for the ledger: journal entries, balances and closed periods in the settlement table. Takes and
returns the ledger's domain objects (``shared.domain.settlement.ledger``), never pynamodb items.

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

import json
import random
import re
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.ledger_models import (
    BalanceItem,
    EntryItem,
    LineAttribute,
    PeriodItem,
    balance_sort_key,
    bind,
    entry_sort_key,
    ledger_key,
    period_key,
)
from shared.domain.settlement.ledger import (
    CHART,
    Balance,
    EntryLine,
    JournalEntry,
    LedgerWrite,
    LimitExceeded,
    PeriodClosed,
    PhaseOp,
    Recorded,
    Resolution,
    StoredEntry,
    TrialBalance,
    UnknownEntry,
    WriteItem,
    balances_as_of,
    merge,
    normalise,
    period_of,
    post,
    resolve,
    trial_balance,
    void,
)

MAX_TRANSACTION_ITEMS = 100
TRANSACTION_ATTEMPTS = 8
_RETRYABLE = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class LedgerRepository:
    def __init__(self, table: str, region: str) -> None:
        bind(table, region)
        self._table = table
        self._connection = Connection(region=region)  # one botocore client for every transaction

    @property
    def connection(self) -> Connection:
        return self._connection

    # -- writing ------------------------------------------------------------------------------------------------

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
            raise PeriodClosed(", ".join(f"{lg} {month}" for lg, month in closed) + " closed")
        refused = [
            f"{lg}/{fy} {code} {CHART[code].name}"
            for (lg, fy, code), reason in zip(layout.balance_keys, codes[layout.balances_from :], strict=False)
            if reason == "ConditionalCheckFailed"
        ]
        if refused:
            raise LimitExceeded("budget would go negative: " + ", ".join(refused))

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
        recorded = {}
        for raw in self._batch_get(keys):
            stored = _stored(EntryItem.from_raw_data(raw))
            recorded[stored.entry.key] = stored
        return resolve(items, recorded)

    @staticmethod
    def add_budget_check(tx: TransactWrite, lg_code: str, fy: int, account: str, amount: int) -> None:
        """A ``ConditionCheck`` that a budget account can still take ``amount``: ``available >= amount`` (for 9110
        the budget not yet committed, for 9120 the commitments not yet executed). For a write that does not itself
        touch that balance (e.g. a contract registered before its commitment entry is recorded); a ledger write
        that debits the account carries the same condition on its own update, and DynamoDB refuses a
        ConditionCheck and an Update of one item in one transaction."""
        tx.condition_check(
            BalanceItem, ledger_key(lg_code, fy), balance_sort_key(account), condition=BalanceItem.available >= amount
        )

    # -- periods ------------------------------------------------------------------------------------------------

    def close_period(self, lg_code: str, month: str, closed_by: str | None = None) -> bool:
        """Close a month (``yyyy-mm``) for the LG: later entries dated in it are refused. False if already closed."""
        if not _MONTH.match(month):
            raise ValueError(f"a month is yyyy-mm, not {month!r}")
        item = PeriodItem(
            period_key(lg_code),
            month,
            lg_code=lg_code,
            month=month,
            closed_by=closed_by,
            closed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        try:
            item.save(condition=PeriodItem.pk.does_not_exist())
            return True
        except PutError as error:
            if getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise

    def closed_periods(self, lg_code: str) -> list[str]:
        return [item.month for item in PeriodItem.query(period_key(lg_code), consistent_read=True)]

    def closed_months(self, months: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        found = self._batch_get([(period_key(lg), month) for lg, month in months])
        return sorted((item["lgCode"]["S"], item["sk"]["S"]) for item in found)

    # -- reading ------------------------------------------------------------------------------------------------

    def entry(self, lg_code: str, fy: int, entry_id: str) -> StoredEntry | None:
        try:
            return _stored(EntryItem.get(ledger_key(lg_code, fy), entry_sort_key(entry_id), consistent_read=True))
        except EntryItem.DoesNotExist:
            return None

    def entries(self, lg_code: str, fy: int) -> list[StoredEntry]:
        """Every entry of the LG's year: one Query over the ENTRY# items (paged)."""
        query = EntryItem.query(ledger_key(lg_code, fy), EntryItem.sk.startswith("ENTRY#"), consistent_read=True)
        return [_stored(item) for item in query]

    def balances(self, lg_code: str, fy: int) -> list[Balance]:
        """Every account's balance: one Query over the BALANCE# items."""
        query = BalanceItem.query(ledger_key(lg_code, fy), BalanceItem.sk.startswith("BALANCE#"), consistent_read=True)
        found = [
            Balance(item.account, int(item.debit), int(item.credit), int(item.pending_debit), int(item.pending_credit))
            for item in query
        ]
        return [b for b in found if not b.zero]

    def trial_balance(
        self, lg_code: str, fy: int, as_of: date | None = None, include_budget: bool = True
    ) -> TrialBalance:
        """From the balances; with ``as_of``, from the entries dated up to that day (a Query over every entry of
        the year: for reports and provisional closes, not for every request)."""
        if as_of is None:
            return trial_balance(self.balances(lg_code, fy), include_budget)
        return trial_balance(balances_as_of(self.entries(lg_code, fy), as_of), include_budget)

    def _batch_get(self, keys: list[tuple[str, str]]) -> list[dict]:
        found: list[dict] = []
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 100):
            request = {
                self._table: {
                    "Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in unique[start : start + 100]],
                    "ConsistentRead": True,
                }
            }
            while request:
                answer = self._connection.client.batch_get_item(RequestItems=request)
                found += answer["Responses"].get(self._table, [])
                request = answer.get("UnprocessedKeys") or {}
        return found


# -- the transaction's layout -------------------------------------------------------------------------------------


class Layout:
    """The items of one ledger transaction, in the order DynamoDB reports cancellation reasons (pynamodb sends
    condition checks, then puts, then updates): period checks, entry puts, post/void updates, balance updates."""

    def __init__(self, items: Sequence[WriteItem]) -> None:
        self.items = list(items)
        self.months = sorted({(item.key[0], period_of(day)) for item in self.items for day in item.days})
        self.puts = [item for item in self.items if item.entry is not None]
        self.ops = [item for item in self.items if item.entry is None]
        deltas: dict[tuple[str, int], dict[str, Balance]] = {}
        for item in self.items:
            deltas[item.ledger] = merge(deltas.get(item.ledger, {}), item.effects())
        self.balances = [
            (lg, fy, delta)
            for (lg, fy), merged in sorted(deltas.items())
            for _, delta in sorted(merged.items())
            if not delta.zero
        ]
        self.balance_keys = [(lg, fy, delta.account) for lg, fy, delta in self.balances]
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
            tx.save(_entry_item(item.stored(), now), condition=EntryItem.pk.does_not_exist())
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
                    EntryItem.final_hash.set(final.final_hash),
                ],
                condition=(EntryItem.state == "pending") & (EntryItem.content_hash == final.content_hash),
            )
        for lg, fy, delta in self.balances:
            actions = [
                BalanceItem.account.set(delta.account),
                BalanceItem.lg_code.set(lg),
                BalanceItem.fy.set(fy),
                BalanceItem.debit.add(delta.debit),
                BalanceItem.credit.add(delta.credit),
                BalanceItem.pending_debit.add(delta.pending_debit),
                BalanceItem.pending_credit.add(delta.pending_credit),
            ]
            condition = None
            if delta.available is not None:
                actions.append(BalanceItem.available.add(delta.available))
                if delta.available < 0:
                    condition = BalanceItem.available >= -delta.available
            tx.update(
                BalanceItem(ledger_key(lg, fy), balance_sort_key(delta.account)), actions=actions, condition=condition
            )


def chunks(units: list[list[WriteItem]]) -> list[list[WriteItem]]:
    """Pack units (items that must share a transaction) into transactions of at most 100 items, in order: each
    entry or post/void is one item, plus one check per month and one update per touched account."""
    packed: list[list[WriteItem]] = []
    current: list[WriteItem] = []
    months: set[tuple[str, str]] = set()
    accounts: set[tuple[str, int, str]] = set()
    for unit in units:
        unit_months = {(item.key[0], period_of(day)) for item in unit for day in item.days}
        unit_accounts = {(*item.ledger, code) for item in unit for code in item.effects()}
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


# -- mapping ------------------------------------------------------------------------------------------------------


def _entry_item(stored: StoredEntry, recorded_at: str) -> EntryItem:
    entry = stored.entry
    return EntryItem(
        ledger_key(entry.lg_code, entry.fy),
        entry_sort_key(entry.entry_id),
        entry_id=entry.entry_id,
        lg_code=entry.lg_code,
        fy=entry.fy,
        day=entry.day.isoformat(),
        description=entry.description,
        kind=entry.kind,
        lines=[LineAttribute(account=line.account, debit=line.debit, credit=line.credit) for line in entry.lines],
        refs_json=json.dumps(entry.refs, ensure_ascii=False, sort_keys=True),
        content_hash=stored.content_hash,
        state=stored.state,
        final_day=stored.final_day.isoformat() if stored.final_day else None,
        final_by=stored.final_by,
        final_hash=stored.final_hash,
        recorded_at=recorded_at,
    )


def _stored(item: EntryItem) -> StoredEntry:
    entry = JournalEntry(
        item.entry_id,
        item.lg_code,
        int(item.fy),
        date.fromisoformat(item.day),
        item.description,
        tuple(EntryLine(line.account, int(line.debit), int(line.credit)) for line in item.lines),
        item.kind,
        json.loads(item.refs_json),
    )  # type: ignore[arg-type]
    return StoredEntry(
        entry,
        item.state,
        item.content_hash,  # type: ignore[arg-type]
        date.fromisoformat(item.final_day) if item.final_day else None,
        item.final_by,
        item.final_hash,
    )
