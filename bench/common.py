"""Small helpers shared by the benchmarks: medians, a rich table, the environment a handler needs to import."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable

FUNCTION_ENV = {
    "CLAIMS_TABLE": "claims", "REGISTRY_TABLE": "registry", "IDEMPOTENCY_TABLE": "idempotency",
    "SUBSIDY_TABLE": "subsidy", "SETTLEMENT_TABLE": "settlement",
    "DOCUMENT_BUCKET": "claims-documents", "EVENT_BUS_NAME": "claims", "AWS_REGION": "ap-northeast-2",
    "POWERTOOLS_SERVICE_NAME": "bench", "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
}


def function_env() -> dict[str, str]:
    return {**os.environ, **FUNCTION_ENV}


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def verdict(ok: bool) -> str:
    return "[green]met[/]" if ok else "[red]missed[/]"
