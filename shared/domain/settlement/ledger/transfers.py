"""내부거래: money moved between two 회계 of one LG."""

from __future__ import annotations

from datetime import date

from shared.domain.settlement.ledger.chart import (
    BUDGET_AUTHORISED,
    CASH,
    COMMITMENTS,
    EXPENDED,
    TRANSFER_IN,
    TRANSFER_OUT,
)
from shared.domain.settlement.ledger.entries import JournalEntry, LedgerWrite, credit, debit, entry_id, is_money
from shared.domain.settlement.ledger.errors import InvalidEntry


def fund_transfer(
    *,
    lg_code: str,
    transfer_id: str,
    source: str,
    target: str,
    amount: int,
    day: date,
    fy: int,
    refs: dict[str, str] | None = None,
) -> LedgerWrite:
    """내부거래: money moved from one 회계 to another of the same LG (전출 -> 전입), two entries written together:
    in ``source`` Dr 5920 전출금 / Cr 1110 with the 세출 line's execution (Dr 9110 / Cr 9120, Dr 9120 / Cr 9130: the
    전출금 is the source's budget execution, 편성목 701), in ``target`` Dr 1110 / Cr 4910 전입금 (its 세입). Each 회계
    balances on its own, the source's cash and budget must cover it, and adding the 회계 up eliminates 5920 and
    4910 (``consolidated``)."""
    if not is_money(amount) or amount <= 0:
        raise InvalidEntry(f"transfer: a positive amount in won (int), not {amount!r}")
    if source == target:
        raise InvalidEntry("a transfer between 회계 needs two different 회계")
    year = fy
    refs = {"transferId": transfer_id, "from": source, "to": target, **(refs or {})}
    out = JournalEntry(
        entry_id("transfer-out", lg_code, transfer_id),
        lg_code,
        year,
        day,
        f"전출금 {source} -> {target}",
        (
            debit(TRANSFER_OUT, amount),
            credit(CASH, amount),
            debit(BUDGET_AUTHORISED, amount),
            credit(COMMITMENTS, amount),
            debit(COMMITMENTS, amount),
            credit(EXPENDED, amount),
        ),
        refs=refs,
        fund=source,
    )
    into = JournalEntry(
        entry_id("transfer-in", lg_code, transfer_id),
        lg_code,
        year,
        day,
        f"전입금 {source} -> {target}",
        (debit(CASH, amount), credit(TRANSFER_IN, amount)),
        refs=refs,
        fund=target,
    )
    return LedgerWrite((out, into))
