"""The local stack (moto) and the CDK stack are built from one source; this checks they really agree."""

from __future__ import annotations

import json

import pytest

from shared.data import tables

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


def _cdk_tables(template: dict) -> list[dict]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]


def _keys(schema: list[dict]) -> tuple:
    return tuple((k["AttributeName"], k["KeyType"]) for k in schema)


def test_tables_agree(synthesised, aws):
    from shared.aws import client

    dynamodb = client("dynamodb")
    cdk = {
        _keys(t["KeySchema"]) + tuple(sorted(g["IndexName"] for g in t.get("GlobalSecondaryIndexes", []))): t
        for t in _cdk_tables(synthesised.template)
    }
    assert len(cdk) == len(tables.TABLES)
    for spec in tables.TABLES:
        local = dynamodb.describe_table(TableName=spec.name)["Table"]
        local_gsis = {g["IndexName"]: _keys(g["KeySchema"]) for g in local.get("GlobalSecondaryIndexes", [])}
        key = _keys(local["KeySchema"]) + tuple(sorted(local_gsis))
        assert key in cdk, f"{spec.name}: no CDK table with the same keys and indexes"
        cdk_table = cdk[key]
        assert {
            g["IndexName"]: _keys(g["KeySchema"]) for g in cdk_table.get("GlobalSecondaryIndexes", [])
        } == local_gsis
        assert {a["AttributeName"]: a["AttributeType"] for a in cdk_table["AttributeDefinitions"]} == {
            a["AttributeName"]: a["AttributeType"] for a in local["AttributeDefinitions"]
        }
        ttl = dynamodb.describe_time_to_live(TableName=spec.name)["TimeToLiveDescription"]
        assert cdk_table.get("TimeToLiveSpecification", {}).get("AttributeName") == ttl.get("AttributeName")


def test_queues_agree(synthesised, aws):
    from shared.aws import client

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
    from shared.aws import client

    local = client("s3").get_bucket_notification_configuration(Bucket=tables.BUCKET_NAME)["QueueConfigurations"]
    local_prefixes = {r["Value"] for c in local for r in c["Filter"]["Key"]["FilterRules"] if r["Name"] == "prefix"}
    notifications = [
        r["Properties"]
        for r in synthesised.template["Resources"].values()
        if r["Type"] == "Custom::S3BucketNotifications"
    ]
    rules = json.dumps(notifications)
    assert local_prefixes == {tables.UPLOAD_PREFIX} and tables.UPLOAD_PREFIX in rules
