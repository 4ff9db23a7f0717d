"""세입 through the API against moto: revenue lines with the budget, assessments (징수결정), receipts (수납) and
write-offs (불납결손), each booked in the ledger; per line 징수결정액 = 수납액 + 불납결손액 + 미수납액."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.conftest import LG_CODE
from tests.integration.conftest import FY, TODAY
from tests.integration.helpers import call_api

PROPERTY_TAX = {"lineId": "R-110", "fund": "일반회계", "code": "110-11-01", "kind": "localTax", "name": "재산세"}
FEES = {"lineId": "R-120", "fund": "일반회계", "code": "120-21-01", "kind": "nonTax", "name": "사용료수입"}
SHARE_TAX = {"lineId": "R-210", "fund": "일반회계", "code": "210-11-01", "kind": "localShareTax", "name": "보통교부세"}
DAY = max(date(FY, 1, 1), TODAY - timedelta(days=3)).isoformat()


def load(org: str = LG_CODE) -> dict:
    status, loaded = call_api(
        "POST",
        "/v1/budgets",
        "official",
        org,
        {
            "fy": FY,
            "revenueLines": [
                PROPERTY_TAX | {"budget": 500_000_000},
                FEES | {"budget": 20_000_000},
                SHARE_TAX | {"budget": 300_000_000},
            ],
        },
    )
    assert status == 201, loaded
    return loaded


def lines() -> dict[str, dict]:
    from shared.application.wiring import revenue_repository

    return {line.line_id: line.to_api() for line in revenue_repository().revenue_lines(LG_CODE, FY)}


def trial_balance() -> dict[str, int]:
    from shared.application.wiring import ledger_repository

    balance = ledger_repository().trial_balance(LG_CODE, FY)
    assert balance.balanced
    return {row.account: row.debit - row.credit for row in balance.rows if row.debit - row.credit}


def test_revenue_is_assessed_received_and_written_off_and_booked(aws):
    loaded = load()
    assert [line["lineId"] for line in loaded["revenueLines"]] == ["R-110", "R-120", "R-210"]
    assert loaded["lines"] == []

    status, assessed = call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-1", "fy": FY, "lineId": "R-110", "amount": 1_000_000, "date": DAY},
    )
    assert status == 201 and (assessed["status"], assessed["outstanding"]) == ("OPEN", 1_000_000), assessed
    status, part = call_api(
        "POST",
        "/v1/revenues/receipts",
        "official",
        LG_CODE,
        {"receiptId": "P-1", "assessmentId": "A-1", "amount": 600_000, "date": DAY},
    )
    assert status == 201 and (part["applied"], part["overReceived"]) == (600_000, 0)
    # paid twice over: the part above what was outstanding is 과오납금, owed back
    status, over = call_api(
        "POST",
        "/v1/revenues/receipts",
        "official",
        LG_CODE,
        {"receiptId": "P-2", "assessmentId": "A-1", "amount": 500_000, "date": DAY},
    )
    assert status == 201 and (over["applied"], over["overReceived"]) == (400_000, 100_000)
    # assessed and received at once (교부세)
    status, direct = call_api(
        "POST",
        "/v1/revenues/receipts",
        "official",
        LG_CODE,
        {"receiptId": "P-3", "lineId": "R-210", "amount": 75_000_000, "date": DAY},
    )
    assert status == 201 and direct["applied"] == 75_000_000
    call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-2", "fy": FY, "lineId": "R-120", "amount": 300_000, "date": DAY},
    )
    status, written = call_api(
        "POST",
        "/v1/revenues/write-offs",
        "official",
        LG_CODE,
        {"writeOffId": "W-1", "assessmentId": "A-2", "amount": 120_000, "date": DAY, "reason": "소멸시효 완성"},
    )
    assert status == 201 and written["amount"] == 120_000

    by_line = lines()
    assert (by_line["R-110"]["assessed"], by_line["R-110"]["received"], by_line["R-110"]["outstanding"]) == (
        1_000_000,
        1_000_000,
        0,
    )
    assert by_line["R-110"]["overReceived"] == 100_000
    assert (by_line["R-120"]["assessed"], by_line["R-120"]["writtenOff"], by_line["R-120"]["outstanding"]) == (
        300_000,
        120_000,
        180_000,
    )
    for line in by_line.values():  # 징수결정액 = 수납액 + 불납결손액 + 미수납액
        assert line["assessed"] == line["received"] + line["writtenOff"] + line["outstanding"]
    balances = trial_balance()
    assert balances["1110"] == 1_100_000 + 75_000_000  # cash: every won received, the over-receipt included
    assert balances["2130"] == -100_000  # 과오납금, a liability
    assert balances["1220"] == 180_000  # 미수세외수입금 outstanding
    assert balances["4110"] == -1_000_000 and balances["4310"] == -75_000_000 and balances["4210"] == -300_000
    assert balances["5910"] == 120_000  # 불납결손
    assert "1210" not in balances  # the property tax is fully received


def test_a_record_sent_again_is_the_same_and_other_figures_under_its_id_are_refused(aws):
    load()
    body = {"receiptId": "P-9", "lineId": "R-210", "amount": 1_000, "date": DAY}
    first = call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, body)
    again = call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, body)
    assert first == again and first[0] == 201
    assert lines()["R-210"]["received"] == 1_000  # once
    status, problem = call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, body | {"amount": 2_000})
    assert status == 409 and problem["errors"][0]["code"] == "RECORD_EXISTS"


def test_refusals_change_nothing(aws):
    load()
    call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-5", "fy": FY, "lineId": "R-120", "amount": 50_000, "date": DAY},
    )
    before = (lines(), trial_balance())
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    for path, body, code in (
        ("assessments", {"fy": FY, "lineId": "R-999", "amount": 1, "date": DAY}, "REVENUE_LINE_UNKNOWN"),
        ("assessments", {"fy": FY, "lineId": "R-120", "amount": 1, "date": tomorrow}, "REVENUE_DATE"),
        ("assessments", {"fy": FY, "lineId": "R-120", "amount": 1, "date": f"{FY - 1}-06-30"}, "REVENUE_DATE"),
        ("receipts", {"amount": 1, "date": DAY}, "RECEIPT_TARGET"),
        ("receipts", {"assessmentId": "A-5", "lineId": "R-120", "amount": 1, "date": DAY}, "RECEIPT_TARGET"),
        (
            "write-offs",
            {"assessmentId": "A-5", "amount": 50_001, "date": DAY, "reason": "과다"},
            "WRITE_OFF_EXCEEDS_OUTSTANDING",
        ),
    ):
        status, problem = call_api("POST", f"/v1/revenues/{path}", "official", LG_CODE, body)
        assert status == 422 and problem["errors"][0]["code"] == code, (path, body, problem)
    # another LG's official does not find the assessment, and a business may not record revenue at all
    status, _ = call_api(
        "POST", "/v1/revenues/receipts", "official", "11140", {"assessmentId": "A-5", "amount": 1, "date": DAY}
    )
    assert status == 404
    assert (
        call_api(
            "POST", "/v1/revenues/receipts", "business", "1208147521", {"lineId": "R-120", "amount": 1, "date": DAY}
        )[0]
        == 403
    )
    status, problem = call_api(
        "POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "revenueLines": [FEES | {"budget": 1, "kind": "gift"}]}
    )
    assert status == 400  # the kind is not one of the 세입 kinds: the body's schema refuses it
    assert (lines(), trial_balance()) == before


def test_a_finally_closed_year_takes_no_more_revenue(aws):
    from shared.application.wiring import ledger_repository

    load()
    ledger_repository().close_period(LG_CODE, f"FY{FY}", closed_by="test: the final close")
    status, problem = call_api(
        "POST", "/v1/revenues/receipts", "official", LG_CODE, {"lineId": "R-210", "amount": 5, "date": DAY}
    )
    assert status == 409 and problem["errors"][0]["code"] == "FISCAL_YEAR_CLOSED", problem
    status, problem = call_api(
        "POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "revenueLines": [FEES | {"budget": 1}]}
    )
    assert status == 409 and problem["errors"][0]["code"] == "FISCAL_YEAR_CLOSED", problem
    assert lines()["R-210"]["received"] == 0


def test_the_year_close_reports_revenue_the_summary_and_the_reconciliation_from_the_records(
    aws, lg_tax_id, after_the_year
):
    import requests

    from tests.conftest import SUPPLIER
    from tests.integration.test_carry_over import _line
    from tests.integration.test_settlement import accepted_claims, run_settlement

    call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [_line("L1", 10_000_000)],
            "revenueLines": [PROPERTY_TAX | {"budget": 6_000_000}, SHARE_TAX | {"budget": 4_000_000}],
        },
    )
    call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-1", "fy": FY, "lineId": "R-110", "amount": 2_500_000, "date": DAY},
    )
    call_api(
        "POST", "/v1/revenues/receipts", "official", LG_CODE, {"assessmentId": "A-1", "amount": 2_000_000, "date": DAY}
    )
    call_api(
        "POST", "/v1/revenues/receipts", "official", LG_CODE, {"lineId": "R-210", "amount": 1_000_000, "date": DAY}
    )
    call_api(
        "POST",
        "/v1/contracts",
        "official",
        LG_CODE,
        {"contractId": "C-R", "supplierBrn": SUPPLIER, "amount": 1_000_000, "lineId": "L1", "fy": FY},
    )
    accepted_claims(lg_tax_id, 1, contract="C-R")  # 110,000 won on L1
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)

    def close(body: dict) -> dict:
        _, started = call_api("POST", "/v1/settlements/runs", "official", LG_CODE, body)
        run_settlement(aws)
        _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
        assert run["status"] == "SUCCEEDED", run
        url = next(r["url"] for r in run["reports"] if r["name"] == "year-close.json")
        return requests.get(url, timeout=10).json()

    report = close({"type": "year-close", "asOf": TODAY.isoformat(), "provisional": True})
    revenue = report["revenueSettlement"]
    assert revenue["balanced"] and revenue["total"]["assessed"] == 3_500_000
    assert (revenue["total"]["received"], revenue["total"]["outstanding"]) == (3_000_000, 500_000)
    assert report["summary"] == [
        {
            "fund": "일반회계",
            "budgetRevenue": 10_000_000,
            "budgetExpenditure": 10_000_000,
            "received": 3_000_000,
            "expended": 110_000,
            "surplus": 2_890_000,
            "carriedOver": 0,
            "subsidyReturns": 0,
            "netSurplus": 2_890_000,
        }
    ]
    check = report["reconciliation"]
    assert check["matches"] and check["funds"][0]["cash"] == 2_890_000 and check["unbudgetedOutflow"] == 0
    assert report["financialPosition"]["balanced"]

    final = close({"type": "year-close", "asOf": after_the_year()})
    assert final["revenueSettlement"]["total"]["received"] == 3_000_000
    status, indicators = call_api("GET", f"/v1/public/lgs/{LG_CODE}/indicators?fy={FY}")
    assert status == 200
    # 재정자립도 = 지방세 2,000,000 / 일반회계 세입예산 10,000,000; 재정자주도 adds 교부세 1,000,000; 징수율 2.0/2.5
    assert (indicators["financialIndependence"], indicators["financialAutonomy"]) == ("20.00", "30.00")
    assert indicators["taxCollectionRate"] == "80.00"


def test_an_empty_budget_is_refused_with_its_own_code(aws):
    status, problem = call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [], "revenueLines": []})
    assert status == 422, problem
    assert [finding["code"] for finding in problem["errors"]] == ["BUDGET_EMPTY"]
    assert lines() == {}


def drop_receipts_file(aws, name: str, text: str, org: str = LG_CODE, prefix: str = "receipts/") -> dict:
    """The treasury bank drops its daily receipts file under ``receipts/<lg>/``; S3 tells the settlement queue,
    whose function records each line. Returns what the import kept beside the LG's reports."""
    from functions.settlement.handler import handler
    from infra.local.context import LocalContext, sqs_event
    from shared.adapters.aws import client
    from shared.adapters.config import settings

    key = f"{prefix}{org}/{name}"
    client("s3").put_object(Bucket=settings().document_bucket, Key=key, Body=text.encode("utf-8"))
    sqs, url = client("sqs"), aws.queue_urls["SettlementQueue"]
    messages: list[dict] = []
    for _ in range(5):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
        messages = [m for m in messages if '"s3:TestEvent"' not in m["Body"]]
        if messages:
            break
    assert messages, "the receipts file reached no settlement message"
    answer = handler(sqs_event(messages, "arn:aws:sqs:ap-northeast-2:0:settlement"), LocalContext("settlement"))
    assert answer == {"batchItemFailures": []}
    for message in messages:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    from shared.application.wiring import document_store

    return json.loads(document_store().get_report(f"{key}.result.json"))


def test_the_treasury_banks_receipts_file_records_each_line_once(aws):
    load()
    call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-F", "fy": FY, "lineId": "R-110", "amount": 800_000, "date": DAY},
    )
    text = "\n".join(
        [
            "\ufeffreceiptId,date,amount,assessmentId,lineId",
            f"B-1,{DAY},500000,A-F,",  # 재산세 against its assessment
            f"B-2,{DAY},40000000,,R-210",  # 교부세, received at once
            f"B-3,{DAY},12x,,R-210",  # not an amount
            f"B-4,{DAY},1000,A-NONE,",  # no such assessment
            f"B-5,{DAY},1000,,",  # neither an assessment nor a line
        ]
    )
    result = drop_receipts_file(aws, f"{DAY}.csv", text)
    assert (result["received"], result["amount"], result["refused"]) == (2, 40_500_000, 3), result
    assert [(e["line"], e["code"]) for e in result["errors"]] == [
        (4, "MALFORMED"),
        (5, "NOT_FOUND"),
        (6, "RECEIPT_TARGET"),
    ]
    assert (lines()["R-110"]["received"], lines()["R-210"]["received"]) == (500_000, 40_000_000)

    # the bank sends the file again, with one line corrected and one new: nothing is recorded twice
    again = text.replace(f"B-3,{DAY},12x", f"B-3,{DAY},12000") + f"\nB-1,{DAY},999,A-F,"
    result = drop_receipts_file(aws, f"{DAY}.csv", again)
    assert (result["received"], result["alreadyRecorded"], result["amount"]) == (1, 2, 12_000), result
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND", "RECEIPT_TARGET", "RECORD_EXISTS"]
    assert (lines()["R-110"]["received"], lines()["R-210"]["received"]) == (500_000, 40_012_000)


def test_a_receipts_file_records_only_for_the_lg_whose_folder_it_is_in(aws):
    load()
    load("11140")
    call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-OWN", "fy": FY, "lineId": "R-110", "amount": 300_000, "date": DAY},
    )
    # 중구's bank cannot settle 종로구's assessment: in its folder, the id names nothing
    result = drop_receipts_file(
        aws, "other.csv", f"receiptId,date,amount,assessmentId\nX-1,{DAY},300000,A-OWN\n", "11140"
    )
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
    assert lines()["R-110"]["received"] == 0


def test_an_over_receipt_is_refunded_once_within_what_it_owes_back(aws):
    """과오납금 환급: paid twice over, the payer gets the 100,000 back (Dr 2130 / Cr 1110); no more than what the
    receipt over-received, the same refund again changes nothing, another LG's receipt is not found."""
    load()
    assess = {"assessmentId": "A-1", "fy": FY, "lineId": "R-110", "amount": 400_000, "date": DAY}
    call_api("POST", "/v1/revenues/assessments", "official", LG_CODE, assess)
    receipt = {"receiptId": "P-1", "assessmentId": "A-1", "amount": 500_000, "date": DAY}
    status, over = call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, receipt)
    assert status == 201 and over["overReceived"] == 100_000
    refund = {"refundId": "F-1", "receiptId": "P-1", "amount": 60_000, "date": DAY, "reason": "이중 납부"}

    status, problem = call_api("POST", "/v1/revenues/refunds", "official", LG_CODE, refund | {"amount": 100_001})
    assert status == 422 and problem["errors"][0]["code"] == "REFUND_EXCEEDS_OVER_RECEIVED", problem
    status, refunded = call_api("POST", "/v1/revenues/refunds", "official", LG_CODE, refund)
    assert status == 201 and (refunded["amount"], refunded["lineId"]) == (60_000, "R-110"), refunded
    assert call_api("POST", "/v1/revenues/refunds", "official", LG_CODE, refund)[0] == 201  # a replay
    status, problem = call_api("POST", "/v1/revenues/refunds", "official", LG_CODE, refund | {"refundId": "F-2"})
    assert status == 422 and "40,000" in problem["errors"][0]["message"]  # 100,000 - 60,000 still owed back
    status, _ = call_api("POST", "/v1/revenues/refunds", "official", "26110", refund | {"refundId": "F-3"})
    assert status == 404

    assert lines()["R-110"]["refunded"] == 60_000
    books = trial_balance()
    assert books["1110"] == 500_000 - 60_000 and books["2130"] == -(100_000 - 60_000)


def test_a_refund_the_cash_does_not_cover_is_refused_and_changes_nothing(aws):
    from shared.application.wiring import ledger_repository
    from shared.domain.settlement import ledger

    load()
    call_api(
        "POST",
        "/v1/revenues/assessments",
        "official",
        LG_CODE,
        {"assessmentId": "A-1", "fy": FY, "lineId": "R-110", "amount": 400_000, "date": DAY},
    )
    receipt = {"receiptId": "P-1", "assessmentId": "A-1", "amount": 500_000, "date": DAY}
    assert call_api("POST", "/v1/revenues/receipts", "official", LG_CODE, receipt)[0] == 201
    spent = ledger.late_interest_entry(lg_code=LG_CODE, claim_id="C-X", amount=450_000, day=date.fromisoformat(DAY))
    assert spent is not None
    ledger_repository().record([spent])  # the treasury paid 450,000 out: 50,000 is left
    refund = {"refundId": "F-1", "receiptId": "P-1", "amount": 60_000, "date": DAY, "reason": "이중 납부"}
    status, problem = call_api("POST", "/v1/revenues/refunds", "official", LG_CODE, refund)
    assert status == 409 and problem["errors"][0]["code"] == "CASH_INSUFFICIENT", problem
    assert lines()["R-110"]["refunded"] == 0 and trial_balance()["1110"] == 50_000
