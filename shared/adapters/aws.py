"""Cached boto3 clients, created on first use (never at import time), so that tests and the local stack can
point them at moto through ``AWS_ENDPOINT_URL`` before any client exists."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    from shared.adapters.config import settings

    config = Config(retries={"mode": "standard", "max_attempts": 3}, signature_version="s3v4")
    return boto3.session.Session().client(service, region_name=settings().region, config=config)


def reset_clients() -> None:
    """Forget every cached client (tests switch endpoints between moto instances)."""
    client.cache_clear()
