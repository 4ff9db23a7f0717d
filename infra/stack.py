"""The claims platform in one stack: data (with the LG registry loaded into it), identity, API, intake, subsidy
validation and settlement, each its own construct; every queue of shared/data/tables.py has exactly one consumer."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.constants import (
    API_CONSTRUCT,
    DATA_CONSTRUCT,
    IDENTITY_CONSTRUCT,
    INTAKE_CONSTRUCT,
    REGISTRY_DATA_CONSTRUCT,
    SETTLEMENT_CONSTRUCT,
    STACK_DESCRIPTION,
    VALIDATION_CONSTRUCT,
)
from infra.constructs.api import Api
from infra.constructs.data import DataStore
from infra.constructs.function import QueueFunction, asset_code
from infra.constructs.identity import Identity
from infra.constructs.intake import Intake
from infra.constructs.registry import RegistryData
from infra.constructs.settlement import Settlement
from infra.constructs.validation import Validation
from shared.data.tables import QUEUES, REGISTRY


class ClaimsStack(Stack):
    """Environment-agnostic: no account or region lookups, so it synthesises anywhere."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        kwargs.setdefault("description", STACK_DESCRIPTION)
        super().__init__(scope, construct_id, **kwargs)
        code = asset_code()  # one asset shared by every function
        self.data = DataStore(self, DATA_CONSTRUCT)
        self.registry_data = RegistryData(self, REGISTRY_DATA_CONSTRUCT, table=self.data.tables[REGISTRY.logical])
        self.identity = Identity(self, IDENTITY_CONSTRUCT)
        self.api = Api(self, API_CONSTRUCT, data=self.data, identity=self.identity, code=code)
        self.intake = Intake(self, INTAKE_CONSTRUCT, data=self.data, code=code)
        self.validation = Validation(self, VALIDATION_CONSTRUCT, data=self.data, code=code)
        self.settlement = Settlement(self, SETTLEMENT_CONSTRUCT, data=self.data, code=code)
        self._check_every_queue_has_one_consumer()

        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the REST API stage")
        CfnOutput(self, "UserPoolId", value=self.identity.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.identity.client.user_pool_client_id)
        CfnOutput(self, "DocumentBucketName", value=self.data.document_bucket.bucket_name)
        CfnOutput(self, "EventBusName", value=self.data.event_bus.event_bus_name)

    def _check_every_queue_has_one_consumer(self) -> None:
        """A queue added to QUEUES without its function (or consumed twice) fails synthesis, not production."""
        consumed = sorted(c.spec.logical for c in self.node.find_all() if isinstance(c, QueueFunction))
        if consumed != sorted(spec.logical for spec in QUEUES):
            raise ValueError(f"queues consumed: {consumed}; every queue of QUEUES needs exactly one QueueFunction")
