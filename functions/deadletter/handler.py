"""Intake dead letters: SQS (the intake queue's dead-letter queue) -> this function.

A message lands here when the intake failed on it every time SQS delivered it. The upload it names must not stay
PENDING for ever: it is marked REJECTED with ``INTAKE_FAILED`` (an upload that became a claim meanwhile stays as it
is), so the business sees why and sends the document again. A national linkage file has no upload to mark: it is
logged by key (no personal data in a key) for the operator, whom the dead-letter queue's alarm has notified.
"""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from shared.adapters.config import settings
from shared.adapters.dynamodb.tables import UPLOAD_PREFIX
from shared.adapters.observability import logger, metrics
from shared.adapters.queue_function import sqs_handler
from shared.application.wiring import upload_service

settings()  # the environment, parsed once at cold start


def record_handler(record: SQSRecord) -> None:
    try:
        notification = json.loads(record.body)
    except ValueError:
        logger.error("A dead letter that is not an S3 notification", extra={"message_id": record.message_id})
        return
    records = notification.get("Records", []) if isinstance(notification, dict) else []
    for s3_record in records:
        key = unquote_plus(s3_record.get("s3", {}).get("object", {}).get("key", ""))
        outcome = upload_service().dead_lettered(key) if key.startswith(UPLOAD_PREFIX) else None
        if outcome is None:
            logger.error("An intake object failed every attempt", extra={"key": key[:200]})
            continue
        logger.info("Upload rejected after failing every attempt", extra={"upload_id": outcome.upload_id})
        metrics.add_metric(name="UploadDeadLettered", unit="Count", value=1)


handler = sqs_handler(record_handler)
