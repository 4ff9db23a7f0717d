"""The ledger's entry items as the domain's stored entries and back."""

from __future__ import annotations

import json
from datetime import date
from typing import cast

from shared.adapters.dynamodb.ledger_models import EntryItem, LineAttribute, entry_sort_key, ledger_key
from shared.adapters.dynamodb.typed_attributes import new_map
from shared.domain.settlement.ledger import GENERAL_FUND, EntryLine, JournalEntry, Kind, State, StoredEntry


def entry_item(stored: StoredEntry, recorded_at: str) -> EntryItem:
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
        fund=None if entry.fund == GENERAL_FUND else entry.fund,
        lines=[
            new_map(LineAttribute, account=line.account, debit=line.debit, credit=line.credit) for line in entry.lines
        ],
        refs_json=json.dumps(entry.refs, ensure_ascii=False, sort_keys=True),
        content_hash=stored.content_hash,
        state=stored.state,
        final_day=stored.final_day.isoformat() if stored.final_day else None,
        final_by=stored.final_by,
        final_hash=stored.final_hash,
        recorded_at=recorded_at,
    )


def stored_of(item: EntryItem) -> StoredEntry:
    """The stored entry of its item (its kind and state as the domain wrote them: only those are ever stored)."""
    entry = JournalEntry(
        item.entry_id,
        item.lg_code,
        int(item.fy),
        date.fromisoformat(item.day),
        item.description,
        tuple(EntryLine(line.account, int(line.debit), int(line.credit)) for line in item.lines),
        cast(Kind, item.kind),
        json.loads(item.refs_json),
        item.fund or GENERAL_FUND,
    )
    return StoredEntry(
        entry,
        cast(State, item.state),
        item.content_hash,
        date.fromisoformat(item.final_day) if item.final_day else None,
        item.final_by,
        item.final_hash,
    )
