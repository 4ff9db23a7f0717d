"""Authorisation comes before validation: a caller of the wrong role, or with no role at all, gets 403 from every
non-public route whatever it sends, never a 400 that tells it how to shape a request it may not make."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import LG_CODE, SUPPLIER
from tests.integration.helpers import call_api

ORGS = {"business": SUPPLIER, "official": LG_CODE, "national": "NATIONAL"}


def _access():
    from shared.adapters.http.access import ACCESS

    return ACCESS


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


def _protected_routes() -> list[tuple[str, str, frozenset[str]]]:
    from shared.adapters.http.access import PUBLIC

    return [(method, path, roles) for (method, path), roles in sorted(_access().items()) if PUBLIC not in roles]


PROTECTED = [pytest.param(m, p, r, id=f"{m} {p}") for m, p, r in _protected_routes()]
WRONG_ROLE = [
    pytest.param(m, p, wrong, id=f"{wrong} {m} {p}")
    for m, p, roles in _protected_routes()
    for wrong in sorted(set(ORGS) - roles)
    if "authenticated" not in roles
]
GARBAGE = ["{not json", json.dumps({"garbage": True, "lgCode": 5}), json.dumps([1, 2, 3])]


def _assert_forbidden(status: int, body: dict) -> None:
    assert status == 403, body
    assert body["status"] == 403 and body["errors"][0]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(("method", "path", "role"), WRONG_ROLE)
@pytest.mark.parametrize("garbage", GARBAGE, ids=["not-json", "wrong-fields", "array"])
def test_a_caller_of_the_wrong_role_is_refused_whatever_its_body(aws, method, path, role, garbage):
    status, body = call_api(
        method,
        _concrete(path) + "?limit=abc&asOf=never&status=nope",
        role=role,
        org=ORGS[role],
        raw_body=garbage if method == "POST" else None,
    )
    _assert_forbidden(status, body)


@pytest.mark.parametrize(("method", "path", "roles"), PROTECTED)
def test_a_caller_without_a_role_is_refused_whatever_its_body(aws, method, path, roles):
    status, body = call_api(method, _concrete(path) + "?limit=0", raw_body="{not json" if method == "POST" else None)
    _assert_forbidden(status, body)


def test_a_business_posting_garbage_to_an_official_route_gets_403_not_400(aws):
    status, body = call_api("POST", "/v1/budgets", role="business", org=SUPPLIER, body={"fy": "soon", "lines": 7})
    _assert_forbidden(status, body)
    assert body["detail"] == "Only an official may do this"


def test_the_right_role_still_gets_the_validation_answer(aws):
    status, body = call_api("POST", "/v1/budgets", role="official", org=LG_CODE, body={"fy": "soon"})
    assert status == 400 and body["errors"][0]["code"] == "REQUEST_INVALID"


def test_the_national_linkage_route_admits_two_roles():
    assert _access()[("POST", "/v1/linkage/national")] == frozenset({"official", "national"})


def test_every_route_has_an_entry_in_the_access_table(aws):
    from functions.api.handler import app, include_all

    include_all()
    routes = {(route.method, route.openapi_path) for route in app._static_routes + app._dynamic_routes}
    assert routes == set(_access())


def test_an_unsupported_method_is_405_with_allow(aws):
    from functions.api.handler import handler
    from infra.local.context import LocalContext, api_gateway_event
    from tests.integration.helpers import token_claims

    for method, path, allow in [
        ("DELETE", "/v1/claims", "GET, POST"),
        ("PUT", "/v1/claims/abc", "GET"),
        ("PATCH", "/v1/public/lgs", "GET"),
        ("OPTIONS", "/v1/budgets", "POST"),
    ]:
        event = api_gateway_event(method, path, {}, {}, None, token_claims("official", LG_CODE))
        answer = handler(event, LocalContext("claims-api"))
        assert answer["statusCode"] == 405, (method, path, answer)
        assert answer["headers"]["Allow"] == allow
        assert answer["headers"]["Content-Type"] == "application/problem+json"
        assert json.loads(answer["body"])["errors"][0]["code"] == "METHOD_NOT_ALLOWED"
    status, body = call_api("GET", "/v1/nothing-here", role="official", org=LG_CODE)
    assert status == 404 and body["status"] == 404


def test_a_percent_encoded_id_reaches_the_route_decoded(aws):
    # API Gateway REST hands the path over still encoded; G:1 is a valid grant id (404, not 400 "pattern")
    status, body = call_api("GET", "/v1/grants/G%3A1", role="official", org=LG_CODE)
    assert status == 404 and body["errors"][0]["code"] == "NOT_FOUND"


def test_an_official_group_in_the_businesses_pool_names_no_official(aws):
    """Officials approve payments and sign in with MFA to their own pool: a group called ``official`` (or
    ``national``) on a token of the businesses' pool, where MFA is optional, is no role at all."""
    from functions.api.handler import handler
    from infra.local.context import LocalContext, api_gateway_event
    from infra.local.tokens import BUSINESSES_ISSUER
    from tests.integration.helpers import token_claims

    for role, org, method, path in [
        ("official", LG_CODE, "GET", "/v1/claims"),
        ("national", "NATIONAL", "POST", "/v1/linkage/national"),
    ]:
        claims = token_claims(role, org) | {"iss": BUSINESSES_ISSUER}
        event = api_gateway_event(method, path, {}, {"Content-Type": "application/x-ndjson"}, "", claims)
        answer = handler(event, LocalContext("claims-api"))
        assert answer["statusCode"] == 403, answer
        assert json.loads(answer["body"])["detail"] == "The token names no role of this API"
    assert call_api("GET", "/v1/claims", role="official", org=LG_CODE)[0] == 200
