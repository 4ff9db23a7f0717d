"""세입 records in the settlement table (``shared.domain.settlement.ports.RevenueStore``): each assessment, receipt
or write-off is one transaction with its ledger entry, the assessment's outstanding amount (conditional on what
the caller read) and the revenue line's totals, so the line's 징수결정액 = 수납액 + 불납결손액 + 미수납액 always."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb import budget_models
from shared.adapters.dynamodb.budget_models import BudgetLineItem
from shared.adapters.dynamodb.budget_repository import BudgetRepository, budget_key
from shared.adapters.dynamodb.ledger_models import PeriodItem, period_key
from shared.adapters.dynamodb.ledger_repository.writes import LedgerWrites
from shared.adapters.dynamodb.revenue_items import (
    assessment_item,
    assessment_of,
    carried_covers,
    carried_in_actions,
    carried_settles,
    line_of,
    receipt_of,
    transfer_from_item,
    transfer_item,
    write_off_of,
)
from shared.adapters.dynamodb.revenue_models import (
    AssessmentItem,
    ReceiptItem,
    RefundItem,
    RevenueLineItem,
    TransferItem,
    WriteOffItem,
    bind,
    record_key,
    revenue_key,
)
from shared.domain.settlement.budget import LineCommitment
from shared.domain.settlement.fund_transfers import FundTransfer
from shared.domain.settlement.ledger import (
    FiscalYearClosed,
    JournalEntry,
    LimitExceeded,
    PeriodClosed,
    fiscal_period,
    period_of,
)
from shared.domain.settlement.ports import OutstandingChanged, OverCommitted, RecordExists
from shared.domain.settlement.revenue import Assessment, Receipt, Refund, RevenueLine, WriteOff


class RevenueRepository:
    def __init__(self, table: str, region: str) -> None:
        bind(table, region)
        budget_models.bind(table, region)  # a transfer commits its 세출 line in the same transaction
        self._connection = Connection(region=region)

    # -- reads ------------------------------------------------------------------------------------------------------

    def revenue_lines(self, lg_code: str, fy: int) -> list[RevenueLine]:
        return [
            line_of(item)
            for item in RevenueLineItem.query(
                revenue_key(lg_code, fy), RevenueLineItem.sk.startswith("LINE#"), consistent_read=True
            )
        ]

    def revenue_line(self, lg_code: str, fy: int, line_id: str) -> RevenueLine | None:
        try:
            return line_of(RevenueLineItem.get(revenue_key(lg_code, fy), f"LINE#{line_id}", consistent_read=True))
        except RevenueLineItem.DoesNotExist:
            return None

    def assessment(self, lg_code: str, assessment_id: str) -> Assessment | None:
        try:
            item = AssessmentItem.get(
                record_key("ASSESSMENT", lg_code, assessment_id), "ASSESSMENT", consistent_read=True
            )
        except AssessmentItem.DoesNotExist:
            return None
        return assessment_of(item)

    def receipt(self, lg_code: str, receipt_id: str) -> Receipt | None:
        try:
            item = ReceiptItem.get(record_key("RECEIPT", lg_code, receipt_id), "RECEIPT", consistent_read=True)
        except ReceiptItem.DoesNotExist:
            return None
        return receipt_of(item)

    def refund_of(self, lg_code: str, refund_id: str) -> Refund | None:
        try:
            item = RefundItem.get(record_key("REFUND", lg_code, refund_id), "REFUND", consistent_read=True)
        except RefundItem.DoesNotExist:
            return None
        return Refund(
            item.refund_id,
            item.lg_code,
            int(item.fy),
            item.line_id,
            item.receipt_id,
            int(item.amount),
            date.fromisoformat(item.day),
            item.reason,
        )

    def refund(self, refund: Refund, entry: JournalEntry, expected_refunded: int) -> None:
        """The refund, the receipt's and the line's refunded totals and its ledger entry (Dr 2130 / Cr 1110) in one
        transaction. Refused: the id taken (``RecordExists``), the receipt refunded meanwhile
        (``OutstandingChanged``), or else the 회계's cash short (``LimitExceeded``, from the ledger's condition)."""

        def write(tx: TransactWrite) -> None:
            tx.save(
                RefundItem(
                    record_key("REFUND", refund.lg_code, refund.refund_id),
                    "REFUND",
                    refund_id=refund.refund_id,
                    lg_code=refund.lg_code,
                    fy=refund.fy,
                    line_id=refund.line_id,
                    receipt_id=refund.receipt_id,
                    amount=refund.amount,
                    day=refund.day.isoformat(),
                    reason=refund.reason,
                ),
                condition=RefundItem.pk.does_not_exist(),
            )
            unchanged = (
                ReceiptItem.refunded == expected_refunded
                if expected_refunded
                else ReceiptItem.refunded.does_not_exist()
            )
            tx.update(
                ReceiptItem(record_key("RECEIPT", refund.lg_code, refund.receipt_id), "RECEIPT"),
                actions=[ReceiptItem.refunded.add(refund.amount)],
                condition=unchanged,
            )
            tx.update(
                self._line_key(refund.lg_code, refund.fy, refund.line_id),
                actions=[RevenueLineItem.refunded.add(refund.amount)],
                condition=RevenueLineItem.pk.exists(),
            )

        try:
            self._commit(write, entry, lambda: self.refund_of(refund.lg_code, refund.refund_id) is not None)
        except OutstandingChanged:
            current = self.receipt(refund.lg_code, refund.receipt_id)
            if current is not None and current.refunded == expected_refunded:  # not the receipt: the cash
                raise LimitExceeded(f"{entry.fund} 1110 cannot pay {refund.amount:,} won back") from None
            raise

    def write_off_of(self, lg_code: str, write_off_id: str) -> WriteOff | None:
        try:
            item = WriteOffItem.get(record_key("WRITEOFF", lg_code, write_off_id), "WRITEOFF", consistent_read=True)
        except WriteOffItem.DoesNotExist:
            return None
        return write_off_of(item)

    # -- writes -----------------------------------------------------------------------------------------------------

    def load_revenue_lines(self, lg_code: str, fy: int, lines: list[RevenueLine]) -> list[RevenueLine]:
        """Load or reload the year's revenue lines (what was assessed and received on them stays), all in one
        transaction that also checks the fiscal year is not finally closed (``FiscalYearClosed``)."""
        try:
            self._load(lg_code, fy, lines)
        except TransactWriteError as error:
            raise FiscalYearClosed(f"fiscal year {fy} is closed for LG {lg_code}") from error
        found = {line.line_id: line for line in self.revenue_lines(lg_code, fy)}
        return [found[line.line_id] for line in lines]

    def _load(self, lg_code: str, fy: int, lines: list[RevenueLine]) -> None:
        with TransactWrite(connection=self._connection) as tx:
            tx.condition_check(
                PeriodItem, period_key(lg_code), fiscal_period(fy), condition=PeriodItem.pk.does_not_exist()
            )
            for line in lines:
                tx.update(
                    RevenueLineItem(revenue_key(lg_code, fy), f"LINE#{line.line_id}"),
                    actions=[
                        RevenueLineItem.line_id.set(line.line_id),
                        RevenueLineItem.fund.set(line.fund),
                        RevenueLineItem.code.set(line.code),
                        RevenueLineItem.kind.set(line.kind),
                        RevenueLineItem.name.set(line.name),
                        RevenueLineItem.budget.set(line.budget),
                        RevenueLineItem.assessed.set(RevenueLineItem.assessed | 0),
                        RevenueLineItem.received.set(RevenueLineItem.received | 0),
                        RevenueLineItem.written_off.set(RevenueLineItem.written_off | 0),
                        RevenueLineItem.over_received.set(RevenueLineItem.over_received | 0),
                    ],
                )

    def assess(self, assessment: Assessment, entry: JournalEntry) -> None:
        def write(tx: TransactWrite) -> None:
            tx.save(assessment_item(assessment), condition=AssessmentItem.pk.does_not_exist())
            tx.update(
                self._line_key(assessment.lg_code, assessment.fy, assessment.line_id),
                actions=[RevenueLineItem.assessed.add(assessment.amount)],
                condition=RevenueLineItem.pk.exists(),
            )

        self._commit(write, entry, lambda: self.assessment(assessment.lg_code, assessment.assessment_id) is not None)

    def receive(self, receipt: Receipt, entry: JournalEntry, expected_outstanding: int | None) -> None:
        def write(tx: TransactWrite) -> None:
            self._receipt_writes(tx, receipt, expected_outstanding)

        self._commit(write, entry, lambda: self.receipt(receipt.lg_code, receipt.receipt_id) is not None)

    def write_off(self, write_off: WriteOff, entry: JournalEntry, expected_outstanding: int) -> None:
        def write(tx: TransactWrite) -> None:
            tx.save(
                WriteOffItem(
                    record_key("WRITEOFF", write_off.lg_code, write_off.write_off_id),
                    "WRITEOFF",
                    write_off_id=write_off.write_off_id,
                    lg_code=write_off.lg_code,
                    fy=write_off.fy,
                    line_id=write_off.line_id,
                    assessment_id=write_off.assessment_id,
                    amount=write_off.amount,
                    day=write_off.day.isoformat(),
                    reason=write_off.reason,
                    prior_year=write_off.prior_year or None,
                ),
                condition=WriteOffItem.pk.does_not_exist(),
            )
            tx.update(
                AssessmentItem(record_key("ASSESSMENT", write_off.lg_code, write_off.assessment_id), "ASSESSMENT"),
                actions=[
                    AssessmentItem.written_off.add(write_off.amount),
                    AssessmentItem.outstanding.add(-write_off.amount),
                ],
                condition=AssessmentItem.outstanding == expected_outstanding,
            )
            actions: list[Action] = [RevenueLineItem.written_off.add(write_off.amount)]
            tx.update(
                self._line_key(write_off.lg_code, write_off.fy, write_off.line_id),
                actions=actions + carried_settles(write_off.amount) if write_off.prior_year else actions,
                condition=carried_covers(write_off.amount) if write_off.prior_year else RevenueLineItem.pk.exists(),
            )

        self._commit(write, entry, lambda: self.write_off_of(write_off.lg_code, write_off.write_off_id) is not None)

    def _receipt_writes(self, tx: TransactWrite, receipt: Receipt, expected_outstanding: int | None) -> None:
        """A receipt's own items and its line's totals (and, received at once, its own assessment)."""
        tx.save(
            ReceiptItem(
                record_key("RECEIPT", receipt.lg_code, receipt.receipt_id),
                "RECEIPT",
                receipt_id=receipt.receipt_id,
                lg_code=receipt.lg_code,
                fy=receipt.fy,
                line_id=receipt.line_id,
                assessment_id=receipt.assessment_id,
                amount=receipt.amount,
                applied=receipt.applied,
                day=receipt.day.isoformat(),
                direct=receipt.direct,
                prior_year=receipt.prior_year or None,
            ),
            condition=ReceiptItem.pk.does_not_exist(),
        )
        line_actions: list[Action] = [
            RevenueLineItem.received.add(receipt.applied),
            RevenueLineItem.over_received.add(receipt.over),
        ]
        if expected_outstanding is None:  # assessed and received at once
            own = Assessment(
                receipt.assessment_id,
                receipt.lg_code,
                receipt.fy,
                receipt.line_id,
                receipt.amount,
                receipt.day,
                received=receipt.applied,
            )
            tx.save(assessment_item(own), condition=AssessmentItem.pk.does_not_exist())
            line_actions.append(RevenueLineItem.assessed.add(receipt.amount))
        else:
            tx.update(
                AssessmentItem(record_key("ASSESSMENT", receipt.lg_code, receipt.assessment_id), "ASSESSMENT"),
                actions=[
                    AssessmentItem.received.add(receipt.applied),
                    AssessmentItem.outstanding.add(-receipt.applied),
                ],
                condition=AssessmentItem.outstanding == expected_outstanding,
            )
        if receipt.prior_year:  # 과년도 수입: settles what the previous year carried in
            line_actions += carried_settles(receipt.applied)
        tx.update(
            self._line_key(receipt.lg_code, receipt.fy, receipt.line_id),
            actions=line_actions,
            condition=carried_covers(receipt.applied) if receipt.prior_year else RevenueLineItem.pk.exists(),
        )

    def carry_receivables(self, lg_code: str, fy: int, lines: list[RevenueLine]) -> None:
        """The final close of ``fy``: each line's 미수납액 carried into ``fy + 1``'s line of the same id (created, with
        no 세입예산액, where the budget has none) as its 전년도 이월. Absolute figures, so a close run again changes
        nothing more (what was settled of the carry since is kept). One update per line."""
        for line in lines:
            if line.outstanding <= 0:
                continue
            self._line_key(lg_code, fy + 1, line.line_id).update(actions=carried_in_actions(line))

    # -- 전출·전입 ---------------------------------------------------------------------------------------------------

    def transfer_of(self, lg_code: str, transfer_id: str) -> FundTransfer | None:
        try:
            item = TransferItem.get(record_key("TRANSFER", lg_code, transfer_id), "TRANSFER", consistent_read=True)
        except TransferItem.DoesNotExist:
            return None
        return transfer_from_item(item)

    def transfers(self, lg_code: str, fy: int) -> list[FundTransfer]:
        """The year's transfers between its 회계 (one Query of its revenue partition)."""
        return [
            transfer_from_item(item)
            for item in TransferItem.query(
                revenue_key(lg_code, fy), TransferItem.sk.startswith("TRANSFER#"), consistent_read=True
            )
        ]

    def transfer(self, transfer: FundTransfer) -> None:
        """The transfer in one transaction: its record (twice: by id, and in its year), the source line's
        commitment and execution (only if its uncommitted budget covers it), the target line's receipt assessed at
        once, and both 회계's ledger entries. Refused: the id taken (``RecordExists``), the source line without
        the room (``OverCommitted``), a closed period or year, or else the source 회계's cash short
        (``LimitExceeded``)."""
        entries = list(transfer.entries())

        def write(tx: TransactWrite) -> None:
            for pk, sk in (
                (record_key("TRANSFER", transfer.lg_code, transfer.transfer_id), "TRANSFER"),
                (revenue_key(transfer.lg_code, transfer.fy), f"TRANSFER#{transfer.transfer_id}"),
            ):
                tx.save(transfer_item(pk, sk, transfer), condition=TransferItem.pk.does_not_exist())
            commitment = LineCommitment(transfer.lg_code, transfer.fy, transfer.from_line_id, transfer.amount)
            BudgetRepository.add_line_commitment(tx, commitment, spend=True)
            self._receipt_writes(tx, transfer.receipt(), None)

        try:
            self._commit(write, entries, lambda: self.transfer_of(transfer.lg_code, transfer.transfer_id) is not None)
        except OutstandingChanged:
            try:
                line = BudgetLineItem.get(
                    budget_key(transfer.lg_code, transfer.fy), f"LINE#{transfer.from_line_id}", consistent_read=True
                )
            except BudgetLineItem.DoesNotExist:
                raise OverCommitted(transfer.from_line_id) from None
            if int(line.uncommitted or 0) < transfer.amount:
                raise OverCommitted(transfer.from_line_id) from None
            raise LimitExceeded(f"{transfer.from_fund} 1110 cannot pay {transfer.amount:,} won") from None

    # -- one transaction with the ledger ----------------------------------------------------------------------------

    @staticmethod
    def _line_key(lg_code: str, fy: int, line_id: str) -> RevenueLineItem:
        return RevenueLineItem(revenue_key(lg_code, fy), f"LINE#{line_id}")

    def _commit(
        self,
        write: Callable[[TransactWrite], None],
        entry: JournalEntry | list[JournalEntry],
        exists: Callable[[], bool],
    ) -> None:
        """The record's own items and its ledger entry in one transaction; a cancellation is explained: the id
        taken (``RecordExists``), a closed period or year (``PeriodClosed``, ``FiscalYearClosed``), or else the
        assessment changed meanwhile (``OutstandingChanged``)."""
        entries = entry if isinstance(entry, list) else [entry]
        entry = entries[0]
        try:
            with TransactWrite(connection=self._connection) as tx:
                write(tx)
                LedgerWrites.add_to(tx, LedgerWrites.plan(entries))
        except TransactWriteError as error:
            if exists():
                raise RecordExists(entry.entry_id) from error
            closed = {item.month for item in PeriodItem.query(period_key(entry.lg_code), consistent_read=True)}
            if fiscal_period(entry.fy) in closed:
                raise FiscalYearClosed(f"fiscal year {entry.fy} is closed for LG {entry.lg_code}") from error
            if period_of(entry.day) in closed:
                raise PeriodClosed(f"{entry.day:%Y-%m} is closed for LG {entry.lg_code}") from error
            raise OutstandingChanged(entry.entry_id) from error
