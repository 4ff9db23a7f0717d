"""The S3 upload path under moto: presigned PUT -> S3 notification -> SQS -> intake handler."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest
import requests
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from infra.local.context import LocalContext, sqs_event
from infra.local.samples import Line, kec_invoice
from tests.conftest import LG_CODE, OTHER_SUPPLIER, SUPPLIER
from tests.integration.helpers import call_api, count_claims_table_items

ISSUED = date(2026, 11, 20)


def _upload(content: bytes, org: str = SUPPLIER, fmt: str = "kec") -> str:
    status, slot = call_api(
        "POST",
        "/v1/uploads",
        "business",
        org,
        {"lgCode": LG_CODE, "kind": "payment", "format": fmt, "fileName": "invoice.xml"},
    )
    assert status == 201, slot
    assert slot["method"] == "PUT" and slot["expiresIn"] > 0
    answer = requests.put(slot["url"], data=content, headers=slot["headers"], timeout=10)
    assert answer.status_code == 200, answer.text
    return slot["uploadId"]


def _receive(resources, wait: int = 2) -> list[dict]:
    from shared.adapters.aws import client

    url = resources.queue_urls["IntakeQueue"]
    messages = (
        client("sqs")
        .receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait, AttributeNames=["All"])
        .get("Messages", [])
    )
    for test_event in [m for m in messages if '"s3:TestEvent"' in m["Body"]]:  # sent when notifications are set
        client("sqs").delete_message(QueueUrl=url, ReceiptHandle=test_event["ReceiptHandle"])
    return [m for m in messages if '"s3:TestEvent"' not in m["Body"]]


def _intake(messages: list[dict]) -> dict:
    from functions.intake.handler import handler

    return handler(sqs_event(messages, "arn:aws:sqs:ap-northeast-2:000000000000:intake"), LocalContext("claims-intake"))


def _status(upload_id: str, org: str = SUPPLIER) -> dict:
    return call_api("GET", f"/v1/uploads/{upload_id}", "business", org)[1]


def test_upload_becomes_a_claim(aws, lg_tax_id):
    upload_id = _upload(kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 10, [Line("키오스크 임대", 3, 650_000)]))
    assert _status(upload_id) == {"uploadId": upload_id, "status": "PENDING"}
    messages = _receive(aws)
    assert len(messages) == 1
    assert _intake(messages) == {"batchItemFailures": []}
    status = _status(upload_id)
    assert status["status"] == "ACCEPTED"
    _, claim = call_api("GET", f"/v1/claims/{status['claimId']}", "official", LG_CODE)
    assert claim["invoice"]["grandTotal"] == 2_145_000 and claim["supplier"] == SUPPLIER


def test_upload_status_is_the_owners_only(aws, lg_tax_id):
    upload_id = _upload(kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 11, [Line("x", 1, 10_000)]))
    assert call_api("GET", f"/v1/uploads/{upload_id}", "business", OTHER_SUPPLIER)[0] == 404
    assert call_api("GET", "/v1/uploads/not-an-id", "business", SUPPLIER)[0] == 404


def test_duplicate_delivery_gives_one_claim(aws, lg_tax_id):
    upload_id = _upload(kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 12, [Line("x", 1, 10_000)]))
    messages = _receive(aws)
    assert _intake(messages)["batchItemFailures"] == []
    items = count_claims_table_items()
    assert _intake(messages)["batchItemFailures"] == []  # the same notification, delivered again
    assert count_claims_table_items() == items
    assert _status(upload_id)["status"] == "ACCEPTED"


def test_faulty_upload_is_rejected_with_every_finding(aws, lg_tax_id):
    faulty = kec_invoice(SUPPLIER, "1234567890", ISSUED, 13, [Line("x", 1, 10_000)], tax_override=7)
    upload_id = _upload(faulty)
    assert _intake(_receive(aws))["batchItemFailures"] == []
    status = _status(upload_id)
    assert status["status"] == "REJECTED"
    codes = {e["code"] for e in status["errors"]}
    assert {"KR-BRN-BUYER", "CLAIM-BUYER-LG"} <= codes and len(codes) >= 3


def test_upload_of_an_already_claimed_invoice_is_rejected_as_duplicate(aws, lg_tax_id):
    doc = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 14, [Line("x", 1, 10_000)])
    _, first = call_api(
        "POST",
        "/v1/claims",
        "business",
        SUPPLIER,
        {
            "lgCode": LG_CODE,
            "kind": "payment",
            "document": {"format": "kec", "content": __import__("base64").b64encode(doc).decode()},
        },
    )
    upload_id = _upload(doc)
    _intake(_receive(aws))
    status = _status(upload_id)
    assert status["status"] == "REJECTED"
    assert status["errors"][0]["code"] == "DUPLICATE" and status["errors"][0]["claimId"] == first["claimId"]


def test_a_crash_fails_only_its_record_and_the_queue_dead_letters_it(aws, lg_tax_id, monkeypatch):
    good = _upload(kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 15, [Line("x", 1, 10_000)]))
    bad = _upload(kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 16, [Line("y", 1, 20_000)]))
    messages = []
    for _ in range(5):
        messages += _receive(aws, wait=1)
        if len(messages) == 2:
            break
    assert len(messages) == 2

    from shared.application.wiring import upload_service

    service = upload_service()
    real = service._documents.get

    def flaky_get(key, max_bytes, version=None):
        if key.endswith(bad):
            raise ConnectionError("S3 read timed out")
        return real(key, max_bytes, version)

    monkeypatch.setattr(service._documents, "get", flaky_get)
    answer = _intake(messages)
    failed_ids = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
    bad_message = next(m for m in messages if bad in m["Body"])
    assert failed_ids == {bad_message["MessageId"]}
    assert _status(good)["status"] == "ACCEPTED" and _status(bad)["status"] == "PENDING"

    # The poller deletes what succeeded; the failed one is received again until maxReceiveCount, then dead-lettered.
    from shared.adapters.aws import client

    sqs = client("sqs")
    sqs.delete_message(
        QueueUrl=aws.queue_urls["IntakeQueue"],
        ReceiptHandle=next(m for m in messages if m is not bad_message)["ReceiptHandle"],
    )
    receipts = 1
    for _ in range(10):
        sqs.change_message_visibility(
            QueueUrl=aws.queue_urls["IntakeQueue"], ReceiptHandle=bad_message["ReceiptHandle"], VisibilityTimeout=0
        )
        again = _receive(aws, wait=1)
        if not again:
            break
        bad_message = again[0]
        receipts += 1
        with pytest.raises(BatchProcessingError):  # a batch whose every record failed fails the invocation
            _intake(again)
    assert receipts == 3
    dead = sqs.receive_message(QueueUrl=aws.dlq_urls["IntakeQueue"], WaitTimeSeconds=1).get("Messages", [])
    assert len(dead) == 1 and bad in dead[0]["Body"]

    # The dead letter is not left PENDING for ever: its consumer marks the upload REJECTED, saying why.
    from functions.deadletter.handler import handler as dead_letter_handler

    assert _status(bad)["status"] == "PENDING"
    answer = dead_letter_handler(
        sqs_event(dead, "arn:aws:sqs:ap-northeast-2:000000000000:intake-dlq"), LocalContext("claims-deadletter")
    )
    assert answer == {"batchItemFailures": []}
    status = _status(bad)
    assert status["status"] == "REJECTED" and [e["code"] for e in status["errors"]] == ["INTAKE_FAILED"]

    monkeypatch.setattr(service._documents, "get", real)  # the outage ends; a redrive completes the claim
    assert _intake([{**dead[0], "Attributes": {}}])["batchItemFailures"] == []
    assert _status(bad)["status"] == "ACCEPTED"


def test_twenty_threads_submitting_one_invoice_have_one_winner(aws, lg_tax_id):
    from shared.application.claims import ClaimRequest
    from shared.application.wiring import claims_service
    from shared.domain.actor import Actor
    from shared.domain.errors import Duplicate

    doc = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 17, [Line("x", 1, 10_000)])
    service = claims_service()
    actor = Actor("business", SUPPLIER, "t")
    outcomes: list[str] = []
    barrier = threading.Barrier(20)

    def submit() -> None:
        barrier.wait()
        try:
            outcomes.append(service.submit(actor, ClaimRequest(LG_CODE, "payment", "kec", doc)).claim_id)
        except Duplicate as duplicate:
            outcomes.append(f"dup:{duplicate.claim_id}")

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if not o.startswith("dup:")]
    assert len(outcomes) == 20 and len(winners) == 1
    assert {o.removeprefix("dup:") for o in outcomes} == set(winners)
    _, page = call_api("GET", "/v1/claims", "business", SUPPLIER)
    assert len(page["items"]) == 1


def test_claim_received_is_published(aws, lg_tax_id):
    from shared.adapters.aws import client
    from shared.adapters.config import settings
    from shared.adapters.dynamodb.tables import EVENT_SOURCE

    sqs, events = client("sqs"), client("events")
    tap = sqs.create_queue(QueueName="event-tap")["QueueUrl"]
    tap_arn = sqs.get_queue_attributes(QueueUrl=tap, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(
        Name="tap", EventBusName=settings().event_bus_name, EventPattern=json.dumps({"source": [EVENT_SOURCE]})
    )
    events.put_targets(Rule="tap", EventBusName=settings().event_bus_name, Targets=[{"Id": "q", "Arn": tap_arn}])
    doc = kec_invoice(SUPPLIER, lg_tax_id, ISSUED, 18, [Line("x", 1, 10_000)])
    _, created = call_api(
        "POST",
        "/v1/claims",
        "business",
        SUPPLIER,
        {
            "lgCode": LG_CODE,
            "kind": "payment",
            "document": {"format": "kec", "content": __import__("base64").b64encode(doc).decode()},
        },
    )
    received = sqs.receive_message(QueueUrl=tap, WaitTimeSeconds=2).get("Messages", [])
    assert len(received) == 1
    event = json.loads(received[0]["Body"])
    assert event["detail-type"] == "ClaimReceived"
    assert event["detail"]["data"]["claimId"] == created["claimId"]
    assert event["detail"]["metadata"]["event_name"] == "ClaimReceived" and event["detail"]["metadata"]["created_at"]
