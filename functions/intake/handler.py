"""Intake of uploaded documents: S3 ObjectCreated -> SQS -> this function (batches, partial failures).

Objects under ``uploads/`` are e-invoices becoming claims; objects under ``linkage/`` are national (e나라도움)
JSON-lines files, imported like ``POST /v1/linkage/national``.

Each SQS record carries one S3 notification. A document that breaks rules is not a failure: its upload is
marked REJECTED with every finding. A transient error fails only its record (Powertools batch processing
reports it), SQS delivers it again, and after 3 receives the dead-letter queue keeps it.
"""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from shared.adapters.config import settings
from shared.adapters.dynamodb.tables import LINKAGE_PREFIX, UPLOAD_PREFIX
from shared.adapters.observability import logger, metrics
from shared.adapters.queue_function import sqs_handler
from shared.application.wiring import linkage_service, upload_service

settings()  # the environment, parsed once at cold start: a missing variable fails the init, not a request


def record_handler(record: SQSRecord) -> None:
    notification = json.loads(record.body)
    if notification.get("Event") == "s3:TestEvent":  # S3 sends one when the notification is configured
        return
    for s3_record in notification.get("Records", []):
        s3 = s3_record.get("s3", {})
        key = unquote_plus(s3.get("object", {}).get("key", ""))
        if key.startswith(LINKAGE_PREFIX):
            counts = linkage_service().import_file(key)
            logger.info(
                "Linkage file imported",
                extra={k: v for k, v in counts.items() if k != "errors"} | {"errors": len(counts.get("errors", []))},
            )
            continue
        if not key.startswith(UPLOAD_PREFIX):
            logger.warning("Ignoring an object outside the notified prefixes")
            continue
        size = s3.get("object", {}).get("size")
        outcome = upload_service().process_upload(
            key,
            int(size) if size is not None else None,
            correlation_id=record.message_id,
            version=s3.get("object", {}).get("versionId"),
        )
        logger.info(
            "Upload processed",
            extra={
                "upload_id": outcome.upload_id,
                "status": outcome.status.value,
                "claim_id": outcome.claim_id,
                "codes": list(outcome.codes),
            },
        )
        metrics.add_metric(name=f"Upload{outcome.status.value.title()}", unit="Count", value=1)


handler = sqs_handler(record_handler)
