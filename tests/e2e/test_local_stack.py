"""End to end over HTTP: tokens, the API front, presigned uploads by a real AWS client, the intake poller."""

from __future__ import annotations

import base64
import time
import uuid
from datetime import date

import boto3
import pytest
import requests

from infra.local.samples import Line, kec_invoice, ubl_invoice
from infra.local.tokens import mint
from shared.domain.calendar import now_seoul
from tests.conftest import LG_CODE, OTHER_SUPPLIER, SUPPLIER
from tests.integration.helpers import operating_line

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _auth(role: str, org: str) -> dict:
    return {"Authorization": f"Bearer {mint(role, org)}"}


def _tax_id(stack) -> str:
    lgs = requests.get(f"{stack.api_url}/v1/public/lgs", timeout=10).json()
    return next(lg["taxId"] for lg in lgs if lg["lgCode"] == LG_CODE)


def _wait_for_upload(stack, upload_id: str) -> dict:
    deadline = time.monotonic() + 60  # generous: CI shares two cores with another test worker
    while time.monotonic() < deadline:
        status = requests.get(
            f"{stack.api_url}/v1/uploads/{upload_id}", headers=_auth("business", SUPPLIER), timeout=10
        ).json()
        if status["status"] != "PENDING":
            return status
        time.sleep(0.1)
    raise AssertionError(f"upload {upload_id} still pending")


def test_requests_without_a_valid_token_are_unauthorised(stack):
    assert requests.get(f"{stack.api_url}/v1/claims", timeout=10).status_code == 401
    bad = {"Authorization": "Bearer " + mint("business", SUPPLIER)[:-4] + "AAAA"}
    answer = requests.get(f"{stack.api_url}/v1/claims", headers=bad, timeout=10)
    assert answer.status_code == 401 and answer.headers["Content-Type"] == "application/problem+json"
    assert requests.get(f"{stack.api_url}/v1/public/lgs", timeout=10).status_code == 200


def test_claim_by_api_then_accept_over_http(stack):
    tax_id = _tax_id(stack)
    doc = kec_invoice(SUPPLIER, tax_id, date(2026, 11, 18), int(time.time()), [Line("유지보수", 1, 2_000_000)])
    body = {
        "lgCode": LG_CODE,
        "kind": "payment",
        "document": {"format": "kec", "content": base64.b64encode(doc).decode()},
    }
    key = str(uuid.uuid4())
    answer = requests.post(
        f"{stack.api_url}/v1/claims",
        json=body,
        headers=_auth("business", SUPPLIER) | {"Idempotency-Key": key},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    claim_id = answer.json()["claimId"]
    replay = requests.post(
        f"{stack.api_url}/v1/claims",
        json=body,
        headers=_auth("business", SUPPLIER) | {"Idempotency-Key": key},
        timeout=10,
    )
    assert replay.status_code == 201 and replay.json()["claimId"] == claim_id
    unpaid = requests.post(
        f"{stack.api_url}/v1/claims/{claim_id}/decision",
        json={"decision": "accept"},
        headers=_auth("official", LG_CODE),
        timeout=10,
    )
    assert unpaid.status_code == 422 and unpaid.json()["errors"][0]["code"] == "CLAIM_LINE_REQUIRED"
    fy = now_seoul().date().year
    line = operating_line(f"E2E-{uuid.uuid4().hex[:8]}", 100_000_000)
    loaded = requests.post(
        f"{stack.api_url}/v1/budgets",
        json={"fy": fy, "lines": [line]},
        headers=_auth("official", LG_CODE),
        timeout=10,
    )
    assert loaded.status_code == 201, loaded.text
    decided = requests.post(
        f"{stack.api_url}/v1/claims/{claim_id}/decision",
        json={"decision": "accept", "lineId": line["lineId"]},
        headers=_auth("official", LG_CODE),
        timeout=10,
    )
    assert decided.status_code == 200 and decided.json()["dueDate"] and decided.json()["lineId"] == line["lineId"]
    other = requests.get(f"{stack.api_url}/v1/claims/{claim_id}", headers=_auth("business", OTHER_SUPPLIER), timeout=10)
    assert other.status_code == 404


def test_upload_through_presigned_url_with_a_real_aws_client(stack):
    """The client PUTs with botocore's own HTTP stack, to the URL and headers the API handed out."""
    from botocore.awsrequest import AWSRequest
    from botocore.httpsession import URLLib3Session

    tax_id = _tax_id(stack)
    doc = ubl_invoice(SUPPLIER, tax_id, date(2026, 11, 19), f"E2E-{uuid.uuid4().hex[:8]}", [Line("Backup", 1, 90_000)])
    slot = requests.post(
        f"{stack.api_url}/v1/uploads",
        headers=_auth("business", SUPPLIER),
        timeout=10,
        json={"lgCode": LG_CODE, "kind": "payment", "format": "ubl", "fileName": "backup.xml"},
    ).json()
    answer = URLLib3Session().send(AWSRequest("PUT", slot["url"], headers=slot["headers"], data=doc).prepare())
    assert answer.status_code == 200
    status = _wait_for_upload(stack, slot["uploadId"])
    assert status["status"] == "ACCEPTED", status
    claim = requests.get(
        f"{stack.api_url}/v1/claims/{status['claimId']}", headers=_auth("official", LG_CODE), timeout=10
    ).json()
    assert claim["invoice"]["format"] == "ubl" and claim["invoice"]["grandTotal"] == 99_000

    # and the aws endpoint is real S3 for any client: the document is there
    s3 = boto3.client(
        "s3",
        endpoint_url=stack.aws_url,
        region_name="ap-northeast-2",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    stored = s3.get_object(Bucket="claims-documents", Key=f"uploads/{slot['uploadId']}")
    assert stored["Body"].read() == doc and stored["Metadata"]["owner"] == SUPPLIER


def test_rejected_upload_lists_its_findings(stack):
    doc = kec_invoice(
        SUPPLIER, "1234567890", date(2026, 11, 19), int(time.time()) + 7, [Line("x", 1, 100)], tax_override=3
    )
    slot = requests.post(
        f"{stack.api_url}/v1/uploads",
        headers=_auth("business", SUPPLIER),
        timeout=10,
        json={"lgCode": LG_CODE, "kind": "payment", "format": "kec", "fileName": "bad.xml"},
    ).json()
    assert requests.put(slot["url"], data=doc, headers=slot["headers"], timeout=10).status_code == 200
    status = _wait_for_upload(stack, slot["uploadId"])
    assert status["status"] == "REJECTED"
    assert {"KR-BRN-BUYER", "CLAIM-BUYER-LG"} <= {e["code"] for e in status["errors"]}


def test_oversized_request_is_refused_before_the_handler(stack):
    body = b'{"lgCode":"11110","kind":"payment","document":{"format":"kec","content":"' + b"A" * (11 * 1024 * 1024)
    answer = requests.post(
        f"{stack.api_url}/v1/claims",
        data=body,
        timeout=30,
        headers=_auth("business", SUPPLIER) | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
