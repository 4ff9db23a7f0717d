"""보탬e 교부결정 and 교부: no grant is decided or paid for a recipient a sanction (제재) of any LG bars, and none is
decided while a similar or duplicate program (P01, P02) is not acknowledged."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests

from tests.conftest import LG_CODE
from tests.integration.helpers import call_api, fund_treasury, operating_line
from tests.integration.test_settlement import FY, TODAY, run_settlement


def test_a_sanctioned_recipients_grant_is_held_and_nothing_is_paid(aws):
    from tests.integration.test_subsidy import RECIPIENT, create_grant

    fund_treasury()
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})[0] == 201
    create_grant("G-SANCTIONED", amount=5_000_000, line=operating_line()["lineId"])
    sanction = {"brn": RECIPIENT, "reason": "부정수급 확정", "from": TODAY.isoformat(), "until": "2031-12-31"}
    assert call_api("POST", "/v1/sanctions", "official", "11680", sanction)[0] == 201  # another LG's

    body = {"type": "payment", "asOf": TODAY.isoformat()}
    _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, body)
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["counts"].get("advances", 0) == 0, run
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "payment-run.json"), timeout=10)
    [held] = report.json()["heldAdvances"]
    assert (held["grantId"], held["code"]) == ("G-SANCTIONED", "SANCTIONED") and "2031-12-31" in held["reason"]
    transfers = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "bank-transfers.csv"), timeout=10)
    assert RECIPIENT not in transfers.text
    _, loaded = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})
    assert loaded["lines"][0]["expended"] == 0


def test_a_sanction_recorded_after_the_run_read_the_recipient_refuses_the_transaction(aws):
    """The condition in DynamoDB itself: the 교부's transaction names how many sanctions it read."""
    from shared.application.wiring import subsidy_repository, unit_of_work
    from shared.domain.subsidy.model import Sanction
    from shared.domain.unit_of_work import RecipientUnsanctioned, WriteConflict

    brn = "1208800767"
    repository, work = subsidy_repository(), unit_of_work()
    assert repository.recipient_sanctions(brn) == []
    work.commit([RecipientUnsanctioned(brn, 0)])  # none recorded: the condition holds
    until = TODAY + timedelta(days=30)
    repository.add_sanction(Sanction("S-1", brn, "부정수급", TODAY, until, "11680"), "2026-01-01T00:00:00Z")
    with pytest.raises(WriteConflict) as refused:
        work.commit([RecipientUnsanctioned(brn, 0)])  # the run read none; one came meanwhile
    assert refused.value.failed_any(RecipientUnsanctioned)
    assert [s.sanction_id for s in repository.recipient_sanctions(brn)] == ["S-1"]
    work.commit([RecipientUnsanctioned(brn, 1)])  # read after it: holds (the run then sees it active)


def test_no_grant_is_decided_for_a_recipient_under_a_sanction_of_any_lg(aws):
    """교부결정: refused with ``SANCTIONED`` while a sanction runs, whichever LG recorded it; nothing is created,
    and the answer names the period only, not the other LG or its reason."""
    from tests.integration.test_subsidy import RECIPIENT, grant_body

    sanction = {"brn": RECIPIENT, "reason": "부정수급 확정", "from": TODAY.isoformat(), "until": "2031-12-31"}
    assert call_api("POST", "/v1/sanctions", "official", "11680", sanction)[0] == 201
    status, problem = call_api("POST", "/v1/grants", "official", LG_CODE, grant_body("G-REFUSED"))
    assert status == 422 and [e["code"] for e in problem["errors"]] == ["SANCTIONED"], problem
    assert "2031-12-31" in problem["errors"][0]["message"] and "11680" not in json.dumps(problem, ensure_ascii=False)
    assert "부정수급" not in json.dumps(problem, ensure_ascii=False)
    assert call_api("GET", "/v1/grants/G-REFUSED", "official", LG_CODE)[0] == 404
    # a sanction that has ended bars nothing
    other = "1208800767"
    ended = {
        "brn": other,
        "reason": "기간 만료",
        "from": "2020-01-01",
        "until": (TODAY - timedelta(days=1)).isoformat(),
    }
    assert call_api("POST", "/v1/sanctions", "official", LG_CODE, ended)[0] == 201
    body = grant_body("G-AFTER") | {"recipientBrn": other}
    assert call_api("POST", "/v1/grants", "official", LG_CODE, body)[0] == 201


def test_a_grant_with_an_unresolved_similar_program_is_refused_until_acknowledged(aws):
    """교부결정 through the API: the refusal names each P01/P02 finding; the official acknowledges each with a reason,
    and the decided grant shows who acknowledged what, and why."""
    from tests.integration.test_subsidy import grant_body

    assert call_api("POST", "/v1/grants", "official", LG_CODE, grant_body("G-FIRST"))[0] == 201
    status, problem = call_api("POST", "/v1/grants", "official", LG_CODE, grant_body("G-SECOND"))
    assert status == 422 and {e["code"] for e in problem["errors"]} == {"SIMILAR_PROGRAM_UNRESOLVED"}, problem
    named = sorted(e["message"].split(" ")[0] for e in problem["errors"] if "against grant G-FIRST " in e["message"])
    assert named == ["P01", "P02"]
    assert call_api("GET", "/v1/grants/G-SECOND", "official", LG_CODE)[0] == 404
    reason = "1차년도 사업의 연속 지원으로 확인"
    acknowledged = [{"code": code, "grantId": "G-FIRST", "reason": reason} for code in named]
    body = grant_body("G-SECOND") | {"acknowledgedFindings": acknowledged}
    status, grant = call_api("POST", "/v1/grants", "official", LG_CODE, body)
    assert status == 201, grant
    assert {(f["code"], f["acknowledged"]["reason"]) for f in grant["findings"]} == {("P01", reason), ("P02", reason)}
    short = grant_body("G-THIRD") | {"acknowledgedFindings": [{"code": "P01", "grantId": "G-FIRST", "reason": "ok"}]}
    assert call_api("POST", "/v1/grants", "official", LG_CODE, short)[0] == 400  # a reason: 5 characters at least
