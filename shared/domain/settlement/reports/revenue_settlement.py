"""세입 결산 (revenue settlement) and the 세입세출결산 총괄 (summary per 회계).

- Per revenue line: 예산액, 징수결정액 (of it 전년도 이월: the previous year's 미수납액, collected as 과년도 수입),
  수납액, 불납결손액, 미수납액, with 징수결정액 = 수납액 + 불납결손액 + 미수납액 checked (``balanced``);
  totals per kind (관) and per 회계, and overall; 징수율 = 수납액 / 징수결정액.
- Summary per 회계: 결산상잉여금 = 세입 수납액 - 세출 지출액; 순세계잉여금 = 결산상잉여금 - 다음연도이월액 -
  보조금 반환금 (지방회계법 §19 and 시행령; 부산 서구's published 결산공시 computes it so). The 보조금 반환금 of a
  year is what its grant settlement returns (0 until the grant lifecycle books returns).

Our reading: 과오납금 (over-receipts) are cash held for payers, not 세입, so 수납액 excludes them; the
reconciliation adds them back on the cash side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from shared.domain.settlement.reports.arithmetic import ratio

REVENUE_LINE_COLUMNS = (
    "lineId",
    "fund",
    "code",
    "kind",
    "name",
    "budgetCurrent",
    "assessed",
    "carriedIn",
    "received",
    "writtenOff",
    "outstanding",
    "overReceived",
    "refunded",
    "collectionRate",
)
_AMOUNTS = REVENUE_LINE_COLUMNS[REVENUE_LINE_COLUMNS.index("budgetCurrent") : -1]  # the columns in won


class RevenueLineFigures(Protocol):
    """What the settlement reads of a revenue line (``shared.domain.settlement.revenue.RevenueLine`` is one)."""

    @property
    def line_id(self) -> str: ...
    @property
    def fund(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def budget(self) -> int: ...
    @property
    def assessed(self) -> int: ...
    @property
    def received(self) -> int: ...
    @property
    def written_off(self) -> int: ...
    @property
    def over_received(self) -> int: ...
    @property
    def refunded(self) -> int: ...
    @property
    def carried_in(self) -> int: ...


def _totals(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total = dict.fromkeys(_AMOUNTS, 0)
    for row in rows:
        for key in _AMOUNTS:
            total[key] += row[key]
    return {**total, "collectionRate": ratio(total["received"], total["assessed"])}


def revenue_settlement(lines: Iterable[RevenueLineFigures]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for line in sorted(lines, key=lambda item: (item.fund, item.code, item.line_id)):
        assessed = line.assessed + line.carried_in  # 징수결정액: the year's and what the previous year carried in
        outstanding = assessed - line.received - line.written_off
        rows.append(
            {
                "lineId": line.line_id,
                "fund": line.fund,
                "code": line.code,
                "kind": line.kind,
                "name": line.name,
                "budgetCurrent": line.budget,
                "assessed": assessed,
                "carriedIn": line.carried_in,
                "received": line.received,
                "writtenOff": line.written_off,
                "outstanding": outstanding,
                "overReceived": line.over_received,
                "refunded": line.refunded,
                "collectionRate": ratio(line.received, assessed),
            }
        )
    unbalanced = [row["lineId"] for row in rows if row["outstanding"] < 0]
    kinds = sorted({str(r["kind"]) for r in rows})
    funds = sorted({str(r["fund"]) for r in rows})
    return {
        "lines": rows,
        "byKind": [{"kind": kind, **_totals(r for r in rows if r["kind"] == kind)} for kind in kinds],
        "byFund": [{"fund": fund, **_totals(r for r in rows if r["fund"] == fund)} for fund in funds],
        "total": _totals(rows),
        # 징수결정액 = 수납액 + 불납결손액 + 미수납액 holds by construction; a negative 미수납액 would break it
        "balanced": not unbalanced,
        "unbalanced": unbalanced,
    }


def fund_summary(
    revenue_lines: Sequence[Mapping[str, Any]],
    budget_lines: Sequence[Mapping[str, Any]],
    returned_subsidies: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """세입세출결산 총괄 per 회계 (and ``합계``): from the revenue settlement's and the budget settlement's rows."""
    returned = returned_subsidies or {}
    funds = sorted({row["fund"] for row in revenue_lines} | {row["fund"] for row in budget_lines})

    def figures(fund: str | None) -> dict[str, Any]:
        def pick(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
            return [row for row in rows if fund is None or row["fund"] == fund]

        received = sum(row["received"] for row in pick(revenue_lines))
        expended = sum(row["expended"] for row in pick(budget_lines))
        carried = sum(row["carriedOver"] for row in pick(budget_lines))
        back = sum(returned.values()) if fund is None else returned.get(fund, 0)
        surplus = received - expended
        return {
            "fund": fund or "합계",
            "budgetRevenue": sum(row["budgetCurrent"] for row in pick(revenue_lines)),
            "budgetExpenditure": sum(row["budgetCurrent"] for row in pick(budget_lines)),
            "received": received,
            "expended": expended,
            "surplus": surplus,  # 결산상잉여금
            "carriedOver": carried,  # 다음연도이월액
            "subsidyReturns": back,  # 보조금 반환금
            "netSurplus": surplus - carried - back,  # 순세계잉여금
        }

    return [figures(fund) for fund in funds] + ([figures(None)] if len(funds) > 1 else [])
