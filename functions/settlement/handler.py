"""Settlement runs, one step a message: SQS (an official's start, a schedule's rule, or the run's own next step)
-> this function. A step that leaves work re-enqueues the run, so no invocation comes near Lambda's limit; a
crash fails the record, SQS delivers it again, and the run's conditional writes make the retry safe.

The same queue carries the S3 notifications of the treasury bank's receipts files (``receipts/<lgCode>/``): each
file's lines are recorded as receipts (수납), one by its id, so a redelivered notification records nothing twice;
and those of the card companies' feeds of grant card approvals (``cards/<lgCode>/``), each approval recorded once
by its number (``shared.application.card_feed``)."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from shared.adapters.config import settings
from shared.adapters.dynamodb.tables import CARDS_PREFIX, RECEIPTS_PREFIX
from shared.adapters.observability import logger, metrics
from shared.adapters.queue_function import sqs_handler
from shared.application.wiring import card_feed, run_service, treasury_receipts

settings()  # the environment, parsed once at cold start


def feed_files(notification: dict) -> None:
    """The files an S3 notification names, each imported by its prefix: a treasury receipts file or a card feed;
    counts and codes logged, never a line's text."""
    for s3_record in notification.get("Records", []):
        key = unquote_plus(s3_record.get("s3", {}).get("object", {}).get("key", ""))
        if key.startswith(CARDS_PREFIX):
            card_file(key)
            continue
        if not key.startswith(RECEIPTS_PREFIX):
            logger.warning("Ignoring an object outside the receipts and cards prefixes")
            continue
        imported = treasury_receipts().import_file(key)
        summary = imported.to_dict()
        logger.info(
            "Receipts file imported",
            extra={k: v for k, v in summary.items() if k != "errors"}
            | {"codes": sorted({str(e["code"]) for e in imported.errors})},
        )
        metrics.add_metric(name="ReceiptsRecorded", unit="Count", value=imported.received)
        metrics.add_metric(name="ReceiptLinesRefused", unit="Count", value=len(imported.errors))


def card_file(key: str) -> None:
    imported = card_feed().import_file(key)
    logger.info(
        "Card feed imported",
        extra={"lgCode": imported.lg_code, "counts": imported.counts}
        | {"codes": sorted({str(e["code"]) for e in imported.errors})},
    )
    metrics.add_metric(name="CardPaymentsExecuted", unit="Count", value=imported.counts["executed"])
    metrics.add_metric(name="CardPaymentsFlagged", unit="Count", value=imported.counts["flagged"])
    metrics.add_metric(name="CardLinesRefused", unit="Count", value=len(imported.errors))


def record_handler(record: SQSRecord) -> None:
    message = json.loads(record.body)
    if message.get("Event") == "s3:TestEvent":  # S3 sends one when the notification is configured
        return
    if "Records" in message:  # an S3 notification: a receipts file or a card feed
        feed_files(message)
        return
    if message.get("source") == "schedule":
        started = run_service().start_scheduled(message["type"])
        logger.info("Scheduled runs started", extra={"schedule": message.get("schedule"), "runs": len(started)})
        metrics.add_metric(name="ScheduledRunsStarted", unit="Count", value=len(started))
        return
    status = run_service().step(message["runId"])
    logger.info("Run step", extra={"run_id": message["runId"], "status": status})
    if status in ("SUCCEEDED", "FAILED"):
        metrics.add_metric(name=f"Run{status.title()}", unit="Count", value=1)


handler = sqs_handler(record_handler)
