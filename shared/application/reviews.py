"""The review queue (부정수급 검토): the reviews the soft indicators and the national link opened, and resolving
them, where the subsidy context and the claims context meet.

Confirming fraud offers a sanction and returns the claim the review is about (its reservation released) when it
is still received: the review store records the outcome, the claim decisions return the claim, and this use case
is the only place that knows both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from shared.application.actors import require_official
from shared.domain.actor import Actor
from shared.domain.calendar import now_seoul
from shared.domain.claims.model import Claim, ClaimStatus
from shared.domain.claims.ports import ClaimReader
from shared.domain.errors import Conflict, NotFound
from shared.domain.subsidy.cards import is_card_spend
from shared.domain.subsidy.model import Review
from shared.domain.subsidy.payroll import is_payroll_spend
from shared.domain.subsidy.ports import ReviewStore, StaleReview

if TYPE_CHECKING:
    from shared.application.decisions import ClaimDecisions
    from shared.application.grant_executions import GrantExecutions

SANCTION_OFFER_YEARS = 5  # exclusion period offered after confirmed fraud (지방보조금법: up to 5 years)
SURCHARGE_MULTIPLE = 5  # 제재부가금: up to 5 times the amount


class ReviewService:
    def __init__(
        self,
        reviews: ReviewStore,
        claim_store: ClaimReader,
        decisions: ClaimDecisions,
        clock: Callable[[], datetime] = now_seoul,
        executions: GrantExecutions | None = None,
    ) -> None:
        self._reviews = reviews
        self._claim_store = claim_store
        self._decisions = decisions
        self._clock = clock
        self._executions = executions

    def list_reviews(
        self, actor: Actor, status: str, limit: int, by_score: bool = False, indicator: str | None = None
    ) -> list[Review]:
        """The official's queue: its LG's reviews of a status, newest first or riskiest first (``by_score``), only
        those naming ``indicator`` if given."""
        require_official(actor)
        return self._reviews.list_reviews(actor.org, status, limit, by_score, indicator)

    def resolve(
        self, actor: Actor, review_id: str, outcome: str, note: str, correlation_id: str | None
    ) -> dict[str, object]:
        """Clear a flag, or confirm fraud: a sanction is offered, and the claim is returned (its reservation
        released) when it is still received. An accepted, scheduled or paid claim is past returning: the answer
        says so (``claimReturned`` false) and the money is recovered (환수) outside this API."""
        require_official(actor)
        review = self._reviews.get_review(review_id)
        if review is None or review.lg_code != actor.org:
            raise NotFound(f"No review {review_id}")
        if review.status != "open":
            raise Conflict(f"Review {review_id} is already {review.status}")
        now = self._clock()
        review.status, review.resolved_at, review.resolved_by, review.note = outcome, now.isoformat(), actor.label, note
        try:
            self._reviews.resolve_review(review)
        except StaleReview:
            raise Conflict(f"Review {review_id} was resolved meanwhile") from None
        answer: dict[str, object] = {"review": review.to_api()}
        if is_card_spend(review.claim_id) or is_payroll_spend(review.claim_id):
            # a grant's card payment or payroll, held until now: executed or released
            return answer | self._execution(review, outcome, now)
        if outcome == "fraud":
            claim, returned = self._return_if_received(
                actor,
                review.claim_id,
                f"부정수급 확인 (fraud confirmed, review {review_id}): {note}",
                correlation_id,
            )
            answer["claim"] = claim.to_api()
            answer["claimReturned"] = returned
            answer["sanctionOffer"] = _offer(claim.buyer, review_id, now, int(Decimal(claim.grand_total)))
        return answer

    def _execution(self, review: Review, outcome: str, now: datetime) -> dict[str, object]:
        settled = self._executions.settle_review(review, outcome) if self._executions is not None else {}
        answer: dict[str, object] = {"payroll" if is_payroll_spend(review.claim_id) else "cardPayment": settled}
        recipient = settled.get("recipientBrn")
        if outcome == "fraud" and isinstance(recipient, str):
            answer["sanctionOffer"] = _offer(recipient, review.review_id, now, int(str(settled.get("amount", 0))))
        return answer

    def _return_if_received(
        self, actor: Actor, claim_id: str, reason: str, correlation_id: str | None
    ) -> tuple[Claim, bool]:
        """The claim, and whether it was returned now: only a received claim is (also when it is accepted
        meanwhile, the return's conflict leaves it as it is)."""
        claim = self._claim_store.get(claim_id)
        if claim is not None and claim.status is not ClaimStatus.RECEIVED:
            return claim, False
        try:
            return self._decisions.decide(actor, claim_id, "return", reason, correlation_id), True
        except Conflict:
            claim = self._claim_store.get(claim_id)
            if claim is None or claim.status is ClaimStatus.RECEIVED:
                raise
            return claim, False


def _offer(brn: str, review_id: str, now: datetime, amount: int) -> dict[str, object]:
    """The sanction offered after confirmed fraud: exclusion for 5 years from today, and the 제재부가금 bound."""
    return {
        "brn": brn,
        "reason": f"부정수급 (fraud) confirmed in review {review_id}",
        "from": now.date().isoformat(),
        "until": (now.date() + timedelta(days=365 * SANCTION_OFFER_YEARS)).isoformat(),
        "surchargeUpTo": amount * SURCHARGE_MULTIPLE,
    }
