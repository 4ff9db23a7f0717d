"""The composition root: builds the services from the environment once per process (on first use), binding the
domain's ports to the adapters. ``services()`` is what the API's routes receive (injected, never imported by a
route); each attribute builds only what its context needs, so a request of one context loads no other."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from shared.domain.calendar import now_seoul

if TYPE_CHECKING:
    from shared.adapters.document_store import DocumentStore
    from shared.adapters.dynamodb.budget_repository import BudgetRepository
    from shared.adapters.dynamodb.ledger_repository import LedgerRepository
    from shared.adapters.dynamodb.repository import ClaimRepository, RegistryRepository
    from shared.adapters.dynamodb.revenue_repository import RevenueRepository
    from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository
    from shared.adapters.dynamodb.unit_of_work import DynamoUnitOfWork
    from shared.application.card_feed import CardFeed
    from shared.application.claims import ClaimsService
    from shared.application.decisions import ClaimDecisions
    from shared.application.grant_decisions import GrantDecisions
    from shared.application.grant_executions import GrantExecutions
    from shared.application.grant_settlements import GrantSettlements
    from shared.application.linkage import NationalLink
    from shared.application.revenue import RevenueService
    from shared.application.reviews import ReviewService
    from shared.application.runs import RunService
    from shared.application.settlement import BudgetService, LedgerService
    from shared.application.subsidy import SubsidyService
    from shared.application.treasury_receipts import TreasuryReceipts
    from shared.application.uploads import UploadService
    from shared.domain.claims.ports import Registry


@lru_cache(maxsize=1)
def claims_repository() -> ClaimRepository:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.repository import ClaimRepository

    env = settings()
    return ClaimRepository(env.claims_table, env.registry_table, env.region)


@lru_cache(maxsize=1)
def subsidy_repository() -> SubsidyRepository:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository

    env = settings()
    return SubsidyRepository(env.subsidy_table, env.region)


@lru_cache(maxsize=1)
def subsidy_service() -> SubsidyService:
    from shared.application.subsidy import SubsidyService

    return SubsidyService(subsidy_repository())


@lru_cache(maxsize=1)
def grant_decisions() -> GrantDecisions:
    from shared.application.grant_decisions import GrantDecisions

    return GrantDecisions(subsidy_service(), subsidy_repository(), budget_repository(), unit_of_work())


@lru_cache(maxsize=1)
def grant_settlements() -> GrantSettlements:
    from shared.application.grant_settlements import GrantSettlements

    return GrantSettlements(
        subsidy_service(), subsidy_repository(), revenue_service(), budget_repository(), unit_of_work()
    )


@lru_cache(maxsize=1)
def treasury_receipts() -> TreasuryReceipts:
    from shared.application.treasury_receipts import TreasuryReceipts

    return TreasuryReceipts(revenue_service(), document_store(), document_store())


@lru_cache(maxsize=1)
def grant_executions() -> GrantExecutions:
    from shared.application.grant_executions import GrantExecutions

    return GrantExecutions(subsidy_repository(), budget_repository(), unit_of_work())


@lru_cache(maxsize=1)
def card_feed() -> CardFeed:
    from shared.application.card_feed import CardFeed

    return CardFeed(grant_executions(), document_store(), document_store())


@lru_cache(maxsize=1)
def linkage_service() -> NationalLink:
    from shared.application.linkage import NationalLink

    return NationalLink(subsidy_repository(), claims_repository(), document_store())


@lru_cache(maxsize=1)
def budget_repository() -> BudgetRepository:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.budget_repository import BudgetRepository

    env = settings()
    return BudgetRepository(env.settlement_table, env.region)


@lru_cache(maxsize=1)
def revenue_repository() -> RevenueRepository:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.revenue_repository import RevenueRepository

    env = settings()
    return RevenueRepository(env.settlement_table, env.region)


@lru_cache(maxsize=1)
def revenue_service() -> RevenueService:
    from shared.application.revenue import RevenueService

    return RevenueService(revenue_repository(), budgets=budget_repository())


@lru_cache(maxsize=1)
def budget_service() -> BudgetService:
    from shared.application.settlement import BudgetService

    return BudgetService(budget_repository())


@lru_cache(maxsize=1)
def document_store() -> DocumentStore:
    from shared.adapters.config import settings
    from shared.adapters.document_store import DocumentStore

    return DocumentStore(settings().document_bucket)


@lru_cache(maxsize=1)
def claims_service() -> ClaimsService:
    from shared.adapters.config import settings
    from shared.adapters.eventbridge import EventBridgePublisher
    from shared.application.claims import ClaimsService

    env = settings()
    return ClaimsService(
        repository=claims_repository(),
        registry=registry(),
        documents=document_store(),
        publisher=EventBridgePublisher(env.event_bus_name),
        subsidy=subsidy_service(),
        max_claim_total=env.max_claim_total,
    )


@lru_cache(maxsize=1)
def upload_service() -> UploadService:
    from shared.adapters.config import settings
    from shared.application.uploads import UploadService

    return UploadService(
        claims_service(),
        claims_repository(),
        registry(),
        document_store(),
        upload_url_expires_seconds=settings().upload_url_expires_seconds,
    )


@lru_cache(maxsize=1)
def claim_decisions() -> ClaimDecisions:
    from shared.adapters.config import settings
    from shared.adapters.eventbridge import EventBridgePublisher
    from shared.application.decisions import ClaimDecisions

    env = settings()
    return ClaimDecisions(
        claims_repository(),
        budget_repository(),
        unit_of_work(),
        EventBridgePublisher(env.event_bus_name),
        grants=subsidy_repository(),
    )


@lru_cache(maxsize=1)
def unit_of_work() -> DynamoUnitOfWork:
    """What must be written together, as one DynamoDB transaction (on the ledger's connection: one per region)."""
    from shared.adapters.dynamodb.unit_of_work import DynamoUnitOfWork

    return DynamoUnitOfWork(ledger_repository().connection)


@lru_cache(maxsize=1)
def ledger_repository() -> LedgerRepository:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.ledger_repository import LedgerRepository

    env = settings()
    return LedgerRepository(env.settlement_table, env.region)


@lru_cache(maxsize=1)
def run_service() -> RunService:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.run_repository import RunRepository
    from shared.adapters.eventbridge import SqsQueue
    from shared.application.runs import RunService
    from shared.domain.settlement.payment_run import PaymentRun

    env = settings()
    runs = RunRepository(env.settlement_table, env.region)
    subsidy = subsidy_repository()
    ledger = ledger_repository()
    payment = PaymentRun(
        claims_repository(),
        runs,
        ledger,
        subsidy,
        unit_of_work(),
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
        document_store(),
        SqsQueue(env.settlement_queue_url),
        registry(),
        env.late_payment_interest_rate,
        revenue=revenue_repository(),
    )


@lru_cache(maxsize=1)
def registry() -> RegistryRepository:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.repository import RegistryRepository

    env = settings()
    return RegistryRepository(env.claims_table, env.registry_table, env.region, env.registry_cache_seconds)


@lru_cache(maxsize=1)
def ledger_service() -> LedgerService:
    from shared.application.settlement import LedgerService

    return LedgerService(ledger_repository())


@lru_cache(maxsize=1)
def review_service() -> ReviewService:
    from shared.application.reviews import ReviewService

    return ReviewService(subsidy_repository(), claims_repository(), claim_decisions(), executions=grant_executions())


class Services:
    """The services a route may use, each built on first use (see the module's docstring)."""

    @property
    def claims(self) -> ClaimsService:
        return claims_service()

    @property
    def uploads(self) -> UploadService:
        return upload_service()

    @property
    def decisions(self) -> ClaimDecisions:
        return claim_decisions()

    @property
    def subsidy(self) -> SubsidyService:
        return subsidy_service()

    @property
    def grants(self) -> GrantDecisions:
        return grant_decisions()

    @property
    def grant_settlements(self) -> GrantSettlements:
        return grant_settlements()

    @property
    def executions(self) -> GrantExecutions:
        return grant_executions()

    @property
    def linkage(self) -> NationalLink:
        return linkage_service()

    @property
    def reviews(self) -> ReviewService:
        return review_service()

    @property
    def budgets(self) -> BudgetService:
        return budget_service()

    @property
    def revenue(self) -> RevenueService:
        return revenue_service()

    @property
    def ledger(self) -> LedgerService:
        return ledger_service()

    @property
    def runs(self) -> RunService:
        return run_service()

    @property
    def registry(self) -> Registry:
        return registry()


SERVICES = Services()


def reset() -> None:
    """Forget the built services (tests and the local stack rebuild them against new endpoints): every cached
    builder of this module, so a new one is never left pointing at an old endpoint."""
    for builder in list(globals().values()):
        if callable(builder) and hasattr(builder, "cache_clear") and getattr(builder, "__module__", "") == __name__:
            builder.cache_clear()
