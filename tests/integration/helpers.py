"""Calling the real handlers with the events AWS would send, against moto."""

from __future__ import annotations

import base64
import json
import uuid

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
