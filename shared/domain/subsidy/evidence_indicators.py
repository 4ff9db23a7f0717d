"""Soft indicators of card and payroll evidence (전용카드 승인, 인건비), beside the claim indicators of
``shared.domain.subsidy.indicators`` (F01, F03, F08 ... run on a card execution as on a claim). Each hit names its
evidence; none carries personal data (a person is a non-identifying key, a card is never named by its number).

code  weight  indicator: fires when -- why
----  ------  ---------------------------------------------------------------------------------------------------
F04   50      restricted industry (제한 업종): the merchant's industry is on the restricted list
              (``data/restricted_industries.json``, which names its source) -- entertainment, golf, gambling and
              cash-like goods are never a grant's expense
F05   20      late-night use (심야 사용): approved between 23:00 and 06:00 Seoul time -- few honest expenses are
F15   15      holiday use (휴일 사용): approved on a Saturday, Sunday or public holiday (``holidays``, substitute
              holidays included) -- private use tends to fall on days off; events too: low weight
F07   40      payroll overlap (인건비 중복): the same person's wages are on another grant for an overlapping period
              (any LG, and national grants through the link) -- one person's time is paid once
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shared.domain.calendar import SEOUL, is_business_day
from shared.domain.subsidy.cards import CardApproval
from shared.domain.subsidy.model import IndicatorHit, Period, Wage

WEIGHTS = {"F04": 50, "F05": 20, "F15": 15, "F07": 40}
TITLES = {
    "F04": "restricted industry (제한 업종)",
    "F05": "late-night card use (심야 사용, 23:00-06:00)",
    "F15": "card use on a weekend or public holiday (휴일 사용)",
    "F07": "the same person's wages on two grants (인건비 중복)",
}
NIGHT_FROM, NIGHT_UNTIL = 23, 6  # hours, Seoul time: 23:00 <= t or t < 06:00
RESTRICTED_FILE = Path(__file__).with_name("data") / "restricted_industries.json"


@dataclass(frozen=True, slots=True)
class RestrictedList:
    source: str
    industries: dict[str, dict[str, str]]  # by industry code: name, group


@lru_cache(maxsize=1)
def restricted_industries() -> RestrictedList:
    """The restricted industries by code, and the rule they come from."""
    data = json.loads(RESTRICTED_FILE.read_text(encoding="utf-8"))
    return RestrictedList(data["source"], {row["code"]: row for row in data["industries"]})


def _hit(code: str, evidence: dict[str, object]) -> IndicatorHit:
    return IndicatorHit(code=code, weight=WEIGHTS[code], title=TITLES[code], evidence=evidence)


def restricted_industry(approval: CardApproval) -> IndicatorHit | None:
    """F04: the merchant's industry is restricted for a grant's card."""
    listed = restricted_industries()
    row = listed.industries.get(approval.industry_code)
    if row is None:
        return None
    described = {"industry": row["name"], "group": row["group"], "source": listed.source}
    return _hit("F04", approval.to_evidence() | described)


def late_night(approval: CardApproval) -> IndicatorHit | None:
    """F05: approved from 23:00 to before 06:00, Seoul time."""
    local = approval.at.astimezone(SEOUL)
    if NIGHT_UNTIL <= local.hour < NIGHT_FROM:
        return None
    return _hit("F05", approval.to_evidence() | {"window": f"{NIGHT_FROM:02d}:00-{NIGHT_UNTIL:02d}:00 KST"})


def holiday(approval: CardApproval) -> IndicatorHit | None:
    """F15: approved on a Saturday, Sunday or public holiday (Seoul's date)."""
    day = approval.day
    if is_business_day(day):
        return None
    kind = "weekend" if day.weekday() >= 5 else "public holiday"
    return _hit("F15", approval.to_evidence() | {"day": day.isoformat(), "kind": kind})


def card_indicators(approval: CardApproval) -> list[IndicatorHit]:
    """The card-only indicators that fire for an approval, in code order."""
    hits = [hit for check in (restricted_industry, late_night, holiday) if (hit := check(approval)) is not None]
    return sorted(hits, key=lambda h: h.code)


def payroll_overlap(wages: Iterable[Wage], others: Iterable[Wage]) -> IndicatorHit | None:
    """F07: a person of ``wages`` (this execution's) is paid by another grant of ``others`` over an overlapping
    period. ``others`` are what the store holds under the same person keys (this grant's own included: skipped)."""
    overlaps = []
    mine = list(wages)
    for other in others:
        for wage in mine:
            if (
                wage.person_key == other.person_key
                and wage.grant_ref != other.grant_ref
                and wage.period.overlaps(other.period)
            ):
                overlaps.append(
                    {
                        "personKey": wage.person_key,
                        "grant": wage.grant_ref,
                        "period": _period(wage.period),
                        "otherGrant": other.grant_ref,
                        "otherPeriod": _period(other.period),
                        "otherAmount": other.amount,
                    }
                )
    if not overlaps:
        return None
    return _hit("F07", {"overlaps": sorted(overlaps, key=lambda o: (str(o["personKey"]), str(o["otherGrant"])))})


def _period(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}
