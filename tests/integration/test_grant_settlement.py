"""보조금 정산 through the API: after its period the recipient files its 정산보고서 (executed per category, interest),
the official approves it; the 반납 is split by the public shares, the LG's part assessed as 세입 (보조금 반환금), the
national and provincial parts owed onward; a report the records contradict is refused; overdue ones are listed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.domain.calendar import is_business_day
from tests.conftest import LG_CODE
from tests.integration.helpers import call_api
from tests.integration.test_card_feed import RECIPIENT, _approval, _at, advanced_grant, drop_cards
from tests.integration.test_revenue import FEES
from tests.integration.test_settlement import FY, TODAY, trial_balance

RETURNS = FEES | {"lineId": "R-RET", "code": "120-50-01", "name": "보조금 반환금", "budget": 50_000_000}
END = TODAY - timedelta(days=1)


def _ended_grant_with_one_execution(aws) -> str:
    if END.year != FY or END.month == 1:
        pytest.skip("needs a period that ended this fiscal year, after January")
    grant_id = advanced_grant(aws, end=END)
    day = date(FY, 1, 5)  # early in the period (in its last tenth F14 would flag it)
    while not is_business_day(day):
        day += timedelta(days=1)
    result = drop_cards(aws, "settle.ndjson", [_approval("S-1", grant_id, 990_000, _at(day, 11))])
    assert result["counts"]["executed"] == 1, result["flagged"]  # under 10% of the budget: no F09
    return grant_id


def _balances() -> dict[str, int]:
    return {row["account"]: row["balance"] for row in trial_balance()["accounts"]}


def test_a_settlement_report_approved_splits_the_return_and_assesses_the_lgs_part(aws):
    grant_id = _ended_grant_with_one_execution(aws)
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "revenueLines": [RETURNS]})[0] == 201
    path = f"/v1/grants/{grant_id}/settlement"

    status, refused = call_api(
        "POST", path, "business", RECIPIENT, {"executed": [{"category": "307-02", "amount": 1_500_000}], "interest": 0}
    )
    assert status == 422 and [e["code"] for e in refused["errors"]] == ["SETTLEMENT_MISMATCH"], refused
    assert "990,000" in refused["errors"][0]["message"]
    report = {"executed": [{"category": "307-02", "amount": 990_000}], "interest": 12_345}
    assert call_api("POST", path, "official", LG_CODE, report)[0] == 403
    status, filed = call_api("POST", path, "business", RECIPIENT, report)
    assert status == 200 and filed["settlement"]["status"] == "FILED", filed
    assert call_api("POST", path, "business", RECIPIENT, report)[0] == 409  # filed once

    decision = f"{path}/decision"
    status, missing = call_api("POST", decision, "official", LG_CODE, {"decision": "approve"})
    assert status == 422 and missing["errors"][0]["code"] == "REVENUE_LINE_REQUIRED"
    status, approved = call_api(
        "POST", decision, "official", LG_CODE, {"decision": "approve", "revenueLineId": "R-RET"}
    )
    assert status == 200, approved
    returned = approved["settlement"]["return"]
    # 교부 9,000,000 - 집행 891,000 (the public part of 990,000) + 이자 12,345 = 8,121,345, split 3 : 2 : 4
    assert returned["shares"] == {"national": 2_707_110, "province": 1_804_740, "city": 3_609_480, "self": 0}
    assert (returned["returned"], returned["dropped"], returned["revenue"]) == (8_121_330, 15, 3_609_480)
    assert returned["payable"] == {"national": 2_707_110, "province": 1_804_740}
    assert approved["status"] == "SETTLED"

    balances = _balances()
    assert balances["1310"] == 0  # the advance is closed
    assert (balances["1230"], balances["2140"]) == (4_511_850, 4_511_850)  # owed by the recipient, owed onward
    assert balances["1220"] == 3_609_480  # the LG's part: 세입 assessed (징수결정), awaiting its 수납
    assert trial_balance()["balanced"]
    # a settled grant takes no more card payments
    late = drop_cards(aws, "after.ndjson", [_approval("S-2", grant_id, 10_000, _at(END, 11))])
    assert [e["code"] for e in late["errors"]] == ["GRANT_CLOSED"]


def test_a_report_before_the_period_ends_is_refused(aws):
    grant_id = advanced_grant(aws)
    path = f"/v1/grants/{grant_id}/settlement"
    report = {"executed": [{"category": "307-02", "amount": 0}], "interest": 0}
    status, early = call_api("POST", path, "business", RECIPIENT, report)
    assert status == 422 and [e["code"] for e in early["errors"]] == ["SETTLEMENT_EARLY"]


def test_a_returned_report_is_filed_again(aws):
    grant_id = _ended_grant_with_one_execution(aws)
    path = f"/v1/grants/{grant_id}/settlement"
    report = {"executed": [{"category": "307-02", "amount": 990_000}], "interest": 0}
    assert call_api("POST", path, "business", RECIPIENT, report)[0] == 200
    status, short = call_api("POST", f"{path}/decision", "official", LG_CODE, {"decision": "return"})
    assert status == 422 and short["errors"][0]["code"] == "REASON_REQUIRED"
    body = {"decision": "return", "reason": "이자 증빙(통장 사본) 누락"}
    status, returned = call_api("POST", f"{path}/decision", "official", LG_CODE, body)
    assert status == 200 and returned["settlement"]["status"] == "RETURNED"
    status, again = call_api("POST", path, "business", RECIPIENT, report | {"interest": 4_100})
    assert status == 200 and again["settlement"]["interest"] == 4_100


def test_a_report_past_its_deadline_is_on_the_officials_list(aws):
    end = TODAY - timedelta(days=70)
    if end.year != FY:
        pytest.skip("needs a period that ended this fiscal year more than two months ago")
    grant_id = advanced_grant(aws, end=end)
    status, listed = call_api("GET", "/v1/grants/settlements/overdue", "official", LG_CODE)
    assert status == 200
    (row,) = [r for r in listed["items"] if r["grantId"] == grant_id]
    assert row["report"] == "none" and row["daysOverdue"] > 0 and row["due"] < TODAY.isoformat()
    assert call_api("GET", "/v1/grants/settlements/overdue", "business", RECIPIENT)[0] == 403


def test_fraud_confirmed_is_recovered_with_a_surcharge_of_at_most_five_times(aws):
    grant_id = _ended_grant_with_one_execution(aws)
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "revenueLines": [RETURNS]})[0] == 201
    path = f"/v1/grants/{grant_id}/recoveries"
    body = {"recoveryId": "F-1", "amount": 891_000, "revenueLineId": "R-RET", "reason": "허위 영수증으로 집행"}

    status, refused = call_api("POST", path, "official", LG_CODE, body | {"surcharge": 5 * 891_000 + 1})
    assert status == 422 and [e["code"] for e in refused["errors"]] == ["SURCHARGE_LIMIT"]
    status, too_much = call_api("POST", path, "official", LG_CODE, body | {"amount": 891_001})
    assert status == 422 and [e["code"] for e in too_much["errors"]] == ["RECOVERY_AMOUNT"]  # more than was paid out
    assert call_api("POST", path, "business", RECIPIENT, body)[0] == 403
    before = _balances()

    status, recovered = call_api("POST", path, "official", LG_CODE, body | {"surcharge": 2 * 891_000})
    assert status == 201, recovered
    (recovery,) = recovered["recoveries"]
    # 891,000 split 3 : 2 : 4 of the public money: the LG's 396,000 and the 제재부가금 are its 세입
    assert recovery["shares"] == {"national": 297_000, "province": 198_000, "city": 396_000, "self": 0}
    assert recovery["payable"] == {"national": 297_000, "province": 198_000}
    after = _balances()
    assert after["1220"] - before.get("1220", 0) == 396_000 + 1_782_000  # assessed (징수결정): 환수 + 제재부가금
    assert after["2140"] - before.get("2140", 0) == 495_000  # owed onward
    assert [e["event"] for e in recovered["history"]][-1] == "recovered (환수)"
    again = call_api("POST", path, "official", LG_CODE, body | {"surcharge": 2 * 891_000})
    assert again[0] == 201 and len(again[1]["recoveries"]) == 1 and _balances() == after  # once per recovery id
