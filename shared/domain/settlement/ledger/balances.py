"""Balances from entries, budget limits, the trial balance and the financial position."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from shared.domain.settlement.ledger.chart import CHART, STATEMENT_SECTIONS, AccountType, account
from shared.domain.settlement.ledger.entries import GENERAL_FUND, JournalEntry, Phase, PhaseOp, StoredEntry
from shared.domain.settlement.ledger.errors import InvalidEntry, LimitExceeded


@dataclass(frozen=True, slots=True)
class Balance:
    """An account's posted and pending debits and credits (a delta when used as one: fields may be negative)."""

    account: str
    debit: int = 0
    credit: int = 0
    pending_debit: int = 0
    pending_credit: int = 0

    def __add__(self, other: Balance) -> Balance:
        if other.account != self.account:
            raise ValueError(f"cannot add {other.account} to {self.account}")
        return Balance(
            self.account,
            self.debit + other.debit,
            self.credit + other.credit,
            self.pending_debit + other.pending_debit,
            self.pending_credit + other.pending_credit,
        )

    @property
    def zero(self) -> bool:
        return not (self.debit or self.credit or self.pending_debit or self.pending_credit)

    @property
    def balance(self) -> int:
        """Posted balance on the account's normal side (negative when on the other side)."""
        net = self.debit - self.credit
        return net if account(self.account).normal == "debit" else -net

    @property
    def available(self) -> int | None:
        """For a limited account, how much more may be debited (or credited); ``None`` when unlimited. Pending
        amounts on the limited side count as used, pending amounts on the other side do not count yet."""
        limit = account(self.account).limit
        if limit == "debits_must_not_exceed_credits":
            return self.credit - self.debit - self.pending_debit
        if limit == "credits_must_not_exceed_debits":
            return self.debit - self.credit - self.pending_credit
        return None


Balances = Mapping[str, Balance]
Books = Mapping[str, Balances]  # 회계 -> its accounts' balances: each 회계 balances on its own


def consolidated(books: Books) -> dict[str, Balance]:
    """The LG's total (합계) of its 회계: their balances added up with the 내부거래 accounts (4910 전입금, 5920
    전출금: ``Account.internal``) eliminated, as the 회계기준 adds 회계 up. A transfer between two of them is both an
    전출금 and an 전입금 of the same amount, so eliminating the two leaves the total as balanced as its parts."""
    merged = merge(*books.values())
    return {code: b for code, b in merged.items() if not CHART[code].internal and not b.zero}


def recognised(balances: Balances) -> dict[str, Balance]:
    """The balances as the statements read them (발생주의, full accrual): on every financial account the pending
    columns count as posted, so an accepted claim not yet paid is an expense and a payable (Dr 5xxx / Cr 2110) from
    its acceptance (검사 and 지출결의 done), and a recipient's accepted execution consumes its advance. The budget
    accounts (9xxx) keep their phases: an execution counts in 지출액 only once it is paid (the budget's 현금주의)."""
    result: dict[str, Balance] = {}
    for code, value in balances.items():
        if not CHART[code].budget and (value.pending_debit or value.pending_credit):
            value = Balance(code, value.debit + value.pending_debit, value.credit + value.pending_credit)
        result[code] = value
    return result


def internal_difference(books: Books) -> int:
    """전입금 - 전출금 over every 회계: 0 when each transfer between two 회계 was recorded on both sides (what the
    total's elimination takes for granted; anything else is reported, not hidden)."""
    merged = merge(*books.values())
    return sum(
        b.balance if CHART[code].type == "revenue" else -b.balance for code, b in merged.items() if CHART[code].internal
    )


def effects(entry: JournalEntry, phase: Phase = "record") -> dict[str, Balance]:
    """What recording (``record``: posted or pending columns, after the entry's kind), posting or voiding an entry
    does to each account, as deltas."""
    if phase != "record" and entry.kind != "pending":
        raise InvalidEntry(f"only pending entries are {phase}ed")
    deltas: dict[str, Balance] = {}
    for line in entry.lines:
        d, c = line.debit, line.credit
        if phase == "record" and entry.kind == "posted":
            delta = Balance(line.account, d, c)
        elif phase == "record":
            delta = Balance(line.account, pending_debit=d, pending_credit=c)
        elif phase == "post":
            delta = Balance(line.account, d, c, -d, -c)
        elif phase == "void":
            delta = Balance(line.account, pending_debit=-d, pending_credit=-c)
        else:
            raise ValueError(f"unknown phase {phase!r}")
        deltas[line.account] = deltas[line.account] + delta if line.account in deltas else delta
    return deltas


def merge(*many: Balances) -> dict[str, Balance]:
    """Per-account sums: many entries' effects merged into one update per account."""
    merged: dict[str, Balance] = {}
    for balances in many:
        for code, value in balances.items():
            merged[code] = merged[code] + value if code in merged else value
    return merged


def apply(balances: Balances, entry: JournalEntry, phase: Phase = "record") -> dict[str, Balance]:
    """The balances after recording, posting or voiding the entry (a new mapping; the input is left alone)."""
    return merge(balances, effects(entry, phase))


def write_effects(entry: JournalEntry | None, op: PhaseOp | None) -> dict[str, Balance]:
    """The deltas of one write item: a new entry, a post/void, or a new pending entry posted/voided at once."""
    if entry is None and op is None:
        return {}
    if entry is None:
        assert op is not None
        return effects(op.pending, op.action)
    if op is None:
        return effects(entry)
    return merge(effects(entry), effects(entry, op.action))


def check_limits(before: Balances, deltas: Balances) -> None:
    """A limited account whose headroom shrinks must not end below zero (what the condition on the balance item's
    ``available`` checks in DynamoDB: ``available >= :decrease``)."""
    for code, delta in deltas.items():
        shrink = delta.available
        if shrink is None or shrink >= 0:
            continue
        now = before.get(code, Balance(code)).available or 0
        if now + shrink < 0:
            raise LimitExceeded(f"{code} {CHART[code].name}: {now} available, {-shrink} asked")


# -- trial balance and statements --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrialBalanceRow:
    account: str
    name: str
    debit: int
    credit: int
    balance: int  # on the account's normal side
    pending_debit: int = 0
    pending_credit: int = 0

    @property
    def type(self) -> AccountType:
        return CHART[self.account].type

    @property
    def section(self) -> str:
        """Its section in the statements (``STATEMENT_SECTIONS``); "" for the budget accounts."""
        return STATEMENT_SECTIONS.get(self.account, "")

    def to_dict(self) -> dict[str, object]:
        """The row as the contract (and ``reports.StatementLine.from_dict``) reads it."""
        return {
            "account": self.account,
            "name": self.name,
            "type": self.type,
            "debit": self.debit,
            "credit": self.credit,
            "balance": self.balance,
            "pendingDebit": self.pending_debit,
            "pendingCredit": self.pending_credit,
        }


@dataclass(frozen=True, slots=True)
class TrialBalance:
    """합계잔액시산표: per account the posted debit and credit totals and the balance; pending columns apart."""

    rows: tuple[TrialBalanceRow, ...]
    total_debit: int
    total_credit: int
    total_pending_debit: int = 0
    total_pending_credit: int = 0

    @property
    def difference(self) -> int:
        return self.total_debit - self.total_credit

    @property
    def balanced(self) -> bool:
        return self.difference == 0 and self.total_pending_debit == self.total_pending_credit

    def to_dict(self) -> dict[str, object]:
        return {
            "rows": [row.to_dict() for row in self.rows],
            "totalDebit": self.total_debit,
            "totalCredit": self.total_credit,
            "totalPendingDebit": self.total_pending_debit,
            "totalPendingCredit": self.total_pending_credit,
            "balanced": self.balanced,
        }


def trial_balance(balances: Iterable[Balance] | Balances, include_budget: bool = True) -> TrialBalance:
    values = list(balances.values()) if isinstance(balances, Mapping) else list(balances)
    rows = tuple(
        TrialBalanceRow(
            b.account, CHART[b.account].name, b.debit, b.credit, b.balance, b.pending_debit, b.pending_credit
        )
        for b in sorted(merge({b.account: b for b in values}).values(), key=lambda b: b.account)
        if not b.zero and (include_budget or not CHART[b.account].budget)
    )
    return TrialBalance(
        rows,
        sum(r.debit for r in rows),
        sum(r.credit for r in rows),
        sum(r.pending_debit for r in rows),
        sum(r.pending_credit for r in rows),
    )


def balances_of(balance: TrialBalance) -> dict[str, Balance]:
    """A trial balance's rows as the balances they were taken from (posted and pending columns)."""
    return {
        row.account: Balance(row.account, row.debit, row.credit, row.pending_debit, row.pending_credit)
        for row in balance.rows
    }


def without(balances: Balances, entry: JournalEntry) -> dict[str, Balance]:
    """The balances as they were before ``entry`` was recorded: a year close run again after its closing entry was
    written reads the year as the closing found it."""
    undone = {
        code: Balance(code, -d.debit, -d.credit, -d.pending_debit, -d.pending_credit)
        for code, d in effects(entry).items()
    }
    return {code: b for code, b in merge(balances, undone).items() if not b.zero}


@dataclass(frozen=True, slots=True)
class Position:
    """The 재정상태표 figures from posted balances (revenues and expenses not yet closed shown apart)."""

    assets: int
    liabilities: int
    net_assets: int
    revenues: int
    expenses: int

    @property
    def surplus(self) -> int:
        return self.revenues - self.expenses

    @property
    def balanced(self) -> bool:
        """assets = liabilities + net assets (+ revenues - expenses while they are not closed)."""
        return self.assets == self.liabilities + self.net_assets + self.surplus


def position(balances: Iterable[Balance] | Balances) -> Position:
    values = list(balances.values()) if isinstance(balances, Mapping) else list(balances)
    totals = {"asset": 0, "liability": 0, "net_assets": 0, "revenue": 0, "expense": 0, "budget": 0}
    for value in values:
        totals[CHART[value.account].type] += value.balance
    return Position(totals["asset"], totals["liability"], totals["net_assets"], totals["revenue"], totals["expense"])


def books_as_of(stored: Iterable[StoredEntry], as_of: date) -> dict[str, dict[str, Balance]]:
    """Each 회계's balances as they stood at the end of ``as_of``: entries dated up to it, and a pending entry
    counted as posted or voided only from the day of its post or void."""
    books: dict[str, dict[str, Balance]] = {}
    for item in stored:
        entry = item.entry
        if entry.day > as_of:
            continue
        result = merge(books.get(entry.fund, {}), effects(entry))
        if item.state != "pending" and entry.kind == "pending" and item.final_day and item.final_day <= as_of:
            result = merge(result, effects(entry, "post" if item.state == "posted" else "void"))
        books[entry.fund] = result
    return {fund: {c: v for c, v in b.items() if not v.zero} for fund, b in sorted(books.items())}


def balances_as_of(stored: Iterable[StoredEntry], as_of: date, fund: str | None = GENERAL_FUND) -> dict[str, Balance]:
    """One 회계's balances at the end of ``as_of`` (``books_as_of``); with ``fund=None`` the LG's total."""
    books = books_as_of(stored, as_of)
    return consolidated(books) if fund is None else books.get(fund, {})
