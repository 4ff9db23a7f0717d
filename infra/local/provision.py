"""Provision the local AWS (moto) from the same specs the CDK stack uses (``shared/adapters/dynamodb/tables.py``), and
load the LG registry. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

import boto3

from infra.local.tokens import OFFICIALS_ISSUER
from shared.adapters.dynamodb import tables

REGISTRY_FILE = Path(__file__).resolve().parents[2] / "shared" / "adapters" / "dynamodb" / "lg_registry.json"


@dataclass(frozen=True, slots=True)
class LocalResources:
    endpoint: str
    region: str
    queue_urls: dict[str, str]
    dlq_urls: dict[str, str]

    def environment(self) -> dict[str, str]:
        """The functions' environment, as the CDK stack sets it, pointed at the local AWS."""
        return {
            "CLAIMS_TABLE": tables.CLAIMS.name,
            "REGISTRY_TABLE": tables.REGISTRY.name,
            "IDEMPOTENCY_TABLE": tables.IDEMPOTENCY.name,
            "SUBSIDY_TABLE": tables.SUBSIDY.name,
            "SETTLEMENT_TABLE": tables.SETTLEMENT.name,
            "SETTLEMENT_QUEUE_URL": self.queue_urls[tables.SETTLEMENT_QUEUE.logical],
            "DOCUMENT_BUCKET": tables.BUCKET_NAME,
            "EVENT_BUS_NAME": tables.EVENT_BUS_NAME,
            "OFFICIALS_ISSUER": OFFICIALS_ISSUER,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "POWERTOOLS_METRICS_NAMESPACE": "LocalFinanceClaims",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
        }


def table_definition(spec: tables.TableSpec) -> dict:
    keys = [(spec.partition_key, "HASH")] + ([(spec.sort_key, "RANGE")] if spec.sort_key else [])
    attributes = {name for name, _ in keys}
    definition: dict = {
        "TableName": spec.name,
        "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in keys],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if spec.indexes:
        definition["GlobalSecondaryIndexes"] = []
        for index in spec.indexes:
            index_keys = [(index.partition_key, "HASH")] + ([(index.sort_key, "RANGE")] if index.sort_key else [])
            attributes.update(n for n, _ in index_keys)
            definition["GlobalSecondaryIndexes"].append(
                {
                    "IndexName": index.name,
                    "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in index_keys],
                    "Projection": {"ProjectionType": "ALL"},
                }
            )
    definition["AttributeDefinitions"] = [{"AttributeName": n, "AttributeType": "S"} for n in sorted(attributes)]
    return definition


def provision(endpoint: str, region: str = "ap-northeast-2") -> LocalResources:
    session = boto3.session.Session(
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto
        region_name=region,
    )
    dynamodb = session.client("dynamodb", endpoint_url=endpoint)
    sqs = session.client("sqs", endpoint_url=endpoint)
    s3 = session.client("s3", endpoint_url=endpoint)
    events = session.client("events", endpoint_url=endpoint)

    existing = set(dynamodb.list_tables()["TableNames"])
    for spec in tables.TABLES:
        if spec.name not in existing:
            dynamodb.create_table(**table_definition(spec))
            if spec.ttl_attribute:
                dynamodb.update_time_to_live(
                    TableName=spec.name, TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute}
                )

    queue_urls, dlq_urls = {}, {}
    for queue in tables.QUEUES:
        dlq_url = sqs.create_queue(
            QueueName=f"{queue.name}-dlq", Attributes={"MessageRetentionPeriod": str(14 * 24 * 3600)}
        )["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        url = sqs.create_queue(
            QueueName=queue.name,
            Attributes={
                "VisibilityTimeout": str(queue.visibility_timeout_seconds),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(queue.max_receive_count)}
                ),
            },
        )["QueueUrl"]
        queue_urls[queue.logical], dlq_urls[queue.logical] = url, dlq_url

    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        s3.create_bucket(Bucket=tables.BUCKET_NAME, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_bucket_versioning(Bucket=tables.BUCKET_NAME, VersioningConfiguration={"Status": "Enabled"})
    arns = {
        queue.logical: sqs.get_queue_attributes(QueueUrl=queue_urls[queue.logical], AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        for queue in {queue for _, queue in tables.NOTIFICATIONS}
    }
    s3.put_bucket_notification_configuration(
        Bucket=tables.BUCKET_NAME,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "Id": f"{queue.name}-{prefix.strip('/')}",
                    "QueueArn": arns[queue.logical],
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}},
                }
                for prefix, queue in tables.NOTIFICATIONS
            ]
        },
    )

    if tables.EVENT_BUS_NAME not in {b["Name"] for b in events.list_event_buses()["EventBuses"]}:
        events.create_event_bus(Name=tables.EVENT_BUS_NAME)
    for rule in tables.RULES:
        events.put_rule(Name=rule.name, EventBusName=tables.EVENT_BUS_NAME, EventPattern=json.dumps(rule.pattern))
        target_arn = sqs.get_queue_attributes(QueueUrl=queue_urls[rule.queue.logical], AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        events.put_targets(
            Rule=rule.name, EventBusName=tables.EVENT_BUS_NAME, Targets=[{"Id": rule.queue.name, "Arn": target_arn}]
        )

    for schedule in tables.SCHEDULES:  # moto never fires schedules: `make invoke` delivers their events locally
        events.put_rule(Name=schedule.name, ScheduleExpression=f"cron({schedule.cron})")
        target_arn = sqs.get_queue_attributes(QueueUrl=queue_urls[schedule.queue.logical], AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        events.put_targets(
            Rule=schedule.name,
            Targets=[
                {
                    "Id": schedule.queue.name,
                    "Arn": target_arn,
                    "Input": json.dumps({"source": "schedule", "schedule": schedule.name, **schedule.detail}),
                }
            ],
        )

    load_registry(session.client("dynamodb", endpoint_url=endpoint))
    return LocalResources(endpoint, region, queue_urls, dlq_urls)


def registry_items() -> list[dict]:
    return json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))["lgs"]


def load_registry(dynamodb) -> int:
    lgs = registry_items()
    for start in range(0, len(lgs), 25):
        dynamodb.batch_write_item(
            RequestItems={
                tables.REGISTRY.name: [
                    {
                        "PutRequest": {
                            "Item": {
                                "pk": {"S": f"LG#{lg['lgCode']}"},
                                "sk": {"S": "LG"},
                                "lgCode": {"S": lg["lgCode"]},
                                "name": {"S": lg["name"]},
                                "nameEn": {"S": lg["nameEn"]},
                                "taxId": {"S": lg["taxId"]},
                            }
                        }
                    }
                    for lg in lgs[start : start + 25]
                ]
            }
        )
    return len(lgs)
