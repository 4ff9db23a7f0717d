"""``Idempotency-Key`` for API writes, on Powertools' idempotency utility (one DynamoDB item per key).

The record is keyed by caller + key; the body is hashed for payload validation, so the same key with another
body is refused with 422 ``IDEMPOTENCY_KEY_REUSED``. A request that fails stores nothing (Powertools deletes the
in-progress record), so its retry runs again and, since nothing changed, answers the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)

from shared.domain.documents import Finding
from shared.domain.errors import ClaimsError, IdempotencyKeyReused, Malformed

KEY_TTL_SECONDS = 24 * 60 * 60


class InProgress(ClaimsError):
    status, code, title = 409, "IDEMPOTENCY_IN_PROGRESS", "The first request with this key is still running"


def _persistence() -> DynamoDBPersistenceLayer:
    from shared.adapters.aws import client

    return _persistence_for(client("dynamodb"))


@lru_cache(maxsize=1)
def _persistence_for(dynamodb: Any) -> DynamoDBPersistenceLayer:
    """One persistence layer per DynamoDB client (the client is cached per process; tests swap endpoints)."""
    from shared.adapters.config import settings

    return DynamoDBPersistenceLayer(table_name=settings().idempotency_table, boto3_client=dynamodb)


_CONFIG = IdempotencyConfig(
    event_key_jmespath="[org, key]",
    payload_validation_jmespath="body",
    expires_after_seconds=KEY_TTL_SECONDS,
    raise_on_no_idempotency_key=True,
)


def replay_or_run(
    org: str, key: str, body: dict[str, Any], run: Callable[[], tuple[dict, int]], lambda_context: Any = None
) -> tuple[dict, int]:
    try:
        key = str(uuid.UUID(key))  # one spelling per UUID: braces, urn:uuid: and bare hex name the same key
    except ValueError:
        raise Malformed(
            "Idempotency-Key must be a UUID",
            [Finding("REQUEST_INVALID", "Idempotency-Key must be a UUID", "/headers/Idempotency-Key")],
        ) from None

    if lambda_context is not None:
        _CONFIG.register_lambda_context(lambda_context)

    @idempotent_function(data_keyword_argument="request", persistence_store=_persistence(), config=_CONFIG)
    def once(request: dict[str, Any]) -> dict[str, Any]:
        answer, status = run()
        return {"answer": answer, "status": status}

    try:
        stored = once(request={"org": org, "key": key, "body": body})
    except IdempotencyValidationError:
        raise IdempotencyKeyReused("This Idempotency-Key was used with another body") from None
    except IdempotencyAlreadyInProgressError:
        raise InProgress("Retry after the first request finishes") from None
    return stored["answer"], stored["status"]
