"""보조금 정산 (grant settlement): each grant's unspent balance and interest, split by funding shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from shared.domain.settlement.reports.arithmetic import RETURN_UNIT, SHARE_KEYS, ratio, to_decimal, won

PUBLIC_KEYS = SHARE_KEYS[:3]  # 국비, 시도비, 시군구비: the public money a 교부 holds (자부담 is the recipient's)


@dataclass(frozen=True, slots=True)
class GrantSettlementInput:
    """One grant at the close: what was granted (per category), executed, and the interest it earned."""

    grant_id: str
    amounts: tuple[int, ...]  # 교부액 per budget category: the public money (국비 + 시도비 + 시군구비)
    executed: int  # 집행액 of that money (지방비), not the recipient's 자부담
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
        # 교부액 and 집행액 of the public money where the grant shows them (granted, funded), else the amounts given
        executed = data.get("executed", sum(item.get("funded", item.get("executed", 0)) for item in budget))
        return cls(
            grant_id=str(data["grantId"]),
            amounts=tuple(item.get("granted", item["amount"]) for item in budget),
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
    """Split the public money to return (반납) among those who funded it: 국비, 시도비 and 시군구비 each take
    floor(unspent x its share of the public shares), cut to a multiple of 10 won; the 자부담 ("self") takes nothing,
    as the 교부 never held it (our reading of 지방보조금법's 반환: each government is returned what it funded).
    Returns (amount per share, dropped) where dropped = unspent - returned, under 10 won a share."""
    won(unspent, "unspent")
    fractions = normalise_shares(shares)
    public = sum((fractions[key] for key in PUBLIC_KEYS), Decimal(0))
    amounts = dict.fromkeys(SHARE_KEYS, 0)
    for key in PUBLIC_KEYS if public else ():
        share = unspent * Fraction(fractions[key]) // Fraction(public)  # exact: Fraction floors
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
