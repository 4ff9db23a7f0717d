"""The year's own entries: its closing entry (마감분개) and the next year's opening balances (기초잔액), per 회계."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from shared.domain.settlement.ledger.balances import Balance, Balances
from shared.domain.settlement.ledger.chart import CHART, NET_ASSETS
from shared.domain.settlement.ledger.entries import (
    GENERAL_FUND,
    EntryLine,
    JournalEntry,
    credit,
    debit,
    entry_id,
    fund_key,
)
from shared.domain.settlement.ledger.errors import InvalidEntry


def closing_entry_id(lg_code: str, fy: int, fund: str = GENERAL_FUND) -> str:
    """The id of a 회계's closing entry of fiscal year ``fy``."""
    return entry_id("closing", lg_code, fy, *fund_key(fund))


def opening_entry_id(lg_code: str, fy: int, fund: str = GENERAL_FUND) -> str:
    """The id of a 회계's opening entry (기초잔액) of fiscal year ``fy``: written by ``fy - 1``'s final close."""
    return entry_id("opening", lg_code, fy, *fund_key(fund))


def accrual_entry_id(lg_code: str, fy: int, fund: str = GENERAL_FUND) -> str:
    """The id of a 회계's year-end accrual entry of fiscal year ``fy``."""
    return entry_id("accrual", lg_code, fy, *fund_key(fund))


def accrual_entry(
    *, lg_code: str, fy: int, balances: Iterable[Balance] | Balances, day: date, fund: str = GENERAL_FUND
) -> JournalEntry | None:
    """Year end (발생주의): what the year's accepted claims left unpaid at its 출납정리기한, posted. Their
    acceptances stay pending for good in the closed year (they can be neither paid nor voided there: the next year
    pays them as 과년도지출), so the pending columns of the financial accounts become a posted entry of their own,
    Dr the expenses (or 1510) / Cr 2110 미지급금, and Dr 5410 / Cr 1310 for the recipients' executions, before the
    closing entry closes the expenses. The pending columns then stand as a memorandum of those acceptances; read
    the year's balances without them (``recognised`` of the balances before this entry). ``None`` when nothing is
    pending."""
    values = list(balances.values()) if isinstance(balances, Mapping) else list(balances)
    lines: list[EntryLine] = []
    for value in sorted(values, key=lambda b: b.account):
        if CHART[value.account].budget:
            continue
        if value.pending_debit:
            lines.append(debit(value.account, value.pending_debit))
        if value.pending_credit:
            lines.append(credit(value.account, value.pending_credit))
    if not lines:
        return None
    return JournalEntry(
        accrual_entry_id(lg_code, fy, fund),
        lg_code,
        fy,
        day,
        f"{fy} 회계연도 미지급 확정 (출납정리기한 경과)",
        tuple(lines),
        refs={"accrual": str(fy)},
        fund=fund,
    )


def closing_entry(
    *, lg_code: str, fy: int, balances: Iterable[Balance] | Balances, day: date, fund: str = GENERAL_FUND
) -> JournalEntry | None:
    """Year end (재정운영표 -> 순자산변동표): close every revenue and expense balance of one 회계 to its 3100 순자산.
    ``None`` when there is nothing to close. Record it once every pending entry of the year is posted or voided."""
    values = list(balances.values()) if isinstance(balances, Mapping) else list(balances)
    lines: list[EntryLine] = []
    for value in sorted(values, key=lambda b: b.account):
        kind, amount = CHART[value.account].type, value.balance
        if kind not in ("revenue", "expense") or amount == 0:
            continue
        # revenue (credit-normal): debit it; expense (debit-normal): credit it; a reversed sign swaps the side
        towards_debit = (kind == "revenue") == (amount > 0)
        lines.append(debit(value.account, abs(amount)) if towards_debit else credit(value.account, abs(amount)))
    if not lines:
        return None
    surplus = sum(line.debit - line.credit for line in lines)
    if surplus > 0:
        lines.append(credit(NET_ASSETS, surplus))
    elif surplus < 0:
        lines.append(debit(NET_ASSETS, -surplus))
    return JournalEntry(
        closing_entry_id(lg_code, fy, fund),
        lg_code,
        fy,
        day,
        f"{fy} 회계연도 마감",
        tuple(lines),
        refs={"closing": str(fy)},
        fund=fund,
    )


def opening_entry(
    *,
    lg_code: str,
    fy: int,
    closed: Iterable[Balance] | Balances,
    closing: JournalEntry | None,
    fund: str = GENERAL_FUND,
) -> JournalEntry | None:
    """The next year's opening balances (기초잔액): every asset, liability and net-asset account of fiscal year
    ``fy`` as its ``closed`` (posted) balances and its ``closing`` entry leave it, brought into ``fy + 1`` on 1
    January. Revenue and expense accounts start each year at zero (the closing entry emptied them into 3100), and
    the budget accounts are each year's own (carry-overs come in as the next year's 전년도이월액). ``None`` when
    nothing is carried."""
    values = list(closed.values()) if isinstance(closed, Mapping) else list(closed)
    net: dict[str, int] = {}
    for value in values:
        if CHART[value.account].type in ("asset", "liability", "net_assets"):
            net[value.account] = net.get(value.account, 0) + value.debit - value.credit
    for line in closing.lines if closing is not None else ():
        if CHART[line.account].type == "net_assets":
            net[line.account] = net.get(line.account, 0) + line.debit - line.credit
    lines = [
        debit(code, amount) if amount > 0 else credit(code, -amount) for code, amount in sorted(net.items()) if amount
    ]
    if not lines:
        return None
    if sum(line.debit - line.credit for line in lines):
        raise InvalidEntry(f"{lg_code} {fy}: the closed balance sheet does not balance; nothing is carried")
    return JournalEntry(
        opening_entry_id(lg_code, fy + 1, fund),
        lg_code,
        fy + 1,
        date(fy + 1, 1, 1),
        f"{fy + 1} 회계연도 기초잔액 ({fy} 결산)",
        tuple(lines),
        refs={"opening": str(fy + 1), "closedYear": str(fy)},
        fund=fund,
    )
