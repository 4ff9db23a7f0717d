"""State: the DynamoDB tables and SQS queues of shared/adapters/dynamodb/tables.py, the document bucket and the event
bus, and what feeds the queues: the bucket's notifications, the bus's rules and the schedules.

Tables, queues, rules and schedules are built by looping over ``TABLES``, ``QUEUES``, ``RULES`` and ``SCHEDULES``,
never restated here. CDK names every physical resource (so two stacks can live in one account); the functions get
the names from their environment.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constants import (
    ABORT_MULTIPART_DAYS,
    ACCESS_LOG_RETENTION_DAYS,
    DEADLETTER_VISIBILITY_TIMEOUT_SECONDS,
    DLQ_RETENTION_DAYS,
    DOCUMENT_INFREQUENT_ACCESS_DAYS,
    DOCUMENT_RETENTION_DAYS,
    ENV_DOCUMENT_BUCKET,
    ENV_EVENT_BUS_NAME,
    ENV_SETTLEMENT_QUEUE_URL,
    EVENT_ARCHIVE_RETENTION_DAYS,
    LINKAGE_RETENTION_DAYS,
    REPORT_RETENTION_DAYS,
    RULE_TARGET_MAX_EVENT_AGE_HOURS,
    RULE_TARGET_RETRY_ATTEMPTS,
    UPLOAD_CORS_MAX_AGE_SECONDS,
    UPLOAD_EXPIRY_DAYS,
    UPLOAD_NONCURRENT_EXPIRY_DAYS,
    table_env_var,
)
from infra.constructs.nag import acknowledge, logical_id
from shared.adapters.document_store import CLAIM_DOCUMENT_PREFIX, REPORTS_PREFIX
from shared.adapters.dynamodb.tables import (
    CARDS_PREFIX,
    EVENT_BUS_NAME,
    EVENT_SOURCE,
    LINKAGE_PREFIX,
    NOTIFICATIONS,
    QUEUES,
    RECEIPTS_PREFIX,
    RULES,
    SCHEDULES,
    SETTLEMENT_QUEUE,
    TABLES,
    UPLOAD_PREFIX,
    QueueSpec,
    RuleSpec,
    ScheduleSpec,
    TableSpec,
)

# Every item action a function may be granted on a table, by grant_items: each function names the ones its code
# calls (pynamodb get = GetItem, batch_get = BatchGetItem, query = Query, scan = Scan, save = PutItem, update =
# UpdateItem, delete = DeleteItem, batch_write = BatchWriteItem; a TransactWrite needs the Put/Update/Delete action of
# each of its items and ConditionCheckItem for a condition check). Never streams, DescribeTable or wildcards.
ITEM_READ_WRITE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
)
ITEM_ACTIONS = (*ITEM_READ_WRITE_ACTIONS, "dynamodb:Scan")  # a Scan only of the small LG registry
# What the api and the settlement function do on the Settlement table (budgets, contracts, runs and their chunks, the
# ledger's entries, balances and closed periods): reads, puts and updates, transactions with condition checks of
# closed periods and balances; it has no index, and nothing there is ever deleted or batch-written.
SETTLEMENT_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)

# The top-level fields of an EventBridge pattern (as written in RuleSpec.pattern) -> events.EventPattern's arguments.
_PATTERN_FIELDS = {
    "version": "version",
    "id": "id",
    "detail-type": "detail_type",
    "source": "source",
    "account": "account",
    "time": "time",
    "region": "region",
    "resources": "resources",
    "detail": "detail",
}


def event_pattern(pattern: dict) -> events.EventPattern:
    """A RuleSpec's pattern (EventBridge's own JSON form) as an ``events.EventPattern``; unknown fields refused."""
    unknown = set(pattern) - set(_PATTERN_FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)}: not a field of an EventBridge event pattern")
    return events.EventPattern(**{_PATTERN_FIELDS[key]: value for key, value in pattern.items()})


def _attribute(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


def document_lifecycle_rules() -> list[s3.LifecycleRule]:
    """Retention per prefix (docs-retention.md): every rule names its prefix, so none reaches the claimed originals
    under documents/ but their own, which keeps current and noncurrent versions for DOCUMENT_RETENTION_DAYS."""
    return [
        s3.LifecycleRule(
            id="documents-keep-as-evidence",
            prefix=CLAIM_DOCUMENT_PREFIX,
            transitions=[
                s3.Transition(
                    storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                    transition_after=Duration.days(DOCUMENT_INFREQUENT_ACCESS_DAYS),
                )
            ],
            noncurrent_version_transitions=[
                s3.NoncurrentVersionTransition(
                    storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                    transition_after=Duration.days(DOCUMENT_INFREQUENT_ACCESS_DAYS),
                )
            ],
            expiration=Duration.days(DOCUMENT_RETENTION_DAYS),
            noncurrent_version_expiration=Duration.days(DOCUMENT_RETENTION_DAYS),
        ),
        s3.LifecycleRule(
            id="linkage-keep-as-evidence",
            prefix=LINKAGE_PREFIX,
            expiration=Duration.days(LINKAGE_RETENTION_DAYS),
            noncurrent_version_expiration=Duration.days(LINKAGE_RETENTION_DAYS),
        ),
        s3.LifecycleRule(
            id="receipts-keep-ten-years",  # 수납 자료 are the evidence of the 세입 결산: kept as long as the reports
            prefix=RECEIPTS_PREFIX,
            expiration=Duration.days(REPORT_RETENTION_DAYS),
            noncurrent_version_expiration=Duration.days(REPORT_RETENTION_DAYS),
        ),
        s3.LifecycleRule(
            id="cards-keep-ten-years",  # the card companies' approvals are the evidence of each card execution
            prefix=CARDS_PREFIX,
            expiration=Duration.days(REPORT_RETENTION_DAYS),
            noncurrent_version_expiration=Duration.days(REPORT_RETENTION_DAYS),
        ),
        s3.LifecycleRule(
            id="reports-keep-ten-years",
            prefix=REPORTS_PREFIX,
            expiration=Duration.days(REPORT_RETENTION_DAYS),
            noncurrent_version_expiration=Duration.days(REPORT_RETENTION_DAYS),
        ),
        # uploads/ is only where presigned PUTs land: a claim's original is stored under documents/
        s3.LifecycleRule(
            id="uploads-expire",
            prefix=UPLOAD_PREFIX,
            expiration=Duration.days(UPLOAD_EXPIRY_DAYS),
            noncurrent_version_expiration=Duration.days(UPLOAD_NONCURRENT_EXPIRY_DAYS),
        ),
        s3.LifecycleRule(id="uploads-remove-delete-markers", prefix=UPLOAD_PREFIX, expired_object_delete_marker=True),
        s3.LifecycleRule(
            id="abort-incomplete-multipart-uploads",
            abort_incomplete_multipart_upload_after=Duration.days(ABORT_MULTIPART_DAYS),
        ),
    ]


class DataStore(Construct):
    """``tables``, ``queues``, ``rules`` and ``schedules`` keyed by their spec's ``logical`` name;
    ``dead_letter_queues`` likewise."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.tables: dict[str, dynamodb.Table] = {spec.logical: self._table(spec) for spec in TABLES}

        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        self.dead_letter_alarms: dict[str, cloudwatch.Alarm] = {}  # every one notifies the alarm topic (stack.py)
        for spec in QUEUES:
            dlq = sqs.Queue(
                self,
                f"{spec.logical}Dlq",
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                enforce_ssl=True,
                retention_period=Duration.days(DLQ_RETENTION_DAYS),
                # a consumed dead-letter queue's visibility timeout must cover its function's timeout
                visibility_timeout=Duration.seconds(DEADLETTER_VISIBILITY_TIMEOUT_SECONDS)
                if spec.dead_letter_function
                else None,
            )
            self.dead_letter_alarms[spec.logical] = cloudwatch.Alarm(
                self,
                f"{spec.logical}DlqAlarm",
                alarm_description=f"Messages in the dead-letter queue of {spec.logical}: a message failed "
                f"{spec.max_receive_count} times, or an event could not be delivered to the queue",
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
        # Uploaded documents and linkage files reach the intake function through the intake queue (and its DLQ),
        # the treasury's receipts files the settlement function through its queue, in AWS as locally: one
        # notification per prefix, never the whole bucket.
        for prefix, queue in NOTIFICATIONS:
            self.document_bucket.add_event_notification(
                s3.EventType.OBJECT_CREATED,
                s3n.SqsDestination(self.queues[queue.logical]),
                s3.NotificationKeyFilter(prefix=prefix),
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
        self.rules: dict[str, events.Rule] = {spec.logical: self._rule(spec) for spec in RULES}
        self.schedules: dict[str, events.Rule] = {spec.logical: self._schedule(spec) for spec in SCHEDULES}

    def _rule(self, spec: RuleSpec) -> events.Rule:
        """A rule on the claims bus delivering matching events to its queue. The target adds the queue policy that
        lets this rule (aws:SourceArn) send; an event EventBridge cannot deliver after its retries goes to the
        queue's own dead-letter queue, which is alarmed, and may be sent again from there."""
        rule = events.Rule(
            self,
            spec.logical,
            event_bus=self.event_bus,
            event_pattern=event_pattern(spec.pattern),
            description=f"{spec.name}: matching claims events -> the {spec.queue.logical}",
        )
        rule.add_target(self._queue_target(spec.queue))
        return rule

    def _schedule(self, spec: ScheduleSpec) -> events.Rule:
        """A scheduled rule on the account's default bus (schedules can only live there) sending its fixed message
        ``{"source": "schedule", "schedule": <name>, **detail}`` to its queue, delivered like a rule's events."""
        rule = events.Rule(
            self,
            spec.logical,
            schedule=events.Schedule.expression(f"cron({spec.cron})"),
            description=f"{spec.name}: cron({spec.cron}) UTC -> the {spec.queue.logical}",
        )
        message = {"source": "schedule", "schedule": spec.name, **spec.detail}
        rule.add_target(self._queue_target(spec.queue, events.RuleTargetInput.from_object(message)))
        return rule

    def _queue_target(self, queue: QueueSpec, message: events.RuleTargetInput | None = None) -> targets.SqsQueue:
        """The queue of ``queue`` as a target: the target adds the queue policy that lets this rule
        (aws:SourceArn) send; what cannot be delivered after the retries goes to the queue's own dead-letter
        queue."""
        return targets.SqsQueue(
            self.queues[queue.logical],
            message=message,
            dead_letter_queue=self.dead_letter_queues[queue.logical],
            retry_attempts=RULE_TARGET_RETRY_ATTEMPTS,
            max_event_age=Duration.hours(RULE_TARGET_MAX_EVENT_AGE_HOURS),
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
            lifecycle_rules=document_lifecycle_rules(),
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
        """The physical names every function reads: ``<LOGICAL>_TABLE`` per table, the bucket, the bus and the
        settlement queue's URL. Every function parses the one shared Settings model (shared/adapters/config.py) at cold
        start, so every function gets the same variables; a variable is a name, not a right: only the roles
        that are granted it may use a resource."""
        environment = {table_env_var(logical): table.table_name for logical, table in self.tables.items()}
        environment[ENV_DOCUMENT_BUCKET] = self.document_bucket.bucket_name
        environment[ENV_EVENT_BUS_NAME] = self.event_bus.event_bus_name
        environment[ENV_SETTLEMENT_QUEUE_URL] = self.queues[SETTLEMENT_QUEUE.logical].queue_url
        return environment

    def grant_send(self, role: iam.IRole, queue: QueueSpec) -> None:
        """``sqs:SendMessage`` on the queue of ``queue`` alone (``grant_send_messages`` would add
        GetQueueAttributes and GetQueueUrl, which a sender that has the URL never calls; the queues are
        SQS-managed encrypted, so no KMS key either)."""
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.queues[queue.logical].queue_arn])
        )

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
            f"{' and '.join(actions)} only under {prefix}, whose object keys are known only at run time: {reason}; "
            "the rest of the bucket stays out of reach.",
        )

    def grant_items(self, role: iam.IRole, logical: str, actions: Sequence[str]) -> None:
        """Named DynamoDB item ``actions`` on the ``logical`` table itself, never its indexes (``grant_index_query``
        adds those): each function gets exactly what its code calls, never ``grant_read_data``/
        ``grant_read_write_data`` (Scan, DeleteItem, DescribeTable and every index with them)."""
        if not actions or any(not a.startswith("dynamodb:") or "*" in a for a in actions):
            raise ValueError(f"{actions}: only named DynamoDB actions")
        if set(actions) - set(ITEM_ACTIONS) or len(set(actions)) != len(actions):
            raise ValueError(f"{actions}: only item actions of ITEM_ACTIONS, each once")
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(actions), resources=[self.tables[logical].table_arn])
        )

    def grant_index_query(self, role: iam.IRole, logical: str) -> None:
        """``dynamodb:Query`` on the ``logical`` table's indexes alone (``<table arn>/index/*``), for a function
        given the table's items by ``grant_items``; with the acknowledgment of that index wildcard."""
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=["dynamodb:Query"], resources=[f"{self.tables[logical].table_arn}/index/*"])
        )
        self.acknowledge_index_access(role, logical)

    def acknowledge_index_access(self, role: iam.IRole, logical: str) -> None:
        """Table grants include the table's indexes as ``<table arn>/index/*``: say why that is fine."""
        table = self.tables[logical]
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(table)}.Arn>/index/*]",
            f"Queries on the {logical} table's own global secondary indexes (all defined in "
            "shared/adapters/dynamodb/tables.py); the wildcard covers only that table's indexes.",
        )
