"""What a settlement run reports, and where it keeps it: every report in JSON, CSV and HTML under the run's key in
the report store; the payment run's own report; and the figures the closes share with it (payment timeliness,
what the payment runs transferred). Pure assembly over the domain's report functions, but for ``write_reports``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from shared.domain.claims.model import Claim
from shared.domain.settlement import ledger, render, reports
from shared.domain.settlement.budget import BudgetLine
from shared.domain.settlement.fiscal_year import settlement_deadline
from shared.domain.settlement.fund_transfers import FundTransfer
from shared.domain.settlement.ports import ReportStore, RunStore
from shared.domain.settlement.runs import Payment, Run, run_id

REPORT_TITLES = {
    "payment-run": "지급 실행 보고서 (payment run)",
    "month-close": "월 마감 보고서 (month close)",
    "year-close": "세입세출 결산 및 재무제표 (year close)",
}
PAYMENT_COLUMNS = ("claimId", "kind", "payeeBrn", "amount", "lateInterest", "dueDate")

PaidRuns = Sequence[tuple[Run, Sequence[Payment]]]
"""Payment runs, each with what it paid."""


def paid_runs(runs: RunStore, lg_code: str, first: date, last: date) -> PaidRuns:
    """The payment runs dated first..last with what each paid (their ids come from the dates: read by key)."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [(r, runs.payments(r.run_id)) for r in runs.existing([run_id(lg_code, "payment", day) for day in days])]


def write_reports(
    documents: ReportStore,
    run: Run,
    name: str,
    report: Mapping[str, object],
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[str],
) -> list[str]:
    """The report as ``<run>/<name>.json``, its rows as ``.csv`` and both as ``.html``; the names written."""
    base = f"{run.run_id}/{name}"
    documents.put_report(f"{base}.json", render.to_json(report), "application/json")
    documents.put_report(f"{base}.csv", render.to_csv(rows, columns), "text/csv")
    title = f"{REPORT_TITLES.get(name, name)}: LG {run.lg_code}, {run.as_of.isoformat()}" + (
        " (가결산, provisional)" if run.provisional else ""
    )
    documents.put_report(f"{base}.html", render.to_html(title, report), "text/html")
    return [f"{name}.json", f"{name}.csv", f"{name}.html"]


def timeliness(runs: PaidRuns, rate: Decimal) -> dict[str, Any]:
    """Payment timeliness (대금 지급 적기성) of the claims these runs paid, each paid on its run's date."""
    paid = [
        reports.PaidClaim(p.claim_id, p.due_date, r.as_of, p.amount, p.accepted_on)
        for r, payments in runs
        for p in payments
        if p.kind == "payment" and p.due_date
    ]
    return reports.payment_timeliness(paid, rate=rate)


def _in_year(fy: int, run: Run, payment: Payment) -> bool:
    """Whether a payment is fiscal year ``fy``'s outflow: a claim accepted in it and paid by its 출납정리기한, a claim
    of an earlier year paid in it after that year's 출납정리기한 (과년도지출, from this year's budget), or a grant
    advance paid in it."""
    if payment.kind == "payment":
        accepted = (payment.accepted_on or run.as_of).year
        return (accepted if run.as_of <= settlement_deadline(accepted) else run.as_of.year) == fy
    return payment.kind == "advance" and run.as_of.year == fy


def paid_by_line(fy: int, runs: PaidRuns) -> tuple[dict[str, int], int]:
    """What the payment runs' records say each budget line paid for fiscal year ``fy`` (claims accepted in it, with
    their late interest), and what they paid on no line (grant advances, claims without a line)."""
    by_line: dict[str, int] = {}
    unbudgeted = 0
    for r, payments in runs:
        for p in payments:
            if not _in_year(fy, r, p):
                continue
            if p.line_id:
                by_line[p.line_id] = by_line.get(p.line_id, 0) + p.amount + p.interest
            else:
                unbudgeted += p.amount + p.interest
    return by_line, unbudgeted


def treasury_checks(
    fy: int,
    lines: Sequence[BudgetLine],
    revenue: Mapping[str, Any],
    books: Mapping[str, Iterable[Any]],
    runs: PaidRuns,
    opening_cash: Mapping[str, int] | None = None,
    transfers: Sequence[FundTransfer] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The year close's two checks of the books against the records. 재정자금 대사: the ledger's cash (``rows``, its
    trial balance) against what the records themselves say the treasury holds: what the previous year's final
    close carried in (``opening_cash``, its own records' figure), what came in (the revenue records' receipts,
    over-receipts included: they are cash held) and what went out (the payment runs' transfers). The budget
    execution check: each line's 지출액 against what the runs paid from it, and nothing paid on no line. Per 회계:
    ``books`` is each 회계's trial balance rows, ``opening_cash`` what each 회계 was carried in with; a payment on
    no line is the 일반회계's, as the ledger books it. ``transfers`` (전출·전입, their own records) are the source
    회계's outflow on its line; their receipt is in the target's revenue records already."""
    opening_cash = opening_cash or {}
    fund_of = {line.line_id: line.fund for line in lines}
    received: dict[str, int] = {}
    for row in revenue["lines"]:
        # what came in and stayed: receipts, over-receipts included (cash held, owed back) less what was refunded
        received[row["fund"]] = received.get(row["fund"], 0) + row["received"] + row["overReceived"] - row["refunded"]
    paid: dict[str, int] = {}
    for r, payments in runs:
        for p in payments:
            if _in_year(fy, r, p):
                fund = fund_of.get(p.line_id or "", ledger.GENERAL_FUND)
                paid[fund] = paid.get(fund, 0) + p.amount + p.interest
    for transfer in transfers:  # 전출금: the source 회계's outflow, on its 701 line (the target's 전입 is a receipt)
        paid[transfer.from_fund] = paid.get(transfer.from_fund, 0) + transfer.amount
    funds = sorted(set(books) | set(received) | set(paid) | set(opening_cash)) or [ledger.GENERAL_FUND]
    reconciliation = reports.reconcile(
        [
            reports.FundCash(
                fund,
                sum(row.debit - row.credit for row in books.get(fund, ()) if row.account == ledger.CASH),
                received.get(fund, 0),
                paid.get(fund, 0),
                opening_cash.get(fund, 0),
            )
            for fund in funds
        ]
    )
    by_line, unbudgeted = paid_by_line(fy, runs)
    for transfer in transfers:
        by_line[transfer.from_line_id] = by_line.get(transfer.from_line_id, 0) + transfer.amount
    execution = reports.execution_check({line.line_id: line.expended for line in lines}, by_line, unbudgeted)
    reconciliation["unbudgetedOutflow"] = unbudgeted  # paid on no budget line
    return reconciliation, execution


def payment_report(
    run: Run,
    payments: Sequence[Payment],
    payees: int,
    held: Iterable[Claim],
    rate: Decimal,
    reasons: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, object]:
    """The payment run's report: its counts and totals, the payees transferred to, the timeliness of what it paid,
    and the claims it held over (accepted in a year whose 출납정리기한 passed and not paid as 과년도지출 yet: each
    with the ``code`` and ``reason`` of ``reasons``, by claim id)."""
    reasons = reasons or {}
    return {
        "runId": run.run_id,
        "lgCode": run.lg_code,
        "asOf": run.as_of.isoformat(),
        "counts": run.counts,
        "totals": run.totals,
        "payees": payees,
        "timeliness": timeliness([(run, payments)], rate),
        "heldOver": [
            {
                "claimId": c.claim_id,
                "acceptedOn": str(c.accepted_on()),
                "amount": c.grand_total,
                "dueDate": c.due_date,
                **{k: v for k, v in reasons.get(c.claim_id, {}).items() if k != "claimId"},
            }
            for c in held
        ],
    }


def payment_rows(payments: Iterable[Payment]) -> list[dict[str, object]]:
    """The payment run's CSV rows: one per payment (``PAYMENT_COLUMNS``)."""
    return [
        {
            "claimId": p.claim_id,
            "kind": p.kind,
            "payeeBrn": p.payee,
            "amount": p.amount,
            "lateInterest": p.interest,
            "dueDate": p.due_date.isoformat() if p.due_date else "",
        }
        for p in payments
    ]
