"""Journal entries (balanced, ids from business keys, content hashes) and their two phases (pending, post,
void), and what one business event writes (``LedgerWrite``) and what is stored of an entry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from shared.domain.settlement.ledger.chart import account
from shared.domain.settlement.ledger.errors import InvalidEntry

Kind = Literal["posted", "pending"]
State = Literal["posted", "pending", "voided"]
Action = Literal["post", "void"]
Phase = Literal["record", "post", "void"]

# 출납정리기한: the accounts of fiscal year N stay open for cash settlement until 10 February of N + 1.
SETTLEMENT_DEADLINE = (2, 10)

# 회계 (fund): an LG keeps one set of books per 회계 (지방회계법 §3: the 일반회계 and 특별회계 of 지방재정법 §9, and
# the 기금), each balancing on its own. An entry belongs to one 회계; money between two of them is two entries
# written together (내부거래: 전출금 in the one, 전입금 in the other), eliminated when the 회계 are added up (our
# reading of how the 회계기준 adds 회계 up). An entry that names none is the 일반회계's (what was written before the
# ledger kept 회계 apart).
GENERAL_FUND = "일반회계"


def fund_key(fund: str) -> tuple[str, ...]:
    """What an id built from a business key adds for a 회계 other than the 일반회계 (whose ids stay as they were
    before the ledger kept 회계 apart)."""
    return () if fund == GENERAL_FUND else (fund,)


@dataclass(frozen=True, slots=True)
class EntryLine:
    account: str
    debit: int = 0
    credit: int = 0

    def swapped(self) -> EntryLine:
        return EntryLine(self.account, self.credit, self.debit)


def debit(code: str, amount: int) -> EntryLine:
    return EntryLine(code, debit=amount)


def credit(code: str, amount: int) -> EntryLine:
    return EntryLine(code, credit=amount)


def is_money(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """An immutable, balanced journal entry. ``day`` is the business date (Asia/Seoul); ``fy`` its fiscal year,
    ``day`` falling between 1 January of ``fy`` and the 출납정리기한 (10 February of ``fy + 1``)."""

    entry_id: str
    lg_code: str
    fy: int
    day: date
    description: str
    lines: tuple[EntryLine, ...]
    kind: Kind = "posted"
    refs: dict[str, str] = field(default_factory=dict)
    fund: str = GENERAL_FUND  # 회계

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "refs", dict(sorted(self.refs.items())))
        self._validate()

    def _validate(self) -> None:
        if not self.entry_id or not self.lg_code:
            raise InvalidEntry("an entry needs an id and an LG")
        if not isinstance(self.fund, str) or not self.fund.strip() or len(self.fund) > 60:
            raise InvalidEntry(f"entry {self.entry_id}: a 회계 (fund) is a name of 1 to 60 characters")
        if self.kind not in ("posted", "pending"):
            raise InvalidEntry(f"kind must be posted or pending, not {self.kind!r}")
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise InvalidEntry("day must be a business date (datetime.date)")
        if not is_money(self.fy):
            raise InvalidEntry("fy must be an int")
        check_in_fiscal_year(self.fy, self.day)
        if any(not isinstance(k, str) or not isinstance(v, str) for k, v in self.refs.items()):
            raise InvalidEntry("refs map strings to strings")
        if len(self.lines) < 2:
            raise InvalidEntry(f"entry {self.entry_id}: at least two lines")
        totals = {False: [0, 0], True: [0, 0]}  # budget part?, [debits, credits]
        for line in self.lines:
            if not isinstance(line, EntryLine):
                raise InvalidEntry("lines are EntryLine")
            known = account(line.account)
            if not (is_money(line.debit) and is_money(line.credit)):
                raise InvalidEntry(f"entry {self.entry_id}: amounts are integer won")
            if line.debit < 0 or line.credit < 0 or (line.debit > 0) == (line.credit > 0):
                raise InvalidEntry(f"entry {self.entry_id}: each line is one positive debit or one positive credit")
            totals[known.budget][0] += line.debit
            totals[known.budget][1] += line.credit
        for budget_part, (debits, credits) in totals.items():
            if debits != credits:
                part = "budget" if budget_part else "financial"
                raise InvalidEntry(f"entry {self.entry_id}: {part} debits {debits} != credits {credits}")

    @property
    def key(self) -> tuple[str, int, str]:
        return self.lg_code, self.fy, self.entry_id

    @property
    def book(self) -> tuple[str, int, str]:
        """The books the entry is kept in: LG, fiscal year and 회계."""
        return self.lg_code, self.fy, self.fund

    @property
    def amount(self) -> int:
        """The entry's size: its total debits."""
        return sum(line.debit for line in self.lines)

    def credited(self, code: str) -> int:
        return sum(line.credit for line in self.lines if line.account == code)

    def debited(self, code: str) -> int:
        return sum(line.debit for line in self.lines if line.account == code)


def check_in_fiscal_year(fy: int, day: date) -> None:
    month, dom = SETTLEMENT_DEADLINE
    if not date(fy, 1, 1) <= day <= date(fy + 1, month, dom):
        raise InvalidEntry(f"{day} is outside fiscal year {fy} (1 January to {fy + 1}-{month:02d}-{dom:02d})")


def entry_id(*business_key: object) -> str:
    """A deterministic id from the business key: the same event always gets the same id."""
    if not business_key:
        raise ValueError("a business key has at least one part")
    parts = [part.isoformat() if isinstance(part, date) else str(part) for part in business_key]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def _digest(document: object) -> str:
    canonical = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def content_hash(entry: JournalEntry) -> str:
    """sha256 of the entry's canonical JSON (line order does not matter), so that a replay is recognisable. The
    일반회계 is not named in it, so an entry hashes as it did before the ledger kept 회계 apart."""
    fund = {} if entry.fund == GENERAL_FUND else {"fund": entry.fund}
    return _digest(
        fund
        | {
            "entryId": entry.entry_id,
            "lgCode": entry.lg_code,
            "fy": entry.fy,
            "day": entry.day.isoformat(),
            "description": entry.description,
            "kind": entry.kind,
            "refs": entry.refs,
            "lines": sorted([line.account, line.debit, line.credit] for line in entry.lines),
        }
    )


def period_of(day: date) -> str:
    """The month a day falls in, as closed periods are keyed (``yyyy-mm``)."""
    return f"{day.year:04d}-{day.month:02d}"


def fiscal_period(fy: int) -> str:
    """A whole fiscal year as a closed period is keyed (``FY2026``): closed by the year's final close."""
    return f"FY{fy:04d}"


def is_fiscal_period(period: str) -> bool:
    return period.startswith("FY")


YEAR_END_REFS = frozenset({"closing", "opening"})  # the refs that mark a year's closing and next year's opening


def is_year_end(entry: JournalEntry) -> bool:
    """A 결산's own entry: the year's closing entry (마감분개) or the next year's opening balances (기초잔액). Our
    reading: a month close locks the month's transactions, not the 결산 made after it, so these are refused only
    by the fiscal year's own final close, not by a closed month (they are dated the year's last and first days)."""
    return not YEAR_END_REFS.isdisjoint(entry.refs)


# -- two phases --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseOp:
    """Post or void a pending entry, on ``day``. ``op_id`` identifies this post/void: replaying it is a no-op, any
    other post or void of the same entry is ``AlreadyFinal``."""

    action: Action
    pending: JournalEntry
    day: date
    op_id: str = ""

    def __post_init__(self) -> None:
        if self.action not in ("post", "void"):
            raise InvalidEntry(f"action must be post or void, not {self.action!r}")
        if self.pending.kind != "pending":
            raise InvalidEntry(f"entry {self.pending.entry_id} is not pending: only a pending entry is {self.action}ed")
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise InvalidEntry("day must be a business date (datetime.date)")
        if self.day < self.pending.day:
            raise InvalidEntry(f"cannot {self.action} entry {self.pending.entry_id} before its day {self.pending.day}")
        check_in_fiscal_year(self.pending.fy, self.day)
        if not self.op_id:
            object.__setattr__(self, "op_id", entry_id(self.action, self.pending.lg_code, self.pending.entry_id))

    @property
    def key(self) -> tuple[str, int, str]:
        return self.pending.key

    @property
    def state(self) -> State:
        return "posted" if self.action == "post" else "voided"


def op_hash(op: PhaseOp) -> str:
    return _digest(
        {
            "opId": op.op_id,
            "action": op.action,
            "day": op.day.isoformat(),
            "pending": op.pending.entry_id,
            "pendingHash": content_hash(op.pending),
        }
    )


def pending(entry: JournalEntry) -> JournalEntry:
    """The entry as a reservation (two-phase transfer, phase one)."""
    return replace(entry, kind="pending")


def post(entry: JournalEntry, day: date, op_id: str = "") -> PhaseOp:
    """Phase two: the pending amounts become posted."""
    return PhaseOp("post", entry, day, op_id)


def void(entry: JournalEntry, day: date, op_id: str = "") -> PhaseOp:
    """Phase two: the reservation is released."""
    return PhaseOp("void", entry, day, op_id)


@dataclass(frozen=True, slots=True)
class LedgerWrite:
    """What one business event writes: new entries and posts/voids. A repository never splits one across
    transactions."""

    entries: tuple[JournalEntry, ...] = ()
    ops: tuple[PhaseOp, ...] = ()

    def __add__(self, other: LedgerWrite) -> LedgerWrite:
        return LedgerWrite(self.entries + other.entries, self.ops + other.ops)

    @staticmethod
    def of(*parts: JournalEntry | PhaseOp | LedgerWrite | None) -> LedgerWrite:
        write = LedgerWrite()
        for part in parts:
            if isinstance(part, JournalEntry):
                write += LedgerWrite(entries=(part,))
            elif isinstance(part, PhaseOp):
                write += LedgerWrite(ops=(part,))
            elif isinstance(part, LedgerWrite):
                write += part
        return write


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """A recorded entry and where it stands: ``state`` pending/posted/voided; ``final_*`` tell which post or void
    made a pending entry final, and on which day."""

    entry: JournalEntry
    state: State
    content_hash: str
    final_day: date | None = None
    final_by: str | None = None
    final_hash: str | None = None

    @staticmethod
    def recorded(entry: JournalEntry, op: PhaseOp | None = None) -> StoredEntry:
        if op is None:
            return StoredEntry(entry, entry.kind, content_hash(entry))
        return StoredEntry(entry, op.state, content_hash(entry), op.day, op.op_id, op_hash(op))
