"""Soft fraud indicators of subsidy claims: ClaimReceived (EventBridge rule) -> SQS -> this function.

Each record is one EventBridge event. The indicators run, the claim gets its risk score, and a claim with any hit
goes to the review queue. Replays are harmless (the review id comes from the claim id); a transient error fails
only its record, which SQS delivers again and finally dead-letters.
"""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from shared.adapters.config import settings
from shared.adapters.observability import logger, metrics
from shared.adapters.queue_function import sqs_handler
from shared.application.wiring import subsidy_service

settings()  # the environment, parsed once at cold start


def record_handler(record: SQSRecord) -> None:
    event = json.loads(record.body)
    if event.get("detail-type") != "ClaimReceived":
        logger.warning("Ignoring an event that is not ClaimReceived", extra={"detail_type": event.get("detail-type")})
        return
    data = event["detail"]["data"]
    if data.get("kind") != "subsidy":
        return
    review = subsidy_service().validate_claim(data)
    logger.info(
        "Subsidy claim checked",
        extra={
            "claim_id": data["claimId"],
            "review_id": review and review.review_id,
            "score": review.score if review else 0,
        },
    )
    metrics.add_metric(name="SubsidyClaimFlagged" if review else "SubsidyClaimClean", unit="Count", value=1)


handler = sqs_handler(record_handler)
