"""Who hears the alarms: one SNS topic that every dead-letter alarm notifies, and an e-mail subscription to it when
the stack parameter ``AlarmEmail`` is given (``cdk deploy --parameters AlarmEmail=ops@example.go.kr``).

The topic is encrypted with its own KMS key (rotated): CloudWatch alarms cannot publish to a topic under the AWS
managed ``aws/sns`` key, whose policy cannot grant CloudWatch, so the key policy lets CloudWatch (of this account)
use the key; the topic's policy refuses every request not made over TLS.
"""

from __future__ import annotations

from collections.abc import Iterable

from aws_cdk import CfnCondition, CfnParameter, Fn, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

from infra.constants import ALARM_EMAIL_PARAMETER


class AlarmNotifications(Construct):
    """``topic``, its ``key``, the ``email`` parameter and the conditional ``subscription``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.key = kms.Key(
            self,
            "TopicKey",
            description="Encrypts the alarm topic; CloudWatch alarms of this account may publish with it",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="CloudWatchAlarmsPublish",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],  # in a key policy, "*" is this key
                conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
            )
        )
        self.topic = sns.Topic(
            self,
            "Topic",
            display_name="Claims platform alarms",
            master_key=self.key,
            enforce_ssl=True,
        )
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="CloudWatchAlarmsOfThisAccount",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
            )
        )

        self.email = CfnParameter(
            stack,
            ALARM_EMAIL_PARAMETER,
            type="String",
            default="",
            allowed_pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
            constraint_description="an e-mail address, or empty for no subscription",
            description="E-mail address subscribed to the alarm topic (dead-letter queues); empty: none",
        )
        self.has_email = CfnCondition(
            self, "HasAlarmEmail", expression=Fn.condition_not(Fn.condition_equals(self.email.value_as_string, ""))
        )
        self.subscription = sns.CfnSubscription(
            self,
            "EmailSubscription",
            topic_arn=self.topic.topic_arn,
            protocol="email",
            endpoint=self.email.value_as_string,
        )
        self.subscription.cfn_options.condition = self.has_email

    def notify(self, alarms: Iterable[cloudwatch.Alarm]) -> None:
        """Each alarm notifies the topic when it fires and when it is back to OK."""
        action = actions.SnsAction(self.topic)
        for alarm in alarms:
            alarm.add_alarm_action(action)
            alarm.add_ok_action(action)
