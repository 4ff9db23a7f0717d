"""A payment run on the local stack: wall time and AWS requests for N accepted claims, and how both grow.

The claims are written straight to the tables (accepted, with their pending ledger entries, as acceptance leaves
them, and the treasury funded), then the run is stepped as the settlement function would, counting every request
with botocore's hooks."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from bench.common import dynamodb_counts, growth
from bench.requests_per_claim import RequestCounter

GOAL_PER_CLAIM = 0.05
LG = "11110"
SUPPLIER = "2048631263"


def _fill(claims: int, today) -> None:
    from shared.adapters.dynamodb.models import ClaimItem
    from shared.adapters.dynamodb.repository.mapping import claim_item
    from shared.application.wiring import claims_repository, ledger_repository
    from shared.domain.claims.model import Claim, ClaimStatus
    from shared.domain.settlement import ledger
    from shared.domain.settlement.payment_run import acceptance_entry

    claims_repository()  # binds the models to this stack's tables
    accepted_at = f"{today.isoformat()}T10:00:00+09:00"
    made = []
    with ClaimItem.batch_write() as batch:
        for n in range(claims):
            amount = 100_000 + n
            claim = Claim(
                claim_id=f"bench-{n:07d}",
                status=ClaimStatus.ACCEPTED,
                kind="payment",
                lg_code=LG,
                supplier=f"{SUPPLIER}",
                buyer="1028311107",
                submitted_by=SUPPLIER,
                invoice={"format": "kec", "id": f"{n:024d}", "issueDate": today.isoformat(), "grandTotal": amount},
                grand_total=str(amount),
                currency="KRW",
                received_at=accepted_at,
                source=f"bench:{n}",
                document_key=f"documents/bench-{n}.xml",
                guard_key=f"GUARD#bench#{n}",
                due_date=(today + timedelta(days=7)).isoformat(),
                history=[
                    {"status": "RECEIVED", "at": accepted_at, "by": "bench"},
                    {"status": "ACCEPTED", "at": accepted_at, "by": "bench"},
                ],
            )
            batch.save(claim_item(claim))
            made.append(claim)
    ledger_repository().record([acceptance_entry(c, today) for c in made])
    # the treasury's cash the run pays from (교부세 received at once): a run pays no more than the year's cash
    fund = ledger.revenue_received(lg_code=LG, receipt_id="bench-fund", amount=10**12, day=today, revenue="4310")
    ledger_repository().record([fund])


def _measure(claims: int) -> dict:
    from infra.local.stack import LocalStack, free_port
    from shared.application.wiring import run_service
    from shared.domain.calendar import now_seoul
    from shared.domain.claims.model import Actor

    counter = RequestCounter()
    counter.install()
    try:
        with LocalStack(api_port=free_port(), aws_port=free_port()) as stack:
            stack._stopping.set()  # the bench steps the run itself
            stack.reset()
            today = now_seoul().date()
            _fill(claims, today)
            service = run_service()
            counter.active = True
            started = time.perf_counter()
            run = service.start(Actor("official", LG, "bench"), "payment", today)
            steps = 0
            while service.step(run.run_id) == "RUNNING":
                steps += 1
            wall = time.perf_counter() - started
            counter.active = False
            final = service.get(Actor("official", LG, "bench"), run.run_id)
            stack._stopping.clear()
    finally:
        counter.uninstall()
    dynamodb = dynamodb_counts(counter.counts)
    other = {k: v for k, v in counter.counts.items() if k not in dynamodb}
    paid = final["counts"].get("paid", 0)
    return {
        "claims": claims,
        "paid": paid,
        "status": final["status"],
        "steps": steps + 1,
        "transactions": dynamodb.get("TransactWriteItems", 0),
        "wall_s": round(wall, 2),
        "dynamodb_requests": sum(dynamodb.values()),
        "dynamodb_per_claim": sum(dynamodb.values()) / max(paid, 1),
        "dynamodb": dynamodb,
        "other": other,
    }


def run(sizes: tuple[int, ...] = (1_000, 3_000)) -> dict:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    results = [_measure(n) for n in sizes]
    small, large = results[0], results[-1]
    return {
        "goal_per_claim": GOAL_PER_CLAIM,
        "runs": results,
        "growth": growth(small, large),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run((200, 600)), indent=2))
