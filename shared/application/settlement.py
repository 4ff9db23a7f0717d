"""Budgets, contracts and the ledger for officials: load a fiscal year's budget lines, register contracts as
commitments, read the trial balance."""

from __future__ import annotations

from datetime import date

from shared.application.actors import require_official
from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.documents import Finding
from shared.domain.documents.brn import is_valid_brn
from shared.domain.errors import Conflict, Invalid, NotFound
from shared.domain.settlement import ledger
from shared.domain.settlement.budget import (
    BudgetLine,
    Contract,
    carried_in_problems,
    entry_day,
    explicit_approval_problems,
    fund_change_problems,
)
from shared.domain.settlement.ledger import FiscalYearClosed, PeriodClosed
from shared.domain.settlement.ports import BudgetStore, ContractExists, LedgerStore, LineUnknown, OverCommitted


class BudgetService:
    def __init__(self, repository: BudgetStore) -> None:
        self._repo = repository

    def load_budget(self, actor: Actor, fy: int, lines: list[BudgetLine]) -> list[BudgetLine]:
        require_official(actor)
        ids = [line.line_id for line in lines]
        if len(set(ids)) != len(ids):
            raise Invalid("Line ids repeat", [Finding("BUDGET_LINE_REPEATED", "Each lineId appears once", "/lines")])
        negative = [line.line_id for line in lines if line.budget_current < 0]
        if negative:
            raise Invalid(
                "Negative budget", [Finding("BUDGET_NEGATIVE", f"예산현액 below zero: {', '.join(negative)}", "/lines")]
            )
        moved = fund_change_problems(lines, self._repo.lines(actor.org, fy), "lines")
        if moved:
            raise Conflict("A line cannot move to another 회계", moved)
        approvals = explicit_approval_problems(lines)
        if approvals:
            raise Invalid("명시이월 beyond the budget", approvals)
        carried = carried_in_problems(fy, lines, self._repo.lines(actor.org, fy - 1))
        if carried:
            raise Invalid("전년도이월액 differs from the year close", carried)
        try:
            return self._repo.load(actor.org, fy, lines, _day_in(fy))
        except FiscalYearClosed as closed:
            raise year_closed(closed, "a budget change") from None
        except PeriodClosed as closed:
            raise Conflict(
                "The month is closed (월 마감)",
                [Finding("PERIOD_CLOSED", f"{closed}: a budget change would be posted into it", "")],
            ) from None
        except OverCommitted as refused:
            raise Invalid(
                "Below commitments",
                [
                    Finding(
                        "BUDGET_BELOW_COMMITMENTS",
                        f"Lines {refused} would fall below what is already committed",
                        "/lines",
                    )
                ],
            ) from None

    def add_contract(
        self, actor: Actor, contract_id: str, fy: int | None, supplier_brn: str, amount: int, line_id: str
    ) -> Contract:
        """A contract commits ``fy``'s line (without ``fy``: this fiscal year, Seoul's)."""
        require_official(actor)
        if fy is None:
            fy = calendar.now_seoul().year
        if not is_valid_brn(supplier_brn):
            raise Invalid("Bad BRN", [Finding("KR-BRN", f"{supplier_brn} is not a valid BRN", "/supplierBrn")])
        contract = Contract(contract_id, actor.org, fy, supplier_brn, amount, line_id)
        try:
            self._repo.add_contract(contract, _day_in(fy))
        except ContractExists:
            raise Conflict(f"Contract {contract_id} already exists") from None
        except FiscalYearClosed as closed:
            raise year_closed(closed, "a commitment") from None
        except LineUnknown:
            raise Invalid(
                "Unknown line", [Finding("BUDGET_LINE_UNKNOWN", f"No budget line {line_id} in {fy}", "/lineId")]
            ) from None
        except OverCommitted:
            raise Invalid(
                "Over the budget",
                [
                    Finding(
                        "COMMITMENT_EXCEEDS_BUDGET",
                        f"{amount:,} won is more than line {line_id} has uncommitted",
                        "/amount",
                    )
                ],
            ) from None
        return contract


def year_closed(closed: FiscalYearClosed, what: str) -> Conflict:
    """409 ``FISCAL_YEAR_CLOSED``: the year's final close has run, and nothing more is written into it."""
    return Conflict(
        "The fiscal year is closed (결산 확정)",
        [Finding("FISCAL_YEAR_CLOSED", f"{closed}: {what} would be written into a finally closed year", "")],
    )


def _day_in(fy: int) -> date:
    """The business day to date a budget or commitment entry: today, kept inside the fiscal year."""
    return entry_day(fy, calendar.now_seoul().date())


class LedgerService:
    """What an official reads of the ledger: the trial balance of the LG's fiscal year."""

    def __init__(self, ledger: LedgerStore) -> None:
        self._ledger = ledger

    def trial_balance(self, actor: Actor, as_of: date | None, fund: str | None = None) -> dict[str, object]:
        """Without ``as_of``: today's balances (Seoul); with it, the entries dated up to that day. One 회계's, or
        without ``fund`` the LG's total (합계, 내부거래 eliminated)."""
        require_official(actor)
        day = as_of or calendar.now_seoul().date()
        books = self._ledger.books(actor.org, day.year, as_of=as_of)
        if fund is not None and fund not in books:
            raise NotFound(f"No 회계 {fund} in the ledger's {day.year}")
        balance = ledger.trial_balance(
            ledger.consolidated(books) if fund is None else books[fund], include_budget=False
        )
        return {
            "asOf": day.isoformat(),
            "fund": fund or "합계",
            "funds": sorted(books),
            "accounts": [row.to_dict() for row in balance.rows],
            "totals": {"debit": balance.total_debit, "credit": balance.total_credit},
            "balanced": balance.balanced,
        }
