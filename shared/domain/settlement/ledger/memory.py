"""An in-memory ledger: the rules applied to dictionaries, the reference the DynamoDB repository is tested against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from shared.domain.settlement.ledger.balances import (
    Balance,
    TrialBalance,
    books_as_of,
    check_limits,
    consolidated,
    merge,
    trial_balance,
)
from shared.domain.settlement.ledger.entries import (
    GENERAL_FUND,
    JournalEntry,
    LedgerWrite,
    PhaseOp,
    StoredEntry,
    is_fiscal_period,
    post,
    void,
)
from shared.domain.settlement.ledger.errors import FiscalYearClosed, PeriodClosed, UnknownEntry
from shared.domain.settlement.ledger.writes import WriteItem, normalise, resolve


@dataclass(slots=True)
class Recorded:
    """What a write did: entries written and replayed, posts/voids applied and replayed, transactions used."""

    written: list[str] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    finalised: list[str] = field(default_factory=list)
    replayed_ops: list[str] = field(default_factory=list)
    transactions: int = 0
    reads: int = 0


class Ledger:
    """The rules applied to dictionaries: every write all-or-nothing, replays no-ops. ``LedgerRepository`` does the
    same on DynamoDB; tests run both."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int, str], StoredEntry] = {}
        self._balances: dict[tuple[str, int, str], dict[str, Balance]] = {}  # (LG, fiscal year, 회계)
        self.closed: set[tuple[str, str]] = set()

    def record(self, entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> Recorded:
        resolution = resolve(normalise(entries, ops), self.entries)
        for item in resolution.todo:
            for lg, period in sorted(item.periods & self.closed):
                refusal = FiscalYearClosed if is_fiscal_period(period) else PeriodClosed
                raise refusal(f"{lg} {period} is closed")
        by_ledger: dict[tuple[str, int, str], list[WriteItem]] = {}
        for item in resolution.todo:
            by_ledger.setdefault(item.book, []).append(item)
        updated = {}
        for ledger, items in by_ledger.items():
            before = self._balances.get(ledger, {})
            deltas = merge(*(item.effects() for item in items))
            check_limits(before, deltas)
            updated[ledger] = merge(before, deltas)
        self._balances.update(updated)
        done = Recorded(
            replayed=resolution.replayed_entries,
            replayed_ops=resolution.replayed_ops,
            transactions=1 if resolution.todo else 0,
        )
        for item in resolution.todo:
            if item.entry is not None:
                self.entries[item.key] = item.stored()
                done.written.append(item.entry.entry_id)
            else:
                assert item.op is not None
                self.entries[item.key] = StoredEntry.recorded(item.op.pending, item.op)
            if item.op is not None:
                done.finalised.append(item.op.op_id)
        return done

    def write(self, write: LedgerWrite) -> Recorded:
        return self.record(write.entries, write.ops)

    def post(self, lg_code: str, fy: int, pending_id: str, day: date) -> Recorded:
        return self.record(ops=[post(self._pending(lg_code, fy, pending_id), day)])

    def void(self, lg_code: str, fy: int, pending_id: str, day: date) -> Recorded:
        return self.record(ops=[void(self._pending(lg_code, fy, pending_id), day)])

    def _pending(self, lg_code: str, fy: int, pending_id: str) -> JournalEntry:
        stored = self.entries.get((lg_code, fy, pending_id))
        if stored is None:
            raise UnknownEntry(pending_id)
        return stored.entry

    def close_period(self, lg_code: str, month: str) -> None:
        self.closed.add((lg_code, month))

    def books(self, lg_code: str, fy: int, as_of: date | None = None) -> dict[str, dict[str, Balance]]:
        """Each 회계's balances (as of the end of ``as_of``, from the entries, when given)."""
        if as_of is not None:
            stored = [s for (lg, year, _), s in self.entries.items() if (lg, year) == (lg_code, fy)]
            return books_as_of(stored, as_of)
        return {
            fund: {c: b for c, b in balances.items() if not b.zero}
            for (lg, year, fund), balances in sorted(self._balances.items())
            if (lg, year) == (lg_code, fy)
        }

    def balances(self, lg_code: str, fy: int, fund: str | None = GENERAL_FUND) -> list[Balance]:
        """One 회계's balances; ``fund=None``: the LG's total (``consolidated``)."""
        books = self.books(lg_code, fy)
        found = consolidated(books) if fund is None else books.get(fund, {})
        return sorted((b for b in found.values() if not b.zero), key=lambda b: b.account)

    def trial_balance(
        self, lg_code: str, fy: int, as_of: date | None = None, include_budget: bool = True, fund: str | None = None
    ) -> TrialBalance:
        books = self.books(lg_code, fy, as_of)
        return trial_balance(consolidated(books) if fund is None else books.get(fund, {}), include_budget)
