"""pynamodb models of 세입 in the settlement table: revenue lines (pk ``REVENUE#<lg>#<fy>``, sk ``LINE#<id>``),
assessments, receipts, write-offs and refunds (pk ``<KIND>#<lg>#<id>``)."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from shared.adapters.dynamodb.binding import SettlementModel, bind_models


def revenue_key(lg_code: str, fy: int) -> str:
    return f"REVENUE#{lg_code}#{fy}"


def record_key(kind: str, lg_code: str, record_id: str) -> str:
    return f"{kind}#{lg_code}#{record_id}"


class RevenueLineItem(SettlementModel):
    """A 세입과목 with its running totals: every record on it adds to them in its own transaction."""

    line_id = UnicodeAttribute(attr_name="lineId")
    fund = UnicodeAttribute()
    code = UnicodeAttribute()
    kind = UnicodeAttribute()
    name = UnicodeAttribute()
    budget = NumberAttribute()
    assessed = NumberAttribute(default=0)
    received = NumberAttribute(default=0)
    written_off = NumberAttribute(attr_name="writtenOff", default=0)
    over_received = NumberAttribute(attr_name="overReceived", default=0)
    refunded = NumberAttribute(null=True)  # 과오납금 paid back
    # 과년도: the previous year's 미수납액 carried in by its final close, what of it was settled since, and what is
    # left (kept so that a 과년도 receipt or write-off is one conditional update)
    carried_in = NumberAttribute(attr_name="carriedIn", null=True)
    carried_settled = NumberAttribute(attr_name="carriedSettled", null=True)
    carried_outstanding = NumberAttribute(attr_name="carriedOutstanding", null=True)


class AssessmentItem(SettlementModel):
    """``outstanding`` is kept so that a receipt or write-off is one conditional update."""

    assessment_id = UnicodeAttribute(attr_name="assessmentId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    line_id = UnicodeAttribute(attr_name="lineId")
    amount = NumberAttribute()
    day = UnicodeAttribute()
    due_date = UnicodeAttribute(attr_name="dueDate", null=True)
    received = NumberAttribute(default=0)
    written_off = NumberAttribute(attr_name="writtenOff", default=0)
    outstanding = NumberAttribute()


class ReceiptItem(SettlementModel):
    receipt_id = UnicodeAttribute(attr_name="receiptId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    line_id = UnicodeAttribute(attr_name="lineId")
    assessment_id = UnicodeAttribute(attr_name="assessmentId")
    amount = NumberAttribute()
    applied = NumberAttribute()
    day = UnicodeAttribute()
    direct = BooleanAttribute(default=False)
    refunded = NumberAttribute(null=True)  # of its over-received part, paid back
    prior_year = BooleanAttribute(attr_name="priorYear", null=True)  # 과년도 수입


class RefundItem(SettlementModel):
    refund_id = UnicodeAttribute(attr_name="refundId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    line_id = UnicodeAttribute(attr_name="lineId")
    receipt_id = UnicodeAttribute(attr_name="receiptId")
    amount = NumberAttribute()
    day = UnicodeAttribute()
    reason = UnicodeAttribute()


class WriteOffItem(SettlementModel):
    write_off_id = UnicodeAttribute(attr_name="writeOffId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    line_id = UnicodeAttribute(attr_name="lineId")
    assessment_id = UnicodeAttribute(attr_name="assessmentId")
    amount = NumberAttribute()
    day = UnicodeAttribute()
    reason = UnicodeAttribute()
    prior_year = BooleanAttribute(attr_name="priorYear", null=True)  # 과년도 결손


class TransferItem(SettlementModel):
    """전출·전입 between two 회계: once under its id (pk ``TRANSFER#<lg>#<id>``) and once in its year's revenue
    partition (sk ``TRANSFER#<id>``), which the year close reads."""

    transfer_id = UnicodeAttribute(attr_name="transferId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    day = UnicodeAttribute()
    amount = NumberAttribute()
    from_line_id = UnicodeAttribute(attr_name="fromLineId")
    from_fund = UnicodeAttribute(attr_name="fromFund")
    to_line_id = UnicodeAttribute(attr_name="toLineId")
    to_fund = UnicodeAttribute(attr_name="toFund")
    reason = UnicodeAttribute(default="")


REVENUE_MODELS = (RevenueLineItem, AssessmentItem, ReceiptItem, WriteOffItem, RefundItem, TransferItem)


def bind(table: str, region: str) -> None:
    bind_models(REVENUE_MODELS, table, region)
