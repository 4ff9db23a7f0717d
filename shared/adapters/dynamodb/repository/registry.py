"""The LG registry (the Registry table): small and read-mostly, so read whole (one Scan) and cached in the process."""

from __future__ import annotations

import time

from shared.adapters.dynamodb import models
from shared.adapters.dynamodb.models import LgItem
from shared.domain.claims.model import LocalGovernment


class RegistryRepository:
    """The LG registry, small and read-mostly: cached in the process for ``cache_seconds``."""

    def __init__(self, claims_table: str, registry_table: str, region: str, cache_seconds: int = 300) -> None:
        models.bind(claims_table, registry_table, region)
        self._cache_seconds = cache_seconds
        self._cache: dict[str, LocalGovernment] | None = None
        self._loaded_at = 0.0

    def all(self) -> dict[str, LocalGovernment]:
        now = time.monotonic()
        if self._cache is None or now - self._loaded_at > self._cache_seconds:
            self._cache = {
                item.lg_code: LocalGovernment(item.lg_code, item.name, item.name_en, item.tax_id)
                for item in LgItem.scan()
            }
            self._loaded_at = now
        return self._cache

    def get(self, lg_code: str) -> LocalGovernment | None:
        return self.all().get(lg_code)
