"""schemathesis: requests generated from ``openapi.json`` against the local stack never get a 5xx answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from infra.local.tokens import mint
from tests.conftest import LG_CODE, SUPPLIER

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

schema = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "openapi.json")
TOKENS = {"business": mint("business", SUPPLIER), "official": mint("official", LG_CODE)}


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, stack):
    official_paths = ("/v1/grants", "/v1/sanctions", "/v1/linkage", "/v1/reviews")
    role = "official" if case.path.endswith("/decision") or case.path.startswith(official_paths) else "business"
    response = case.call(base_url=stack.api_url, headers={"Authorization": f"Bearer {TOKENS[role]}"}, timeout=30)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
    if response.status_code >= 400 and response.status_code != 401:
        assert response.headers.get("content-type") == ["application/problem+json"], (
            f"{case.method} {case.formatted_path}: {response.status_code} {response.headers} {response.text}")
        assert {"type", "title", "status", "detail", "errors"} <= set(response.json())
