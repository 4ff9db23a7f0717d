"""DynamoDB requests per card approval checked (전용카드 집행: hard rules, every indicator, and the settlement or
the review), with 100,000 card lines in the table: the count must not grow with the table (no scan).

Setup, written straight to the table where the product's own path would take minutes (a fixture, not the code
measured): the 100,000 card lines (an execution and its evidence guard each), spread over filler grants of 1,000
lines each, and ``CHECKED_GRANT_LINES`` of them on the grant being checked (its indicators read its executions: one
Query page up to about 4,000); the checked grant is decided through the product (its line committed) and then
marked paid (교부) as the payment run would, without a run's cash.
"""

from __future__ import annotations

import os
from datetime import timedelta

from bench.requests_per_claim import RequestCounter
from bench.subsidy_requests import _dynamodb

GOAL = 8.0
RECIPIENT = "2048631263"
LINES_PER_FILLER_GRANT = 1_000
CHECKED_GRANT_LINES = 2_000


def _vendor(n: int) -> str:
    from shared.domain.documents.brn import is_valid_brn

    base = 2148600000 + n * 17
    while not is_valid_brn(str(base)):
        base += 1
    return str(base)


def _fill(dynamodb, table: str, lines: int, checked_grant: str, day: str) -> None:
    items = []
    for n in range(lines):
        on_checked = n < CHECKED_GRANT_LINES
        grant_id = checked_grant if on_checked else f"FILL-{n // LINES_PER_FILLER_GRANT:04d}"
        spend_id = f"CARD-11110-{grant_id}-F{n:07d}"
        vendor = "2208100016"  # one merchant of the fillers: the checked approvals are at others
        key = f"{vendor}#F{n:07d}"
        items.append(
            {
                "pk": {"S": f"GRANT#11110#{grant_id}"},
                "sk": {"S": f"SPEND#{spend_id}"},
                "claimId": {"S": spend_id},
                "category": {"S": "307-02"},
                "vendorBrn": {"S": vendor},
                "amount": {"N": str(10_000 + n % 5_000)},
                "day": {"S": day},
                "invoiceKey": {"S": key},
                "status": {"S": "EXECUTED"},
            }
        )
        items.append(
            {
                "pk": {"S": f"EVIDENCE#{key}"},
                "sk": {"S": "EVIDENCE"},
                "claimId": {"S": spend_id},
                "grantId": {"S": grant_id},
                "source": {"S": "local"},
                "status": {"S": "ACTIVE"},
            }
        )
    for start in range(0, len(items), 25):
        dynamodb.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        )


def _measure(lines_in_table: int, approvals: int) -> dict:
    counter = RequestCounter()
    counter.install()
    try:
        return _count(counter, lines_in_table, approvals)
    finally:
        counter.uninstall()


def _count(counter: RequestCounter, lines_in_table: int, approvals: int) -> dict:
    from infra.local.stack import LocalStack, free_port
    from shared.adapters.aws import client
    from shared.adapters.config import settings
    from shared.application.subsidy import GrantRequest
    from shared.application.wiring import budget_service, grant_decisions, grant_executions
    from shared.domain.calendar import is_business_day, now_seoul
    from shared.domain.claims.model import Actor
    from shared.domain.settlement.budget import BudgetLine
    from shared.domain.subsidy.cards import parse_approval

    today = now_seoul().date()
    day = today - timedelta(days=1)
    while not is_business_day(day):
        day -= timedelta(days=1)
    with LocalStack(api_port=free_port(), aws_port=free_port()) as stack:
        stack._stopping.set()  # the bench drives the functions itself: no pollers
        stack.reset()
        official = Actor("official", "11110", "bench")
        line = BudgetLine(
            "L-CARD", "일반회계", "문화및관광", "문화예술", "생활문화", "축제", "마을 축제", "307", "307-02", 10**10
        )
        budget_service().load_budget(official, today.year, [line])
        grant = grant_decisions().create_grant(
            official,
            GrantRequest(
                "마을 축제 지원",
                "주민 축제",
                "문화및관광",
                RECIPIENT,
                today.replace(month=1, day=1),
                today.replace(year=today.year + 1, month=12, day=31),
                (("307-02", 10**10),),
                {"city": "0.9", "self": "0.1"},
                lines=(("307-02", "L-CARD"),),
            ),
        )
        table = settings().subsidy_table
        dynamodb = client("dynamodb")
        dynamodb.update_item(  # the 교부, as the payment run marks it (the run itself needs the treasury's cash)
            TableName=table,
            Key={"pk": {"S": f"GRANT#11110#{grant.grant_id}"}, "sk": {"S": "GRANT"}},
            UpdateExpression="SET advancedOn = :d",
            ExpressionAttributeValues={":d": {"S": today.isoformat()}},
        )
        _fill(dynamodb, table, lines_in_table, grant.grant_id, day.isoformat())
        executions = grant_executions()
        outcomes: dict[str, int] = {}
        counter.counts.clear()
        counter.active = True
        for n in range(approvals):
            hour = 23 if n % 5 == 0 else 10  # every fifth one late at night: F05, reserved with its review
            approval = parse_approval(
                "11110",
                {
                    "approvalNo": f"B{n:06d}",
                    "grantId": grant.grant_id,
                    "category": "307-02",
                    "vendorBrn": _vendor(n),
                    "industryCode": "47612",
                    "amount": 123_457 + n,
                    "localTime": f"{day.isoformat()}T{hour:02d}:10:00+09:00",
                },
            )
            status = executions.record(approval).status
            outcomes[status] = outcomes.get(status, 0) + 1
        counts = _dynamodb(counter)
        counter.active = False
        stack._stopping.clear()
    total = sum(counts.values())
    return {
        "lines": lines_in_table,
        "approvals": approvals,
        "outcomes": outcomes,
        "per_approval": total / approvals,
        "by_operation": counts,
    }


def run(approvals: int = 50, large: int = 100_000) -> dict:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    return {"goal": GOAL, "small": _measure(CHECKED_GRANT_LINES, approvals), "large": _measure(large, approvals)}


if __name__ == "__main__":
    import json

    print(json.dumps(run(large=5_000), indent=2))
