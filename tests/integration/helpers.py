"""Calling the real handlers with the events AWS would send, against moto."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date, timedelta

from infra.local.context import LocalContext, api_gateway_event
from infra.local.tokens import BUSINESSES_ISSUER, ISSUERS


def token_claims(role: str, org: str) -> dict:
    return {
        "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{role}:{org}")),
        "cognito:groups": role,
        "custom:org": org,
        "iss": ISSUERS.get(role, BUSINESSES_ISSUER),
    }


def call_api(
    method: str,
    path: str,
    role: str | None = None,
    org: str | None = None,
    body: dict | None = None,
    headers: dict | None = None,
    raw_body: str | None = None,
) -> tuple[int, dict]:
    from functions.api.handler import handler

    path_only, _, query = path.partition("?")
    params: dict[str, list[str]] = {}
    for pair in filter(None, query.split("&")):
        name, _, value = pair.partition("=")
        params.setdefault(name, []).append(value)
    payload = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
    event = api_gateway_event(
        method,
        path_only,
        params,
        {"Content-Type": "application/json", **(headers or {})},
        payload,
        token_claims(role, org) if role else None,
    )
    answer = handler(event, LocalContext("claims-api"))
    return answer["statusCode"], json.loads(answer["body"]) if answer.get("body") else {}


def document(fmt: str, content: bytes) -> dict:
    return {"format": fmt, "content": base64.b64encode(content).decode()}


def claim_body(content: bytes, fmt: str = "kec", lg_code: str = "11110", **extra: object) -> dict:
    return {"lgCode": lg_code, "kind": "payment", "document": document(fmt, content), **extra}


def count_claims_table_items() -> int:
    from shared.adapters.aws import client
    from shared.adapters.config import settings

    return client("dynamodb").scan(TableName=settings().claims_table, Select="COUNT")["Count"]


def count_documents() -> int:
    from shared.adapters.aws import client
    from shared.adapters.config import settings

    return client("s3").list_objects_v2(Bucket=settings().document_bucket).get("KeyCount", 0)


OPERATING_LINE = "L-OPS"  # the 운영비 line that tests' claims without a contract are paid from


def operating_line(line_id: str = OPERATING_LINE, budget: int = 10**12) -> dict:
    """A 201 운영비 budget line of the test LG's current fiscal year (Seoul's), as ``POST /v1/budgets`` loads it."""
    return {
        "lineId": line_id,
        "fund": "일반회계",
        "field": "일반공공행정",
        "sector": "일반행정",
        "program": "기관운영",
        "unit": "기본경비",
        "project": "부서운영",
        "object": "201",
        "statObject": "201-01",
        "budget": budget,
    }


def accept(
    claim_id: str, org: str = "11110", line_id: str | None = OPERATING_LINE, headers: dict | None = None
) -> tuple[int, dict]:
    """An official of ``org`` accepts a claim, naming the budget line that pays it (``None``: the claim's own or its
    contract's); the operating line is loaded into this fiscal year's budget first when it is missing."""
    from shared.application.wiring import budget_repository
    from shared.domain.calendar import now_seoul

    fy = now_seoul().date().year
    if line_id == OPERATING_LINE and budget_repository().line(org, fy, line_id) is None:
        status, loaded = call_api("POST", "/v1/budgets", "official", org, {"fy": fy, "lines": [operating_line()]})
        assert status == 201, loaded
    decision = {"decision": "accept"} | ({"lineId": line_id} if line_id else {})
    return call_api("POST", f"/v1/claims/{claim_id}/decision", "official", org, decision, headers)


TREASURY_LINE = "R-FUND"  # the 세입 line (보통교부세) whose receipts fund the tests' payment runs


def fund_treasury(org: str = "11110", amount: int = 10**11, day: str | None = None, receipt_id: str = "FUND-1") -> None:
    """Cash in ``org``'s treasury: a 보통교부세 receipt assessed and received at once on ``day`` (three days ago in
    Seoul, or 1 January, by default), its revenue line loaded into that fiscal year's budget first when missing.
    Payment runs pay only what the fiscal year's cash holds."""
    from shared.application.wiring import revenue_repository
    from shared.domain.calendar import now_seoul

    today = now_seoul().date()
    received = date.fromisoformat(day) if day else max(date(today.year, 1, 1), today - timedelta(days=3))
    fy = received.year
    if all(line.line_id != TREASURY_LINE for line in revenue_repository().revenue_lines(org, fy)):
        line = {"lineId": TREASURY_LINE, "fund": "일반회계", "code": "210-11-01", "kind": "localShareTax"}
        body = {"fy": fy, "revenueLines": [line | {"name": "보통교부세", "budget": amount}]}
        status, loaded = call_api("POST", "/v1/budgets", "official", org, body)
        assert status == 201, loaded
    receipt = {"receiptId": receipt_id, "lineId": TREASURY_LINE, "amount": amount, "date": received.isoformat()}
    status, recorded = call_api("POST", "/v1/revenues/receipts", "official", org, receipt)
    assert status == 201, recorded
