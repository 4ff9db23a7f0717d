"""전출·전입 (a transfer between two 회계 of one LG): the source 회계's 세출 on its 내부거래지출 line (편성목 701)
and the target 회계's 세입 on its 내부거래 revenue line (kind ``transfer``), written together.

The source's line commits and executes the amount (지출원인행위 and 지출 at once) and its cash pays it: Dr 5920
전출금 / Cr 1110 with Dr 9110 / Cr 9130; the target receives it as a 세입 assessed and received at once (its line's
징수결정액 and 수납액): Dr 1110 / Cr 4910 전입금. The two 회계 stay balanced on their own and the LG's total
eliminates 5920 against 4910 (``ledger.consolidated``). The transfer is a record of its own, so the year close's
재정자금 대사 and budget execution check count it from the records, not from the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.domain.documents import Finding
from shared.domain.settlement import ledger
from shared.domain.settlement.budget import BudgetLine
from shared.domain.settlement.revenue import Receipt, RevenueLine

INTERNAL_OBJECT = "701"  # 편성목 701 내부거래지출 (기타회계·기금 전출금)


@dataclass(frozen=True, slots=True)
class FundTransfer:
    transfer_id: str
    lg_code: str
    fy: int
    day: date
    amount: int
    from_line_id: str  # the source 회계's 세출 line (편성목 701)
    from_fund: str
    to_line_id: str  # the target 회계's 세입 line (kind transfer)
    to_fund: str
    reason: str = ""

    @property
    def receipt_id(self) -> str:
        """The target's receipt of the transfer (assessed and received at once)."""
        return f"transfer:{self.transfer_id}"

    def receipt(self) -> Receipt:
        return Receipt(
            self.receipt_id,
            self.lg_code,
            self.fy,
            self.to_line_id,
            self.receipt_id,
            self.amount,
            self.day,
            applied=self.amount,
            direct=True,
        )

    def entries(self) -> tuple[ledger.JournalEntry, ...]:
        """The two entries, the source's (전출금 with its budget execution) and the target's (전입금)."""
        write = ledger.fund_transfer(
            lg_code=self.lg_code,
            transfer_id=self.transfer_id,
            source=self.from_fund,
            target=self.to_fund,
            amount=self.amount,
            day=self.day,
            fy=self.fy,
            refs={"fromLineId": self.from_line_id, "toLineId": self.to_line_id},
        )
        return write.entries

    def same(self, other: FundTransfer) -> bool:
        """Whether a transfer sent again is this one (a replay), by what it moves."""
        return (self.fy, self.day, self.amount, self.from_line_id, self.to_line_id) == (
            other.fy,
            other.day,
            other.amount,
            other.from_line_id,
            other.to_line_id,
        )

    def to_api(self) -> dict[str, object]:
        return {
            "transferId": self.transfer_id,
            "fy": self.fy,
            "date": self.day.isoformat(),
            "amount": self.amount,
            "fromLineId": self.from_line_id,
            "fromFund": self.from_fund,
            "toLineId": self.to_line_id,
            "toFund": self.to_fund,
            "reason": self.reason,
        }


def transfer_problems(
    from_line: BudgetLine | None, to_line: RevenueLine | None, from_line_id: str, to_line_id: str, fy: int
) -> list[Finding]:
    """Why a transfer between these two lines cannot be made (nothing: it can, given the budget and the cash)."""
    problems = []
    if from_line is None:
        problems.append(Finding("BUDGET_LINE_UNKNOWN", f"No budget line {from_line_id} in {fy}", "/fromLineId"))
    elif not from_line.stat_object.strip().startswith(INTERNAL_OBJECT):
        problems.append(
            Finding(
                "TRANSFER_LINE_NOT_INTERNAL",
                f"line {from_line_id} is 편성목 {from_line.stat_object}: a 전출금 is paid from a 701 내부거래지출 line",
                "/fromLineId",
            )
        )
    if to_line is None:
        problems.append(Finding("REVENUE_LINE_UNKNOWN", f"No revenue line {to_line_id} in {fy}'s budget", "/toLineId"))
    elif to_line.kind != "transfer":
        problems.append(
            Finding(
                "TRANSFER_LINE_NOT_INTERNAL",
                f"revenue line {to_line_id} is of kind {to_line.kind}: a 전입금 is received on a transfer "
                "(내부거래) line",
                "/toLineId",
            )
        )
    if from_line is not None and to_line is not None and from_line.fund == to_line.fund:
        problems.append(
            Finding(
                "TRANSFER_SAME_FUND",
                f"both lines are {from_line.fund}'s: a 전출·전입 moves money between two 회계",
                "/toLineId",
            )
        )
    return problems
