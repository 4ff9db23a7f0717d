"""The one wiring of the queue functions (intake, validation, settlement, dead letters): ``sqs_handler``.

Its own module, so the API function, which reads no queue, never imports batch processing at cold start."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.adapters.observability import logger, metrics, tracer

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse


def sqs_handler(
    record_handler: Callable[[SQSRecord], None],
) -> Callable[[dict[str, Any], LambdaContext], PartialItemFailureResponse]:
    """The Lambda handler of a queue function: Powertools batch processing of ``record_handler`` (one SQS record
    each) with partial failures (a record that raises fails alone; SQS delivers it again and finally dead-letters
    it), the record traced, the logger's Lambda context injected and the metrics flushed once per invocation."""
    processor = BatchProcessor(event_type=EventType.SQS)
    traced = tracer.capture_method(record_handler)

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
        return process_partial_response(event=event, record_handler=traced, processor=processor, context=context)

    return handler
