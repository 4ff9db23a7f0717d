"""Issue 8's claim findings, against moto: a claimed document never changes, every claimable document can be
claimed, refusals leak nothing, and client input never reaches a 500."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.local.samples import Line, kec_invoice
from shared.domain.calendar import now_seoul
from tests.conftest import LG_CODE, OTHER_SUPPLIER, SUPPLIER
from tests.integration.helpers import accept, call_api, claim_body
from tests.integration.test_intake import _intake, _receive, _status
from tests.integration.test_subsidy import RECIPIENT, VENDOR, create_grant, subsidy_claim

TODAY = now_seoul().date()
ISSUED = TODAY - timedelta(days=3)


def _slot(org: str = SUPPLIER) -> dict:
    status, slot = call_api(
        "POST",
        "/v1/uploads",
        "business",
        org,
        {"lgCode": LG_CODE, "kind": "payment", "format": "kec", "fileName": "invoice.xml"},
    )
    assert status == 201, slot
    return slot


def _put(slot: dict, content: bytes) -> None:
    answer = requests.put(slot["url"], data=content, headers=slot["headers"], timeout=10)
    assert answer.status_code == 200, answer.text


def _deliver(aws) -> None:
    messages = _receive(aws)
    if messages:
        assert _intake(messages) == {"batchItemFailures": []}
        from shared.adapters.aws import client

        for message in messages:
            client("sqs").delete_message(QueueUrl=aws.queue_urls["IntakeQueue"], ReceiptHandle=message["ReceiptHandle"])


def _original(claim_id: str, role: str = "official", org: str = LG_CODE) -> tuple[dict, bytes]:
    status, claim = call_api("GET", f"/v1/claims/{claim_id}", role, org)
    assert status == 200, claim
    fetched = requests.get(claim["document"]["url"], timeout=10)
    assert fetched.status_code == 200
    return claim, fetched.content


def _claims_of(org: str = SUPPLIER) -> list[dict]:
    return call_api("GET", "/v1/claims?limit=100", "business", org)[1]["items"]


def test_a_put_after_the_claim_changes_neither_the_claim_nor_its_original(aws, lg_tax_id):
    first = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 31, [Line("키오스크 임대", 1, 1_000_000)])
    swapped = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 31, [Line("키오스크 임대", 1, 50_000_000)])  # same 승인번호
    other = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 32, [Line("유지보수", 1, 2_000_000)])
    slot = _slot()
    _put(slot, first)
    _deliver(aws)
    claim_id = _status(slot["uploadId"])["claimId"]
    accept(claim_id)

    for later in (swapped, other):  # the same URL, still valid: the same invoice with other amounts, another one
        _put(slot, later)
        _deliver(aws)
    claim, original = _original(claim_id)
    assert original == first
    assert claim["document"]["sha256"] == hashlib.sha256(first).hexdigest() == hashlib.sha256(original).hexdigest()
    assert claim["invoice"]["grandTotal"] == 1_100_000 and claim["status"] == "ACCEPTED"
    assert [c["claimId"] for c in _claims_of()] == [claim_id]  # the slot yielded one claim
    upload = _status(slot["uploadId"])
    assert upload["status"] == "ACCEPTED" and upload["claimId"] == claim_id
    assert upload["ignoredPuts"]["count"] == 2 and upload["ignoredPuts"]["code"] == "UPLOAD_CONSUMED"


def test_a_claim_by_api_records_its_digest_and_serves_exactly_those_bytes(aws, lg_tax_id):
    content = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 33, [Line("소모품", 2, 45_000)])
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(content))
    assert status == 201, created
    for role, org in (("official", LG_CODE), ("business", SUPPLIER)):
        claim, original = _original(created["claimId"], role, org)
        assert original == content and claim["document"] == {
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "url": claim["document"]["url"],
            "expiresIn": 300,
        }


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["put", "deliver", "accept"]), st.integers(1, 3)), min_size=1, max_size=6))
def test_every_claims_recorded_digest_is_the_digest_of_the_original_an_official_fetches(aws, lg_tax_id, steps):
    """For any sequence of uploads, re-PUTs, deliveries and decisions (property)."""
    import uuid

    serial_base = uuid.uuid4().int % 10**6
    slot = _slot()
    for action, n in steps:
        if action == "put":
            _put(slot, kec_invoice(SUPPLIER, lg_tax_id, ISSUED, serial_base + n, [Line("임대", 1, 10_000 * n)]))
        elif action == "deliver":
            _deliver(aws)
        else:
            claim_id = _status(slot["uploadId"]).get("claimId")
            if claim_id:
                accept(claim_id)
    _deliver(aws)
    for listed in _claims_of():
        claim, original = _original(listed["claimId"])
        assert hashlib.sha256(original).hexdigest() == claim["document"]["sha256"]
        assert len(original) == claim["document"]["size"]


def test_an_invoice_of_3300_lines_is_claimable_and_its_item_stays_small(aws, lg_tax_id):
    lines = [Line(f"부품 {n:04d} 교체 및 점검", 1, 1_000 + n) for n in range(3_300)]
    content = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 34, lines)
    assert len(content) > 600_000
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(content))
    assert status == 201, created
    claim, original = _original(created["claimId"])
    assert original == content and len(claim["invoice"]["lines"]) == 3_300
    assert claim["invoice"]["lines"][-1]["netAmount"] == 1_000 + 3_299

    from shared.adapters.aws import client
    from shared.adapters.config import settings as env

    item = client("dynamodb").get_item(
        TableName=env().claims_table, Key={"pk": {"S": f"CLAIM#{created['claimId']}"}, "sk": {"S": "CLAIM"}}
    )["Item"]
    size = sum(len(k.encode()) + len(json.dumps(v, ensure_ascii=False).encode()) for k, v in item.items())
    assert size < 100_000  # far below DynamoDB's 400 KB
    assert json.loads(item["invoice"]["S"])["lineCount"] == 3_300


def test_the_same_invoice_as_payment_and_as_subsidy_alerts_both_lgs_and_blocks_neither(aws, lg_tax_id):
    """A recipient claiming a supplier's 승인번호 as subsidy evidence no longer blocks the supplier's payment claim:
    both are received, and the LG's officials see the collision on each (the business sees no other claim)."""
    create_grant("G-X1")
    status, subsidy = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-X1", 41, 3_000_000))
    assert status == 201, subsidy
    payment_doc = kec_invoice(VENDOR, lg_tax_id, TODAY - timedelta(days=3), 41, [Line("사무용 가구", 1, 3_000_000)])
    status, payment = call_api("POST", "/v1/claims", "business", VENDOR, claim_body(payment_doc))
    assert status == 201, payment
    _, seen = call_api("GET", f"/v1/claims/{payment['claimId']}", "official", LG_CODE)
    assert [a["code"] for a in seen["alerts"]] == ["CLAIMED_AS_OTHER_KIND"]
    assert seen["alerts"][0]["otherClaimId"] == subsidy["claimId"]  # the same LG: its official may see both
    _, earlier = call_api("GET", f"/v1/claims/{subsidy['claimId']}", "official", LG_CODE)
    assert earlier["alerts"][0]["otherClaimId"] == payment["claimId"]
    _, own = call_api("GET", f"/v1/claims/{payment['claimId']}", "business", VENDOR)
    assert "alerts" not in own and subsidy["claimId"] not in json.dumps(own)


def test_a_duplicate_names_the_earlier_claim_only_to_whoever_may_see_it(aws, lg_tax_id):
    content = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 35, [Line("소모품", 1, 10_000)])
    _, first = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(content))
    status, again = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(content))
    assert status == 409 and again["claimId"] == first["claimId"]  # the caller's own claim

    # Two recipients holding one vendor's invoice number: the second learns nothing of the first one's claim.
    from tests.integration.test_subsidy import brn

    second_recipient = brn(7)
    create_grant("G-D1")
    create_grant("G-D2", recipient=second_recipient)
    _, taken = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim("G-D1", 51, 1_000_000))
    status, refused = call_api(
        "POST",
        "/v1/claims",
        "business",
        second_recipient,
        subsidy_claim("G-D2", 51, 1_000_000, recipient=second_recipient),
    )
    assert status in (409, 422), refused
    assert taken["claimId"] not in json.dumps(refused) and "claimId" not in refused


def test_totals_and_ids_beyond_reason_are_refused_with_their_own_codes(aws, lg_tax_id):
    huge = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 36, [Line("청사 신축", 1, 10**13)])
    status, refused = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(huge))
    assert status == 422 and "CLAIM_AMOUNT_LIMIT" in {e["code"] for e in refused["errors"]}, refused


def test_a_crafted_page_token_is_a_400_whatever_key_it_names(aws, lg_tax_id):
    crafted = [
        {"gsi1pk": {"S": f"BIZ#{SUPPLIER}"}},  # the index key only
        {"gsi1pk": {"S": f"BIZ#{SUPPLIER}"}, "gsi1sk": {"S": "x"}, "pk": {"S": "UPLOAD#1"}, "sk": {"S": "UPLOAD"}},
        {
            "gsi1pk": {"S": f"BIZ#{SUPPLIER}"},
            "gsi1sk": {"S": "x"},
            "pk": {"S": "CLAIM#1"},
            "sk": {"S": "CLAIM"},
            "extra": {"S": "x"},
        },
        {"gsi1pk": {"S": f"BIZ#{OTHER_SUPPLIER}"}, "gsi1sk": {"S": "x"}, "pk": {"S": "CLAIM#1"}, "sk": {"S": "CLAIM"}},
        {"gsi1pk": {"S": f"BIZ#{SUPPLIER}"}, "gsi1sk": {"S": ""}, "pk": {"S": "CLAIM#1"}, "sk": {"S": "CLAIM"}},
    ]
    for key in crafted:
        token = base64.urlsafe_b64encode(json.dumps(key).encode()).decode()
        status, answer = call_api("GET", f"/v1/claims?nextToken={token}", "business", SUPPLIER)
        assert status == 400 and answer["errors"][0]["code"] == "BAD_PAGE_TOKEN", (key, answer)


def test_a_run_dated_before_the_fiscal_years_the_platform_holds_is_refused(aws):
    status, refused = call_api(
        "POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "month-close", "asOf": "1999-12-31"}
    )
    assert status == 422 and refused["errors"][0]["code"] == "RUN_FISCAL_YEAR", refused
