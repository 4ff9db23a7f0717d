"""Settlement reports (결산): the year-end and month-end figures as pure functions over plain inputs.

No AWS, no I/O, no clock: the runs gather the inputs (budget lines, ledger balances, grants, paid claims), call
these functions and hand the dicts to ``render`` (JSON, CSV, HTML). Every report is a plain dict with the
contract's camelCase keys.

Money is integer won (``int``) everywhere, never float. Ratios are ``Decimal`` fractions (``0.7806`` = 78.06%),
rounded half-up to four places, ``None`` when the denominator is zero; keys holding one end in ``Rate`` so the
renderers show them as percentages with one decimal. Averages of days are ``Decimal`` with one decimal. Every
rounding is done in exact integer arithmetic (no binary floats, no Decimal context surprises).

Reports, their functions and formulas (brief, sections 3 and 4):

- 세출 결산 (budget settlement), ``budget_settlement``: 예산현액 = 예산액 + 전년도이월액 + 예비비지출
  + 전용·이용·이체 (signed); 불용액 = 예산현액 - 지출액 - 다음연도이월액; 집행률 = 지출액 / 예산현액;
  totals per 분야 (byField), per 회계 (byFund) and overall.
- 재무결산 (financial statements), ``financial_statements``: balances on the normal side (asset and expense:
  debit - credit; the others: credit - debit); 재정운영표 surplus = 수익 - 비용; 순자산 = net-asset accounts
  + surplus; the 재정상태표 balances when 자산 = 부채 + 순자산, true exactly when the trial balance does.
- 세계잉여금 대사 (reconciliation), ``reconcile``: per fund, 세계잉여금 = 세입 - 세출; matches when cash equals it.
- 보조금 정산 (grant settlement), ``grant_settlement``: 반납액 = 교부액 - 집행액 + 이자, split by funding shares:
  each share is floor(반납액 x 비율), then cut to a multiple of 10 won (share - share % 10), which is how this
  module reads "amounts under 10 won dropped"; what is cut is reported as ``dropped`` (under 10 won a share).
- 대금 지급 적기성 (payment timeliness), ``payment_timeliness``: on time when paidOn <= dueDate; days late =
  paidOn - dueDate; 지연이자 = floor(amount x rate x days late / 365), ``late_interest``.
- 지방재정365 (public indicators), ``public_indicators``: budget and settlement size, execution by 분야,
  재정자립도 = (지방세 + 세외수입) / 일반회계 예산 (a fraction here; x 100 when shown), subsidies, timeliness:
  aggregates only, no ids, no BRNs, no personal data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

RATE_PLACES = 4  # fractions: 0.7806 = 78.06%
DAYS_PLACES = 1  # average days: 11.7
DAYS_PER_YEAR = 365  # 지연이자 is computed on a 365-day year, leap years included
RETURN_UNIT = 10  # 정산 반납액: amounts under 10 won are dropped
SHARE_KEYS = ("national", "province", "city", "self")  # 국비, 시도비, 시군구비, 자부담
ACCOUNT_TYPES = ("asset", "liability", "net_assets", "revenue", "expense")
BUDGET_TYPE = "budget"  # the ledger's budget control accounts (9xxx): memorandum accounts, outside the statements
DEBIT_NORMAL = frozenset({"asset", "expense"})

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


# ---------------------------------------------------------------------------------------------------------------
# arithmetic


def won(value: Any, name: str, *, signed: bool = False) -> int:
    """``value`` as integer won: an int (not a bool, never a float), non-negative unless ``signed``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be integer won, not {type(value).__name__}")
    if not signed and value < 0:
        raise ValueError(f"{name} must not be negative: {value}")
    return value


def to_decimal(value: Any, name: str) -> Decimal:
    """A rate or a share as an exact Decimal: from a Decimal, an int or a decimal string ("0.3"). A float is taken
    by its shortest repr (0.3 -> "0.3"), which is what a JSON body meant."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a decimal, not bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise TypeError(f"{name} must be a decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{name} must be finite: {value}")
    return result


def _round_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half-up (away from zero on a tie) to ``places`` decimals, exactly."""
    negative = (numerator < 0) != (denominator < 0)
    n, d = abs(numerator) * 10**places, abs(denominator)
    q, r = divmod(n, d)
    if 2 * r >= d:
        q += 1
    return Decimal(-q if negative else q).scaleb(-places)


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a Decimal fraction with four places, ``None`` when the denominator is 0."""
    if denominator == 0:
        return None
    return _round_half_up(numerator, denominator, RATE_PLACES)


def average(total: int, count: int) -> Decimal | None:
    """total / count with one decimal (days), ``None`` when nothing was counted."""
    if count == 0:
        return None
    return _round_half_up(total, count, DAYS_PLACES)


def floor_times(amount: int, fraction: Decimal) -> int:
    """floor(amount x fraction), exactly (Python's // floors)."""
    num, den = fraction.as_integer_ratio()
    return amount * num // den


def late_interest(amount: int, rate: Decimal, days_late: int) -> int:
    """지연이자 = floor(amount x rate x days_late / 365) in won; 0 when the claim was not late.

    ``rate`` is the yearly rate as a fraction (``Decimal("0.12")`` for 12%).
    """
    won(amount, "amount")
    rate = to_decimal(rate, "rate")
    if rate < 0:
        raise ValueError(f"rate must not be negative: {rate}")
    if isinstance(days_late, bool) or not isinstance(days_late, int):
        raise TypeError("days_late must be an int")
    if days_late <= 0:
        return 0
    num, den = rate.as_integer_ratio()
    return amount * num * days_late // (den * DAYS_PER_YEAR)


# ---------------------------------------------------------------------------------------------------------------
# 세출 결산: budget settlement per line


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One budget line (세출 예산 과목) of a fiscal year, as loaded by ``POST /v1/budgets`` plus its changes."""

    line_id: str
    fund: str  # 회계, e.g. "일반회계"
    field: str  # 분야, e.g. "사회복지"
    sector: str = ""  # 부문
    program: str = ""  # 정책사업
    unit: str = ""  # 단위사업
    project: str = ""  # 세부사업
    object: str = ""  # 편성목 (the same attribute names as shared.domain.settlement.budget.BudgetLine, which fits too)
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


def settle_line(line: BudgetLine, execution: LineExecution | None = None) -> dict[str, Any]:
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
    lines: Iterable[BudgetLine],
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


# ---------------------------------------------------------------------------------------------------------------
# 재무결산: financial statements from a trial balance


@dataclass(frozen=True, slots=True)
class TrialBalanceRow:
    """One account of the trial balance (합계잔액시산표): debit and credit totals in won."""

    account: str  # account code, e.g. "111"
    name: str  # 계정명, e.g. "현금및현금성자산"; operations.byNature groups by it
    account_type: str  # asset / liability / net_assets / revenue / expense, or budget (ignored); contract key "type"
    debit: int = 0
    credit: int = 0

    def __post_init__(self) -> None:
        if self.account_type not in ACCOUNT_TYPES and self.account_type != BUDGET_TYPE:
            raise ValueError(f"account {self.account}: unknown type {self.account_type!r}")
        won(self.debit, "debit")
        won(self.credit, "credit")

    @property
    def balance(self) -> int:
        """The balance on the account's normal side (debit for assets and expenses, credit for the others)."""
        if self.account_type in DEBIT_NORMAL:
            return self.debit - self.credit
        return self.credit - self.debit

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrialBalanceRow:
        return cls(
            account=str(data["account"]),
            name=str(data.get("name", "")),
            account_type=str(data["type"]),
            debit=data.get("debit", 0),
            credit=data.get("credit", 0),
        )


def financial_statements(rows: Iterable[TrialBalanceRow], *, opening_net_assets: int | None = None) -> dict[str, Any]:
    """재정상태표, 재정운영표 and 순자산변동표 from a trial balance taken before the closing entries.

    netAssets = the net-asset accounts + the year's surplus (revenues - expenses). ``balanced`` says whether
    assets == liabilities + netAssets; ``difference`` is assets - (liabilities + netAssets), which is exactly the
    trial balance's debit - credit. Budget control accounts (type "budget") balance among themselves and are left
    out, totals included, so the whole ledger trial balance can be passed as it is. ``opening_net_assets`` (last
    year's closing) is optional: without it the net-asset accounts are the opening balance; with it, what the
    accounts hold beyond it is shown as ``adjustments``.
    """
    rows = [row for row in rows if row.account_type != BUDGET_TYPE]
    repeated = sorted(a for a, n in Counter(row.account for row in rows).items() if n > 1)
    if repeated:
        raise ValueError(f"accounts appear twice in the trial balance: {', '.join(repeated)}")
    sums = dict.fromkeys(ACCOUNT_TYPES, 0)
    for row in rows:
        sums[row.account_type] += row.balance
    debit = sum(row.debit for row in rows)
    credit = sum(row.credit for row in rows)

    surplus = sums["revenue"] - sums["expense"]
    net_assets = sums["net_assets"] + surplus
    difference = sums["asset"] - (sums["liability"] + net_assets)
    opening = sums["net_assets"] if opening_net_assets is None else won(opening_net_assets, "opening", signed=True)

    def by_nature(account_type: str) -> dict[str, int]:
        amounts: dict[str, int] = {}
        for row in rows:
            if row.account_type == account_type:
                amounts[row.name] = amounts.get(row.name, 0) + row.balance
        return amounts

    return {
        "balanced": difference == 0,
        "difference": difference,
        "trialBalance": {"debit": debit, "credit": credit, "balanced": debit == credit},
        "financialPosition": {
            "assets": sums["asset"],
            "liabilities": sums["liability"],
            "netAssets": net_assets,
            "balanced": difference == 0,
            "difference": difference,
            "accounts": [
                {"account": row.account, "name": row.name, "type": row.account_type, "balance": row.balance}
                for row in rows
                if row.account_type in ("asset", "liability", "net_assets")
            ],
        },
        "operations": {
            "revenues": sums["revenue"],
            "expenses": sums["expense"],
            "surplus": surplus,
            "byNature": {"revenues": by_nature("revenue"), "expenses": by_nature("expense")},
        },
        "changesInNetAssets": {
            "opening": opening,
            "surplus": surplus,
            "adjustments": sums["net_assets"] - opening,
            "closing": net_assets,
        },
    }


# ---------------------------------------------------------------------------------------------------------------
# 세계잉여금 대사: cash against receipts - expenditure, per fund


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


# ---------------------------------------------------------------------------------------------------------------
# 보조금 정산: each grant's unspent balance, split by funding shares


@dataclass(frozen=True, slots=True)
class GrantSettlementInput:
    """One grant at the close: what was granted (per category), executed, and the interest it earned."""

    grant_id: str
    amounts: tuple[int, ...]  # 교부액 per budget category
    executed: int  # 집행액
    shares: Mapping[str, Any]  # fundingShares: fractions summing to 1, keys among SHARE_KEYS
    interest: int = 0  # 발생 이자, returned with the balance

    def __post_init__(self) -> None:
        object.__setattr__(self, "amounts", tuple(self.amounts))
        for amount in self.amounts:
            won(amount, "amount")
        won(self.executed, "executed")
        won(self.interest, "interest")
        object.__setattr__(self, "shares", normalise_shares(self.shares))
        if self.executed > sum(self.amounts) + self.interest:
            raise ValueError(f"grant {self.grant_id}: executed {self.executed} exceeds what was granted")

    @property
    def unspent(self) -> int:
        """반납 대상 = sum(amount) - executed + interest."""
        return sum(self.amounts) - self.executed + self.interest

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GrantSettlementInput:
        """From a grant as ``GET /v1/grants/{id}`` shows it (budget[{amount, executed}], fundingShares)."""
        budget = data.get("budget", [])
        executed = data.get("executed", sum(item.get("executed", 0) for item in budget))
        return cls(
            grant_id=str(data["grantId"]),
            amounts=tuple(item["amount"] for item in budget),
            executed=executed,
            shares=data["fundingShares"],
            interest=data.get("interest", 0),
        )


def normalise_shares(shares: Mapping[str, Any]) -> dict[str, Decimal]:
    """All four funding shares as Decimals (missing ones 0); each in [0, 1], summing to exactly 1."""
    unknown = sorted(set(shares) - set(SHARE_KEYS))
    if unknown:
        raise ValueError(f"unknown funding shares: {', '.join(unknown)}")
    result = {key: to_decimal(shares.get(key, 0), key) for key in SHARE_KEYS}
    for key, value in result.items():
        if not 0 <= value <= 1:
            raise ValueError(f"funding share {key} must be between 0 and 1: {value}")
    if sum(result.values()) != 1:
        raise ValueError(f"funding shares must sum to 1, not {sum(result.values())}")
    return result


def split_return(unspent: int, shares: Mapping[str, Any]) -> tuple[dict[str, int], int]:
    """Split an amount to return by funding shares: each share floor(unspent x fraction) cut to a multiple of
    10 won. Returns (amount per share, dropped) where dropped = unspent - returned, under 10 won a share."""
    won(unspent, "unspent")
    fractions = normalise_shares(shares)
    amounts = {}
    for key, fraction in fractions.items():
        share = floor_times(unspent, fraction)
        amounts[key] = share - share % RETURN_UNIT
    return amounts, unspent - sum(amounts.values())


def settle_grant(grant: GrantSettlementInput) -> dict[str, Any]:
    """One grant's 정산: the balance to return, per funding share, and what the 10-won rule dropped."""
    shares, dropped = split_return(grant.unspent, grant.shares)
    return {
        "grantId": grant.grant_id,
        "granted": sum(grant.amounts),
        "executed": grant.executed,
        "interest": grant.interest,
        "unspent": grant.unspent,
        "shares": shares,
        "returned": sum(shares.values()),
        "dropped": dropped,
        "fractions": dict(grant.shares),
    }


def grant_settlement(grants: Iterable[GrantSettlementInput]) -> dict[str, Any]:
    """보조금 정산 of every grant, with totals (the totals of each share are sums of the rounded shares)."""
    rows = [settle_grant(grant) for grant in grants]
    total: dict[str, Any] = {"grantCount": len(rows)}
    for key in ("granted", "executed", "interest", "unspent", "returned", "dropped"):
        total[key] = sum(row[key] for row in rows)
    total["shares"] = {key: sum(row["shares"][key] for row in rows) for key in SHARE_KEYS}
    total["executionRate"] = ratio(total["executed"], total["granted"])
    return {"total": total, "grants": rows}


# ---------------------------------------------------------------------------------------------------------------
# 대금 지급 적기성: payment timeliness


@dataclass(frozen=True, slots=True)
class PaidClaim:
    """A paid claim: its deadline (지급기한), the day it was paid, its amount and, if known, its acceptance day."""

    claim_id: str
    due_date: date
    paid_on: date
    amount: int
    accepted_on: date | None = None

    def __post_init__(self) -> None:
        won(self.amount, "amount")

    @property
    def days_late(self) -> int:
        return max(0, (self.paid_on - self.due_date).days)


@dataclass(slots=True)
class TimelinessTally:
    """Running sums for payment timeliness. Add claims one by one, or merge the tallies of chunks (a run fans a
    million claims out in chunks: each chunk tallies, the run merges, the report comes from the merged tally)."""

    count: int = 0
    amount: int = 0
    on_time_count: int = 0
    on_time_amount: int = 0
    days_late_total: int = 0
    max_days_late: int = 0
    days_to_pay_total: int = 0
    days_to_pay_count: int = 0
    late_interest: int = 0

    def add(self, claim: PaidClaim, rate: Decimal | None = None) -> None:
        self.count += 1
        self.amount += claim.amount
        days_late = claim.days_late
        if days_late == 0:
            self.on_time_count += 1
            self.on_time_amount += claim.amount
        else:
            self.days_late_total += days_late
            self.max_days_late = max(self.max_days_late, days_late)
            if rate is not None:
                self.late_interest += late_interest(claim.amount, rate, days_late)
        if claim.accepted_on is not None:
            self.days_to_pay_total += (claim.paid_on - claim.accepted_on).days
            self.days_to_pay_count += 1

    def merge(self, other: TimelinessTally) -> TimelinessTally:
        return TimelinessTally(
            count=self.count + other.count,
            amount=self.amount + other.amount,
            on_time_count=self.on_time_count + other.on_time_count,
            on_time_amount=self.on_time_amount + other.on_time_amount,
            days_late_total=self.days_late_total + other.days_late_total,
            max_days_late=max(self.max_days_late, other.max_days_late),
            days_to_pay_total=self.days_to_pay_total + other.days_to_pay_total,
            days_to_pay_count=self.days_to_pay_count + other.days_to_pay_count,
            late_interest=self.late_interest + other.late_interest,
        )

    def report(self, rate: Decimal | None = None) -> dict[str, Any]:
        late_count = self.count - self.on_time_count
        result: dict[str, Any] = {
            "count": self.count,
            "amount": self.amount,
            "onTime": {"count": self.on_time_count, "amount": self.on_time_amount},
            "late": {"count": late_count, "amount": self.amount - self.on_time_amount},
            "onTimeRate": ratio(self.on_time_count, self.count),
            "onTimeAmountRate": ratio(self.on_time_amount, self.amount),
            "averageDaysLate": average(self.days_late_total, late_count),
            "maxDaysLate": self.max_days_late,
            "averageDaysToPay": average(self.days_to_pay_total, self.days_to_pay_count),
        }
        if rate is not None:
            result["interestRate"] = to_decimal(rate, "rate")
            result["lateInterest"] = self.late_interest
        return result


def payment_timeliness(claims: Iterable[PaidClaim], *, rate: Decimal | None = None) -> dict[str, Any]:
    """Share paid within the deadline (by count and by amount), average and longest delay of the late ones, average
    days from acceptance to payment (claims with ``accepted_on``), and with ``rate`` the 지연이자 owed in total.
    Aggregates only: no claim ids in the result."""
    tally = TimelinessTally()
    for claim in claims:
        tally.add(claim, rate)
    return tally.report(rate)


# ---------------------------------------------------------------------------------------------------------------
# 지방재정365: public indicators


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
