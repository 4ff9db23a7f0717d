"""``openapi.json`` is generated from the routes: the committed file must be current."""

import json

from infra.local.openapi import OPENAPI_FILE, generate


def test_committed_openapi_document_is_current():
    assert OPENAPI_FILE.read_text(encoding="utf-8") == generate(), "run `make openapi`"


def test_every_contract_route_is_documented():
    paths = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["paths"]
    for path, method in [
        ("/v1/claims", "post"),
        ("/v1/claims", "get"),
        ("/v1/claims/{claimId}", "get"),
        ("/v1/claims/{claimId}/decision", "post"),
        ("/v1/documents/validate", "post"),
        ("/v1/uploads", "post"),
        ("/v1/uploads/{uploadId}", "get"),
        ("/v1/public/lgs", "get"),
    ]:
        assert method in paths[path], f"{method.upper()} {path}"


def _operations():
    for path, methods in json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_its_success_with_a_schema():
    for label, operation in _operations():
        successes = {code: answer for code, answer in operation["responses"].items() if code.startswith("2")}
        assert successes, f"{label} documents no 2xx answer"
        for code, answer in successes.items():
            schema = answer.get("content", {}).get("application/json", {}).get("schema")
            assert schema, f"{label} {code} has no application/json schema"


def test_every_operation_documents_its_problems():
    for label, operation in _operations():
        for code in ("400", "403", "404", "415"):
            assert "application/problem+json" in operation["responses"][code]["content"], f"{label} {code}"


def test_idempotency_key_is_declared_as_a_uuid():
    keys = [
        (label, parameter)
        for label, operation in _operations()
        for parameter in operation.get("parameters", [])
        if parameter["name"].lower() == "idempotency-key"
    ]
    assert len(keys) >= 8
    for label, parameter in keys:
        assert parameter["in"] == "header" and not parameter["required"], label
        assert parameter["schema"]["type"] == "string" and parameter["schema"]["format"] == "uuid", label
