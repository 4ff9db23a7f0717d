"""지방재정365 (public indicators): aggregates of a closed year, no ids, no BRNs, no personal data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.domain.settlement.reports.arithmetic import ratio, won


@dataclass(frozen=True, slots=True)
class OwnRevenue:
    """The inputs of 재정자립도 for one LG and year."""

    local_tax: int  # 지방세
    non_tax_revenue: int  # 세외수입
    general_budget: int  # 일반회계 예산 (세입 예산 규모)

    def __post_init__(self) -> None:
        won(self.local_tax, "localTax")
        won(self.non_tax_revenue, "nonTaxRevenue")
        won(self.general_budget, "generalBudget")


def financial_independence_rate(revenue: OwnRevenue) -> Decimal | None:
    """재정자립도 = (지방세 + 세외수입) / 일반회계 예산, as a fraction (0.3750 is published as 37.5%)."""
    return ratio(revenue.local_tax + revenue.non_tax_revenue, revenue.general_budget)


def public_indicators(
    lg_code: str,
    fy: int,
    *,
    settlement: Mapping[str, Any],
    revenue: OwnRevenue | None = None,
    grants: Mapping[str, Any] | None = None,
    timeliness: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """지방재정365-style indicators from closed reports: ``settlement`` from budget_settlement, ``grants`` from
    grant_settlement, ``timeliness`` from payment_timeliness. Only totals are copied out: no line, grant or claim
    ids, no BRNs, no personal data. A part without its input is None."""
    total = settlement["total"]
    result: dict[str, Any] = {
        "lgCode": lg_code,
        "fy": fy,
        "budgetSize": {"budget": total["budget"], "budgetCurrent": total["budgetCurrent"]},
        "settlementSize": {
            "expended": total["expended"],
            "carriedOver": total["carriedOver"],
            "unused": total["unused"],
        },
        "executionRate": total["executionRate"],
        "executionByField": [
            {
                "field": row["field"],
                "budgetCurrent": row["budgetCurrent"],
                "expended": row["expended"],
                "executionRate": row["executionRate"],
            }
            for row in settlement["byField"]
        ],
        "financialIndependenceRate": None,
        "ownRevenue": None,
        "subsidies": None,
        "paymentTimeliness": None,
    }
    if revenue is not None:
        result["financialIndependenceRate"] = financial_independence_rate(revenue)
        result["ownRevenue"] = {
            "localTax": revenue.local_tax,
            "nonTaxRevenue": revenue.non_tax_revenue,
            "generalBudget": revenue.general_budget,
        }
    if grants is not None:
        g = grants["total"]
        result["subsidies"] = {
            "grantCount": g["grantCount"],
            "granted": g["granted"],
            "executed": g["executed"],
            "executionRate": g["executionRate"],
            "returned": g["returned"],
        }
    if timeliness is not None:
        result["paymentTimeliness"] = {
            "count": timeliness["count"],
            "amount": timeliness["amount"],
            "onTime": dict(timeliness["onTime"]),
            "late": dict(timeliness["late"]),
            "onTimeRate": timeliness["onTimeRate"],
            "onTimeAmountRate": timeliness["onTimeAmountRate"],
            "averageDaysLate": timeliness["averageDaysLate"],
            "averageDaysToPay": timeliness["averageDaysToPay"],
        }
    return result
