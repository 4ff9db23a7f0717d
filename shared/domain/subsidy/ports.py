"""The subsidy context's ports, in the domain's terms: the subsidy store as each use case sees it (grants and their
claims' checks, the review queue, the national link, a year close's grants), implemented by
``shared.adapters.dynamodb.subsidy_repository.SubsidyRepository``, and the refusals it raises."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the ports are types only
    from shared.domain.subsidy.model import (
        BusinessFacts,
        CategoryBudget,
        Grant,
        GrantSummary,
        Review,
        Sanction,
        Spend,
        Wage,
    )


class GrantExists(Exception):
    pass


class StaleReview(Exception):
    pass


class GrantTaken(Exception):
    """A national line names a grant it may not replace: a local grant, or one the national feed wrote."""


# -- what the store answers ----------------------------------------------------------------------------------------


class IndexEntry(Protocol):
    """An entry of the similar-program blocking index: the grant it names, by reference ``<lg>#<id>``."""

    @property
    def grant_id(self) -> str: ...


class HardCheckFacts(Protocol):
    """What the store tells (in one read) about a new subsidy claim: the LG's grant, the claim's category budget,
    the recipient's sanctions, and the claim (or ``national:<grant>``) already holding the invoice as evidence."""

    @property
    def grant(self) -> Grant | None: ...

    @property
    def category(self) -> CategoryBudget | None: ...

    @property
    def sanctions(self) -> Sequence[Sanction]: ...

    @property
    def evidence_claim(self) -> str | None: ...


class GrantActivity(Protocol):
    """A grant with its budget, and every execution against it with its status (RESERVED, RELEASED, EXECUTED)."""

    @property
    def grant(self) -> Grant: ...

    @property
    def spends(self) -> Sequence[tuple[Spend, str]]: ...


# -- the store, per use case ---------------------------------------------------------------------------------------


class SubsidyStore(Protocol):
    """Grants (교부결정) and sanctions, the similar-program index, and what a subsidy claim's hard checks (at
    receipt) and soft indicators (after it) read and record: ``shared.application.subsidy.SubsidyService``."""

    def create_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        """Raises ``GrantExists`` when the LG has a grant of that id."""
        ...

    def index_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        """After a grant written by a unit of work: its recipient's pointer and its similar-program index entries."""
        ...

    def index_lookup(self, keys: list[str]) -> Mapping[str, Sequence[IndexEntry]]: ...

    def grant_summaries(self, refs: list[str]) -> list[GrantSummary]: ...

    def get_grant(self, lg_code: str, grant_id: str) -> Grant | None: ...

    def recipient_grants(self, recipient_brn: str, grant_id: str) -> list[Grant]: ...

    def add_sanction(self, sanction: Sanction, at: str) -> None: ...

    def recipient_sanctions(self, brn: str) -> list[Sanction]:
        """Every sanction of a business, recorded by any LG."""
        ...

    def hard_check_facts(
        self, lg_code: str, grant_id: str, category: str, recipient_brn: str, evidence: str
    ) -> HardCheckFacts: ...

    def grant_activity(self, lg_code: str, grant_id: str) -> GrantActivity | None: ...

    def businesses_and_evidence(
        self, brns: list[str], invoice_key: str, lg_code: str | None = None
    ) -> tuple[dict[str, BusinessFacts], bool]:
        """The businesses' registry facts, and whether the invoice is reported cancelled."""
        ...

    def record_review(self, review: Review | None, claim_id: str, risk: dict[str, object]) -> None:
        """The claim's risk, and its review when an indicator fired, together; a replay changes nothing."""
        ...


class ReviewStore(Protocol):
    """The review queue (부정수급 검토): ``shared.application.reviews.ReviewService``."""

    def list_reviews(
        self, lg_code: str, status: str, limit: int, by_score: bool = False, indicator: str | None = None
    ) -> list[Review]: ...

    def get_review(self, review_id: str) -> Review | None: ...

    def resolve_review(self, review: Review) -> None:
        """Raises ``StaleReview`` when the review is no longer open."""
        ...


class LinkageStore(Protocol):
    """What the national link (e나라도움) writes: ``shared.application.linkage.NationalLink``."""

    def get_grant(self, lg_code: str, grant_id: str) -> Grant | None: ...

    def put_national_grant(
        self, grant: Grant, index_entries: dict[str, dict[str, str]], importer: str | None = None
    ) -> None:
        """Raises ``GrantTaken`` (writing nothing) for a grant this import may not replace."""
        ...

    def put_national_execution(
        self,
        grant_id: str,
        vendor_brn: str,
        invoice_id: str,
        amount: int,
        day: date,
        cancelled: bool,
        mark_local: bool = True,
        importer: str | None = None,
    ) -> str | None:
        """Record the execution's evidence; the id of the local claim holding the invoice, if one does."""
        ...

    def mark_evidence_cancelled(self, vendor_brn: str, invoice_id: str, day: date) -> None: ...

    def put_business(self, facts: BusinessFacts) -> None: ...

    def put_national_wage(self, wage: Wage) -> None: ...

    def add_review(self, review: Review) -> bool:
        """False when the review exists already."""
        ...


class GrantSettlementStore(Protocol):
    """An LG's grants as its year close settles them (정산): ``shared.application.runs.RunService``."""

    def lg_grants(self, lg_code: str) -> list[Grant]: ...

    def close_grant(self, lg_code: str, grant_id: str) -> None: ...
