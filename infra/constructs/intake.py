"""Billing intake by S3 upload: documents under uploads/ -> intake queue -> intake function (DLQ after retries)."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from constructs import Construct

from infra.constants import (
    INTAKE_BATCH_SIZE,
    INTAKE_FUNCTION,
    INTAKE_HANDLER,
    INTAKE_MEMORY_MB,
    INTAKE_SERVICE_NAME,
    INTAKE_TIMEOUT_SECONDS,
)
from infra.constructs.data import DataStore
from infra.constructs.function import ServiceFunction
from shared.data.tables import CLAIMS, INTAKE_QUEUE, REGISTRY, UPLOAD_PREFIX


class Intake(Construct):
    """``service`` is the intake ServiceFunction."""

    def __init__(self, scope: Construct, construct_id: str, *, data: DataStore, code: lambda_.Code) -> None:
        super().__init__(scope, construct_id)
        self.service = ServiceFunction(
            self,
            INTAKE_FUNCTION,
            code=code,
            handler=INTAKE_HANDLER,
            service_name=INTAKE_SERVICE_NAME,
            memory_size=INTAKE_MEMORY_MB,
            timeout_seconds=INTAKE_TIMEOUT_SECONDS,
            environment=data.function_environment(),
            description="Validates documents uploaded to S3 and turns them into claims",
        )
        role = self.service.role
        data.tables[CLAIMS.logical].grant_read_write_data(role)
        data.acknowledge_index_access(role, CLAIMS.logical)
        data.tables[REGISTRY.logical].grant_read_data(role)
        data.grant_objects(
            role, UPLOAD_PREFIX, ["s3:GetObject"], "the function reads the documents clients uploaded to be claimed"
        )
        data.event_bus.grant_put_events_to(role)

        # Failed records go back to the queue (partial batch response); after max_receive_count the queue's
        # redrive policy moves them to its dead-letter queue, the failure destination of this path.
        self.service.function.add_event_source(
            sources.SqsEventSource(
                data.queues[INTAKE_QUEUE.logical],
                batch_size=INTAKE_BATCH_SIZE,
                report_batch_item_failures=True,
            )
        )
