"""The API handler under moto: what a business and an official see, and that bad input changes nothing."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest

from infra.local.samples import Line, kec_invoice, ubl_invoice
from tests.conftest import LG_CODE, OTHER_SUPPLIER, SUPPLIER
from tests.integration.helpers import (
    accept,
    call_api,
    claim_body,
    count_claims_table_items,
    count_documents,
    document,
)

ISSUED = date(2026, 11, 20)


def kec(lg_tax_id: str, serial: int = 1, supplier: str = SUPPLIER, **kw) -> bytes:
    return kec_invoice(supplier, lg_tax_id, ISSUED, serial, [Line("유지보수", 2, 1_500_000)], **kw)


def test_business_claims_and_reads_its_claim(aws, lg_tax_id):
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    assert status == 201, created
    assert created["status"] == "RECEIVED" and created["findings"] == [] and "dueDate" not in created

    status, claim = call_api("GET", f"/v1/claims/{created['claimId']}", "business", SUPPLIER)
    assert status == 200
    assert claim["supplier"] == SUPPLIER and claim["buyer"] == lg_tax_id and claim["lgCode"] == LG_CODE
    assert claim["invoice"]["grandTotal"] == 3_300_000 and claim["invoice"]["netTotal"] == 3_000_000
    assert claim["invoice"]["format"] == "kec" and len(claim["invoice"]["lines"]) == 1
    assert [h["status"] for h in claim["history"]] == ["RECEIVED"]
    assert claim["history"][0]["by"].startswith(f"business:{SUPPLIER}:")

    status, page = call_api("GET", "/v1/claims", "business", SUPPLIER)
    assert status == 200 and [c["claimId"] for c in page["items"]] == [created["claimId"]]


def test_ubl_invoice_is_claimed(aws, lg_tax_id):
    doc = ubl_invoice(SUPPLIER, lg_tax_id, ISSUED, "INV-77", [Line("Backup service", 1, 1_000_000)])
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc, "ubl"))
    assert status == 201, created
    _, claim = call_api("GET", f"/v1/claims/{created['claimId']}", "official", LG_CODE)
    assert claim["invoice"]["id"] == "INV-77" and claim["invoice"]["grandTotal"] == 1_100_000


def test_tenants_never_see_each_other(aws, lg_tax_id):
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    path = f"/v1/claims/{created['claimId']}"
    assert call_api("GET", path, "business", OTHER_SUPPLIER)[0] == 404
    assert call_api("GET", path, "official", "11140")[0] == 404  # another LG's official
    assert call_api("GET", path, "official", LG_CODE)[0] == 200
    assert call_api("GET", "/v1/claims", "business", OTHER_SUPPLIER)[1]["items"] == []
    assert call_api("GET", "/v1/claims", "official", "11140")[1]["items"] == []
    status, problem = call_api("POST", f"{path}/decision", "official", "11140", {"decision": "accept"})
    assert status == 404 and problem["errors"][0]["code"] == "NOT_FOUND"


def test_faulty_document_gets_every_finding_and_stores_nothing(aws, lg_tax_id):
    before = (count_claims_table_items(), count_documents())
    faulty = kec_invoice(SUPPLIER, "1234567890", ISSUED, 3, [Line("용역", 1, 1_000_000)], tax_override=55_555)
    status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(faulty))
    assert status == 422
    codes = {e["code"] for e in problem["errors"]}
    assert "KR-BRN-BUYER" in codes and "CLAIM-BUYER-LG" in codes
    assert any(code.startswith("KR-TOTAL") or code.startswith("KR-VAT") for code in codes)
    assert problem["status"] == 422 and problem["type"].startswith("https://")
    assert (count_claims_table_items(), count_documents()) == before


def test_duplicate_is_refused_with_the_first_claim(aws, lg_tax_id):
    _, first = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    before = (count_claims_table_items(), count_documents())
    status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    assert status == 409 and problem["claimId"] == first["claimId"]
    assert problem["errors"][0]["code"] == "DUPLICATE"
    assert (count_claims_table_items(), count_documents()) == before


def test_returned_invoice_may_be_claimed_again(aws, lg_tax_id):
    _, first = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    status, returned = call_api(
        "POST",
        f"/v1/claims/{first['claimId']}/decision",
        "official",
        LG_CODE,
        {"decision": "return", "reason": "검수 확인서 누락"},
    )
    assert status == 200 and returned["status"] == "RETURNED"
    assert returned["history"][-1]["reason"] == "검수 확인서 누락"
    status, second = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    assert status == 201 and second["claimId"] != first["claimId"]
    # and now the resubmitted claim holds the invoice again
    assert call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))[0] == 409


@pytest.mark.parametrize(
    ("content", "code", "status"),
    [
        ("not base64!!", "MALFORMED", 400),
        (base64.b64encode(b"").decode(), "MALFORMED", 400),
        (base64.b64encode(b"hello, not xml").decode(), "MALFORMED", 400),
        (base64.b64encode(b"<Unknown/>").decode(), "MALFORMED", 400),
        (
            base64.b64encode(
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
            ).decode(),
            "FORBIDDEN_CONTENT",
            400,
        ),
        (base64.b64encode(b"<a>" + b"x" * (5 * 1024 * 1024) + b"</a>").decode(), "TOO_LARGE", 413),
    ],
)
def test_refused_documents_change_nothing(aws, content, code, status):
    before = (count_claims_table_items(), count_documents())
    body = {"lgCode": LG_CODE, "kind": "payment", "document": {"format": "kec", "content": content}}
    answer_status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, body)
    assert answer_status == status and problem["errors"][0]["code"] == code
    assert (count_claims_table_items(), count_documents()) == before


def test_supplier_must_be_the_caller(aws, lg_tax_id):
    status, problem = call_api("POST", "/v1/claims", "business", OTHER_SUPPLIER, claim_body(kec(lg_tax_id)))
    assert status == 403 and problem["errors"][0]["code"] == "FORBIDDEN"


def test_official_cannot_submit_and_business_cannot_decide(aws, lg_tax_id):
    assert call_api("POST", "/v1/claims", "official", LG_CODE, claim_body(kec(lg_tax_id)))[0] == 403
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    status, _ = call_api(
        "POST", f"/v1/claims/{created['claimId']}/decision", "business", SUPPLIER, {"decision": "accept"}
    )
    assert status == 403


def test_no_token_is_refused(aws):
    status, problem = call_api("GET", "/v1/claims")
    assert status == 403 and problem["status"] == 403


def test_accept_sets_due_date_and_wrong_transitions_conflict(aws, lg_tax_id):
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    path = f"/v1/claims/{created['claimId']}/decision"
    status, accepted = accept(created["claimId"])
    assert status == 200 and accepted["status"] == "ACCEPTED"
    assert date.fromisoformat(accepted["dueDate"]) > date.fromisoformat(accepted["history"][-1]["at"][:10])
    assert [h["status"] for h in accepted["history"]] == ["RECEIVED", "ACCEPTED"]
    assert accepted["history"][-1]["by"].startswith(f"official:{LG_CODE}:")
    status, problem = call_api("POST", path, "official", LG_CODE, {"decision": "return", "reason": "late"})
    assert status == 409 and problem["errors"][0]["code"] == "INVALID_TRANSITION"
    status, listed = call_api("GET", "/v1/claims?status=ACCEPTED", "official", LG_CODE)
    assert [c["claimId"] for c in listed["items"]] == [created["claimId"]]
    assert call_api("GET", "/v1/claims?status=RECEIVED", "official", LG_CODE)[1]["items"] == []


def test_return_needs_a_reason(aws, lg_tax_id):
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    status, problem = call_api(
        "POST", f"/v1/claims/{created['claimId']}/decision", "official", LG_CODE, {"decision": "return", "reason": "  "}
    )
    assert status == 400 and problem["errors"][0]["code"] == "REASON_REQUIRED"


def test_buyer_must_be_the_lg(aws, lg_tax_id):
    other_lg_doc = kec(lg_tax_id)
    status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(other_lg_doc, lg_code="11140"))
    assert status == 422 and [e["code"] for e in problem["errors"]] == ["CLAIM-BUYER-LG"]
    status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(other_lg_doc, lg_code="99999"))
    assert status == 422 and [e["code"] for e in problem["errors"]] == ["LG_UNKNOWN"]


def test_idempotency_key_replays_the_first_answer(aws, lg_tax_id):
    key = {"Idempotency-Key": "9b0f6a52-2f3e-4f0a-9d55-0b7f3c1c2e11"}
    first = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)), key)
    items = count_claims_table_items()
    again = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)), key)
    assert first[0] == again[0] == 201 and first[1] == again[1]
    assert count_claims_table_items() == items
    status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id, serial=2)), key)
    assert status == 422 and problem["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    # the same UUID spelled otherwise is the same key
    for spelling in ("{9B0F6A52-2F3E-4F0A-9D55-0B7F3C1C2E11}", "urn:uuid:9b0f6a522f3e4f0a9d550b7f3c1c2e11"):
        again = call_api(
            "POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)), {"Idempotency-Key": spelling}
        )
        assert again == first, spelling
    # another business's key space is its own: the same key is a new request there
    other = kec(lg_tax_id, serial=3, supplier=OTHER_SUPPLIER)
    status, created = call_api("POST", "/v1/claims", "business", OTHER_SUPPLIER, claim_body(other), key)
    assert status == 201 and created["claimId"] != first[1]["claimId"]


def test_a_body_nested_too_deeply_is_malformed_not_a_failure(aws):
    status, problem = call_api("POST", "/v1/claims", "business", SUPPLIER, raw_body="[" * 20_000 + "]" * 20_000)
    assert status == 400 and problem["errors"][0]["code"] == "MALFORMED", problem


def test_validate_only_stores_nothing(aws, lg_tax_id):
    before = (count_claims_table_items(), count_documents())
    status, result = call_api("POST", "/v1/documents/validate", "business", SUPPLIER, document("kec", kec(lg_tax_id)))
    assert status == 200 and result == {"valid": True, "findings": []}
    bad = kec_invoice(SUPPLIER, lg_tax_id, ISSUED + timedelta(days=400), 5, [Line("x", 1, 100)], tax_override=99)
    status, result = call_api("POST", "/v1/documents/validate", "business", SUPPLIER, document("kec", bad))
    assert status == 200 and result["valid"] is False and len(result["findings"]) >= 2
    assert (count_claims_table_items(), count_documents()) == before


def test_pages_follow_next_token_and_refuse_forged_tokens(aws, lg_tax_id):
    ids = {
        call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id, serial=n)))[1]["claimId"]
        for n in range(1, 6)
    }
    seen, token = [], None
    for _ in range(5):
        status, page = call_api(
            "GET", "/v1/claims?limit=2" + (f"&nextToken={token}" if token else ""), "official", LG_CODE
        )
        assert status == 200
        seen += [c["claimId"] for c in page["items"]]
        token = page.get("nextToken")
        if not token:
            break
    assert set(seen) == ids and len(seen) == 5
    _, page = call_api("GET", "/v1/claims?limit=2", "official", LG_CODE)
    status, problem = call_api("GET", f"/v1/claims?limit=2&nextToken={page['nextToken']}", "official", "11140")
    assert status == 400 and problem["errors"][0]["code"] == "BAD_PAGE_TOKEN"


def test_public_lgs_lists_the_registry(aws):
    status, lgs = call_api("GET", "/v1/public/lgs")
    assert status == 200 and len(lgs) >= 26
    codes = {lg["lgCode"] for lg in lgs}
    assert {"11110", "11680", "11740"} <= codes
    assert all(len(lg["taxId"]) == 10 for lg in lgs)


def test_a_decision_sent_again_with_its_idempotency_key_answers_as_the_first(aws, lg_tax_id):
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(kec(lg_tax_id)))
    key = {"Idempotency-Key": "0e6f3c0a-7d4b-4f1e-8a2c-5b9d1e3f7a60"}
    first = accept(created["claimId"], headers=key)
    again = accept(created["claimId"], headers=key)
    assert first[0] == again[0] == 200 and first[1] == again[1] and first[1]["status"] == "ACCEPTED"
    assert accept(created["claimId"])[0] == 409  # without it: a conflict
