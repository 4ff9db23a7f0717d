"""보탬e 교부신청 -> 교부결정 -> 교부 through the API: the recipient applies, the official approves naming the lines,
the payment run pays the LG's share only, into the restricted 보조금 account."""

from __future__ import annotations

import requests

from tests.conftest import LG_CODE
from tests.integration.helpers import call_api, fund_treasury, operating_line
from tests.integration.test_settlement import FY, TODAY, run_settlement, trial_balance

APPLICANT = "1208147521"
PERIOD = {"start": TODAY.isoformat(), "end": f"{FY}-12-31"}
APPLICATION = {
    "lgCode": LG_CODE,
    "title": "마을 공동체 텃밭 조성",
    "purpose": "주민 공동 텃밭과 원예 교육",
    "field": "농림해양수산",
    "period": PERIOD,
    "budget": [{"category": "307-02", "amount": 40_000_000}, {"category": "402-01", "amount": 12_000_000}],
    "fundingShares": {"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"},
}
LINES = {"L-GARDEN": 40_000_000, "L-EQUIP": 12_000_000}


def _lines() -> dict[str, dict]:
    """The two 세출 lines (loaded again: a load of the same lines answers them as they stand)."""
    lines = [
        operating_line(line_id, budget) | {"field": "농림해양수산", "object": "307", "statObject": "307-02"}
        for line_id, budget in LINES.items()
    ]
    status, loaded = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": lines})
    assert status in (200, 201), loaded
    return {line["lineId"]: line for line in loaded["lines"]}


def test_an_application_is_approved_on_its_lines_and_the_run_pays_the_public_share(aws):
    fund_treasury()
    _lines()
    status, applied = call_api("POST", "/v1/grants/applications", "business", APPLICANT, APPLICATION)
    assert status == 201, applied
    assert (applied["status"], applied["recipientBrn"], applied["granted"]) == ("APPLIED", APPLICANT, 46_800_000)
    assert call_api("POST", "/v1/grants/applications", "official", LG_CODE, APPLICATION)[0] == 403
    path = f"/v1/grants/applications/{applied['grantId']}/decision"
    assert call_api("POST", path, "business", APPLICANT, {"decision": "approve"})[0] == 403

    status, refused = call_api("POST", path, "official", LG_CODE, {"decision": "approve"})
    assert status == 422 and {e["code"] for e in refused["errors"]} == {"GRANT_LINE_REQUIRED"}
    lines = [{"category": "307-02", "lineId": "L-GARDEN"}, {"category": "402-01", "lineId": "L-EQUIP"}]
    status, approved = call_api("POST", path, "official", LG_CODE, {"decision": "approve", "lines": lines})
    assert status == 200, approved
    assert approved["status"] == "OPEN" and approved["committedFy"] == FY
    assert approved["decision"]["outcome"] == "approved"
    committed = {line_id: line["committed"] for line_id, line in _lines().items()}
    # 교부결정 commits 90%: 36,000,000 of the 40,000,000 line and 10,800,000 of the 12,000,000 one
    assert (committed["L-GARDEN"], committed["L-EQUIP"]) == (36_000_000, 10_800_000)
    assert call_api("POST", path, "official", LG_CODE, {"decision": "reject", "reason": "다시 결정"})[0] == 409

    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()}
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["totals"]["advanced"] == 46_800_000, run
    transfers = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "bank-transfers.csv"), timeout=10)
    assert sum(int(row.split(",")[1]) for row in transfers.text.splitlines()[1:] if row.startswith(APPLICANT)) == (
        46_800_000
    )
    tb = {row["account"]: row["balance"] for row in trial_balance()["accounts"]}
    assert tb["1310"] == 46_800_000  # the restricted 보조금 account: the LG's asset until the recipient executes


def test_an_approval_over_the_lines_uncommitted_budget_is_refused_and_commits_nothing(aws):
    _lines()
    body = APPLICATION | {"budget": [{"category": "307-02", "amount": 50_000_000}]}
    _, applied = call_api("POST", "/v1/grants/applications", "business", APPLICANT, body)
    path = f"/v1/grants/applications/{applied['grantId']}/decision"
    decision = {"decision": "approve", "lines": [{"category": "307-02", "lineId": "L-GARDEN"}]}

    status, refused = call_api("POST", path, "official", LG_CODE, decision)

    assert status == 422 and [e["code"] for e in refused["errors"]] == ["BUDGET_EXCEEDED"]  # 45,000,000 > 40,000,000
    _, grant = call_api("GET", f"/v1/grants/{applied['grantId']}", "official", LG_CODE)
    assert grant["status"] == "APPLIED"
    status, rejected = call_api("POST", path, "official", LG_CODE, {"decision": "reject", "reason": "예산 부족"})
    assert status == 200 and rejected["decision"]["reason"] == "예산 부족"


def test_a_sanctioned_business_cannot_apply(aws):
    sanction = {"brn": APPLICANT, "reason": "부정수급 확정", "from": TODAY.isoformat(), "until": "2031-12-31"}
    assert call_api("POST", "/v1/sanctions", "official", "11680", sanction)[0] == 201

    status, refused = call_api("POST", "/v1/grants/applications", "business", APPLICANT, APPLICATION)

    assert status == 422 and [e["code"] for e in refused["errors"]] == ["SANCTIONED"]
    assert "11680" not in refused["errors"][0]["message"]
