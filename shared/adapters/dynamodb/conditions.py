"""Telling a refused condition from any other DynamoDB error, for single writes and for transactions."""

from __future__ import annotations

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError


def condition_failed(error: Exception) -> bool:
    """Whether a write was refused by its condition: a put's or update's ``ConditionalCheckFailedException``, or a
    transaction cancelled with a ``ConditionalCheckFailed`` reason."""
    if isinstance(error, TransactWriteError):
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons or [])
    if isinstance(error, (UpdateError, PutError)):
        return error.cause_response_code == "ConditionalCheckFailedException"
    return False


def cancellation_code(error: TransactWriteError, index: int) -> str | None:
    """The reason DynamoDB gave for the transaction's ``index``-th operation, if it gave one."""
    reasons = error.cancellation_reasons or []
    reason = reasons[index] if index < len(reasons) else None
    return reason.code if reason is not None else None
