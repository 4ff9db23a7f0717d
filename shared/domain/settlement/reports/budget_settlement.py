"""세출 결산 (budget settlement): per line 예산현액, 지출액, 다음연도이월액, 불용액 and 집행률, by 분야 and 회계."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from shared.domain.settlement.reports.arithmetic import ratio, won

# The columns of the budget settlement's line table (render.to_csv(report["lines"], BUDGET_LINE_COLUMNS)).
BUDGET_LINE_COLUMNS = (
    "lineId",
    "fund",
    "field",
    "sector",
    "program",
    "unit",
    "project",
    "object",
    "statObject",
    "budget",
    "carriedIn",
    "reserveSpending",
    "transfers",
    "budgetCurrent",
    "expended",
    "carriedOver",
    "unused",
    "executionRate",
)
_AMOUNT_KEYS = (
    "budget",
    "carriedIn",
    "reserveSpending",
    "transfers",
    "budgetCurrent",
    "expended",
    "carriedOver",
    "unused",
)


class SettlementLine(Protocol):
    """What the 세출 결산 reads of a budget line: its classification and the parts of its 예산현액. The report's own
    ``BudgetLine`` has it, and so does the budget's (``shared.domain.settlement.budget.BudgetLine``), which the
    runs settle."""

    @property
    def line_id(self) -> str: ...
    @property
    def fund(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def sector(self) -> str: ...
    @property
    def program(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def project(self) -> str: ...
    @property
    def object(self) -> str: ...
    @property
    def stat_object(self) -> str: ...
    @property
    def budget(self) -> int: ...
    @property
    def carried_in(self) -> int: ...
    @property
    def reserve_spending(self) -> int: ...
    @property
    def transfers(self) -> int: ...
    @property
    def budget_current(self) -> int: ...


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One budget line (세출 예산 과목) of a fiscal year, as loaded by ``POST /v1/budgets`` plus its changes: a
    ``SettlementLine`` checked to be integer won, for settling lines given as plain data (``from_dict``)."""

    line_id: str
    fund: str  # 회계, e.g. "일반회계"
    field: str  # 분야, e.g. "사회복지"
    sector: str = ""  # 부문
    program: str = ""  # 정책사업
    unit: str = ""  # 단위사업
    project: str = ""  # 세부사업
    object: str = ""  # 편성목
    stat_object: str = ""  # 통계목
    budget: int = 0  # 예산액 (추경 included)
    carried_in: int = 0  # 전년도이월액
    reserve_spending: int = 0  # 예비비지출
    transfers: int = 0  # 전용·이용·이체, signed: + received, - given away

    def __post_init__(self) -> None:
        if not self.line_id:
            raise ValueError("a budget line needs a lineId")
        won(self.budget, "budget")
        won(self.carried_in, "carriedIn")
        won(self.reserve_spending, "reserveSpending")
        won(self.transfers, "transfers", signed=True)

    @property
    def budget_current(self) -> int:
        """예산현액 = 예산액 + 전년도이월액 + 예비비지출 + 전용·이용·이체."""
        return self.budget + self.carried_in + self.reserve_spending + self.transfers

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BudgetLine:
        """From the contract's camelCase body (``POST /v1/budgets`` lines)."""
        return cls(
            line_id=str(data["lineId"]),
            fund=str(data.get("fund", "")),
            field=str(data.get("field", "")),
            sector=str(data.get("sector", "")),
            program=str(data.get("program", "")),
            unit=str(data.get("unit", "")),
            project=str(data.get("project", "")),
            object=str(data.get("object", "")),
            stat_object=str(data.get("statObject", "")),
            budget=data.get("budget", 0),
            carried_in=data.get("carriedIn", 0),
            reserve_spending=data.get("reserveSpending", 0),
            transfers=data.get("transfers", 0),
        )


@dataclass(frozen=True, slots=True)
class LineExecution:
    """What happened on a line by the close: 지출액 (paid) and 다음연도이월액 (carried to next year)."""

    expended: int = 0
    carried_over: int = 0

    def __post_init__(self) -> None:
        won(self.expended, "expended")
        won(self.carried_over, "carriedOver")


def settle_line(line: SettlementLine, execution: LineExecution | None = None) -> dict[str, Any]:
    """One line of the 세출 결산: 예산현액, 지출액, 다음연도이월액, 불용액 and 집행률."""
    execution = execution or LineExecution()
    budget_current = line.budget_current
    return {
        "lineId": line.line_id,
        "fund": line.fund,
        "field": line.field,
        "sector": line.sector,
        "program": line.program,
        "unit": line.unit,
        "project": line.project,
        "object": line.object,
        "statObject": line.stat_object,
        "budget": line.budget,
        "carriedIn": line.carried_in,
        "reserveSpending": line.reserve_spending,
        "transfers": line.transfers,
        "budgetCurrent": budget_current,
        "expended": execution.expended,
        "carriedOver": execution.carried_over,
        "unused": budget_current - execution.expended - execution.carried_over,
        "executionRate": ratio(execution.expended, budget_current),
    }


def execution_by(lines: Iterable[Mapping[str, Any]], key: str) -> list[dict[str, Any]]:
    """Sums of settled lines grouped by ``key`` ("field" for 분야, "fund", "statObject" for the month close), in
    order of first appearance, each with its own 집행률."""
    groups: dict[str, dict[str, Any]] = {}
    for line in lines:
        name = line[key]
        group = groups.get(name)
        if group is None:
            group = groups[name] = {key: name, "lineCount": 0, **{k: 0 for k in _AMOUNT_KEYS}}
        group["lineCount"] += 1
        for k in _AMOUNT_KEYS:
            group[k] += line[k]
    for group in groups.values():
        group["executionRate"] = ratio(group["expended"], group["budgetCurrent"])
    return list(groups.values())


def _total(lines: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"lineCount": 0, **{k: 0 for k in _AMOUNT_KEYS}}
    for line in lines:
        total["lineCount"] += 1
        for k in _AMOUNT_KEYS:
            total[k] += line[k]
    total["executionRate"] = ratio(total["expended"], total["budgetCurrent"])
    return total


def budget_settlement(
    lines: Iterable[SettlementLine],
    execution: Mapping[str, LineExecution] | None = None,
    *,
    fy: int | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """세출 결산: one row per budget line, totals per 분야 and 회계 and overall.

    ``execution`` maps lineId -> LineExecution; a line without one has spent nothing. Execution against a line
    that is not in ``lines`` is an error (its money would vanish from the report), and so is a repeated lineId.
    ``overspent`` lists the lines whose 불용액 is negative (지출액 + 이월액 > 예산현액), which the commitment
    invariant should make impossible.
    """
    execution = execution or {}
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line in lines:
        if line.line_id in seen:
            raise ValueError(f"lineId {line.line_id!r} appears twice")
        seen.add(line.line_id)
        rows.append(settle_line(line, execution.get(line.line_id)))
    unknown = sorted(set(execution) - seen)
    if unknown:
        raise ValueError(f"execution for unknown budget lines: {', '.join(unknown)}")
    report: dict[str, Any] = {}
    if fy is not None:
        report["fy"] = fy
    if as_of is not None:
        report["asOf"] = as_of
    report.update(
        {
            "total": _total(rows),
            "byField": execution_by(rows, "field"),
            "byFund": execution_by(rows, "fund"),
            "overspent": [row["lineId"] for row in rows if row["unused"] < 0],
            "lines": rows,
        }
    )
    return report
