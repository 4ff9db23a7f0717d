"""Builds the claims service from the environment once per process (at cold start, on first use)."""

from __future__ import annotations

from functools import lru_cache

from shared.claims.service import ClaimsService


@lru_cache(maxsize=1)
def claims_service() -> ClaimsService:
    from shared.config import settings
    from shared.data.documents import DocumentStore
    from shared.data.repository import ClaimRepository
    from shared.events import EventBridgePublisher

    env = settings()
    return ClaimsService(
        repository=ClaimRepository(env.claims_table, env.registry_table, env.region),
        registry=registry(),
        documents=DocumentStore(env.document_bucket),
        publisher=EventBridgePublisher(env.event_bus_name),
        upload_url_expires_seconds=env.upload_url_expires_seconds,
    )


@lru_cache(maxsize=1)
def registry():
    from shared.config import settings
    from shared.data.repository import RegistryRepository

    env = settings()
    return RegistryRepository(env.claims_table, env.registry_table, env.region, env.registry_cache_seconds)


def reset() -> None:
    """Forget the built service (tests and the local stack rebuild it against new endpoints)."""
    claims_service.cache_clear()
    registry.cache_clear()
