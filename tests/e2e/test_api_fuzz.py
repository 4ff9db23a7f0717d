"""schemathesis: requests generated from ``openapi.json`` (valid and invalid) against the local stack, as a business
and as an official, every answer checked with every check schemathesis has: no 5xx, documented status codes,
content types, headers and response schemas, invalid data rejected, valid data accepted, unsupported methods 405
with ``Allow``, missing required headers rejected. Problems are RFC 9457 problem JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from infra.local.tokens import mint
from tests.conftest import LG_CODE, SUPPLIER

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# Valid data may still be refused by a business rule the schema cannot state (an LG, contract or grant that does
# not exist, a period that is not open): that is 422 (or 404/409), never a 400, which says the schema is wrong.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]}
        }
    }
)
schema = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "openapi.json", config=CONFIG)
TOKENS = {"business": mint("business", SUPPLIER), "official": mint("official", LG_CODE)}

# Checks that do not apply to one operation, and why. Everything else runs everywhere.
NOT_APPLICABLE = {
    # A schema-valid body still carries a document that must be a real, signed-off invoice of this supplier
    # (base64 XML passing EN 16931 / KEC rules): the fuzzer cannot make one, so the API rightly answers 400
    # MALFORMED or 422 with the failed rules.
    "POST /v1/claims": [positive_data_acceptance],
    "POST /v1/documents/validate": [positive_data_acceptance],
    # nextToken is opaque: only a token the API issued is valid, and a made-up one is 400 (a crafted key must
    # never reach DynamoDB), so a schema-valid string is rightly refused.
    "GET /v1/claims": [positive_data_acceptance],
}

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _fuzz(case, stack, role: str) -> None:
    response = case.call_and_validate(
        base_url=stack.api_url,
        headers={"Authorization": f"Bearer {TOKENS[role]}"},
        excluded_checks=NOT_APPLICABLE.get(f"{case.method} {case.path}", []),
        timeout=30,
    )
    if response.status_code >= 400:
        assert response.headers.get("content-type") == ["application/problem+json"], (
            f"{case.method} {case.formatted_path}: {response.status_code} {response.headers} {response.text}"
        )
        assert {"type", "title", "status", "detail", "errors"} <= set(response.json())


@schema.parametrize()
@FUZZ
def test_every_check_as_a_business(case, stack):
    _fuzz(case, stack, "business")


@schema.parametrize()
@FUZZ
def test_every_check_as_an_official(case, stack):
    _fuzz(case, stack, "official")
