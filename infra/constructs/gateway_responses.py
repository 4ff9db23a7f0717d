"""API Gateway's own error answers (authorizer refusals, throttling, unknown routes, ...) as RFC 9457 problem
JSON, shaped like the api function's problems (``shared/adapters/http/problems.py``) so that a client parses one format.

Gateway response templates are not VTL: API Gateway only substitutes variables such as
``$context.error.messageString`` (its own message, already quoted). A template therefore cannot know the status
code, so every response type gets its own response with its status written into the body; ``DEFAULT_4XX`` and
``DEFAULT_5XX`` only catch types AWS may add later, and keep API Gateway's status code (setting one on a default
response would change the status of every response of its class).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aws_cdk import aws_apigateway as apigw

from shared.adapters.http.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE

# Where a template puts API Gateway's own message: a JSON string, quotes included.
GATEWAY_MESSAGE = "$context.error.messageString"
_MESSAGE_PLACEHOLDER = "\x00gateway-message\x00"


def problem_type(code: str) -> str:
    return PROBLEM_TYPE_BASE + code.lower().replace("_", "-")


def problem_document(status: int, code: str, title: str, detail: str | None) -> str:
    """A compact problem document; ``detail=None`` puts API Gateway's own message there (a template variable)."""
    message = _MESSAGE_PLACEHOLDER if detail is None else detail
    document = json.dumps(
        {
            "type": problem_type(code),
            "title": title,
            "status": status,
            "detail": message,
            "errors": [{"code": code, "message": message, "path": ""}],
        },
        separators=(",", ":"),
    )
    return document.replace(json.dumps(_MESSAGE_PLACEHOLDER), GATEWAY_MESSAGE)


@dataclass(frozen=True, slots=True)
class GatewayProblem:
    response_type: str  # an apigw.ResponseType member name
    status: int  # the HTTP status, API Gateway's default for the type except where noted
    code: str
    title: str
    detail: str | None  # None: API Gateway's own message

    @property
    def is_default(self) -> bool:
        return self.response_type.startswith("DEFAULT_")


_RETRY = "retry later"
GATEWAY_PROBLEMS: tuple[GatewayProblem, ...] = (
    GatewayProblem(
        "UNAUTHORIZED",
        401,
        "UNAUTHORIZED",
        "Unauthorized",
        "A valid, unexpired ID token is required as the Authorization header.",
    ),
    GatewayProblem("ACCESS_DENIED", 403, "FORBIDDEN", "Forbidden", "The caller is not allowed to do this."),
    GatewayProblem(
        "REQUEST_TOO_LARGE", 413, "TOO_LARGE", "Payload too large", "The request is over API Gateway's 10 MB limit."
    ),
    GatewayProblem(
        "THROTTLED", 429, "THROTTLED", "Too many requests", f"The API's request rate is exceeded; {_RETRY}."
    ),
    GatewayProblem("QUOTA_EXCEEDED", 429, "THROTTLED", "Too many requests", f"The request quota is used up; {_RETRY}."),
    # With Cognito as the only authoriser, API Gateway answers this (403 by default) only for a route or method
    # the API does not have: say so, as the api function and the local stack do.
    GatewayProblem("MISSING_AUTHENTICATION_TOKEN", 404, "NOT_FOUND", "Not found", "No such resource or method."),
    GatewayProblem("RESOURCE_NOT_FOUND", 404, "NOT_FOUND", "Not found", "No such resource."),
    GatewayProblem(
        "UNSUPPORTED_MEDIA_TYPE",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Unsupported media type",
        "The request body must be JSON.",
    ),
    GatewayProblem("BAD_REQUEST_BODY", 400, "REQUEST_INVALID", "The request does not match the API", None),
    GatewayProblem("BAD_REQUEST_PARAMETERS", 400, "REQUEST_INVALID", "The request does not match the API", None),
    GatewayProblem("WAF_FILTERED", 403, "FORBIDDEN", "Forbidden", "The request was refused by the firewall."),
    GatewayProblem("EXPIRED_TOKEN", 403, "FORBIDDEN", "Forbidden", "The request's credentials have expired."),
    GatewayProblem("INVALID_SIGNATURE", 403, "FORBIDDEN", "Forbidden", "The request's signature is not valid."),
    GatewayProblem("INVALID_API_KEY", 403, "FORBIDDEN", "Forbidden", "The API key is not valid."),
    GatewayProblem(
        "INTEGRATION_TIMEOUT",
        504,
        "GATEWAY_TIMEOUT",
        "Gateway timeout",
        "The API did not answer in time; the request may have taken effect, so retry a write with the same "
        "Idempotency-Key.",
    ),
    GatewayProblem(
        "INTEGRATION_FAILURE",
        504,
        "INTERNAL",
        "Internal error",
        "The API could not run the request; retry a write with the same Idempotency-Key.",
    ),
    GatewayProblem("AUTHORIZER_FAILURE", 500, "INTERNAL", "Internal error", f"Authorisation failed; {_RETRY}."),
    GatewayProblem(
        "AUTHORIZER_CONFIGURATION_ERROR", 500, "INTERNAL", "Internal error", f"Authorisation is unavailable; {_RETRY}."
    ),
    GatewayProblem("API_CONFIGURATION_ERROR", 500, "INTERNAL", "Internal error", f"The request failed; {_RETRY}."),
    # The fallbacks: the status in the body is the class's; the HTTP status stays API Gateway's.
    GatewayProblem("DEFAULT_4XX", 400, "BAD_REQUEST", "Bad request", None),
    GatewayProblem("DEFAULT_5XX", 500, "INTERNAL", "Internal error", None),
)


def _response_type(name: str) -> apigw.ResponseType:
    # DEFAULT_4XX is DEFAULT_4_XX in the jsii binding
    return getattr(apigw.ResponseType, name.replace("4XX", "4_XX").replace("5XX", "5_XX"))


def add_problem_responses(rest_api: apigw.RestApi) -> dict[str, apigw.GatewayResponse]:
    """One gateway response per entry of ``GATEWAY_PROBLEMS``, keyed by response type."""
    responses = {}
    for problem in GATEWAY_PROBLEMS:
        responses[problem.response_type] = rest_api.add_gateway_response(
            f"{problem.response_type.title().replace('_', '')}Problem",
            type=_response_type(problem.response_type),
            status_code=None if problem.is_default else str(problem.status),
            response_headers={"Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"},
            templates={
                "application/json": problem_document(problem.status, problem.code, problem.title, problem.detail)
            },
        )
    return responses
