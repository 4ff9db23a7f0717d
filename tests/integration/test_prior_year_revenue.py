"""과년도 수입: a year's 미수납액 is carried by its final close into the next year's line, and collected (or written
off) there after the 출납정리기한, in the next year's books, without booking the revenue twice."""

from __future__ import annotations

from datetime import date

import requests

from tests.conftest import LG_CODE
from tests.integration.helpers import call_api
from tests.integration.test_revenue import DAY, PROPERTY_TAX
from tests.integration.test_settlement import FY, run_settlement


def _close(aws, body: dict) -> tuple[dict, dict]:
    _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", **body})
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED", run
    url = next(r["url"] for r in run["reports"] if r["name"] == "year-close.json")
    return run, requests.get(url, timeout=10).json()


def _line(fy: int) -> dict:
    from shared.application.wiring import revenue_repository

    found = revenue_repository().revenue_line(LG_CODE, fy, PROPERTY_TAX["lineId"])
    assert found is not None
    return found.to_api()


def _balances(fy: int) -> dict[str, int]:
    from shared.application.wiring import ledger_repository

    rows = ledger_repository().trial_balance(LG_CODE, fy, include_budget=False).rows
    return {row.account: row.balance for row in rows}


def test_a_receivable_left_at_the_deadline_is_collected_in_the_next_year_once_carried(aws, after_the_year):
    body = {"fy": FY, "revenueLines": [PROPERTY_TAX | {"budget": 3_000_000}]}
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, body)[0] == 201
    assessment = {"assessmentId": "A-OLD", "fy": FY, "lineId": "R-110", "amount": 2_500_000, "date": DAY}
    assert call_api("POST", "/v1/revenues/assessments", "official", LG_CODE, assessment)[0] == 201
    receipt = {"receiptId": "P-1", "assessmentId": "A-OLD", "amount": 2_000_000, "date": DAY}
    assert call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, receipt)[0] == 201
    year_end = after_the_year()  # 11 February of FY + 1: FY's 출납정리기간 is over
    late = date(FY + 1, 2, 11).isoformat()

    # before FY's final close carries it, nothing holds the receivable in FY + 1: refused, nothing written
    early = {"receiptId": "P-2", "assessmentId": "A-OLD", "amount": 300_000, "date": late}
    status, problem = call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, early)
    assert status == 409 and problem["errors"][0]["code"] == "FISCAL_YEAR_NOT_CLOSED", problem
    from shared.application.wiring import revenue_repository

    assert revenue_repository().receipt(LG_CODE, "P-2") is None and _line(FY)["received"] == 2_000_000

    _, closed = _close(aws, {"asOf": year_end})
    assert closed["revenueSettlement"]["total"]["outstanding"] == 500_000
    assert _line(FY + 1)["carriedIn"] == 500_000 and _line(FY + 1)["budget"] == 0  # the line made for it
    assert _balances(FY + 1)["1210"] == 500_000  # and the ledger's opening receivable

    status, received = call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, early)
    assert status == 201, received
    assert (received["fy"], received["priorYear"], received["applied"]) == (FY + 1, True, 300_000)
    # the receipt is cash against the carried receivable in FY + 1's books; the revenue stays FY's
    after = _balances(FY + 1)
    assert after["1210"] == 200_000 and after["1110"] == 2_000_000 + 300_000 and "4110" not in after
    assert _line(FY)["received"] == 2_000_000  # the closed year is left as it was closed

    _, provisional = _close(aws, {"asOf": late, "provisional": True})
    row = next(r for r in provisional["revenueSettlement"]["lines"] if r["lineId"] == "R-110")
    assert (row["assessed"], row["carriedIn"], row["received"], row["outstanding"]) == (
        500_000,
        500_000,
        300_000,
        200_000,
    )
    assert provisional["revenueSettlement"]["balanced"] and provisional["reconciliation"]["matches"]
    receivable = next(r for r in provisional["notes"]["receivables"] if r["account"] == "1210")
    assert (receivable["priorYears"], receivable["currentYear"], receivable["balance"]) == (200_000, 0, 200_000)

    # 과년도 결손: the rest written off in FY + 1, against the carried receivable; not more than is left
    write_off = {"writeOffId": "W-1", "assessmentId": "A-OLD", "amount": 200_001, "date": late, "reason": "소멸시효"}
    status, problem = call_api("POST", "/v1/revenues/write-offs", "official", LG_CODE, write_off)
    assert status == 422 and problem["errors"][0]["code"] == "WRITE_OFF_EXCEEDS_OUTSTANDING", problem
    status, written = call_api("POST", "/v1/revenues/write-offs", "official", LG_CODE, write_off | {"amount": 200_000})
    assert status == 201 and (written["fy"], written["priorYear"]) == (FY + 1, True), written
    line = _line(FY + 1)
    assert (line["carriedOutstanding"], line["outstanding"], line["writtenOff"]) == (0, 0, 200_000)
    assert _balances(FY + 1).get("1210", 0) == 0 and _balances(FY + 1)["5910"] == 200_000
