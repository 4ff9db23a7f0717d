"""재무결산 (financial statements) from a trial balance: 재정상태표, 재정운영표, 순자산변동표."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from shared.domain.settlement.reports.arithmetic import ACCOUNT_TYPES, BUDGET_TYPE, DEBIT_NORMAL, won


class StatementRow(Protocol):
    """What the statements read of a trial balance's row: the ledger's ``TrialBalanceRow`` is one, and so is a
    ``StatementLine`` given from outside the ledger."""

    @property
    def account(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def debit(self) -> int: ...

    @property
    def credit(self) -> int: ...

    @property
    def balance(self) -> int: ...

    @property
    def section(self) -> str: ...


# The statements' sections in the order the 회계기준 prints them (``ledger.STATEMENT_SECTIONS`` places the accounts)
ASSET_SECTIONS = ("유동자산", "투자자산", "일반유형자산", "주민편의시설", "사회기반시설", "기타비유동자산")
FIXED_ASSET_SECTIONS = frozenset({"일반유형자산", "주민편의시설", "사회기반시설"})
LIABILITY_SECTIONS = ("유동부채", "장기차입부채", "기타비유동부채")
NET_ASSET_SECTIONS = ("고정순자산", "특정순자산", "일반순자산")
COST_SECTIONS = ("사업순원가", "관리운영비", "비배분비용")
REVENUE_SECTIONS = ("비배분수익", "일반수익")
# a row that names no section (a trial balance from outside this chart) is placed by its type
_DEFAULT_SECTION = {"asset": "유동자산", "liability": "유동부채", "expense": "사업순원가", "revenue": "일반수익"}


def restricted_fund(fund: str) -> bool:
    """Whether a 회계 is a 기금 (지방자치단체 기금관리기본법), whose resources are kept for the purpose the 기금 was
    set up for: its net assets beyond the 고정순자산 are 특정순자산. Our reading: a 기금 is a 회계 whose name ends
    in 기금, as every 기금's does (재난관리기금, 통합재정안정화기금, ...)."""
    return fund.strip().endswith("기금")


@dataclass(frozen=True, slots=True)
class StatementLine:
    """An account's debit and credit totals in won, for statements of a trial balance that does not come from this
    ledger's chart (a trial balance read from its JSON form): the type is given, not looked up."""

    account: str  # account code, e.g. "111"
    name: str  # 계정명, e.g. "현금및현금성자산"; operations.byNature groups by it
    type: str  # asset / liability / net_assets / revenue / expense, or budget (ignored)
    debit: int = 0
    credit: int = 0
    section: str = ""  # its section in the statements (e.g. 유동자산); "" places it by its type

    def __post_init__(self) -> None:
        if self.type not in ACCOUNT_TYPES and self.type != BUDGET_TYPE:
            raise ValueError(f"account {self.account}: unknown type {self.type!r}")
        won(self.debit, "debit")
        won(self.credit, "credit")

    @property
    def balance(self) -> int:
        """The balance on the account's normal side (debit for assets and expenses, credit for the others)."""
        if self.type in DEBIT_NORMAL:
            return self.debit - self.credit
        return self.credit - self.debit

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatementLine:
        return cls(
            account=str(data["account"]),
            name=str(data.get("name", "")),
            type=str(data["type"]),
            debit=data.get("debit", 0),
            credit=data.get("credit", 0),
            section=str(data.get("section", "")),
        )


def financial_statements(
    rows: Iterable[StatementRow],
    *,
    opening_net_assets: int | None = None,
    restricted: bool = False,
    restricted_net_assets: int = 0,
    fixed_net_assets: int | None = None,
) -> dict[str, Any]:
    """재정상태표, 재정운영표 and 순자산변동표 from a trial balance taken before the closing entries.

    netAssets = the net-asset accounts + the year's surplus (revenues - expenses). ``balanced`` says whether
    assets == liabilities + netAssets; ``difference`` is assets - (liabilities + netAssets), which is exactly the
    trial balance's debit - credit. Budget control accounts (type "budget") balance among themselves and are left
    out, totals included, so the whole ledger trial balance can be passed as it is. ``opening_net_assets`` (last
    year's closing) is optional: without it the net-asset accounts are the opening balance; with it, what the
    accounts hold beyond it is shown as ``adjustments``.

    After the 회계기준's form: the 재정상태표 by section (``ASSET_SECTIONS``, ``LIABILITY_SECTIONS``) and its 순자산
    split into 고정순자산 (the fixed-asset sections less the 장기차입부채 that financed them: every 지방채, up to
    their value, is our reading), 특정순자산 (a 기금's (``restricted``) net assets beyond the fixed, or the
    ``restricted_net_assets`` of the 기금 in a total) and 일반순자산 (the rest); a total takes the sum of its
    회계's 고정순자산 (``fixed_net_assets``); the 재정운영표 as 사업순원가 +
    관리운영비 + 비배분비용 - 비배분수익 - 일반수익 = 재정운영결과 (``operatingResult``, positive when the costs
    exceed the revenues: -surplus); the 순자산변동표 as 기초순자산 - 재정운영결과 + 조정 = 기말순자산.
    """
    rows = [row for row in rows if row.type != BUDGET_TYPE]
    repeated = sorted(a for a, n in Counter(row.account for row in rows).items() if n > 1)
    if repeated:
        raise ValueError(f"accounts appear twice in the trial balance: {', '.join(repeated)}")
    sums = dict.fromkeys(ACCOUNT_TYPES, 0)
    for row in rows:
        sums[row.type] += row.balance
    debit = sum(row.debit for row in rows)
    credit = sum(row.credit for row in rows)

    surplus = sums["revenue"] - sums["expense"]
    net_assets = sums["net_assets"] + surplus
    difference = sums["asset"] - (sums["liability"] + net_assets)
    opening = sums["net_assets"] if opening_net_assets is None else won(opening_net_assets, "opening", signed=True)

    def by_nature(account_type: str) -> dict[str, int]:
        amounts: dict[str, int] = {}
        for row in rows:
            if row.type == account_type:
                amounts[row.name] = amounts.get(row.name, 0) + row.balance
        return amounts

    sections = _sections(rows)
    fixed_assets = sum(sections[name]["amount"] for name in FIXED_ASSET_SECTIONS)
    fixed = fixed_assets - min(max(sections["장기차입부채"]["amount"], 0), max(fixed_assets, 0))
    if fixed_net_assets is not None:  # a total: the sum of its 회계's own (one 회계's debt financed its facilities)
        fixed = won(fixed_net_assets, "fixed net assets", signed=True)
    special = net_assets - fixed if restricted else won(restricted_net_assets, "restricted net assets", signed=True)
    split = {"고정순자산": fixed, "특정순자산": special, "일반순자산": net_assets - fixed - special}
    cost = {name: sections[name]["amount"] for name in COST_SECTIONS}
    income = {name: sections[name]["amount"] for name in REVENUE_SECTIONS}

    def listed(names: tuple[str, ...], group: str) -> list[dict[str, Any]]:
        return [{"section": name, "group": group, **sections[name]} for name in names]

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
                {"account": row.account, "name": row.name, "type": row.type, "balance": row.balance}
                for row in rows
                if row.type in ("asset", "liability", "net_assets")
            ],
            "sections": [
                *listed(ASSET_SECTIONS, "assets"),
                *listed(LIABILITY_SECTIONS, "liabilities"),
                *(
                    {"section": name, "group": "netAssets", "amount": amount, "accounts": []}
                    for name, amount in split.items()
                ),
            ],
        },
        "operations": {
            "revenues": sums["revenue"],
            "expenses": sums["expense"],
            "surplus": surplus,
            "byNature": {"revenues": by_nature("revenue"), "expenses": by_nature("expense")},
            "programCost": cost["사업순원가"],
            "administrativeCost": cost["관리운영비"],
            "unallocatedExpense": cost["비배분비용"],
            "unallocatedRevenue": income["비배분수익"],
            "generalRevenue": income["일반수익"],
            "operatingResult": -surplus,
            "sections": [*listed(COST_SECTIONS, "expenses"), *listed(REVENUE_SECTIONS, "revenues")],
        },
        "changesInNetAssets": {
            "opening": opening,
            "surplus": surplus,
            "operatingResult": -surplus,
            "adjustments": sums["net_assets"] - opening,
            "closing": net_assets,
        },
    }


def section_amount(statements: Mapping[str, Any], section: str) -> int:
    """A section's amount in statements ``financial_statements`` made (e.g. a 기금's 특정순자산)."""
    for part in (statements["financialPosition"]["sections"], statements["operations"]["sections"]):
        for row in part:
            if row["section"] == section:
                return int(row["amount"])
    raise KeyError(section)


def _sections(rows: list[StatementRow]) -> dict[str, dict[str, Any]]:
    """Each section's amount (on its normal side) and accounts; every section of the form, empty ones included."""
    names = (*ASSET_SECTIONS, *LIABILITY_SECTIONS, *COST_SECTIONS, *REVENUE_SECTIONS)
    result: dict[str, dict[str, Any]] = {name: {"amount": 0, "accounts": []} for name in names}
    for row in rows:
        if row.type == "net_assets":
            continue
        name = row.section or _DEFAULT_SECTION[row.type]
        if name not in result:
            raise ValueError(f"account {row.account}: unknown statement section {name!r}")
        result[name]["amount"] += row.balance
        result[name]["accounts"].append({"account": row.account, "name": row.name, "balance": row.balance})
    return result


def fund_statement_rows(by_fund: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each 회계's 재정상태표, 재정운영표 and 순자산변동표 in one row: the report's totals are the LG's, 내부거래
    eliminated; these are each 회계's own books, before any elimination."""
    return [
        {
            "fund": fund,
            "assets": s["financialPosition"]["assets"],
            "liabilities": s["financialPosition"]["liabilities"],
            "netAssets": s["financialPosition"]["netAssets"],
            "revenues": s["operations"]["revenues"],
            "expenses": s["operations"]["expenses"],
            "surplus": s["operations"]["surplus"],
            "openingNetAssets": s["changesInNetAssets"]["opening"],
            "adjustments": s["changesInNetAssets"]["adjustments"],
            "balanced": s["balanced"],
        }
        for fund, s in by_fund.items()
    ]
