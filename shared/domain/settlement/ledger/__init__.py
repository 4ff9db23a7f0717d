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
- A closed month refuses entries, posts and voids dated in it (``PeriodClosed``); a finally closed fiscal year
  refuses every entry, post and void of that year, whatever its date (``FiscalYearClosed``).

The business events (``claim_accepted`` ... ``closing_entry``) write these lines; amounts are integer won:

=====================  ========  ==============================================================================
event                  phase     lines
=====================  ========  ==============================================================================
budget_authorised      posted    Dr 9100 예산통제 / Cr 9110 예산
budget_changed         posted    the change of a line's 예산현액: budget_authorised, or Dr 9110 / Cr 9100 for less
commitment             posted    Dr 9110 예산 / Cr 9120 지출원인행위   (9110 may not go below zero)
claim_committed        posted    the same for a payment claim without a contract, at its acceptance
grant_committed        posted    the same for a grant's 교부 on each of its lines
claim_accepted         pending   Dr expense by nature (5110/5210/5220, or 1510 when capitalised) / Cr 2110 미지급금
                                 [+ Dr 9120 / Cr 9130 with ``budget=True``: execution against the commitments]
claim_accepted         pending   subsidy claims: Dr 5410 보조금 / Cr 1310 선급보조금 (the recipient spends the
  (subsidy=True)                 advance; the LG pays nobody again, so no payable arises)
claim_paid             post      the acceptance, then posted Dr 2110 미지급금 / Cr 1110 현금
claim_returned         void      the acceptance (nothing remains of it)
subsidy_executed       post      the subsidy acceptance: posted Dr 5410 / Cr 1310
late_interest_entry    posted    Dr 5290 지연이자 / Cr 1110 현금
grant_advance          posted    Dr 1310 선급보조금 / Cr 1110 현금 [+ Dr 9120 / Cr 9130 with ``budget=True``:
                                 for a subsidy the 교부 is the budget's execution]
card_executed          posted    Dr 5410 보조금 / Cr 1310 선급보조금 (a grant's card payment: the public part only)
payroll_executed       posted    Dr 5410 / Cr 1310 (a grant's payroll, 인건비: the public part only)
grant_settled          posted    Dr 5410 / Cr 1310 (unspent advance, gross) + Dr 1230 / Cr 2140 (반납 owed onward)
recovery_owed          posted    Dr 1230 / Cr 2140 (환수: the other governments' parts, owed onward)
card_cancelled         posted    Dr 1310 / Cr 5410 (the card payment cancelled: the card company refunds the account)
advance_refunded       posted    Dr 1110 현금 / Cr 1310 선급보조금 (정산: the unspent advance comes back)
revenue_received       posted    Dr 1110 현금 / Cr 4110, 4210 or 4310
revenue_assessed       posted    징수결정: Dr the kind's receivable (1210 지방세, 1220 세외, 1230 other) / Cr revenue by
                                 nature (4110, 4210, 4310, 4910 전입금) or, for a bond, 2210 지방채
revenue_receipt        posted    수납: Dr 1110 / Cr the receivable (what the assessment had outstanding) and Cr 2130
                                 과오납금 (the rest); a direct receipt: Dr 1110 / Cr the revenue itself
revenue_written_off    posted    불납결손: Dr 5910 대손상각비 / Cr the receivable
over_receipt_refunded  posted    과오납금 환급: Dr 2130 과오납금 / Cr 1110 현금
fund_transfer          posted    내부거래, two entries: in the source 회계 Dr 5920 전출금 / Cr 1110, in the target Dr
                                 1110 / Cr 4910 전입금
accrual_entry          posted    year end (31 December), a final close: what the year's acceptances left pending (unpaid
                                 at its 출납정리기한), Dr expense / Cr 2110 (Dr 5410 / Cr 1310), posted for good
closing_entry          posted    year end (31 December): Dr each revenue / Cr each expense, the difference to 3100
                                 순자산
opening_entry          posted    the next year's 1 January: each asset, liability and net-asset balance the closed
                                 year leaves (기초잔액)
=====================  ========  ==============================================================================

Every entry belongs to one 회계 (``JournalEntry.fund``, the 일반회계 unless named) and each 회계 keeps its own
balances: its cash and budget accounts are limited on their own. The LG's total is ``consolidated``: the 회계 added
up with 4910 and 5920 eliminated.

So that the statements stay right: every financial entry balances, hence at any time
assets = liabilities + net assets + (revenues - expenses), and after ``closing_entry`` assets = liabilities + net
assets (재정상태표). Cash (1110) minus its opening balance is receipts - expenditure, the 세계잉여금 check.
"""

from __future__ import annotations

from shared.domain.settlement.ledger.balances import (
    Balance,
    Balances,
    Books,
    Position,
    TrialBalance,
    TrialBalanceRow,
    apply,
    balances_as_of,
    balances_of,
    books_as_of,
    check_limits,
    consolidated,
    effects,
    internal_difference,
    merge,
    position,
    recognised,
    trial_balance,
    without,
    write_effects,
)
from shared.domain.settlement.ledger.chart import (
    ACCRUED,
    BUDGET_AUTHORISED,
    BUDGET_CONTROL,
    CASH,
    CHART,
    COMMITMENTS,
    DEPRECIATION,
    EXPENDED,
    FIXED_ASSETS,
    LATE_INTEREST,
    NET_ASSETS,
    OPERATING,
    PAYABLE,
    PERSONNEL,
    PROMOTION,
    RECEIVABLES,
    STATEMENT_SECTIONS,
    SUBSIDY_ADVANCE,
    SUBSIDY_EXPENSE,
    TRANSFER_IN,
    TRANSFER_OUT,
    Account,
    AccountType,
    Limit,
    Side,
    account,
    expense_account,
    line_program_cost,
    revenue_accounts,
)
from shared.domain.settlement.ledger.entries import (
    GENERAL_FUND,
    SETTLEMENT_DEADLINE,
    Action,
    EntryLine,
    JournalEntry,
    Kind,
    LedgerWrite,
    Phase,
    PhaseOp,
    State,
    StoredEntry,
    check_in_fiscal_year,
    content_hash,
    credit,
    debit,
    entry_id,
    fiscal_period,
    fund_key,
    is_fiscal_period,
    is_year_end,
    op_hash,
    pending,
    period_of,
    post,
    void,
)
from shared.domain.settlement.ledger.errors import (
    AlreadyFinal,
    EntryConflict,
    FiscalYearClosed,
    InvalidEntry,
    LedgerError,
    LimitExceeded,
    PeriodClosed,
    UnknownEntry,
)
from shared.domain.settlement.ledger.grant_postings import grant_settled, payroll_executed, recovery_owed
from shared.domain.settlement.ledger.memory import Ledger, Recorded
from shared.domain.settlement.ledger.postings import (
    advance_refunded,
    budget_authorised,
    budget_changed,
    card_cancelled,
    card_executed,
    claim_accepted,
    claim_committed,
    claim_paid,
    claim_returned,
    commitment,
    grant_advance,
    grant_committed,
    late_interest_entry,
    reversal,
    subsidy_executed,
)
from shared.domain.settlement.ledger.revenue_postings import (
    over_receipt_refunded,
    revenue_assessed,
    revenue_receipt,
    revenue_received,
    revenue_written_off,
)
from shared.domain.settlement.ledger.transfers import fund_transfer
from shared.domain.settlement.ledger.writes import Resolution, WriteItem, normalise, resolve
from shared.domain.settlement.ledger.year_end import (
    accrual_entry,
    accrual_entry_id,
    closing_entry,
    closing_entry_id,
    opening_entry,
    opening_entry_id,
)

__all__ = [
    "accrual_entry",
    "accrual_entry_id",
    "ACCRUED",
    "Account",
    "AccountType",
    "Action",
    "AlreadyFinal",
    "BUDGET_AUTHORISED",
    "BUDGET_CONTROL",
    "Balance",
    "Balances",
    "CASH",
    "CHART",
    "COMMITMENTS",
    "DEPRECIATION",
    "EXPENDED",
    "EntryConflict",
    "EntryLine",
    "FIXED_ASSETS",
    "InvalidEntry",
    "JournalEntry",
    "Kind",
    "LATE_INTEREST",
    "Ledger",
    "LedgerError",
    "LedgerWrite",
    "Limit",
    "LimitExceeded",
    "NET_ASSETS",
    "OPERATING",
    "PAYABLE",
    "PERSONNEL",
    "PROMOTION",
    "RECEIVABLES",
    "STATEMENT_SECTIONS",
    "FiscalYearClosed",
    "PeriodClosed",
    "Phase",
    "PhaseOp",
    "Position",
    "Recorded",
    "Resolution",
    "SETTLEMENT_DEADLINE",
    "SUBSIDY_ADVANCE",
    "SUBSIDY_EXPENSE",
    "Side",
    "State",
    "StoredEntry",
    "TrialBalance",
    "TrialBalanceRow",
    "UnknownEntry",
    "WriteItem",
    "account",
    "advance_refunded",
    "card_cancelled",
    "card_executed",
    "grant_settled",
    "payroll_executed",
    "recovery_owed",
    "apply",
    "balances_as_of",
    "books_as_of",
    "Books",
    "consolidated",
    "recognised",
    "internal_difference",
    "GENERAL_FUND",
    "fund_key",
    "TRANSFER_IN",
    "TRANSFER_OUT",
    "fund_transfer",
    "closing_entry_id",
    "budget_authorised",
    "budget_changed",
    "check_in_fiscal_year",
    "check_limits",
    "claim_accepted",
    "claim_paid",
    "claim_returned",
    "closing_entry",
    "opening_entry",
    "opening_entry_id",
    "balances_of",
    "without",
    "is_year_end",
    "claim_committed",
    "commitment",
    "content_hash",
    "credit",
    "debit",
    "effects",
    "entry_id",
    "expense_account",
    "line_program_cost",
    "revenue_accounts",
    "grant_advance",
    "grant_committed",
    "late_interest_entry",
    "merge",
    "normalise",
    "op_hash",
    "pending",
    "fiscal_period",
    "is_fiscal_period",
    "period_of",
    "position",
    "post",
    "resolve",
    "revenue_assessed",
    "revenue_receipt",
    "revenue_received",
    "revenue_written_off",
    "over_receipt_refunded",
    "reversal",
    "subsidy_executed",
    "trial_balance",
    "void",
    "write_effects",
]
