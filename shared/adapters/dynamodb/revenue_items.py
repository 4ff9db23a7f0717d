"""Revenue records between their DynamoDB items and the domain: revenue lines, assessments and transfers."""

from __future__ import annotations

from datetime import date

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from shared.adapters.dynamodb.revenue_models import (
    AssessmentItem,
    ReceiptItem,
    RevenueLineItem,
    TransferItem,
    WriteOffItem,
    record_key,
)
from shared.domain.settlement.fund_transfers import FundTransfer
from shared.domain.settlement.revenue import Assessment, Receipt, RevenueLine, WriteOff


def line_of(item: RevenueLineItem) -> RevenueLine:
    return RevenueLine(
        item.line_id,
        item.fund,
        item.code,
        item.kind,
        item.name,
        int(item.budget),
        int(item.assessed or 0),
        int(item.received or 0),
        int(item.written_off or 0),
        int(item.over_received or 0),
        int(item.refunded or 0),
        int(item.carried_in or 0),
        int(item.carried_settled or 0),
    )


def receipt_of(item: ReceiptItem) -> Receipt:
    return Receipt(
        item.receipt_id,
        item.lg_code,
        int(item.fy),
        item.line_id,
        item.assessment_id,
        int(item.amount),
        date.fromisoformat(item.day),
        int(item.applied),
        bool(item.direct),
        int(item.refunded or 0),
        bool(item.prior_year),
    )


def write_off_of(item: WriteOffItem) -> WriteOff:
    return WriteOff(
        item.write_off_id,
        item.lg_code,
        int(item.fy),
        item.line_id,
        item.assessment_id,
        int(item.amount),
        date.fromisoformat(item.day),
        item.reason,
        bool(item.prior_year),
    )


def assessment_of(item: AssessmentItem) -> Assessment:
    return Assessment(
        item.assessment_id,
        item.lg_code,
        int(item.fy),
        item.line_id,
        int(item.amount),
        date.fromisoformat(item.day),
        date.fromisoformat(item.due_date) if item.due_date else None,
        int(item.received or 0),
        int(item.written_off or 0),
    )


def assessment_item(assessment: Assessment) -> AssessmentItem:
    return AssessmentItem(
        record_key("ASSESSMENT", assessment.lg_code, assessment.assessment_id),
        "ASSESSMENT",
        assessment_id=assessment.assessment_id,
        lg_code=assessment.lg_code,
        fy=assessment.fy,
        line_id=assessment.line_id,
        amount=assessment.amount,
        day=assessment.day.isoformat(),
        due_date=assessment.due_date.isoformat() if assessment.due_date else None,
        received=assessment.received,
        written_off=assessment.written_off,
        outstanding=assessment.outstanding,
    )


def transfer_item(pk: str, sk: str, transfer: FundTransfer) -> TransferItem:
    return TransferItem(
        pk,
        sk,
        transfer_id=transfer.transfer_id,
        lg_code=transfer.lg_code,
        fy=transfer.fy,
        day=transfer.day.isoformat(),
        amount=transfer.amount,
        from_line_id=transfer.from_line_id,
        from_fund=transfer.from_fund,
        to_line_id=transfer.to_line_id,
        to_fund=transfer.to_fund,
        reason=transfer.reason,
    )


def transfer_from_item(item: TransferItem) -> FundTransfer:
    return FundTransfer(
        item.transfer_id,
        item.lg_code,
        int(item.fy),
        date.fromisoformat(item.day),
        int(item.amount),
        item.from_line_id,
        item.from_fund,
        item.to_line_id,
        item.to_fund,
        item.reason or "",
    )


def carried_settles(amount: int) -> list[Action]:
    return [RevenueLineItem.carried_settled.add(amount), RevenueLineItem.carried_outstanding.add(-amount)]


def carried_covers(amount: int) -> Condition:
    """A 과년도 receipt or write-off: only if the line holds that much of what the previous year carried in."""
    return RevenueLineItem.carried_outstanding >= amount


def carried_in_actions(line: RevenueLine) -> list[Action]:
    """A year's line's 미수납액 as the next year's line's 전년도 이월 (that line created where missing, no 예산액)."""
    return [
        RevenueLineItem.line_id.set(line.line_id),
        RevenueLineItem.fund.set(RevenueLineItem.fund | line.fund),
        RevenueLineItem.code.set(RevenueLineItem.code | line.code),
        RevenueLineItem.kind.set(RevenueLineItem.kind | line.kind),
        RevenueLineItem.name.set(RevenueLineItem.name | line.name),
        RevenueLineItem.budget.set(RevenueLineItem.budget | 0),
        RevenueLineItem.carried_in.set(line.outstanding),
        RevenueLineItem.carried_outstanding.set(line.outstanding - (RevenueLineItem.carried_settled | 0)),
    ]
