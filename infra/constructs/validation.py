"""Subsidy validation: ClaimReceived of a subsidy claim (EventBridge rule on the claims bus, built with the bus in
data.py) -> validation queue -> validation function, which scores the claim's soft fraud indicators."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constants import (
    VALIDATION_BATCH_SIZE,
    VALIDATION_FUNCTION,
    VALIDATION_MEMORY_MB,
    VALIDATION_TIMEOUT_SECONDS,
)
from infra.constructs.data import DataStore
from infra.constructs.function import QueueFunction
from shared.adapters.dynamodb.tables import CLAIMS, SUBSIDY, VALIDATION_QUEUE


class Validation(Construct):
    """``service`` is the validation QueueFunction."""

    def __init__(self, scope: Construct, construct_id: str, *, data: DataStore, code: lambda_.Code) -> None:
        super().__init__(scope, construct_id)
        self.service = QueueFunction(
            self,
            VALIDATION_FUNCTION,
            spec=VALIDATION_QUEUE,
            data=data,
            code=code,
            memory_size=VALIDATION_MEMORY_MB,
            timeout_seconds=VALIDATION_TIMEOUT_SECONDS,
            batch_size=VALIDATION_BATCH_SIZE,
            description="Scores received subsidy claims on soft fraud indicators and opens reviews",
        )
        role = self.service.role
        # Exactly what validate_claim does, on the tables themselves (it queries no index): on Subsidy, one Query
        # over the grant's partition, one BatchGetItem for the businesses and the invoice, the review put in the
        # review's transaction and, on a replay, a GetItem of that review; on Claims, the claim's risk set by a
        # conditional update in the same transaction, no reads, puts or deletes.
        data.grant_items(
            role, SUBSIDY.logical, ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem"]
        )
        data.grant_items(role, CLAIMS.logical, ["dynamodb:UpdateItem"])
