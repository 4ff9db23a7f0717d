"""Budgets and commitments (예산 and 지출원인행위), pure logic.

Budget hierarchy: 회계 (fund) -> 분야 (field) -> 부문 (sector) -> 정책사업 (program) -> 단위사업 (unit) ->
세부사업 (project) -> 편성목 (object) -> 통계목 (statistical object). 예산현액 (budget current) = 예산액 (budget)
+ 전년도이월액 (carried in) + 예비비지출 (reserve spending) +/- 전용/이용/이체 (transfers). Invariant per line: the sum
of commitments never exceeds the budget current.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BudgetLine:
    line_id: str
    fund: str
    field: str
    sector: str
    program: str
    unit: str
    project: str
    object: str
    stat_object: str
    budget: int
    carried_in: int = 0
    reserve_spending: int = 0
    transfers: int = 0
    committed: int = 0
    expended: int = 0

    @property
    def budget_current(self) -> int:
        """예산현액."""
        return self.budget + self.carried_in + self.reserve_spending + self.transfers

    @property
    def uncommitted(self) -> int:
        return self.budget_current - self.committed

    def to_api(self) -> dict[str, object]:
        return {"lineId": self.line_id, "fund": self.fund, "field": self.field, "sector": self.sector,
                "program": self.program, "unit": self.unit, "project": self.project, "object": self.object,
                "statObject": self.stat_object, "budget": self.budget, "carriedIn": self.carried_in,
                "reserveSpending": self.reserve_spending, "transfers": self.transfers,
                "budgetCurrent": self.budget_current, "committed": self.committed, "uncommitted": self.uncommitted,
                "expended": self.expended}


@dataclass(frozen=True, slots=True)
class Contract:
    """A commitment (지출원인행위) against a budget line: what the LG owes a supplier at most."""

    contract_id: str
    lg_code: str
    fy: int
    supplier_brn: str
    amount: int
    line_id: str
    accepted: int = 0  # sum of accepted claims against it

    @property
    def remaining(self) -> int:
        return self.amount - self.accepted

    def to_api(self) -> dict[str, object]:
        return {"contractId": self.contract_id, "lgCode": self.lg_code, "fy": self.fy,
                "supplierBrn": self.supplier_brn, "amount": self.amount, "lineId": self.line_id,
                "accepted": self.accepted, "remaining": self.remaining}


@dataclass(frozen=True, slots=True)
class ContractDraw:
    """What accepting a payment claim takes from its contract (checked in the acceptance transaction)."""

    lg_code: str
    contract_id: str
    supplier_brn: str
    amount: int
