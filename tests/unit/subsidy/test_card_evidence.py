"""Card approvals (전용카드): the feed's line, the hard rules, and F04, F05, F15 and F07 at their boundaries."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from shared.domain.calendar import SEOUL
from shared.domain.subsidy.cards import approval_findings, card_spend_id, parse_approval
from shared.domain.subsidy.evidence_indicators import (
    Wage,
    card_indicators,
    payroll_overlap,
    restricted_industries,
)
from shared.domain.subsidy.model import CategoryBudget, Grant, Period, Sanction

LINE = {
    "approvalNo": "30012345",
    "grantId": "G-1",
    "category": "307-02",
    "vendorBrn": "2148600016",
    "industryCode": "47111",
    "amount": 330_000,
    "localTime": "2026-12-08T10:15:00+09:00",  # a Tuesday
}


def _approval(**changes: object):
    return parse_approval("11110", LINE | changes)


def _grant(**changes: object) -> Grant:
    values: dict = {
        "grant_id": "G-1",
        "lg_code": "11110",
        "title": "t",
        "purpose": "p",
        "field": "f",
        "recipient_brn": "1208147521",
        "period": Period(date(2026, 1, 1), date(2027, 12, 31)),
        "budget": [CategoryBudget("307-02", 1_000_000)],
        "funding_shares": {"national": "0.9", "self": "0.1"},
        "created_at": "2026-01-01T00:00:00+09:00",
        "advanced_on": date(2026, 2, 1),
    }
    return Grant(**(values | changes))


def test_a_line_is_read_in_seoul_time_and_names_its_execution():
    approval = _approval(localTime="2026-12-08T14:30:00+00:00")  # 23:30 in Seoul
    assert approval.at.hour == 23 and approval.day == date(2026, 12, 8)
    assert approval.spend_id == card_spend_id("11110", "G-1", "30012345") == "CARD-11110-G-1-30012345"
    assert approval.evidence_key == "2148600016#30012345"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 1.5}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": True}, "amount"),
        ({"localTime": "2026-12-08T10:15:00"}, "localTime"),
        ({"vendorBrn": "1234567890"}, "vendorBrn"),
        ({"approvalNo": "A#1"}, "approvalNo"),
        ({"cancelled": "no"}, "cancelled"),
    ],
)
def test_a_malformed_line_names_its_field(changes, field):
    with pytest.raises(ValueError, match=field):
        _approval(**changes)


def test_hard_rules_every_failing_one_together():
    grant = _grant(advanced_on=None, period=Period(date(2026, 1, 1), date(2026, 6, 30)))
    sanction = Sanction("S-1", "1208147521", "부정수급", date(2026, 12, 1), date(2031, 11, 30), "11680")
    findings = approval_findings(
        _approval(amount=2_000_000), grant, grant.budget[0], [sanction], "CARD-11110-G-1-other", date(2026, 12, 8)
    )
    assert [f.code for f in findings] == ["NOT_ADVANCED", "SANCTIONED", "F16", "F12", "BUDGET_EXCEEDED"]
    assert all("11680" not in f.message for f in findings)  # another LG's sanction, never named


def test_a_redelivered_approval_is_its_own_evidence():
    grant = _grant()
    approval = _approval()
    assert approval_findings(approval, grant, grant.budget[0], [], approval.spend_id, date(2026, 12, 8)) == []


@pytest.mark.parametrize(
    ("moment", "fires"),
    [(time(22, 59), False), (time(23, 0), True), (time(5, 59), True), (time(6, 0), False), (time(0, 0), True)],
)
def test_f05_late_night_is_23_to_06_seoul_time(moment, fires):
    at = datetime.combine(date(2026, 12, 8), moment, SEOUL).isoformat()
    assert ("F05" in [h.code for h in card_indicators(_approval(localTime=at))]) is fires


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("2026-12-05", "weekend"),
        ("2026-12-25", "public holiday"),
        ("2026-10-05", "public holiday"),
        ("2026-12-08", None),
    ],
)
def test_f15_weekends_and_public_holidays(day, kind):
    hits = {h.code: h for h in card_indicators(_approval(localTime=f"{day}T12:00:00+09:00"))}
    assert (hits["F15"].evidence["kind"] if "F15" in hits else None) == kind


def test_f04_restricted_industries_name_their_source():
    listed = restricted_industries()
    assert "지방보조금 관리기준" in listed.source and "56211" in listed.industries
    (hit,) = card_indicators(_approval(industryCode="91121"))
    assert (hit.code, hit.weight, hit.evidence["industry"]) == ("F04", 50, "골프장 운영업")
    assert card_indicators(_approval(industryCode="47111")) == []


def test_f07_the_same_person_on_two_grants_over_overlapping_periods():
    mine = [Wage("p-7f3a", "11110#G-1", Period(date(2026, 3, 1), date(2026, 5, 31)), 2_500_000)]
    others = [
        Wage("p-7f3a", "11110#G-1", Period(date(2026, 3, 1), date(2026, 5, 31)), 2_500_000),  # this grant: skipped
        Wage("p-7f3a", "NATIONAL#N-9", Period(date(2026, 5, 31), date(2026, 8, 31)), 2_000_000),  # one day shared
        Wage("p-7f3a", "11680#G-4", Period(date(2026, 6, 1), date(2026, 8, 31)), 2_000_000),  # after: none
        Wage("p-0000", "11680#G-5", Period(date(2026, 3, 1), date(2026, 5, 31)), 2_000_000),  # another person
    ]
    hit = payroll_overlap(mine, others)
    assert hit is not None and [o["otherGrant"] for o in hit.evidence["overlaps"]] == ["NATIONAL#N-9"]
    assert payroll_overlap(mine, others[2:]) is None
