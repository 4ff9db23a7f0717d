"""cdk-nag 3 acknowledgments: every one names a single finding and gives the reason it is accepted."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import Construct, IConstruct


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    """Acknowledge one cdk-nag finding (``AwsSolutions-XX`` or ``AwsSolutions-XX[detail]``) on ``scope``."""
    if len(reason.strip()) < 20:
        raise ValueError(f"{rule}: give a real reason for the acknowledgment")
    Validations.of(scope).acknowledge(Acknowledgment(id=rule, reason=reason))


def logical_id(construct: Construct) -> str:
    """The CloudFormation logical id of an L2 construct's resource, as it appears in IAM5 finding ids."""
    resource = construct.node.default_child or construct
    return Stack.of(construct).get_logical_id(resource)
