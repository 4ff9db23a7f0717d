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
from infra.constructs.data import ITEM_READ_WRITE_ACTIONS, DataStore
from infra.constructs.function import QueueFunction
from shared.data.documents import REPORTS_PREFIX
from shared.data.tables import CLAIMS, REGISTRY, SETTLEMENT, SETTLEMENT_QUEUE, SUBSIDY


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
        # A payment run pages through an LG's accepted claims by due date (the by-lg-status-due index) and marks
        # them PAID in the transaction that posts their ledger entries.
        data.tables[CLAIMS.logical].grant_read_write_data(role)
        data.acknowledge_index_access(role, CLAIMS.logical)
        # The same transaction turns a subsidy claim's execution from reserved to executed (grant and category
        # items); a year close lists the LG's grants through the by-lg-status index (SubsidyRepository.lg_grants)
        # for the grant settlement: Query is all it does on the index.
        data.grant_items(role, SUBSIDY.logical, ITEM_READ_WRITE_ACTIONS)
        data.grant_index_query(role, SUBSIDY.logical)
        # Budget lines, contracts, ledger entries and balances, closed periods, the run and its chunks.
        data.grant_items(role, SETTLEMENT.logical, ITEM_READ_WRITE_ACTIONS)
        # A scheduled run starts one run per LG of the registry (RegistryRepository reads it with a Scan).
        data.tables[REGISTRY.logical].grant_read_data(role)
        data.grant_objects(
            role,
            REPORTS_PREFIX,
            ["s3:PutObject", "s3:GetObject"],
            "settlement runs write their reports, bank transfer files and the published indicators of a closed "
            "year there (DocumentStore.put_report) and may read them back (get_report)",
        )
        # A step enqueues the run's next step; consuming the queue comes with the event source.
        data.grant_send(role, SETTLEMENT_QUEUE)
