"""The ledger's part of the settlement table as its writes and reads share it: the models bound, one botocore
client for every transaction, an entry by id and consistent BatchGets (strongly consistent reads throughout: a
write decides from them)."""

from __future__ import annotations

from typing import Any

from pynamodb.connection import Connection

from shared.adapters.dynamodb.ledger_models import EntryItem, bind, entry_sort_key, ledger_key
from shared.adapters.dynamodb.ledger_repository.mapping import stored_of
from shared.domain.settlement.ledger import StoredEntry

RawItem = dict[str, Any]  # an item as the low-level client answers it: {"pk": {"S": ...}, ...}


class LedgerTable:
    def __init__(self, table: str, region: str) -> None:
        bind(table, region)
        self._table = table
        self._connection = Connection(region=region)  # one botocore client for every transaction

    @property
    def connection(self) -> Connection:
        return self._connection

    def entry(self, lg_code: str, fy: int, entry_id: str) -> StoredEntry | None:
        try:
            return stored_of(EntryItem.get(ledger_key(lg_code, fy), entry_sort_key(entry_id), consistent_read=True))
        except EntryItem.DoesNotExist:
            return None

    def _batch_get(self, keys: list[tuple[str, str]]) -> list[RawItem]:
        """The items of these (pk, sk) keys that exist, 100 a request, asking again for what was not read."""
        found: list[RawItem] = []
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 100):
            request: dict[str, Any] = {
                self._table: {
                    "Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in unique[start : start + 100]],
                    "ConsistentRead": True,
                }
            }
            while request:
                answer: dict[str, Any] = self._connection.client.batch_get_item(RequestItems=request)
                found += answer["Responses"].get(self._table, [])
                request = answer.get("UnprocessedKeys") or {}
        return found
