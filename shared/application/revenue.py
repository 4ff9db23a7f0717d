"""세입 for LG officials: revenue lines with the budget, and assessments (징수결정), receipts (수납) and write-offs
(불납결손) on them, each with its ledger entry (built by the ledger's postings) in one write. An id sent again with
the same content is the same record (a replay answers it again); with other content it is a 409."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TypeVar

from shared.application.actors import require_official
from shared.application.revenue_checks import (
    check_carried,
    check_day,
    id_taken,
    new_record_id,
    not_covered,
    year_closed,
)
from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.documents import Finding
from shared.domain.errors import Conflict, Invalid, NotFound
from shared.domain.settlement import ledger
from shared.domain.settlement.budget import fund_change_problems
from shared.domain.settlement.fund_transfers import FundTransfer, transfer_problems
from shared.domain.settlement.ports import BudgetStore, OutstandingChanged, OverCommitted, RecordExists, RevenueStore
from shared.domain.settlement.revenue import (
    Assessment,
    Receipt,
    Refund,
    RevenueLine,
    WriteOff,
    collection_year,
    direct_receipt,
    receipt_against,
    revenue_line_problems,
)

Record = TypeVar("Record", Assessment, WriteOff, Refund)
ATTEMPTS = 3  # a receipt racing another receipt of the same assessment reads it again


class RevenueService:
    def __init__(
        self, store: RevenueStore, clock: Callable[[], datetime] | None = None, budgets: BudgetStore | None = None
    ) -> None:
        self._store = store
        self._budgets = budgets  # a transfer's 세출 line (전출금)
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time

    # -- revenue lines ----------------------------------------------------------------------------------------------

    def load_lines(self, actor: Actor, fy: int, lines: list[RevenueLine]) -> list[RevenueLine]:
        require_official(actor)
        problems = revenue_line_problems(lines)
        if problems:
            raise Invalid("The revenue lines are not valid", problems)
        current = {line.line_id: line for line in self._store.revenue_lines(actor.org, fy)}
        moved = fund_change_problems(lines, list(current.values()), "revenueLines")
        if moved:
            raise Conflict("A line cannot move to another 회계", moved)
        merged = [
            current[line.line_id].loaded(line.budget, line.fund, line.code, line.kind, line.name)
            if line.line_id in current
            else line
            for line in lines
        ]
        loaded: list[RevenueLine] = []
        self._write(lambda: loaded.extend(self._store.load_revenue_lines(actor.org, fy, merged)), fy)
        return loaded

    def lines(self, actor: Actor, fy: int) -> list[RevenueLine]:
        require_official(actor)
        return self._store.revenue_lines(actor.org, fy)

    # -- records ----------------------------------------------------------------------------------------------------

    def assess(
        self, actor: Actor, fy: int, line_id: str, amount: int, day: date, due: date | None, assessment_id: str | None
    ) -> Assessment:
        require_official(actor)
        self._check_day(fy, day, "/date")
        line = self._line(actor.org, fy, line_id)
        assessment = Assessment(assessment_id or new_record_id(), actor.org, fy, line_id, amount, day, due)
        entry = ledger.revenue_assessed(
            lg_code=actor.org,
            fy=fy,
            assessment_id=assessment.assessment_id,
            kind=line.kind,
            amount=amount,
            day=day,
            line_id=line_id,
            fund=line.fund,
        )
        try:
            self._write(lambda: self._store.assess(assessment, entry), fy)
        except RecordExists:
            return self._same(self._store.assessment(actor.org, assessment.assessment_id), assessment, "assessment")
        return assessment

    def receive(
        self,
        actor: Actor,
        amount: int,
        day: date,
        assessment_id: str | None,
        line_id: str | None,
        receipt_id: str | None,
    ) -> Receipt:
        require_official(actor)
        receipt_id = receipt_id or new_record_id()
        if (assessment_id is None) == (line_id is None):
            raise Invalid(
                "A receipt settles an assessment or a revenue line",
                [Finding("RECEIPT_TARGET", "give assessmentId (수납 of a 징수결정) or lineId (수납 at once)", "")],
            )
        for _ in range(ATTEMPTS):
            if assessment_id is not None:
                assessment = self._assessment(actor.org, assessment_id)
                receipt = receipt_against(assessment, receipt_id, amount, day)
                self._check_day(receipt.fy, day, "/date")
                if receipt.prior_year:
                    self._check_carried(assessment, receipt.fy, receipt.applied)
                expected: int | None = assessment.outstanding
            else:
                assert line_id is not None
                fy = day.year  # a receipt assessed at once is revenue of the year it arrives in
                self._check_day(fy, day, "/date")
                receipt = direct_receipt(actor.org, self._line(actor.org, fy, line_id), fy, receipt_id, amount, day)
                expected = None
            line = self._line(actor.org, receipt.fy, receipt.line_id)
            entry = ledger.revenue_receipt(
                lg_code=actor.org,
                fy=receipt.fy,
                receipt_id=receipt_id,
                kind=line.kind,
                amount=amount,
                applied=receipt.applied,
                day=day,
                line_id=receipt.line_id,
                direct=receipt.direct,
                fund=line.fund,
            )
            try:
                self._write(partial(self._store.receive, receipt, entry, expected), receipt.fy)
            except RecordExists:
                return self._same_receipt(actor.org, receipt)
            except OutstandingChanged:
                continue
            return receipt
        raise Conflict("The assessment kept changing meanwhile: send the receipt again")

    def receipt_of(self, actor: Actor, receipt_id: str) -> Receipt | None:
        """A receipt of the official's LG by its id, or None."""
        require_official(actor)
        return self._store.receipt(actor.org, receipt_id)

    def write_off(
        self, actor: Actor, assessment_id: str, amount: int, day: date, reason: str, write_off_id: str | None
    ) -> WriteOff:
        require_official(actor)
        assessment = self._assessment(actor.org, assessment_id)
        fy = collection_year(assessment.fy, day)  # after the 출납정리기한: 과년도 결손 of the year holding it
        self._check_day(fy, day, "/date")
        write_off = WriteOff(
            write_off_id or new_record_id(),
            actor.org,
            fy,
            assessment.line_id,
            assessment_id,
            amount,
            day,
            reason,
            prior_year=fy != assessment.fy,
        )
        existing = self._store.write_off_of(actor.org, write_off.write_off_id)
        if existing is not None:
            return self._same(existing, write_off, "write-off")
        if amount > assessment.outstanding:
            raise Invalid(
                "More than is outstanding",
                [
                    Finding(
                        "WRITE_OFF_EXCEEDS_OUTSTANDING",
                        f"{amount:,} won is more than assessment {assessment_id} has outstanding "
                        f"({assessment.outstanding:,})",
                        "/amount",
                    )
                ],
            )
        if write_off.prior_year:
            self._check_carried(assessment, fy, amount)
        line = self._line(actor.org, fy, assessment.line_id)
        entry = ledger.revenue_written_off(
            lg_code=actor.org,
            fy=fy,
            write_off_id=write_off.write_off_id,
            kind=line.kind,
            amount=amount,
            day=day,
            line_id=line.line_id,
            fund=line.fund,
        )
        try:
            self._write(lambda: self._store.write_off(write_off, entry, assessment.outstanding), fy)
        except RecordExists:
            return self._same(self._store.write_off_of(actor.org, write_off.write_off_id), write_off, "write-off")
        except OutstandingChanged:
            raise Conflict("The assessment changed meanwhile (a receipt or write-off): read it and try again") from None
        return write_off

    def refund(
        self, actor: Actor, receipt_id: str, amount: int, day: date, reason: str, refund_id: str | None
    ) -> Refund:
        """과오납금 환급: pay back (part of) what a receipt of the official's LG received beyond its assessment, from
        the 회계 and fiscal year that received it, within that 회계's cash."""
        require_official(actor)
        receipt = self._store.receipt(actor.org, receipt_id)
        if receipt is None:  # another LG's receipt is not found either
            raise NotFound(f"No receipt {receipt_id}")
        self._check_day(receipt.fy, day, "/date")
        if day < receipt.day:
            raise Invalid(
                "Before the receipt",
                [Finding("REVENUE_DATE", f"{day} is before receipt {receipt_id} ({receipt.day})", "/date")],
            )
        refund = Refund(
            refund_id or new_record_id(), actor.org, receipt.fy, receipt.line_id, receipt_id, amount, day, reason
        )
        existing = self._store.refund_of(actor.org, refund.refund_id)
        if existing is not None:
            if existing.receipt_id != refund.receipt_id:
                raise id_taken("refund")
            return self._same(existing, refund, "refund")
        if amount > receipt.refundable:
            raise Invalid(
                "More than was over-received",
                [
                    Finding(
                        "REFUND_EXCEEDS_OVER_RECEIVED",
                        f"{amount:,} won is more than receipt {receipt_id} owes back ({receipt.refundable:,} of "
                        f"{receipt.over:,} over-received)",
                        "/amount",
                    )
                ],
            )
        line = self._line(actor.org, receipt.fy, receipt.line_id)
        entry = ledger.over_receipt_refunded(
            lg_code=actor.org,
            fy=receipt.fy,
            refund_id=refund.refund_id,
            amount=amount,
            day=day,
            line_id=line.line_id,
            receipt_id=receipt_id,
            fund=line.fund,
        )
        try:
            self._write(lambda: self._store.refund(refund, entry, receipt.refunded), receipt.fy)
        except RecordExists:
            stored = self._store.refund_of(actor.org, refund.refund_id)
            if stored is not None and stored.receipt_id != refund.receipt_id:
                raise id_taken("refund") from None
            return self._same(stored, refund, "refund")
        except OutstandingChanged:
            raise Conflict("The receipt was refunded meanwhile: read it and try again") from None
        except ledger.LimitExceeded:
            raise not_covered(
                "CASH_INSUFFICIENT", f"{line.fund}'s cash does not cover the {amount:,} won refund yet"
            ) from None
        return refund

    # -- 전출·전입 ---------------------------------------------------------------------------------------------------

    def transfer(
        self,
        actor: Actor,
        transfer_id: str | None,
        amount: int,
        day: date,
        from_line_id: str,
        to_line_id: str,
        reason: str,
        fy: int | None = None,
    ) -> FundTransfer:
        """Move money from one 회계 of the official's LG to another: the source's 701 line pays it (its budget and
        its cash), the target's transfer line receives it (``shared.domain.settlement.fund_transfers``)."""
        require_official(actor)
        fy = day.year if fy is None else fy
        self._check_day(fy, day, "/date")
        source = self._budgets.line(actor.org, fy, from_line_id) if self._budgets is not None else None
        target = self._store.revenue_line(actor.org, fy, to_line_id)
        problems = transfer_problems(source, target, from_line_id, to_line_id, fy)
        if problems:
            raise Invalid("Not a transfer between two 회계", problems)
        assert source is not None and target is not None
        transfer = FundTransfer(
            transfer_id or new_record_id(),
            actor.org,
            fy,
            day,
            amount,
            from_line_id,
            source.fund,
            to_line_id,
            target.fund,
            reason,
        )
        existing = self._store.transfer_of(actor.org, transfer.transfer_id)
        if existing is not None:
            if not existing.same(transfer):
                raise id_taken("transfer")
            return existing
        try:
            self._write(lambda: self._store.transfer(transfer), fy)
        except RecordExists:
            stored = self._store.transfer_of(actor.org, transfer.transfer_id)
            if stored is None or not stored.same(transfer):
                raise id_taken("transfer") from None
            return stored
        except OverCommitted:
            message = f"line {from_line_id}'s uncommitted budget does not cover the {amount:,} won 전출금"
            raise not_covered("BUDGET_EXCEEDED", message) from None
        except ledger.LimitExceeded:
            raise not_covered("CASH_INSUFFICIENT", f"{source.fund}'s cash does not cover the {amount:,} won") from None
        return transfer

    # -- helpers ----------------------------------------------------------------------------------------------------

    def _check_day(self, fy: int, day: date, path: str) -> None:
        check_day(self._clock().date(), fy, day, path)

    def _check_carried(self, assessment: Assessment, fy: int, amount: int) -> None:
        check_carried(self._store, assessment, fy, amount)

    def _line(self, lg_code: str, fy: int, line_id: str) -> RevenueLine:
        line = self._store.revenue_line(lg_code, fy, line_id)
        if line is None:
            raise Invalid(
                "Unknown revenue line",
                [Finding("REVENUE_LINE_UNKNOWN", f"No revenue line {line_id} in {fy}'s budget", "/lineId")],
            )
        return line

    def _assessment(self, lg_code: str, assessment_id: str) -> Assessment:
        found = self._store.assessment(lg_code, assessment_id)
        if found is None:  # another LG's assessment is not found either: nothing tells it exists
            raise NotFound(f"No assessment {assessment_id}")
        return found

    def _write(self, write: Callable[[], None], fy: int) -> None:
        try:
            write()
        except ledger.FiscalYearClosed:
            raise year_closed(fy, "a revenue record") from None
        except ledger.PeriodClosed as closed:
            raise Conflict(
                "The month is closed (월 마감)",
                [Finding("PERIOD_CLOSED", f"{closed}: a revenue record would be posted into it", "/date")],
            ) from None

    def _same_receipt(self, lg_code: str, receipt: Receipt) -> Receipt:
        stored = self._store.receipt(lg_code, receipt.receipt_id)
        if stored is None or (stored.amount, stored.day, stored.line_id) != (
            receipt.amount,
            receipt.day,
            receipt.line_id,
        ):
            raise id_taken("receipt")
        return stored

    @staticmethod
    def _same(stored: Record | None, wanted: Record, what: str) -> Record:
        """The record already stored under the wanted id, when it is the same one (a replay); else a 409."""
        if stored is None or (stored.amount, stored.day) != (wanted.amount, wanted.day):
            raise id_taken(what)
        return stored
