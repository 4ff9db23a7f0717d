"""사업순원가 by 분야 (program cost by field): the 재정운영표's first section split after the budget's classification.

The 지방자치단체 회계기준에 관한 규칙 prints the 재정운영표's 사업순원가 per 분야 (일반공공행정, 사회복지 ...):
each 분야's 총원가 less its 사업수익. This ledger keeps its balances per account, not per line, so the split is read
from the budget lines: each line records what the year's accepted claims recognised on it (``accrued``, in the account
its 편성목 maps to) and what recipients executed of the grants it funds (``subsidyExecuted``, 5410), written in the
acceptance's own transaction. The application keeps of each line what falls in the 사업순원가 section and hands
the amounts here. The chart tells no program's own 사업수익 from the other revenues (all 일반수익), so 사업수익 is 0
and 순원가 = 총원가: our reading, named in the README.

What the lines do not account for (a recipient's execution of a grant category that names no line) is shown as
``unattributed``, never spread over the 분야; a negative remainder means the lines record more cost than the
ledger holds, which the final close refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shared.domain.settlement.reports.arithmetic import won

UNATTRIBUTED_FIELD = "분야 미지정"


@dataclass(frozen=True, slots=True)
class LineCost:
    """One budget line's 사업순원가 of the year: its 회계, its 분야 and the amount."""

    fund: str
    field: str
    cost: int

    def __post_init__(self) -> None:
        won(self.cost, "cost")


def program_cost_by_field(costs: Iterable[LineCost], program_cost: int, fund: str | None = None) -> dict[str, Any]:
    """The 사업순원가 (``program_cost``, the ledger's section) split by 분야 from the lines' costs (of one 회계, or
    every 회계 with ``fund=None``), 분야 in order of first appearance, and the remainder the lines do not explain."""
    fields: dict[str, int] = {}
    for line in costs:
        if fund is not None and line.fund != fund:
            continue
        fields[line.field] = fields.get(line.field, 0) + line.cost
    attributed = sum(fields.values())
    rows = [
        {"field": name, "grossCost": cost, "programRevenue": 0, "netCost": cost}
        for name, cost in fields.items()
        if cost
    ]
    unattributed = program_cost - attributed
    if unattributed:
        rows.append(
            {"field": UNATTRIBUTED_FIELD, "grossCost": unattributed, "programRevenue": 0, "netCost": unattributed}
        )
    return {"rows": rows, "total": program_cost, "attributed": attributed, "unattributed": unattributed}
