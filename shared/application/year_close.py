"""The year close (연 결산, or a provisional 가결산) of a settlement run: 예산결산 (the 세입·세출 결산 per line),
재무결산 (the statements), the two checks of the books against the records, and for a final close the year-end
entries, the carry-over into the next year, the 정산 of ended grants, the lock of the year and the
published indicators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from shared.application.run_reports import paid_runs, timeliness, treasury_checks, write_reports
from shared.domain.settlement import ledger, render, reports
from shared.domain.settlement.budget import (
    BudgetLine,
    carried_into_next_year,
    carry_over_problems,
    contracts_to_carry,
    entry_day,
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
        problems = carry_over_problems(lines, run.carry_over)  # checked at the start too; payments came since
        if problems:
            raise ValueError("; ".join(problem.message for problem in problems))
        settled = reports.budget_settlement(
            lines,
            {line.line_id: reports.LineExecution(line.expended, run.carry_over.get(line.line_id, 0)) for line in lines},
            fy=fy,
            as_of=run.as_of,
        )
        # a final close covers every entry of the year, the 출납정리기간's included; a provisional one, to its date
        through = run.as_of if run.provisional else settlement_deadline(fy)
        closed = ledger.balances_of(self._ledger.trial_balance(run.lg_code, fy, as_of=through, include_budget=False))
        written = self._ledger.entry(run.lg_code, fy, ledger.entry_id("closing", run.lg_code, fy))
        if written is not None:  # a final close run again after it wrote its closing entry: the year before it
            closed = ledger.without(closed, written.entry)
        rows = ledger.trial_balance(closed, include_budget=False).rows
        # what the previous year's final close carried in, from its own records (not from this ledger's opening)
        previous = self._runs.get(run_id(run.lg_code, "year-close", year_end(fy - 1)))
        carried_in = previous.totals if previous is not None and previous.status == "SUCCEEDED" else {}
        statements = reports.financial_statements(rows, opening_net_assets=carried_in.get("netAssets"))
        revenue = reports.revenue_settlement(self._revenue.revenue_lines(run.lg_code, fy) if self._revenue else [])
        runs = paid_runs(self._runs, run.lg_code, date(fy, 1, 1), through)
        reconciliation, execution = treasury_checks(
            fy, lines, revenue, rows, runs, opening_cash=carried_in.get("cashCarried", 0)
        )
        lg_grants = self._grants.lg_grants(run.lg_code)
        # 정산 covers the LG's own grants whose period ended within this fiscal year, by the close's date: not
        # national ones (their own system settles them), not those still running, not earlier years' (settled then)
        settled_grants = [
            g for g in lg_grants if g.source == "local" and g.period.end.year == fy and g.period.end <= run.as_of
        ]
        grants = reports.grant_settlement(
            [
                reports.GrantSettlementInput(
                    g.grant_id, tuple(b.amount for b in g.budget), sum(b.executed for b in g.budget), g.funding_shares
                )
                for g in settled_grants
            ]
        )
        paid_on_time = timeliness(runs, self._rate)
        report = {
            "lgCode": run.lg_code,
            "fy": fy,
            "asOf": run.as_of.isoformat(),
            "provisional": run.provisional,
            "budgetSettlement": settled,
            "revenueSettlement": revenue,
            "summary": reports.fund_summary(revenue["lines"], settled["lines"]),
            **statements,
            "reconciliation": reconciliation,
            "executionCheck": execution,
            "grantSettlement": grants,
            "timeliness": paid_on_time,
            "lines": [
                {k: line[k] for k in ("lineId", "budgetCurrent", "expended", "carriedOver", "unused")}
                for line in settled["lines"]
            ],
        }
        failures = reports.check_failures(reconciliation, execution)
        if failures and not run.provisional:  # 결산 is not signed on books that disagree with their own records
            names = write_reports(
                self._documents, run, "year-close", report, settled["lines"], reports.BUDGET_LINE_COLUMNS
            )
            error = "the books disagree with the records: " + "; ".join(failures)
            self._runs.finish(run.run_id, "FAILED", self._clock().isoformat(), names, error=error)
            return
        if not run.provisional:
            report["yearEnd"] = self._close_the_books(run.lg_code, fy, closed)
            report["carriedInto"] = self.carry_into_next_year(run.lg_code, fy, lines, run.carry_over)
        names = write_reports(self._documents, run, "year-close", report, settled["lines"], reports.BUDGET_LINE_COLUMNS)
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
            },
        )

    def _close_the_books(self, lg_code: str, fy: int, closed: dict[str, ledger.Balance]) -> dict[str, object]:
        """The year's closing entry (31 December: revenues and expenses into 3100 순자산) and the next year's opening
        balances (1 January: every asset, liability and net-asset account as the closing leaves it), written
        together before the year is locked; fixed ids and content, so a close run again writes nothing more."""
        closing = ledger.closing_entry(lg_code=lg_code, fy=fy, balances=closed, day=year_end(fy))
        opening = ledger.opening_entry(lg_code=lg_code, fy=fy, closed=closed, closing=closing)
        self._ledger.record([entry for entry in (closing, opening) if entry is not None])
        brought = opening.lines if opening is not None else ()
        carried = ledger.trial_balance([ledger.Balance(x.account, x.debit, x.credit) for x in brought], False)
        return {
            "closingEntry": closing.entry_id if closing is not None else None,
            "openingEntry": opening.entry_id if opening is not None else None,
            "openingFy": fy + 1,
            "carried": [
                {"account": row.account, "name": row.name, "type": row.type, "balance": row.balance}
                for row in carried.rows
            ],
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
