"""Settlement runs, one step a message: SQS (an official's start, a schedule's rule, or the run's own next step)
-> this function. A step that leaves work re-enqueues the run, so no invocation comes near Lambda's limit; a
crash fails the record, SQS delivers it again, and the run's conditional writes make the retry safe."""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from shared.adapters.config import settings
from shared.adapters.observability import logger, metrics
from shared.adapters.queue_function import sqs_handler
from shared.application.wiring import run_service

settings()  # the environment, parsed once at cold start


def record_handler(record: SQSRecord) -> None:
    message = json.loads(record.body)
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
