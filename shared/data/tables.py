"""The one definition of every DynamoDB table and queue: the CDK stack and the local stack both build from it.

Plain data, no AWS types, so that ``infra/`` (CDK) and ``infra/local`` (moto) read the same source and a test
checks that the synthesised template agrees with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    partition_key: str
    sort_key: str | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    """``logical`` is the construct id in CDK and the env var suffix; ``name`` the local table name."""

    logical: str
    name: str
    partition_key: str
    sort_key: str | None = None
    indexes: tuple[Index, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None


# Claims, their duplicate guards and uploads (single-table design):
#   claim  pk=CLAIM#<id>           sk=CLAIM
#          gsi1 (a business's claims)            gsi1pk=BIZ#<brn>         gsi1sk=<receivedAt>#<id>
#          gsi2 (an LG's claims by status, due)  gsi2pk=LG#<lg>#<status>  gsi2sk=<dueDate|9999-12-31>#<receivedAt>#<id>
#          gsi3 (an LG's claims, any status)     gsi3pk=LG#<lg>           gsi3sk=<receivedAt>#<id>
#   guard  pk=GUARD#<supplier>#<doc type>#<invoice key>  sk=GUARD   (the duplicate rule; doubles as idempotency record)
#   upload pk=UPLOAD#<id>          sk=UPLOAD
CLAIMS = TableSpec(
    logical="Claims",
    name="claims",
    partition_key="pk",
    sort_key="sk",
    indexes=(
        Index("by-business", "gsi1pk", "gsi1sk"),
        Index("by-lg-status-due", "gsi2pk", "gsi2sk"),
        Index("by-lg", "gsi3pk", "gsi3sk"),
    ),
    ttl_attribute="expiresAt",
)

# The LG registry: code, name, BRN-format tax id. Loaded at provisioning.
REGISTRY = TableSpec(logical="Registry", name="registry", partition_key="pk", sort_key="sk")

# Powertools idempotency records for API writes carrying an Idempotency-Key.
IDEMPOTENCY = TableSpec(logical="Idempotency", name="idempotency", partition_key="id", ttl_attribute="expiration")

TABLES: tuple[TableSpec, ...] = (CLAIMS, REGISTRY, IDEMPOTENCY)


@dataclass(frozen=True, slots=True)
class QueueSpec:
    logical: str
    name: str
    max_receive_count: int = 3
    visibility_timeout_seconds: int = 360  # six times the intake function timeout (60 s), as AWS advises


# S3 ObjectCreated (uploads/ prefix) -> intake queue -> intake function; dead-letter after 3 receives.
INTAKE_QUEUE = QueueSpec(logical="IntakeQueue", name="intake")

QUEUES: tuple[QueueSpec, ...] = (INTAKE_QUEUE,)

BUCKET_NAME = "claims-documents"
EVENT_BUS_NAME = "claims"
UPLOAD_PREFIX = "uploads/"
EVENT_SOURCE = "kr.localfinance.claims"
