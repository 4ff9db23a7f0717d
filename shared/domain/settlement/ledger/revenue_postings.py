"""The entries of 세입: a revenue assessed (징수결정), received (수납, against an assessment or at once, over-receipts
as 과오납금) and written off (불납결손); the table in the package's docstring."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from shared.domain.settlement.ledger.chart import (
    CASH,
    OVER_RECEIVED,
    WRITTEN_OFF,
    account,
    revenue_accounts,
)
from shared.domain.settlement.ledger.entries import GENERAL_FUND, JournalEntry, credit, debit, entry_id
from shared.domain.settlement.ledger.errors import InvalidEntry
from shared.domain.settlement.ledger.postings import _fy, _positive, _refs


def revenue_received(
    *,
    lg_code: str,
    receipt_id: str,
    amount: int,
    day: date,
    revenue: str = "4110",
    fy: int | None = None,
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """A receipt (세입): Dr 1110 / Cr ``revenue`` (4110 지방세, 4210 세외, 4310 교부세·보조금)."""
    _positive(amount, "receipt")
    if account(revenue).type != "revenue":
        raise InvalidEntry(f"{revenue} is not a revenue account")
    return JournalEntry(
        entry_id("receipt", lg_code, receipt_id),
        lg_code,
        _fy(fy, day),
        day,
        f"세입 {receipt_id}",
        (debit(CASH, amount), credit(revenue, amount)),
        refs=_refs({"receiptId": receipt_id}, refs),
        fund=fund,
    )


def revenue_assessed(
    *,
    lg_code: str,
    fy: int,
    assessment_id: str,
    kind: str,
    amount: int,
    day: date,
    line_id: str,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """징수결정: Dr the kind's receivable / Cr its revenue by nature (a bond: the liability)."""
    _positive(amount, "assessment")
    receivable, credited = revenue_accounts(kind)
    return JournalEntry(
        entry_id("assessment", lg_code, assessment_id),
        lg_code,
        fy,
        day,
        f"징수결정 {assessment_id}",
        (debit(receivable, amount), credit(credited, amount)),
        refs={"assessmentId": assessment_id, "lineId": line_id},
        fund=fund,
    )


def revenue_receipt(
    *,
    lg_code: str,
    fy: int,
    receipt_id: str,
    kind: str,
    amount: int,
    applied: int,
    day: date,
    line_id: str,
    direct: bool = False,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """수납: Dr 1110 현금 / Cr the receivable (``applied``) and Cr 2130 과오납금 (the rest). A direct receipt
    (assessed and received at once) credits the revenue itself: Dr 1110 / Cr revenue by nature."""
    _positive(amount, "receipt")
    if not 0 <= applied <= amount:
        raise InvalidEntry(f"receipt {receipt_id}: applied {applied} outside 0..{amount}")
    receivable, credited = revenue_accounts(kind)
    settled = credited if direct else receivable
    lines = [debit(CASH, amount)]
    if applied:
        lines.append(credit(settled, applied))
    if amount - applied:
        lines.append(credit(OVER_RECEIVED, amount - applied))
    return JournalEntry(
        entry_id("receipt", lg_code, receipt_id),
        lg_code,
        fy,
        day,
        f"수납 {receipt_id}",
        tuple(lines),
        refs={"receiptId": receipt_id, "lineId": line_id},
        fund=fund,
    )


def over_receipt_refunded(
    *,
    lg_code: str,
    fy: int,
    refund_id: str,
    amount: int,
    day: date,
    line_id: str,
    receipt_id: str,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """과오납금 환급: an over-receipt paid back, Dr 2130 과오납금 / Cr 1110 현금 (refused when the 회계's cash is
    short)."""
    _positive(amount, "refund")
    return JournalEntry(
        entry_id("refund", lg_code, refund_id),
        lg_code,
        fy,
        day,
        f"과오납금 환급 {refund_id}",
        (debit(OVER_RECEIVED, amount), credit(CASH, amount)),
        refs={"refundId": refund_id, "receiptId": receipt_id, "lineId": line_id},
        fund=fund,
    )


def revenue_written_off(
    *,
    lg_code: str,
    fy: int,
    write_off_id: str,
    kind: str,
    amount: int,
    day: date,
    line_id: str,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """불납결손: Dr 5910 대손상각비 / Cr the receivable."""
    _positive(amount, "write-off")
    receivable, _ = revenue_accounts(kind)
    return JournalEntry(
        entry_id("write-off", lg_code, write_off_id),
        lg_code,
        fy,
        day,
        f"불납결손 {write_off_id}",
        (debit(WRITTEN_OFF, amount), credit(receivable, amount)),
        refs={"writeOffId": write_off_id, "lineId": line_id},
        fund=fund,
    )
