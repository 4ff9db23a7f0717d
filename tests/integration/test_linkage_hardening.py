"""The national link (e나라도움) under attack: national data has one writer (the national feed: S3 ``linkage/`` or
the ``national`` role), an official's import stays within its own LG, the feed never replaces a local grant, and a
hostile line is reported without a 500 or a partial crash."""

from __future__ import annotations

import json

import pytest

from infra.local.context import LocalContext, sqs_event
from tests.conftest import LG_CODE
from tests.integration.helpers import call_api
from tests.integration.test_subsidy import (
    PERIOD,
    RECIPIENT,
    VENDOR,
    create_grant,
    run_validation,
    subsidy_claim,
)

OTHER_LG = "11140"  # 중구: an official of another LG
NDJSON = {"Content-Type": "application/x-ndjson"}


def ndjson(*lines: dict | str) -> str:
    return "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)


def import_as(org: str, *lines: dict | str, role: str = "official") -> dict:
    status, answer = call_api("POST", "/v1/linkage/national", role, org, raw_body=ndjson(*lines), headers=NDJSON)
    assert status == 202, answer
    return answer


def national_feed(*lines: dict | str) -> dict:
    """The national feed (e나라도움) through the API: a ``national`` token."""
    return import_as("NATIONAL", *lines, role="national")


def system_feed(aws, *lines: dict | str) -> None:
    """A file dropped under ``linkage/`` in S3, imported by the intake function (no official behind it)."""
    from functions.intake.handler import handler
    from shared.adapters.aws import client
    from shared.adapters.config import settings

    client("s3").put_object(Bucket=settings().document_bucket, Key="linkage/feed.ndjson", Body=ndjson(*lines).encode())
    sqs, url = client("sqs"), aws.queue_urls["IntakeQueue"]
    messages: list[dict] = []
    for _ in range(5):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
        messages = [m for m in messages if '"s3:TestEvent"' not in m["Body"]]
        if messages:
            break
    assert messages, "the linkage file reached no intake message"
    answer = handler(
        sqs_event(messages, "arn:aws:sqs:ap-northeast-2:000000000000:intake"), LocalContext("claims-intake")
    )
    assert answer == {"batchItemFailures": []}
    for message in messages:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def grant_line(grant_id: str, **extra: object) -> dict:
    return {
        "type": "grant",
        "grantId": grant_id,
        "title": "탈취 시도 사업",
        "purpose": "다른 자치단체의 보조사업",
        "field": "산업중소기업",
        "recipientBrn": VENDOR,
        "period": PERIOD,
        "budget": [{"category": "307-02", "amount": 1_000_000}],
        "fundingShares": {"national": "1"},
        **extra,
    }


def business_line(brn: str = VENDOR) -> dict:
    return {"type": "business", "brn": brn, "status": "active", "registeredOn": "2015-03-02"}


def execution_line(invoice_id: str, **extra: object) -> dict:
    return {
        "type": "execution",
        "grantId": "N-2026-0042",
        "invoiceId": invoice_id,
        "vendorBrn": VENDOR,
        "amount": 330_000,
        "date": PERIOD["start"],
        **extra,
    }


def codes(answer: dict) -> list[tuple[int, str]]:
    return [(e["line"], e["code"]) for e in answer["errors"]]


# -- tenancy: grants -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lg_code", [LG_CODE, None, "NATIONAL"])
def test_an_official_cannot_take_over_another_lgs_grant(aws, lg_code):
    create_grant("G-VICTIM-1")
    line = grant_line("G-VICTIM-1") | ({"lgCode": lg_code} if lg_code else {})
    answer = import_as(OTHER_LG, line)
    assert answer["grants"] == 0 and codes(answer) == [(1, "LINKAGE_LG_FORBIDDEN")]
    status, grant = call_api("GET", "/v1/grants/G-VICTIM-1", "official", LG_CODE)
    assert status == 200
    assert (grant["lgCode"], grant["source"], grant["recipientBrn"]) == (LG_CODE, "local", RECIPIENT)
    assert call_api("GET", "/v1/grants/G-VICTIM-1", "official", OTHER_LG)[0] == 404
    # the recipient still claims against it
    assert call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-VICTIM-1", 301, 100_000))[0] == 201


def test_the_same_grant_id_in_another_lg_is_another_grant(aws):
    create_grant("G-VICTIM-2")
    answer = import_as(OTHER_LG, grant_line("G-VICTIM-2", lgCode=OTHER_LG))  # its own LG's: a grant of its own
    assert answer["grants"] == 1 and answer["errors"] == []
    _, own = call_api("GET", "/v1/grants/G-VICTIM-2", "official", LG_CODE)
    _, theirs = call_api("GET", "/v1/grants/G-VICTIM-2", "official", OTHER_LG)
    assert (own["lgCode"], own["source"], own["recipientBrn"]) == (LG_CODE, "local", RECIPIENT)
    assert (theirs["lgCode"], theirs["source"], theirs["recipientBrn"]) == (OTHER_LG, "national", VENDOR)


def test_an_official_imports_grants_of_its_own_lg_only(aws):
    answer = import_as(
        OTHER_LG,
        grant_line("N-OWN", lgCode=OTHER_LG),
        grant_line("N-NAT"),
        grant_line("N-NAT-2", lgCode="NATIONAL"),
        grant_line("N-FOREIGN", lgCode=LG_CODE),
    )
    assert answer["grants"] == 1
    assert codes(answer) == [(2, "LINKAGE_LG_FORBIDDEN"), (3, "LINKAGE_LG_FORBIDDEN"), (4, "LINKAGE_LG_FORBIDDEN")]
    assert call_api("GET", "/v1/grants/N-OWN", "official", OTHER_LG)[1]["source"] == "national"
    assert call_api("GET", "/v1/grants/N-FOREIGN", "official", LG_CODE)[0] == 404
    # the official re-imports its own line: it replaces what its LG imported, nothing else
    again = import_as(OTHER_LG, grant_line("N-OWN", lgCode=OTHER_LG, title="고친 제목"))
    assert again["grants"] == 1
    assert call_api("GET", "/v1/grants/N-OWN", "official", OTHER_LG)[1]["title"] == "고친 제목"


@pytest.mark.parametrize("lg_code", [LG_CODE, None])
def test_an_official_cannot_replace_another_lgs_national_grant(aws, lg_code):
    system_feed(aws, grant_line("N-OF-11110", lgCode=LG_CODE, title="종로구 국고보조사업"))
    assert call_api("GET", "/v1/grants/N-OF-11110", "official", LG_CODE)[1]["title"] == "종로구 국고보조사업"
    answer = import_as(OTHER_LG, grant_line("N-OF-11110") | ({"lgCode": lg_code} if lg_code else {}))
    assert answer["grants"] == 0 and codes(answer) == [(1, "LINKAGE_LG_FORBIDDEN")]
    status, grant = call_api("GET", "/v1/grants/N-OF-11110", "official", LG_CODE)
    assert status == 200 and grant["title"] == "종로구 국고보조사업" and grant["lgCode"] == LG_CODE


def test_an_official_cannot_rewrite_what_the_national_feed_wrote_for_its_lg(aws):
    national_feed(grant_line("N-FED", lgCode=LG_CODE, title="국고보조사업 원본"))
    answer = import_as(LG_CODE, grant_line("N-FED", lgCode=LG_CODE, title="덮어쓴 제목"))
    assert answer["grants"] == 0 and codes(answer) == [(1, "LINKAGE_GRANT_TAKEN")]
    assert call_api("GET", "/v1/grants/N-FED", "official", LG_CODE)[1]["title"] == "국고보조사업 원본"
    # the feed itself rewrites it
    national_feed(grant_line("N-FED", lgCode=LG_CODE, title="국고보조사업 변경"))
    assert call_api("GET", "/v1/grants/N-FED", "official", LG_CODE)[1]["title"] == "국고보조사업 변경"


def test_the_system_feed_imports_any_lg_but_never_replaces_a_local_grant(aws):
    create_grant("G-LOCAL-1")
    system_feed(aws, grant_line("G-LOCAL-1", lgCode=OTHER_LG), grant_line("N-FOR-11140", lgCode=OTHER_LG))
    _, grant = call_api("GET", "/v1/grants/G-LOCAL-1", "official", LG_CODE)
    assert (grant["lgCode"], grant["source"]) == (LG_CODE, "local")
    _, national = call_api("GET", "/v1/grants/N-FOR-11140", "official", OTHER_LG)
    assert (national["lgCode"], national["source"]) == (OTHER_LG, "national")


# -- tenancy: executions and reviews -------------------------------------------------------------------------


def _claimed_invoice(grant_id: str, serial: int) -> str:
    create_grant(grant_id)
    _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim(grant_id, serial, 300_000))
    _, claim = call_api("GET", f"/v1/claims/{created['claimId']}", "official", LG_CODE)
    return claim["invoice"]["id"]


@pytest.mark.parametrize("cancelled", [True, False])
def test_another_lgs_execution_line_opens_no_review_in_this_lg(aws, cancelled):
    invoice_id = _claimed_invoice("G-EXEC-1", 310)
    import_as(OTHER_LG, grant_line("N-2026-0042", lgCode=OTHER_LG))  # an execution names a grant of the LG
    answer = import_as(OTHER_LG, execution_line(invoice_id, cancelled=cancelled))
    assert answer["executions"] == 1 and answer["flagged"] == 0 and answer["errors"] == []
    run_validation(aws)  # the claim's own soft checks: a cancelled mark from another LG must not count (F03)
    assert call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)[1]["items"] == []
    assert call_api("GET", "/v1/reviews?status=open", "official", OTHER_LG)[1]["items"] == []
    # the claim's own LG imports the same line against a grant of its own: flagged in its own queue
    import_as(LG_CODE, grant_line("N-2026-0042", lgCode=LG_CODE))
    again = import_as(LG_CODE, execution_line(invoice_id, cancelled=cancelled))
    assert again["flagged"] == 1
    _, page = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    assert [r["indicators"][0]["code"] for r in page["items"]] == ["F03" if cancelled else "F12"]


def test_the_system_feed_flags_a_claim_of_any_lg(aws):
    invoice_id = _claimed_invoice("G-EXEC-2", 311)
    system_feed(aws, execution_line(invoice_id))
    _, page = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    assert [r["indicators"][0]["code"] for r in page["items"]] == ["F12"]


# -- hostile lines ------------------------------------------------------------------------------------------


HOSTILE = {
    "amount Infinity": '{"type":"execution","grantId":"N-1","invoiceId":"I-1","vendorBrn":"6028131841",'
    '"amount":Infinity,"date":"2026-01-02"}',
    "amount NaN": '{"type":"execution","grantId":"N-1","invoiceId":"I-1","vendorBrn":"6028131841",'
    '"amount":NaN,"date":"2026-01-02"}',
    "amount float": execution_line("I-2", amount=1.5),
    "amount negative": execution_line("I-3", amount=-1),
    "amount 1e300": execution_line("I-4", amount=1e300),
    "amount too large": execution_line("I-5", amount=10**15 + 1),
    "amount bool": execution_line("I-6", amount=True),
    "amount string": execution_line("I-7", amount="330000"),
    "amount huge int": '{"type":"execution","grantId":"N-1","invoiceId":"I-8","vendorBrn":"6028131841",'
    '"amount":1' + "0" * 400 + ',"date":"2026-01-02"}',
    "budget Infinity": json.dumps(grant_line("N-BAD-1")).replace('"amount": 1000000', '"amount": Infinity'),
    "budget 1e300": grant_line("N-BAD-2", budget=[{"category": "307-02", "amount": 1e300}]),
    "budget bool": grant_line("N-BAD-3", budget=[{"category": "307-02", "amount": True}]),
    "budget float": grant_line("N-BAD-4", budget=[{"category": "307-02", "amount": 1000.5}]),
    "deep array": "[" * 5000,
    "deep object": '{"type":"business","brn":' + '{"a":' * 3000 + "1" + "}" * 3001,
    "vendorBrn short": execution_line("I-9", vendorBrn="123"),
    "vendorBrn letters": execution_line("I-10", vendorBrn="60281318AB"),
    "vendorBrn number": execution_line("I-11", vendorBrn=6028131841),
    "grantId long": execution_line("I-12", grantId="N" * 500),
    "grantId path": execution_line("I-13", grantId="../GRANT#x"),
    "grantId object": execution_line("I-14", grantId={"S": "N-1"}),
    "grant grantId long": grant_line("G" * 5000),
    "invoiceId long": execution_line("9" * 3000),
    "business brn long": business_line("1" * 3000),
    "fundingShares list": grant_line("N-BAD-5", fundingShares=["national"]),
    "representativeHash object": business_line() | {"representativeHash": {"x": [1, 2]}},
}


@pytest.mark.parametrize("hostile", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_line_is_reported_and_the_others_are_imported(aws, hostile):
    status, answer = call_api(
        "POST",
        "/v1/linkage/national",
        "national",
        "NATIONAL",
        headers=NDJSON,
        raw_body=ndjson(business_line(), HOSTILE[hostile], business_line(RECIPIENT)),
    )
    assert status == 202, answer
    assert answer["businesses"] == 2 and answer["grants"] == 0 and answer["executions"] == 0
    assert codes(answer) == [(2, "LINKAGE_INVALID")]


def test_the_largest_amount_is_imported(aws):
    answer = national_feed(execution_line("I-MAX", amount=10**15), execution_line("I-ZERO", amount=0))
    assert answer["executions"] == 2 and answer["errors"] == []


def test_a_grant_line_with_an_unbounded_period_is_refused(aws):
    answer = national_feed(grant_line("N-FOREVER", lgCode=LG_CODE, period={"start": "0001-01-01", "end": "9999-12-31"}))
    assert answer["grants"] == 0 and codes(answer) == [(1, "LINKAGE_INVALID")]
    assert "period" in answer["errors"][0]["message"]
    assert call_api("GET", "/v1/grants/N-FOREVER", "official", LG_CODE)[0] == 404
