"""The intake's dead letters: intake queue -> (3 failed receives) -> its dead-letter queue -> the deadletter
function, which marks the upload each message names REJECTED (``INTAKE_FAILED``), so no upload stays PENDING
without a reason.

Failure handling of the consumer itself: it answers with a partial batch response, so a record it fails on alone
goes back to the dead-letter queue (visible again after the queue's visibility timeout, retried, and kept for
DLQ_RETENTION_DAYS counted from the message's first enqueue, the SQS maximum); nothing is deleted that was not
handled. The dead-letter queue has no redrive of its own on purpose: a message the consumer cannot handle stays
where an operator can inspect and redrive it. Three alarms on top of the queue's "messages visible" alarm
(data.py) say what happened: a dead letter arrived (NumberOfMessagesReceived, since the consumer takes messages
before the visible count is ever sampled), one is stuck (the oldest message's age) and the consumer failed (its
Errors).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from constructs import Construct

from infra.constants import (
    DEADLETTER_BATCH_SIZE,
    DEADLETTER_FUNCTION,
    DEADLETTER_HANDLER,
    DEADLETTER_MEMORY_MB,
    DEADLETTER_SERVICE_NAME,
    DEADLETTER_STUCK_SECONDS,
    DEADLETTER_TIMEOUT_SECONDS,
    DEADLETTER_VISIBILITY_TIMEOUT_SECONDS,
)
from infra.constructs.data import DataStore
from infra.constructs.function import ServiceFunction
from shared.adapters.dynamodb.tables import CLAIMS, INTAKE_QUEUE, QueueSpec


class IntakeDeadLetters(Construct):
    """``service`` (the deadletter ServiceFunction), ``queue`` (the intake DLQ it consumes) and ``alarms``."""

    spec: QueueSpec = INTAKE_QUEUE  # whose dead-letter queue this consumes

    def __init__(self, scope: Construct, construct_id: str, *, data: DataStore, code: lambda_.Code) -> None:
        super().__init__(scope, construct_id)
        if DEADLETTER_VISIBILITY_TIMEOUT_SECONDS < DEADLETTER_TIMEOUT_SECONDS:
            raise ValueError("the dead-letter queue's visibility timeout must cover the function timeout")
        self.queue = data.dead_letter_queues[self.spec.logical]
        self.service = ServiceFunction(
            self,
            DEADLETTER_FUNCTION,
            code=code,
            handler=DEADLETTER_HANDLER,
            service_name=DEADLETTER_SERVICE_NAME,
            memory_size=DEADLETTER_MEMORY_MB,
            timeout_seconds=DEADLETTER_TIMEOUT_SECONDS,
            environment=data.function_environment(),
            description="Marks the uploads of the intake's dead letters REJECTED (INTAKE_FAILED)",
        )
        # The event source grants the consuming actions on the dead-letter queue alone.
        self.service.function.add_event_source(
            sources.SqsEventSource(self.queue, batch_size=DEADLETTER_BATCH_SIZE, report_batch_item_failures=True)
        )
        # ClaimRepository.reject_upload: one conditional UpdateItem of the upload item, nothing else (no read, no
        # S3: the message's object key names the upload).
        data.grant_items(self.service.role, CLAIMS.logical, ["dynamodb:UpdateItem"])

        five_minutes = Duration.minutes(5)
        self.alarms = [
            cloudwatch.Alarm(
                self,
                "ReceivedAlarm",
                alarm_description=f"Dead letters of the {self.spec.logical} arrived: the intake failed on an upload "
                f"{self.spec.max_receive_count} times; the deadletter function marks it REJECTED (INTAKE_FAILED)",
                metric=self.queue.metric_number_of_messages_received(period=five_minutes, statistic="Sum"),
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
            cloudwatch.Alarm(
                self,
                "StuckAlarm",
                alarm_description=f"A dead letter of the {self.spec.logical} is older than "
                f"{DEADLETTER_STUCK_SECONDS} s: the deadletter function keeps failing on it; inspect and redrive it",
                metric=self.queue.metric_approximate_age_of_oldest_message(period=five_minutes, statistic="Maximum"),
                threshold=DEADLETTER_STUCK_SECONDS,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
            cloudwatch.Alarm(
                self,
                "ErrorsAlarm",
                alarm_description="The deadletter function failed a whole batch (its messages stay in the "
                "dead-letter queue and are retried)",
                metric=self.service.function.metric_errors(period=five_minutes, statistic="Sum"),
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
        ]
