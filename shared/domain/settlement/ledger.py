"""The ledger's rules (pure: no AWS): a chart of accounts after the 지방자치단체 회계기준, balanced journal entries
with ids from business keys, two-phase transfers, balances, the trial balance, and the business events' entries.

Rules kept, after TigerBeetle:

- An entry's id comes from its business key (``entry_id("claim-accepted", lg, claim)``), so recording it again is a
  no-op; the same id with other content (``content_hash`` differs) is an ``EntryConflict``.
- Every entry balances (sum of debits == sum of credits), and so does its budget part on its own: budget control
  accounts (9xxx) are memorandum accounts that never mix with the financial statements.
- Two phases: a ``pending`` entry reserves its amounts in the pending columns; ``post`` turns them into posted amounts
  and ``void`` releases them, each at most once (``AlreadyFinal`` otherwise). The post or void itself has an id
  (``op_id``), so replaying *the same* post is a no-op like any replay.
- Entries are never edited: a correction is a ``reversal`` (debits and credits swapped), dated when it is made.
- Budget accounts never go negative (``Account.limit``, checked on the final state of a write, as DynamoDB does with
  a condition on the balance item's ``available``).
- A closed month refuses entries, posts and voids dated in it (``PeriodClosed``).

The business events (``claim_accepted`` ... ``closing_entry``) write these lines; amounts are integer won:

=====================  ========  ==============================================================================
event                  phase     lines
=====================  ========  ==============================================================================
budget_authorised      posted    Dr 9100 예산통제 / Cr 9110 예산
commitment             posted    Dr 9110 예산 / Cr 9120 지출원인행위   (9110 may not go below zero)
claim_accepted         pending   Dr expense by nature (5110/5210/5220, or 1510 when capitalised) / Cr 2110 미지급금
                                 [+ Dr 9120 / Cr 9130 with ``budget=True``: execution against the commitments]
claim_accepted         pending   subsidy claims: Dr 5410 보조금 / Cr 1310 선급보조금 (the recipient spends the
  (subsidy=True)                 advance; the LG pays nobody again, so no payable arises)
claim_paid             post      the acceptance, then posted Dr 2110 미지급금 / Cr 1110 현금
claim_returned         void      the acceptance (nothing remains of it)
subsidy_executed       post      the subsidy acceptance: posted Dr 5410 / Cr 1310
late_interest          posted    Dr 5290 지연이자 / Cr 1110 현금
grant_advance          posted    Dr 1310 선급보조금 / Cr 1110 현금 [+ Dr 9120 / Cr 9130 with ``budget=True``:
                                 for a subsidy the 교부 is the budget's execution]
advance_refunded       posted    Dr 1110 현금 / Cr 1310 선급보조금 (정산: the unspent advance comes back)
revenue_received       posted    Dr 1110 현금 / Cr 4110, 4210 or 4310
closing_entry          posted    year end: Dr each revenue / Cr each expense, the difference to 3100 순자산
=====================  ========  ==============================================================================

So that the statements stay right: every financial entry balances, hence at any time
assets = liabilities + net assets + (revenues - expenses), and after ``closing_entry`` assets = liabilities + net
assets (재정상태표). Cash (1110) minus its opening balance is receipts - expenditure, the 세계잉여금 check.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

AccountType = Literal["asset", "liability", "net_assets", "expense", "revenue", "budget"]
Side = Literal["debit", "credit"]
Limit = Literal["debits_must_not_exceed_credits", "credits_must_not_exceed_debits"]
Kind = Literal["posted", "pending"]
State = Literal["posted", "pending", "voided"]
Action = Literal["post", "void"]
Phase = Literal["record", "post", "void"]

# 출납정리기한: the accounts of fiscal year N stay open for cash settlement until 10 February of N + 1.
SETTLEMENT_DEADLINE = (2, 10)


# -- errors ------------------------------------------------------------------------------------------------------


class LedgerError(Exception):
    pass


class InvalidEntry(LedgerError, ValueError):
    """An entry that breaks a rule of double entry (unbalanced, zero, negative, unknown account, ...)."""


class EntryConflict(LedgerError):
    """The id is already recorded with other content (or the post/void id with another post/void)."""


class AlreadyFinal(LedgerError):
    """The pending entry was already posted or voided (by another post/void)."""


class UnknownEntry(LedgerError):
    """A post or void of a pending entry that is not recorded."""


class PeriodClosed(LedgerError):
    """An entry, post or void dated in a closed month."""


class LimitExceeded(LedgerError):
    """A budget account would go negative (e.g. commitments above the authorised budget)."""


# -- chart of accounts -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Account:
    code: str
    name: str  # Korean, as in the statements
    name_en: str
    type: AccountType
    normal: Side  # the side its balance is reported on
    note: str
    limit: Limit | None = None

    @property
    def budget(self) -> bool:
        return self.type == "budget"


_ACCOUNTS = (
    Account(
        "1110",
        "현금및현금성자산",
        "Cash and cash equivalents",
        "asset",
        "debit",
        "금고·은행 예금. Debited by receipts and refunds, credited by every payment (지급).",
    ),
    Account(
        "1310",
        "선급보조금",
        "Subsidy advances",
        "asset",
        "debit",
        "보조금 교부: a grant paid to its recipient ahead of execution; reduced as the recipient executes "
        "(-> 5410) or returns the unspent balance at 정산 (-> 1110).",
    ),
    Account(
        "1510",
        "유형자산",
        "Property, plant and equipment",
        "asset",
        "debit",
        "Capital spending (편성목 401, 404, 405: 시설비, 자산취득비) is capitalised here, not expensed.",
    ),
    Account(
        "2110",
        "미지급금",
        "Payables",
        "liability",
        "credit",
        "Accepted claims owed to suppliers, until the payment run pays them.",
    ),
    Account(
        "2120",
        "미지급비용",
        "Accrued expenses (interest payable)",
        "liability",
        "credit",
        "지연이자 accrued but not yet paid (when interest is not paid together with the claim).",
    ),
    Account(
        "3100",
        "순자산",
        "Net assets",
        "net_assets",
        "credit",
        "기본순자산 and 적립금 together: revenues and expenses are closed to it at year end.",
    ),
    Account("4110", "지방세수익", "Local tax revenue", "revenue", "credit", "지방세 (취득세, 재산세, 주민세, ...)."),
    Account("4210", "세외수익", "Non-tax revenue", "revenue", "credit", "사용료, 수수료, 과징금, 이자수익, ..."),
    Account(
        "4310",
        "교부세·보조금수익",
        "Transfers received",
        "revenue",
        "credit",
        "지방교부세, 조정교부금, 국고·시도비 보조금 received.",
    ),
    Account("5110", "인건비", "Personnel expense", "expense", "debit", "편성목 1xx (보수, 기타직보수, ...)."),
    Account(
        "5210",
        "운영비",
        "Operating expense (goods and services)",
        "expense",
        "debit",
        "편성목 2xx except 203: 일반운영비, 여비, 직무수행경비, 재료비, 연구개발비.",
    ),
    Account("5220", "업무추진비", "Business promotion expense", "expense", "debit", "편성목 203."),
    Account(
        "5290",
        "지연이자",
        "Late-payment interest expense",
        "expense",
        "debit",
        "Interest owed to a supplier paid after the deadline: floor(amount x rate x days / 365).",
    ),
    Account(
        "5310",
        "감가상각비",
        "Depreciation",
        "expense",
        "debit",
        "How capital spending held in 1510 becomes expense over the asset's life (year-end entry).",
    ),
    Account(
        "5410",
        "보조금",
        "Subsidy expense (transfers)",
        "expense",
        "debit",
        "이전경비 (편성목 3xx) and capital transfers (402, 403, 406): recognised when the recipient executes.",
    ),
    Account(
        "9100",
        "예산통제",
        "Budget control",
        "budget",
        "debit",
        "The counterpart of budget authorisations, so that the budget accounts balance among themselves.",
    ),
    Account(
        "9110",
        "예산",
        "Budget authorised (uncommitted)",
        "budget",
        "credit",
        "Credit column: 예산현액 authorised; debit column: commitments. Its balance is the budget not yet "
        "committed, and may never go below zero.",
        "debits_must_not_exceed_credits",
    ),
    Account(
        "9120",
        "지출원인행위",
        "Commitments",
        "budget",
        "credit",
        "Credit column: commitments (contracts, grants); debit column: executions posted and pending. Its "
        "balance is committed but not yet executed, and may never go below zero.",
        "debits_must_not_exceed_credits",
    ),
    Account("9130", "집행", "Expended", "budget", "credit", "Credit column: 지출액 (executions posted)."),
)
CHART: Mapping[str, Account] = {account.code: account for account in _ACCOUNTS}

CASH, SUBSIDY_ADVANCE, FIXED_ASSETS = "1110", "1310", "1510"
PAYABLE, ACCRUED = "2110", "2120"
NET_ASSETS = "3100"
PERSONNEL, OPERATING, PROMOTION, LATE_INTEREST, DEPRECIATION, SUBSIDY_EXPENSE = (
    "5110",
    "5210",
    "5220",
    "5290",
    "5310",
    "5410",
)
BUDGET_CONTROL, BUDGET_AUTHORISED, COMMITMENTS, EXPENDED = "9100", "9110", "9120", "9130"


def account(code: str) -> Account:
    try:
        return CHART[code]
    except KeyError:
        raise InvalidEntry(f"unknown account {code!r}") from None


def expense_account(budget_item: str) -> str:
    """The account a claim debits, from its 편성목 (e.g. ``"201-01"``, ``"307-02"``, ``"401"``)."""
    major = budget_item.strip()[:3]
    if not (len(major) == 3 and major.isdigit()):
        raise InvalidEntry(f"not a 편성목: {budget_item!r}")
    if major[0] == "1":
        return PERSONNEL
    if major == "203":
        return PROMOTION
    if major[0] == "2":
        return OPERATING
    if major[0] == "3" or major in ("402", "403", "406"):
        return SUBSIDY_EXPENSE
    if major[0] == "4":
        return FIXED_ASSETS
    raise InvalidEntry(f"편성목 {budget_item!r} is not an expenditure the ledger maps (5xx-8xx)")


# -- entries -----------------------------------------------------------------------------------------------------


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


def _is_money(value: object) -> bool:
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "refs", dict(sorted(self.refs.items())))
        self._validate()

    def _validate(self) -> None:
        if not self.entry_id or not self.lg_code:
            raise InvalidEntry("an entry needs an id and an LG")
        if self.kind not in ("posted", "pending"):
            raise InvalidEntry(f"kind must be posted or pending, not {self.kind!r}")
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise InvalidEntry("day must be a business date (datetime.date)")
        if not _is_money(self.fy):
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
            if not (_is_money(line.debit) and _is_money(line.credit)):
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
    """sha256 of the entry's canonical JSON (line order does not matter), so that a replay is recognisable."""
    return _digest(
        {
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


# -- balances ----------------------------------------------------------------------------------------------------


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

    def to_dict(self) -> dict[str, object]:
        """The row as the contract (and ``reports.TrialBalanceRow.from_dict``) reads it."""
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


def balances_as_of(stored: Iterable[StoredEntry], as_of: date) -> dict[str, Balance]:
    """The balances as they stood at the end of ``as_of``: entries dated up to it, and a pending entry counted as
    posted or voided only from the day of its post or void."""
    result: dict[str, Balance] = {}
    for item in stored:
        entry = item.entry
        if entry.day > as_of:
            continue
        result = merge(result, effects(entry))
        if item.state != "pending" and entry.kind == "pending" and item.final_day and item.final_day <= as_of:
            result = merge(result, effects(entry, "post" if item.state == "posted" else "void"))
    return {code: value for code, value in result.items() if not value.zero}


# -- business events ---------------------------------------------------------------------------------------------


def _fy(fy: int | None, day: date) -> int:
    return day.year if fy is None else fy


def _positive(amount: int, what: str) -> None:
    if not _is_money(amount) or amount <= 0:
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
) -> JournalEntry:
    """지출원인행위 (a contract, a grant's commitment): Dr 9110 / Cr 9120; refused beyond the uncommitted budget.
    ``carried``: what is left of a contract of the year before, committed again in ``fy`` (사고이월)."""
    _positive(amount, "commitment")
    key, note, own = ((), "", {})
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


def late_interest(
    *, lg_code: str, claim_id: str, amount: int, day: date, fy: int | None = None, refs: Mapping[str, str] | None = None
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
    )


def advance_refunded(
    *, lg_code: str, grant_id: str, amount: int, day: date, fy: int | None = None, refs: Mapping[str, str] | None = None
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
    )


def revenue_received(
    *,
    lg_code: str,
    receipt_id: str,
    amount: int,
    day: date,
    revenue: str = "4110",
    fy: int | None = None,
    refs: Mapping[str, str] | None = None,
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
    )


def closing_entry(*, lg_code: str, fy: int, balances: Iterable[Balance] | Balances, day: date) -> JournalEntry | None:
    """Year end (재정운영표 -> 순자산변동표): close every revenue and expense balance to 3100 순자산. ``None`` when
    there is nothing to close. Record it once every pending entry of the year is posted or voided."""
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
        entry_id("closing", lg_code, fy),
        lg_code,
        fy,
        day,
        f"{fy} 회계연도 마감",
        tuple(lines),
        refs={"closing": str(fy)},
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
    )


# -- sorting out a write against what is recorded ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WriteItem:
    """One item of a ledger transaction: a new entry (Put), a post/void (conditional Update of the pending entry),
    or a new pending entry posted/voided at once (a Put in its final state)."""

    entry: JournalEntry | None = None
    op: PhaseOp | None = None

    @property
    def key(self) -> tuple[str, int, str]:
        if self.entry is not None:
            return self.entry.key
        assert self.op is not None
        return self.op.key

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(x.day for x in (self.entry, self.op) if x is not None)

    @property
    def ledger(self) -> tuple[str, int]:
        lg, fy, _ = self.key
        return lg, fy

    def stored(self) -> StoredEntry:
        assert self.entry is not None
        return StoredEntry.recorded(self.entry, self.op)

    def effects(self) -> dict[str, Balance]:
        return write_effects(self.entry, self.op)


def normalise(entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> list[WriteItem]:
    """The items of a write: duplicates inside it collapsed (or refused), and a post/void of an entry written in
    the same call folded into it (DynamoDB takes one operation per item in a transaction)."""
    items: dict[tuple[str, int, str], WriteItem] = {}
    for entry in entries:
        seen = items.get(entry.key)
        if seen is not None:
            assert seen.entry is not None
            if content_hash(seen.entry) != content_hash(entry):
                raise EntryConflict(f"entry {entry.entry_id} twice with different content")
            continue
        items[entry.key] = WriteItem(entry=entry)
    for op in ops:
        seen = items.get(op.key)
        if seen is None:
            items[op.key] = WriteItem(op=op)
            continue
        if seen.entry is not None and content_hash(seen.entry) != content_hash(op.pending):
            raise EntryConflict(f"{op.action} of entry {op.pending.entry_id} with other content")
        if seen.op is not None:
            if seen.op.op_id != op.op_id:
                raise AlreadyFinal(f"entry {op.pending.entry_id} posted or voided twice in one write")
            if op_hash(seen.op) != op_hash(op):
                raise EntryConflict(f"{op.action} {op.op_id} twice with different content")
            continue
        items[op.key] = WriteItem(entry=seen.entry, op=op)
    return list(items.values())


@dataclass(slots=True)
class Resolution:
    todo: list[WriteItem]
    replayed_entries: list[str] = field(default_factory=list)
    replayed_ops: list[str] = field(default_factory=list)


def resolve(items: Sequence[WriteItem], recorded: Mapping[tuple[str, int, str], StoredEntry]) -> Resolution:
    """Split a write's items against what is recorded: replays dropped (same id and content), conflicts raised
    (``EntryConflict``, ``AlreadyFinal``, ``UnknownEntry``), the rest still to do."""
    result = Resolution([])
    for item in items:
        stored = recorded.get(item.key)
        op = item.op
        if item.entry is not None:
            if stored is None:
                result.todo.append(item)
                continue
            if stored.content_hash != content_hash(item.entry):
                raise EntryConflict(f"entry {item.entry.entry_id} is recorded with other content")
            result.replayed_entries.append(item.entry.entry_id)
            if op is None:
                continue
        assert op is not None
        if stored is None:
            raise UnknownEntry(f"{op.action} of entry {op.pending.entry_id}, which is not recorded")
        if stored.content_hash != content_hash(op.pending):
            raise EntryConflict(f"{op.action} of entry {op.pending.entry_id} with other content than recorded")
        if stored.state == "pending":
            result.todo.append(WriteItem(op=op))
        elif stored.final_by == op.op_id and stored.final_hash == op_hash(op):
            result.replayed_ops.append(op.op_id)
        elif stored.final_by == op.op_id:
            raise EntryConflict(f"{op.action} {op.op_id} is recorded with other content")
        else:
            raise AlreadyFinal(f"entry {op.pending.entry_id} is already {stored.state}")
    return result


# -- an in-memory ledger: the reference the repository is tested against -----------------------------------------


@dataclass(slots=True)
class Recorded:
    """What a write did: entries written and replayed, posts/voids applied and replayed, transactions used."""

    written: list[str] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    finalised: list[str] = field(default_factory=list)
    replayed_ops: list[str] = field(default_factory=list)
    transactions: int = 0
    reads: int = 0


class Ledger:
    """The rules applied to dictionaries: every write all-or-nothing, replays no-ops. ``LedgerRepository`` does the
    same on DynamoDB; tests run both."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int, str], StoredEntry] = {}
        self._balances: dict[tuple[str, int], dict[str, Balance]] = {}
        self.closed: set[tuple[str, str]] = set()

    def record(self, entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> Recorded:
        resolution = resolve(normalise(entries, ops), self.entries)
        for item in resolution.todo:
            for day in item.days:
                if (item.key[0], period_of(day)) in self.closed:
                    raise PeriodClosed(f"{item.key[0]} {period_of(day)} is closed")
        by_ledger: dict[tuple[str, int], list[WriteItem]] = {}
        for item in resolution.todo:
            by_ledger.setdefault(item.ledger, []).append(item)
        updated = {}
        for ledger, items in by_ledger.items():
            before = self._balances.get(ledger, {})
            deltas = merge(*(item.effects() for item in items))
            check_limits(before, deltas)
            updated[ledger] = merge(before, deltas)
        self._balances.update(updated)
        done = Recorded(
            replayed=resolution.replayed_entries,
            replayed_ops=resolution.replayed_ops,
            transactions=1 if resolution.todo else 0,
        )
        for item in resolution.todo:
            if item.entry is not None:
                self.entries[item.key] = item.stored()
                done.written.append(item.entry.entry_id)
            else:
                assert item.op is not None
                self.entries[item.key] = StoredEntry.recorded(item.op.pending, item.op)
            if item.op is not None:
                done.finalised.append(item.op.op_id)
        return done

    def write(self, write: LedgerWrite) -> Recorded:
        return self.record(write.entries, write.ops)

    def post(self, lg_code: str, fy: int, pending_id: str, day: date) -> Recorded:
        return self.record(ops=[post(self._pending(lg_code, fy, pending_id), day)])

    def void(self, lg_code: str, fy: int, pending_id: str, day: date) -> Recorded:
        return self.record(ops=[void(self._pending(lg_code, fy, pending_id), day)])

    def _pending(self, lg_code: str, fy: int, pending_id: str) -> JournalEntry:
        stored = self.entries.get((lg_code, fy, pending_id))
        if stored is None:
            raise UnknownEntry(pending_id)
        return stored.entry

    def close_period(self, lg_code: str, month: str) -> None:
        self.closed.add((lg_code, month))

    def balances(self, lg_code: str, fy: int) -> list[Balance]:
        return sorted(
            (b for b in self._balances.get((lg_code, fy), {}).values() if not b.zero), key=lambda b: b.account
        )

    def trial_balance(self, lg_code: str, fy: int, as_of: date | None = None) -> TrialBalance:
        if as_of is None:
            return trial_balance(self.balances(lg_code, fy))
        stored = [s for (lg, year, _), s in self.entries.items() if (lg, year) == (lg_code, fy)]
        return trial_balance(balances_as_of(stored, as_of))
