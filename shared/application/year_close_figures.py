"""Figures the year close gathers from its records: what is left unpaid, the cash carried in, the carry-over by
type, and the 재정운영표's 사업순원가 split by 분야."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.domain.settlement import ledger, reports
from shared.domain.settlement.budget import BudgetLine, split_carry_over
from shared.domain.settlement.revenue import RevenueLine


def split_program_cost(
    lines: Sequence[BudgetLine], statements: dict[str, Any], by_fund: Mapping[str, dict[str, Any]]
) -> list[str]:
    """Adds ``programCostByField`` to the total's and each 회계's 재정운영표 (``reports.program_cost_by_field``):
    each line's 사업순원가 (``ledger.line_program_cost``) summed per 분야. Returns what fails the close: a 회계 whose
    lines record more 사업순원가 than its ledger holds."""
    costs = [
        reports.LineCost(
            line.fund, line.field, ledger.line_program_cost(line.object, line.accrued, line.subsidy_executed)
        )
        for line in lines
    ]
    failures = []
    for fund, own in by_fund.items():
        split = reports.program_cost_by_field(costs, own["operations"]["programCost"], fund)
        own["operations"]["programCostByField"] = split
        if split["unattributed"] < 0:
            failures.append(
                f"{fund}: its lines record {split['attributed']:,} won of 사업순원가, its ledger {split['total']:,}"
            )
    total = statements["operations"]
    total["programCostByField"] = reports.program_cost_by_field(costs, total["programCost"])
    return failures


def unpaid(balances: dict[str, ledger.Balance]) -> dict[str, int]:
    """What a 회계's accepted claims leave unpaid: the payables still pending (2110) and the recipients' executions
    not yet settled against their advances (1310)."""
    return {
        "payables": balances[ledger.PAYABLE].pending_credit if ledger.PAYABLE in balances else 0,
        "subsidy": balances[ledger.SUBSIDY_ADVANCE].pending_credit if ledger.SUBSIDY_ADVANCE in balances else 0,
    }


def carried_cash(totals: dict[str, int]) -> dict[str, int]:
    """What the previous final close carried into each 회계 (``cashCarried@<회계>``); a close from before 회계 were
    kept apart carried its one figure into the 일반회계."""
    by_fund = {key.split("@", 1)[1]: value for key, value in totals.items() if key.startswith("cashCarried@")}
    if not by_fund and "cashCarried" in totals:
        return {ledger.GENERAL_FUND: totals["cashCarried"]}
    return by_fund


def carried_over_by_type(
    lines: list[BudgetLine], carry_over: dict[str, int], open_contracts: dict[str, int]
) -> dict[str, dict[str, int]]:
    """Each line's 다음연도이월액 split into 명시이월, 사고이월 and 계속비이월 (``split_carry_over``)."""
    return {
        line.line_id: split_carry_over(
            line, carry_over.get(line.line_id, 0), open_contracts.get(line.line_id, 0)
        ).to_api()
        for line in lines
    }


def receivables(
    books: Mapping[str, Mapping[str, ledger.Balance]], lines: Sequence[RevenueLine]
) -> list[reports.Receivable]:
    """Each 회계's receivables at the close (the ledger's balances), and of them what earlier years' assessments
    still owe: the revenue lines' carried-in amounts not yet collected (과년도 미수납, from the revenue records)."""
    prior: dict[tuple[str, str], int] = {}
    for line in lines:
        key = (line.fund, ledger.revenue_accounts(line.kind)[0])
        prior[key] = prior.get(key, 0) + line.carried_outstanding
    return [
        reports.Receivable(
            fund,
            code,
            ledger.CHART[code].name,
            balances[code].balance if code in balances else 0,
            prior.get((fund, code), 0),
        )
        for fund, balances in books.items()
        for code in ledger.RECEIVABLES
    ]
