"""The subsidy table as every part of its repository reads it: the models bound to the physical table, one
botocore client, and the raw reads pynamodb does not offer (a partition in one Query whatever its item kinds, a
BatchGetItem across item kinds)."""

from __future__ import annotations

from typing import Any

from pynamodb.connection import Connection

from shared.adapters.dynamodb.subsidy_models import bind
from shared.adapters.dynamodb.subsidy_repository.mapping import RawItem


class SubsidyTable:
    def __init__(self, table: str, region: str) -> None:
        bind(table, region)
        self._table = table
        self._connection = Connection(region=region)

    @property
    def connection(self) -> Connection:
        return self._connection

    def _query_raw(self, pk: str, between: tuple[str, str] | None = None) -> list[RawItem]:
        """Every item of the partition (sort keys ``between`` low and high, inclusive, if given), paged."""
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "ExpressionAttributeNames": {"#pk": "pk"},
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "KeyConditionExpression": "#pk = :pk",
        }
        if between:
            arguments["KeyConditionExpression"] += " AND #sk BETWEEN :low AND :high"
            arguments["ExpressionAttributeNames"]["#sk"] = "sk"
            arguments["ExpressionAttributeValues"] |= {":low": {"S": between[0]}, ":high": {"S": between[1]}}
        items: list[RawItem] = []
        while True:
            answer: dict[str, Any] = self._connection.client.query(**arguments)
            items += answer.get("Items", [])
            if "LastEvaluatedKey" not in answer:
                return items
            arguments["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def _batch_get(self, keys: list[dict[str, str]]) -> dict[tuple[str, str], RawItem]:
        """The items of these keys (``{"pk": ..., "sk": ...}``, at most 100) that exist, by (pk, sk)."""
        request = [{"pk": {"S": k["pk"]}, "sk": {"S": k["sk"]}} for k in keys]
        answer: dict[str, Any] = self._connection.client.batch_get_item(RequestItems={self._table: {"Keys": request}})
        found = {(i["pk"]["S"], i["sk"]["S"]): i for i in answer["Responses"].get(self._table, [])}
        pending = answer.get("UnprocessedKeys", {})
        while pending:  # throttling: ask again for what was not read
            answer = self._connection.client.batch_get_item(RequestItems=pending)
            found |= {(i["pk"]["S"], i["sk"]["S"]): i for i in answer["Responses"].get(self._table, [])}
            pending = answer.get("UnprocessedKeys", {})
        return found
