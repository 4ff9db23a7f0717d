"""Settlement runs through the API and the settlement function, against moto: payment, closes, reports."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import requests
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from infra.local.context import LocalContext, sqs_event
from infra.local.samples import Line, kec_invoice
from shared.domain.calendar import now_seoul
from tests.conftest import LG_CODE, SUPPLIER
from tests.integration.helpers import OPERATING_LINE, accept, call_api, claim_body, fund_treasury, operating_line

TODAY = now_seoul().date()  # business dates are Seoul's
FY = TODAY.year


def run_settlement(aws) -> int:
    """Deliver the settlement queue's messages to the settlement function until it is empty."""
    from functions.settlement.handler import handler
    from shared.adapters.aws import client

    sqs, url = client("sqs"), aws.queue_urls["SettlementQueue"]
    steps = 0
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=1).get("Messages", [])
        if not messages:
            return steps
        if '"s3:TestEvent"' in messages[0]["Body"]:  # S3's test message of the receipts notification: no step
            sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
            continue
        try:
            handler(sqs_event(messages, "arn:aws:sqs:ap-northeast-2:0:settlement"), LocalContext("settlement"))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        except BatchProcessingError:  # a batch of one that failed: the message stays, invisible until it times out
            pass
        steps += 1
        assert steps < 500


def accepted_claims(lg_tax_id: str, count: int, contract: str | None = None, start: int = 1) -> list[str]:
    ids = []
    for n in range(start, start + count):
        doc = kec_invoice(SUPPLIER, lg_tax_id, TODAY - timedelta(days=2), n, [Line("용역", 1, 100_000 * n)])
        extra = {"contractId": contract} if contract else {}
        status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc, **extra))
        assert status == 201, created
        status, decided = accept(created["claimId"], line_id=None if contract else OPERATING_LINE)
        assert status == 200, decided
        ids.append(created["claimId"])
    return ids


def trial_balance() -> dict:
    status, balance = call_api("GET", "/v1/ledger/trial-balance", "official", LG_CODE)
    assert status == 200
    return balance


def test_acceptance_posts_a_pending_entry_and_the_books_balance(aws, lg_tax_id):
    accepted_claims(lg_tax_id, 2)
    balance = trial_balance()
    assert balance["balanced"] and balance["totals"]["debit"] == balance["totals"]["credit"]


def test_payment_run_pays_every_accepted_claim_once(aws, lg_tax_id, later):
    fund_treasury()
    call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [
                {
                    "lineId": "L1",
                    "fund": "일반회계",
                    "field": "일반공공행정",
                    "sector": "일반행정",
                    "program": "정보화",
                    "unit": "운영",
                    "project": "유지보수",
                    "object": "201",
                    "statObject": "201-01",
                    "budget": 10_000_000,
                }
            ],
        },
    )
    call_api(
        "POST",
        "/v1/contracts",
        "official",
        LG_CODE,
        {"contractId": "C-1", "supplierBrn": SUPPLIER, "amount": 5_000_000, "lineId": "L1", "fy": FY},
    )
    ids = accepted_claims(lg_tax_id, 3, contract="C-1")
    as_of = later(30).isoformat()  # the run, 30 days on, is after every due date: interest is owed
    status, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": as_of})
    assert status == 202
    again = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": as_of})
    assert again[1]["runId"] == started["runId"]
    run_settlement(aws)
    status, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert status == 200 and run["status"] == "SUCCEEDED", run
    assert run["counts"]["paid"] == 3 and run["totals"]["paid"] == (110_000 + 220_000 + 330_000)
    assert run["totals"]["lateInterest"] > 0
    assert {r["name"] for r in run["reports"]} >= {"payment-run.html", "payment-run.json", "bank-transfers.csv"}
    for claim_id in ids:
        claim = call_api("GET", f"/v1/claims/{claim_id}", "business", SUPPLIER)[1]
        assert claim["status"] == "PAID" and claim["paidOn"] == as_of and claim["lateInterest"] > 0
    assert trial_balance()["balanced"]
    # starting the same run again pays nothing more
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": as_of})
    run_settlement(aws)
    assert (
        call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)[1]["counts"] == run["counts"]
    )
    _, lines = call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [
                {
                    "lineId": "L1",
                    "fund": "일반회계",
                    "field": "일반공공행정",
                    "sector": "일반행정",
                    "program": "정보화",
                    "unit": "운영",
                    "project": "유지보수",
                    "object": "201",
                    "statObject": "201-01",
                    "budget": 10_000_000,
                }
            ],
        },
    )
    assert lines["lines"][0]["expended"] == 660_000 + run["totals"]["lateInterest"]  # 지연이자 is paid from the line


def test_a_crash_mid_run_is_completed_by_the_retry_without_paying_twice(aws, lg_tax_id, monkeypatch):
    from shared.domain.settlement import payment_run

    fund_treasury()
    ids = accepted_claims(lg_tax_id, 5)
    monkeypatch.setattr(payment_run, "QUERY_PAGE", 2)
    real = payment_run.PaymentRun._write_chunk
    calls = {"n": 0}

    def crashing(self, run, page, lines):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("injected crash after the first chunk")
        return real(self, run, page, lines)

    monkeypatch.setattr(payment_run.PaymentRun, "_write_chunk", crashing)
    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()}
    )
    run_settlement(aws)  # the failed step stays on the queue (visibility) ...
    from shared.adapters.aws import client

    sqs, url = client("sqs"), aws.queue_urls["SettlementQueue"]
    sqs.purge_queue(QueueUrl=url)
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"runId": started["runId"]}))  # ... and is retried
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["counts"]["paid"] == 5
    statuses = [call_api("GET", f"/v1/claims/{i}", "business", SUPPLIER)[1]["status"] for i in ids]
    assert statuses == ["PAID"] * 5
    assert trial_balance()["balanced"]


def test_month_close_and_year_close_reports(aws, lg_tax_id, later, after_the_year):
    fund_treasury()
    call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [
                {
                    "lineId": "L1",
                    "fund": "일반회계",
                    "field": "일반공공행정",
                    "sector": "일반행정",
                    "program": "정보화",
                    "unit": "운영",
                    "project": "유지보수",
                    "object": "201",
                    "statObject": "201-01",
                    "budget": 10_000_000,
                }
            ],
        },
    )
    accepted_claims(lg_tax_id, 2)
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    as_of = TODAY.isoformat()
    _, provisional = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": as_of, "provisional": True}
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{provisional['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and provisional["runId"].endswith("-provisional")
    assert {r["name"] for r in run["reports"]} == {
        "year-close.json",
        "year-close.csv",
        "year-close.html",
        "revenue-settlement.csv",
        "settlement-book.html",  # the 결산서: the LG's total, and each 회계's
        "settlement-book-일반회계.html",
    }
    assert call_api("GET", f"/v1/public/lgs/{LG_CODE}/indicators?fy={FY}")[0] == 404  # nothing closed yet
    status, refused = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "month-close", "asOf": as_of}
    )
    assert status == 422 and refused["errors"][0]["code"] == "RUN_PERIOD_NOT_ENDED"  # the month goes on
    later((date(FY + 1, 2, 10) - TODAY).days)  # the last day of the 출납정리기간
    status, refused = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": f"{FY}-12-31"}
    )
    assert status == 422 and refused["errors"][0]["code"] == "RUN_TOO_EARLY"
    year_end = after_the_year()
    _, month = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "month-close", "asOf": as_of})
    run_settlement(aws)
    _, closed = call_api("GET", f"/v1/settlements/runs/{month['runId']}", "official", LG_CODE)
    assert closed["status"] == "SUCCEEDED"
    url = next(r["url"] for r in closed["reports"] if r["name"] == "month-close.json")
    report = requests.get(url, timeout=10).json()
    assert report["timeliness"]["count"] == 2 and report["timeliness"]["onTime"]["count"] == 2
    assert report["byStatObject"][0]["statObject"] == "201-01"
    _, final = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": year_end})
    run_settlement(aws)
    assert call_api("GET", f"/v1/settlements/runs/{final['runId']}", "official", LG_CODE)[1]["status"] == "SUCCEEDED"
    status, indicators = call_api("GET", f"/v1/public/lgs/{LG_CODE}/indicators?fy={FY}")
    assert status == 200 and indicators["lgCode"] == LG_CODE and "executionRate" in indicators
    assert indicators["paymentTimeliness"]["count"] == 2
    assert SUPPLIER not in json.dumps(indicators)


def test_runs_are_the_lgs_own(aws):
    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()}
    )
    assert call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", "11140")[0] == 404
    assert (
        call_api("POST", "/v1/settlements/runs", "business", SUPPLIER, {"type": "payment", "asOf": TODAY.isoformat()})[
            0
        ]
        == 403
    )


@pytest.mark.parametrize("business_day", [True, False])
def test_the_schedule_starts_a_run_for_every_lg_on_business_days(aws, monkeypatch, business_day):
    """The daily schedule pays on business days only; the test moves Seoul's clock to the latest business day (or
    non-business day) up to today, so that it holds whatever day it runs."""
    from datetime import datetime

    from shared.adapters.aws import client
    from shared.domain import calendar

    day = TODAY
    while calendar.is_business_day(day) != business_day:
        day -= timedelta(days=1)
    moved = datetime.combine(day, datetime.min.time().replace(hour=18), tzinfo=calendar.SEOUL)
    monkeypatch.setattr(calendar, "now_seoul", lambda: moved)
    sqs, url = client("sqs"), aws.queue_urls["SettlementQueue"]
    sqs.send_message(
        QueueUrl=url, MessageBody=json.dumps({"source": "schedule", "schedule": "daily-payment-run", "type": "payment"})
    )
    run_settlement(aws)
    run_id = f"{LG_CODE}-payment-{day.isoformat()}"
    status, run = call_api("GET", f"/v1/settlements/runs/{run_id}", "official", LG_CODE)
    if business_day:
        assert status == 200 and run["status"] == "SUCCEEDED"
    else:
        assert status == 404  # banks transfer on business days: no run, the next business day's run pays


def test_grant_advances_are_paid_once_and_subsidy_claims_settle_against_them(aws, later):
    from tests.integration.test_subsidy import RECIPIENT, create_grant, subsidy_claim

    fund_treasury()
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})[0] == 201
    create_grant("G-ADV", amount=5_000_000, line=OPERATING_LINE)  # 5,000,000 + 10,000,000 in its two categories
    create_grant("G-NOLINE", amount=1_000_000)  # its categories name no line: not paid, and said so
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-ADV", 77, 1_000_000))
    call_api("POST", f"/v1/claims/{created['claimId']}/decision", "official", LG_CODE, {"decision": "accept"})
    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()}
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED"
    # the 교부 is the public share (국비 0.5 + 시도비 0.2 + 시군구비 0.2) of the 15,000,000 program: 13,500,000; the
    # 10% 자부담 is the recipient's own money and never leaves the LG's treasury
    assert run["counts"]["advances"] == 1 and run["totals"]["advanced"] == 13_500_000
    # the execution of 1,100,000 is 990,000 지방비 from the 교부 and 110,000 of the recipient's 자부담
    assert run["counts"]["settledSubsidy"] == 1 and run["totals"]["subsidyExecuted"] == 990_000
    assert run["totals"]["selfFunded"] == 110_000
    _, grant = call_api("GET", "/v1/grants/G-ADV", "official", LG_CODE)
    line = next(b for b in grant["budget"] if b["category"] == "307-02")
    assert (line["executed"], line["funded"], line["reserved"]) == (1_100_000, 990_000, 0)
    assert (line["amount"], line["granted"], grant["granted"]) == (5_000_000, 4_500_000, 13_500_000)
    transfers = requests.get(
        next(r["url"] for r in run["reports"] if r["name"] == "bank-transfers.csv"), timeout=10
    ).text
    assert f"{RECIPIENT},13500000" in transfers
    # the restricted 보조금 account holds what the recipient has not yet executed of the 교부
    tb = {row["account"]: row["balance"] for row in trial_balance()["accounts"]}
    assert tb["1310"] == 13_500_000 - 990_000
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "payment-run.json"), timeout=10)
    assert [(h["grantId"], h["code"]) for h in report.json()["heldAdvances"]] == [("G-NOLINE", "GRANT_LINE_REQUIRED")]
    _, budget = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})
    assert budget["lines"][0]["expended"] == 13_500_000  # the 교부 is the line's execution
    assert trial_balance()["balanced"]
    # the next day's run pays no advance again
    tomorrow = later(1).isoformat()
    _, second = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": tomorrow})
    run_settlement(aws)
    assert (
        call_api("GET", f"/v1/settlements/runs/{second['runId']}", "official", LG_CODE)[1]["counts"].get("advances", 0)
        == 0
    )


def test_the_year_close_closes_grants_whose_period_ended(aws, after_the_year):
    from tests.integration.test_subsidy import RECIPIENT, create_grant, grant_body, subsidy_claim

    status, _ = call_api(
        "POST",
        "/v1/grants",
        "official",
        LG_CODE,
        grant_body("G-OLD") | {"period": {"start": (TODAY - timedelta(days=60)).isoformat(), "end": TODAY.isoformat()}},
    )
    assert status == 201
    create_grant("G-ON")  # its period goes on: stays open
    year_end = after_the_year()
    _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": year_end})
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "year-close.json"), timeout=10).json()
    # 정산 settles the grant whose period ended this year, not the one still running
    assert [g["grantId"] for g in report["grantSettlement"]["grants"]] == ["G-OLD"]
    assert call_api("GET", "/v1/grants/G-OLD", "official", LG_CODE)[1]["status"] == "CLOSED"
    assert call_api("GET", "/v1/grants/G-ON", "official", LG_CODE)[1]["status"] == "OPEN"
    status, problem = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-OLD", 88, 10_000))
    assert status == 422 and "GRANT_CLOSED" in {e["code"] for e in problem["errors"]}


def test_year_close_carries_amounts_over_and_reports_the_unused_budget(aws, lg_tax_id):
    fund_treasury()
    call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [
                {
                    "lineId": "L1",
                    "fund": "일반회계",
                    "field": "일반공공행정",
                    "sector": "일반행정",
                    "program": "정보화",
                    "unit": "운영",
                    "project": "유지보수",
                    "object": "201",
                    "statObject": "201-01",
                    "budget": 10_000_000,
                    "carriedIn": 1_000_000,
                    "explicitCarryOverApproved": 2_000_000,  # 명시이월 (C-Y's 4,890,000 left does not fit)
                }
            ],
        },
    )
    call_api(
        "POST",
        "/v1/contracts",
        "official",
        LG_CODE,
        {"contractId": "C-Y", "supplierBrn": SUPPLIER, "amount": 5_000_000, "lineId": "L1", "fy": FY},
    )
    accepted_claims(lg_tax_id, 1, contract="C-Y")  # 110,000 won
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    status, started = call_api(
        "POST",
        "/v1/settlements/runs",
        "official",
        LG_CODE,
        {"type": "year-close", "asOf": TODAY.isoformat(), "provisional": True, "carryOver": {"L1": 2_000_000}},
    )
    assert status == 202
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["carryOver"] == {"L1": 2_000_000}
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "year-close.json"), timeout=10).json()
    # 예산현액 11,000,000 = 10,000,000 + 1,000,000; 불용액 = 11,000,000 - 110,000 - 2,000,000 = 8,890,000
    assert report["lines"] == [
        {
            "lineId": "L1",
            "budgetCurrent": 11_000_000,
            "expended": 110_000,
            "carriedOver": 2_000_000,
            "carriedOverByType": {"explicit": 2_000_000, "accident": 0, "continuing": 0},
            "unused": 8_890_000,
        }
    ]
    assert report["financialPosition"]["balanced"] and report["reconciliation"]["matches"]
    status, problem = call_api(
        "POST",
        "/v1/settlements/runs",
        "official",
        LG_CODE,
        {"type": "payment", "asOf": TODAY.isoformat(), "carryOver": {"L1": 1}},
    )
    assert status == 422 and problem["errors"][0]["code"] == "RUN_CARRY_OVER"


def test_nothing_is_accepted_into_a_closed_month(aws, lg_tax_id):
    from shared.application.wiring import ledger_repository

    doc = kec_invoice(SUPPLIER, lg_tax_id, TODAY - timedelta(days=2), 991, [Line("용역", 1, 100_000)])
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc, lineId=OPERATING_LINE))
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})[0] == 201
    # a month still running cannot be closed by a run ...
    status, refused = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "month-close", "asOf": TODAY.isoformat()}
    )
    assert status == 422 and refused["errors"][0]["code"] == "RUN_PERIOD_NOT_ENDED"
    assert run_settlement(aws) == 0
    # ... and should the ledger hold it closed all the same, an acceptance dated in it is refused
    ledger_repository().close_period(LG_CODE, TODAY.strftime("%Y-%m"), closed_by="test")
    status, problem = accept(created["claimId"], line_id=None)  # the claim names its line
    assert status == 409 and problem["errors"][0]["code"] == "PERIOD_CLOSED"
    assert call_api("GET", f"/v1/claims/{created['claimId']}", "official", LG_CODE)[1]["status"] == "RECEIVED"


def test_runs_are_dated_today_or_before_and_a_payment_run_today(aws):
    tomorrow, yesterday = (TODAY + timedelta(days=1)).isoformat(), (TODAY - timedelta(days=1)).isoformat()
    for body, code in (
        ({"type": "payment", "asOf": tomorrow}, "RUN_AS_OF_FUTURE"),
        ({"type": "month-close", "asOf": tomorrow}, "RUN_AS_OF_FUTURE"),
        ({"type": "year-close", "asOf": tomorrow, "provisional": True}, "RUN_AS_OF_FUTURE"),
        ({"type": "payment", "asOf": yesterday}, "RUN_AS_OF"),
    ):
        status, problem = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, body)
        assert status == 422 and [e["code"] for e in problem["errors"]] == [code], (body, problem)
    assert run_settlement(aws) == 0  # nothing started


def test_the_same_close_with_another_carry_over_is_a_conflict(aws):
    call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [
                {
                    "lineId": "L1",
                    "fund": "일반회계",
                    "field": "일반공공행정",
                    "sector": "일반행정",
                    "program": "정보화",
                    "unit": "운영",
                    "project": "유지보수",
                    "object": "201",
                    "statObject": "201-01",
                    "budget": 10_000_000,
                    "explicitCarryOverApproved": 1_000,
                }
            ],
        },
    )
    body = {"type": "year-close", "asOf": TODAY.isoformat(), "provisional": True, "carryOver": {"L1": 1_000}}
    assert call_api("POST", "/v1/settlements/runs", "official", LG_CODE, body)[0] == 202
    assert call_api("POST", "/v1/settlements/runs", "official", LG_CODE, body)[0] == 202  # the same: the same run
    status, problem = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, body | {"carryOver": {"L1": 2}})
    assert status == 409 and problem["errors"][0]["code"] == "RUN_EXISTS"


def test_the_schedule_pays_on_business_days_only(aws, later):
    from shared.application.wiring import run_service

    def scheduled_on(day: date) -> list[str]:
        later((day - TODAY).days)
        return run_service().start_scheduled("payment")

    assert scheduled_on(date(2026, 9, 25)) == []  # 추석 (Chuseok), a Friday
    assert scheduled_on(date(2026, 10, 5)) == []  # 개천절's substitute holiday, a Monday
    assert scheduled_on(date(2026, 10, 10)) == []  # a Saturday
    assert f"{LG_CODE}-payment-2026-10-06" in scheduled_on(date(2026, 10, 6))


def test_the_reconciliation_catches_cash_the_payment_runs_did_not_pay(aws, lg_tax_id):
    """The check holds the ledger's cash against what the payment runs' own records transferred: an entry that
    takes cash out of the ledger without a run shows as a difference."""
    from shared.application.wiring import ledger_repository
    from shared.domain.settlement import ledger

    fund_treasury(amount=1_000_000)  # 교부세 received: the year's cash
    accepted_claims(lg_tax_id, 2)  # 110,000 and 220,000 won
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    ledger_repository().record(
        [
            ledger.JournalEntry(
                ledger.entry_id("stray", LG_CODE, 1),
                LG_CODE,
                FY,
                TODAY,
                "지급 without a run",
                (ledger.debit("5210", 5_000), ledger.credit("1110", 5_000)),
            )
        ]
    )
    _, started = call_api(
        "POST",
        "/v1/settlements/runs",
        "official",
        LG_CODE,
        {"type": "year-close", "asOf": TODAY.isoformat(), "provisional": True},
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    check = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "year-close.json"), timeout=10).json()[
        "reconciliation"
    ]
    assert not check["matches"] and check["mismatched"] == ["일반회계"]
    fund = check["funds"][0]
    assert (fund["cash"], fund["expenditure"], fund["difference"]) == (665_000, 330_000, -5_000)


def test_a_final_close_on_books_that_disagree_with_the_records_fails_with_the_difference(
    aws, lg_tax_id, after_the_year
):
    """결산 is not signed while the ledger's cash differs from what the revenue and payment records say: the close
    fails, names the difference, locks nothing, and runs again once the books are put right."""
    from shared.application.wiring import ledger_repository
    from shared.domain.settlement import ledger

    fund_treasury()
    accepted_claims(lg_tax_id, 2)  # 110,000 and 220,000 won, on the operating line
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    stray = ledger.JournalEntry(
        ledger.entry_id("stray", LG_CODE, 2),
        LG_CODE,
        FY,
        TODAY,
        "지급 without a run",
        (ledger.debit("5210", 5_000), ledger.credit("1110", 5_000)),
    )
    ledger_repository().record([stray])
    year_end = after_the_year()

    _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": year_end})
    run_settlement(aws)
    _, failed = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert failed["status"] == "FAILED" and "by -5,000 won" in failed["error"], failed
    report = requests.get(next(r["url"] for r in failed["reports"] if r["name"] == "year-close.json"), timeout=10)
    execution = report.json()["executionCheck"]
    assert execution["matches"] and [row["paid"] for row in execution["lines"]] == [330_000]  # the line agrees
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})[0] == 201

    ledger_repository().record([ledger.reversal(stray, ledger.entry_id("stray-reversed", LG_CODE, 2), TODAY)])
    _, again = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": year_end})
    assert again["runId"] == started["runId"]
    run_settlement(aws)
    _, signed = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert signed["status"] == "SUCCEEDED", signed
    status, closed = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line()]})
    assert status == 409 and closed["errors"][0]["code"] == "FISCAL_YEAR_CLOSED"
    # the year's revenues and expenses are closed into 순자산, and the next year opens with its balance sheet
    closed_year = ledger_repository().trial_balance(LG_CODE, FY, include_budget=False)
    left = {r.account: r.debit - r.credit for r in closed_year.rows if r.debit != r.credit}
    assert {ledger.account(code).type for code in left} <= {"asset", "liability", "net_assets"}, left
    opened = ledger_repository().trial_balance(LG_CODE, FY + 1, include_budget=False)
    assert {r.account: r.debit - r.credit for r in opened.rows if r.debit != r.credit} == left
    assert left["1110"] == 10**11 - 330_000  # the cash the records say is held: received less paid


def test_claims_accepted_after_the_runs_date_wait_for_the_next_run(aws, lg_tax_id, later):
    """A run still going past midnight meets claims accepted the next day: they are the next run's, not a failure."""
    fund_treasury()
    ids = accepted_claims(lg_tax_id, 2)
    yesterday = later(-1).isoformat()  # the run was started yesterday, before these acceptances
    _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": yesterday})
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["counts"].get("paid", 0) == 0, run
    assert [call_api("GET", f"/v1/claims/{i}", "official", LG_CODE)[1]["status"] for i in ids] == ["ACCEPTED"] * 2


def test_after_the_settlement_deadline_last_years_claims_are_held_over_not_a_failure(aws, lg_tax_id, later):
    """After 10 February (출납정리기한) a claim accepted last year can no longer be paid from last year: the run
    pays this year's claims and reports last year's as held over, for the official's 이월."""

    def accept_on(day: date, serial: int, amount: int) -> str:
        later((day - TODAY).days)
        doc = kec_invoice(SUPPLIER, lg_tax_id, day - timedelta(days=3), serial, [Line("용역", 1, amount)])
        _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))
        status, decided = accept(created["claimId"])
        assert status == 200, decided
        return created["claimId"]

    fund_treasury(day=f"{FY}-01-05")  # this year's cash (last year's claims are held over, not paid)
    old = [accept_on(date(FY - 1, 12, 22), 1, 100_000), accept_on(date(FY - 1, 12, 30), 2, 200_000)]
    new = accept_on(date(FY, 2, 2), 3, 300_000)
    run_day = later((date(FY, 3, 3) - TODAY).days)  # a Tuesday after the deadline
    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": run_day.isoformat()}
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["counts"]["paid"] == 1, run
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "payment-run.json"), timeout=10).json()
    assert sorted(h["claimId"] for h in report["heldOver"]) == sorted(old)
    statuses = {i: call_api("GET", f"/v1/claims/{i}", "official", LG_CODE)[1]["status"] for i in [*old, new]}
    assert statuses == {old[0]: "ACCEPTED", old[1]: "ACCEPTED", new: "PAID"}
    assert trial_balance()["balanced"]


def test_a_month_closed_mid_run_fails_the_run_cleanly_with_the_transfers_it_made(aws, lg_tax_id, monkeypatch):
    """The month close racing a long payment run: what the run paid stays paid and goes to the bank file; the
    run fails saying why, instead of retrying a transaction that can never succeed."""
    from shared.application.wiring import ledger_repository
    from shared.domain.settlement import payment_run

    fund_treasury()
    ids = accepted_claims(lg_tax_id, 5)
    monkeypatch.setattr(payment_run, "QUERY_PAGE", 2)
    real = payment_run.PaymentRun._write_chunk
    calls = {"n": 0}

    def close_after_the_first_chunk(self, run, page, lines):
        calls["n"] += 1
        if calls["n"] == 2:
            ledger_repository().close_period(LG_CODE, TODAY.strftime("%Y-%m"), closed_by="test: the month close")
        return real(self, run, page, lines)

    monkeypatch.setattr(payment_run.PaymentRun, "_write_chunk", close_after_the_first_chunk)
    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()}
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "FAILED" and "closed" in run["error"] and run["counts"]["paid"] == 2, run
    transfers = requests.get(
        next(r["url"] for r in run["reports"] if r["name"] == "bank-transfers.csv"), timeout=10
    ).text
    assert f"{SUPPLIER},330000," in transfers  # the first two claims: 110,000 + 220,000
    statuses = [call_api("GET", f"/v1/claims/{i}", "official", LG_CODE)[1]["status"] for i in ids]
    assert statuses == ["PAID", "PAID", "ACCEPTED", "ACCEPTED", "ACCEPTED"]
    assert trial_balance()["balanced"]


def test_a_claim_on_a_capital_line_becomes_an_asset_not_an_expense(aws, lg_tax_id):
    """The contract's line says what the money buys: 401 시설비 is a fixed asset (1510), 201 운영비 an expense."""
    fund_treasury()
    lines = [
        {
            "lineId": line_id,
            "fund": "일반회계",
            "field": "일반공공행정",
            "sector": "일반행정",
            "program": "청사 관리",
            "unit": "청사 운영",
            "project": project,
            "object": obj,
            "statObject": stat,
            "budget": 10_000_000,
        }
        for line_id, project, obj, stat in (
            ("L-CAP", "민원실 리모델링", "401 시설비", "401-01"),
            ("L-OPS", "청사 유지보수", "201 일반운영비", "201-01"),
        )
    ]
    call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": lines})
    for contract_id, line_id in (("C-CAP", "L-CAP"), ("C-OPS", "L-OPS")):
        call_api(
            "POST",
            "/v1/contracts",
            "official",
            LG_CODE,
            {"contractId": contract_id, "supplierBrn": SUPPLIER, "amount": 5_000_000, "lineId": line_id, "fy": FY},
        )
    accepted_claims(lg_tax_id, 1, contract="C-CAP")  # 110,000 won
    accepted_claims(lg_tax_id, 1, contract="C-OPS", start=2)  # 220,000 won
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    rows = {row["account"]: row for row in trial_balance()["accounts"]}
    assert rows["1510"]["debit"] == 110_000 and rows["5210"]["debit"] == 220_000
    assert trial_balance()["balanced"]


def test_a_run_pays_no_more_than_the_treasury_holds_and_the_rest_waits_for_the_receipts(aws, lg_tax_id, later):
    """Cash never goes below zero: what the fiscal year's cash does not cover stays accepted, is reported as waiting,
    and a later run pays it once the receipts are in."""
    fund_treasury(amount=150_000)
    ids = accepted_claims(lg_tax_id, 2)  # 110,000 and 220,000 won
    _, started = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()}
    )
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED" and run["totals"]["paid"] == 110_000, run
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "payment-run.json"), timeout=10).json()
    assert [(w["claimId"], w["amount"]) for w in report["waitingForCash"]] == [(ids[1], 220_000)]
    cash = next(row for row in trial_balance()["accounts"] if row["account"] == "1110")
    assert cash["debit"] - cash["credit"] == 40_000

    fund_treasury(amount=500_000, receipt_id="FUND-2")
    tomorrow = later(1).isoformat()
    _, second = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": tomorrow})
    run_settlement(aws)
    assert call_api("GET", f"/v1/claims/{ids[1]}", "official", LG_CODE)[1]["status"] == "PAID"


def test_a_special_fund_pays_from_its_own_cash_and_reads_as_its_own_books(aws, lg_tax_id, later):
    """Through the API and DynamoDB: a 특별회계's claim waits while only the 일반회계 holds cash, is paid once its own
    회계 receives, and the trial balance reads per 회계 and in total."""
    water = "상수도사업특별회계"
    fund_treasury()
    line = operating_line("WS-01") | {"fund": water}
    revenue = {"lineId": "R-W", "fund": water, "code": "220-01-01", "kind": "nonTax", "name": "상수도요금"}
    status, loaded = call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {"fy": FY, "lines": [line], "revenueLines": [revenue | {"budget": 10**9}]},
    )
    assert status == 201, loaded
    doc = kec_invoice(SUPPLIER, lg_tax_id, TODAY - timedelta(days=2), 77, [Line("급수관 점검", 1, 1_000_000)])
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))
    assert status == 201, created
    status, decided = accept(created["claimId"], line_id="WS-01")
    assert status == 200, decided

    def pay(day: date) -> str:
        status, started = call_api(
            "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": day.isoformat()}
        )
        assert status == 202, started
        run_settlement(aws)
        status, claim = call_api("GET", f"/v1/claims/{created['claimId']}", "official", LG_CODE)
        return claim["status"]

    assert pay(TODAY) == "ACCEPTED"  # the 일반회계's cash does not pay the 특별회계's claim
    status, _ = call_api(
        "POST",
        "/v1/revenues/receipts",
        "official",
        LG_CODE,
        {"receiptId": "W-1", "lineId": "R-W", "amount": 5_000_000, "date": TODAY.isoformat()},
    )
    assert status == 201
    assert pay(later(1)) == "PAID"
    # asOf: the payment ran "tomorrow", which may be next year's first day; the books read are this year's
    status, own = call_api("GET", f"/v1/ledger/trial-balance?fund={water}&asOf={TODAY}", "official", LG_CODE)
    assert status == 200 and own["fund"] == water and own["balanced"]
    from shared.application.wiring import ledger_repository

    books = ledger_repository().trial_balance(LG_CODE, FY, include_budget=False, fund=water)  # FY's, whatever today
    assert {r.account: r.balance for r in books.rows}["1110"] == 5_000_000 - 1_100_000
    status, total = call_api("GET", f"/v1/ledger/trial-balance?asOf={TODAY}", "official", LG_CODE)
    assert total["fund"] == "합계" and set(total["funds"]) == {"일반회계", water}
    status, problem = call_api("GET", f"/v1/ledger/trial-balance?fund=없는회계&asOf={TODAY}", "official", LG_CODE)
    assert status == 404


def test_a_line_cannot_move_to_another_fund_on_reload(aws):
    """What was budgeted and committed on a line stays its 회계's: a reload naming another 회계 is refused, and so is
    a 명시이월 approval beyond the line's 예산현액."""
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line("L-M")]})[0] == 201
    moved = operating_line("L-M") | {"fund": "상수도사업특별회계"}
    status, problem = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [moved]})
    assert status == 409 and problem["errors"][0]["code"] == "LINE_FUND_CHANGED", problem
    assert problem["errors"][0]["path"] == "/lines/0/fund"
    revenue = {"lineId": "R-M", "fund": "일반회계", "code": "220-01-01", "kind": "nonTax", "name": "수수료"}
    body = {"fy": FY, "revenueLines": [revenue | {"budget": 1_000}]}
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, body)[0] == 201
    body["revenueLines"][0]["fund"] = "상수도사업특별회계"
    status, problem = call_api("POST", "/v1/budgets", "official", LG_CODE, body)
    assert status == 409 and problem["errors"][0]["path"] == "/revenueLines/0/fund"
    over = operating_line("L-N", budget=1_000) | {"explicitCarryOverApproved": 1_001}
    status, problem = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [over]})
    assert status == 422 and problem["errors"][0]["code"] == "BUDGET_EXPLICIT_CARRY_OVER", problem


def _year_close_report(aws, body: dict) -> tuple[dict, dict]:
    _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", **body})
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    url = next(r["url"] for r in run["reports"] if r["name"] == "year-close.json")
    return run, requests.get(url, timeout=10).json()


def _section(statements: dict, name: str) -> int:
    return next(s["amount"] for s in statements["financialPosition"]["sections"] if s["section"] == name)


def test_the_statements_count_accepted_claims_not_yet_paid(aws, lg_tax_id):
    """발생주의: a claim accepted (검사 and 지출결의 done) is an expense and a payable from that day, paid or not;
    the 세출결산 counts it only once paid. The notes say what the year leaves unpaid."""
    fund_treasury(amount=1_000_000)
    accepted_claims(lg_tax_id, 2)  # 110,000 and 220,000 won, not paid
    run, report = _year_close_report(aws, {"asOf": TODAY.isoformat(), "provisional": True})
    assert run["status"] == "SUCCEEDED", run
    assert report["operations"]["expenses"] == 330_000 and report["operations"]["programCost"] == 330_000
    assert report["financialPosition"]["liabilities"] == 330_000 and _section(report, "유동부채") == 330_000
    assert report["balanced"] and report["budgetSettlement"]["total"]["expended"] == 0  # nothing paid yet
    assert report["notes"]["unpaidClaims"] == [{"fund": "일반회계", "payables": 330_000, "subsidyExecutions": 0}]
    assert report["fundStatements"]["일반회계"]["operations"]["expenses"] == 330_000


def test_a_final_close_carries_the_unpaid_payables_into_the_next_year(aws, lg_tax_id, after_the_year):
    """A claim accepted in the year and not paid by 10 February is the year's expense; its payable is carried into
    the next year's opening balances (기초 = 기말), and the 결산서's notes name it."""
    from shared.application.wiring import ledger_repository

    fund_treasury(amount=1_000_000)
    accepted_claims(lg_tax_id, 1)  # 110,000 won, paid
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    accepted_claims(lg_tax_id, 1, start=2)  # 220,000 won, never paid in the year
    run, report = _year_close_report(aws, {"asOf": after_the_year()})
    assert run["status"] == "SUCCEEDED", run
    assert report["operations"]["expenses"] == 330_000
    assert report["budgetSettlement"]["total"]["expended"] == 110_000  # 지출액: the cash paid
    assert report["notes"]["unpaidClaims"] == [{"fund": "일반회계", "payables": 220_000, "subsidyExecutions": 0}]
    opened = {r.account: r for r in ledger_repository().trial_balance(LG_CODE, FY + 1, include_budget=False).rows}
    assert opened["2110"].credit == 220_000 and opened["1110"].debit == 1_000_000 - 110_000
    # the closed year: the unpaid acceptance posted by the year-end accrual, every expense closed to zero (its
    # pending columns left as the memorandum of an acceptance no longer payable from that year)
    closed_year = {r.account: r for r in ledger_repository().trial_balance(LG_CODE, FY, include_budget=False).rows}
    assert closed_year["5210"].balance == 0 and closed_year["5210"].pending_debit == 220_000
    assert closed_year["2110"].balance == 220_000
    # FY+1 opens with FY's closing net assets: 1,000,000 received - 330,000 spent
    assert opened["3100"].credit - opened["3100"].debit == report["changesInNetAssets"]["closing"] == 670_000
    # the 결산서 of this small LG, read figure by figure as a person reads it
    urls = {r["name"]: r["url"] for r in run["reports"]}
    assert {"settlement-book.html", "settlement-book-일반회계.html", "revenue-settlement.csv"} <= set(urls)
    book = _book_tables(requests.get(urls["settlement-book-일반회계.html"], timeout=10).text)
    summary = book["세입세출결산 총괄"][0]
    assert (
        summary["회계"] == "일반회계" and summary["세입 수납액"] == "1,000,000" and summary["세출 지출액"] == "110,000"
    )
    assert summary["결산상잉여금"] == "890,000" and summary["순세계잉여금"] == "890,000"  # nothing carried over
    position = {row["구분"] or row["계정"]: row["금액"] for row in book["재정상태표"]}
    assert (position["자산"], position["현금및현금성자산 (1110)"], position["미지급금 (2110)"]) == (
        "890,000",
        "890,000",
        "220,000",
    )
    assert (position["부채"], position["순자산"], position["일반순자산"]) == ("220,000", "670,000", "670,000")
    operations = {row["구분"] or row["계정"]: row["금액"] for row in book["재정운영표"]}
    assert (operations["사업순원가"], operations["(-) 일반수익"], operations["재정운영결과"]) == (
        "330,000",
        "1,000,000",
        "-670,000",
    )
    changes = {row["구분"]: row["금액"] for row in book["순자산변동표"]}
    assert changes["기초순자산"] == "0" and changes["기말순자산"] == "670,000"


def _book_tables(html: str) -> dict[str, list[dict[str, str]]]:
    """The first table of each chapter of a 결산서, its rows as {column header: cell text}."""
    from lxml import html as lxml_html

    tables: dict[str, list[dict[str, str]]] = {}
    for chapter in lxml_html.fromstring(html).xpath("//section[h2]"):
        title = chapter.findtext("h2").split(". ", 1)[-1]
        table = chapter.find(".//table")
        if table is None:
            continue
        head = [th.text_content().strip() for th in table.xpath("./thead/tr/th")]
        tables[title] = [
            dict(zip(head, (cell.text_content().strip() for cell in row.xpath("./th|./td")), strict=True))
            for row in table.xpath("./tbody/tr")
        ]
    return tables


def test_a_claim_last_year_left_unpaid_is_paid_from_this_years_budget_once_last_year_is_closed(aws, lg_tax_id, later):
    """과년도지출: a claim accepted in December and not paid by 10 February waits for its year's final close; then
    the run pays it from this year's line (its commitment and execution), its payable carried in by the opening
    balances, and this year's books and records still agree."""
    from shared.application.wiring import budget_repository, ledger_repository

    later((date(FY - 1, 12, 22) - TODAY).days)
    doc = kec_invoice(SUPPLIER, lg_tax_id, date(FY - 1, 12, 19), 1, [Line("용역", 1, 100_000)])
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))
    assert accept(created["claimId"])[0] == 200  # on last year's operating line, never paid in that year
    claim_id = created["claimId"]
    later((date(FY, 1, 6) - TODAY).days)
    fund_treasury(day=f"{FY}-01-05")  # this year's cash
    assert (
        call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [operating_line(budget=500_000)]})[0]
        == 201
    )

    def pay_on(day: date) -> tuple[dict, dict]:
        later((day - TODAY).days)
        _, started = call_api(
            "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": str(day)}
        )
        run_settlement(aws)
        _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
        url = next(r["url"] for r in run["reports"] if r["name"] == "payment-run.json")
        return run, requests.get(url, timeout=10).json()

    # after the deadline, before last year's final close: held, saying why
    run, report = pay_on(date(FY, 2, 11))
    assert run["status"] == "SUCCEEDED" and run["counts"].get("paid", 0) == 0, run
    assert [(h["claimId"], h["code"]) for h in report["heldOver"]] == [(claim_id, "FISCAL_YEAR_NOT_CLOSED")]
    # last year's final close: the expense is last year's, the payable carried into this year
    _, close = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "year-close", "asOf": f"{FY - 1}-12-31"}
    )
    run_settlement(aws)
    assert call_api("GET", f"/v1/settlements/runs/{close['runId']}", "official", LG_CODE)[1]["status"] == "SUCCEEDED"
    opened = {r.account: r for r in ledger_repository().trial_balance(LG_CODE, FY, include_budget=False).rows}
    assert opened["2110"].credit == 110_000  # 100,000 and its VAT

    run, report = pay_on(date(FY, 2, 12))
    assert run["status"] == "SUCCEEDED" and run["counts"]["paid"] == 1 and run["counts"]["priorYear"] == 1, run
    assert report["heldOver"] == []
    assert call_api("GET", f"/v1/claims/{claim_id}", "official", LG_CODE)[1]["status"] == "PAID"
    interest = run["totals"]["lateInterest"]
    assert interest > 0  # due in early January, paid on 12 February
    line = budget_repository().line(LG_CODE, FY, "L-OPS")
    assert line is not None and (line.committed, line.expended) == (110_000 + interest, 110_000 + interest)
    books = {r.account: r for r in ledger_repository().trial_balance(LG_CODE, FY).rows}
    assert books["2110"].debit == books["2110"].credit == 110_000  # the carried payable, paid
    assert books["9130"].credit == 110_000 + interest  # this year's 지출액
    # this year's books against its records: the 과년도지출 is this year's outflow, on its line
    _, provisional = _year_close_report(aws, {"asOf": f"{FY}-02-12", "provisional": True})
    assert provisional["reconciliation"]["matches"], provisional["reconciliation"]
    assert provisional["executionCheck"]["matches"], provisional["executionCheck"]


def test_a_transfer_between_funds_is_a_budget_execution_on_one_side_and_revenue_on_the_other(aws):
    """전출·전입: the 일반회계's 701 line pays the 특별회계, whose transfer line receives it; each 회계 balances on
    its own, the total eliminates both sides, and the year close's checks count it from its own record."""
    water = "상수도사업특별회계"
    fund_treasury(amount=10_000_000)
    out_line = operating_line("L-701", budget=4_000_000) | {"object": "701", "statObject": "701-01"}
    into = {"lineId": "R-T", "fund": water, "code": "290-01-01", "kind": "transfer", "name": "일반회계전입금"}
    status, loaded = call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {"fy": FY, "lines": [out_line, operating_line()], "revenueLines": [into | {"budget": 4_000_000}]},
    )
    assert status == 201, loaded
    body = {
        "transferId": "T-1",
        "amount": 3_000_000,
        "date": TODAY.isoformat(),
        "fromLineId": "L-701",
        "toLineId": "R-T",
    }
    status, moved = call_api("POST", "/v1/funds/transfers", "official", LG_CODE, body)
    assert status == 201 and (moved["fromFund"], moved["toFund"]) == ("일반회계", water), moved
    assert call_api("POST", "/v1/funds/transfers", "official", LG_CODE, body) == (201, moved)  # a replay
    status, taken = call_api("POST", "/v1/funds/transfers", "official", LG_CODE, body | {"amount": 1})
    assert status == 409 and taken["errors"][0]["code"] == "RECORD_EXISTS"
    refusals = [
        (body | {"transferId": "T-2", "amount": 2_000_000}, 409, "BUDGET_EXCEEDED"),  # 1,000,000 left on L-701
        (body | {"transferId": "T-3", "fromLineId": "L-OPS"}, 422, "TRANSFER_LINE_NOT_INTERNAL"),
        (body | {"transferId": "T-4", "fromLineId": "L-없음"}, 422, "BUDGET_LINE_UNKNOWN"),
    ]
    for wrong, code, finding in refusals:
        status, problem = call_api("POST", "/v1/funds/transfers", "official", LG_CODE, wrong)
        assert (status, problem["errors"][0]["code"]) == (code, finding), problem
    status, problem = call_api("POST", "/v1/funds/transfers", "official", "26110", body | {"transferId": "T-5"})
    assert status == 422 and problem["errors"][0]["code"] == "BUDGET_LINE_UNKNOWN"  # another LG sees no line
    # each 회계's books, and the total without the 내부거래
    general = call_api("GET", f"/v1/ledger/trial-balance?fund=일반회계&asOf={TODAY}", "official", LG_CODE)[1]
    own = call_api("GET", f"/v1/ledger/trial-balance?fund={water}&asOf={TODAY}", "official", LG_CODE)[1]
    total = call_api("GET", f"/v1/ledger/trial-balance?asOf={TODAY}", "official", LG_CODE)[1]
    balance = {
        name: {row["account"]: row["balance"] for row in tb["accounts"]}
        for name, tb in (("general", general), ("water", own), ("total", total))
    }
    assert balance["general"]["5920"] == 3_000_000 and balance["general"]["1110"] == 7_000_000
    assert balance["water"]["4910"] == 3_000_000 and balance["water"]["1110"] == 3_000_000
    assert "5920" not in balance["total"] and "4910" not in balance["total"] and balance["total"]["1110"] == 10**7
    run, report = _year_close_report(aws, {"asOf": TODAY.isoformat(), "provisional": True})
    assert run["status"] == "SUCCEEDED", run
    assert report["reconciliation"]["matches"] and report["reconciliation"]["internalDifference"] == 0
    assert report["executionCheck"]["matches"], report["executionCheck"]
    summary = {row["fund"]: row for row in report["summary"]}
    assert summary[water]["received"] == 3_000_000 and summary["일반회계"]["expended"] == 3_000_000
