"""Identity: two Cognito user pools whose ID tokens carry ``cognito:groups`` and ``custom:org`` (see the contract).

MFA is a setting of a user pool, so the two kinds of users get one each: officials, who approve payments, and the
national feed's operators sign in to the officials' pool, where TOTP MFA is required of every user; businesses,
whose own systems call the API and cannot answer an MFA challenge, sign in to the businesses' pool, where MFA is
optional. Each group lives in its pool only (``business`` in the businesses' pool, ``official`` and ``national`` in
the officials'), and the API's authorizer accepts the ID tokens of both.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra.constants import (
    BUSINESSES_POOL,
    GROUP_BUSINESS,
    GROUP_NATIONAL,
    GROUP_OFFICIAL,
    OFFICIALS_POOL,
    ORG_ATTRIBUTE,
    PASSWORD_MIN_LENGTH,
)
from infra.constructs.nag import acknowledge


class UserDirectory(Construct):
    """One user pool (``user_pool``), its ``groups`` and its app ``client``."""

    def __init__(
        self, scope: Construct, construct_id: str, *, mfa: cognito.Mfa, groups: dict[str, str], org_min_length: int
    ) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            self_sign_up_enabled=False,  # businesses and officials are enrolled, never sign themselves up
            sign_in_aliases=cognito.SignInAliases(email=True, username=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            # 10-digit BRN for a business, 5-digit LG code for an official; administrators may correct it.
            custom_attributes={
                ORG_ATTRIBUTE: cognito.StringAttribute(min_len=org_min_length, max_len=10, mutable=True)
            },
            password_policy=cognito.PasswordPolicy(
                min_length=PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            mfa=mfa,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),  # TOTP only, never SMS
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.groups = {
            name: cognito.UserPoolGroup(
                self, f"{name.capitalize()}Group", user_pool=self.user_pool, group_name=name, description=description
            )
            for name, description in groups.items()
        }
        # Users may read their org but never write it: it decides whose claims they see.
        readable = cognito.ClientAttributes().with_standard_attributes(email=True, email_verified=True)
        self.client = self.user_pool.add_client(
            "ApiClient",
            auth_flows=cognito.AuthFlow(user_srp=True),
            generate_secret=False,
            disable_o_auth=True,  # no hosted UI: clients sign in with SRP against the user pool API
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            id_token_validity=Duration.hours(1),
            access_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(30),
            read_attributes=readable.with_custom_attributes(ORG_ATTRIBUTE),
            write_attributes=cognito.ClientAttributes().with_standard_attributes(email=True),
        )


class Identity(Construct):
    """``officials`` (MFA required) and ``businesses`` (MFA optional), each a UserDirectory; ``user_pools``, both
    pools, for the API's authorizer."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.officials = UserDirectory(
            self,
            OFFICIALS_POOL,
            mfa=cognito.Mfa.REQUIRED,
            groups={
                GROUP_OFFICIAL: "Local government officials deciding claims and running settlement",
                GROUP_NATIONAL: "Operators of the national (e-Nara-Doum) feed: national grants, executions and "
                "business registry lines",
            },
            org_min_length=5,
        )
        self.businesses = UserDirectory(
            self,
            BUSINESSES_POOL,
            mfa=cognito.Mfa.OPTIONAL,
            groups={GROUP_BUSINESS: "Businesses and subsidy recipients submitting claims"},
            org_min_length=5,
        )
        acknowledge(
            self.businesses.user_pool,
            "AwsSolutions-COG2",
            "Businesses' MFA is optional (TOTP only) because their own systems call the API as machine clients, "
            "which cannot answer an MFA challenge; threat protection is enforced (FULL_FUNCTION) on every sign-in, "
            "and officials, who approve payments, sign in to their own pool where MFA is required.",
        )
        self.user_pools = [self.officials.user_pool, self.businesses.user_pool]
