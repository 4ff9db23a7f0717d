"""``openapi.json`` is generated from the routes: the committed file must be current."""

import json

from infra.local.openapi import OPENAPI_FILE, generate


def test_committed_openapi_document_is_current():
    assert OPENAPI_FILE.read_text(encoding="utf-8") == generate(), "run `make openapi`"


def test_every_contract_route_is_documented():
    paths = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["paths"]
    for path, method in [("/v1/claims", "post"), ("/v1/claims", "get"), ("/v1/claims/{claimId}", "get"),
                         ("/v1/claims/{claimId}/decision", "post"), ("/v1/documents/validate", "post"),
                         ("/v1/uploads", "post"), ("/v1/uploads/{uploadId}", "get"), ("/v1/public/lgs", "get")]:
        assert method in paths[path], f"{method.upper()} {path}"
