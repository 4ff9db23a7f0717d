"""Subsidy validation through the API handler and the validation function, against moto."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, timedelta

import pytest

from infra.local.context import LocalContext, sqs_event
from infra.local.samples import Line, kec_invoice
from shared.domain.calendar import now_seoul
from shared.domain.documents.brn import brn_check_digit
from tests.conftest import LG_CODE
from tests.integration.helpers import call_api, claim_body

RECIPIENT = "2048631263"  # the grant's recipient (보조사업자): buyer on the invoices it pays
VENDOR = "6028131841"
TODAY = now_seoul().date()  # business dates are Seoul's
PERIOD = {"start": (TODAY - timedelta(days=60)).isoformat(), "end": (TODAY + timedelta(days=300)).isoformat()}
SHARES = {"national": "0.5", "province": "0.2", "city": "0.2", "self": "0.1"}


def brn(n: int) -> str:
    first9 = f"31081{n + 1:04d}"
    return first9 + str(brn_check_digit(first9))


def grant_body(
    grant_id: str, amount: int = 50_000_000, recipient: str = RECIPIENT, line: str | None = None, **extra
) -> dict:
    """A grant's body; ``line``: the 세출 line both its categories are paid from (None: no line named)."""
    on_line = {"lineId": line} if line else {}
    return {
        "grantId": grant_id,
        "title": "청년 창업 공간 운영 지원",
        "purpose": "청년 창업가에게 공유 사무실 제공",
        "field": "산업중소기업",
        "recipientBrn": recipient,
        "period": PERIOD,
        "budget": [
            {"category": "307-02", "amount": amount} | on_line,
            {"category": "402-01", "amount": 10_000_000} | on_line,
        ],
        "fundingShares": SHARES,
        **extra,
    }


def subsidy_claim(
    grant_id: str,
    serial: int,
    amount: int,
    vendor: str = VENDOR,
    issued: date | None = None,
    recipient: str = RECIPIENT,
) -> dict:
    doc = kec_invoice(vendor, recipient, issued or TODAY - timedelta(days=3), serial, [Line("사무용 가구", 1, amount)])
    return claim_body(doc, grantId=grant_id, category="307-02") | {"kind": "subsidy"}


def create_grant(grant_id: str, **kw) -> dict:
    """A grant decided by the official: when the LG's other test grants are similar (P01, P02: the same title
    and recipient), the official reads what the refusal names and acknowledges each, as a console would."""
    body = grant_body(grant_id, **kw)
    status, grant = call_api("POST", "/v1/grants", "official", LG_CODE, body)
    if status == 422 and {e["code"] for e in grant["errors"]} == {"SIMILAR_PROGRAM_UNRESOLVED"}:
        named = [re.match(r"(P0[12]) against grant (\S+) ", e["message"]) for e in grant["errors"]]
        seen = [{"code": m.group(1), "grantId": m.group(2), "reason": "테스트 검토: 별개 사업"} for m in named if m]
        status, grant = call_api("POST", "/v1/grants", "official", LG_CODE, body | {"acknowledgedFindings": seen})
    assert status == 201, grant
    return grant


def budget(grant_id: str, category: str = "307-02") -> dict:
    _, grant = call_api("GET", f"/v1/grants/{grant_id}", "official", LG_CODE)
    return next(b for b in grant["budget"] if b["category"] == category)


def run_validation(aws) -> list[dict]:
    """Deliver what the EventBridge rule put on the validation queue to the validation function."""
    from functions.validation.handler import handler
    from shared.adapters.aws import client

    sqs = client("sqs")
    url = aws.queue_urls["ValidationQueue"]
    delivered = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if not messages:
            return delivered
        answer = handler(sqs_event(messages, "arn:aws:sqs:ap-northeast-2:0:validation"), LocalContext("validation"))
        assert answer["batchItemFailures"] == []
        for message in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        delivered += [json.loads(m["Body"]) for m in messages]


def test_grant_shows_its_budget_to_its_lg_and_recipient_only(aws):
    grant = create_grant("G-1")
    assert grant["budget"][0] == {
        "category": "307-02",
        "amount": 50_000_000,
        "granted": 45_000_000,  # the public 90%: the LG grants no 자부담
        "reserved": 0,
        "executed": 0,
        "funded": 0,
        "remaining": 50_000_000,
    }
    assert call_api("GET", "/v1/grants/G-1", "business", RECIPIENT)[0] == 200
    assert call_api("GET", "/v1/grants/G-1", "business", VENDOR)[0] == 404
    assert call_api("GET", "/v1/grants/G-1", "official", "11140")[0] == 404
    assert call_api("POST", "/v1/grants", "official", LG_CODE, grant_body("G-1"))[0] == 409


@pytest.mark.parametrize(
    "start, end",
    [
        ("0001-01-01", "9999-12-31"),  # would index millions of similar-program keys
        ("2020-01-01", "2031-12-31"),  # longer than 5 years
        ("2026-01-01", "2031-01-02"),  # 5 years and a day
        ("1999-07-01", "2000-06-30"),  # a year before 2000
        ("2100-07-01", "2101-06-30"),  # a year after 2100
    ],
)
def test_grant_period_is_at_most_five_years_within_2000_to_2100(aws, start, end):
    status, problem = call_api(
        "POST", "/v1/grants", "official", LG_CODE, grant_body("G-LONG") | {"period": {"start": start, "end": end}}
    )
    assert status == 422, problem
    assert problem["type"] and [(e["code"], e["path"]) for e in problem["errors"]] == [("GRANT_PERIOD", "/period")]
    assert call_api("GET", "/v1/grants/G-LONG", "official", LG_CODE)[0] == 404


def test_a_five_year_grant_period_is_accepted(aws):
    status, grant = call_api(
        "POST",
        "/v1/grants",
        "official",
        LG_CODE,
        grant_body("G-FIVE") | {"period": {"start": "2026-01-01", "end": "2031-01-01"}},
    )
    assert status == 201, grant
    assert grant["period"] == {"start": "2026-01-01", "end": "2031-01-01"}


def test_grant_rules(aws):
    status, problem = call_api(
        "POST",
        "/v1/grants",
        "official",
        LG_CODE,
        grant_body("G-bad", recipient="1234567890") | {"fundingShares": {"national": "0.5", "city": "0.4"}},
    )
    assert status == 422 and {e["code"] for e in problem["errors"]} == {"KR-BRN", "FUNDING_SHARES"}
    assert call_api("POST", "/v1/grants", "business", RECIPIENT, grant_body("G-x"))[0] == 403


def test_clean_claim_reserves_and_is_not_flagged(aws):
    create_grant("G-2")
    status, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-2", 1, 3_000_000))
    assert status == 201, created
    assert budget("G-2") == {
        "category": "307-02",
        "amount": 50_000_000,
        "granted": 45_000_000,
        "reserved": 3_300_000,
        "executed": 0,
        "funded": 0,
        "remaining": 46_700_000,
    }
    events = run_validation(aws)
    assert [e["detail"]["data"]["claimId"] for e in events] == [created["claimId"]]
    _, claim = call_api("GET", f"/v1/claims/{created['claimId']}", "official", LG_CODE)
    assert claim["risk"] == {"score": 0, "indicators": []}
    assert call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)[1]["items"] == []


def test_hard_rules_refuse_with_every_code(aws):
    create_grant("G-3", amount=1_000_000)
    outside = TODAY - timedelta(days=90)
    status, problem = call_api(
        "POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-3", 2, 2_000_000, issued=outside)
    )
    assert status == 422 and {e["code"] for e in problem["errors"]} == {"F16", "BUDGET_EXCEEDED"}
    assert (
        call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-none", 3, 10_000))[1]["errors"][0][
            "code"
        ]
        == "GRANT_NOT_FOUND"
    )
    assert budget("G-3")["reserved"] == 0


def test_reused_invoice_is_refused_in_any_grant(aws):
    create_grant("G-4")
    create_grant("G-5")
    assert call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-4", 4, 100_000))[0] == 201
    status, problem = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-5", 4, 100_000))
    assert status in (409, 422)
    codes = {e["code"] for e in problem["errors"]}
    assert codes & {"F12", "DUPLICATE"}


def test_the_buyer_must_be_the_caller(aws):
    create_grant("G-6")
    status, _ = call_api("POST", "/v1/claims", "business", VENDOR, subsidy_claim("G-6", 5, 100_000))
    assert status == 403


def test_sanctioned_recipient_is_refused(aws):
    create_grant("G-7")
    status, sanction = call_api(
        "POST",
        "/v1/sanctions",
        "official",
        "11680",
        {
            "brn": RECIPIENT,
            "reason": "부정수급 확정",
            "from": TODAY.isoformat(),
            "until": (TODAY + timedelta(days=365)).isoformat(),
        },
    )
    assert status == 201 and sanction["sanctionId"]
    status, problem = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-7", 6, 100_000))
    assert status == 422 and [e["code"] for e in problem["errors"]] == ["SANCTIONED"]


def test_a_sanction_sent_again_with_its_idempotency_key_is_registered_once(aws):
    body = {
        "brn": RECIPIENT,
        "reason": "부정수급 확정",
        "from": TODAY.isoformat(),
        "until": (TODAY + timedelta(days=365)).isoformat(),
    }
    key = {"Idempotency-Key": "5d1c2b7e-8f3a-4c6d-9e0f-1a2b3c4d5e6f"}
    first = call_api("POST", "/v1/sanctions", "official", LG_CODE, body, key)
    again = call_api("POST", "/v1/sanctions", "official", LG_CODE, body, key)
    assert first[0] == again[0] == 201 and first[1] == again[1]
    other = call_api("POST", "/v1/sanctions", "official", LG_CODE, body)  # no key: a new sanction
    assert other[0] == 201 and other[1]["sanctionId"] != first[1]["sanctionId"]


def test_returning_releases_the_reservation_exactly_once(aws):
    create_grant("G-8")
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-8", 7, 1_000_000))
    assert budget("G-8")["reserved"] == 1_100_000
    path = f"/v1/claims/{created['claimId']}/decision"
    assert call_api("POST", path, "official", LG_CODE, {"decision": "return", "reason": "증빙 불충분"})[0] == 200
    assert budget("G-8")["reserved"] == 0 and budget("G-8")["remaining"] == 50_000_000
    assert call_api("POST", path, "official", LG_CODE, {"decision": "return", "reason": "again"})[0] == 409
    assert budget("G-8")["reserved"] == 0 and budget("G-8")["remaining"] == 50_000_000
    # the released invoice may be claimed again
    assert call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-8", 7, 1_000_000))[0] == 201


def test_accepting_keeps_the_reservation(aws):
    create_grant("G-9")
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-9", 8, 1_000_000))
    assert (
        call_api("POST", f"/v1/claims/{created['claimId']}/decision", "official", LG_CODE, {"decision": "accept"})[0]
        == 200
    )
    assert budget("G-9")["reserved"] == 1_100_000


def test_twenty_claims_against_a_budget_that_fits_sixteen(aws):
    from shared.application.claims import ClaimRequest
    from shared.application.wiring import claims_service
    from shared.domain.actor import Actor
    from shared.domain.errors import Invalid

    create_grant("G-10", amount=16 * 1_100_000)
    service = claims_service()
    actor = Actor("business", RECIPIENT, "t")
    outcomes: list[str] = []
    barrier = threading.Barrier(20)

    def submit(n: int) -> None:
        doc = kec_invoice(brn(n), RECIPIENT, TODAY - timedelta(days=1), 1000 + n, [Line("용역", 1, 1_000_000)])
        barrier.wait()
        try:
            service.submit(actor, ClaimRequest(LG_CODE, "subsidy", "kec", doc, grant_id="G-10", category="307-02"))
            outcomes.append("received")
        except Invalid as refused:
            outcomes.append(",".join(f.code for f in refused.findings))

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["BUDGET_EXCEEDED"] * 4 + ["received"] * 16
    assert budget("G-10") == {
        "category": "307-02",
        "amount": 17_600_000,
        "granted": 15_840_000,
        "reserved": 17_600_000,
        "executed": 0,
        "funded": 0,
        "remaining": 0,
    }


def test_one_invoice_claimed_in_two_grants_at_once_has_one_winner(aws):
    from shared.application.claims import ClaimRequest
    from shared.application.wiring import claims_service
    from shared.domain.actor import Actor
    from shared.domain.errors import ClaimsError

    create_grant("G-11")
    create_grant("G-12")
    doc = kec_invoice(VENDOR, RECIPIENT, TODAY - timedelta(days=1), 4242, [Line("용역", 1, 500_000)])
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def submit(grant_id: str) -> None:
        barrier.wait()
        try:
            claims_service().submit(
                Actor("business", RECIPIENT, "t"),
                ClaimRequest(LG_CODE, "subsidy", "kec", doc, grant_id=grant_id, category="307-02"),
            )
            outcomes.append("received")
        except ClaimsError as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=submit, args=(g,)) for g in ("G-11", "G-12")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "received" and outcomes.count("received") == 1
    assert budget("G-11")["reserved"] + budget("G-12")["reserved"] == 550_000


LINKAGE = "\n".join(
    json.dumps(line, ensure_ascii=False)
    for line in [
        {
            "type": "business",
            "brn": VENDOR,
            "status": "active",
            "registeredOn": (TODAY - timedelta(days=10)).isoformat(),
            "representativeHash": "rep-hash-A",
            "accountHolderHash": "acct-hash-V",
        },
        {
            "type": "business",
            "brn": RECIPIENT,
            "status": "active",
            "registeredOn": "2015-03-02",
            "representativeHash": "rep-hash-A",
            "accountHolderHash": "acct-hash-R",
        },
        {
            "type": "grant",
            "grantId": "N-2026-0001",
            "title": "청년 창업 공간 운영 지원사업",
            "purpose": "공유 사무실",
            "field": "산업중소기업",
            "recipientBrn": RECIPIENT,
            "period": PERIOD,
            "budget": [{"category": "307-02", "amount": 30_000_000}],
            "fundingShares": {"national": "1"},
        },
        {
            "type": "execution",
            "grantId": "N-2026-0001",
            "invoiceId": "202611010000000000009999",
            "vendorBrn": VENDOR,
            "amount": 1_000_000,
            "date": TODAY.isoformat(),
        },
        {"type": "nonsense"},
    ]
)


def test_linkage_import_is_idempotent_and_reports_bad_lines(aws):
    first = call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=LINKAGE,
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert first[0] == 202, first
    assert {k: first[1][k] for k in ("grants", "executions", "businesses")} == {
        "grants": 1,
        "executions": 1,
        "businesses": 2,
    }
    assert [e["line"] for e in first[1]["errors"]] == [5]
    second = call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=LINKAGE,
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert second == first


def test_a_new_grant_names_similar_and_duplicate_programs(aws):
    call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=LINKAGE,
        headers={"Content-Type": "application/x-ndjson"},
    )
    grant = create_grant("G-13")
    found = {(f["code"], f["grantId"]) for f in grant["findings"]}
    assert ("P01", "N-2026-0001") in found and ("P02", "N-2026-0001") in found
    other = create_grant("G-14", recipient=brn(77)) | {}
    assert ("P02", "G-13") in {(f["code"], f["grantId"]) for f in other["findings"]}
    assert ("P01", "G-13") not in {(f["code"], f["grantId"]) for f in other["findings"]}


def test_flagged_claim_goes_to_review_and_fraud_returns_it(aws):
    call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=LINKAGE,
        headers={"Content-Type": "application/x-ndjson"},
    )
    create_grant("G-15")
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-15", 9, 2_000_000))
    run_validation(aws)
    status, page = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    assert status == 200 and len(page["items"]) == 1
    review = page["items"][0]
    assert review["claimId"] == created["claimId"] and review["score"] > 0
    codes = {i["code"] for i in review["indicators"]}
    assert {"F01", "F10"} <= codes
    assert all(i["evidence"] for i in review["indicators"])
    assert "rep-hash-A" not in json.dumps(review)  # evidence never copies the hashes
    assert call_api("GET", "/v1/reviews?status=open", "official", "11140")[1]["items"] == []

    status, resolved = call_api(
        "POST",
        f"/v1/reviews/{review['reviewId']}/resolve",
        "official",
        LG_CODE,
        {"outcome": "fraud", "note": "대표자 동일, 신생 업체"},
    )
    assert status == 200, resolved
    assert resolved["review"]["status"] == "fraud" and resolved["claim"]["status"] == "RETURNED"
    assert resolved["claimReturned"] is True
    assert resolved["sanctionOffer"]["brn"] == RECIPIENT
    assert budget("G-15")["reserved"] == 0
    assert (
        call_api(
            "POST",
            f"/v1/reviews/{review['reviewId']}/resolve",
            "official",
            LG_CODE,
            {"outcome": "cleared", "note": "again"},
        )[0]
        == 409
    )
    offer = resolved["sanctionOffer"]
    assert (
        call_api(
            "POST", "/v1/sanctions", "official", LG_CODE, {k: offer[k] for k in ("brn", "reason", "from", "until")}
        )[0]
        == 201
    )
    status, problem = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-15", 10, 100_000))
    assert status == 422 and "SANCTIONED" in {e["code"] for e in problem["errors"]}


def test_validation_replay_changes_nothing(aws):
    call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=LINKAGE,
        headers={"Content-Type": "application/x-ndjson"},
    )
    create_grant("G-16")
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-16", 11, 2_000_000))
    events = run_validation(aws)
    from functions.validation.handler import handler

    replay = {
        "Records": [
            {
                "messageId": "m1",
                "receiptHandle": "r",
                "body": json.dumps(events[0]),
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:ap-northeast-2:0:validation",
                "awsRegion": "ap-northeast-2",
            }
        ]
    }
    assert handler(replay, LocalContext("validation"))["batchItemFailures"] == []
    _, page = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    assert [r["claimId"] for r in page["items"]] == [created["claimId"]]


@pytest.mark.parametrize("cancelled", [True, False])
def test_national_execution_of_a_claimed_invoice_flags_the_claim(aws, cancelled):
    create_grant("G-17")
    doc_serial = 12
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-17", doc_serial, 300_000))
    _, claim = call_api("GET", f"/v1/claims/{created['claimId']}", "official", LG_CODE)
    line = {
        "type": "execution",
        "grantId": "N-9",
        "invoiceId": claim["invoice"]["id"],
        "vendorBrn": VENDOR,
        "amount": 330_000,
        "date": TODAY.isoformat(),
        "cancelled": cancelled,
    }
    status, counts = call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=json.dumps(line),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert status == 202 and counts["flagged"] == 1
    _, page = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    assert [r["indicators"][0]["code"] for r in page["items"]] == ["F03" if cancelled else "F12"]


def _flagged_review(aws, grant_id: str, serial: int) -> dict:
    call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        raw_body=LINKAGE,
        headers={"Content-Type": "application/x-ndjson"},
    )
    create_grant(grant_id)
    status, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim(grant_id, serial, 2_000_000))
    assert status == 201, created
    run_validation(aws)
    _, page = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    review = next(r for r in page["items"] if r["claimId"] == created["claimId"])
    return review


@pytest.mark.parametrize("paid", [False, True], ids=["accepted", "paid"])
def test_fraud_on_a_claim_already_accepted_or_paid_is_recorded_with_the_sanction_offer(aws, paid):
    from tests.integration.test_settlement import run_settlement

    review = _flagged_review(aws, "G-18", 13)
    claim_id = review["claimId"]
    assert call_api("POST", f"/v1/claims/{claim_id}/decision", "official", LG_CODE, {"decision": "accept"})[0] == 200
    if paid:
        call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
        run_settlement(aws)
    expected = "PAID" if paid else "ACCEPTED"
    assert call_api("GET", f"/v1/claims/{claim_id}", "official", LG_CODE)[1]["status"] == expected
    before = budget("G-18")

    status, resolved = call_api(
        "POST",
        f"/v1/reviews/{review['reviewId']}/resolve",
        "official",
        LG_CODE,
        {"outcome": "fraud", "note": "지급 후 부정수급 확인"},
    )
    assert status == 200, resolved
    assert resolved["review"]["status"] == "fraud"
    assert resolved["claimReturned"] is False and resolved["claim"]["status"] == expected
    offer = resolved["sanctionOffer"]
    assert offer["brn"] == RECIPIENT and offer["surchargeUpTo"] == 2_200_000 * 5
    assert call_api("GET", f"/v1/claims/{claim_id}", "official", LG_CODE)[1]["status"] == expected
    assert budget("G-18") == before  # nothing released: the money went out or is due
    _, fraud = call_api("GET", "/v1/reviews?status=fraud", "official", LG_CODE)
    assert [r["reviewId"] for r in fraud["items"]] == [review["reviewId"]]
    assert (
        call_api(
            "POST", "/v1/sanctions", "official", LG_CODE, {k: offer[k] for k in ("brn", "reason", "from", "until")}
        )[0]
        == 201
    )


def test_clearing_a_review_returns_nothing_and_offers_no_sanction(aws):
    review = _flagged_review(aws, "G-19", 14)
    status, resolved = call_api(
        "POST",
        f"/v1/reviews/{review['reviewId']}/resolve",
        "official",
        LG_CODE,
        {"outcome": "cleared", "note": "정상 거래 확인"},
    )
    assert status == 200 and resolved["review"]["status"] == "cleared"
    assert "claimReturned" not in resolved and "sanctionOffer" not in resolved
    assert call_api("GET", f"/v1/claims/{review['claimId']}", "official", LG_CODE)[1]["status"] == "RECEIVED"
