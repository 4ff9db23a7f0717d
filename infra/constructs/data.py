"""State: the DynamoDB tables and SQS queues of shared/data/tables.py, the document bucket and the event bus.

Tables and queues are built by looping over ``TABLES`` and ``QUEUES``, never restated here. CDK names every
physical resource (so two stacks can live in one account); the functions get the names from their environment.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constants import (
    ABORT_MULTIPART_DAYS,
    ACCESS_LOG_RETENTION_DAYS,
    DLQ_RETENTION_DAYS,
    ENV_DOCUMENT_BUCKET,
    ENV_EVENT_BUS_NAME,
    EVENT_ARCHIVE_RETENTION_DAYS,
    NONCURRENT_VERSION_EXPIRY_DAYS,
    UPLOAD_CORS_MAX_AGE_SECONDS,
    table_env_var,
)
from infra.constructs.nag import acknowledge, logical_id
from shared.data.tables import EVENT_BUS_NAME, EVENT_SOURCE, INTAKE_QUEUE, QUEUES, TABLES, UPLOAD_PREFIX, TableSpec


def _attribute(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class DataStore(Construct):
    """``tables`` and ``queues`` keyed by their spec's ``logical`` name; ``dead_letter_queues`` likewise."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.tables: dict[str, dynamodb.Table] = {spec.logical: self._table(spec) for spec in TABLES}

        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for spec in QUEUES:
            dlq = sqs.Queue(
                self,
                f"{spec.logical}Dlq",
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                enforce_ssl=True,
                retention_period=Duration.days(DLQ_RETENTION_DAYS),
            )
            cloudwatch.Alarm(
                self,
                f"{spec.logical}DlqAlarm",
                alarm_description=f"Messages in the dead-letter queue of {spec.logical}: a document failed 3 times",
                metric=dlq.metric_approximate_number_of_messages_visible(period=Duration.minutes(5)),
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            self.dead_letter_queues[spec.logical] = dlq
            self.queues[spec.logical] = sqs.Queue(
                self,
                spec.logical,
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                enforce_ssl=True,
                visibility_timeout=Duration.seconds(spec.visibility_timeout_seconds),
                dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=spec.max_receive_count, queue=dlq),
            )

        self.access_logs_bucket = self._access_logs_bucket()
        self.document_bucket = self._document_bucket()
        # Uploaded documents reach the intake function through the intake queue (and its DLQ), in AWS as locally.
        self.document_bucket.add_event_notification(
            s3.EventType.OBJECT_CREATED,
            s3n.SqsDestination(self.queues[INTAKE_QUEUE.logical]),
            s3.NotificationKeyFilter(prefix=UPLOAD_PREFIX),
        )
        self._acknowledge_notifications_handler()

        self.event_bus = events.EventBus(
            self, "EventBus", event_bus_name=f"{Stack.of(self).stack_name}-{EVENT_BUS_NAME}"
        )
        self.event_bus.archive(
            "Archive",
            description="Every claims event, for replay",
            event_pattern=events.EventPattern(source=[EVENT_SOURCE]),
            retention=Duration.days(EVENT_ARCHIVE_RETENTION_DAYS),
        )

    def _acknowledge_notifications_handler(self) -> None:
        """CDK configures bucket notifications through its own singleton Lambda (a custom resource)."""
        stack = Stack.of(self)
        for child in stack.node.children:
            if child.node.id.startswith("BucketNotificationsHandler"):
                acknowledge(
                    child,
                    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                    "AWSLambdaBasicExecutionRole]",
                    "CDK's own BucketNotificationsHandler custom resource (it sets the bucket's S3 -> SQS "
                    "notification at deployment) comes with this role; it runs only during deployments and CDK "
                    "gives no way to replace its managed policy.",
                )

    def _table(self, spec: TableSpec) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            spec.logical,
            partition_key=_attribute(spec.partition_key),
            sort_key=_attribute(spec.sort_key) if spec.sort_key else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=spec.ttl_attribute,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_attribute(index.partition_key),
                sort_key=_attribute(index.sort_key) if index.sort_key else None,
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table

    def _access_logs_bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "AccessLogsBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        return bucket

    def _document_bucket(self) -> s3.Bucket:
        return s3.Bucket(
            self,
            "DocumentBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=self.access_logs_bucket,
            server_access_logs_prefix="documents/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-noncurrent-versions",
                    noncurrent_version_expiration=Duration.days(NONCURRENT_VERSION_EXPIRY_DAYS),
                ),
                s3.LifecycleRule(
                    id="abort-incomplete-multipart-uploads",
                    abort_incomplete_multipart_upload_after=Duration.days(ABORT_MULTIPART_DAYS),
                ),
            ],
            # Browsers PUT documents straight to presigned URLs; the signature, not the origin, is the control.
            cors=[
                s3.CorsRule(
                    allowed_methods=[s3.HttpMethods.PUT],
                    allowed_origins=["*"],
                    allowed_headers=["*"],
                    exposed_headers=["ETag"],
                    max_age=UPLOAD_CORS_MAX_AGE_SECONDS,
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )

    def function_environment(self) -> dict[str, str]:
        """The physical names every function reads: ``<LOGICAL>_TABLE`` per table, the bucket and the bus."""
        environment = {table_env_var(logical): table.table_name for logical, table in self.tables.items()}
        environment[ENV_DOCUMENT_BUCKET] = self.document_bucket.bucket_name
        environment[ENV_EVENT_BUS_NAME] = self.event_bus.event_bus_name
        return environment

    def grant_objects(self, role: iam.IRole, prefix: str, actions: Sequence[str], reason: str) -> None:
        """S3 object ``actions`` on the keys under ``prefix`` of the document bucket only (never the whole
        bucket), with the cdk-nag acknowledgment of that one prefix wildcard and ``reason`` for it."""
        if not prefix.endswith("/") or "*" in prefix:
            raise ValueError(f"{prefix!r}: give a key prefix ending in '/'")
        if not actions or any(not a.startswith("s3:") or "*" in a or "Bucket" in a for a in actions):
            raise ValueError(f"{actions}: only named S3 object actions")
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(actions), resources=[self.document_bucket.arn_for_objects(f"{prefix}*")])
        )
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(self.document_bucket)}.Arn>/{prefix}*]",
            f"{' and '.join(actions)} only under {prefix}, whose keys are ids generated at run time: {reason}; "
            "the rest of the bucket stays out of reach.",
        )

    def acknowledge_index_access(self, role: iam.IRole, logical: str) -> None:
        """Table grants include the table's indexes as ``<table arn>/index/*``: say why that is fine."""
        table = self.tables[logical]
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(table)}.Arn>/index/*]",
            f"Queries on the {logical} table's own global secondary indexes (all defined in "
            "shared/data/tables.py); the wildcard covers only that table's indexes.",
        )
