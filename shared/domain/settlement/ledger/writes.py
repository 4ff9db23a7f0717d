"""Sorting out a write against what is recorded: new entries, replays, posts and voids, and conflicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from shared.domain.settlement.ledger.balances import Balance, write_effects
from shared.domain.settlement.ledger.entries import (
    JournalEntry,
    PhaseOp,
    StoredEntry,
    content_hash,
    fiscal_period,
    is_year_end,
    op_hash,
    period_of,
)
from shared.domain.settlement.ledger.errors import AlreadyFinal, EntryConflict, UnknownEntry


@dataclass(frozen=True, slots=True)
class WriteItem:
    """One item of a ledger transaction: a new entry (Put), a post/void (conditional Update of the pending entry),
    or a new pending entry posted/voided at once (a Put in its final state)."""

    entry: JournalEntry | None = None
    op: PhaseOp | None = None

    @property
    def key(self) -> tuple[str, int, str]:
        if self.entry is not None:
            return self.entry.key
        assert self.op is not None
        return self.op.key

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(x.day for x in (self.entry, self.op) if x is not None)

    @property
    def ledger(self) -> tuple[str, int]:
        lg, fy, _ = self.key
        return lg, fy

    @property
    def book(self) -> tuple[str, int, str]:
        """The books whose balances the item changes: LG, fiscal year, 회계."""
        if self.entry is not None:
            return self.entry.book
        assert self.op is not None
        return self.op.pending.book

    @property
    def periods(self) -> set[tuple[str, str]]:
        """The closed periods that would refuse this item: (LG, month) of each of its days, and (LG, its fiscal
        year), closed by the year's final close. A year-end entry (``is_year_end``) is refused by the latter only."""
        lg, fy = self.ledger
        if self.entry is not None and self.op is None and is_year_end(self.entry):
            return {(lg, fiscal_period(fy))}
        return {(lg, period_of(day)) for day in self.days} | {(lg, fiscal_period(fy))}

    def stored(self) -> StoredEntry:
        assert self.entry is not None
        return StoredEntry.recorded(self.entry, self.op)

    def effects(self) -> dict[str, Balance]:
        return write_effects(self.entry, self.op)


def normalise(entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> list[WriteItem]:
    """The items of a write: duplicates inside it collapsed (or refused), and a post/void of an entry written in
    the same call folded into it (DynamoDB takes one operation per item in a transaction)."""
    items: dict[tuple[str, int, str], WriteItem] = {}
    for entry in entries:
        seen = items.get(entry.key)
        if seen is not None:
            assert seen.entry is not None
            if content_hash(seen.entry) != content_hash(entry):
                raise EntryConflict(f"entry {entry.entry_id} twice with different content")
            continue
        items[entry.key] = WriteItem(entry=entry)
    for op in ops:
        seen = items.get(op.key)
        if seen is None:
            items[op.key] = WriteItem(op=op)
            continue
        if seen.entry is not None and content_hash(seen.entry) != content_hash(op.pending):
            raise EntryConflict(f"{op.action} of entry {op.pending.entry_id} with other content")
        if seen.op is not None:
            if seen.op.op_id != op.op_id:
                raise AlreadyFinal(f"entry {op.pending.entry_id} posted or voided twice in one write")
            if op_hash(seen.op) != op_hash(op):
                raise EntryConflict(f"{op.action} {op.op_id} twice with different content")
            continue
        items[op.key] = WriteItem(entry=seen.entry, op=op)
    return list(items.values())


@dataclass(slots=True)
class Resolution:
    todo: list[WriteItem]
    replayed_entries: list[str] = field(default_factory=list)
    replayed_ops: list[str] = field(default_factory=list)


def resolve(items: Sequence[WriteItem], recorded: Mapping[tuple[str, int, str], StoredEntry]) -> Resolution:
    """Split a write's items against what is recorded: replays dropped (same id and content), conflicts raised
    (``EntryConflict``, ``AlreadyFinal``, ``UnknownEntry``), the rest still to do."""
    result = Resolution([])
    for item in items:
        stored = recorded.get(item.key)
        op = item.op
        if item.entry is not None:
            if stored is None:
                result.todo.append(item)
                continue
            if stored.content_hash != content_hash(item.entry):
                raise EntryConflict(f"entry {item.entry.entry_id} is recorded with other content")
            result.replayed_entries.append(item.entry.entry_id)
            if op is None:
                continue
        assert op is not None
        if stored is None:
            raise UnknownEntry(f"{op.action} of entry {op.pending.entry_id}, which is not recorded")
        if stored.content_hash != content_hash(op.pending):
            raise EntryConflict(f"{op.action} of entry {op.pending.entry_id} with other content than recorded")
        if stored.state == "pending":
            result.todo.append(WriteItem(op=op))
        elif stored.final_by == op.op_id and stored.final_hash == op_hash(op):
            result.replayed_ops.append(op.op_id)
        elif stored.final_by == op.op_id:
            raise EntryConflict(f"{op.action} {op.op_id} is recorded with other content")
        else:
            raise AlreadyFinal(f"entry {op.pending.entry_id} is already {stored.state}")
    return result
