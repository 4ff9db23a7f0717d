"""Reading claims: one by id, a business's or an LG's claims page by page (the by-business, by-lg and
by-lg-status-due indexes, with page tokens checked before DynamoDB sees them), and the accepted claims a payment
run pays, earliest deadline first."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from pynamodb.exceptions import QueryError
from pynamodb.expressions.condition import Condition
from pynamodb.pagination import ResultIterator

from shared.adapters.dynamodb.keys import claim_key
from shared.adapters.dynamodb.models import ClaimItem
from shared.adapters.dynamodb.repository.mapping import claim_of, gsi2sk
from shared.domain.claims.model import Claim, ClaimStatus
from shared.domain.claims.ports import BadPageToken


@dataclass(slots=True)
class Page:
    claims: list[Claim]
    next_token: str | None


class ClaimReads:
    def get(self, claim_id: str) -> Claim | None:
        pk, sk = claim_key(claim_id)
        try:
            return claim_of(ClaimItem.get(pk, sk))
        except ClaimItem.DoesNotExist:
            return None

    def list_for_business(self, org: str, status: str | None, limit: int, token: str | None) -> Page:
        index_pk = f"BIZ#{org}"
        start = _decode_token(token, "gsi1pk", index_pk)
        condition = (ClaimItem.status == status) if status else None
        result = ClaimItem.by_business.query(
            index_pk,
            scan_index_forward=False,
            limit=limit,
            page_size=limit,
            last_evaluated_key=start,
            filter_condition=condition,
        )
        return _page(result)

    def list_for_lg(self, lg_code: str, status: str | None, limit: int, token: str | None) -> Page:
        if status:
            index_pk = f"LG#{lg_code}#{status}"
            start = _decode_token(token, "gsi2pk", index_pk)
            result = ClaimItem.by_lg_status_due.query(index_pk, limit=limit, page_size=limit, last_evaluated_key=start)
        else:
            index_pk = f"LG#{lg_code}"
            start = _decode_token(token, "gsi3pk", index_pk)
            result = ClaimItem.by_lg.query(
                index_pk, scan_index_forward=False, limit=limit, page_size=limit, last_evaluated_key=start
            )
        return _page(result)

    def accepted_page(
        self,
        lg_code: str,
        limit: int,
        due_from: date | None = None,
        due_before: date | None = None,
        after: Claim | None = None,
    ) -> list[Claim]:
        """The LG's accepted claims, earliest payment deadline first (the by-lg-status-due index), optionally only
        those due on or after ``due_from`` or before ``due_before``; with ``after``, those that sort after that claim
        (the next page)."""
        condition: Condition | None = None
        if after is not None:
            condition = ClaimItem.gsi2sk > gsi2sk(after)
        elif due_from is not None:
            condition = ClaimItem.gsi2sk >= due_from.isoformat()
        elif due_before is not None:
            condition = ClaimItem.gsi2sk < due_before.isoformat()
        return [
            claim_of(i)
            for i in ClaimItem.by_lg_status_due.query(
                f"LG#{lg_code}#{ClaimStatus.ACCEPTED.value}", condition, limit=limit, page_size=limit
            )
        ]

    def still_accepted(self, claims: list[Claim]) -> list[Claim]:
        """Of these claims, those the base table (strongly consistent) still holds as ACCEPTED."""
        keys = [claim_key(c.claim_id) for c in claims]
        current = {i.claim_id: i.status for i in ClaimItem.batch_get(keys, consistent_read=True)}
        return [c for c in claims if current.get(c.claim_id) == ClaimStatus.ACCEPTED.value]


def _page(result: ResultIterator[ClaimItem]) -> Page:
    try:
        claims = [claim_of(item) for item in result]
    except QueryError as error:  # a start key DynamoDB will not take: the token's fault, not a server error
        if getattr(error, "cause_response_code", None) == "ValidationException":
            raise BadPageToken("nextToken is not a token this API issued") from error
        raise
    last = result.last_evaluated_key
    token = base64.urlsafe_b64encode(json.dumps(last).encode()).decode() if last else None
    return Page(claims, token)


def _decode_token(token: str | None, index_attr: str, expected: str) -> dict[str, Any] | None:
    """A page token is the last key seen: exactly the table's and the index's key attributes, all strings, in the
    caller's own partition. Anything else (another key, another shape) is a bad token, never a DynamoDB error."""
    if not token:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadPageToken("nextToken is not a token this API issued") from error
    index_sort = index_attr[:-2] + "sk"
    if not isinstance(key, dict) or set(key) != {"pk", "sk", index_attr, index_sort}:
        raise BadPageToken("nextToken is not a token this API issued for this query")
    if not all(
        isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) and 0 < len(v["S"]) <= 1024
        for v in key.values()
    ):
        raise BadPageToken("nextToken is not a token this API issued")
    if key[index_attr] != {"S": expected} or not key["pk"]["S"].startswith("CLAIM#") or key["sk"] != {"S": "CLAIM"}:
        raise BadPageToken("nextToken is not a token this API issued for this query")
    return key
