"""Identity: the Cognito user pool whose ID tokens carry ``cognito:groups`` and ``custom:org`` (see the contract)."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra.constants import GROUP_BUSINESS, GROUP_OFFICIAL, ORG_ATTRIBUTE, PASSWORD_MIN_LENGTH
from infra.constructs.nag import acknowledge


class Identity(Construct):
    """``user_pool`` and ``client`` (the app client the API's authorizer accepts tokens of)."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
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
            custom_attributes={ORG_ATTRIBUTE: cognito.StringAttribute(min_len=5, max_len=10, mutable=True)},
            password_policy=cognito.PasswordPolicy(
                min_length=PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional (TOTP only) because businesses also call the API from their own systems, which "
            "cannot answer an MFA challenge; threat protection is enforced (FULL_FUNCTION) on every sign-in.",
        )

        self.groups = {
            name: cognito.UserPoolGroup(
                self, f"{name.capitalize()}Group", user_pool=self.user_pool, group_name=name, description=description
            )
            for name, description in (
                (GROUP_BUSINESS, "Businesses and subsidy recipients submitting claims"),
                (GROUP_OFFICIAL, "Local government officials deciding claims and running settlement"),
            )
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
