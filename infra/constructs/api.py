"""The REST API: Cognito-authorised ``/v1/{proxy+}`` and public ``/v1/public/{proxy+}``, both proxied to the api
function, behind a WAF web ACL, with JSON access logs, throttling, tracing and metrics."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constants import (
    API_FUNCTION,
    API_HANDLER,
    API_MEMORY_MB,
    API_SERVICE_NAME,
    API_TIMEOUT_SECONDS,
    API_VERSION_PATH,
    LOG_RETENTION,
    PUBLIC_PATH,
    STAGE_NAME,
    THROTTLE_BURST,
    THROTTLE_RATE,
)
from infra.constructs.data import SETTLEMENT_TABLE_ACTIONS, DataStore
from infra.constructs.function import ServiceFunction
from infra.constructs.gateway_responses import add_problem_responses
from infra.constructs.identity import Identity
from infra.constructs.nag import acknowledge
from infra.constructs.waf import ApiFirewall
from shared.adapters.document_store import CLAIM_DOCUMENT_PREFIX, REPORTS_PREFIX
from shared.adapters.dynamodb.tables import (
    CLAIMS,
    IDEMPOTENCY,
    REGISTRY,
    SETTLEMENT,
    SETTLEMENT_QUEUE,
    SUBSIDY,
    UPLOAD_PREFIX,
)


class Api(Construct):
    """``service`` (the api ServiceFunction), ``rest_api``, ``access_logs`` and ``firewall``."""

    def __init__(
        self, scope: Construct, construct_id: str, *, data: DataStore, identity: Identity, code: lambda_.Code
    ) -> None:
        super().__init__(scope, construct_id)
        self.service = ServiceFunction(
            self,
            API_FUNCTION,
            code=code,
            handler=API_HANDLER,
            service_name=API_SERVICE_NAME,
            memory_size=API_MEMORY_MB,
            timeout_seconds=API_TIMEOUT_SECONDS,
            # official and national roles only from the officials' pool (MFA required), never a same-named group
            # of the businesses' pool
            environment={
                **data.function_environment(),
                "OFFICIALS_ISSUER": "https://" + identity.officials.user_pool.user_pool_provider_name,
            },
            description="The v1 REST API of the claims platform",
        )
        role = self.service.role
        # Exactly the DynamoDB actions the api's code calls, table by table (never Scan but on the registry, never
        # DeleteItem but on the idempotency records, no streams, no DescribeTable):
        # Claims: a claim, its guards and uploads read (GetItem), a claim with its guard put and its upload
        # consumed in one transaction (PutItem, UpdateItem, ConditionCheckItem of the other kind's guard), decisions
        # and rejections updated; the lists are Queries of the table's three indexes.
        data.grant_items(
            role,
            CLAIMS.logical,
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
        )
        data.grant_index_query(role, CLAIMS.logical)
        # Registry: RegistryRepository.all reads the small LG registry with one Scan, and nothing else.
        data.grant_items(role, REGISTRY.logical, ["dynamodb:Scan"])
        # Idempotency: Powertools' DynamoDBPersistenceLayer gets, puts, updates and deletes its records.
        data.grant_items(
            role,
            IDEMPOTENCY.logical,
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
        )
        # Subsidy: grants (a transaction of puts, then the blocking-index entries by BatchWriteItem; read by Query,
        # similar programs by Query and BatchGetItem), sanctions (UpdateItem), hard checks (BatchGetItem, GetItem),
        # linkage imports (PutItem, GetItem, UpdateItem), reservations and releases inside the claim's transaction,
        # reviews (listed through the by-lg-status index: Query only there).
        data.grant_items(
            role,
            SUBSIDY.logical,
            [
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem",
            ],
        )
        data.grant_index_query(role, SUBSIDY.logical)
        # Settlement (no index): budgets, contracts, runs, the ledger's trial balance, closed periods, and the
        # pending ledger entry an acceptance writes in the claim's transaction (with its period ConditionCheckItem).
        data.grant_items(role, SETTLEMENT.logical, SETTLEMENT_TABLE_ACTIONS)
        data.grant_send(role, SETTLEMENT_QUEUE)  # starting a run enqueues its first step
        data.grant_objects(
            role,
            UPLOAD_PREFIX,
            ["s3:PutObject"],
            "the function signs the presigned upload URLs of POST /v1/uploads with its own rights",
        )
        data.grant_objects(
            role,
            CLAIM_DOCUMENT_PREFIX,
            ["s3:PutObject", "s3:DeleteObjectVersion", "s3:GetObject", "s3:GetObjectVersion"],
            "the original document of each claim submitted through the API is stored as <claimId>.xml (with a "
            "large claim's lines beside it) and deleted again when nothing was claimed; GET /v1/claims/{id} reads "
            "those lines and signs the short-lived link to the exact version of the original the claim records",
        )
        data.grant_objects(
            role,
            REPORTS_PREFIX,
            ["s3:GetObject"],
            "the function signs the presigned download URLs of settlement run reports and bank transfer files "
            "with its own rights (GET /v1/settlements/runs/{id}) and reads the published indicators of closed "
            "years (GET /v1/public/lgs/{lg}/indicators)",
        )
        data.event_bus.grant_put_events_to(role)

        self.access_logs = logs.LogGroup(
            self, "AccessLogs", retention=logs.RetentionDays[LOG_RETENTION], removal_policy=RemovalPolicy.RETAIN
        )
        stack_name = Stack.of(self).stack_name
        # No CORS on purpose (no default_cors_preflight_options, no OPTIONS methods): the API's clients are
        # businesses' and LGs' own systems calling server to server, never a browser on another origin, so a
        # browser is given no cross-origin access at all. The one browser-facing step, the presigned PUT of an
        # upload, goes straight to S3 and is covered by the document bucket's CORS rule (infra/constructs/data.py).
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=f"{stack_name}-api",
            description="Claims platform v1 API",
            endpoint_configuration=apigw.EndpointConfiguration(types=[apigw.EndpointType.REGIONAL]),
            # Execution logs need the regional API Gateway account role; created here and kept on deletion.
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            deploy_options=apigw.StageOptions(
                stage_name=STAGE_NAME,
                access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=True,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,  # request bodies are invoices: never into logs
                metrics_enabled=True,
                tracing_enabled=True,
                throttling_rate_limit=THROTTLE_RATE,
                throttling_burst_limit=THROTTLE_BURST,
            ),
        )
        acknowledge(
            self.rest_api,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
            "The API Gateway account role (one per account and region, used by every REST API for execution and "
            "access logs) takes the AWS managed policy made for exactly that purpose.",
        )

        # API Gateway's own refusals (401 from the authorizer, 429 throttling, 413, unknown routes, ...) answer in
        # the same RFC 9457 problem JSON as the function.
        self.gateway_responses = add_problem_responses(self.rest_api)

        authorizer = apigw.CognitoUserPoolsAuthorizer(
            self,
            "Authorizer",
            # tokens of both pools: officials' (MFA required) and businesses' (MFA optional)
            cognito_user_pools=identity.user_pools,
            identity_source=apigw.IdentitySource.header("Authorization"),
        )
        validator = self.rest_api.add_request_validator(
            "RequestValidator", validate_request_body=True, validate_request_parameters=True
        )
        integration = apigw.LambdaIntegration(self.service.function, proxy=True, allow_test_invoke=False)

        version = self.rest_api.root.add_resource(API_VERSION_PATH)
        version.add_resource("{proxy+}").add_method(
            "ANY",
            integration,
            authorization_type=apigw.AuthorizationType.COGNITO,
            authorizer=authorizer,
            request_validator=validator,
        )
        public_method = (
            version.add_resource(PUBLIC_PATH)
            .add_resource("{proxy+}")
            .add_method(
                "GET", integration, authorization_type=apigw.AuthorizationType.NONE, request_validator=validator
            )
        )
        for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
            acknowledge(
                public_method,
                rule,
                "GET /v1/public/* serves open public-finance data (the LG registry and published indicators) to "
                "anyone, as the contract requires; it is read-only, throttled and behind the WAF rate limit.",
            )

        self.firewall = ApiFirewall(
            self, "Firewall", stage_arn=self.rest_api.deployment_stage.stage_arn, metric_prefix=stack_name
        )
