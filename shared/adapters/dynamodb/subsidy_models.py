"""pynamodb models of the subsidy table (see ``shared/adapters/dynamodb/tables.py`` for the key design)."""

from __future__ import annotations

from typing import TypeVar, cast

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from shared.adapters.dynamodb import tables
from shared.adapters.dynamodb.binding import bind_models


class _SubsidyModel(Model):
    class Meta:
        table_name = tables.SUBSIDY.name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


_Item = TypeVar("_Item", bound=_SubsidyModel)


# pynamodb 6.1 leaves ``Index.__init_subclass__`` unannotated, so an index class is an untyped call to mypy (the
# ignore): a gap in the library's annotations, not in this class.
class _LgStatusIndex(GlobalSecondaryIndex[_Item]):  # type: ignore[no-untyped-call]
    """The by-lg-status index: an LG's grants (GRANTS#<lg>) and its reviews by status (REVIEW#<lg>#<status>)."""

    class Meta:
        index_name = tables.SUBSIDY.indexes[0].name
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class _LgScoreIndex(GlobalSecondaryIndex[_Item]):  # type: ignore[no-untyped-call]
    """The by-lg-score index: an LG's reviews by status, the riskiest first (REVIEW#<lg>#<status>, <score>#...)."""

    class Meta:
        index_name = tables.SUBSIDY.indexes[1].name
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class GrantItem(_SubsidyModel):
    gsi1pk = UnicodeAttribute(null=True)  # GRANTS#<lg> (by-lg-status index: an LG's grants)
    gsi1sk = UnicodeAttribute(null=True)
    by_lg: _LgStatusIndex[GrantItem] = _LgStatusIndex()
    grant_id = UnicodeAttribute(attr_name="grantId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    title = UnicodeAttribute()
    purpose = UnicodeAttribute()
    field = UnicodeAttribute()
    recipient_brn = UnicodeAttribute(attr_name="recipientBrn")
    start = UnicodeAttribute()
    end = UnicodeAttribute()
    shares_json = UnicodeAttribute(attr_name="fundingShares", default="{}")
    # a list of strings: pynamodb 6.1 types the elements of ``ListAttribute(of=UnicodeAttribute)`` as attributes
    categories = cast("ListAttribute[str]", ListAttribute(of=UnicodeAttribute, default=list))
    budget_total = NumberAttribute(attr_name="budgetTotal", default=0)
    status = UnicodeAttribute(default="OPEN")
    source = UnicodeAttribute(default="local")
    # who wrote a national-source grant: NATIONAL (the national feed) or the LG code of the official who imported
    # it; absent on local grants. Only the feed rewrites what the feed wrote.
    imported_by = UnicodeAttribute(attr_name="importedBy", null=True)
    advanced_on = UnicodeAttribute(attr_name="advancedOn", null=True)  # 교부: the day the payment run paid it
    created_at = UnicodeAttribute(attr_name="createdAt")
    findings_json = UnicodeAttribute(attr_name="findings", default="[]")
    committed_fy = NumberAttribute(attr_name="committedFy", null=True)  # the fiscal year its lines are committed in
    decided_json = UnicodeAttribute(attr_name="decision", null=True)  # the 교부결정: outcome, by, at, reason
    settlement_json = UnicodeAttribute(attr_name="settlement", null=True)  # the 정산보고서 and its decision
    settlement_status = UnicodeAttribute(attr_name="settlementStatus", null=True)  # FILED | APPROVED | RETURNED


class CategoryItem(_SubsidyModel):
    """A grant's budget for one expense category (통계목). ``available`` = amount - reserved - executed is kept so
    that a reservation can be a single conditional update (``available >= :amount``)."""

    category = UnicodeAttribute()
    amount = NumberAttribute()
    reserved = NumberAttribute(default=0)
    executed = NumberAttribute(default=0)
    available = NumberAttribute()
    line_id = UnicodeAttribute(attr_name="lineId", null=True)  # the 세출 line its 교부 is paid from
    funded = NumberAttribute(default=0)  # of ``executed``, the public money's part (지방비); the rest was 자부담


class SpendItem(_SubsidyModel):
    """One execution against a grant (sk=SPEND#<claimId>, or SPEND#CARD-<lg>-<approvalNo> for a card payment):
    RESERVED -> RELEASED | EXECUTED; a card payment's RESERVED or EXECUTED -> CANCELLED."""

    claim_id = UnicodeAttribute(attr_name="claimId")
    category = UnicodeAttribute()
    vendor_brn = UnicodeAttribute(attr_name="vendorBrn")
    amount = NumberAttribute()
    day = UnicodeAttribute()
    invoice_key = UnicodeAttribute(attr_name="invoiceKey")
    status = UnicodeAttribute()
    funded = NumberAttribute(null=True)  # a card payment executed at once: its public part (지방비)


class WageItem(_SubsidyModel):
    """One person's wages on a grant (pk=PERSON#<personKey>, sk=WAGE#<grantRef>#<spendId>): the F07 index, from a
    payroll execution (grantRef <lg>#<id>) or the national link (NATIONAL#<id>, spend id the national line's)."""

    grant_ref = UnicodeAttribute(attr_name="grantRef")
    spend_id = UnicodeAttribute(attr_name="spendId")
    start = UnicodeAttribute()
    end = UnicodeAttribute()
    amount = NumberAttribute()


class EvidenceItem(_SubsidyModel):
    """F12 guard: one item per invoice (vendor + invoice id), sk=EVIDENCE, shared by every LG (a claim's, or the
    national feed's); ``status`` RELEASED when its claim was returned. An execution an LG official imported lives
    beside it under sk=LINK#<lg>: evidence for that LG's claims only."""

    claim_id = UnicodeAttribute(attr_name="claimId", null=True)
    grant_id = UnicodeAttribute(attr_name="grantId")
    source = UnicodeAttribute()  # local | national
    status = UnicodeAttribute(default="ACTIVE")
    cancelled = UnicodeAttribute(null=True)  # the date linkage reported the invoice cancelled (F03)
    amount = NumberAttribute(null=True)
    day = UnicodeAttribute(null=True)


class RecoveryItem(_SubsidyModel):
    """A grant's 환수 (sk=GRANT#RECOVERY#<id>): what was recovered, its 제재부가금 and their assessments, as JSON."""

    body = UnicodeAttribute()


class SanctionEntry(MapAttribute[str, str]):
    sanction_id = UnicodeAttribute(attr_name="sanctionId")
    reason = UnicodeAttribute()
    start = UnicodeAttribute(attr_name="from")
    until = UnicodeAttribute()
    lg_code = UnicodeAttribute(attr_name="lgCode")
    at = UnicodeAttribute()


class SanctionsItem(_SubsidyModel):
    """Every sanction (제재) of one business, in one item, so a claim's hard checks read it in the same BatchGet."""

    brn = UnicodeAttribute()
    entries = ListAttribute(of=SanctionEntry, default=list)


class BusinessItem(_SubsidyModel):
    brn = UnicodeAttribute()
    status = UnicodeAttribute(default="active")
    status_since = UnicodeAttribute(attr_name="statusSince", null=True)
    registered_on = UnicodeAttribute(attr_name="registeredOn", null=True)
    representative_hash = UnicodeAttribute(attr_name="representativeHash", null=True)
    account_holder_hash = UnicodeAttribute(attr_name="accountHolderHash", null=True)


class IndexEntryItem(_SubsidyModel):
    """A blocking-index entry (pk=BLOCK#... or RECIP#..., sk=GRANT#<lg>#<id>) pointing at a grant; ``grant_id`` is
    the grant's reference ``<lg>#<id>`` (grant ids are scoped per LG)."""

    grant_id = UnicodeAttribute(attr_name="grantId")
    start = UnicodeAttribute(null=True)
    end = UnicodeAttribute(null=True)


class GrantPointerItem(_SubsidyModel):
    """A recipient's grant (pk=GRANTOF#<brn>, sk=GRANT#<id>#<lg>): how a business finds a grant by its id alone."""

    grant_id = UnicodeAttribute(attr_name="grantId")
    lg_code = UnicodeAttribute(attr_name="lgCode")


class ReviewItem(_SubsidyModel):
    review_id = UnicodeAttribute(attr_name="reviewId")
    claim_id = UnicodeAttribute(attr_name="claimId")
    grant_id = UnicodeAttribute(attr_name="grantId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    score = NumberAttribute()
    indicators_json = UnicodeAttribute(attr_name="indicators")
    status = UnicodeAttribute()
    created_at = UnicodeAttribute(attr_name="createdAt")
    resolved_at = UnicodeAttribute(attr_name="resolvedAt", null=True)
    resolved_by = UnicodeAttribute(attr_name="resolvedBy", null=True)
    note = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    codes = ListAttribute(of=UnicodeAttribute, null=True)  # the indicators' codes, for the list's filter

    by_lg_status: _LgStatusIndex[ReviewItem] = _LgStatusIndex()
    by_lg_score: _LgScoreIndex[ReviewItem] = _LgScoreIndex()


SUBSIDY_MODELS = (
    GrantItem,
    CategoryItem,
    SpendItem,
    RecoveryItem,
    EvidenceItem,
    WageItem,
    SanctionsItem,
    BusinessItem,
    IndexEntryItem,
    GrantPointerItem,
    ReviewItem,
)


def bind(table: str, region: str) -> None:
    bind_models(SUBSIDY_MODELS, table, region)
