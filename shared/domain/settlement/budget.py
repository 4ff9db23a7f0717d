"""Budgets and commitments (예산 and 지출원인행위), pure logic.

Budget hierarchy: 회계 (fund) -> 분야 (field) -> 부문 (sector) -> 정책사업 (program) -> 단위사업 (unit) ->
세부사업 (project) -> 편성목 (object) -> 통계목 (statistical object). 예산현액 (budget current) = 예산액 (budget)
+ 전년도이월액 (carried in) + 예비비지출 (reserve spending) +/- 전용/이용/이체 (transfers). Invariant per line: the sum
of commitments never exceeds the budget current.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from shared.domain.documents.model import Finding


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
    carried_over: int | None = None  # 다음연도이월액, set by the fiscal year's final close (None: not closed yet)
    explicit_carry_over_approved: int = 0  # 명시이월: what the council approved to carry over (loaded with the budget)
    continuing: bool = False  # 계속비: a multi-year line whose unspent yearly share carries over (계속비이월)
    # 발생주의: what the year's accepted payment claims on the line recognised (expense, or 1510 for a 시설비 line),
    # paid or not, and the recipients' accepted executions of grants whose category this line funds (5410)
    accrued: int = 0
    subsidy_executed: int = 0

    @property
    def unspent(self) -> int:
        """What a year close may carry over at most: 예산현액 - 지출액."""
        return self.budget_current - self.expended

    @property
    def budget_current(self) -> int:
        """예산현액."""
        return self.budget + self.carried_in + self.reserve_spending + self.transfers

    @property
    def uncommitted(self) -> int:
        return self.budget_current - self.committed

    def to_api(self) -> dict[str, builtins.object]:  # builtins: the field ``object`` shadows the name here
        return {
            "lineId": self.line_id,
            "fund": self.fund,
            "field": self.field,
            "sector": self.sector,
            "program": self.program,
            "unit": self.unit,
            "project": self.project,
            "object": self.object,
            "statObject": self.stat_object,
            "budget": self.budget,
            "carriedIn": self.carried_in,
            "reserveSpending": self.reserve_spending,
            "transfers": self.transfers,
            "budgetCurrent": self.budget_current,
            "committed": self.committed,
            "uncommitted": self.uncommitted,
            "expended": self.expended,
            "explicitCarryOverApproved": self.explicit_carry_over_approved,
            "continuing": self.continuing,
            "accrued": self.accrued,
            "subsidyExecuted": self.subsidy_executed,
        } | ({} if self.carried_over is None else {"carriedOver": self.carried_over})


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
        return {
            "contractId": self.contract_id,
            "lgCode": self.lg_code,
            "fy": self.fy,
            "supplierBrn": self.supplier_brn,
            "amount": self.amount,
            "lineId": self.line_id,
            "accepted": self.accepted,
            "remaining": self.remaining,
        }


@dataclass(frozen=True, slots=True)
class ContractDraw:
    """What accepting a payment claim takes from its contract (checked in the acceptance transaction)."""

    lg_code: str
    contract_id: str
    supplier_brn: str
    amount: int


@dataclass(frozen=True, slots=True)
class LineCommitment:
    """What accepting a payment claim without a contract commits on its budget line (지출원인행위 at acceptance):
    only if the line's uncommitted budget still covers it (checked in the acceptance transaction)."""

    lg_code: str
    fy: int
    line_id: str
    amount: int


def entry_day(fy: int, today: date) -> date:
    """The day to date a budget entry of fiscal year ``fy``: today, kept inside that year."""
    return min(max(today, date(fy, 1, 1)), date(fy, 12, 31))


class InFund(Protocol):
    """A budget or revenue line: it belongs to one 회계."""

    @property
    def line_id(self) -> str: ...
    @property
    def fund(self) -> str: ...


def fund_change_problems(loaded: Sequence[InFund], existing: Sequence[InFund], field: str) -> list[Finding]:
    """A reload may change a line's figures, never its 회계: what was budgeted, committed, spent or received on it is
    that 회계's (its ledger balances stay there), so a line in another 회계 is a new line."""
    kept = {line.line_id: line.fund for line in existing}
    return [
        Finding(
            "LINE_FUND_CHANGED",
            f"line {line.line_id} is kept in {kept[line.line_id]}; it cannot move to {line.fund} (what was "
            "budgeted, committed and received on it stays that 회계's): load a new line instead",
            f"/{field}/{index}/fund",
        )
        for index, line in enumerate(loaded)
        if line.line_id in kept and kept[line.line_id] != line.fund
    ]


def explicit_approval_problems(lines: Sequence[BudgetLine]) -> list[Finding]:
    """명시이월 approved beyond a line's 예산현액 carries nothing the line could leave unspent: refused."""
    return [
        Finding(
            "BUDGET_EXPLICIT_CARRY_OVER",
            f"line {line.line_id}: 명시이월 approved {line.explicit_carry_over_approved:,} is more than its 예산현액 "
            f"{line.budget_current:,}",
            f"/lines/{index}/explicitCarryOverApproved",
        )
        for index, line in enumerate(lines)
        if line.explicit_carry_over_approved > max(line.budget_current, 0)
    ]


@dataclass(frozen=True, slots=True)
class CarryOverSplit:
    """A line's 다음연도이월액 by type (지방재정법 §50, §42): 명시이월 (``explicit``, at most what the council
    approved), 사고이월 (``accident``, at most what the line's open contracts have left) and 계속비이월
    (``continuing``, a 계속비 line's unspent share). ``unjustified`` is what none of them covers: a close carrying
    it is refused."""

    explicit: int = 0
    accident: int = 0
    continuing: int = 0
    unjustified: int = 0

    def to_api(self) -> dict[str, int]:
        return {"explicit": self.explicit, "accident": self.accident, "continuing": self.continuing}


def split_carry_over(line: BudgetLine, amount: int, open_contracts: int) -> CarryOverSplit:
    """A line's 다음연도이월액 by type. A 계속비 line carries it all as 계속비이월. Any other line carries first
    what its open contracts have left (사고이월: committed work the year could not finish), then up to what the
    council approved (명시이월); our reading of the order: a contract's remainder is 사고이월 whatever the line's
    approval, and the approval covers what no contract does."""
    if line.continuing:
        return CarryOverSplit(continuing=amount)
    accident = min(amount, max(open_contracts, 0))
    explicit = min(amount - accident, line.explicit_carry_over_approved)
    return CarryOverSplit(explicit, accident, 0, amount - accident - explicit)


def open_contract_amounts(contracts: Sequence[Contract], fy: int, carry_over: Mapping[str, int]) -> dict[str, int]:
    """What each line's 다음연도이월액 carries of its open contracts (사고이월): the remainders of the contracts the
    close moves into ``fy + 1`` (whole, while they fit: ``contracts_to_carry``), those an earlier attempt of the
    close moved included. A contract left behind is not carried, so the amount is not 사고이월."""
    to_carry, already, _ = contracts_to_carry(contracts, carry_over, fy)
    carried: dict[str, int] = {}
    for contract in [*to_carry, *already]:
        carried[contract.line_id] = carried.get(contract.line_id, 0) + contract.remaining
    return carried


def carry_over_problems(
    lines: Sequence[BudgetLine], carry_over: Mapping[str, int], open_contracts: Mapping[str, int] | None = None
) -> list[Finding]:
    """What is wrong with a year close's 다음연도이월액: lines the year does not have, more than a line left
    unspent (예산현액 - 지출액), which would make its 불용액 negative, or more than its types cover (neither a 계속비
    line, nor open contracts, nor the council's 명시이월 approval: ``split_carry_over``). ``open_contracts``: each
    line's open contracts' remaining amounts."""
    open_contracts = open_contracts or {}
    by_id = {line.line_id: line for line in lines}
    problems = []
    for line_id, amount in sorted(carry_over.items()):
        line = by_id.get(line_id)
        if line is None:
            problems.append(
                Finding(
                    "RUN_CARRY_OVER_LINE_UNKNOWN",
                    f"No budget line {line_id} to carry over from",
                    f"/carryOver/{line_id}",
                )
            )
        elif amount > line.unspent:
            problems.append(
                Finding(
                    "RUN_CARRY_OVER_EXCEEDS_UNSPENT",
                    f"{amount:,} won is more than line {line_id} left unspent "
                    f"({line.unspent:,} won = 예산현액 {line.budget_current:,} - 지출액 {line.expended:,})",
                    f"/carryOver/{line_id}",
                )
            )
        else:
            split = split_carry_over(line, amount, open_contracts.get(line_id, 0))
            if split.unjustified:
                problems.append(
                    Finding(
                        "RUN_CARRY_OVER_UNJUSTIFIED",
                        f"{split.unjustified:,} won of line {line_id}'s {amount:,} has no basis: open contracts "
                        f"cover {split.accident:,} (사고이월) and the council approved "
                        f"{line.explicit_carry_over_approved:,} (명시이월); it is not a 계속비 line",
                        f"/carryOver/{line_id}",
                    )
                )
    return problems


def carried_into_next_year(
    lines: Sequence[BudgetLine], carry_over: Mapping[str, int], next_year: Sequence[BudgetLine]
) -> list[BudgetLine]:
    """The next fiscal year's lines that a final year close changes: each of this year's lines brings its
    다음연도이월액 as the next year's 전년도이월액. A line the next year lacks is opened with this year's
    classification and no 예산액 of its own; a next-year line whose 전년도이월액 already matches is left alone."""
    following = {line.line_id: line for line in next_year}
    changed = []
    for line in lines:
        amount = carry_over.get(line.line_id, 0)
        existing = following.get(line.line_id)
        if existing is not None:
            if existing.carried_in != amount:
                changed.append(replace(existing, carried_in=amount))
        elif amount:
            changed.append(
                replace(
                    line,
                    budget=0,
                    carried_in=amount,
                    reserve_spending=0,
                    transfers=0,
                    committed=0,
                    expended=0,
                    carried_over=None,
                )
            )
    return changed


def carried_in_problems(fy: int, loaded: Sequence[BudgetLine], previous_year: Sequence[BudgetLine]) -> list[Finding]:
    """Once the previous fiscal year is finally closed, a line's 전년도이월액 must be what that close carried
    over on the same line (0 for a line it did not carry); before that close, any figure stands until the close
    sets it."""
    if not any(line.carried_over is not None for line in previous_year):
        return []
    carried = {line.line_id: line.carried_over or 0 for line in previous_year}
    return [
        Finding(
            "BUDGET_CARRIED_IN_MISMATCH",
            f"Line {line.line_id}: 전년도이월액 {line.carried_in:,} won, but the {fy - 1} year close carried "
            f"over {carried.get(line.line_id, 0):,} won",
            f"/lines/{n}/carriedIn",
        )
        for n, line in enumerate(loaded)
        if line.carried_in != carried.get(line.line_id, 0)
    ]


def contracts_to_carry(
    contracts: Sequence[Contract], carry_over: Mapping[str, int], fy: int
) -> tuple[list[Contract], list[Contract], list[Contract]]:
    """사고이월 of contracts: a line's 다음연도이월액 first carries what is left of the line's open contracts of
    ``fy`` (in contract order, each whole, while it fits); what it leaves over stays uncommitted in the next
    year (명시이월). Returns the contracts to carry now, those an earlier attempt of the close carried already,
    and the open ones left behind (an acceptance under them is refused: another fiscal year's contract)."""
    room = dict(carry_over)
    already = [c for c in contracts if c.fy == fy + 1]
    for contract in already:
        room[contract.line_id] = room.get(contract.line_id, 0) - contract.remaining
    to_carry, left = [], []
    for contract in contracts:
        if contract.fy != fy or contract.remaining <= 0:
            continue
        if contract.remaining <= room.get(contract.line_id, 0):
            to_carry.append(contract)
            room[contract.line_id] -= contract.remaining
        else:
            left.append(contract)
    return to_carry, already, left
