"""DynamoDB requests per subsidy claim, hard checks (at receipt) and soft indicators (the validation function)
together, with 10 grants in the table and with 100,000: the count must not grow with the table."""

from __future__ import annotations

import os
from datetime import date, timedelta

from bench.requests_per_claim import RequestCounter

GOAL = 8.0
RECIPIENT = "2048631263"
VENDOR = "6028131841"


def _fill(dynamodb, table: str, grants: int, today: date) -> None:
    """Filler grants (grant + budget line items) written straight to the table, 25 a request."""
    items = []
    for n in range(grants):
        pk = {"S": f"GRANT#FILL-{n:06d}"}
        items.append(
            {
                "pk": pk,
                "sk": {"S": "GRANT"},
                "grantId": {"S": f"FILL-{n:06d}"},
                "lgCode": {"S": "11110"},
                "title": {"S": f"지역 문화 행사 지원 {n}"},
                "purpose": {"S": "문화"},
                "field": {"S": "문화관광"},
                "recipientBrn": {"S": RECIPIENT},
                "start": {"S": today.isoformat()},
                "end": {"S": (today + timedelta(days=300)).isoformat()},
                "categories": {"L": [{"S": "307-02"}]},
                "status": {"S": "OPEN"},
                "source": {"S": "local"},
                "createdAt": {"S": today.isoformat()},
            }
        )
        items.append(
            {
                "pk": pk,
                "sk": {"S": "CAT#307-02"},
                "category": {"S": "307-02"},
                "amount": {"N": "1000000"},
                "reserved": {"N": "0"},
                "executed": {"N": "0"},
                "available": {"N": "1000000"},
            }
        )
    for start in range(0, len(items), 25):
        dynamodb.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        )


def _measure(grants_in_table: int, claims: int) -> dict:
    counter = RequestCounter()
    counter.install()
    try:
        return _count(counter, grants_in_table, claims)
    finally:
        counter.uninstall()


def _count(counter: RequestCounter, grants_in_table: int, claims: int) -> dict:
    from infra.local.context import LocalContext, sqs_event
    from infra.local.samples import Line, kec_invoice
    from infra.local.stack import LocalStack, free_port
    from shared.adapters.aws import client
    from shared.adapters.config import settings
    from shared.application.claims import ClaimRequest
    from shared.application.subsidy import GrantRequest
    from shared.application.wiring import claims_service, grant_decisions
    from shared.domain.calendar import now_seoul
    from shared.domain.claims.model import Actor

    today = now_seoul().date()
    with LocalStack(api_port=free_port(), aws_port=free_port()) as stack:
        stack._stopping.set()  # the bench drives the functions itself: no pollers
        stack.reset()
        official, business = Actor("official", "11110", "bench"), Actor("business", RECIPIENT, "bench")
        grant = grant_decisions().create_grant(
            official,
            GrantRequest(
                "청년 창업 공간 운영",
                "공유 사무실",
                "산업중소기업",
                RECIPIENT,
                today - timedelta(days=30),
                today + timedelta(days=300),
                (("307-02", 10_000_000_000),),
                {"city": "1"},
            ),
        )
        _fill(client("dynamodb"), settings().subsidy_table, grants_in_table - 1, today)
        claims_service().submit(
            business,
            ClaimRequest(
                "11110",
                "subsidy",
                "kec",
                kec_invoice(VENDOR, RECIPIENT, today, 1, [Line("warm-up", 1, 1000)]),
                grant_id=grant.grant_id,
                category="307-02",
            ),
        )
        from functions.validation.handler import handler

        sqs, url = client("sqs"), stack.resources.queue_urls["ValidationQueue"]
        _drain(sqs, url)
        counter.active = True
        for n in range(claims):
            doc = kec_invoice(VENDOR, RECIPIENT, today - timedelta(days=1), 100 + n, [Line("용역", 1, 100_000 + n)])
            claims_service().submit(
                business, ClaimRequest("11110", "subsidy", "kec", doc, grant_id=grant.grant_id, category="307-02")
            )
        hard = _dynamodb(counter)
        counter.counts.clear()
        counter.active = False
        messages = _drain(sqs, url)
        counter.active = True
        for start in range(0, len(messages), 10):
            handler(
                sqs_event(messages[start : start + 10], "arn:aws:sqs:ap-northeast-2:0:validation"),
                LocalContext("claims-validation"),
            )
        soft = _dynamodb(counter)
        counter.active = False
        stack._stopping.clear()
    hard_n, soft_n = sum(hard.values()), sum(soft.values())
    return {
        "grants": grants_in_table,
        "claims": claims,
        "validated": len(messages),
        "hard_per_claim": hard_n / claims,
        "soft_per_claim": soft_n / claims,
        "per_claim": (hard_n + soft_n) / claims,
        "hard": hard,
        "soft": soft,
    }


def _dynamodb(counter: RequestCounter) -> dict[str, int]:
    names = {
        "BatchGetItem",
        "TransactWriteItems",
        "Query",
        "GetItem",
        "PutItem",
        "UpdateItem",
        "Scan",
        "BatchWriteItem",
        "DeleteItem",
    }
    return {k: v for k, v in counter.counts.items() if k in names}


def _drain(sqs, url: str) -> list[dict]:
    found = []
    while True:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if not batch:
            return found
        found += batch
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def run(claims: int = 20, large: int = 100_000) -> dict:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    return {"goal": GOAL, "small": _measure(10, claims), "large": _measure(large, claims)}


if __name__ == "__main__":
    import json

    print(json.dumps(run(large=2000), indent=2))
