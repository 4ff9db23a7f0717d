"""The review queue (부정수급 검토): a review per subsidy claim an indicator fired on, recorded with the claim's risk,
listed per LG and status (the by-lg-status index) and resolved once."""

from __future__ import annotations

import json

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.conditions import condition_failed
from shared.adapters.dynamodb.keys import claim_key
from shared.adapters.dynamodb.subsidy_models import ReviewItem
from shared.adapters.dynamodb.subsidy_repository.mapping import review_item, review_of
from shared.adapters.dynamodb.subsidy_repository.table import SubsidyTable
from shared.adapters.dynamodb.typed_attributes import set_nullable
from shared.domain.subsidy.model import Review
from shared.domain.subsidy.ports import StaleReview


class ReviewQueue(SubsidyTable):
    def record_review(self, review: Review | None, claim_id: str, risk: dict[str, object]) -> None:
        """The claim's risk, and its review when an indicator fired, in one transaction; a replay changes nothing."""
        from shared.adapters.dynamodb.models import ClaimItem  # the claims table: loaded only when a claim is marked

        try:
            with TransactWrite(connection=self._connection) as tx:
                tx.update(
                    ClaimItem(*claim_key(claim_id)),
                    actions=[ClaimItem.risk_json.set(json.dumps(risk))],
                    condition=ClaimItem.pk.exists(),
                )
                if review is not None:
                    tx.save(review_item(review), condition=ReviewItem.pk.does_not_exist())
        except TransactWriteError as error:
            if review is not None and self.get_review(review.review_id) is not None:
                return  # the same event delivered again: the review is already there
            raise error

    @staticmethod
    def add_review_to(tx: TransactWrite, review: Review) -> None:
        """Add to a caller's transaction: the review, once."""
        tx.save(review_item(review), condition=ReviewItem.pk.does_not_exist())

    def add_review(self, review: Review) -> bool:
        try:
            review_item(review).save(condition=ReviewItem.pk.does_not_exist())
            return True
        except PutError as error:
            if condition_failed(error):
                return False
            raise

    def list_reviews(
        self, lg_code: str, status: str, limit: int, by_score: bool = False, indicator: str | None = None
    ) -> list[Review]:
        """The LG's reviews of a status, newest or riskiest first (one index's partition: Query only), those that
        name ``indicator`` if given (a filter on that partition, read until ``limit`` are found)."""
        index = ReviewItem.by_lg_score if by_score else ReviewItem.by_lg_status
        condition = ReviewItem.codes.contains(indicator) if indicator else None
        items = index.query(
            f"REVIEW#{lg_code}#{status}", filter_condition=condition, scan_index_forward=False, limit=limit
        )
        return [review_of(i) for i in items]

    def get_review(self, review_id: str) -> Review | None:
        try:
            return review_of(ReviewItem.get(f"REVIEW#{review_id}", "REVIEW"))
        except ReviewItem.DoesNotExist:
            return None

    def resolve_review(self, review: Review) -> None:
        try:
            ReviewItem(f"REVIEW#{review.review_id}", "REVIEW").update(
                actions=[
                    ReviewItem.status.set(review.status),
                    set_nullable(ReviewItem.resolved_at, review.resolved_at),
                    set_nullable(ReviewItem.resolved_by, review.resolved_by),
                    ReviewItem.note.set(review.note or ""),
                    ReviewItem.gsi1pk.set(f"REVIEW#{review.lg_code}#{review.status}"),
                    ReviewItem.gsi2pk.set(f"REVIEW#{review.lg_code}#{review.status}"),
                ],
                condition=ReviewItem.status == "open",
            )
        except UpdateError as error:
            if condition_failed(error):
                raise StaleReview(review.review_id) from error
            raise
