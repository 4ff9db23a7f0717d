"""Entries of a grant's settlement (보조금 정산): the advance closed and the 반납 owed onward. The LG's own part of
the 반납 is 세입 (보조금 반환금), assessed by the revenue context (Dr 1220 / Cr 4210), not here."""

from __future__ import annotations

from datetime import date

from shared.domain.settlement.ledger.chart import SUBSIDY_ADVANCE, SUBSIDY_EXPENSE
from shared.domain.settlement.ledger.entries import GENERAL_FUND, JournalEntry, credit, debit, entry_id
from shared.domain.settlement.ledger.errors import InvalidEntry

OTHER_RECEIVABLES, RETURNS_OWED = "1230", "2140"


def payroll_executed(
    *, lg_code: str, grant_id: str, payroll_id: str, amount: int, day: date, fund: str = GENERAL_FUND
) -> JournalEntry:
    """A grant's payroll (인건비) paid from its restricted account: the public money's part (지방비), Dr 5410 /
    Cr 1310; the recipient's 자부담 part never enters the LG's books."""
    if amount <= 0:
        raise InvalidEntry("a payroll execution is a positive amount")
    return JournalEntry(
        entry_id("payroll-executed", lg_code, grant_id, payroll_id),
        lg_code,
        day.year,
        day,
        f"보조금 인건비 집행 {grant_id} {payroll_id}",
        (debit(SUBSIDY_EXPENSE, amount), credit(SUBSIDY_ADVANCE, amount)),
        refs={"grantId": grant_id, "payrollId": payroll_id},
        fund=fund,
    )


def grant_settled(
    *, lg_code: str, grant_id: str, unspent: int, onward: int, day: date, fund: str = GENERAL_FUND
) -> JournalEntry | None:
    """The settled grant's advance closed, gross: its unspent part is expensed with what was executed (Dr 5410 /
    Cr 1310), as the whole 교부 was the year's 세출; what comes back is recognised as it is owed: the LG's part as
    세입 (the revenue context), and the other governments' parts here, owed by the recipient and owed onward
    (Dr 1230 / Cr 2140). ``None`` when both are 0."""
    if unspent < 0 or onward < 0:
        raise InvalidEntry("a grant's unspent advance and its onward 반납 are 0 or more")
    lines = []
    if unspent:
        lines += [debit(SUBSIDY_EXPENSE, unspent), credit(SUBSIDY_ADVANCE, unspent)]
    if onward:
        lines += [debit(OTHER_RECEIVABLES, onward), credit(RETURNS_OWED, onward)]
    if not lines:
        return None
    return JournalEntry(
        entry_id("grant-settled", lg_code, grant_id),
        lg_code,
        day.year,
        day,
        f"보조금 정산 {grant_id}",
        tuple(lines),
        refs={"grantId": grant_id},
        fund=fund,
    )


def recovery_owed(
    *, lg_code: str, grant_id: str, recovery_id: str, onward: int, day: date, fund: str = GENERAL_FUND
) -> JournalEntry | None:
    """환수: the other governments' parts of the public money recovered, owed by the recipient and owed onward
    (Dr 1230 / Cr 2140); the LG's part and the 제재부가금 are its 세입 (the revenue context). ``None`` for 0."""
    if onward < 0:
        raise InvalidEntry("a recovery's onward part is 0 or more")
    if not onward:
        return None
    return JournalEntry(
        entry_id("recovery-owed", lg_code, grant_id, recovery_id),
        lg_code,
        day.year,
        day,
        f"보조금 환수 {grant_id} ({recovery_id})",
        (debit(OTHER_RECEIVABLES, onward), credit(RETURNS_OWED, onward)),
        refs={"grantId": grant_id, "recoveryId": recovery_id},
        fund=fund,
    )
