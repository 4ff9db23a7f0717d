"""Intake by S3 upload: objects under uploads/ (e-invoices becoming claims) and linkage/ (national link files)
-> intake queue -> intake function (partial batch failures; the queue's DLQ after retries)."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constants import INTAKE_BATCH_SIZE, INTAKE_FUNCTION, INTAKE_MEMORY_MB, INTAKE_TIMEOUT_SECONDS
from infra.constructs.data import DataStore
from infra.constructs.function import QueueFunction
from shared.adapters.document_store import CLAIM_DOCUMENT_PREFIX
from shared.adapters.dynamodb.tables import CLAIMS, INTAKE_QUEUE, LINKAGE_PREFIX, REGISTRY, SUBSIDY, UPLOAD_PREFIX


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
        # Exactly the DynamoDB actions the intake's code calls (UploadService.process_upload and
        # NationalLink.import_file), never an index, never Scan but on the registry, never DeleteItem:
        # Claims: the upload read (GetItem; and the guards when a transaction is refused), the claim and its guard
        # put with the upload consumed in one transaction (PutItem, UpdateItem, ConditionCheckItem of the other
        # kind's guard), a rejection or an ignored PUT recorded on the upload (UpdateItem).
        data.grant_items(
            role,
            CLAIMS.logical,
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
        )
        # Registry: RegistryRepository.all reads the small LG registry with one Scan.
        data.grant_items(role, REGISTRY.logical, ["dynamodb:Scan"])
        # Subsidy: a subsidy claim's hard checks (one BatchGetItem; GetItem of the evidence guard on a refusal) and
        # the reservation in the claim's transaction (PutItem, UpdateItem); a linkage file's national grants
        # (PutItem, then the blocking-index entries by BatchWriteItem), executions (PutItem, GetItem, UpdateItem),
        # business facts and reviews (PutItem). It queries nothing.
        data.grant_items(
            role,
            SUBSIDY.logical,
            [
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem",
            ],
        )
        data.grant_objects(
            role,
            UPLOAD_PREFIX,
            ["s3:GetObject", "s3:GetObjectVersion"],
            "the function reads the documents clients uploaded to be claimed, in the exact version the S3 "
            "notification names",
        )
        data.grant_objects(
            role,
            CLAIM_DOCUMENT_PREFIX,
            ["s3:PutObject", "s3:DeleteObjectVersion"],
            "a claim made from an upload has its original (and a large claim's lines) stored under a key no client "
            "can write, deleted again when nothing was claimed",
        )
        data.grant_objects(
            role,
            LINKAGE_PREFIX,
            ["s3:GetObject"],
            "the function reads the national (e-Nara-Doum) linkage files dropped there to import them",
        )
        data.event_bus.grant_put_events_to(role)
