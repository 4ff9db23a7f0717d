"""pynamodb models: the only description of how claims, guards, uploads and the LG registry are stored.

Table names come from the settings at first use (``bind``), not at import, so that the local stack and tests
can point them at moto tables.
"""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from shared.adapters.dynamodb import tables
from shared.adapters.dynamodb.binding import bind_models


# pynamodb 6.1 leaves ``Index.__init_subclass__`` unannotated, so every index class is an untyped call to mypy
# (the ignores below): a gap in the library's annotations, not in these classes.
class _BusinessIndex(GlobalSecondaryIndex["ClaimItem"]):  # type: ignore[no-untyped-call]
    class Meta:
        index_name = tables.CLAIMS.indexes[0].name
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class _LgStatusIndex(GlobalSecondaryIndex["ClaimItem"]):  # type: ignore[no-untyped-call]
    class Meta:
        index_name = tables.CLAIMS.indexes[1].name
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class _LgIndex(GlobalSecondaryIndex["ClaimItem"]):  # type: ignore[no-untyped-call]
    class Meta:
        index_name = tables.CLAIMS.indexes[2].name
        projection = AllProjection()

    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


class HistoryEntry(MapAttribute[str, str | None]):
    status = UnicodeAttribute()
    at = UnicodeAttribute()
    by = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)


class AlertEntry(MapAttribute[str, str | None]):
    code = UnicodeAttribute()
    message = UnicodeAttribute()
    at = UnicodeAttribute()
    other_claim_id = UnicodeAttribute(attr_name="otherClaimId", null=True)
    other_lg_code = UnicodeAttribute(attr_name="otherLgCode", null=True)


class ClaimItem(Model):
    """A claim (pk=CLAIM#<id>, sk=CLAIM). Documents live in S3; the parsed invoice summary lives here."""

    class Meta:
        table_name = tables.CLAIMS.name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    claim_id = UnicodeAttribute(attr_name="claimId")
    status = UnicodeAttribute()
    kind = UnicodeAttribute()
    lg_code = UnicodeAttribute(attr_name="lgCode")
    supplier = UnicodeAttribute()
    buyer = UnicodeAttribute()
    submitted_by = UnicodeAttribute(attr_name="submittedBy")
    contract_id = UnicodeAttribute(attr_name="contractId", null=True)
    line_id = UnicodeAttribute(attr_name="lineId", null=True)  # the 세출 line paying it
    fund = UnicodeAttribute(null=True)  # that line's 회계 (set at acceptance); none: the 일반회계
    grant_id = UnicodeAttribute(attr_name="grantId", null=True)
    category = UnicodeAttribute(null=True)
    grant_funded = NumberAttribute(attr_name="grantFunded", null=True)  # a subsidy claim's 지방비 (at acceptance)
    risk_json = UnicodeAttribute(attr_name="risk", null=True)
    invoice_json = UnicodeAttribute(attr_name="invoice")
    findings_json = UnicodeAttribute(attr_name="findings", default="[]")
    grand_total = UnicodeAttribute(attr_name="grandTotal")  # exact decimal string: money is never float
    currency = UnicodeAttribute()
    due_date = UnicodeAttribute(attr_name="dueDate", null=True)
    expense_account = UnicodeAttribute(attr_name="expenseAccount", null=True)
    paid_on = UnicodeAttribute(attr_name="paidOn", null=True)
    interest = NumberAttribute(null=True)  # late-payment interest paid with it (지연이자), won
    received_at = UnicodeAttribute(attr_name="receivedAt")
    source = UnicodeAttribute()
    document_key = UnicodeAttribute(attr_name="documentKey")
    document_version = UnicodeAttribute(attr_name="documentVersion", null=True)
    document_sha256 = UnicodeAttribute(attr_name="documentSha256", null=True)
    document_size = NumberAttribute(attr_name="documentSize", null=True)
    detail_key = UnicodeAttribute(attr_name="detailKey", null=True)  # a large claim's lines and findings in S3
    alerts = ListAttribute(of=AlertEntry, null=True)
    guard_key = UnicodeAttribute(attr_name="guardKey")
    history = ListAttribute(of=HistoryEntry, default=list)
    version = NumberAttribute(default=1)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    gsi3pk = UnicodeAttribute()
    gsi3sk = UnicodeAttribute()

    by_business = _BusinessIndex()
    by_lg_status_due = _LgStatusIndex()
    by_lg = _LgIndex()


class GuardItem(Model):
    """The duplicate rule as an item (pk=GUARD#<kind>#<supplier>#<doc type>#<invoice key>, sk=GUARD), one per
    kind of claim: a payment claim and a subsidy claim of one invoice do not block each other, they alert.

    Written in the same transaction as its claim with ``attribute_not_exists(pk) OR guardStatus = RETURNED``, so
    two submissions of one invoice can never both win. ``source`` names the request or upload that won, so a
    redelivered upload is recognised as already processed (the guard doubles as the idempotency record).
    """

    class Meta:
        table_name = tables.CLAIMS.name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    claim_id = UnicodeAttribute(attr_name="claimId")
    source = UnicodeAttribute()
    guard_status = UnicodeAttribute(attr_name="guardStatus")


class UploadItem(Model):
    """An upload slot handed out by ``POST /v1/uploads`` (pk=UPLOAD#<id>, sk=UPLOAD)."""

    class Meta:
        table_name = tables.CLAIMS.name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    upload_id = UnicodeAttribute(attr_name="uploadId")
    owner = UnicodeAttribute()
    lg_code = UnicodeAttribute(attr_name="lgCode")
    kind = UnicodeAttribute()
    contract_id = UnicodeAttribute(attr_name="contractId", null=True)
    grant_id = UnicodeAttribute(attr_name="grantId", null=True)
    format = UnicodeAttribute()
    file_name = UnicodeAttribute(attr_name="fileName")
    status = UnicodeAttribute()
    claim_id = UnicodeAttribute(attr_name="claimId", null=True)
    errors_json = UnicodeAttribute(attr_name="errors", null=True)
    ignored_puts = NumberAttribute(attr_name="ignoredPuts", null=True)
    last_ignored_at = UnicodeAttribute(attr_name="lastIgnoredAt", null=True)
    created_at = UnicodeAttribute(attr_name="createdAt")
    expires_at = NumberAttribute(attr_name="expiresAt")


class LgItem(Model):
    """A local government in the registry (pk=LG#<code>, sk=LG)."""

    class Meta:
        table_name = tables.REGISTRY.name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    lg_code = UnicodeAttribute(attr_name="lgCode")
    name = UnicodeAttribute()
    name_en = UnicodeAttribute(attr_name="nameEn")
    tax_id = UnicodeAttribute(attr_name="taxId")


_CLAIMS_MODELS = (ClaimItem, GuardItem, UploadItem)


def bind(claims_table: str, registry_table: str, region: str) -> None:
    """Point the models at the physical tables (called once at cold start by the data-access layer)."""
    bind_models(_CLAIMS_MODELS, claims_table, region)
    bind_models((LgItem,), registry_table, region)
