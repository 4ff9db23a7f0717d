"""The settlement context's ports, in the domain's terms: the budget store, the ledger's reads and closes, the run
store, the report store and the run queue (implemented by ``shared.adapters``: DynamoDB, S3, SQS), and the
refusals of the budget store (raised by ``shared.adapters.dynamodb.budget_repository``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the ports are types only: the adapters that import this module load none of these
    from shared.domain.settlement.budget import BudgetLine, Contract
    from shared.domain.settlement.fund_transfers import FundTransfer
    from shared.domain.settlement.ledger import Balance, JournalEntry, PhaseOp, Recorded, StoredEntry, TrialBalance
    from shared.domain.settlement.revenue import Assessment, Receipt, Refund, RevenueLine, WriteOff
    from shared.domain.settlement.runs import Payment, Run


class LineUnknown(Exception):
    pass


class OverCommitted(Exception):
    """The line's uncommitted budget is less than the contract's amount (or a reload would go below commitments):
    ``line_ids`` are the lines refused, the message names them too."""

    def __init__(self, *line_ids: str) -> None:
        super().__init__(", ".join(line_ids))
        self.line_ids = line_ids


class ContractExists(Exception):
    pass


class RecordExists(Exception):
    """An assessment, receipt or write-off id already recorded (with other content, or the same: the caller reads
    it back to tell a replay)."""


class OutstandingChanged(Exception):
    """The assessment's outstanding amount changed since it was read (another receipt or write-off): read again."""


class RevenueStore(Protocol):
    """세입: revenue lines per LG and fiscal year, and the assessments, receipts and write-offs on them
    (``shared.adapters.dynamodb.revenue_repository.RevenueRepository``). Each record is written with its ledger
    entry and the line's and assessment's totals in one transaction; a closed period or fiscal year refuses it
    (``PeriodClosed``, ``FiscalYearClosed``)."""

    def revenue_lines(self, lg_code: str, fy: int) -> list[RevenueLine]: ...

    def revenue_line(self, lg_code: str, fy: int, line_id: str) -> RevenueLine | None: ...

    def load_revenue_lines(self, lg_code: str, fy: int, lines: list[RevenueLine]) -> list[RevenueLine]: ...

    def assessment(self, lg_code: str, assessment_id: str) -> Assessment | None: ...

    def receipt(self, lg_code: str, receipt_id: str) -> Receipt | None: ...

    def write_off_of(self, lg_code: str, write_off_id: str) -> WriteOff | None: ...

    def assess(self, assessment: Assessment, entry: JournalEntry) -> None:
        """Raises ``RecordExists`` when the id is taken."""

    def receive(self, receipt: Receipt, entry: JournalEntry, expected_outstanding: int | None) -> None:
        """A receipt against an assessment (``expected_outstanding`` as read: ``OutstandingChanged`` otherwise), or
        a direct one (None: its own assessment is written with it). ``RecordExists`` when the id is taken."""

    def write_off(self, write_off: WriteOff, entry: JournalEntry, expected_outstanding: int) -> None: ...

    def refund_of(self, lg_code: str, refund_id: str) -> Refund | None: ...

    def carry_receivables(self, lg_code: str, fy: int, lines: list[RevenueLine]) -> None:
        """A final close: each line's 미수납액 becomes the next year's line's 전년도 이월 (absolute, idempotent)."""

    def refund(self, refund: Refund, entry: JournalEntry, expected_refunded: int) -> None:
        """A refund of a receipt's over-received part (``expected_refunded`` as read: ``OutstandingChanged``
        otherwise); ``RecordExists`` when the id is taken, ``LimitExceeded`` when the 회계's cash is short."""

    def transfer_of(self, lg_code: str, transfer_id: str) -> FundTransfer | None: ...

    def transfers(self, lg_code: str, fy: int) -> list[FundTransfer]: ...

    def transfer(self, transfer: FundTransfer) -> None:
        """A 전출·전입 with both 회계's entries, the source line's commitment and execution and the target line's
        receipt; ``RecordExists`` when the id is taken, ``OverCommitted`` when the source line lacks the room,
        ``LimitExceeded`` when the source 회계's cash is short."""


class BudgetStore(Protocol):
    """Budget lines (예산현액, and what is committed and spent of them) and contracts, per LG and fiscal year
    (``shared.adapters.dynamodb.budget_repository.BudgetRepository``). Loads and commitments post their ledger
    entries in the same write."""

    def lines(self, lg_code: str, fy: int) -> list[BudgetLine]: ...

    def line(self, lg_code: str, fy: int, line_id: str) -> BudgetLine | None: ...

    def load(self, lg_code: str, fy: int, lines: list[BudgetLine], day: date) -> list[BudgetLine]:
        """Load or reload a year's lines; raises ``OverCommitted`` (naming the lines refused, the others loaded)
        or ``PeriodClosed`` (the month of ``day`` is closed)."""
        ...

    def record_carry_over(self, lg_code: str, fy: int, carry_over: dict[str, int]) -> None: ...

    def add_contract(self, contract: Contract, day: date) -> None:
        """Raises ``ContractExists``, ``LineUnknown`` or ``OverCommitted``."""
        ...

    def contract(self, lg_code: str, contract_id: str) -> Contract | None: ...

    def contracts(self, lg_code: str, contract_ids: list[str]) -> dict[str, Contract]: ...

    def year_contracts(self, lg_code: str, fy: int) -> list[Contract]: ...

    def carry_contract(self, contract: Contract, day: date) -> bool:
        """사고이월 of what is left of the contract into the next year; False when it changed or the line lacks the
        room."""
        ...


class LedgerStore(Protocol):
    """What the services read and close of the ledger (``shared.adapters.dynamodb.ledger_repository``); the
    payment run writes its entries through its own unit of work."""

    def trial_balance(
        self, lg_code: str, fy: int, as_of: date | None = None, include_budget: bool = True, fund: str | None = None
    ) -> TrialBalance:
        """One 회계's trial balance, or with ``fund=None`` the LG's total (내부거래 eliminated)."""
        ...

    def books(self, lg_code: str, fy: int, as_of: date | None = None) -> dict[str, dict[str, Balance]]:
        """Each 회계's balances by account (as of the end of ``as_of`` when given)."""
        ...

    def close_period(self, lg_code: str, month: str, closed_by: str | None = None) -> bool:
        """Close a month (``yyyy-mm``); False if it was closed already."""
        ...

    def closed_periods(self, lg_code: str) -> list[str]: ...

    def entry(self, lg_code: str, fy: int, entry_id: str) -> StoredEntry | None:
        """One recorded entry of a fiscal year's ledger, or None."""
        ...

    def record(self, entries: Sequence[JournalEntry] = (), ops: Sequence[PhaseOp] = ()) -> Recorded:
        """Write entries (and posts/voids) at once, all or nothing; a replay of what is recorded changes nothing.
        The year close writes its closing and opening entries so."""
        ...


class RunStore(Protocol):
    """Settlement runs and what their payment chunks paid (``shared.adapters.dynamodb.run_repository``)."""

    def create(self, run: Run) -> tuple[Run, bool]:
        """The run, or the one already started with its id (False: nothing new)."""
        ...

    def get(self, run_id: str) -> Run | None: ...

    def existing(self, run_ids: list[str]) -> list[Run]: ...

    def payments(self, run_id: str) -> list[Payment]: ...

    def finish(
        self,
        run_id: str,
        status: str,
        at: str,
        reports: list[str],
        counts: dict[str, int] | None = None,
        totals: dict[str, int] | None = None,
        error: str | None = None,
    ) -> None: ...


class ReportStore(Protocol):
    """Run reports, bank transfer files and published indicators, by key (``shared.adapters.document_store``)."""

    def put_report(self, key: str, body: str, content_type: str) -> str: ...

    def get_report(self, key: str) -> str: ...

    def presign_report(self, key: str, expires_in: int = 900) -> str: ...


class RunQueue(Protocol):
    """Where a run's next step is enqueued (``shared.adapters.eventbridge.SqsQueue``)."""

    def send(self, body: dict[str, object]) -> None: ...
