"""Intake by S3 upload: objects under uploads/ (e-invoices becoming claims) and linkage/ (national link files)
-> intake queue -> intake function (partial batch failures; the queue's DLQ after retries)."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constants import INTAKE_BATCH_SIZE, INTAKE_FUNCTION, INTAKE_MEMORY_MB, INTAKE_TIMEOUT_SECONDS
from infra.constructs.data import ITEM_READ_WRITE_ACTIONS, DataStore
from infra.constructs.function import QueueFunction
from shared.data.tables import CLAIMS, INTAKE_QUEUE, LINKAGE_PREFIX, REGISTRY, SUBSIDY, UPLOAD_PREFIX


class Intake(Construct):
    """``service`` is the intake QueueFunction."""

    def __init__(self, scope: Construct, construct_id: str, *, data: DataStore, code: lambda_.Code) -> None:
        super().__init__(scope, construct_id)
        self.service = QueueFunction(
            self,
            INTAKE_FUNCTION,
            spec=INTAKE_QUEUE,
            data=data,
            code=code,
            memory_size=INTAKE_MEMORY_MB,
            timeout_seconds=INTAKE_TIMEOUT_SECONDS,
            batch_size=INTAKE_BATCH_SIZE,
            description="Turns documents uploaded to S3 into claims and imports national linkage files",
        )
        role = self.service.role
        data.tables[CLAIMS.logical].grant_read_write_data(role)
        data.acknowledge_index_access(role, CLAIMS.logical)
        data.tables[REGISTRY.logical].grant_read_data(role)
        # A subsidy claim by upload is checked against its grant and reserves the budget inside the claim's
        # transaction; a linkage file writes national grants, executions and business facts. Items of the table
        # only: intake queries no Subsidy index.
        data.grant_items(role, SUBSIDY.logical, ITEM_READ_WRITE_ACTIONS)
        data.grant_objects(
            role, UPLOAD_PREFIX, ["s3:GetObject"], "the function reads the documents clients uploaded to be claimed"
        )
        data.grant_objects(
            role,
            LINKAGE_PREFIX,
            ["s3:GetObject"],
            "the function reads the national (e-Nara-Doum) linkage files dropped there to import them",
        )
        data.event_bus.grant_put_events_to(role)
