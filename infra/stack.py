"""The claims platform in one stack: data (with the LG registry loaded into it), identity, API and intake, each its
own construct."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.constants import (
    API_CONSTRUCT,
    DATA_CONSTRUCT,
    IDENTITY_CONSTRUCT,
    INTAKE_CONSTRUCT,
    REGISTRY_DATA_CONSTRUCT,
    STACK_DESCRIPTION,
)
from infra.constructs.api import Api
from infra.constructs.data import DataStore
from infra.constructs.function import asset_code
from infra.constructs.identity import Identity
from infra.constructs.intake import Intake
from infra.constructs.registry import RegistryData
from shared.data.tables import REGISTRY


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

        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the REST API stage")
        CfnOutput(self, "UserPoolId", value=self.identity.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.identity.client.user_pool_client_id)
        CfnOutput(self, "DocumentBucketName", value=self.data.document_bucket.bucket_name)
        CfnOutput(self, "EventBusName", value=self.data.event_bus.event_bus_name)
