"""The API's web application firewall: the request size limit, a per-client rate limit, AWS's bad-input rules and
AWS's common rule set (its body size rule counting only).

The size limit reads the ``Content-Length`` header. WAF inspects at most the first 8-64 KB of a body, so a size
constraint on the body itself cannot tell a 100 KB request from a 9 MB one (with oversize handling MATCH it would
refuse every document, with CONTINUE none). API Gateway refuses anything over 10 MB itself, but Lambda takes a
synchronous event of at most 6 MB, so this rule is the API's request limit: from 6,000,000 bytes
(``MAX_REQUEST_BYTES``) a request is refused with 413 ``TOO_LARGE`` before it reaches the function; documents of
4.4 to 5 MB go by ``POST /v1/uploads``.
"""

from __future__ import annotations

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from infra.constants import MAX_INLINE_DOCUMENT_BYTES, MAX_REQUEST_BYTES, WAF_RATE_LIMIT_PER_5_MIN
from infra.constructs.gateway_responses import problem_document

# Rules of AWSManagedRulesCommonRuleSet set to count instead of block: its body size limit (8 KB) would refuse
# every invoice.
COMMON_RULES_COUNTED = ("SizeRestrictions_BODY",)


def at_least_regex(limit: int) -> str:
    """A regex matching decimal numbers >= ``limit``, where ``limit`` is one digit followed by zeros (7000000)."""
    digits = str(limit)
    if digits[0] == "0" or set(digits[1:]) - {"0"}:
        raise ValueError(f"{limit}: only a digit followed by zeros is supported")
    rest = len(digits) - 1
    return f"^0*([{digits[0]}-9][0-9]{{{rest}}}|[1-9][0-9]{{{rest + 1},}})$"


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


def _block(response_code: int, body_key: str) -> wafv2.CfnWebACL.RuleActionProperty:
    return wafv2.CfnWebACL.RuleActionProperty(
        block=wafv2.CfnWebACL.BlockActionProperty(
            custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                response_code=response_code, custom_response_body_key=body_key
            )
        )
    )


class ApiFirewall(Construct):
    """``web_acl``, associated with the REST API stage ``stage_arn``."""

    def __init__(self, scope: Construct, construct_id: str, *, stage_arn: str, metric_prefix: str) -> None:
        super().__init__(scope, construct_id)
        size_rule = wafv2.CfnWebACL.RuleProperty(
            name="request-size-limit",
            priority=0,
            action=_block(413, "tooLarge"),
            statement=wafv2.CfnWebACL.StatementProperty(
                regex_match_statement=wafv2.CfnWebACL.RegexMatchStatementProperty(
                    field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(single_header={"Name": "content-length"}),
                    regex_string=at_least_regex(MAX_REQUEST_BYTES),
                    text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
                )
            ),
            visibility_config=_visibility(f"{metric_prefix}-request-size-limit"),
        )
        rate_rule = wafv2.CfnWebACL.RuleProperty(
            name="rate-limit-per-ip",
            priority=1,
            action=_block(429, "tooManyRequests"),
            statement=wafv2.CfnWebACL.StatementProperty(
                rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                    limit=WAF_RATE_LIMIT_PER_5_MIN, aggregate_key_type="IP", evaluation_window_sec=300
                )
            ),
            visibility_config=_visibility(f"{metric_prefix}-rate-limit-per-ip"),
        )
        bad_inputs_rule = wafv2.CfnWebACL.RuleProperty(
            name="aws-known-bad-inputs",
            priority=2,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name="AWSManagedRulesKnownBadInputsRuleSet"
                )
            ),
            visibility_config=_visibility(f"{metric_prefix}-known-bad-inputs"),
        )
        # AWS's common rule set (OWASP-style: XSS, LFI, RFI, SSRF, bad bots...), except its 8 KB body limit:
        # SizeRestrictions_BODY only counts, because a claim's body is an invoice of several MB (the size rule above
        # and the function's own 5 MB check bound it instead).
        common_rule = wafv2.CfnWebACL.RuleProperty(
            name="aws-common-rules",
            priority=3,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS",
                    name="AWSManagedRulesCommonRuleSet",
                    rule_action_overrides=[
                        wafv2.CfnWebACL.RuleActionOverrideProperty(
                            name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                        )
                        for rule in COMMON_RULES_COUNTED
                    ],
                )
            ),
            visibility_config=_visibility(f"{metric_prefix}-common-rules"),
        )
        megabytes = MAX_REQUEST_BYTES / 1_000_000
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            description="Claims API: request size limit, per-IP rate limit, known bad inputs, AWS common rules",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(f"{metric_prefix}-web-acl"),
            custom_response_bodies={
                "tooLarge": wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content_type="APPLICATION_JSON",
                    content=problem_document(
                        413,
                        code="TOO_LARGE",
                        title="Payload too large",
                        detail=f"Requests of {megabytes:g} MB or more are refused; a document over "
                        f"{MAX_INLINE_DOCUMENT_BYTES / 1_000_000:.1f} MB goes by POST /v1/uploads.",
                    ),
                ),
                "tooManyRequests": wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content_type="APPLICATION_JSON",
                    content=problem_document(
                        429,
                        code="RATE_LIMITED",
                        title="Too many requests",
                        detail="Too many requests from this address; retry later.",
                    ),
                ),
            },
            rules=[size_rule, rate_rule, bad_inputs_rule, common_rule],
        )
        self.association = wafv2.CfnWebACLAssociation(
            self, "Association", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn
        )
