"""Names and sizes used by the CDK app, in one place (the table, queue and bus specs live in
shared/adapters/dynamodb/tables.py)."""

from __future__ import annotations

from pathlib import Path

from shared.adapters.dynamodb.tables import INTAKE_QUEUE, SETTLEMENT_QUEUE, VALIDATION_QUEUE

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "build"
LAMBDA_ASSET_DIR = BUILD_DIR / "lambda"
REQUIREMENTS_FILE = ROOT / "requirements.txt"
CDK_JSON = ROOT / "cdk.json"
DEFAULT_OUTDIR = ROOT / "cdk.out"

STACK_ID = "LocalFinanceClaims"
STACK_DESCRIPTION = "Serverless claims platform for Korean local government finance (e-hojo+ BILL, botame, settlement)"

# Constructs (one per capability) and the logical ids that tests and acknowledgments refer to.
DATA_CONSTRUCT = "Data"
IDENTITY_CONSTRUCT = "Identity"
API_CONSTRUCT = "Api"
INTAKE_CONSTRUCT = "Intake"
VALIDATION_CONSTRUCT = "Validation"
SETTLEMENT_CONSTRUCT = "Settlement"
REGISTRY_DATA_CONSTRUCT = "RegistryData"

# Lambda functions.
API_FUNCTION = "ApiFunction"
API_HANDLER = "functions.api.handler.handler"
API_SERVICE_NAME = "claims-api"
API_MEMORY_MB = 1024
API_TIMEOUT_SECONDS = 29


def queue_handler(function: str) -> str:
    """``intake`` -> ``functions.intake.handler.handler``: the handler of a queue's function (QueueSpec.function)."""
    return f"functions.{function}.handler.handler"


def service_name(function: str) -> str:
    """``intake`` -> ``claims-intake``: the Powertools service name of a queue's function."""
    return f"claims-{function}"


# Queue consumers (shared/adapters/dynamodb/tables.py QUEUES): the handler and service name follow from
# QueueSpec.function.
INTAKE_FUNCTION = "IntakeFunction"
INTAKE_HANDLER = queue_handler(INTAKE_QUEUE.function)
INTAKE_SERVICE_NAME = service_name(INTAKE_QUEUE.function)
INTAKE_MEMORY_MB = 1024
INTAKE_TIMEOUT_SECONDS = 60
INTAKE_BATCH_SIZE = 10

VALIDATION_FUNCTION = "ValidationFunction"
VALIDATION_HANDLER = queue_handler(VALIDATION_QUEUE.function)
VALIDATION_SERVICE_NAME = service_name(VALIDATION_QUEUE.function)
VALIDATION_MEMORY_MB = 1024
VALIDATION_TIMEOUT_SECONDS = 60
VALIDATION_BATCH_SIZE = 10

# One settlement run step (one page of a run) per message and per invocation: a step re-enqueues the next one, so
# a step's 300 s stay far below Lambda's 15 minutes and the queue's visibility timeout (SETTLEMENT_QUEUE).
SETTLEMENT_FUNCTION = "SettlementFunction"
SETTLEMENT_HANDLER = queue_handler(SETTLEMENT_QUEUE.function)
SETTLEMENT_SERVICE_NAME = service_name(SETTLEMENT_QUEUE.function)
SETTLEMENT_MEMORY_MB = 1024
SETTLEMENT_TIMEOUT_SECONDS = 300
SETTLEMENT_BATCH_SIZE = 1

# The intake queue's dead letters (shared/adapters/dynamodb/tables.py INTAKE_QUEUE.dead_letter_function): each names an
# upload the intake failed on every time; the function marks it REJECTED (INTAKE_FAILED). A record it fails on is
# reported as a batch item failure and stays in the dead-letter queue (visible again after the visibility timeout, kept
# for DLQ_RETENTION_DAYS from its first enqueue, the queue's alarms firing meanwhile): nothing vanishes unseen.
DEADLETTER_CONSTRUCT = "DeadLetters"
DEADLETTER_FUNCTION = "DeadLetterFunction"
DEADLETTER_HANDLER = queue_handler(INTAKE_QUEUE.dead_letter_function or "deadletter")
DEADLETTER_SERVICE_NAME = service_name(INTAKE_QUEUE.dead_letter_function or "deadletter")
DEADLETTER_MEMORY_MB = 512
DEADLETTER_TIMEOUT_SECONDS = 30
DEADLETTER_BATCH_SIZE = 10
DEADLETTER_VISIBILITY_TIMEOUT_SECONDS = 6 * DEADLETTER_TIMEOUT_SECONDS  # of a consumed dead-letter queue
# A dead letter the consumer fails on for this long is stuck: the age-of-oldest-message alarm fires.
DEADLETTER_STUCK_SECONDS = 3600

METRICS_NAMESPACE = "LocalFinanceClaims"
LOG_LEVEL = "INFO"
LOG_RETENTION = "ONE_MONTH"  # function and API access logs (a logs.RetentionDays member)
ACCESS_LOG_RETENTION_DAYS = 365  # S3 server access logs

# Environment variable names the functions read (shared/ parses them at cold start).
ENV_DOCUMENT_BUCKET = "DOCUMENT_BUCKET"
ENV_EVENT_BUS_NAME = "EVENT_BUS_NAME"
ENV_SETTLEMENT_QUEUE_URL = "SETTLEMENT_QUEUE_URL"  # the api starts runs; the settlement function continues them


def table_env_var(logical: str) -> str:
    """``Claims`` -> ``CLAIMS_TABLE``: the variable carrying a table's physical name."""
    return f"{logical.upper()}_TABLE"


# Cognito: two user pools, because MFA is a setting of the pool. Officials (who approve payments) and the national
# feed's operators sign in to the officials' pool, where TOTP MFA is required; businesses, whose own systems call
# the API and cannot answer an MFA challenge, to the businesses' pool, where MFA is optional.
GROUP_BUSINESS = "business"
GROUP_OFFICIAL = "official"
GROUP_NATIONAL = "national"  # the national (e-Nara-Doum) feed's role: national grants, executions, registry lines
OFFICIALS_POOL = "OfficialsPool"
BUSINESSES_POOL = "BusinessesPool"
ORG_ATTRIBUTE = "org"  # appears in tokens as custom:org (10-digit BRN or 5-digit LG code)
PASSWORD_MIN_LENGTH = 12

# REST API.
STAGE_NAME = "prod"
API_VERSION_PATH = "v1"
PUBLIC_PATH = "public"
THROTTLE_RATE = 200
THROTTLE_BURST = 400

# Request size. Lambda takes a synchronous event of at most 6 MB (6,291,456 bytes, its invocation payload quota), so
# a larger request passed on by API Gateway (which takes 10 MB) would fail in Lambda as a 5xx. The WAF refuses
# requests from 6,000,000 bytes (413 TOO_LARGE), leaving the event room for headers and request context. A document
# sent inline (base64 in the JSON body) is therefore at most about 4.4 MB (MAX_INLINE_DOCUMENT_BYTES); up to the
# 5 MB document limit it goes by POST /v1/uploads, whose bytes never pass through the API.
MAX_REQUEST_BYTES = 6_000_000
MAX_INLINE_DOCUMENT_BYTES = (MAX_REQUEST_BYTES - 16_384) * 3 // 4  # base64 is 4/3; 16 KB for the JSON envelope
WAF_RATE_LIMIT_PER_5_MIN = 3000  # per client IP

# Document bucket: retention per prefix (docs-retention.md). Claimed originals (documents/) are 지출 evidence, kept
# five years from the end of the fiscal year they belong to (the retention period counts from 1 January of the year
# after the record was completed): six calendar years from creation at the latest, plus a margin for a claim of one
# year decided early the next. Noncurrent versions are kept as long, so no lifecycle rule can lose a version a claim
# records.
DOCUMENT_RETENTION_DAYS = 6 * 366 + 31  # 2227 days: > 5 years after the end of any object's fiscal year
DOCUMENT_INFREQUENT_ACCESS_DAYS = 90  # then Standard-IA: read only when an official fetches an original
LINKAGE_RETENTION_DAYS = DOCUMENT_RETENTION_DAYS  # national feed files: the evidence of imported national facts
REPORT_RETENTION_DAYS = 10 * 366  # 결산 reports and bank transfer files: ten years (see docs-retention.md)
UPLOAD_EXPIRY_DAYS = 7  # uploads/ only lands presigned PUTs; a claim's original is stored under documents/
UPLOAD_NONCURRENT_EXPIRY_DAYS = 1
EVIDENCE_MIN_RETENTION_DAYS = 5 * 365 + 366  # what the tests hold every rule touching documents/ to (6 years)
ABORT_MULTIPART_DAYS = 7
UPLOAD_CORS_MAX_AGE_SECONDS = 3000

# The LG registry, loaded into the Registry table at deployment (as infra/local/provision.py loads it locally).
REGISTRY_FILE = ROOT / "shared" / "adapters" / "dynamodb" / "lg_registry.json"
REGISTRY_WRITE_BATCH = 25  # DynamoDB BatchWriteItem takes at most 25 requests

# Event bus archive.
EVENT_ARCHIVE_RETENTION_DAYS = 365
DLQ_RETENTION_DAYS = 14  # the SQS maximum

# Alarms: every dead-letter alarm (and the dead-letter consumer's) notifies one SNS topic, encrypted with its own
# KMS key (CloudWatch cannot publish to a topic under the AWS managed aws/sns key); an e-mail address given as the
# stack parameter is subscribed to it.
ALARMS_CONSTRUCT = "Alarms"
ALARM_EMAIL_PARAMETER = "AlarmEmail"

# Rules and schedules (shared/adapters/dynamodb/tables.py RULES and SCHEDULES) delivering to their queue: EventBridge
# retries a failed delivery this often and this long, then puts the event into the queue's dead-letter queue, whose
# alarm fires. A delivery to SQS fails for lasting reasons (a queue policy, a deleted queue), so retrying for
# EventBridge's default 24 hours would only delay the alarm; the dead-letter queue keeps the event for
# DLQ_RETENTION_DAYS to be redriven.
RULE_TARGET_RETRY_ATTEMPTS = 8
RULE_TARGET_MAX_EVENT_AGE_HOURS = 1
