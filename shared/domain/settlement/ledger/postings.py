"""The business events' entries: what accepting, paying or returning a claim, a commitment, a grant advance,
a receipt or the year's close writes (the table in the package's docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from shared.domain.settlement.ledger.chart import (
    BUDGET_AUTHORISED,
    BUDGET_CONTROL,
    CASH,
    COMMITMENTS,
    EXPENDED,
    FIXED_ASSETS,
    LATE_INTEREST,
    OPERATING,
    PAYABLE,
    SUBSIDY_ADVANCE,
    SUBSIDY_EXPENSE,
    account,
)
from shared.domain.settlement.ledger.entries import (
    GENERAL_FUND,
    JournalEntry,
    LedgerWrite,
    PhaseOp,
    credit,
    debit,
    entry_id,
    is_money,
    post,
    void,
)
from shared.domain.settlement.ledger.errors import InvalidEntry


def _fy(fy: int | None, day: date) -> int:
    return day.year if fy is None else fy


def _positive(amount: int, what: str) -> None:
    if not is_money(amount) or amount <= 0:
        raise InvalidEntry(f"{what}: a positive amount in won (int), not {amount!r}")


def _refs(base: dict[str, str], extra: Mapping[str, str] | None) -> dict[str, str]:
    return {**base, **(extra or {})}


def budget_authorised(
    *,
    lg_code: str,
    fy: int,
    line_id: str,
    amount: int,
    day: date,
    change: str = "original",
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """예산 배정 (or a change to it, ``change`` naming it: 추경, 이월, 전용 ...): Dr 9100 / Cr 9110."""
    _positive(amount, "budget")
    return JournalEntry(
        entry_id("budget", lg_code, fy, line_id, change),
        lg_code,
        fy,
        day,
        f"예산 {line_id} ({change})",
        (debit(BUDGET_CONTROL, amount), credit(BUDGET_AUTHORISED, amount)),
        refs=_refs({"budgetLine": line_id, "change": change}, refs),
        fund=fund,
    )


def budget_changed(
    *, lg_code: str, fy: int, line_id: str, delta: int, day: date, revision: int, fund: str = GENERAL_FUND
) -> JournalEntry:
    """A line's change of 예산현액 (revision ``r<n>``): authorised more (Dr 9100 / Cr 9110, ``budget_authorised``) or
    less (the reverse, Dr 9110 / Cr 9100, which the ledger refuses when it would leave 9110 below what is committed)."""
    change = f"r{revision}"
    if delta > 0:
        return budget_authorised(
            lg_code=lg_code, fy=fy, line_id=line_id, amount=delta, day=day, change=change, fund=fund
        )
    _positive(-delta, "budget decrease")
    return JournalEntry(
        entry_id("budget", lg_code, fy, line_id, change),
        lg_code,
        fy,
        day,
        f"예산 {line_id} 감액 ({change})",
        (debit(BUDGET_AUTHORISED, -delta), credit(BUDGET_CONTROL, -delta)),
        refs={"budgetLine": line_id, "change": change},
        fund=fund,
    )


def commitment(
    *,
    lg_code: str,
    fy: int,
    contract_id: str,
    amount: int,
    day: date,
    carried: bool = False,
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """지출원인행위 (a contract, a grant's commitment): Dr 9110 / Cr 9120; refused beyond the uncommitted budget.
    ``carried``: what is left of a contract of the year before, committed again in ``fy`` (사고이월)."""
    _positive(amount, "commitment")
    key: tuple[str | int, ...] = ()
    note = ""
    own: dict[str, str] = {}
    if carried:  # its own entry in the new year: the original commitment's id stays the old year's
        key, note, own = ("carried", fy), f" (사고이월 from {fy - 1})", {"carriedFrom": str(fy - 1)}
    return JournalEntry(
        entry_id("commitment", lg_code, contract_id, *key),
        lg_code,
        fy,
        day,
        f"지출원인행위 {contract_id}{note}",
        (debit(BUDGET_AUTHORISED, amount), credit(COMMITMENTS, amount)),
        refs=_refs({"contractId": contract_id, **own}, refs),
        fund=fund,
    )


def claim_committed(
    *, lg_code: str, fy: int, claim_id: str, line_id: str, amount: int, day: date, fund: str = GENERAL_FUND
) -> JournalEntry:
    """지출원인행위 of a payment claim without a contract, at its acceptance: Dr 9110 / Cr 9120 on its line."""
    _positive(amount, "commitment")
    return JournalEntry(
        entry_id("claim-commitment", lg_code, claim_id),
        lg_code,
        fy,
        day,
        f"지출원인행위 {claim_id} ({line_id})",
        (debit(BUDGET_AUTHORISED, amount), credit(COMMITMENTS, amount)),
        refs={"claimId": claim_id, "lineId": line_id},
        fund=fund,
    )


def grant_committed(
    *, lg_code: str, fy: int, grant_id: str, line_id: str, amount: int, day: date, fund: str = GENERAL_FUND
) -> JournalEntry:
    """지출원인행위 of a grant's 교부 on one of its lines: Dr 9110 / Cr 9120 (the 교부 then executes it)."""
    _positive(amount, "commitment")
    return JournalEntry(
        entry_id("grant-commitment", lg_code, grant_id, line_id),
        lg_code,
        fy,
        day,
        f"지출원인행위 보조금 {grant_id} ({line_id})",
        (debit(BUDGET_AUTHORISED, amount), credit(COMMITMENTS, amount)),
        refs={"grantId": grant_id, "lineId": line_id},
        fund=fund,
    )


def claim_accepted(
    *,
    lg_code: str,
    claim_id: str,
    amount: int,
    day: date,
    fy: int | None = None,
    expense: str = OPERATING,
    subsidy: bool = False,
    budget: bool = False,
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """A claim accepted: a pending entry reserving the expense and the payable (Dr ``expense`` / Cr 2110), or for a
    subsidy claim the subsidy expense against the recipient's advance (Dr 5410 / Cr 1310). ``expense`` is an
    expense account or 1510 (see ``expense_account``); ``budget`` adds the execution against the commitments."""
    _positive(amount, "claim")
    if subsidy:
        lines = [debit(SUBSIDY_EXPENSE, amount), credit(SUBSIDY_ADVANCE, amount)]
    else:
        if account(expense).type != "expense" and expense != FIXED_ASSETS:
            raise InvalidEntry(f"{expense} is neither an expense nor 1510")
        lines = [debit(expense, amount), credit(PAYABLE, amount)]
    if budget and not subsidy:
        lines += [debit(COMMITMENTS, amount), credit(EXPENDED, amount)]
    kind_ref = {"claimId": claim_id, "claimKind": "subsidy" if subsidy else "payment"}
    return JournalEntry(
        entry_id("claim-accepted", lg_code, claim_id),
        lg_code,
        _fy(fy, day),
        day,
        f"{'보조금 집행' if subsidy else '지급 청구'} 승인 {claim_id}",
        tuple(lines),
        "pending",
        _refs(kind_ref, refs),
        fund=fund,
    )


def claim_paid(
    accepted: JournalEntry, *, day: date, fy: int | None = None, refs: Mapping[str, str] | None = None
) -> LedgerWrite:
    """The payment run paid the claim: post its acceptance, and posted Dr 2110 / Cr 1110 for the payable.
    ``fy`` defaults to the acceptance's (payments up to 10 February close the previous year's payables)."""
    payable = accepted.credited(PAYABLE)
    if accepted.kind != "pending" or payable <= 0:
        raise InvalidEntry(f"entry {accepted.entry_id} is no pending payable (a subsidy claim is executed, not paid)")
    claim_id = accepted.refs.get("claimId", accepted.entry_id)
    paid = JournalEntry(
        entry_id("claim-paid", accepted.lg_code, claim_id),
        accepted.lg_code,
        accepted.fy if fy is None else fy,
        day,
        f"지급 {claim_id}",
        (debit(PAYABLE, payable), credit(CASH, payable)),
        refs=_refs({"claimId": claim_id, "accepted": accepted.entry_id}, refs),
        fund=accepted.fund,
    )
    return LedgerWrite((paid,), (post(accepted, day),))


def claim_returned(accepted: JournalEntry, *, day: date) -> PhaseOp:
    """The claim was returned (반려): its reservation is voided."""
    return void(accepted, day)


def subsidy_executed(accepted: JournalEntry, *, day: date) -> PhaseOp:
    """The recipient's subsidy claim settled: its reservation becomes execution, posted Dr 5410 / Cr 1310."""
    if accepted.credited(SUBSIDY_ADVANCE) <= 0:
        raise InvalidEntry(f"entry {accepted.entry_id} is not a subsidy claim's acceptance")
    return post(accepted, day)


def late_interest_entry(
    *,
    lg_code: str,
    claim_id: str,
    amount: int,
    day: date,
    fy: int | None = None,
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry | None:
    """지연이자 paid with a late payment: Dr 5290 / Cr 1110; ``None`` when the interest rounds down to 0 won."""
    if amount == 0:
        return None
    _positive(amount, "late interest")
    return JournalEntry(
        entry_id("late-interest", lg_code, claim_id),
        lg_code,
        _fy(fy, day),
        day,
        f"지연이자 {claim_id}",
        (debit(LATE_INTEREST, amount), credit(CASH, amount)),
        refs=_refs({"claimId": claim_id}, refs),
        fund=fund,
    )


def grant_advance(
    *,
    lg_code: str,
    grant_id: str,
    amount: int,
    day: date,
    fy: int | None = None,
    tranche: str = "1",
    budget: bool = False,
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """보조금 교부: the grant's money paid to the recipient as an advance, Dr 1310 / Cr 1110 (+ Dr 9120 / Cr 9130
    with ``budget``: for a subsidy the transfer is the budget's execution)."""
    _positive(amount, "grant advance")
    lines = [debit(SUBSIDY_ADVANCE, amount), credit(CASH, amount)]
    if budget:
        lines += [debit(COMMITMENTS, amount), credit(EXPENDED, amount)]
    return JournalEntry(
        entry_id("grant-advance", lg_code, grant_id, tranche),
        lg_code,
        _fy(fy, day),
        day,
        f"보조금 교부 {grant_id}",
        tuple(lines),
        refs=_refs({"grantId": grant_id, "tranche": tranche}, refs),
        fund=fund,
    )


def card_executed(
    *,
    lg_code: str,
    grant_id: str,
    approval_no: str,
    amount: int,
    day: date,
    fy: int | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """A grant's card payment settled from its restricted account (전용카드 집행): the public money's part (지방비),
    Dr 5410 / Cr 1310. The recipient's 자부담 part never enters the LG's books."""
    _positive(amount, "card execution")
    return JournalEntry(
        entry_id("card-executed", lg_code, grant_id, approval_no),
        lg_code,
        _fy(fy, day),
        day,
        f"보조금 전용카드 집행 {grant_id} 승인 {approval_no}",
        (debit(SUBSIDY_EXPENSE, amount), credit(SUBSIDY_ADVANCE, amount)),
        refs={"grantId": grant_id, "approvalNo": approval_no},
        fund=fund,
    )


def card_cancelled(
    *,
    lg_code: str,
    grant_id: str,
    approval_no: str,
    amount: int,
    day: date,
    fy: int | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """A settled card payment cancelled (취소): the card company refunds the restricted account, Dr 1310 / Cr 5410."""
    _positive(amount, "card cancellation")
    return JournalEntry(
        entry_id("card-cancelled", lg_code, grant_id, approval_no),
        lg_code,
        _fy(fy, day),
        day,
        f"보조금 전용카드 승인 취소 {grant_id} 승인 {approval_no}",
        (debit(SUBSIDY_ADVANCE, amount), credit(SUBSIDY_EXPENSE, amount)),
        refs={"grantId": grant_id, "approvalNo": approval_no},
        fund=fund,
    )


def advance_refunded(
    *,
    lg_code: str,
    grant_id: str,
    amount: int,
    day: date,
    fy: int | None = None,
    refs: Mapping[str, str] | None = None,
    fund: str = GENERAL_FUND,
) -> JournalEntry:
    """보조금 정산: the unspent advance returned, Dr 1110 / Cr 1310."""
    _positive(amount, "refund")
    return JournalEntry(
        entry_id("advance-refunded", lg_code, grant_id),
        lg_code,
        _fy(fy, day),
        day,
        f"보조금 반환 {grant_id}",
        (debit(CASH, amount), credit(SUBSIDY_ADVANCE, amount)),
        refs=_refs({"grantId": grant_id}, refs),
        fund=fund,
    )


def reversal(entry: JournalEntry, new_id: str, day: date, fy: int | None = None, reason: str = "") -> JournalEntry:
    """A correction: the entry's lines with debits and credits swapped, dated when the correction is made. A
    pending entry is voided instead."""
    if entry.kind != "posted":
        raise InvalidEntry(f"entry {entry.entry_id} is pending: void it instead of reversing it")
    if day < entry.day:
        raise InvalidEntry("a reversal cannot be dated before the entry it reverses")
    return JournalEntry(
        new_id,
        entry.lg_code,
        entry.fy if fy is None else fy,
        day,
        f"역분개: {entry.description}" + (f" ({reason})" if reason else ""),
        tuple(line.swapped() for line in entry.lines),
        refs={**entry.refs, "reverses": entry.entry_id},
        fund=entry.fund,
    )
