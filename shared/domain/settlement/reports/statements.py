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


@dataclass(frozen=True, slots=True)
class StatementLine:
    """An account's debit and credit totals in won, for statements of a trial balance that does not come from this
    ledger's chart (a trial balance read from its JSON form): the type is given, not looked up."""

    account: str  # account code, e.g. "111"
    name: str  # 계정명, e.g. "현금및현금성자산"; operations.byNature groups by it
    type: str  # asset / liability / net_assets / revenue / expense, or budget (ignored)
    debit: int = 0
    credit: int = 0

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
        )


def financial_statements(rows: Iterable[StatementRow], *, opening_net_assets: int | None = None) -> dict[str, Any]:
    """재정상태표, 재정운영표 and 순자산변동표 from a trial balance taken before the closing entries.

    netAssets = the net-asset accounts + the year's surplus (revenues - expenses). ``balanced`` says whether
    assets == liabilities + netAssets; ``difference`` is assets - (liabilities + netAssets), which is exactly the
    trial balance's debit - credit. Budget control accounts (type "budget") balance among themselves and are left
    out, totals included, so the whole ledger trial balance can be passed as it is. ``opening_net_assets`` (last
    year's closing) is optional: without it the net-asset accounts are the opening balance; with it, what the
    accounts hold beyond it is shown as ``adjustments``.
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
