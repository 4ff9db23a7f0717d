"""교부신청 -> 교부결정: a recipient applies, an official approves (committing the LG's share on the named lines,
never above 예산현액) or rejects; approval passes the same checks as a direct grant (sanctions in any LG, P01/P02
acknowledged with a reason)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from shared.application.subsidy import GrantRequest
from shared.domain.errors import Conflict, Forbidden, Invalid, NotFound
from shared.domain.subsidy.model import Sanction
from tests.unit.application.builders import (
    LG,
    OFFICIAL,
    OTHER_OFFICIAL,
    RECIPIENT,
    RECIPIENT_USER,
    World,
    budget_line,
    codes,
)

APPLICATION = GrantRequest(
    title="마을 공동체 텃밭 조성",
    purpose="주민 공동 텃밭과 교육 운영",
    field="농림해양수산",
    recipient_brn="",  # the applicant: the calling business
    start=date(2026, 3, 1),
    end=date(2026, 12, 31),
    budget=(("307-02", 20_000_000), ("201-01", 4_000_000)),
    funding_shares={"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"},
)
LINES = (("307-02", "L-G"), ("201-01", "L-G"))


@pytest.fixture
def lined(world: World) -> World:
    world.budgets.load(LG, 2026, [budget_line("L-G", stat_object="307-02")], date(2026, 1, 2))  # 50,000,000 won
    return world


def test_an_application_is_received_with_its_findings_and_commits_nothing(lined: World) -> None:
    grants = lined.grant_decisions()
    first = grants.apply(RECIPIENT_USER, LG, APPLICATION)
    second = grants.apply(RECIPIENT_USER, LG, replace(APPLICATION, start=date(2026, 6, 1)))

    assert (first.status, first.recipient_brn, first.lg_code) == ("APPLIED", RECIPIENT, LG)
    assert {(f["code"], f["grantId"]) for f in second.findings} >= {("P01", first.grant_id)}  # named at once
    line = lined.budgets.line(LG, 2026, "L-G")
    assert line is not None and line.committed == 0
    with pytest.raises(Forbidden):
        grants.apply(OFFICIAL, LG, APPLICATION)


def test_approval_commits_the_public_share_of_each_line_and_records_the_decision(lined: World) -> None:
    grants = lined.grant_decisions()
    applied = grants.apply(RECIPIENT_USER, LG, APPLICATION)

    with pytest.raises(Invalid) as unlined:
        grants.decide(OFFICIAL, applied.grant_id, True, lines=(("307-02", "L-G"),))
    assert codes(unlined.value) == ["GRANT_LINE_REQUIRED"]
    approved = grants.decide(OFFICIAL, applied.grant_id, True, lines=LINES)

    assert approved.status == "OPEN" and approved.committed_fy == 2026
    assert approved.decided is not None and approved.decided["by"] == OFFICIAL.label
    line = lined.budgets.line(LG, 2026, "L-G")
    # 교부액: 90% of 24,000,000; the 자부담 of 2,400,000 is the recipient's and commits nothing
    assert line is not None and line.committed == 21_600_000
    with pytest.raises(Conflict):
        grants.decide(OFFICIAL, applied.grant_id, False, reason="중복 결정")
    with pytest.raises(NotFound):
        grants.decide(OTHER_OFFICIAL, applied.grant_id, True, lines=LINES)


def test_approval_never_commits_above_the_lines_uncommitted_budget(lined: World) -> None:
    grants = lined.grant_decisions()
    big = grants.apply(RECIPIENT_USER, LG, replace(APPLICATION, budget=(("307-02", 60_000_000),)))

    with pytest.raises(Invalid) as over:
        grants.decide(OFFICIAL, big.grant_id, True, lines=(("307-02", "L-G"),))

    assert codes(over.value) == ["BUDGET_EXCEEDED"]
    stored = lined.subsidy.get_grant(LG, big.grant_id)
    assert stored is not None and stored.status == "APPLIED"
    line = lined.budgets.line(LG, 2026, "L-G")
    assert line is not None and line.committed == 0


def test_approval_is_refused_while_a_finding_is_unacknowledged_or_the_recipient_is_sanctioned(lined: World) -> None:
    grants = lined.grant_decisions()
    first = grants.apply(RECIPIENT_USER, LG, APPLICATION)
    grants.decide(OFFICIAL, first.grant_id, True, lines=LINES)
    second = grants.apply(RECIPIENT_USER, LG, replace(APPLICATION, start=date(2026, 6, 1)))

    with pytest.raises(Invalid) as unresolved:
        grants.decide(OFFICIAL, second.grant_id, True, lines=LINES)
    assert set(codes(unresolved.value)) == {"SIMILAR_PROGRAM_UNRESOLVED"}

    sanction = Sanction("S-1", RECIPIENT, "부정수급", date(2026, 11, 1), date(2031, 10, 31), "26110")  # another LG
    lined.subsidy.add_sanction(sanction, "2026-11-01T09:00:00+09:00")
    seen = tuple((f["code"], f["grantId"], "후속 단계 사업으로 확인") for f in second.findings)
    with pytest.raises(Invalid) as barred:
        grants.decide(OFFICIAL, second.grant_id, True, lines=LINES, acknowledged=seen)
    assert codes(barred.value) == ["SANCTIONED"]
    assert "26110" not in barred.value.findings[0].message and "부정수급" not in barred.value.findings[0].message
    with pytest.raises(Invalid) as refused:
        grants.apply(RECIPIENT_USER, LG, replace(APPLICATION, title="새 사업"))
    assert codes(refused.value) == ["SANCTIONED"]


def test_a_rejection_says_why_and_a_rejected_application_is_no_similar_program(lined: World) -> None:
    grants = lined.grant_decisions()
    applied = grants.apply(RECIPIENT_USER, LG, APPLICATION)

    with pytest.raises(Invalid) as bare:
        grants.decide(OFFICIAL, applied.grant_id, False)
    assert codes(bare.value) == ["REASON_REQUIRED"]
    rejected = grants.decide(OFFICIAL, applied.grant_id, False, reason="사업 목적이 조례의 지원 대상이 아님")

    assert rejected.status == "REJECTED"
    assert rejected.decided is not None and rejected.decided["reason"].startswith("사업 목적")
    again = grants.apply(RECIPIENT_USER, LG, APPLICATION)
    assert again.findings == []
