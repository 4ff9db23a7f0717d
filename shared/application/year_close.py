"""The year close (연 결산, or a provisional 가결산) of a settlement run: 예산결산 (the 세입·세출 결산 per line),
재무결산 (the statements), the two checks of the books against the records, and for a final close the year-end
entries, the carry-over into the next year, the 정산 of ended grants, the lock of the year and the
published indicators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shared.application.run_reports import paid_runs, timeliness, treasury_checks, write_reports
from shared.application.year_close_figures import (
    carried_cash,
    carried_over_by_type,
    receivables,
    split_program_cost,
    unpaid,
)
from shared.domain.settlement import ledger, render, reports
from shared.domain.settlement.budget import (
    BudgetLine,
    carried_into_next_year,
    carry_over_problems,
    contracts_to_carry,
    entry_day,
    open_contract_amounts,
)
from shared.domain.settlement.fiscal_year import settlement_deadline, year_end
from shared.domain.settlement.ledger import fiscal_period
from shared.domain.settlement.ports import (
    BudgetStore,
    LedgerStore,
    OverCommitted,
    ReportStore,
    RevenueStore,
    RunStore,
)
from shared.domain.settlement.runs import Run, run_id
from shared.domain.subsidy.ports import GrantSettlementStore


class YearClose:
    def __init__(
        self,
        runs: RunStore,
        books: LedgerStore,
        budgets: BudgetStore,
        grants: GrantSettlementStore,
        documents: ReportStore,
        interest_rate: Decimal,
        clock: Callable[[], datetime],
        revenue: RevenueStore | None = None,
    ) -> None:
        self._runs = runs
        self._ledger = books
        self._budgets = budgets
        self._grants = grants
        self._documents = documents
        self._rate = interest_rate
        self._clock = clock
        self._revenue = revenue

    def close(self, run: Run) -> None:
        """A year close (연 결산): the 세입·세출 결산, the statements and the checks of the books against the records;
        a final one also closes the books, carries into the next year, settles ended grants, locks the year and
        publishes its indicators. A final close on books that disagree with their records fails, locking nothing."""
        fy = run.as_of.year
        lines = self._budgets.lines(run.lg_code, fy)
        contracts = self._budgets.year_contracts(run.lg_code, fy)
        open_contracts = open_contract_amounts(contracts, fy, run.carry_over)
        # checked at the start too; payments came since
        problems = carry_over_problems(lines, run.carry_over, open_contracts)
        if problems:
            raise ValueError("; ".join(problem.message for problem in problems))
        settled = reports.budget_settlement(
            lines,
            {line.line_id: reports.LineExecution(line.expended, run.carry_over.get(line.line_id, 0)) for line in lines},
            fy=fy,
            as_of=run.as_of,
        )
        by_type = carried_over_by_type(lines, run.carry_over, open_contracts)
        for row in settled["lines"]:
            row["carriedOverByType"] = by_type[row["lineId"]]
        settled["total"]["carriedOverByType"] = {
            kind: sum(split[kind] for split in by_type.values()) for kind in ("explicit", "accident", "continuing")
        }
        # a final close covers every entry of the year, the 출납정리기간's included; a provisional one, to its date
        through = run.as_of if run.provisional else settlement_deadline(fy)
        # a provisional close dated before 31 December never read the year-end entries of a closed year
        before_year_end = run.provisional and run.as_of < year_end(fy)
        read = {
            fund: balances if before_year_end else self._before_closing(run.lg_code, fy, fund, balances)
            # a final close reads the balances, not the entries: no entry of the year is dated after its
            # 출납정리기한, so they are the books as of it (a provisional close reads the entries up to its date)
            for fund, balances in self._ledger.books(
                run.lg_code, fy, as_of=run.as_of if run.provisional else None
            ).items()
        }
        # 발생주의: the statements, the closing entry and the next year's opening count every accepted claim, paid or
        # not (its pending expense and payable); the budget accounts count only what was paid
        books = {fund: ledger.recognised(balances) for fund, balances in read.items()}
        closed = ledger.consolidated(books)  # the LG's total: 내부거래 eliminated
        rows = ledger.trial_balance(closed, include_budget=False).rows
        fund_rows = {fund: ledger.trial_balance(b, include_budget=False).rows for fund, b in books.items()}
        # what the previous year's final close carried in, from its own records (not from this ledger's opening)
        previous = self._runs.get(run_id(run.lg_code, "year-close", year_end(fy - 1)))
        carried_in = previous.totals if previous is not None and previous.status == "SUCCEEDED" else {}
        by_fund = {
            fund: reports.financial_statements(
                fund_rows[fund],
                opening_net_assets=carried_in.get(f"netAssets@{fund}"),
                restricted=reports.restricted_fund(fund),
            )
            for fund in fund_rows
        }
        statements = reports.financial_statements(
            rows,
            opening_net_assets=carried_in.get("netAssets"),
            restricted_net_assets=sum(
                reports.section_amount(s, "특정순자산") for f, s in by_fund.items() if reports.restricted_fund(f)
            ),
            fixed_net_assets=sum(reports.section_amount(s, "고정순자산") for s in by_fund.values()),
        )
        # 사업순원가 by 분야, from the lines' recognised costs (a provisional close reads the lines as they are now)
        unexplained = split_program_cost(lines, statements, by_fund)
        revenue_lines = self._revenue.revenue_lines(run.lg_code, fy) if self._revenue else []
        revenue = reports.revenue_settlement(revenue_lines)
        runs = paid_runs(self._runs, run.lg_code, date(fy, 1, 1), through)
        transfers = self._revenue.transfers(run.lg_code, fy) if self._revenue else []
        reconciliation, execution = treasury_checks(
            fy, lines, revenue, fund_rows, runs, carried_cash(carried_in), transfers
        )
        reconciliation["internalDifference"] = ledger.internal_difference(books)  # 전입금 - 전출금: 0 when matched
        lg_grants = self._grants.lg_grants(run.lg_code)
        # 정산 covers the LG's own grants whose period ended within this fiscal year, by the close's date: not
        # national ones (their own system settles them), not those still running, not earlier years' (settled then)
        settled_grants = [
            g for g in lg_grants if g.source == "local" and g.period.end.year == fy and g.period.end <= run.as_of
        ]
        grants = reports.grant_settlement(
            [
                reports.GrantSettlementInput(  # 교부액 and 집행액 of the public money: 자부담 is not the LG's
                    g.grant_id, tuple(g.granted(b) for b in g.budget), sum(b.funded for b in g.budget), g.funding_shares
                )
                for g in settled_grants
            ]
        )
        paid_on_time = timeliness(runs, self._rate)
        notes = reports.statement_notes(
            receivables=receivables(books, revenue_lines),
            carried_over=settled["total"]["carriedOverByType"],
            carried_lines=[
                {k: line[k] for k in ("lineId", "fund", "carriedOver", "carriedOverByType")}
                for line in settled["lines"]
            ],
            unpaid={fund: unpaid(balances) for fund, balances in read.items()},
        )
        report = {
            "lgCode": run.lg_code,
            "fy": fy,
            "asOf": run.as_of.isoformat(),
            "provisional": run.provisional,
            "budgetSettlement": settled,
            "revenueSettlement": revenue,
            "summary": reports.fund_summary(revenue["lines"], settled["lines"]),
            **statements,
            "statementsByFund": reports.fund_statement_rows(by_fund),
            "fundStatements": by_fund,
            "notes": notes,
            "reconciliation": reconciliation,
            "executionCheck": execution,
            "grantSettlement": grants,
            "timeliness": paid_on_time,
            "lines": [
                {
                    k: line[k]
                    for k in ("lineId", "budgetCurrent", "expended", "carriedOver", "carriedOverByType", "unused")
                }
                for line in settled["lines"]
            ],
        }
        failures = reports.check_failures(reconciliation, execution)
        if reconciliation["internalDifference"]:  # a 전입금 without its 전출금 (or the reverse): the total is wrong
            failures.append(
                f"내부거래: 전입금 and 전출금 differ by {reconciliation['internalDifference']:,} won across the 회계"
            )
        failures += unexplained
        if not statements["balanced"]:
            failures.append(f"the LG's statements do not balance (difference {statements['difference']:,} won)")
        if failures and not run.provisional:  # 결산 is not signed on books that disagree with their own records
            names = write_reports(
                self._documents, run, "year-close", report, settled["lines"], reports.BUDGET_LINE_COLUMNS
            )
            error = "the books disagree with the records: " + "; ".join(failures)
            self._runs.finish(run.run_id, "FAILED", self._clock().isoformat(), names, error=error)
            return
        if not run.provisional:
            report["yearEnd"] = self._close_the_books(run.lg_code, fy, books, read)
            report["carriedInto"] = self.carry_into_next_year(run.lg_code, fy, lines, run.carry_over)
            if self._revenue is not None:  # 미수납액 -> next year's 전년도 이월 (과년도 수입 is collected there)
                self._revenue.carry_receivables(run.lg_code, fy, revenue_lines)
        names = write_reports(self._documents, run, "year-close", report, settled["lines"], reports.BUDGET_LINE_COLUMNS)
        names += self._write_books(run, report)
        if not run.provisional:
            for grant in lg_grants:  # settled (정산): a grant whose period ended takes no more claims
                if grant.period.end <= run.as_of and grant.status == "OPEN":
                    self._grants.close_grant(grant.lg_code, grant.grant_id)
            # 결산 확정: nothing more is written into the year, whatever its date
            self._ledger.close_period(run.lg_code, fiscal_period(fy), closed_by=f"settlement:{run.run_id}")
            indicators = reports.public_indicators(
                run.lg_code,
                fy,
                settlement=settled,
                revenue=reports.OwnRevenue.from_settlement(revenue) if revenue["lines"] else None,
                grants=grants,
                timeliness=paid_on_time,
            )
            self._documents.put_report(
                f"public/{run.lg_code}/{fy}.json", render.to_json(indicators), "application/json"
            )
        self._runs.finish(
            run.run_id,
            "SUCCEEDED",
            self._clock().isoformat(),
            names,
            counts={"lines": len(lines), "grants": len(grants.get("grants", []))},
            totals={
                "budgetCurrent": settled["total"]["budgetCurrent"],
                "expended": settled["total"]["expended"],
                "unused": settled["total"]["unused"],
                # what the next year's close opens with: net assets, and the cash the records say is held
                "netAssets": statements["changesInNetAssets"]["closing"],
                "cashCarried": sum(fund["surplus"] for fund in reconciliation["funds"]),
                # and per 회계 (``cashCarried@<회계>``), what each opens its own 재정자금 대사 with
                **{f"cashCarried@{fund['fund']}": fund["surplus"] for fund in reconciliation["funds"]},
                **{f"netAssets@{fund}": s["changesInNetAssets"]["closing"] for fund, s in by_fund.items()},
            },
        )

    def _before_closing(
        self, lg_code: str, fy: int, fund: str, balances: dict[str, ledger.Balance]
    ) -> dict[str, ledger.Balance]:
        """A 회계's balances as the close finds them: a close run again after the final close wrote the 회계's
        accrual and closing entries reads the year as it was before them."""
        for entry_id in (ledger.closing_entry_id(lg_code, fy, fund), ledger.accrual_entry_id(lg_code, fy, fund)):
            written = self._ledger.entry(lg_code, fy, entry_id)
            balances = ledger.without(balances, written.entry) if written is not None else balances
        return balances

    def _write_books(self, run: Run, report: dict[str, Any]) -> list[str]:
        """The 결산서: one HTML document for the LG's total and one per 회계, and the 세입결산's lines as CSV beside
        the 세출결산's (``year-close.csv``); the names written."""
        names = []
        for fund in [None, *sorted(report["fundStatements"])]:
            name = render.book_name(fund)
            self._documents.put_report(f"{run.run_id}/{name}", render.settlement_book(report, fund), "text/html")
            names.append(name)
        revenue = report["revenueSettlement"]["lines"]
        self._documents.put_report(
            f"{run.run_id}/revenue-settlement.csv", render.to_csv(revenue, reports.REVENUE_LINE_COLUMNS), "text/csv"
        )
        return [*names, "revenue-settlement.csv"]

    def _close_the_books(
        self,
        lg_code: str,
        fy: int,
        books: dict[str, dict[str, ledger.Balance]],
        read: dict[str, dict[str, ledger.Balance]],
    ) -> dict[str, object]:
        """Per 회계, the year's accrual entry (31 December: what its acceptances left unpaid, posted), its closing
        entry (revenues and expenses into its 3100 순자산) and the next year's opening balances (1 January: every
        asset, liability and net-asset account as the closing leaves it, 기초 = 기말 per 회계), all written together
        before the year is locked; fixed ids and content, so a close run again writes nothing more. ``books`` are
        the recognised balances, ``read`` the same before the pending columns were folded in."""
        accruals = [
            ledger.accrual_entry(lg_code=lg_code, fy=fy, balances=raw, day=year_end(fy), fund=fund)
            for fund, raw in read.items()
        ]
        closings: list[ledger.JournalEntry] = []
        openings: list[ledger.JournalEntry] = []
        for fund, closed in books.items():
            closing = ledger.closing_entry(lg_code=lg_code, fy=fy, balances=closed, day=year_end(fy), fund=fund)
            opening = ledger.opening_entry(lg_code=lg_code, fy=fy, closed=closed, closing=closing, fund=fund)
            closings += [closing] if closing is not None else []
            openings += [opening] if opening is not None else []
        self._ledger.record([*(a for a in accruals if a is not None), *closings, *openings])
        by_fund = {o.fund: ledger.trial_balance(ledger.effects(o), False).rows for o in openings}
        carried = ledger.trial_balance(ledger.merge(*(ledger.effects(o) for o in openings)), False)
        general = [e for e in closings if e.fund == ledger.GENERAL_FUND]
        general_opening = [e for e in openings if e.fund == ledger.GENERAL_FUND]
        return {
            "closingEntry": general[0].entry_id if general else None,
            "openingEntry": general_opening[0].entry_id if general_opening else None,
            "closingEntries": {e.fund: e.entry_id for e in closings},
            "openingEntries": {e.fund: e.entry_id for e in openings},
            "openingFy": fy + 1,
            "carried": [
                {"account": row.account, "name": row.name, "type": row.type, "balance": row.balance}
                for row in carried.rows
            ],
            "carriedByFund": {
                fund: [{"account": r.account, "name": r.name, "balance": r.balance} for r in rows]
                for fund, rows in by_fund.items()
            },
        }

    def carry_into_next_year(
        self, lg_code: str, fy: int, lines: list[BudgetLine], carry_over: dict[str, int]
    ) -> dict[str, object]:
        """The final close's 다음연도이월액 become the next year's 전년도이월액 (each a budget change posted to the
        next year's budget accounts), and the open contracts they cover move to the next year, committed again
        there (사고이월). Absolute figures and conditional moves, so a retried close changes nothing more. A
        next-year line that would fall below what is already committed against it keeps its figure and is
        reported, as are open contracts the carry-over does not cover."""
        self._budgets.record_carry_over(lg_code, fy, carry_over)
        changed = carried_into_next_year(lines, carry_over, self._budgets.lines(lg_code, fy + 1))
        refused: tuple[str, ...] = ()
        day = entry_day(fy + 1, self._clock().date())
        if changed:
            try:
                self._budgets.load(lg_code, fy + 1, changed, day)
            except OverCommitted as error:  # the other lines are loaded
                refused = error.line_ids
        to_carry, carried, left = contracts_to_carry(self._budgets.year_contracts(lg_code, fy), carry_over, fy)
        for contract in to_carry:
            if self._budgets.carry_contract(contract, day):
                carried.append(contract)
                continue
            current = self._budgets.contract(lg_code, contract.contract_id)
            (carried if current is not None and current.fy == fy + 1 else left).append(contract)
        return {
            "fy": fy + 1,
            "lines": [
                {"lineId": line.line_id, "carriedIn": line.carried_in}
                for line in changed
                if line.line_id not in refused
            ],
            "refused": [
                {
                    "lineId": line.line_id,
                    "carriedIn": line.carried_in,
                    "reason": "below what the next year already committed on the line",
                }
                for line in changed
                if line.line_id in refused
            ],
            "contracts": [
                {"contractId": c.contract_id, "lineId": c.line_id, "carried": c.remaining}
                for c in sorted(carried, key=lambda c: c.contract_id)
            ],
            "contractsLeft": [
                {"contractId": c.contract_id, "lineId": c.line_id, "remaining": c.remaining}
                for c in sorted(left, key=lambda c: c.contract_id)
            ],
        }
