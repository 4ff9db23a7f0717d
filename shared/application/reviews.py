"""Resolving a review item (부정수급 검토): where the subsidy context and the claims context meet.

Confirming fraud may return the claim the review is about (its reservation released); the subsidy service decides
and records the outcome, the claims service returns the claim, and this use case is the only place that knows both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.domain.claims.model import Actor, Claim

if TYPE_CHECKING:
    from shared.application.claims import ClaimsService
    from shared.application.subsidy import SubsidyService


class ReviewService:
    def __init__(self, subsidy: SubsidyService, claims: ClaimsService) -> None:
        self._subsidy = subsidy
        self._claims = claims

    def resolve(
        self, actor: Actor, review_id: str, outcome: str, note: str, correlation_id: str | None
    ) -> dict[str, object]:
        def return_claim(claim_id: str, reason: str) -> Claim:
            return self._claims.decide(actor, claim_id, "return", reason, correlation_id)

        return self._subsidy.resolve_review(actor, review_id, outcome, note, return_claim)
