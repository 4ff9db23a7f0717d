"""Who may call what: one table of route -> the roles it admits, checked by the API function before the request
is validated (Powertools validates the body before a route runs), so that a caller of the wrong role gets 403
whatever its body.

A route names the roles it admits; ``PUBLIC`` needs no token, ``AUTHENTICATED`` admits any caller whose token
names a role of this API. A route missing from the table admits no one."""

from __future__ import annotations

PUBLIC, AUTHENTICATED = "public", "authenticated"
BUSINESS, OFFICIAL, NATIONAL = frozenset({"business"}), frozenset({"official"}), frozenset({"national"})
# The national feed (e나라도움) writes national data and reads nothing: it is listed only where it may act.
ACCESS: dict[tuple[str, str], frozenset[str]] = {
    ("POST", "/v1/claims"): BUSINESS,
    ("GET", "/v1/claims"): BUSINESS | OFFICIAL,
    ("GET", "/v1/claims/{claimId}"): BUSINESS | OFFICIAL,
    ("POST", "/v1/claims/{claimId}/decision"): OFFICIAL,
    ("POST", "/v1/documents/validate"): BUSINESS,
    ("POST", "/v1/uploads"): BUSINESS,
    ("GET", "/v1/uploads/{uploadId}"): BUSINESS,
    ("POST", "/v1/grants"): OFFICIAL,
    ("POST", "/v1/grants/applications"): BUSINESS,
    ("POST", "/v1/grants/applications/{grantId}/decision"): OFFICIAL,
    ("GET", "/v1/grants/{grantId}"): BUSINESS | OFFICIAL,
    ("POST", "/v1/grants/{grantId}/settlement"): BUSINESS,
    ("POST", "/v1/grants/{grantId}/payroll"): BUSINESS,
    ("POST", "/v1/grants/{grantId}/settlement/decision"): OFFICIAL,
    ("GET", "/v1/grants/settlements/overdue"): OFFICIAL,
    ("POST", "/v1/grants/{grantId}/recoveries"): OFFICIAL,
    ("POST", "/v1/sanctions"): OFFICIAL,
    ("POST", "/v1/linkage/national"): OFFICIAL | NATIONAL,
    ("GET", "/v1/reviews"): OFFICIAL,
    ("POST", "/v1/reviews/{reviewId}/resolve"): OFFICIAL,
    ("POST", "/v1/budgets"): OFFICIAL,
    ("POST", "/v1/contracts"): OFFICIAL,
    ("POST", "/v1/revenues/assessments"): OFFICIAL,
    ("POST", "/v1/revenues/receipts"): OFFICIAL,
    ("POST", "/v1/revenues/write-offs"): OFFICIAL,
    ("POST", "/v1/settlements/runs"): OFFICIAL,
    ("GET", "/v1/settlements/runs/{runId}"): OFFICIAL,
    ("GET", "/v1/ledger/trial-balance"): OFFICIAL,
    ("POST", "/v1/revenues/refunds"): OFFICIAL,
    ("POST", "/v1/funds/transfers"): OFFICIAL,
    ("GET", "/v1/public/lgs"): frozenset({PUBLIC}),
    ("GET", "/v1/public/lgs/{lgCode}/indicators"): frozenset({PUBLIC}),
    ("GET", "/v1/public/openapi"): frozenset({PUBLIC}),
}
