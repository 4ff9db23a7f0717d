"""A Lambda function the way every function in this project is built.

arm64, Python 3.14, JSON logs into its own log group with a retention, X-Ray active, the shared asset folder,
and its own role that starts with nothing but the right to write to that log group (no managed policies).
A ``QueueFunction`` is such a function fed by one queue of ``shared/adapters/dynamodb/tables.py`` ``QUEUES``.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constants import (
    LAMBDA_ASSET_DIR,
    LOG_LEVEL,
    LOG_RETENTION,
    METRICS_NAMESPACE,
    queue_handler,
    service_name,
)
from infra.constructs.data import DataStore
from infra.constructs.nag import acknowledge
from shared.adapters.dynamodb.tables import QueueSpec

RUNTIME = lambda_.Runtime.PYTHON_3_14
ARCHITECTURE = lambda_.Architecture.ARM_64


def asset_code() -> lambda_.Code:
    """The shared asset folder (built by infra/bundle.py). Create it once per stack and pass it to every
    function, so the folder is fingerprinted and staged once."""
    return lambda_.Code.from_asset(str(LAMBDA_ASSET_DIR))


class ServiceFunction(Construct):
    """``function``, ``role`` and ``log_group`` of one service."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        code: lambda_.Code,
        handler: str,
        service_name: str,
        memory_size: int,
        timeout_seconds: int,
        environment: Mapping[str, str],
        description: str,
    ) -> None:
        super().__init__(scope, construct_id)

        self.log_group = logs.LogGroup(
            self,
            "LogGroup",
            retention=logs.RetentionDays[LOG_RETENTION],
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Execution role of {service_name} (least privilege, one per function)",
        )
        # What AWSLambdaBasicExecutionRole would give, limited to this function's own log group.
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[self.log_group.log_group_arn],
            )
        )

        self.function = lambda_.Function(
            self,
            "Function",
            description=description,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            code=code,
            handler=handler,
            memory_size=memory_size,
            timeout=Duration.seconds(timeout_seconds),
            role=self.role,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            tracing=lambda_.Tracing.ACTIVE,
            environment={
                "POWERTOOLS_SERVICE_NAME": service_name,
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                "LOG_LEVEL": LOG_LEVEL,
                **environment,
            },
        )
        acknowledge(
            self.role,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no "
            "resource-level permissions, so AWS requires Resource '*' for them; no other statement uses '*'.",
        )


class QueueFunction(ServiceFunction):
    """A ServiceFunction consuming the queue of ``spec`` (``data.queues[spec.logical]``), with the environment of
    every function: its handler is ``functions/<spec.function>/handler.py``, its service name
    ``claims-<spec.function>``. The function answers with a partial batch response, so a failed record alone goes
    back to the queue; after ``spec.max_receive_count`` receives the queue's redrive policy moves it to the
    dead-letter queue. The event source grants the role the consuming actions on that one queue, nothing else:
    the caller adds what the function itself does."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: QueueSpec,
        data: DataStore,
        code: lambda_.Code,
        memory_size: int,
        timeout_seconds: int,
        batch_size: int,
        description: str,
    ) -> None:
        if spec.visibility_timeout_seconds < timeout_seconds:
            raise ValueError(f"{spec.logical}: the visibility timeout must cover the function timeout")
        super().__init__(
            scope,
            construct_id,
            code=code,
            handler=queue_handler(spec.function),
            service_name=service_name(spec.function),
            memory_size=memory_size,
            timeout_seconds=timeout_seconds,
            environment=data.function_environment(),
            description=description,
        )
        self.spec = spec
        self.function.add_event_source(
            sources.SqsEventSource(data.queues[spec.logical], batch_size=batch_size, report_batch_item_failures=True)
        )
