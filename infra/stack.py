"""The claims platform in one stack: data (with the LG registry loaded into it), identity, API, intake, subsidy
validation, settlement and the intake's dead letters, each its own construct; every queue of
shared/adapters/dynamodb/tables.py has exactly one consumer, and every dead-letter alarm notifies the alarm topic."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.constants import (
    ALARMS_CONSTRUCT,
    API_CONSTRUCT,
    DATA_CONSTRUCT,
    DEADLETTER_CONSTRUCT,
    IDENTITY_CONSTRUCT,
    INTAKE_CONSTRUCT,
    REGISTRY_DATA_CONSTRUCT,
    SETTLEMENT_CONSTRUCT,
    STACK_DESCRIPTION,
    VALIDATION_CONSTRUCT,
)
from infra.constructs.alarms import AlarmNotifications
from infra.constructs.api import Api
from infra.constructs.data import DataStore
from infra.constructs.deadletter import IntakeDeadLetters
from infra.constructs.function import QueueFunction, asset_code
from infra.constructs.identity import Identity
from infra.constructs.intake import Intake
from infra.constructs.registry import RegistryData
from infra.constructs.settlement import Settlement
from infra.constructs.validation import Validation
from shared.adapters.dynamodb.tables import QUEUES, REGISTRY


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
        self.dead_letters = IntakeDeadLetters(self, DEADLETTER_CONSTRUCT, data=self.data, code=code)
        self._check_every_queue_has_one_consumer()
        # Every dead-letter queue's alarm, and the dead-letter consumer's, notify someone.
        self.alarms = AlarmNotifications(self, ALARMS_CONSTRUCT)
        self.alarms.notify([*self.data.dead_letter_alarms.values(), *self.dead_letters.alarms])

        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the REST API stage")
        for name, directory in (("Officials", self.identity.officials), ("Businesses", self.identity.businesses)):
            CfnOutput(self, f"{name}UserPoolId", value=directory.user_pool.user_pool_id)
            CfnOutput(self, f"{name}UserPoolClientId", value=directory.client.user_pool_client_id)
        CfnOutput(self, "AlarmTopicArn", value=self.alarms.topic.topic_arn)
        CfnOutput(self, "DocumentBucketName", value=self.data.document_bucket.bucket_name)
        CfnOutput(self, "EventBusName", value=self.data.event_bus.event_bus_name)

    def _check_every_queue_has_one_consumer(self) -> None:
        """A queue added to QUEUES without its function (or consumed twice) fails synthesis, not production."""
        consumed = sorted(c.spec.logical for c in self.node.find_all() if isinstance(c, QueueFunction))
        if consumed != sorted(spec.logical for spec in QUEUES):
            raise ValueError(f"queues consumed: {consumed}; every queue of QUEUES needs exactly one QueueFunction")
        # and every dead-letter queue that names its function (QueueSpec.dead_letter_function) is consumed once
        dead = sorted(c.spec.logical for c in self.node.find_all() if isinstance(c, IntakeDeadLetters))
        if dead != sorted(spec.logical for spec in QUEUES if spec.dead_letter_function):
            raise ValueError(f"dead-letter queues consumed: {dead}; each QueueSpec.dead_letter_function needs one")
