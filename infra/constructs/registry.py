"""The LG registry as data: every LG of ``shared/adapters/dynamodb/lg_registry.json`` written into the Registry table
when the stack is created or updated, with the item shape ``infra/local/provision.py`` writes locally (``LgItem``).

One ``AwsCustomResource`` per chunk of 25 items calls DynamoDB ``BatchWriteItem``. A chunk's physical id carries
a hash of its items, so editing the file changes the id and the update writes the chunk again. Items are only
put (added or overwritten), never deleted: an LG dropped from the file stays in the table until removed by hand,
and deleting the stack leaves the retained table's items alone.

``BatchWriteItem`` may answer with ``UnprocessedItems`` instead of failing when the table throttles it; the
custom resource does not retry those and the deployment still succeeds. A 25-item write to an on-demand table is
far below its starting capacity; should an LG ever be missing, any change to its chunk of the file (CloudFormation
only calls an unchanged custom resource again when its properties change) writes the chunk again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.constants import LOG_RETENTION, REGISTRY_FILE, REGISTRY_WRITE_BATCH

ITEM_FIELDS = ("lgCode", "name", "nameEn", "taxId")


def registry_lgs(path: Path = REGISTRY_FILE) -> list[dict[str, str]]:
    return json.loads(path.read_text(encoding="utf-8"))["lgs"]


def registry_item(lg: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """One LG as a DynamoDB item in attribute-value form: ``pk=LG#<lgCode>``, ``sk=LG`` and its four fields."""
    item = {"pk": {"S": f"LG#{lg['lgCode']}"}, "sk": {"S": "LG"}}
    item.update({field: {"S": str(lg[field])} for field in ITEM_FIELDS})
    return item


def chunks(items: Sequence[dict], size: int = REGISTRY_WRITE_BATCH) -> Iterator[list[dict]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def chunk_digest(items: Sequence[dict]) -> str:
    canonical = json.dumps(items, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


class RegistryData(Construct):
    """``loaders``: one custom resource per chunk of at most 25 LGs."""

    def __init__(self, scope: Construct, construct_id: str, *, table: dynamodb.ITable) -> None:
        super().__init__(scope, construct_id)
        items = [registry_item(lg) for lg in registry_lgs()]
        codes = [item["lgCode"]["S"] for item in items]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{REGISTRY_FILE.name}: an LG code appears twice")

        policy = cr.AwsCustomResourcePolicy.from_statements(
            [iam.PolicyStatement(actions=["dynamodb:BatchWriteItem"], resources=[table.table_arn])]
        )
        log_group = logs.LogGroup(self, "LoaderLogs", retention=logs.RetentionDays[LOG_RETENTION])
        # Our own role for CDK's provider Lambda instead of the one it would create with the AWS managed
        # AWSLambdaBasicExecutionRole: it may write to its own log group, and each loader adds the policy above.
        self.provider_role = iam.Role(
            self,
            "LoaderRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Execution role of the CDK provider Lambda that loads the LG registry at deployment",
        )
        self.provider_role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[log_group.log_group_arn]
            )
        )
        self.loaders: list[cr.AwsCustomResource] = []
        for index, chunk in enumerate(chunks(items)):
            call = cr.AwsSdkCall(
                service="DynamoDB",
                action="batchWriteItem",
                parameters={"RequestItems": {table.table_name: [{"PutRequest": {"Item": item}} for item in chunk]}},
                physical_resource_id=cr.PhysicalResourceId.of(f"lg-registry-{index}-{chunk_digest(chunk)}"),
            )
            self.loaders.append(
                cr.AwsCustomResource(
                    self,
                    f"Load{index}",
                    on_create=call,
                    on_update=call,
                    policy=policy,
                    install_latest_aws_sdk=False,  # the SDK of the Lambda runtime: nothing fetched from npm
                    log_group=log_group,
                    role=self.provider_role,
                    resource_type="Custom::LgRegistryLoad",
                )
            )
