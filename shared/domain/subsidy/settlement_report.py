"""A grant's settlement report (정산보고서) and the 반납 it leads to.

After its period the recipient reports what it executed per category and the bank interest its restricted
account earned (지방보조금법 §17, 실적보고; the deadline of 2 months after the period's end is our reading of the
지방보조금 관리기준). The official approves it, or returns it with a reason. The report must agree with the
executions on record: the books know every execution, so a report claiming more or less is refused, naming the
category and both figures.

반납액 = 교부액 - 집행액 (the public money's part of what was executed) + 이자, split among the public funders by
their shares, each cut to a multiple of 10 won (``split_return``). The LG's own part (시군구비 for a 시·군·구, 시도비
for a 시·도) is its 세입 (보조금 반환금, 세외수입); the other public parts are owed onward to the governments that
funded them (national: 국비, province: 시도비).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from shared.domain.documents import Finding
from shared.domain.settlement.reports.grants import PUBLIC_KEYS, split_return
from shared.domain.subsidy.model import Grant

REPORT_MONTHS = 2  # 정산보고 within two months of the period's end (our reading of the 관리기준)
MAX_INTEREST = 10**12


def settlement_due(grant: Grant) -> date:
    """The last day to file the settlement report: two months after the period's end (the month's last day when
    it is shorter)."""
    end = grant.period.end
    month = end.month + REPORT_MONTHS
    year, month = end.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(end.day, calendar.monthrange(year, month)[1]))


def own_share(lg_code: str) -> str:
    """The funding share that is the LG's own money: 시도비 for a 시·도 (its code ends in 000), 시군구비 otherwise."""
    return "province" if lg_code.endswith("000") else "city"


def report_findings(grant: Grant, executed: Mapping[str, int], interest: int, today: date) -> list[Finding]:
    """Every rule the report breaks: filed after the period, on a grant paid and not settled yet, the interest
    whole won, and each category's executed amount the one on record (every category reported, no other)."""
    findings = []
    if today <= grant.period.end:
        findings.append(
            Finding("SETTLEMENT_EARLY", f"The grant runs until {grant.period.end}: 정산 follows its period", "/")
        )
    if grant.advanced_on is None:
        findings.append(Finding("NOT_ADVANCED", "The grant was never paid (교부): there is nothing to settle", "/"))
    if grant.status not in ("OPEN", "CLOSED"):
        findings.append(Finding("GRANT_SETTLED", f"Grant {grant.grant_id} is {grant.status.lower()}", "/"))
    if type(interest) is not int or not 0 <= interest < MAX_INTEREST:
        findings.append(Finding("INTEREST", "interest is whole won, 0 or more", "/interest"))
    recorded = {b.category: b.executed for b in grant.budget}
    for category in sorted(set(executed) - set(recorded)):
        findings.append(Finding("CATEGORY_UNKNOWN", f"Grant {grant.grant_id} has no category {category}", "/executed"))
    for category, amount in sorted(recorded.items()):
        reported = executed.get(category)
        if reported != amount:
            findings.append(
                Finding(
                    "SETTLEMENT_MISMATCH",
                    f"{category}: reported {reported if reported is not None else 'nothing'}, "
                    f"the executions on record total {amount:,} won",
                    "/executed",
                )
            )
    return findings


@dataclass(frozen=True, slots=True)
class Return:
    """What a settled grant returns (반납): per public share, the LG's own part and what is owed onward."""

    granted: int  # 교부액
    funded: int  # 집행액 of the public money (지방비)
    interest: int
    shares: dict[str, int]  # 반납 per share (national, province, city; self 0), multiples of 10 won
    dropped: int  # under 10 won a share, not returned
    own: str  # the LG's own share key

    @property
    def unspent(self) -> int:
        return self.granted - self.funded

    @property
    def total(self) -> int:
        return sum(self.shares.values())

    @property
    def lg_part(self) -> int:
        """세입 of the LG (보조금 반환금)."""
        return self.shares[self.own]

    @property
    def onward(self) -> dict[str, int]:
        """The parts owed to the other public funders."""
        return {key: self.shares[key] for key in PUBLIC_KEYS if key != self.own and self.shares[key]}

    def to_api(self) -> dict[str, object]:
        return {
            "granted": self.granted,
            "executed": self.funded,
            "interest": self.interest,
            "returned": self.total,
            "shares": self.shares,
            "dropped": self.dropped,
            "revenue": self.lg_part,
            "payable": self.onward,
        }


def grant_return(grant: Grant, interest: int) -> Return:
    """반납액 = 교부액 - 집행액 + 이자 of the public money, split by the public shares (``split_return``)."""
    granted = sum(grant.granted(b) for b in grant.budget)
    funded = sum(b.funded for b in grant.budget)
    shares, dropped = split_return(granted - funded + interest, grant.funding_shares)
    return Return(granted, funded, interest, shares, dropped, own_share(grant.lg_code))


SURCHARGE_MULTIPLE = 5  # 제재부가금: up to five times the amount obtained by fraud (지방보조금법 §32의2, our reading)


def recovery_findings(grant: Grant, amount: int, surcharge: int) -> list[Finding]:
    """환수 of public money obtained or used by fraud, with its 제재부가금: the amount at most the public money the
    grant executed (what the LG's books paid out), the surcharge at most five times the amount."""
    findings = []
    funded = sum(b.funded for b in grant.budget)
    if not 0 < amount <= funded:
        findings.append(
            Finding("RECOVERY_AMOUNT", f"환수 is 1 to {funded:,} won: the public money the grant executed", "/amount")
        )
    if not 0 <= surcharge <= SURCHARGE_MULTIPLE * max(amount, 0):
        findings.append(
            Finding("SURCHARGE_LIMIT", f"제재부가금 is at most {SURCHARGE_MULTIPLE} times the 환수", "/surcharge")
        )
    return findings


def recovery_split(grant: Grant, amount: int) -> Return:
    """The 환수's parts by public share, as a 반납's: the LG's own part is its 세입, the others owed onward."""
    shares, dropped = split_return(amount, grant.funding_shares)
    return Return(0, 0, 0, shares, dropped, own_share(grant.lg_code))
