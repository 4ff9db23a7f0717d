"""The local stack (moto) and the CDK stack are built from one source; this checks they really agree."""

from __future__ import annotations

import json

import pytest

from shared.adapters.dynamodb import tables

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


def _cdk_tables(template: dict) -> list[dict]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]


def _keys(schema: list[dict]) -> tuple:
    return tuple((k["AttributeName"], k["KeyType"]) for k in schema)


def _shape(key_schema, gsis, attributes, ttl) -> tuple:
    """What makes two tables the same table: keys, indexes, attribute types and TTL."""
    return (
        _keys(key_schema),
        tuple(sorted((g["IndexName"], _keys(g["KeySchema"])) for g in gsis)),
        tuple(sorted((a["AttributeName"], a["AttributeType"]) for a in attributes)),
        ttl,
    )


def test_tables_agree(synthesised, aws):
    from shared.adapters.aws import client

    dynamodb = client("dynamodb")
    cdk = sorted(
        _shape(
            t["KeySchema"],
            t.get("GlobalSecondaryIndexes", []),
            t["AttributeDefinitions"],
            t.get("TimeToLiveSpecification", {}).get("AttributeName"),
        )
        for t in _cdk_tables(synthesised.template)
    )
    local = []
    for spec in tables.TABLES:
        table = dynamodb.describe_table(TableName=spec.name)["Table"]
        ttl = dynamodb.describe_time_to_live(TableName=spec.name)["TimeToLiveDescription"].get("AttributeName")
        local.append(
            _shape(table["KeySchema"], table.get("GlobalSecondaryIndexes", []), table["AttributeDefinitions"], ttl)
        )
    assert cdk == sorted(local)


def test_queues_agree(synthesised, aws):
    from shared.adapters.aws import client

    sqs = client("sqs")
    cdk_queues = [
        r["Properties"]
        for r in synthesised.template["Resources"].values()
        if r["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in r["Properties"]
    ]
    assert len(cdk_queues) == len(tables.QUEUES)
    for spec in tables.QUEUES:
        attrs = sqs.get_queue_attributes(QueueUrl=aws.queue_urls[spec.logical], AttributeNames=["All"])["Attributes"]
        local_redrive = json.loads(attrs["RedrivePolicy"])
        assert any(
            int(q["VisibilityTimeout"]) == int(attrs["VisibilityTimeout"])
            and int(q["RedrivePolicy"]["maxReceiveCount"]) == int(local_redrive["maxReceiveCount"])
            for q in cdk_queues
        )


def test_upload_notifications_agree(synthesised, aws):
    from shared.adapters.aws import client

    local = client("s3").get_bucket_notification_configuration(Bucket=tables.BUCKET_NAME)["QueueConfigurations"]
    local_prefixes = {r["Value"] for c in local for r in c["Filter"]["Key"]["FilterRules"] if r["Name"] == "prefix"}
    notifications = [
        r["Properties"]
        for r in synthesised.template["Resources"].values()
        if r["Type"] == "Custom::S3BucketNotifications"
    ]
    rules = json.dumps(notifications)
    assert local_prefixes == set(tables.NOTIFIED_PREFIXES)
    assert all(prefix in rules for prefix in tables.NOTIFIED_PREFIXES)


def test_event_rules_agree(synthesised, aws):
    from shared.adapters.aws import client

    events = client("events")
    cdk_patterns = [
        r["Properties"]["EventPattern"]
        for r in synthesised.template["Resources"].values()
        if r["Type"] == "AWS::Events::Rule" and "EventPattern" in r["Properties"]
    ]
    for rule in tables.RULES:
        local = json.loads(events.describe_rule(Name=rule.name, EventBusName=tables.EVENT_BUS_NAME)["EventPattern"])
        assert local == rule.pattern
        assert rule.pattern in cdk_patterns
