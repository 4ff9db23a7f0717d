"""Small helpers shared by the benchmarks: medians, a rich table, the environment a handler needs to import."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable
from pathlib import Path

# What Lambda's own environment tells a function at init, so that libraries take their Lambda paths (the X-Ray SDK,
# for one, samples locally in Lambda and only elsewhere builds a client for centralised sampling rules).
LAMBDA_ENV = {
    "LAMBDA_TASK_ROOT": str(Path(__file__).resolve().parents[1]),
    "AWS_LAMBDA_FUNCTION_NAME": "claims-bench",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.14",
}
FUNCTION_ENV = {
    "CLAIMS_TABLE": "claims",
    "REGISTRY_TABLE": "registry",
    "IDEMPOTENCY_TABLE": "idempotency",
    "SUBSIDY_TABLE": "subsidy",
    "SETTLEMENT_TABLE": "settlement",
    "DOCUMENT_BUCKET": "claims-documents",
    "EVENT_BUS_NAME": "claims",
    "AWS_REGION": "ap-northeast-2",
    "POWERTOOLS_SERVICE_NAME": "bench",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


def function_env() -> dict[str, str]:
    return {**os.environ, **FUNCTION_ENV, **LAMBDA_ENV}


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def verdict(ok: bool) -> str:
    return "[green]met[/]" if ok else "[red]missed[/]"


DYNAMODB_OPERATIONS = frozenset(
    {"Query", "GetItem", "BatchGetItem", "TransactWriteItems", "PutItem", "UpdateItem", "BatchWriteItem"}
)


def dynamodb_counts(counts: dict[str, int]) -> dict[str, int]:
    """The DynamoDB operations among counted AWS requests."""
    return {k: v for k, v in counts.items() if k in DYNAMODB_OPERATIONS}


def growth(small: dict, large: dict) -> dict[str, float]:
    """How claims, DynamoDB requests and wall time grew from the smaller measurement to the larger."""
    return {
        "claims": large["claims"] / small["claims"],
        "requests": large["dynamodb_requests"] / max(small["dynamodb_requests"], 1),
        "wall": large["wall_s"] / max(small["wall_s"], 1e-9),
    }
