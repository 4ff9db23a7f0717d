"""Revenue records between their DynamoDB items and the domain: revenue lines, assessments and transfers."""

from __future__ import annotations

from datetime import date

from shared.adapters.dynamodb.revenue_models import AssessmentItem, RevenueLineItem, TransferItem, record_key
from shared.domain.settlement.fund_transfers import FundTransfer
from shared.domain.settlement.revenue import Assessment, RevenueLine


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
