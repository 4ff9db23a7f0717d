"""Settlement (결산) runs: started by an official through the API or by a schedule (EventBridge rules built with the
queues in data.py) -> settlement queue -> settlement function, one step (one page of a run) per message; a step
enqueues the next one until the run is done, writing its reports and bank transfer files under reports/."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constants import (
    SETTLEMENT_BATCH_SIZE,
    SETTLEMENT_FUNCTION,
    SETTLEMENT_MEMORY_MB,
    SETTLEMENT_TIMEOUT_SECONDS,
)
from infra.constructs.data import SETTLEMENT_TABLE_ACTIONS, DataStore
from infra.constructs.function import QueueFunction
from shared.adapters.document_store import REPORTS_PREFIX
from shared.adapters.dynamodb.tables import (
    CARDS_PREFIX,
    CLAIMS,
    RECEIPTS_PREFIX,
    REGISTRY,
    SETTLEMENT,
    SETTLEMENT_QUEUE,
    SUBSIDY,
)


class Settlement(Construct):
    """``service`` is the settlement QueueFunction."""

    def __init__(self, scope: Construct, construct_id: str, *, data: DataStore, code: lambda_.Code) -> None:
        super().__init__(scope, construct_id)
        self.service = QueueFunction(
            self,
            SETTLEMENT_FUNCTION,
            spec=SETTLEMENT_QUEUE,
            data=data,
            code=code,
            memory_size=SETTLEMENT_MEMORY_MB,
            timeout_seconds=SETTLEMENT_TIMEOUT_SECONDS,
            batch_size=SETTLEMENT_BATCH_SIZE,
            description="Runs settlement steps: payment runs, month and year closes, their reports and transfer files",
        )
        role = self.service.role
        # Exactly the DynamoDB actions the settlement's code calls (RunService, PaymentRun), never Scan but on the
        # registry, never DeleteItem or BatchWriteItem:
        # Claims: a payment run pages through an LG's accepted claims by due date (Query of the by-lg-status-due
        # index), re-reads a page from the table (BatchGetItem, strongly consistent) and marks them PAID in the
        # transaction that posts their ledger entries (UpdateItem).
        data.grant_items(role, CLAIMS.logical, ["dynamodb:BatchGetItem", "dynamodb:UpdateItem"])
        data.grant_index_query(role, CLAIMS.logical)
        # Subsidy: the same transaction turns a subsidy claim's execution from reserved to executed and pays a
        # grant's advance (UpdateItem); a year close lists the LG's grants through the by-lg-status index, reads each
        # grant with its budget (Query of the table) and closes it (UpdateItem); a 교부 reads the recipient's
        # sanctions (GetItem) and pays only if none was recorded since (ConditionCheckItem in its transaction). A
        # card payment reads its grant's executions (Query) and its facts (BatchGetItem), and records its execution,
        # evidence and any review (PutItem and UpdateItem in its transaction).
        data.grant_items(
            role,
            SUBSIDY.logical,
            [
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:ConditionCheckItem",
            ],
        )
        data.grant_index_query(role, SUBSIDY.logical)
        # Settlement: budget lines, contracts, ledger entries and balances, closed periods, the run and its chunks.
        data.grant_items(role, SETTLEMENT.logical, SETTLEMENT_TABLE_ACTIONS)
        # Registry: a scheduled run starts one run per LG of the registry (RegistryRepository.all: one Scan).
        data.grant_items(role, REGISTRY.logical, ["dynamodb:Scan"])
        data.grant_objects(
            role,
            REPORTS_PREFIX,
            ["s3:PutObject", "s3:GetObject"],
            "settlement runs write their reports, bank transfer files and the published indicators of a closed "
            "year there (DocumentStore.put_report) and may read them back (get_report)",
        )
        data.grant_objects(
            role,
            CARDS_PREFIX,
            ["s3:GetObject"],
            "the function reads the card companies' feeds of grant card approvals dropped there to settle each one",
        )
        data.grant_objects(
            role,
            RECEIPTS_PREFIX,
            ["s3:GetObject"],
            "the function reads the treasury bank's daily receipts files dropped there to record each receipt",
        )
        # A step enqueues the run's next step; consuming the queue comes with the event source.
        data.grant_send(role, SETTLEMENT_QUEUE)
