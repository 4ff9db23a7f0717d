"""세계잉여금 대사 (reconciliation): cash against receipts - expenditure, per fund."""

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

    def __post_init__(self) -> None:
        won(self.cash, "cash", signed=True)
        won(self.receipts, "receipts")
        won(self.expenditure, "expenditure")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FundCash:
        return cls(
            fund=str(data["fund"]), cash=data["cash"], receipts=data["receipts"], expenditure=data["expenditure"]
        )


def reconcile_fund(fund: FundCash) -> dict[str, Any]:
    """cash == 세계잉여금 (receipts - expenditure)? ``difference`` = cash - surplus."""
    surplus = fund.receipts - fund.expenditure
    return {
        "fund": fund.fund,
        "cash": fund.cash,
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
