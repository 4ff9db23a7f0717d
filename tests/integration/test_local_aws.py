"""The local AWS keeps DynamoDB's transaction semantics while backing up only the items a transaction names:
a cancelled transaction leaves every table exactly as it was, a committed one applies every item."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def dynamodb(moto_server):
    import requests

    requests.post(f"{moto_server}/moto-api/reset", timeout=10)
    client = boto3.client(
        "dynamodb",
        endpoint_url=moto_server,
        region_name="ap-northeast-2",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    client.create_table(
        TableName="ranged",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
    )
    client.create_table(
        TableName="hashed",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )
    for n in range(50):
        client.put_item(
            TableName="ranged",
            Item={
                "pk": {"S": f"p{n % 5}"},
                "sk": {"S": f"s{n}"},
                "balance": {"N": str(n)},
                "tags": {"L": [{"S": "a"}]},
            },
        )
        client.put_item(TableName="hashed", Item={"id": {"S": f"h{n}"}, "count": {"N": "0"}})
    return client


def _everything(client) -> dict:
    return {table: sorted(map(str, client.scan(TableName=table)["Items"])) for table in ("ranged", "hashed")}


def _transaction(last_condition: str) -> list[dict]:
    return [
        {"Put": {"TableName": "ranged", "Item": {"pk": {"S": "p9"}, "sk": {"S": "new"}, "balance": {"N": "1"}}}},
        {
            "Update": {
                "TableName": "ranged",
                "Key": {"pk": {"S": "p1"}, "sk": {"S": "s6"}},
                "UpdateExpression": "SET balance = balance + :one, tags = list_append(tags, :more)",
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":more": {"L": [{"S": "b"}]}},
            }
        },
        {"Delete": {"TableName": "ranged", "Key": {"pk": {"S": "p2"}, "sk": {"S": "s7"}}}},
        {"Put": {"TableName": "hashed", "Item": {"id": {"S": "h3"}, "count": {"N": "99"}}}},
        {
            "Update": {
                "TableName": "hashed",
                "Key": {"id": {"S": "h4"}},
                "UpdateExpression": "SET #c = :n",
                "ExpressionAttributeNames": {"#c": "count"},
                "ExpressionAttributeValues": {":n": {"N": "7"}},
            }
        },
        {"ConditionCheck": {"TableName": "hashed", "Key": {"id": {"S": "h5"}}, "ConditionExpression": last_condition}},
    ]


def test_a_cancelled_transaction_changes_nothing(dynamodb):
    before = _everything(dynamodb)
    with pytest.raises(ClientError) as refused:
        dynamodb.transact_write_items(TransactItems=_transaction("attribute_not_exists(id)"))
    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _everything(dynamodb) == before
    # and the restored tables go on working: the same transaction, allowed this time, commits in full
    dynamodb.transact_write_items(TransactItems=_transaction("attribute_exists(id)"))
    after = _everything(dynamodb)
    assert after != before
    assert dynamodb.get_item(TableName="ranged", Key={"pk": {"S": "p1"}, "sk": {"S": "s6"}})["Item"] == {
        "pk": {"S": "p1"},
        "sk": {"S": "s6"},
        "balance": {"N": "7"},
        "tags": {"L": [{"S": "a"}, {"S": "b"}]},
    }
    assert "Item" not in dynamodb.get_item(TableName="ranged", Key={"pk": {"S": "p2"}, "sk": {"S": "s7"}})
    assert dynamodb.get_item(TableName="hashed", Key={"id": {"S": "h3"}})["Item"]["count"] == {"N": "99"}
    assert dynamodb.get_item(TableName="hashed", Key={"id": {"S": "h4"}})["Item"]["count"] == {"N": "7"}
    assert len(dynamodb.scan(TableName="ranged")["Items"]) == 50


def test_a_transaction_naming_one_item_twice_is_refused_and_changes_nothing(dynamodb):
    before = _everything(dynamodb)
    twice = _transaction("attribute_exists(id)")[:2] + [
        {"Delete": {"TableName": "ranged", "Key": {"pk": {"S": "p1"}, "sk": {"S": "s6"}}}}
    ]
    with pytest.raises(ClientError) as refused:
        dynamodb.transact_write_items(TransactItems=twice)
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert _everything(dynamodb) == before
