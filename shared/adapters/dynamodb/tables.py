"""The one definition of every DynamoDB table and queue: the CDK stack and the local stack both build from it.

Plain data, no AWS types, so that ``infra/`` (CDK) and ``infra/local`` (moto) read the same source and a test
checks that the synthesised template agrees with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.domain.settlement.revenue import RECEIPTS_PREFIX as REVENUE_RECEIPTS_PREFIX
from shared.domain.subsidy.cards import CARDS_PREFIX as SUBSIDY_CARDS_PREFIX


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    partition_key: str
    sort_key: str | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    """``logical`` is the construct id in CDK and the env var suffix; ``name`` the local table name."""

    logical: str
    name: str
    partition_key: str
    sort_key: str | None = None
    indexes: tuple[Index, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None


# Claims, their duplicate guards and uploads (single-table design):
#   claim  pk=CLAIM#<id>           sk=CLAIM
#          gsi1 (a business's claims)            gsi1pk=BIZ#<brn>         gsi1sk=<receivedAt>#<id>
#          gsi2 (an LG's claims by status, due)  gsi2pk=LG#<lg>#<status>  gsi2sk=<dueDate|9999-12-31>#<receivedAt>#<id>
#          gsi3 (an LG's claims, any status)     gsi3pk=LG#<lg>           gsi3sk=<receivedAt>#<id>
#   guard  pk=GUARD#<kind>#<supplier>#<doc type>#<invoice key>  sk=GUARD
#          (the duplicate rule, per kind of claim; doubles as the S3 path's idempotency record)
#   upload pk=UPLOAD#<id>          sk=UPLOAD
CLAIMS = TableSpec(
    logical="Claims",
    name="claims",
    partition_key="pk",
    sort_key="sk",
    indexes=(
        Index("by-business", "gsi1pk", "gsi1sk"),
        Index("by-lg-status-due", "gsi2pk", "gsi2sk"),
        Index("by-lg", "gsi3pk", "gsi3sk"),
    ),
    ttl_attribute="expiresAt",
)

# The LG registry: code, name, BRN-format tax id. Loaded at provisioning.
REGISTRY = TableSpec(logical="Registry", name="registry", partition_key="pk", sort_key="sk")

# Powertools idempotency records for API writes carrying an Idempotency-Key.
IDEMPOTENCY = TableSpec(logical="Idempotency", name="idempotency", partition_key="id", ttl_attribute="expiration")

# Subsidies (보탬e), single-table. Grant ids are scoped per LG: <lg> is the 5-digit LG code, or NATIONAL for a
# national (e나라도움) grant of no LG; the same id in two LGs is two grants.
#   grant     pk=GRANT#<lg>#<id>  sk=GRANT | CAT#<category> (budget: amount, reserved, executed, available)
#                                 sk=SPEND#<claimId> (one execution: vendor, amount, day, status)
#             gsi1 (an LG's grants) gsi1pk=GRANTS#<lg> gsi1sk=<id>; importedBy=NATIONAL|<lg> on national-source grants
#   pointer   pk=GRANTOF#<recipient brn>  sk=GRANT#<id>#<lg> (a recipient finds its grant by id)
#   evidence  pk=EVIDENCE#<vendor>#<invoice id>  sk=EVIDENCE (F12: an invoice in at most one claim, local or national
#                                                feed, shared by every LG)
#                                                sk=LINK#<lg> (an execution an official of <lg> imported: evidence
#                                                for that LG's claims only)
#   sanction  pk=SANCTION#<brn>  sk=SANCTIONS (every sanction of a business, shared by all LGs)
#   business  pk=BIZ#<brn>  sk=FACTS (status, registration, hashed representative and account holder)
#   blocking  pk=BLOCK#<lg>#<field>#<year>#[p#]<gram> | RECIP#<brn>#<category>  sk=GRANT#<lg>#<id>
#             grantId=<lg>#<id> (similar programs)
#   review    pk=REVIEW#<id>  sk=REVIEW   gsi1 (an LG's reviews by status) gsi1pk=REVIEW#<lg>#<status> gsi1sk=<at>#<id>
#                                         gsi2 (the same, riskiest first) gsi2pk=REVIEW#<lg>#<status>
#                                              gsi2sk=<score, 3 digits>#<at>#<id>; codes = the indicators' codes
#   wage      pk=PERSON#<personKey>  sk=WAGE#<lg|NATIONAL>#<grantId>#<spendId> (F07: one person's wages per grant)
SUBSIDY = TableSpec(
    logical="Subsidy",
    name="subsidy",
    partition_key="pk",
    sort_key="sk",
    indexes=(Index("by-lg-status", "gsi1pk", "gsi1sk"), Index("by-lg-score", "gsi2pk", "gsi2sk")),
)

# Settlement (결산), single-table:
#   budget line  pk=BUDGET#<lg>#<fy>       sk=LINE#<lineId>   (hierarchy, 예산액, 전년도이월액, changes, committed)
#   contract     pk=CONTRACT#<lg>#<id>     sk=CONTRACT        (지출원인행위: supplier, amount, line, paid)
#   run          pk=RUN#<runId>            sk=RUN | CHUNK#<n> (status, cursor, counts, totals, reports)
#   ledger       pk=LEDGER#<lg>#<fy>       sk=ENTRY#<entryId> (immutable journal entries, id from the business key)
#                                          sk=BALANCE#<account> (posted and pending debits and credits)
#   period       pk=PERIOD#<lg>            sk=<yyyy-mm>       (closed months: back-dated entries refused)
SETTLEMENT = TableSpec(logical="Settlement", name="settlement", partition_key="pk", sort_key="sk")

TABLES: tuple[TableSpec, ...] = (CLAIMS, REGISTRY, IDEMPOTENCY, SUBSIDY, SETTLEMENT)


@dataclass(frozen=True, slots=True)
class QueueSpec:
    """A queue feeding one function (``function`` names it: ``functions/<function>/handler.py``)."""

    logical: str
    name: str
    function: str
    max_receive_count: int = 3
    visibility_timeout_seconds: int = 360  # six times the function timeout (60 s), as AWS advises
    dead_letter_function: str | None = None  # consumes the dead-letter queue (e.g. marks uploads REJECTED)


# S3 ObjectCreated (uploads/ and linkage/ prefixes) -> intake queue -> intake function; dead-letter after 3 receives.
# Its dead letters -> the deadletter function: the upload is marked REJECTED (INTAKE_FAILED), never left PENDING.
INTAKE_QUEUE = QueueSpec(logical="IntakeQueue", name="intake", function="intake", dead_letter_function="deadletter")
# ClaimReceived of subsidy claims (EventBridge rule) -> validation queue -> validation function (soft indicators).
VALIDATION_QUEUE = QueueSpec(logical="ValidationQueue", name="validation", function="validation")

# Settlement runs (started by an official, or by a schedule) -> settlement queue -> settlement function, one page of
# work a message; a run re-enqueues itself until done, so no invocation comes near Lambda's 15 minutes.
SETTLEMENT_QUEUE = QueueSpec(
    logical="SettlementQueue", name="settlement", function="settlement", visibility_timeout_seconds=1800
)

QUEUES: tuple[QueueSpec, ...] = (INTAKE_QUEUE, VALIDATION_QUEUE, SETTLEMENT_QUEUE)

BUCKET_NAME = "claims-documents"
EVENT_BUS_NAME = "claims"
UPLOAD_PREFIX = "uploads/"
LINKAGE_PREFIX = "linkage/"
# the treasury bank's daily receipts files (금고 수납 자료), one folder per LG: 세입 is settlement data, so they go to
# the settlement function (the only one, with the API, that touches it), not to the intake
RECEIPTS_PREFIX = REVENUE_RECEIPTS_PREFIX
# the card companies' feeds of grant card approvals (전용카드 승인 내역), one folder per LG: a card payment is settled
# from the grant's restricted account in the ledger, so they go to the settlement function too
CARDS_PREFIX = SUBSIDY_CARDS_PREFIX
NOTIFICATIONS: tuple[tuple[str, QueueSpec], ...] = (
    (UPLOAD_PREFIX, INTAKE_QUEUE),
    (LINKAGE_PREFIX, INTAKE_QUEUE),
    (RECEIPTS_PREFIX, SETTLEMENT_QUEUE),
    (CARDS_PREFIX, SETTLEMENT_QUEUE),
)  # each prefix's ObjectCreated notifications -> its queue; never the whole bucket
NOTIFIED_PREFIXES = tuple(prefix for prefix, _ in NOTIFICATIONS)
EVENT_SOURCE = "kr.localfinance.claims"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """An EventBridge rule on the claims bus forwarding matching events to a queue."""

    logical: str
    name: str
    pattern: dict[str, object]  # an EventBridge event pattern, as JSON
    queue: QueueSpec


SUBSIDY_CLAIM_RECEIVED = RuleSpec(
    logical="SubsidyClaimReceived",
    name="subsidy-claim-received",
    pattern={"source": [EVENT_SOURCE], "detail-type": ["ClaimReceived"], "detail": {"data": {"kind": ["subsidy"]}}},
    queue=VALIDATION_QUEUE,
)

RULES: tuple[RuleSpec, ...] = (SUBSIDY_CLAIM_RECEIVED,)


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """A schedule (EventBridge rule with a cron expression, Asia/Seoul times written in UTC) sending ``detail`` to
    a queue. The settlement function starts the run for every LG in the registry."""

    logical: str
    name: str
    cron: str  # EventBridge cron(...) fields: minutes hours day-of-month month day-of-week year
    detail: dict[str, str]  # the event's detail: {"type": <the run>}
    queue: QueueSpec


SCHEDULES: tuple[ScheduleSpec, ...] = (
    # the daily payment run, 18:00 KST on weekdays
    ScheduleSpec("DailyPaymentRun", "daily-payment-run", "0 9 ? * MON-FRI *", {"type": "payment"}, SETTLEMENT_QUEUE),
    # the month close, 01:00 KST on the 1st (closes the previous month)
    ScheduleSpec("MonthClose", "month-close", "0 16 L * ? *", {"type": "month-close"}, SETTLEMENT_QUEUE),
    # the final year close after the 출납정리기간 (to 10 February): 02:00 KST each day from 11 to 28 February; the
    # function starts it on the first business day of that window (a missed day is caught up, the run is one)
    ScheduleSpec("YearClose", "year-close", "0 17 10-27 2 ? *", {"type": "year-close"}, SETTLEMENT_QUEUE),
)
