"""A final year close on the local stack: the DynamoDB requests it makes for an LG with many budget lines and many
paid claims, and how they grow with the claims.

The closed year is written straight to the tables as a year of payment runs leaves it: 2,000 budget lines with what
was paid from each, the payment runs' chunk records (one payment per claim), the revenue line that funded them,
and the ledger's balances (one entry per kind of movement: the close reads balances, not entries). Then the final
close of that year is stepped as the settlement function would, counting every request with botocore's hooks."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

from bench.common import dynamodb_counts, growth
from bench.requests_per_claim import RequestCounter

LG = "11110"
PER_CHUNK = 45  # payments per chunk record, about what a payment run's transaction holds
RUN_DAYS = 40  # payment runs spread over the year
GOAL_GROWTH = 1.10  # from the smaller to the larger year, requests grow by at most 10%


def _fill(fy: int, lines: int, claims: int) -> None:
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.budget_models import BudgetLineItem
    from shared.adapters.dynamodb.revenue_models import RevenueLineItem, revenue_key
    from shared.adapters.dynamodb.run_repository import ChunkItem, RunRepository, run_key
    from shared.application.wiring import budget_repository, ledger_repository, revenue_repository
    from shared.domain.settlement import ledger
    from shared.domain.settlement.runs import Payment, Run, run_id

    budget_repository(), revenue_repository()  # binds the models to this stack's tables
    stored_runs = RunRepository(settings().settlement_table, settings().region)
    amount = 100_000
    per_line: dict[str, int] = {}
    days = [date(fy, 1, 5) + timedelta(days=7 * n) for n in range(RUN_DAYS)]
    with ChunkItem.batch_write() as chunks:
        for d, day in enumerate(days):
            own = range(d, claims, RUN_DAYS)  # this run's claims
            payments = []
            for n in own:
                line_id = f"L-{n % lines:04d}"
                per_line[line_id] = per_line.get(line_id, 0) + amount
                payments.append(Payment(f"bench-{n:07d}", "payment", "2048631263", amount, 0, day, day, line_id))
            run = Run(run_id(LG, "payment", day), LG, "payment", day, False, "RUNNING", f"{day}T09:00:00+09:00")
            stored_runs.create(run)
            for c in range(0, len(payments), PER_CHUNK):
                part = payments[c : c + PER_CHUNK]
                chunks.save(ChunkItem(run_key(run.run_id), f"CHUNK#{c // PER_CHUNK:06d}", payments_json=_json(part)))
            stored_runs.finish(run.run_id, "SUCCEEDED", f"{day}T10:00:00+09:00", [])
    with BudgetLineItem.batch_write() as batch:
        for n in range(lines):
            line_id = f"L-{n:04d}"
            spent = per_line.get(line_id, 0)
            budget = spent + 1_000_000
            batch.save(
                BudgetLineItem(
                    f"BUDGET#{LG}#{fy}",
                    f"LINE#{line_id}",
                    line_id=line_id,
                    fund="일반회계",
                    field="일반공공행정",
                    sector="일반행정",
                    program="기관운영",
                    unit="기본경비",
                    project=f"사업 {n}",
                    object="201",
                    stat_object="201-01",
                    budget=budget,
                    budget_current=budget,
                    committed=spent,
                    uncommitted=budget - spent,
                    expended=spent,
                    revision=1,
                )
            )
    paid = amount * claims
    received = paid + 10**9
    RevenueLineItem(
        revenue_key(LG, fy),
        "LINE#R-210",
        line_id="R-210",
        fund="일반회계",
        code="210-11-01",
        kind="localShareTax",
        name="보통교부세",
        budget=received,
        assessed=received,
        received=received,
    ).save()
    ledger_repository().record(
        [
            ledger.revenue_received(
                lg_code=LG, receipt_id="bench", amount=received, day=date(fy, 1, 2), revenue="4310"
            ),
            ledger.JournalEntry(
                ledger.entry_id("bench-paid", LG, fy),
                LG,
                fy,
                date(fy, 12, 30),
                "a year of payments, as one entry (the close reads balances)",
                (ledger.debit(ledger.OPERATING, paid), ledger.credit(ledger.CASH, paid)),
            ),
        ]
    )


def _json(payments) -> str:
    import json

    return json.dumps(
        [
            [
                p.claim_id,
                p.kind,
                p.payee,
                p.amount,
                p.interest,
                p.due_date.isoformat(),
                p.accepted_on.isoformat(),
                p.line_id,
            ]
            for p in payments
        ]
    )


def _measure(lines: int, claims: int) -> dict:
    from infra.local.stack import LocalStack, free_port
    from shared.application.wiring import run_service
    from shared.domain.calendar import now_seoul
    from shared.domain.claims.model import Actor

    counter = RequestCounter()
    counter.install()
    fy = now_seoul().date().year - 1  # closed out on 10 February: its final close is legal today
    try:
        with LocalStack(api_port=free_port(), aws_port=free_port()) as stack:
            stack._stopping.set()  # the bench steps the run itself
            stack.reset()
            _fill(fy, lines, claims)
            service = run_service()
            official = Actor("official", LG, "bench")
            counter.active = True
            started = time.perf_counter()
            run = service.start(official, "year-close", date(fy, 12, 31))
            status = service.step(run.run_id)
            wall = time.perf_counter() - started
            counter.active = False
            final = service.get(official, run.run_id)
            stack._stopping.clear()
    finally:
        counter.uninstall()
    dynamodb = dynamodb_counts(counter.counts)
    return {
        "lines": lines,
        "claims": claims,
        "status": status,
        "error": final.get("error"),
        "wall_s": round(wall, 2),
        "dynamodb_requests": sum(dynamodb.values()),
        "dynamodb": dynamodb,
    }


def run(lines: int = 2_000, sizes: tuple[int, ...] = (10_000, 100_000)) -> dict:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    results = [_measure(lines, n) for n in sizes]
    small, large = results[0], results[-1]
    return {
        "goal_growth": GOAL_GROWTH,
        "closes": results,
        "growth": growth(small, large),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(200, (1_000, 10_000)), indent=2))
