"""Environment settings, parsed once per process (at cold start) into a pydantic model."""

from __future__ import annotations

import os
from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel, Field


class Settings(BaseModel):
    claims_table: str = Field(alias="CLAIMS_TABLE")
    registry_table: str = Field(alias="REGISTRY_TABLE")
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE")
    subsidy_table: str = Field(alias="SUBSIDY_TABLE")
    settlement_table: str = Field(alias="SETTLEMENT_TABLE")
    document_bucket: str = Field(alias="DOCUMENT_BUCKET")
    event_bus_name: str = Field(alias="EVENT_BUS_NAME")
    region: str = Field(default="ap-northeast-2", alias="AWS_REGION")
    settlement_queue_url: str = Field(default="", alias="SETTLEMENT_QUEUE_URL")
    late_payment_interest_rate: Decimal = Field(
        default=Decimal("0.12"),
        alias="LATE_PAYMENT_INTEREST_RATE",
        ge=0,
        le=1,
        description="yearly rate of 지연이자, a fraction (design)",
    )
    upload_url_expires_seconds: int = Field(default=900, alias="UPLOAD_URL_EXPIRES_SECONDS", ge=60, le=3600)
    registry_cache_seconds: int = Field(default=300, alias="REGISTRY_CACHE_SECONDS", ge=0)
    officials_issuer: str = Field(
        default="",
        alias="OFFICIALS_ISSUER",
        description="the officials' user pool issuer: official and national roles are "
        "taken from its tokens only (empty: from any pool the authorizer "
        "trusts)",
    )
    max_claim_total: int = Field(
        default=10**13,
        alias="MAX_CLAIM_TOTAL",
        ge=1,
        le=10**15,
        description="the largest grand total a claim may have, won (design: 10조 won, far "
        "above any single local contract, far below DynamoDB's 38 digits)",
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings; a missing variable fails loudly at cold start, not mid-request."""
    return Settings.model_validate(dict(os.environ))
