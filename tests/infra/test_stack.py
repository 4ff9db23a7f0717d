"""The synthesised CloudFormation template: every resource that matters, cdk-nag and cfn-lint.

The session fixture (conftest.py) builds the Lambda asset and synthesises the app once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infra import bundle, constants
from shared.adapters.document_store import CLAIM_DOCUMENT_PREFIX, REPORTS_PREFIX
from shared.adapters.dynamodb.tables import (
    CARDS_PREFIX,
    CLAIMS,
    EVENT_BUS_NAME,
    EVENT_SOURCE,
    INTAKE_QUEUE,
    LINKAGE_PREFIX,
    NOTIFIED_PREFIXES,
    QUEUES,
    RECEIPTS_PREFIX,
    REGISTRY,
    RULES,
    SCHEDULES,
    SETTLEMENT_QUEUE,
    SUBSIDY_CLAIM_RECEIVED,
    TABLES,
    UPLOAD_PREFIX,
    VALIDATION_QUEUE,
    RuleSpec,
    ScheduleSpec,
    TableSpec,
)
from shared.adapters.http.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, problem_body

# One worker synthesises once (make test runs pytest -n 2 --dist loadgroup).
pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

# ---------------------------------------------------------------------------------------------------------------
# helpers


def of_type(resources: dict, kind: str) -> dict[str, dict]:
    return {lid: r for lid, r in resources.items() if r["Type"] == kind}


def by_construct(resources: dict, kind: str, *path: str) -> tuple[str, dict]:
    """The one resource of ``kind`` built by the construct at ``path`` (CDK's logical id: path parts + hash)."""
    pattern = re.compile("".join(path) + "[0-9A-F]{8}")
    found = [(lid, r) for lid, r in of_type(resources, kind).items() if pattern.fullmatch(lid)]
    assert len(found) == 1, f"{kind} at {path}: {[lid for lid, _ in found]}"
    return found[0]


def function(resources: dict, handler: str) -> tuple[str, dict]:
    found = [
        (lid, r)
        for lid, r in of_type(resources, "AWS::Lambda::Function").items()
        if r["Properties"].get("Handler") == handler
    ]
    assert len(found) == 1, handler
    return found[0]


def ref(value) -> str:
    assert isinstance(value, dict) and set(value) == {"Ref"}, value
    return value["Ref"]


def get_att(value, attribute: str = "Arn") -> str:
    assert isinstance(value, dict) and "Fn::GetAtt" in value and value["Fn::GetAtt"][1] == attribute, value
    return value["Fn::GetAtt"][0]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def role_statements(resources: dict, role_lid: str) -> list[dict]:
    statements = []
    for policy in of_type(resources, "AWS::IAM::Policy").values():
        if {"Ref": role_lid} in policy["Properties"]["Roles"]:
            statements += policy["Properties"]["PolicyDocument"]["Statement"]
    role = resources[role_lid]["Properties"]
    for inline in role.get("Policies", []):
        statements += inline["PolicyDocument"]["Statement"]
    return statements


def resource_text(resource) -> str:
    """A resource ARN expression flattened into text, e.g. ``<DataClaims.Arn>/index/*``."""
    if isinstance(resource, str):
        return resource
    if "Fn::GetAtt" in resource:
        return "<{}.{}>".format(*resource["Fn::GetAtt"])
    if "Ref" in resource:
        return f"<{resource['Ref']}>"
    if "Fn::Join" in resource:
        separator, parts = resource["Fn::Join"]
        return separator.join(resource_text(part) for part in parts)
    raise AssertionError(f"unexpected resource expression {resource}")


def denies_insecure_transport(policy_document: dict) -> bool:
    return any(
        s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        for s in policy_document["Statement"]
    )


API = {
    "handler": constants.API_HANDLER,
    "service": constants.API_SERVICE_NAME,
    "memory": constants.API_MEMORY_MB,
    "timeout": constants.API_TIMEOUT_SECONDS,
}
INTAKE = {
    "handler": constants.INTAKE_HANDLER,
    "service": constants.INTAKE_SERVICE_NAME,
    "memory": constants.INTAKE_MEMORY_MB,
    "timeout": constants.INTAKE_TIMEOUT_SECONDS,
}
VALIDATION = {
    "handler": constants.VALIDATION_HANDLER,
    "service": constants.VALIDATION_SERVICE_NAME,
    "memory": constants.VALIDATION_MEMORY_MB,
    "timeout": constants.VALIDATION_TIMEOUT_SECONDS,
}
SETTLEMENT = {
    "handler": constants.SETTLEMENT_HANDLER,
    "service": constants.SETTLEMENT_SERVICE_NAME,
    "memory": constants.SETTLEMENT_MEMORY_MB,
    "timeout": constants.SETTLEMENT_TIMEOUT_SECONDS,
}
DEADLETTER = {
    "handler": constants.DEADLETTER_HANDLER,
    "service": constants.DEADLETTER_SERVICE_NAME,
    "memory": constants.DEADLETTER_MEMORY_MB,
    "timeout": constants.DEADLETTER_TIMEOUT_SECONDS,
}
ALL_FUNCTIONS = (API, INTAKE, VALIDATION, SETTLEMENT, DEADLETTER)
FUNCTIONS = pytest.mark.parametrize(
    "spec", ALL_FUNCTIONS, ids=["api", "intake", "validation", "settlement", "deadletter"]
)
# Each queue's consumer: (its spec above, the batch size of its event source mapping).
CONSUMERS = {
    INTAKE_QUEUE.logical: (INTAKE, constants.INTAKE_BATCH_SIZE),
    VALIDATION_QUEUE.logical: (VALIDATION, constants.VALIDATION_BATCH_SIZE),
    SETTLEMENT_QUEUE.logical: (SETTLEMENT, constants.SETTLEMENT_BATCH_SIZE),
}


@pytest.fixture(scope="module")
def api_env(resources) -> dict:
    return function(resources, constants.API_HANDLER)[1]["Properties"]["Environment"]["Variables"]


def queue_lids(resources, spec) -> tuple[str, str]:
    """The logical ids of the queue of ``spec`` and of its dead-letter queue."""
    lid, queue = by_construct(resources, "AWS::SQS::Queue", constants.DATA_CONSTRUCT, spec.logical)
    return lid, get_att(queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])


@pytest.fixture(scope="module")
def intake_queue_lid(resources) -> str:
    return queue_lids(resources, INTAKE_QUEUE)[0]


@pytest.fixture(scope="module")
def validation_queue_lid(resources) -> str:
    return queue_lids(resources, VALIDATION_QUEUE)[0]


@pytest.fixture(scope="module")
def settlement_queue_lid(resources) -> str:
    return queue_lids(resources, SETTLEMENT_QUEUE)[0]


# ---------------------------------------------------------------------------------------------------------------
# DynamoDB: the template and shared/adapters/dynamodb/tables.py agree


def test_exactly_the_specified_tables(resources):
    assert len(of_type(resources, "AWS::DynamoDB::Table")) == len(TABLES)


@pytest.mark.parametrize("spec", TABLES, ids=[t.logical for t in TABLES])
def test_table_matches_its_spec(resources, api_env, spec: TableSpec):
    lid = ref(api_env[constants.table_env_var(spec.logical)])  # the functions get the physical name
    table = resources[lid]
    assert table["Type"] == "AWS::DynamoDB::Table"
    props = table["Properties"]

    expected_keys = [{"AttributeName": spec.partition_key, "KeyType": "HASH"}]
    if spec.sort_key:
        expected_keys.append({"AttributeName": spec.sort_key, "KeyType": "RANGE"})
    assert props["KeySchema"] == expected_keys

    indexes = {gsi["IndexName"]: gsi for gsi in props.get("GlobalSecondaryIndexes", [])}
    assert set(indexes) == {index.name for index in spec.indexes}
    key_names = {spec.partition_key, spec.sort_key} - {None}
    for index in spec.indexes:
        keys = [{"AttributeName": index.partition_key, "KeyType": "HASH"}]
        if index.sort_key:
            keys.append({"AttributeName": index.sort_key, "KeyType": "RANGE"})
        assert indexes[index.name]["KeySchema"] == keys
        assert indexes[index.name]["Projection"] == {"ProjectionType": "ALL"}
        key_names |= {index.partition_key, index.sort_key} - {None}
    assert {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]} == dict.fromkeys(
        key_names, "S"
    )

    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["SSESpecification"]["SSEEnabled"] is True
    if spec.ttl_attribute:
        assert props["TimeToLiveSpecification"] == {"AttributeName": spec.ttl_attribute, "Enabled": True}
    else:
        assert "TimeToLiveSpecification" not in props
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    assert "TableName" not in props, "CDK names the tables; the local names stay local"


# ---------------------------------------------------------------------------------------------------------------
# S3


def test_document_bucket(resources, api_env):
    lid = ref(api_env[constants.ENV_DOCUMENT_BUCKET])
    props = resources[lid]["Properties"]
    assert "BucketName" not in props
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"][
        "SSEAlgorithm"
    ] in {"AES256", "aws:kms"}
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = props["LifecycleConfiguration"]["Rules"]
    assert {"DaysAfterInitiation": constants.ABORT_MULTIPART_DAYS} in [
        r.get("AbortIncompleteMultipartUpload") for r in rules
    ]
    assert all(r["Status"] == "Enabled" for r in rules)

    logs_lid = ref(props["LoggingConfiguration"]["DestinationBucketName"])
    assert logs_lid != lid and resources[logs_lid]["Type"] == "AWS::S3::Bucket"

    cors = props["CorsConfiguration"]["CorsRules"]
    assert any("PUT" in rule["AllowedMethods"] for rule in cors)

    policies = {ref(p["Properties"]["Bucket"]): p for p in of_type(resources, "AWS::S3::BucketPolicy").values()}
    for bucket in (lid, logs_lid):
        assert denies_insecure_transport(policies[bucket]["Properties"]["PolicyDocument"]), bucket
        encryption = resources[bucket]["Properties"]["BucketEncryption"]
        assert encryption["ServerSideEncryptionConfiguration"], bucket
        assert resources[bucket]["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True


def _lifecycle_rules(resources, api_env) -> dict[str, dict]:
    props = resources[ref(api_env[constants.ENV_DOCUMENT_BUCKET])]["Properties"]
    return {rule["Id"]: rule for rule in props["LifecycleConfiguration"]["Rules"]}


def _covers(rule: dict, key: str) -> bool:
    """Whether a lifecycle rule applies to ``key`` (a rule without a prefix filter applies to every key)."""
    prefix = rule.get("Prefix", rule.get("Filter", {}).get("Prefix", ""))
    return key.startswith(prefix)


def test_retention_per_prefix(resources, api_env):
    rules = _lifecycle_rules(resources, api_env)
    assert all(rule["Status"] == "Enabled" for rule in rules.values())
    by_prefix = {rule.get("Prefix"): rule for rule in rules.values() if "ExpirationInDays" in rule}
    assert set(by_prefix) == {
        CARDS_PREFIX,
        CLAIM_DOCUMENT_PREFIX,
        LINKAGE_PREFIX,
        RECEIPTS_PREFIX,
        REPORTS_PREFIX,
        UPLOAD_PREFIX,
    }
    # claimed originals: five years after the end of their fiscal year (about six from creation), every version
    documents = by_prefix[CLAIM_DOCUMENT_PREFIX]
    assert documents["ExpirationInDays"] == constants.DOCUMENT_RETENTION_DAYS >= 6 * 365 + 2
    assert documents["NoncurrentVersionExpiration"]["NoncurrentDays"] == constants.DOCUMENT_RETENTION_DAYS
    assert documents["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 90}]
    assert documents["NoncurrentVersionTransitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 90}]
    # linkage files: the evidence of imported national facts, kept as long
    assert by_prefix[LINKAGE_PREFIX]["ExpirationInDays"] == constants.DOCUMENT_RETENTION_DAYS
    # the treasury's receipts files, the evidence of the 세입 결산: as long as the reports
    assert by_prefix[RECEIPTS_PREFIX]["ExpirationInDays"] == by_prefix[REPORTS_PREFIX]["ExpirationInDays"]
    # the card companies' feeds, the evidence of each card execution: as long too
    assert by_prefix[CARDS_PREFIX]["ExpirationInDays"] == by_prefix[REPORTS_PREFIX]["ExpirationInDays"]
    # settlement reports and bank files: ten years
    assert by_prefix[REPORTS_PREFIX]["ExpirationInDays"] >= 3650
    assert by_prefix[REPORTS_PREFIX]["NoncurrentVersionExpiration"]["NoncurrentDays"] >= 3650
    # uploads/ only lands presigned PUTs: gone after a week, a replaced version after a day
    uploads = by_prefix[UPLOAD_PREFIX]
    assert uploads["ExpirationInDays"] == 7 and uploads["NoncurrentVersionExpiration"]["NoncurrentDays"] == 1
    assert rules["uploads-remove-delete-markers"] == {
        "Id": "uploads-remove-delete-markers",
        "Prefix": UPLOAD_PREFIX,
        "ExpiredObjectDeleteMarker": True,
        "Status": "Enabled",
    }


@pytest.mark.parametrize("key", ["documents/C-1.xml", "documents/C-1.detail.json", "linkage/2025/feed.jsonl"])
def test_no_rule_expires_evidence_before_its_retention(resources, api_env, key):
    """No lifecycle rule (whatever its prefix, or none) deletes a claimed original, current or noncurrent, within
    five years of the end of its fiscal year: the 90-day noncurrent expiry of the whole bucket lost evidence."""
    covering = [rule for rule in _lifecycle_rules(resources, api_env).values() if _covers(rule, key)]
    assert covering, key
    for rule in covering:
        assert rule.get("ExpirationInDays", 10**6) >= constants.EVIDENCE_MIN_RETENTION_DAYS, rule["Id"]
        noncurrent = rule.get("NoncurrentVersionExpiration", {}).get("NoncurrentDays", 10**6)
        assert noncurrent >= constants.EVIDENCE_MIN_RETENTION_DAYS, rule["Id"]
        assert "ExpirationDate" not in rule and "ExpiredObjectDeleteMarker" not in rule, rule["Id"]


def test_uploads_and_linkage_files_notify_the_intake_queue_and_receipts_files_the_settlement_queue(
    resources, api_env, intake_queue_lid, settlement_queue_lid
):
    (notification,) = of_type(resources, "Custom::S3BucketNotifications").values()
    props = notification["Properties"]
    assert ref(props["BucketName"]) == ref(api_env[constants.ENV_DOCUMENT_BUCKET])
    assert set(props["NotificationConfiguration"]) == {"QueueConfigurations"}
    configs = props["NotificationConfiguration"]["QueueConfigurations"]
    assert (
        NOTIFIED_PREFIXES
        == (UPLOAD_PREFIX, LINKAGE_PREFIX, RECEIPTS_PREFIX, CARDS_PREFIX)
        == ("uploads/", "linkage/", "receipts/", "cards/")
    )
    assert len(configs) == len(NOTIFIED_PREFIXES), "one notification per prefix, never the whole bucket"
    queue_of = {}
    for config in configs:
        assert config["Events"] == ["s3:ObjectCreated:*"]
        (rule,) = config["Filter"]["Key"]["FilterRules"]
        assert rule["Name"] == "prefix"
        queue_of[rule["Value"]] = get_att(config["QueueArn"])
    assert queue_of == {
        UPLOAD_PREFIX: intake_queue_lid,
        LINKAGE_PREFIX: intake_queue_lid,
        RECEIPTS_PREFIX: settlement_queue_lid,  # 세입 is settlement data: never the intake's
        CARDS_PREFIX: settlement_queue_lid,  # a card payment is settled from the grant's account in the ledger
    }

    # S3 may send to each of the two queues (and only for this bucket)
    for queue_lid in (intake_queue_lid, settlement_queue_lid):
        policies = [
            p["Properties"]["PolicyDocument"]
            for p in of_type(resources, "AWS::SQS::QueuePolicy").values()
            if {"Ref": queue_lid} in p["Properties"]["Queues"]
        ]
        statements = [s for d in policies for s in d["Statement"] if s["Effect"] == "Allow"]
        (allow,) = [s for s in statements if s["Principal"] == {"Service": "s3.amazonaws.com"}]
        assert get_att(allow["Condition"]["ArnLike"]["aws:SourceArn"]) == ref(api_env[constants.ENV_DOCUMENT_BUCKET])


def test_object_grants_name_their_prefix_and_actions(synthesised):
    data = synthesised.stack.data
    role = object()  # never reached: the arguments are checked first
    for prefix, actions in (("uploads", ["s3:GetObject"]), ("*", ["s3:GetObject"]), ("uploads/*", ["s3:GetObject"])):
        with pytest.raises(ValueError, match="prefix"):
            data.grant_objects(role, prefix, actions, "a reason that is long enough")
    for actions in ([], ["s3:*"], ["s3:ListBucket"], ["dynamodb:GetItem"]):
        with pytest.raises(ValueError, match="actions"):
            data.grant_objects(role, UPLOAD_PREFIX, actions, "a reason that is long enough")


def _acknowledgment_reasons(synthesised, path: str) -> dict[str, str]:
    import aws_cdk as cdk

    construct = synthesised.stack.node.find_child(path.split("/")[0])
    for part in path.split("/")[1:]:
        construct = construct.node.find_child(part)
    reasons = {}
    for entry in construct.node.metadata:
        if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
            reasons.update({_normalise_rule(rule.split("::", 1)[1]): reason for rule, reason in entry.data.items()})
    return reasons


@pytest.mark.parametrize(
    ("path", "prefix", "actions"),
    [
        ("Api/ApiFunction/Role", UPLOAD_PREFIX, "s3:PutObject"),
        (
            "Api/ApiFunction/Role",
            CLAIM_DOCUMENT_PREFIX,
            "s3:PutObject and s3:DeleteObjectVersion and s3:GetObject and s3:GetObjectVersion",
        ),
        ("Api/ApiFunction/Role", REPORTS_PREFIX, "s3:GetObject"),
        ("Intake/IntakeFunction/Role", UPLOAD_PREFIX, "s3:GetObject and s3:GetObjectVersion"),
        ("Intake/IntakeFunction/Role", CLAIM_DOCUMENT_PREFIX, "s3:PutObject and s3:DeleteObjectVersion"),
        ("Intake/IntakeFunction/Role", LINKAGE_PREFIX, "s3:GetObject"),
        ("Settlement/SettlementFunction/Role", REPORTS_PREFIX, "s3:PutObject and s3:GetObject"),
    ],
    ids=[
        "api-uploads",
        "api-documents",
        "api-reports",
        "intake-uploads",
        "intake-documents",
        "intake-linkage",
        "settlement-reports",
    ],
)
def test_each_prefix_acknowledgment_says_what_and_why(synthesised, path, prefix, actions):
    reason = _acknowledgment_reasons(synthesised, path)[f"AwsSolutions-IAM5[Resource::<DocumentBucket>/{prefix}*]"]
    assert reason.startswith(f"{actions} only under {prefix},"), reason


# ---------------------------------------------------------------------------------------------------------------
# SQS


def test_exactly_the_specified_queues_and_their_dlqs(resources):
    queues = of_type(resources, "AWS::SQS::Queue")
    assert len([q for q in queues.values() if "RedrivePolicy" in q["Properties"]]) == len(QUEUES)
    assert len(queues) == 2 * len(QUEUES)


@pytest.mark.parametrize("spec", QUEUES, ids=[q.logical for q in QUEUES])
def test_queue_matches_its_spec(resources, spec):
    lid, queue = by_construct(resources, "AWS::SQS::Queue", constants.DATA_CONSTRUCT, spec.logical)
    props = queue["Properties"]
    assert props["VisibilityTimeout"] == spec.visibility_timeout_seconds
    assert props["RedrivePolicy"]["maxReceiveCount"] == spec.max_receive_count == 3
    dlq_lid = get_att(props["RedrivePolicy"]["deadLetterTargetArn"])
    dlq = resources[dlq_lid]["Properties"]
    assert dlq["MessageRetentionPeriod"] == constants.DLQ_RETENTION_DAYS * 24 * 3600
    assert "QueueName" not in props and "QueueName" not in dlq

    queue_policies = of_type(resources, "AWS::SQS::QueuePolicy").values()
    for name, properties in ((lid, props), (dlq_lid, dlq)):
        assert properties.get("SqsManagedSseEnabled") is True or "KmsMasterKeyId" in properties, name
        documents = [
            p["Properties"]["PolicyDocument"] for p in queue_policies if {"Ref": name} in p["Properties"]["Queues"]
        ]
        assert any(denies_insecure_transport(d) for d in documents), f"{name} does not enforce SSL"

    alarms = of_type(resources, "AWS::CloudWatch::Alarm").values()
    assert any(
        {"Name": "QueueName", "Value": {"Fn::GetAtt": [dlq_lid, "QueueName"]}} in a["Properties"]["Dimensions"]
        for a in alarms
    ), "no alarm on the dead-letter queue"


# ---------------------------------------------------------------------------------------------------------------
# EventBridge


def test_event_bus_and_archive(resources, api_env):
    lid = ref(api_env[constants.ENV_EVENT_BUS_NAME])
    bus = resources[lid]
    assert bus["Type"] == "AWS::Events::EventBus"
    assert bus["Properties"]["Name"].endswith(f"-{EVENT_BUS_NAME}")
    (archive,) = of_type(resources, "AWS::Events::Archive").values()
    assert get_att(archive["Properties"]["SourceArn"]) == lid
    assert archive["Properties"]["EventPattern"] == {"source": [EVENT_SOURCE]}
    assert archive["Properties"]["RetentionDays"] > 0


def test_exactly_the_specified_rules_and_schedules(resources):
    rules = of_type(resources, "AWS::Events::Rule").values()
    assert len(rules) == len(RULES) + len(SCHEDULES)
    assert len([r for r in rules if "EventPattern" in r["Properties"]]) == len(RULES)
    assert len([r for r in rules if "ScheduleExpression" in r["Properties"]]) == len(SCHEDULES)
    assert SUBSIDY_CLAIM_RECEIVED in RULES and SUBSIDY_CLAIM_RECEIVED.queue == VALIDATION_QUEUE


def _queue_policy_statements(resources, queue_lid: str) -> list[dict]:
    return [
        statement
        for policy in of_type(resources, "AWS::SQS::QueuePolicy").values()
        if {"Ref": queue_lid} in policy["Properties"]["Queues"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


@pytest.mark.parametrize("spec", RULES, ids=[r.logical for r in RULES])
def test_rule_forwards_its_events_to_its_queue(resources, api_env, spec: RuleSpec):
    lid, rule = by_construct(resources, "AWS::Events::Rule", constants.DATA_CONSTRUCT, spec.logical)
    props = rule["Properties"]
    assert ref(props["EventBusName"]) == ref(api_env[constants.ENV_EVENT_BUS_NAME]), "on the claims bus"
    assert props["EventPattern"] == spec.pattern  # exactly the pattern of shared/adapters/dynamodb/tables.py
    assert props["State"] == "ENABLED"
    assert "Name" not in props, "CDK names the rules; the local names stay local"

    queue_lid, dlq_lid = queue_lids(resources, spec.queue)
    (target,) = props["Targets"]
    assert get_att(target["Arn"]) == queue_lid
    assert "InputTransformer" not in target and "Input" not in target, "the whole event goes to the queue"
    assert get_att(target["DeadLetterConfig"]["Arn"]) == dlq_lid, "undeliverable events in the queue's own DLQ"
    assert target["RetryPolicy"] == {
        "MaximumRetryAttempts": constants.RULE_TARGET_RETRY_ATTEMPTS,
        "MaximumEventAgeInSeconds": constants.RULE_TARGET_MAX_EVENT_AGE_HOURS * 3600,
    }

    # EventBridge may send to the queue and to its DLQ, for this rule only
    for name in (queue_lid, dlq_lid):
        allows = [s for s in _queue_policy_statements(resources, name) if s["Effect"] == "Allow"]
        (allow,) = allows
        assert allow["Principal"] == {"Service": "events.amazonaws.com"}, name
        assert "sqs:SendMessage" in as_list(allow["Action"])
        assert get_att(allow["Condition"]["ArnEquals"]["aws:SourceArn"]) == lid, name


def test_subsidy_claims_received_go_to_validation(resources):
    _, rule = by_construct(resources, "AWS::Events::Rule", constants.DATA_CONSTRUCT, "SubsidyClaimReceived")
    assert rule["Properties"]["EventPattern"] == {
        "source": [EVENT_SOURCE],
        "detail-type": ["ClaimReceived"],
        "detail": {"data": {"kind": ["subsidy"]}},
    }
    (target,) = rule["Properties"]["Targets"]
    assert get_att(target["Arn"]) == queue_lids(resources, VALIDATION_QUEUE)[0]


@pytest.mark.parametrize("spec", SCHEDULES, ids=[s.logical for s in SCHEDULES])
def test_schedule_sends_its_message_to_its_queue(resources, spec: ScheduleSpec):
    lid, rule = by_construct(resources, "AWS::Events::Rule", constants.DATA_CONSTRUCT, spec.logical)
    props = rule["Properties"]
    assert "EventBusName" not in props, "schedules run on the account's default bus"
    assert "EventPattern" not in props
    assert props["ScheduleExpression"] == f"cron({spec.cron})"
    assert props["State"] == "ENABLED"
    assert "Name" not in props

    queue_lid, dlq_lid = queue_lids(resources, spec.queue)
    (target,) = props["Targets"]
    assert get_att(target["Arn"]) == queue_lid
    assert json.loads(target["Input"]) == {"source": "schedule", "schedule": spec.name, **spec.detail}
    assert "InputTransformer" not in target and "InputPath" not in target
    assert get_att(target["DeadLetterConfig"]["Arn"]) == dlq_lid, "undeliverable messages in the queue's own DLQ"
    assert target["RetryPolicy"] == {
        "MaximumRetryAttempts": constants.RULE_TARGET_RETRY_ATTEMPTS,
        "MaximumEventAgeInSeconds": constants.RULE_TARGET_MAX_EVENT_AGE_HOURS * 3600,
    }

    # EventBridge may send to the queue and to its DLQ for this schedule (each schedule has its own statement)
    for name in (queue_lid, dlq_lid):
        allows = [
            s
            for s in _queue_policy_statements(resources, name)
            if s["Effect"] == "Allow"
            and "ArnEquals" in s.get("Condition", {})
            and get_att(s["Condition"]["ArnEquals"]["aws:SourceArn"]) == lid
        ]
        (allow,) = allows
        assert allow["Principal"] == {"Service": "events.amazonaws.com"}, name
        assert "sqs:SendMessage" in as_list(allow["Action"]), name


# Asia/Seoul is UTC+9 all year: each schedule's time in UTC, and the message the settlement function receives.
EXPECTED_SCHEDULES = {
    "DailyPaymentRun": (
        "cron(0 9 ? * MON-FRI *)",
        {"source": "schedule", "schedule": "daily-payment-run", "type": "payment"},
    ),
    "MonthClose": ("cron(0 16 L * ? *)", {"source": "schedule", "schedule": "month-close", "type": "month-close"}),
    "YearClose": ("cron(0 17 10-27 2 ? *)", {"source": "schedule", "schedule": "year-close", "type": "year-close"}),
}


def test_the_settlement_schedules(resources, settlement_queue_lid):
    found = {}
    for rule in of_type(resources, "AWS::Events::Rule").values():
        props = rule["Properties"]
        if "ScheduleExpression" in props:
            (target,) = props["Targets"]
            assert get_att(target["Arn"]) == settlement_queue_lid
            found[props["Description"].split(":")[0]] = (props["ScheduleExpression"], json.loads(target["Input"]))
    assert found == {spec.name: EXPECTED_SCHEDULES[spec.logical] for spec in SCHEDULES}
    assert set(EXPECTED_SCHEDULES) == {spec.logical for spec in SCHEDULES}


def test_event_pattern_takes_eventbridge_fields_only():
    from infra.constructs.data import event_pattern

    assert event_pattern(SUBSIDY_CLAIM_RECEIVED.pattern).detail_type == ["ClaimReceived"]
    with pytest.raises(ValueError, match="detail_type"):
        event_pattern({"detail_type": ["ClaimReceived"]})


# ---------------------------------------------------------------------------------------------------------------
# the LG registry, loaded into the Registry table at deployment


def joined_text(value) -> str:
    """An ``Fn::Join`` of strings and ``Ref``s as text, each ``Ref`` written ``<logical id>``."""
    if isinstance(value, str):
        return value
    separator, parts = value["Fn::Join"]
    return separator.join(part if isinstance(part, str) else f"<{ref(part)}>" for part in parts)


@pytest.fixture(scope="module")
def registry_loads(resources) -> dict[str, dict]:
    return of_type(resources, "Custom::LgRegistryLoad")


def _locally_loaded_items() -> list[dict]:
    """The items infra/local/provision.py writes into the local registry table, in DynamoDB's attribute form."""
    from infra.local.provision import load_registry

    class Recorder:
        def __init__(self) -> None:
            self.items: list[dict] = []

        def batch_write_item(self, RequestItems: dict) -> dict:
            ((_, requests),) = RequestItems.items()
            self.items += [request["PutRequest"]["Item"] for request in requests]
            return {"UnprocessedItems": {}}

    recorder = Recorder()
    load_registry(recorder)
    return recorder.items


def test_registry_is_loaded_in_chunks_of_25_covering_every_lg(resources, api_env, registry_loads):
    from infra.constructs.registry import registry_lgs

    registry_lid = ref(api_env[constants.table_env_var(REGISTRY.logical)])
    lgs = registry_lgs()
    assert len(lgs) > 25, "the registry no longer needs more than one chunk: this test would prove less"
    assert len(registry_loads) == -(-len(lgs) // constants.REGISTRY_WRITE_BATCH)

    written: list[dict] = []
    physical_ids = set()
    for load in registry_loads.values():
        props = load["Properties"]
        assert props["Create"] == props["Update"], "an update writes the chunk again"
        assert "Delete" not in props, "deleting the stack leaves the retained registry alone"
        assert props["InstallLatestAwsSdk"] is False
        call = json.loads(joined_text(props["Create"]))
        assert (call["service"], call["action"]) == ("DynamoDB", "batchWriteItem")
        ((table, requests),) = call["parameters"]["RequestItems"].items()
        assert table == f"<{registry_lid}>"
        assert 0 < len(requests) <= 25
        written += [request["PutRequest"]["Item"] for request in requests]
        physical_ids.add(call["physicalResourceId"]["id"])
    assert len(physical_ids) == len(registry_loads)

    # every LG of the file, once, in exactly the shape the local stack writes
    # (shared/adapters/dynamodb/models.py::LgItem)
    assert len(written) == len({item["pk"]["S"] for item in written}) == len(lgs)
    by_key = {item["pk"]["S"]: item for item in written}
    assert by_key == {item["pk"]["S"]: item for item in _locally_loaded_items()}
    assert {item["lgCode"]["S"] for item in written} == {lg["lgCode"] for lg in lgs}
    for item in written:
        assert set(item) == {"pk", "sk", "lgCode", "name", "nameEn", "taxId"}
        assert item["pk"]["S"] == f"LG#{item['lgCode']['S']}" and item["sk"]["S"] == "LG"
        assert all(set(value) == {"S"} for value in item.values())


def test_registry_chunk_id_changes_with_its_data():
    from infra.constructs.registry import chunk_digest, chunks, registry_item, registry_lgs

    items = [registry_item(lg) for lg in registry_lgs()]
    assert [len(chunk) for chunk in chunks(items)][0] == 25
    first = next(chunks(items))
    edited = json.loads(json.dumps(first))
    edited[0]["nameEn"]["S"] += " (renamed)"
    assert chunk_digest(edited) != chunk_digest(first)
    assert chunk_digest(json.loads(json.dumps(first))) == chunk_digest(first)


def test_registry_loader_may_only_batch_write_the_registry_table(resources, api_env, registry_loads):
    registry_lid = ref(api_env[constants.table_env_var(REGISTRY.logical)])
    services = {get_att(load["Properties"]["ServiceToken"]) for load in registry_loads.values()}
    (provider_lid,) = services
    provider = resources[provider_lid]
    assert provider["Type"] == "AWS::Lambda::Function"
    role_lid = get_att(provider["Properties"]["Role"])
    role = resources[role_lid]["Properties"]
    assert "ManagedPolicyArns" not in role, "no AWSLambdaBasicExecutionRole: the role is our own"
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "lambda.amazonaws.com"}

    statements = role_statements(resources, role_lid)
    assert all(s["Effect"] == "Allow" for s in statements)
    log_group = ref(provider["Properties"]["LoggingConfig"]["LogGroup"])
    assert resources[log_group]["Properties"]["RetentionInDays"] == 30
    actions: dict[str, set[str]] = {}
    for statement in statements:
        for action in as_list(statement["Action"]):
            actions.setdefault(action, set()).update(resource_text(r) for r in as_list(statement["Resource"]))
    assert actions == {
        "dynamodb:BatchWriteItem": {f"<{registry_lid}.Arn>"},
        "logs:CreateLogStream": {f"<{log_group}.Arn>"},
        "logs:PutLogEvents": {f"<{log_group}.Arn>"},
    }
    # each load waits for its DynamoDB permission
    for load in registry_loads.values():
        (policy,) = load["DependsOn"]
        assert resources[policy]["Type"] == "AWS::IAM::Policy"
        assert resources[policy]["Properties"]["Roles"] == [{"Ref": role_lid}]


# ---------------------------------------------------------------------------------------------------------------
# Lambda functions


@FUNCTIONS
def test_function_configuration(resources, spec):
    _, fn = function(resources, spec["handler"])
    props = fn["Properties"]
    assert props["Architectures"] == ["arm64"]
    assert props["Runtime"] == "python3.14"
    assert props["MemorySize"] == spec["memory"]
    assert props["Timeout"] == spec["timeout"]
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["LoggingConfig"]["LogFormat"] == "JSON"
    log_group = resources[ref(props["LoggingConfig"]["LogGroup"])]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["RetentionInDays"] == 30
    assert "S3Key" in props["Code"] and props["Code"]["S3Key"].endswith(".zip")

    env = props["Environment"]["Variables"]
    table_vars = {constants.table_env_var(t.logical) for t in TABLES}
    assert {"CLAIMS_TABLE", "REGISTRY_TABLE", "IDEMPOTENCY_TABLE", "SUBSIDY_TABLE", "SETTLEMENT_TABLE"} <= table_vars
    # every function parses the one Settings model (shared/adapters/config.py) at cold start, so all get every variable
    assert set(env) == table_vars | {
        "DOCUMENT_BUCKET",
        "EVENT_BUS_NAME",
        "SETTLEMENT_QUEUE_URL",
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "LOG_LEVEL",
    } | ({"OFFICIALS_ISSUER"} if spec["handler"] == constants.API_HANDLER else set())  # the api alone reads tokens
    assert env["POWERTOOLS_SERVICE_NAME"] == spec["service"]
    assert props["Handler"] == spec["handler"]
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == "LocalFinanceClaims"
    assert env["LOG_LEVEL"] == "INFO"
    for variable in table_vars:
        assert resources[ref(env[variable])]["Type"] == "AWS::DynamoDB::Table"
    assert ref(env[constants.ENV_SETTLEMENT_QUEUE_URL]) == queue_lids(resources, SETTLEMENT_QUEUE)[0]  # Ref: the URL


def test_queue_functions_follow_their_queue_spec():
    assert (constants.INTAKE_HANDLER, constants.INTAKE_SERVICE_NAME) == (
        "functions.intake.handler.handler",
        "claims-intake",
    )
    assert (constants.VALIDATION_HANDLER, constants.VALIDATION_SERVICE_NAME) == (
        "functions.validation.handler.handler",
        "claims-validation",
    )
    assert (constants.VALIDATION_MEMORY_MB, constants.VALIDATION_TIMEOUT_SECONDS) == (1024, 60)
    assert (constants.SETTLEMENT_HANDLER, constants.SETTLEMENT_SERVICE_NAME) == (
        "functions.settlement.handler.handler",
        "claims-settlement",
    )
    # one run step (one page) per message and per invocation, well inside Lambda's 15 minutes
    assert (constants.SETTLEMENT_MEMORY_MB, constants.SETTLEMENT_TIMEOUT_SECONDS) == (1024, 300)
    assert constants.SETTLEMENT_BATCH_SIZE == 1
    for spec in QUEUES:
        handler = constants.queue_handler(spec.function)
        module = handler.removesuffix(".handler").replace(".", "/") + ".py"
        assert (constants.ROOT / module).is_file(), f"{spec.logical}: no {module}"
        timeout = CONSUMERS[spec.logical][0]["timeout"]
        # AWS advises six times the function timeout; the settlement queue's 900 s are three times its
        # function's 300 s (shared/adapters/dynamodb/tables.py sets them): still above the timeout, as QueueFunction
        # requires.
        assert spec.visibility_timeout_seconds >= VISIBILITY_TIMEOUT_FACTOR.get(spec.logical, 6) * timeout


VISIBILITY_TIMEOUT_FACTOR = {SETTLEMENT_QUEUE.logical: 3}


def test_queue_function_refuses_a_visibility_timeout_shorter_than_its_timeout():
    from dataclasses import replace

    from infra.constructs.function import QueueFunction

    short = replace(INTAKE_QUEUE, visibility_timeout_seconds=30)
    with pytest.raises(ValueError, match="visibility timeout"):
        QueueFunction(
            None,
            "x",
            spec=short,
            data=None,
            code=None,
            memory_size=128,
            timeout_seconds=60,
            batch_size=1,
            description="never built",
        )


def test_every_function_shares_one_asset(resources):
    codes = [function(resources, spec["handler"])[1]["Properties"]["Code"] for spec in ALL_FUNCTIONS]
    assert all(code == codes[0] for code in codes)
    assert len(of_type(resources, "AWS::Lambda::Function")) == len(ALL_FUNCTIONS) + 2  # + CDK's two providers


def test_each_function_has_its_own_role_without_managed_policies(resources):
    roles = [get_att(function(resources, s["handler"])[1]["Properties"]["Role"]) for s in ALL_FUNCTIONS]
    assert len(set(roles)) == len(ALL_FUNCTIONS)
    for lid in roles:
        role = resources[lid]["Properties"]
        assert "ManagedPolicyArns" not in role
        (statement,) = role["AssumeRolePolicyDocument"]["Statement"]
        assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}


def _statements(resources, handler) -> list[dict]:
    _, fn = function(resources, handler)
    statements = role_statements(resources, get_att(fn["Properties"]["Role"]))
    assert all(s["Effect"] == "Allow" for s in statements)
    return statements


def _actions_on(statements, prefix: str) -> dict[str, set[str]]:
    """action -> the resources (as text) it is allowed on, for actions of one service."""
    found: dict[str, set[str]] = {}
    for s in statements:
        for action in as_list(s["Action"]):
            if action.startswith(prefix):
                found.setdefault(action, set()).update(resource_text(r) for r in as_list(s["Resource"]))
    return found


@FUNCTIONS
def test_role_has_no_wildcard_actions_and_star_only_for_xray(resources, spec):
    for statement in _statements(resources, spec["handler"]):
        actions = as_list(statement["Action"])
        assert all("*" not in action for action in actions), actions
        if "*" in as_list(statement["Resource"]):
            assert set(actions) <= {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, statement


@FUNCTIONS
def test_role_writes_only_its_own_log_group(resources, spec):
    _, fn = function(resources, spec["handler"])
    logs = _actions_on(_statements(resources, spec["handler"]), "logs:")
    log_group = ref(fn["Properties"]["LoggingConfig"]["LogGroup"])
    assert logs == {a: {f"<{log_group}.Arn>"} for a in ("logs:CreateLogStream", "logs:PutLogEvents")}


def _table_arns(api_env) -> dict[str, str]:
    """Each table's ARN as text (``<DataClaims....Arn>``), keyed by its spec's logical name."""
    return {t.logical: f"<{ref(api_env[constants.table_env_var(t.logical)])}.Arn>" for t in TABLES}


def test_api_role_least_privilege(resources, api_env, settlement_queue_lid):
    statements = _statements(resources, constants.API_HANDLER)
    bucket = ref(api_env[constants.ENV_DOCUMENT_BUCKET])
    bus = ref(api_env[constants.ENV_EVENT_BUS_NAME])

    uploads, documents, reports = (
        f"<{bucket}.Arn>/{prefix}*" for prefix in (UPLOAD_PREFIX, CLAIM_DOCUMENT_PREFIX, REPORTS_PREFIX)
    )
    assert CLAIM_DOCUMENT_PREFIX == "documents/" and UPLOAD_PREFIX == "uploads/" and REPORTS_PREFIX == "reports/"
    # presigned upload URLs are signed with PutObject on uploads/; a claim's original document is put under
    # documents/ and deleted again when nothing was claimed; GET /v1/claims/{id} reads a large claim's lines there
    # and signs the link to the exact version of its original (GetObjectVersion); presigned report downloads are
    # signed with GetObject on reports/; nothing else in S3 (no read of uploads, no write of reports)
    assert _actions_on(statements, "s3:") == {
        "s3:PutObject": {uploads, documents},
        "s3:DeleteObjectVersion": {documents},
        "s3:GetObject": {documents, reports},
        "s3:GetObjectVersion": {documents},
    }
    assert _actions_on(statements, "events:") == {"events:PutEvents": {f"<{bus}.Arn>"}}
    # starting a settlement run enqueues its first step: send only, on that queue only
    assert _actions_on(statements, "sqs:") == {"sqs:SendMessage": {f"<{settlement_queue_lid}.Arn>"}}


def test_intake_role_least_privilege(resources, api_env, intake_queue_lid):
    statements = _statements(resources, constants.INTAKE_HANDLER)
    bucket = ref(api_env[constants.ENV_DOCUMENT_BUCKET])
    bus = ref(api_env[constants.ENV_EVENT_BUS_NAME])

    # the uploaded documents (in the version the notification names) and the national linkage files, read only;
    # a claim's original and a large claim's lines stored under documents/ (deleted again if nothing was claimed)
    uploads, documents = f"<{bucket}.Arn>/{UPLOAD_PREFIX}*", f"<{bucket}.Arn>/{CLAIM_DOCUMENT_PREFIX}*"
    assert _actions_on(statements, "s3:") == {
        "s3:GetObject": {uploads, f"<{bucket}.Arn>/{LINKAGE_PREFIX}*"},
        "s3:GetObjectVersion": {uploads},
        "s3:PutObject": {documents},
        "s3:DeleteObjectVersion": {documents},
    }
    assert _actions_on(statements, "events:") == {"events:PutEvents": {f"<{bus}.Arn>"}}
    sqs = _actions_on(statements, "sqs:")
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"} <= set(sqs)
    assert all(resources_ == {f"<{intake_queue_lid}.Arn>"} for resources_ in sqs.values())


def test_validation_role_least_privilege(resources, api_env, validation_queue_lid):
    statements = _statements(resources, constants.VALIDATION_HANDLER)
    tables = _table_arns(api_env)
    claims, subsidy = tables["Claims"], tables["Subsidy"]

    assert _actions_on(statements, "s3:") == {}
    assert _actions_on(statements, "events:") == {}
    sqs = _actions_on(statements, "sqs:")
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"} <= set(sqs)
    assert "sqs:SendMessage" not in sqs
    assert all(resources_ == {f"<{validation_queue_lid}.Arn>"} for resources_ in sqs.values())
    # a grant's activity (Query), the businesses' facts (BatchGetItem), the review (PutItem; GetItem on a replay),
    # and the claim's risk (UpdateItem) in the review's transaction: the tables themselves, never an index
    assert _actions_on(statements, "dynamodb:") == {
        "dynamodb:Query": {subsidy},
        "dynamodb:GetItem": {subsidy},
        "dynamodb:BatchGetItem": {subsidy},
        "dynamodb:PutItem": {subsidy},
        "dynamodb:UpdateItem": {claims},
    }
    assert {action.split(":")[0] for action in _actions_on(statements, "")} == {"logs", "xray", "sqs", "dynamodb"}


def test_settlement_role_least_privilege(resources, api_env, settlement_queue_lid):
    statements = _statements(resources, constants.SETTLEMENT_HANDLER)
    bucket = ref(api_env[constants.ENV_DOCUMENT_BUCKET])

    # run reports and bank transfer files, written and read back under reports/ only
    reports = f"<{bucket}.Arn>/{REPORTS_PREFIX}*"
    receipts = f"<{bucket}.Arn>/{RECEIPTS_PREFIX}*"  # the treasury bank's receipts files, read only
    cards = f"<{bucket}.Arn>/{CARDS_PREFIX}*"  # the card companies' feeds, read only
    assert _actions_on(statements, "s3:") == {"s3:PutObject": {reports}, "s3:GetObject": {reports, receipts, cards}}
    assert _actions_on(statements, "events:") == {}
    # consumes its queue (the event source) and enqueues a run's next step on it: that queue, nothing else
    sqs = _actions_on(statements, "sqs:")
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:SendMessage"} <= set(sqs)
    assert all(resources_ == {f"<{settlement_queue_lid}.Arn>"} for resources_ in sqs.values())

    assert {action.split(":")[0] for action in _actions_on(statements, "")} == {"logs", "xray", "sqs", "dynamodb", "s3"}


GET, BATCH_GET, QUERY, SCAN = "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"
PUT, UPDATE, DELETE = "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"
CHECK, BATCH_WRITE = "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem"
INDEX = "/index/*"
# Per function, per table (``Claims/index/*`` for its indexes): exactly the DynamoDB actions its code calls (functions/
# and shared/adapters/dynamodb/*: get = GetItem, batch_get = BatchGetItem, query = Query, scan = Scan, save = PutItem,
# update = UpdateItem, batch_write = BatchWriteItem, a TransactWrite's condition_check = ConditionCheckItem; Powertools
# idempotency gets, puts, updates and deletes its records). Nothing else: no Scan but of the registry, no DeleteItem but
# of idempotency records, no index but where one is queried, no streams, no DescribeTable.
EXPECTED_DYNAMODB = {
    "api": {
        "Claims": {GET, PUT, UPDATE, CHECK},
        "Claims" + INDEX: {QUERY},  # by-business, by-lg, by-lg-status-due lists
        "Registry": {SCAN},  # RegistryRepository.all
        "Idempotency": {GET, PUT, UPDATE, DELETE},
        "Subsidy": {GET, BATCH_GET, QUERY, PUT, UPDATE, BATCH_WRITE},  # BatchWriteItem: blocking-index entries
        "Subsidy" + INDEX: {QUERY},  # reviews by by-lg-status
        "Settlement": {GET, BATCH_GET, QUERY, PUT, UPDATE, CHECK},
    },
    "intake": {
        "Claims": {GET, PUT, UPDATE, CHECK},  # no Query, no Scan, no DeleteItem, no index
        "Registry": {SCAN},
        "Subsidy": {GET, BATCH_GET, PUT, UPDATE, BATCH_WRITE},  # hard checks, reservations, linkage files
    },
    "validation": {
        "Claims": {UPDATE},  # the claim's risk, in the review's transaction
        "Subsidy": {GET, BATCH_GET, QUERY, PUT},
    },
    "settlement": {
        "Claims": {BATCH_GET, UPDATE},  # still_accepted, add_paid
        "Claims" + INDEX: {QUERY},  # accepted_page: by-lg-status-due
        "Registry": {SCAN},  # one run per LG of the registry
        # get_grant; executions, advances, close_grant; sanctions at 교부; a card payment's facts (BatchGet), its
        # execution, evidence and review (Put, in its transaction)
        "Subsidy": {GET, BATCH_GET, QUERY, PUT, UPDATE, CHECK},
        "Subsidy" + INDEX: {QUERY},  # lg_grants, grants_to_advance: by-lg-status
        "Settlement": {GET, BATCH_GET, QUERY, PUT, UPDATE, CHECK},
    },
    "deadletter": {
        "Claims": {UPDATE},  # reject_upload: one conditional update of the upload item
    },
}
HANDLERS = {
    "api": constants.API_HANDLER,
    "intake": constants.INTAKE_HANDLER,
    "validation": constants.VALIDATION_HANDLER,
    "settlement": constants.SETTLEMENT_HANDLER,
    "deadletter": constants.DEADLETTER_HANDLER,
}


@pytest.mark.parametrize("name", EXPECTED_DYNAMODB)
def test_dynamodb_actions_are_exactly_what_the_code_calls(resources, api_env, name):
    """Any DynamoDB action outside the function's list (a Scan on Claims for the intake, a DeleteItem anywhere but
    idempotency records, an index nobody queries) fails here."""
    arns = {arn: logical for logical, arn in _table_arns(api_env).items()}
    granted: dict[str, set[str]] = {}
    for action, on in _actions_on(_statements(resources, HANDLERS[name]), "dynamodb:").items():
        for resource in on:
            table, _, rest = resource.partition(">")
            key = arns[table + ">"] + (INDEX if rest == INDEX else "")
            assert rest in ("", INDEX), resource
            granted.setdefault(key, set()).add(action)
    assert granted == EXPECTED_DYNAMODB[name]


def test_no_function_may_scan_claims_or_delete_outside_idempotency(resources, api_env):
    for name, handler in HANDLERS.items():
        dynamodb = _actions_on(_statements(resources, handler), "dynamodb:")
        tables = _table_arns(api_env)
        assert dynamodb.get(SCAN, set()) <= {tables["Registry"]}, name
        assert dynamodb.get(DELETE, set()) <= {tables["Idempotency"]}, name
        assert not {a for a in dynamodb if "Stream" in a or "GetRecords" in a or a == "dynamodb:DescribeTable"}, name


def test_item_grants_refuse_actions_outside_the_item_actions(synthesised):
    data = synthesised.stack.data
    for actions in (["dynamodb:DescribeTable"], ["dynamodb:GetRecords"], ["dynamodb:GetItem", "dynamodb:GetItem"]):
        with pytest.raises(ValueError, match="actions"):
            data.grant_items(object(), CLAIMS.logical, actions)


def test_only_the_api_and_settlement_may_touch_settlement_data(resources, api_env):
    settlement = _table_arns(api_env)["Settlement"]
    bucket = ref(api_env[constants.ENV_DOCUMENT_BUCKET])
    reports = f"<{bucket}.Arn>/{REPORTS_PREFIX}*"
    for spec in (INTAKE, VALIDATION, DEADLETTER):
        statements = _statements(resources, spec["handler"])
        touched = {r for on in _actions_on(statements, "").values() for r in on}
        assert settlement not in touched and reports not in touched, spec["handler"]
        assert "sqs:SendMessage" not in _actions_on(statements, "sqs:"), spec["handler"]


def test_item_grants_name_their_actions(synthesised):
    data = synthesised.stack.data
    for actions in ([], ["dynamodb:*"], ["s3:GetObject"], ["dynamodb:Get*"]):
        with pytest.raises(ValueError, match="actions"):
            data.grant_items(object(), CLAIMS.logical, actions)


@pytest.mark.parametrize("spec", QUEUES, ids=[q.logical for q in QUEUES])
def test_queue_feeds_its_function(resources, spec):
    """Every queue of QUEUES has one event source mapping, to the function ``functions/<spec.function>``."""
    consumer, batch_size = CONSUMERS[spec.logical]
    queue_lid, _ = queue_lids(resources, spec)
    mappings = [
        m["Properties"]
        for m in of_type(resources, "AWS::Lambda::EventSourceMapping").values()
        if get_att(m["Properties"]["EventSourceArn"]) == queue_lid
    ]
    (props,) = mappings
    assert ref(props["FunctionName"]) == function(resources, constants.queue_handler(spec.function))[0]
    assert consumer["handler"] == constants.queue_handler(spec.function)
    assert props["BatchSize"] == batch_size
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert "MaximumBatchingWindowInSeconds" not in props


def test_batch_sizes():
    """Intake and validation take ten records an invocation; settlement one (one run step per invocation)."""
    assert {logical: size for logical, (_, size) in CONSUMERS.items()} == {
        INTAKE_QUEUE.logical: 10,
        VALIDATION_QUEUE.logical: 10,
        SETTLEMENT_QUEUE.logical: 1,
    }


def test_exactly_one_event_source_mapping_per_queue(template):
    dead_letter_consumers = [q for q in QUEUES if q.dead_letter_function]
    assert dead_letter_consumers == [INTAKE_QUEUE]
    template.resource_count_is("AWS::Lambda::EventSourceMapping", len(QUEUES) + len(dead_letter_consumers))
    assert set(CONSUMERS) == {q.logical for q in QUEUES}


# ---------------------------------------------------------------------------------------------------------------
# the intake's dead letters


def test_intake_dead_letters_feed_the_deadletter_function(resources):
    assert INTAKE_QUEUE.dead_letter_function == "deadletter"
    assert constants.DEADLETTER_HANDLER == "functions.deadletter.handler.handler"
    assert (constants.ROOT / "functions" / "deadletter" / "handler.py").is_file()
    _, dlq_lid = queue_lids(resources, INTAKE_QUEUE)
    fn_lid, fn = function(resources, constants.DEADLETTER_HANDLER)
    (props,) = [
        m["Properties"]
        for m in of_type(resources, "AWS::Lambda::EventSourceMapping").values()
        if get_att(m["Properties"]["EventSourceArn"]) == dlq_lid
    ]
    assert ref(props["FunctionName"]) == fn_lid
    assert props["BatchSize"] == constants.DEADLETTER_BATCH_SIZE
    # a record the function fails on alone goes back to the dead-letter queue (kept, never deleted unhandled)
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    dlq = resources[dlq_lid]["Properties"]
    assert dlq["VisibilityTimeout"] >= 6 * fn["Properties"]["Timeout"]
    assert dlq["MessageRetentionPeriod"] == 14 * 24 * 3600  # the SQS maximum
    assert "RedrivePolicy" not in dlq, "what the consumer cannot handle stays where an operator can redrive it"
    # the other dead-letter queues have no consumer
    for spec in (VALIDATION_QUEUE, SETTLEMENT_QUEUE):
        other = queue_lids(resources, spec)[1]
        assert not [
            m
            for m in of_type(resources, "AWS::Lambda::EventSourceMapping").values()
            if get_att(m["Properties"]["EventSourceArn"]) == other
        ]


def test_deadletter_role_least_privilege(resources, api_env):
    statements = _statements(resources, constants.DEADLETTER_HANDLER)
    _, dlq_lid = queue_lids(resources, INTAKE_QUEUE)
    claims = _table_arns(api_env)["Claims"]
    assert _actions_on(statements, "dynamodb:") == {"dynamodb:UpdateItem": {claims}}
    assert _actions_on(statements, "s3:") == {}, "the message's key names the upload: no object is read"
    sqs = _actions_on(statements, "sqs:")
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"} <= set(sqs)
    assert "sqs:SendMessage" not in sqs
    assert all(on == {f"<{dlq_lid}.Arn>"} for on in sqs.values())
    assert {action.split(":")[0] for action in _actions_on(statements, "")} == {"logs", "xray", "sqs", "dynamodb"}


# ---------------------------------------------------------------------------------------------------------------
# alarms notify someone


@pytest.fixture(scope="module")
def alarm_topic(resources) -> str:
    (lid,) = of_type(resources, "AWS::SNS::Topic")
    return lid


def test_alarm_topic_is_encrypted_and_ssl_only(resources, alarm_topic):
    topic = resources[alarm_topic]["Properties"]
    key_lid = get_att(topic["KmsMasterKeyId"])
    key = resources[key_lid]
    assert key["Type"] == "AWS::KMS::Key" and key["Properties"]["EnableKeyRotation"] is True
    # CloudWatch may use the key (it cannot with the AWS managed aws/sns key) and publish to the topic
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    cloudwatch = [s for s in statements if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert cloudwatch and set(as_list(cloudwatch[0]["Action"])) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    (policy,) = [
        p["Properties"]
        for p in of_type(resources, "AWS::SNS::TopicPolicy").values()
        if {"Ref": alarm_topic} in p["Properties"]["Topics"]
    ]
    assert denies_insecure_transport(policy["PolicyDocument"])
    assert any(
        s["Effect"] == "Allow" and s["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
        for s in policy["PolicyDocument"]["Statement"]
    )


def test_every_dead_letter_alarm_notifies_the_topic(resources, alarm_topic):
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": alarm_topic}] for a in alarms.values())
    for spec in QUEUES:
        _, dlq_lid = queue_lids(resources, spec)
        visible = [
            a["Properties"]
            for a in alarms.values()
            if {"Name": "QueueName", "Value": {"Fn::GetAtt": [dlq_lid, "QueueName"]}} in a["Properties"]["Dimensions"]
            and a["Properties"]["MetricName"] == "ApproximateNumberOfMessagesVisible"
        ]
        (alarm,) = visible
        assert alarm["Threshold"] == 1 and alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"  # > 0
    # the intake DLQ is consumed at once, so its visible count may never be sampled above 0: received and stuck
    # messages alarm too, and so does the consumer's failure
    _, intake_dlq = queue_lids(resources, INTAKE_QUEUE)
    metrics = {
        a["Properties"]["MetricName"]
        for a in alarms.values()
        if {"Name": "QueueName", "Value": {"Fn::GetAtt": [intake_dlq, "QueueName"]}} in a["Properties"]["Dimensions"]
    }
    assert metrics == {
        "ApproximateNumberOfMessagesVisible",
        "NumberOfMessagesReceived",
        "ApproximateAgeOfOldestMessage",
    }
    fn_lid, _ = function(resources, constants.DEADLETTER_HANDLER)
    assert any(
        a["Properties"]["MetricName"] == "Errors"
        and a["Properties"]["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": fn_lid}}]
        for a in alarms.values()
    )


def test_alarm_email_parameter_subscribes_when_given(synthesised, resources, alarm_topic):
    parameter = synthesised.template["Parameters"][constants.ALARM_EMAIL_PARAMETER]
    assert parameter["Type"] == "String" and parameter["Default"] == ""
    assert re.fullmatch(parameter["AllowedPattern"], "ops@example.go.kr")
    assert re.fullmatch(parameter["AllowedPattern"], "")
    assert not re.fullmatch(parameter["AllowedPattern"], "not an address")
    (subscription,) = of_type(resources, "AWS::SNS::Subscription").values()
    assert subscription["Properties"] == {
        "Endpoint": {"Ref": constants.ALARM_EMAIL_PARAMETER},
        "Protocol": "email",
        "TopicArn": {"Ref": alarm_topic},
    }
    condition = synthesised.template["Conditions"][subscription["Condition"]]
    assert condition == {"Fn::Not": [{"Fn::Equals": [{"Ref": constants.ALARM_EMAIL_PARAMETER}, ""]}]}


# ---------------------------------------------------------------------------------------------------------------
# Cognito


def _pool(resources, name: str) -> tuple[str, dict]:
    return by_construct(resources, "AWS::Cognito::UserPool", constants.IDENTITY_CONSTRUCT, name, "UserPool")


@pytest.mark.parametrize(("name", "mfa"), [(constants.OFFICIALS_POOL, "ON"), (constants.BUSINESSES_POOL, "OPTIONAL")])
def test_user_pool(resources, name, mfa):
    assert len(of_type(resources, "AWS::Cognito::UserPool")) == 2
    _, pool = _pool(resources, name)
    props = pool["Properties"]
    assert props["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    password = props["Policies"]["PasswordPolicy"]
    assert password["MinimumLength"] >= 12
    assert all(password[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))
    org = [a for a in props["Schema"] if a["Name"] == constants.ORG_ATTRIBUTE]
    assert org == [
        {
            "AttributeDataType": "String",
            "Mutable": True,
            "Name": "org",
            "StringAttributeConstraints": {"MaxLength": "10", "MinLength": "5"},
        }
    ]
    assert props["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    # officials, who approve payments, must use MFA; businesses' machine clients may not; TOTP only, never SMS
    assert props["MfaConfiguration"] == mfa
    assert props["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["DeletionPolicy"] == "Retain"


@pytest.mark.parametrize(
    ("name", "groups"),
    [(constants.OFFICIALS_POOL, {"official", "national"}), (constants.BUSINESSES_POOL, {"business"})],
)
def test_user_pool_groups_and_client(resources, name, groups):
    pool_lid, _ = _pool(resources, name)
    in_pool = [
        g
        for g in of_type(resources, "AWS::Cognito::UserPoolGroup").values()
        if ref(g["Properties"]["UserPoolId"]) == pool_lid
    ]
    assert {g["Properties"]["GroupName"] for g in in_pool} == groups
    assert {constants.GROUP_OFFICIAL, constants.GROUP_NATIONAL, constants.GROUP_BUSINESS} == {
        g["Properties"]["GroupName"] for g in of_type(resources, "AWS::Cognito::UserPoolGroup").values()
    }

    (client,) = [
        c
        for c in of_type(resources, "AWS::Cognito::UserPoolClient").values()
        if ref(c["Properties"]["UserPoolId"]) == pool_lid
    ]
    props = client["Properties"]
    assert props["GenerateSecret"] is False
    assert "custom:org" in props["ReadAttributes"]
    assert "custom:org" not in props["WriteAttributes"], "a user must not be able to change whose data they see"
    assert "AllowedOAuthFlows" not in props


# ---------------------------------------------------------------------------------------------------------------
# API Gateway


@pytest.fixture(scope="module")
def api_paths(resources) -> dict[str, str]:
    """resource logical id -> full path (``/v1/{proxy+}``)."""
    parts = of_type(resources, "AWS::ApiGateway::Resource")
    (api_lid,) = of_type(resources, "AWS::ApiGateway::RestApi")

    def path(lid: str) -> str:
        props = parts[lid]["Properties"]
        parent = props["ParentId"]
        prefix = "" if parent == {"Fn::GetAtt": [api_lid, "RootResourceId"]} else path(ref(parent))
        return f"{prefix}/{props['PathPart']}"

    return {lid: path(lid) for lid in parts}


def test_the_api_takes_deciding_roles_from_the_officials_pool_only(resources, api_env):
    officials, _ = _pool(resources, constants.OFFICIALS_POOL)
    issuer = api_env["OFFICIALS_ISSUER"]
    assert issuer == {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [officials, "ProviderName"]}]]}


def test_api_routes_and_authorizer(resources, api_paths):
    pools = [_pool(resources, name)[0] for name in (constants.OFFICIALS_POOL, constants.BUSINESSES_POOL)]
    (authorizer_lid, authorizer) = next(iter(of_type(resources, "AWS::ApiGateway::Authorizer").items()))
    assert authorizer["Properties"]["Type"] == "COGNITO_USER_POOLS"
    # the tokens of both pools, officials' (MFA required) and businesses'
    assert authorizer["Properties"]["ProviderARNs"] == [{"Fn::GetAtt": [lid, "Arn"]} for lid in pools]
    assert authorizer["Properties"]["IdentitySource"] == "method.request.header.Authorization"

    (validator_lid, validator) = next(iter(of_type(resources, "AWS::ApiGateway::RequestValidator").items()))
    assert validator["Properties"]["ValidateRequestBody"] is True
    assert validator["Properties"]["ValidateRequestParameters"] is True

    api_fn = function(resources, constants.API_HANDLER)[0]
    routes = {}
    for method in of_type(resources, "AWS::ApiGateway::Method").values():
        props = method["Properties"]
        routes[(props["HttpMethod"], api_paths[ref(props["ResourceId"])])] = props
        assert props["Integration"]["Type"] == "AWS_PROXY"
        assert api_fn in json.dumps(props["Integration"]["Uri"])
        assert ref(props["RequestValidatorId"]) == validator_lid
    assert set(routes) == {("ANY", "/v1/{proxy+}"), ("GET", "/v1/public/{proxy+}")}
    private = routes[("ANY", "/v1/{proxy+}")]
    assert private["AuthorizationType"] == "COGNITO_USER_POOLS"
    assert ref(private["AuthorizerId"]) == authorizer_lid
    assert routes[("GET", "/v1/public/{proxy+}")]["AuthorizationType"] == "NONE"


def test_api_stage_logging_throttling_tracing(resources):
    (stage,) = of_type(resources, "AWS::ApiGateway::Stage").values()
    props = stage["Properties"]
    assert props["StageName"] == constants.STAGE_NAME
    assert props["TracingEnabled"] is True
    destination = props["AccessLogSetting"]["DestinationArn"]  # arn:...:log-group:<name>, without ':*'
    (log_group_lid,) = [
        part["Ref"]
        for part in destination["Fn::Join"][1]
        if isinstance(part, dict) and "Ref" in part and not part["Ref"].startswith("AWS::")
    ]
    assert not resource_text(destination).endswith("*")
    log_group = resources[log_group_lid]
    assert log_group["Type"] == "AWS::Logs::LogGroup" and log_group["Properties"]["RetentionInDays"] == 30
    fields = json.loads(props["AccessLogSetting"]["Format"])  # JSON lines
    assert fields["requestId"] == "$context.requestId" and fields["status"] == "$context.status"
    (settings,) = props["MethodSettings"]
    assert settings["ThrottlingRateLimit"] == 200 and settings["ThrottlingBurstLimit"] == 400
    assert settings["MetricsEnabled"] is True
    assert settings["LoggingLevel"] in {"ERROR", "INFO"}
    assert settings["DataTraceEnabled"] is False


# API Gateway's own errors: RFC 9457 problem JSON like the function's (shared/adapters/http/problems.py)
REQUIRED_GATEWAY_PROBLEMS = {  # response type -> (HTTP status, code); None: API Gateway's own status is kept
    "UNAUTHORIZED": (401, "UNAUTHORIZED"),
    "ACCESS_DENIED": (403, "FORBIDDEN"),
    "REQUEST_TOO_LARGE": (413, "TOO_LARGE"),
    "THROTTLED": (429, "THROTTLED"),
    "MISSING_AUTHENTICATION_TOKEN": (404, "NOT_FOUND"),  # an unknown route or method, not a 403
    "DEFAULT_4XX": (None, "BAD_REQUEST"),
    "DEFAULT_5XX": (None, "INTERNAL"),
}


@pytest.fixture(scope="module")
def gateway_responses(resources) -> dict[str, dict]:
    (api_lid,) = of_type(resources, "AWS::ApiGateway::RestApi")
    found = {}
    for response in of_type(resources, "AWS::ApiGateway::GatewayResponse").values():
        props = response["Properties"]
        assert ref(props["RestApiId"]) == api_lid
        assert props["ResponseType"] not in found
        found[props["ResponseType"]] = props
    return found


def _gateway_problem(props: dict, message: str = "Gateway message") -> dict:
    """The body API Gateway would send, with ``$context.error.messageString`` substituted as it does (quoted)."""
    (content_type, template), *others = props["ResponseTemplates"].items()
    assert content_type == "application/json" and not others
    return json.loads(template.replace("$context.error.messageString", json.dumps(message)))


def test_every_gateway_response_type_answers_problem_json(gateway_responses):
    from aws_cdk import aws_apigateway as apigw

    every_type = {getattr(apigw.ResponseType, name).response_type for name in dir(apigw.ResponseType) if name.isupper()}
    assert set(gateway_responses) == every_type
    function_problem = json.loads(problem_body(418, "SOME_CODE", "title", "detail", [{"code": "SOME_CODE"}]))
    for response_type, props in gateway_responses.items():
        assert props["ResponseParameters"] == {"gatewayresponse.header.Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"}
        problem = _gateway_problem(props)
        assert set(problem) == set(function_problem), response_type
        (error,) = problem["errors"]
        assert set(error) == {"code", "message", "path"} and error["path"] == ""
        assert problem["type"] == PROBLEM_TYPE_BASE + error["code"].lower().replace("_", "-")
        assert problem["title"] and problem["detail"] == error["message"]
        if response_type.startswith("DEFAULT_"):
            assert "StatusCode" not in props, "a status on a default response would change every response of its class"
            assert problem["status"] == int(response_type[len("DEFAULT_")]) * 100
        else:
            assert int(props["StatusCode"]) == problem["status"], response_type


@pytest.mark.parametrize("response_type", REQUIRED_GATEWAY_PROBLEMS)
def test_gateway_problem(gateway_responses, response_type):
    status, code = REQUIRED_GATEWAY_PROBLEMS[response_type]
    props = gateway_responses[response_type]
    assert props.get("StatusCode") == (str(status) if status else None)
    problem = _gateway_problem(props, "API Gateway's words")
    assert problem["errors"][0]["code"] == code
    assert problem["type"] == f"https://claims.localfinance.example/problems/{code.lower().replace('_', '-')}"
    if status:
        assert problem["status"] == status
        assert problem["detail"] != "API Gateway's words", "a specific response says what happened itself"
    else:
        assert problem["detail"] == "API Gateway's words", "a fallback passes API Gateway's message on"


def test_api_has_no_cors(resources, gateway_responses):
    """Clients are servers: no preflight method and no Access-Control-* header anywhere on the API."""
    methods = [m["Properties"] for m in of_type(resources, "AWS::ApiGateway::Method").values()]
    assert all(m["HttpMethod"] != "OPTIONS" for m in methods)
    assert "Access-Control" not in json.dumps(methods) + json.dumps(gateway_responses)


# ---------------------------------------------------------------------------------------------------------------
# WAF


def test_waf_size_and_rate_rules_on_the_stage(resources):
    (acl_lid, acl) = next(iter(of_type(resources, "AWS::WAFv2::WebACL").items()))
    props = acl["Properties"]
    assert props["Scope"] == "REGIONAL" and props["DefaultAction"] == {"Allow": {}}
    rules = {rule["Name"]: rule for rule in props["Rules"]}

    size = rules["request-size-limit"]
    assert size["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 413
    statement = size["Statement"]["RegexMatchStatement"]
    assert statement["FieldToMatch"] == {"SingleHeader": {"Name": "content-length"}}
    pattern = re.compile(statement["RegexString"])
    # the largest inline document, base64-encoded, in its JSON envelope; anything refused stays under Lambda's 6 MB
    document = constants.MAX_INLINE_DOCUMENT_BYTES * 4 // 3 + 4096
    assert constants.MAX_INLINE_DOCUMENT_BYTES > 4_400_000 and constants.MAX_REQUEST_BYTES + 65_536 < 6 * 1024 * 1024
    for allowed in (0, 512, document, constants.MAX_REQUEST_BYTES - 1):
        assert not pattern.search(str(allowed)), allowed
    for blocked in (constants.MAX_REQUEST_BYTES, 9_999_999, 10_485_760, 123_456_789):
        assert pattern.search(str(blocked)), blocked
    body = json.loads(
        props["CustomResponseBodies"][size["Action"]["Block"]["CustomResponse"]["CustomResponseBodyKey"]]["Content"]
    )
    assert body["status"] == 413 and body["errors"][0]["code"] == "TOO_LARGE"
    assert body["type"] == PROBLEM_TYPE_BASE + "too-large"

    rate = rules["rate-limit-per-ip"]
    assert rate["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    assert rate["Statement"]["RateBasedStatement"]["Limit"] == constants.WAF_RATE_LIMIT_PER_5_MIN
    assert "Block" in rate["Action"]
    body = json.loads(
        props["CustomResponseBodies"][rate["Action"]["Block"]["CustomResponse"]["CustomResponseBodyKey"]]["Content"]
    )
    assert body["status"] == 429 and body["type"] == PROBLEM_TYPE_BASE + "rate-limited"

    assert "aws-known-bad-inputs" in rules
    (association,) = of_type(resources, "AWS::WAFv2::WebACLAssociation").values()
    assert get_att(association["Properties"]["WebACLArn"]) == acl_lid
    (stage_lid,) = of_type(resources, "AWS::ApiGateway::Stage")
    assert {"Ref": stage_lid} in association["Properties"]["ResourceArn"]["Fn::Join"][1]


def test_waf_common_rules_with_the_body_size_rule_counting(resources):
    (acl,) = of_type(resources, "AWS::WAFv2::WebACL").values()
    rules = {rule["Name"]: rule for rule in acl["Properties"]["Rules"]}
    common = rules["aws-common-rules"]
    statement = common["Statement"]["ManagedRuleGroupStatement"]
    assert (statement["VendorName"], statement["Name"]) == ("AWS", "AWSManagedRulesCommonRuleSet")
    assert common["OverrideAction"] == {"None": {}}, "the group's own rules block"
    # invoices are bodies of several MB: the 8 KB body rule counts only, every other rule of the set blocks
    assert statement["RuleActionOverrides"] == [{"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]
    assert "ExcludedRules" not in statement
    # the size and rate rules come first and stay
    assert [r["Name"] for r in sorted(rules.values(), key=lambda r: r["Priority"])] == [
        "request-size-limit",
        "rate-limit-per-ip",
        "aws-known-bad-inputs",
        "aws-common-rules",
    ]
    assert len({r["Priority"] for r in rules.values()}) == len(rules)


def test_outputs(template):
    outputs = template.find_outputs("*")
    assert {
        "ApiUrl",
        "OfficialsUserPoolId",
        "OfficialsUserPoolClientId",
        "BusinessesUserPoolId",
        "BusinessesUserPoolClientId",
        "DocumentBucketName",
        "AlarmTopicArn",
    } <= set(outputs)


# ---------------------------------------------------------------------------------------------------------------
# cdk-nag and cfn-lint


def test_cdk_nag_has_no_unacknowledged_findings(synthesised):
    from aws_cdk.assertions import Annotations, Match

    violations = [
        f"{v['ruleName']} ({v['severity']}) at {[c['constructPath'] for c in v['violatingConstructs']]}"
        for report in synthesised.validation_report["pluginReports"]
        for v in report["violations"]
    ]
    assert violations == [], "\n".join(violations)
    assert synthesised.synth_error is None, synthesised.synth_error
    annotations = Annotations.from_stack(synthesised.stack)
    nag = Match.string_like_regexp("AwsSolutions-.*")
    assert annotations.find_error("*", nag) == []
    assert annotations.find_warning("*", nag) == []


# Every acknowledged finding, where, and why in a word: a new acknowledgment must be added here on purpose.
EXPECTED_ACKNOWLEDGMENTS = {
    ("Api/ApiFunction/Role", "AwsSolutions-IAM5[Resource::*]"),  # X-Ray
    ("Api/ApiFunction/Role", "AwsSolutions-IAM5[Resource::<Claims>/index/*]"),
    ("Api/ApiFunction/Role", "AwsSolutions-IAM5[Resource::<Subsidy>/index/*]"),
    ("Api/ApiFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/uploads/*]"),
    ("Api/ApiFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/documents/*]"),
    ("Intake/IntakeFunction/Role", "AwsSolutions-IAM5[Resource::*]"),  # X-Ray
    ("Intake/IntakeFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/uploads/*]"),
    ("Intake/IntakeFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/documents/*]"),
    ("DeadLetters/DeadLetterFunction/Role", "AwsSolutions-IAM5[Resource::*]"),  # X-Ray; one table, no index
    ("Intake/IntakeFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/linkage/*]"),
    ("Validation/ValidationFunction/Role", "AwsSolutions-IAM5[Resource::*]"),  # X-Ray; no table index, no S3
    ("Api/ApiFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/reports/*]"),  # presigned downloads
    ("Settlement/SettlementFunction/Role", "AwsSolutions-IAM5[Resource::*]"),  # X-Ray
    ("Settlement/SettlementFunction/Role", "AwsSolutions-IAM5[Resource::<Claims>/index/*]"),  # by-lg-status-due
    ("Settlement/SettlementFunction/Role", "AwsSolutions-IAM5[Resource::<Subsidy>/index/*]"),  # Query: lg_grants
    ("Settlement/SettlementFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/reports/*]"),
    ("Settlement/SettlementFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/receipts/*]"),
    ("Settlement/SettlementFunction/Role", "AwsSolutions-IAM5[Resource::<DocumentBucket>/cards/*]"),
    ("Api/RestApi", "AwsSolutions-IAM4[Policy::AmazonAPIGatewayPushToCloudWatchLogs]"),
    ("Api/RestApi/Default/v1/public/{proxy+}/GET", "AwsSolutions-APIG4"),
    ("Api/RestApi/Default/v1/public/{proxy+}/GET", "AwsSolutions-COG4"),
    ("Identity/BusinessesPool/UserPool", "AwsSolutions-COG2"),  # machine clients; officials' pool requires MFA
    ("BucketNotificationsHandler", "AwsSolutions-IAM4[Policy::AWSLambdaBasicExecutionRole]"),
}


def _normalise_rule(rule: str) -> str:
    rule = re.sub(r"<Data(\w+?)[0-9A-F]{8}\.Arn>", r"<\1>", rule)
    return re.sub(r"Policy::arn:<AWS::Partition>:iam::aws:policy/(service-role/)?", "Policy::", rule)


def test_every_acknowledgment_is_expected_and_explained(synthesised):
    import aws_cdk as cdk

    stack = synthesised.stack
    key = cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    found = set()
    for construct in stack.node.find_all():
        for entry in construct.node.metadata:
            if entry.type != key:
                continue
            for rule, reason in entry.data.items():
                path = construct.node.path.removeprefix(f"{stack.node.path}/")
                path = re.sub(r"^BucketNotificationsHandler\w+", "BucketNotificationsHandler", path)
                rule = _normalise_rule(rule.split("::", 1)[1])
                assert len(reason) >= 60, f"{path} {rule}: the reason is too thin: {reason!r}"
                found.add((path, rule))
    assert found == EXPECTED_ACKNOWLEDGMENTS


def test_cfn_lint_reports_no_errors(synthesised):
    from cfnlint.api import ManualArgs, lint

    matches = lint(
        synthesised.template_path.read_text(),
        config=ManualArgs(regions=["ap-northeast-2"], ignore_checks=["W3005"]),
    )
    errors = [f"{m.rule.id} {m.message} at {'/'.join(map(str, m.path))}" for m in matches if m.rule.id.startswith("E")]
    assert errors == [], "\n".join(errors)


# ---------------------------------------------------------------------------------------------------------------
# the Lambda asset and the app entry point


def _asset_dir(synthesised) -> Path:
    """The folder of the functions' own asset (CDK's provider Lambdas bring theirs)."""
    _, api = function(synthesised.template["Resources"], constants.API_HANDLER)
    asset_hash = api["Properties"]["Code"]["S3Key"].removesuffix(".zip")
    assets = json.loads((synthesised.outdir / f"{synthesised.stack.artifact_id}.assets.json").read_text())
    source = assets["files"][asset_hash]["source"]
    assert source["packaging"] == "zip"
    return synthesised.outdir / source["path"]


def test_asset_holds_project_code_and_arm64_dependencies(synthesised):
    asset = _asset_dir(synthesised)
    assert (asset / "shared" / "adapters" / "dynamodb" / "tables.py").is_file()
    assert (asset / "functions" / "__init__.py").is_file()
    assert (asset / "functions" / "deadletter" / "handler.py").is_file(), "the dead-letter handler ships"
    for package in ("shared", "functions"):
        source = sorted(
            p.relative_to(constants.ROOT)
            for p in (constants.ROOT / package).rglob("*")
            if p.is_file() and p.suffix in bundle.BUNDLED_SUFFIXES and "__pycache__" not in p.parts
        )
        copied = sorted(p.relative_to(asset) for p in (asset / package).rglob("*") if p.is_file())
        assert copied == source, package
    assert (asset / "shared" / "domain" / "documents" / "data" / "untdid-1001.txt").is_file(), (
        "code lists ship with the code"
    )
    assert (asset / "aws_lambda_powertools").is_dir() and (asset / "pydantic").is_dir()
    assert list((asset / "lxml").glob("etree.cpython-314-aarch64-linux-gnu.so"))
    assert list((asset / "pydantic_core").glob("*.cpython-314-aarch64-linux-gnu.so"))
    assert not list(asset.rglob("*.pyc")), "bytecode for the build machine's Python has no place on Lambda"


def test_bundle_sync_mirrors_project_code(tmp_path):
    source, target = tmp_path / "src", tmp_path / "out"
    (source / "shared" / "pkg" / "__pycache__").mkdir(parents=True)
    (source / "functions").mkdir()
    (source / "shared" / "__init__.py").write_text("")
    (source / "shared" / "pkg" / "mod.py").write_text("A = 1\n")
    (source / "shared" / "pkg" / "data.json").write_text("{}")
    (source / "shared" / "pkg" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"x")
    (source / "functions" / "handler.py").write_text("def handler(e, c): ...\n")
    (target / "functions" / "old").mkdir(parents=True)
    (target / "functions" / "old" / "gone.py").write_text("")
    (target / "functions" / "__pycache__").mkdir()
    (target / "dependency.py").write_text("KEEP = True\n")

    assert bundle.sync_project_code(target, source) == 5  # four written (code and its data), one removed
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert files == [
        "dependency.py",
        "functions/handler.py",
        "shared/__init__.py",
        "shared/pkg/data.json",
        "shared/pkg/mod.py",
    ]

    (source / "shared" / "pkg" / "mod.py").write_text("A = 2\n")
    assert bundle.sync_project_code(target, source) == 1
    assert (target / "shared" / "pkg" / "mod.py").read_text() == "A = 2\n"
    assert bundle.sync_project_code(target, source) == 0


def test_requirements_hash_is_cached(tmp_path):
    assert bundle.HASH_FILE.read_text().strip() == bundle.requirements_hash()  # the session build left it current
    other = tmp_path / "requirements.txt"
    other.write_text(constants.REQUIREMENTS_FILE.read_text() + "extra==1.0\n")
    assert bundle.requirements_hash(other) != bundle.requirements_hash()


def test_stale_assets_are_pruned(tmp_path):
    from infra.app import prune_stale_assets

    (tmp_path / "asset.current").mkdir()
    (tmp_path / "asset.old").mkdir()
    (tmp_path / "asset.old.zip").write_bytes(b"")
    (tmp_path / "S.assets.json").write_text(json.dumps({"files": {"h": {"source": {"path": "asset.current"}}}}))
    assert sorted(prune_stale_assets(tmp_path)) == ["asset.old", "asset.old.zip"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["S.assets.json", "asset.current"]


def test_app_synthesises_without_an_aws_account(tmp_path):
    """``make synth``: the script on its own, no credentials, no Docker."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_"))}
    env.update(
        CDK_OUTDIR=str(tmp_path), JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1", AWS_EC2_METADATA_DISABLED="true"
    )
    result = subprocess.run(
        [sys.executable, "infra/app.py"],
        check=False,
        cwd=constants.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    stack = manifest["artifacts"][constants.STACK_ID]
    assert stack["environment"] == "aws://unknown-account/unknown-region"
    assert (tmp_path / f"{constants.STACK_ID}.template.json").is_file()
