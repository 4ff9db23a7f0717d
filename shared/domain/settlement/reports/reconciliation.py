"""세계잉여금 대사 (reconciliation): cash against receipts - expenditure, per fund; and the budget execution check:
each line's 지출액 (the budget's own figure) against what the payment runs' records paid from it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.domain.settlement.reports.arithmetic import won


@dataclass(frozen=True, slots=True)
class FundCash:
    """One fund's figures for the reconciliation check."""

    fund: str  # 회계
    cash: int  # 현금및현금성자산 on the 재정상태표 (signed: an overdraft is reported, not refused)
    receipts: int  # 세입 (수납액)
    expenditure: int  # 세출 (지출액)
    opening: int = 0  # the cash the previous year's final close carried in (its 세계잉여금, from its records)

    def __post_init__(self) -> None:
        won(self.cash, "cash", signed=True)
        won(self.receipts, "receipts")
        won(self.expenditure, "expenditure")
        won(self.opening, "opening", signed=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FundCash:
        return cls(
            fund=str(data["fund"]),
            cash=data["cash"],
            receipts=data["receipts"],
            expenditure=data["expenditure"],
            opening=data.get("opening", 0),
        )


def reconcile_fund(fund: FundCash) -> dict[str, Any]:
    """cash == the opening cash + 세계잉여금 (receipts - expenditure)? ``difference`` = cash - what the records say
    the treasury holds (``surplus``: the opening included, the figure the next year opens with)."""
    surplus = fund.opening + fund.receipts - fund.expenditure
    return {
        "fund": fund.fund,
        "cash": fund.cash,
        "openingCash": fund.opening,
        "receipts": fund.receipts,
        "expenditure": fund.expenditure,
        "surplus": surplus,
        "matches": fund.cash == surplus,
        "difference": fund.cash - surplus,
    }


def reconcile(funds: Iterable[FundCash]) -> dict[str, Any]:
    """The reconciliation check of every fund; ``matches`` only when all match, ``mismatched`` names the others."""
    rows = [reconcile_fund(fund) for fund in funds]
    return {
        "matches": all(row["matches"] for row in rows),
        "mismatched": [row["fund"] for row in rows if not row["matches"]],
        "funds": rows,
    }


def execution_check(expended: Mapping[str, int], paid: Mapping[str, int], unbudgeted: int) -> dict[str, Any]:
    """세출결산 지출액 per line (``expended``, as the budget lines hold it) against the cash the payment runs' records
    say left the bank for that line (``paid``); ``unbudgeted`` is what they paid on no line at all. Matches only
    when every line agrees and nothing was paid outside the budget."""
    rows = [
        {
            "lineId": line_id,
            "expended": expended.get(line_id, 0),
            "paid": paid.get(line_id, 0),
            "difference": expended.get(line_id, 0) - paid.get(line_id, 0),
        }
        for line_id in sorted(set(expended) | set(paid))
        if expended.get(line_id, 0) or paid.get(line_id, 0)
    ]
    mismatched = [row["lineId"] for row in rows if row["difference"]]
    return {
        "matches": not mismatched and unbudgeted == 0,
        "mismatched": mismatched,
        "unbudgetedOutflow": unbudgeted,
        "lines": rows,
    }


def check_failures(reconciliation: Mapping[str, Any], execution: Mapping[str, Any]) -> list[str]:
    """Why a final close may not be signed: each fund whose cash differs from its 세계잉여금, each line whose 지출액
    differs from what was paid from it, and any outflow on no budget line, with the differences in won."""
    failures = [
        f"{row['fund']}: 현금 {row['cash']:,} differs from 세계잉여금 {row['surplus']:,} by {row['difference']:,} won"
        for row in reconciliation["funds"]
        if not row["matches"]
    ]
    failures += [
        f"line {row['lineId']}: 지출액 {row['expended']:,} but {row['paid']:,} won paid ({row['difference']:,})"
        for row in execution["lines"]
        if row["difference"]
    ]
    if execution["unbudgetedOutflow"]:
        failures.append(f"{execution['unbudgetedOutflow']:,} won paid on no budget line")
    return failures
