"""Builds the services from the environment once per process (at cold start, on first use)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from shared.domain.calendar import now_seoul

if TYPE_CHECKING:
    from shared.application.claims import ClaimsService
    from shared.application.subsidy import SubsidyService


@lru_cache(maxsize=1)
def claims_repository():
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.repository import ClaimRepository

    env = settings()
    return ClaimRepository(env.claims_table, env.registry_table, env.region)


@lru_cache(maxsize=1)
def subsidy_service() -> SubsidyService:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository
    from shared.application.subsidy import SubsidyService

    env = settings()
    return SubsidyService(SubsidyRepository(env.subsidy_table, env.region), claims_repository=claims_repository())


@lru_cache(maxsize=1)
def budget_repository():
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.budget_repository import BudgetRepository

    env = settings()
    return BudgetRepository(env.settlement_table, env.region)


@lru_cache(maxsize=1)
def budget_service():
    from shared.application.settlement import BudgetService

    return BudgetService(budget_repository())


@lru_cache(maxsize=1)
def claims_service() -> ClaimsService:
    from shared.adapters.config import settings
    from shared.adapters.document_store import DocumentStore
    from shared.adapters.eventbridge import EventBridgePublisher
    from shared.application.claims import ClaimsService

    env = settings()
    return ClaimsService(
        repository=claims_repository(),
        registry=registry(),
        documents=DocumentStore(env.document_bucket),
        publisher=EventBridgePublisher(env.event_bus_name),
        upload_url_expires_seconds=env.upload_url_expires_seconds,
        subsidy=subsidy_service(),
        budgets=budget_repository(),
        ledger=ledger_repository(),
        max_claim_total=env.max_claim_total,
    )


@lru_cache(maxsize=1)
def ledger_repository():
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.ledger_repository import LedgerRepository

    env = settings()
    return LedgerRepository(env.settlement_table, env.region)


@lru_cache(maxsize=1)
def run_service():
    from shared.adapters.config import settings
    from shared.adapters.document_store import DocumentStore
    from shared.adapters.dynamodb.payment_writer import PaymentWriter
    from shared.adapters.dynamodb.run_repository import RunRepository
    from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository
    from shared.adapters.eventbridge import SqsQueue
    from shared.application.runs import RunService
    from shared.domain.settlement.payment_run import PaymentRun

    env = settings()
    runs = RunRepository(env.settlement_table, env.region)
    subsidy = SubsidyRepository(env.subsidy_table, env.region)
    ledger = ledger_repository()
    payment = PaymentRun(
        claims_repository(),
        runs,
        ledger,
        subsidy,
        PaymentWriter(ledger, ledger.connection),
        env.late_payment_interest_rate,
        now_seoul,
        budgets=budget_repository(),
    )
    return RunService(
        runs,
        payment,
        ledger,
        budget_repository(),
        subsidy,
        DocumentStore(env.document_bucket),
        SqsQueue(env.settlement_queue_url),
        registry(),
        env.late_payment_interest_rate,
    )


@lru_cache(maxsize=1)
def registry():
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.repository import RegistryRepository

    env = settings()
    return RegistryRepository(env.claims_table, env.registry_table, env.region, env.registry_cache_seconds)


def reset() -> None:
    """Forget the built services (tests and the local stack rebuild them against new endpoints)."""
    for cached in (
        claims_service,
        subsidy_service,
        claims_repository,
        registry,
        budget_repository,
        budget_service,
        ledger_repository,
        run_service,
    ):
        cached.cache_clear()
