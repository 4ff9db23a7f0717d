"""지방재정365 (public indicators): aggregates of a closed year, no ids, no BRNs, no personal data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.domain.settlement.reports.arithmetic import ratio, won

GENERAL_FUND = "일반회계"


@dataclass(frozen=True, slots=True)
class OwnRevenue:
    """The inputs of 재정자립도 and 재정자주도 for one LG and year, 일반회계 only.

    Our reading: the published indicators (e-나라지표) divide budget figures (당초예산); a closed year's figures
    here divide what was received (수납액, 결산 basis) by the 일반회계 세입예산, so that they come from the year's
    records."""

    local_tax: int  # 지방세 수납액
    non_tax_revenue: int  # 세외수입 수납액
    general_budget: int  # 일반회계 예산 (세입 예산 규모)
    local_share_tax: int = 0  # 지방교부세 수납액
    adjustment_grant: int = 0  # 조정교부금 등 수납액
    tax_assessed: int = 0  # 지방세 징수결정액 (all 회계)
    tax_received: int = 0  # 지방세 수납액 (all 회계)

    def __post_init__(self) -> None:
        for name in (
            "local_tax",
            "non_tax_revenue",
            "general_budget",
            "local_share_tax",
            "adjustment_grant",
            "tax_assessed",
            "tax_received",
        ):
            won(getattr(self, name), name)

    @classmethod
    def from_settlement(cls, settlement: Mapping[str, Any]) -> OwnRevenue:
        """From a revenue settlement (``revenue_settlement``): its 일반회계 lines, and 지방세 in every 회계."""
        general = [row for row in settlement["lines"] if row["fund"] == GENERAL_FUND]

        def received(kind: str) -> int:
            return sum(row["received"] for row in general if row["kind"] == kind)

        taxes = [row for row in settlement["lines"] if row["kind"] == "localTax"]
        return cls(
            local_tax=received("localTax"),
            non_tax_revenue=received("nonTax"),
            general_budget=sum(row["budgetCurrent"] for row in general),
            local_share_tax=received("localShareTax"),
            adjustment_grant=received("adjustmentGrant"),
            tax_assessed=sum(row["assessed"] for row in taxes),
            tax_received=sum(row["received"] for row in taxes),
        )


def financial_independence_rate(revenue: OwnRevenue) -> Decimal | None:
    """재정자립도 = (지방세 + 세외수입) / 일반회계 예산, as a fraction (0.3750 is published as 37.5%)."""
    return ratio(revenue.local_tax + revenue.non_tax_revenue, revenue.general_budget)


def financial_autonomy_rate(revenue: OwnRevenue) -> Decimal | None:
    """재정자주도 = (지방세 + 세외수입 + 지방교부세 + 조정교부금) / 일반회계 예산, as a fraction."""
    autonomous = revenue.local_tax + revenue.non_tax_revenue + revenue.local_share_tax + revenue.adjustment_grant
    return ratio(autonomous, revenue.general_budget)


def percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction with four places as a percentage with two (0.3750 -> 37.50)."""
    return None if fraction is None else (fraction * 100).quantize(Decimal("0.01"))


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
        "financialIndependence": None,  # 재정자립도, %
        "financialAutonomy": None,  # 재정자주도, %
        "taxCollectionRate": None,  # 지방세 징수율, %
        "ownRevenue": None,
        "subsidies": None,
        "paymentTimeliness": None,
    }
    if revenue is not None:
        independence = financial_independence_rate(revenue)
        result["financialIndependenceRate"] = independence
        result["financialIndependence"] = percent(independence)
        result["financialAutonomy"] = percent(financial_autonomy_rate(revenue))
        result["taxCollectionRate"] = percent(ratio(revenue.tax_received, revenue.tax_assessed))
        result["ownRevenue"] = {
            "localTax": revenue.local_tax,
            "nonTaxRevenue": revenue.non_tax_revenue,
            "localShareTax": revenue.local_share_tax,
            "adjustmentGrant": revenue.adjustment_grant,
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
