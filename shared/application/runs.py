"""Settlement runs for officials and schedules: start (idempotent per LG, type and as-of date), advance one step
a queue message (a payment page, or a close), finish with reports in the report store. No AWS types: the ports
are injected. What the reports say is ``run_reports``, the payment run's bank file ``bank_file``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from shared.application import bank_file
from shared.application.actors import require_official
from shared.application.run_reports import (
    PAYMENT_COLUMNS,
    PaidRuns,
    payment_report,
    payment_rows,
    timeliness,
    treasury_checks,
    write_reports,
)
from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.claims.ports import Registry
from shared.domain.documents import Finding
from shared.domain.errors import Invalid, NotFound, RunExists
from shared.domain.settlement import render, reports
from shared.domain.settlement.budget import (
    BudgetLine,
    carried_into_next_year,
    carry_over_problems,
    contracts_to_carry,
    entry_day,
)
from shared.domain.settlement.fiscal_year import (
    RUN_REFUSALS,
    run_start_problems,
    scheduled_year_close,
    settlement_deadline,
    year_end,
)
from shared.domain.settlement.ledger import fiscal_period
from shared.domain.settlement.payment_run import PaymentRun
from shared.domain.settlement.ports import (
    BudgetStore,
    LedgerStore,
    OverCommitted,
    ReportStore,
    RevenueStore,
    RunQueue,
    RunStore,
)
from shared.domain.settlement.runs import RUN_TYPES, Run, run_id
from shared.domain.subsidy.ports import GrantSettlementStore


class RunService:
    def __init__(
        self,
        runs: RunStore,
        payment_run: PaymentRun,
        ledger: LedgerStore,
        budgets: BudgetStore,
        grants: GrantSettlementStore,
        documents: ReportStore,
        queue: RunQueue,
        registry: Registry,
        interest_rate: Decimal,
        clock: Callable[[], datetime] | None = None,
        revenue: RevenueStore | None = None,
    ) -> None:
        self._revenue = revenue
        self._runs = runs
        self._payment = payment_run
        self._ledger = ledger
        self._budgets = budgets
        self._grants = grants
        self._documents = documents
        self._queue = queue
        self._registry = registry
        self._rate = interest_rate
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time

    # -- starting ---------------------------------------------------------------------------------------------------

    def start(
        self,
        actor: Actor,
        run_type: str,
        as_of: date,
        provisional: bool = False,
        carry_over: dict[str, int] | None = None,
    ) -> Run:
        require_official(actor, "Only an LG official starts settlement runs")
        return self._start(actor.org, run_type, as_of, provisional, carry_over or {})

    def _start(
        self, lg_code: str, run_type: str, as_of: date, provisional: bool, carry_over: dict[str, int] | None = None
    ) -> Run:
        today = self._clock().date()
        refused = run_start_problems(run_type, as_of, provisional, carry_over or {}, today, RUN_TYPES)
        if refused:
            raise Invalid(RUN_REFUSALS.get(refused[0].code, "The run cannot start"), refused)
        if carry_over:
            problems = carry_over_problems(self._budgets.lines(lg_code, as_of.year), carry_over)
            if problems:
                raise Invalid("The carry-over does not fit the budget", problems)
        run = Run(
            run_id(lg_code, run_type, as_of, provisional),
            lg_code,
            run_type,
            as_of,
            provisional,
            "RUNNING",
            self._clock().isoformat(),
            carry_over=dict(carry_over or {}),
        )
        run, created = self._runs.create(run)
        if created:
            self._queue.send({"runId": run.run_id})
        elif carry_over and run.carry_over != carry_over:
            raise RunExists(
                f"Run {run.run_id} was started with another carry-over",
                [
                    Finding(
                        "RUN_EXISTS",
                        f"The {run_type} run as of {as_of} exists already, with carryOver {run.carry_over}",
                        "/carryOver",
                    )
                ],
            )
        return run

    def start_scheduled(self, run_type: str, as_of: date | None = None) -> list[str]:
        """A schedule starts the run for every LG in the registry (each its own run, its own steps)."""
        day = as_of or self._clock().date()
        if run_type == "payment" and not calendar.is_business_day(day):
            return []  # banks transfer on business days: the next business day's run pays what is due
        if run_type == "month-close":
            day = day.replace(day=1) - timedelta(days=1)  # the month that just ended
        elif run_type == "year-close":
            fy = scheduled_year_close(day)
            if fy is None:
                return []  # not yet: the final close runs on the first business day after 10 February
            day = year_end(fy)
        return [self._start(lg, run_type, day, False).run_id for lg in sorted(self._registry.all())]

    def get(self, actor: Actor, wanted: str) -> dict[str, object]:
        run = self._runs.get(wanted)
        if run is None or actor.role != "official" or run.lg_code != actor.org:
            raise NotFound(f"No run {wanted}")
        urls = {name: self._documents.presign_report(f"{run.run_id}/{name}") for name in run.reports}
        return run.to_api(urls)

    # -- one step a message -------------------------------------------------------------------------------------------

    def step(self, wanted: str) -> str:
        """Advance a run by one step; a step that leaves work re-enqueues the run. Returns the run's status."""
        run = self._runs.get(wanted)
        if run is None or run.status != "RUNNING":
            return run.status if run else "UNKNOWN"
        try:
            if run.type == "payment":
                result = self._payment.process_page(run)
                if result.more:
                    self._queue.send({"runId": run.run_id})
                    return "RUNNING"
                self._finish_payment(run)
            elif run.type == "month-close":
                self._month_close(run)
            else:
                self._year_close(run)
        except (ValueError, Invalid) as error:  # a business failure: the run says why; a crash is retried instead
            if run.type == "payment":  # what its chunks paid was paid: the bank still needs the transfer file
                self._finish_payment(run, "FAILED", str(error))
            else:
                self._runs.finish(run.run_id, "FAILED", self._clock().isoformat(), [], error=str(error))
            return "FAILED"
        return "SUCCEEDED"

    # -- payment ------------------------------------------------------------------------------------------------------

    def _finish_payment(self, run: Run, status: str = "SUCCEEDED", error: str | None = None) -> None:
        """The payment run's report and its bank transfer file, then the run's end."""
        run = self._runs.get(run.run_id) or run
        payments = self._runs.payments(run.run_id)
        transfers = bank_file.transfers(payments)
        report = payment_report(run, payments, len(transfers), self._payment.held_over(run), self._rate)
        report["heldAdvances"] = self._payment.held_advances(run)  # approved grants not paid, each with why
        report["waitingForCash"] = [  # accepted claims the fiscal year's cash did not cover: a later run pays them
            {"claimId": c.claim_id, "amount": int(Decimal(c.grand_total)), "dueDate": c.due_date}
            for c in self._payment.waiting(run)
        ]
        names = write_reports(self._documents, run, "payment-run", report, payment_rows(payments), PAYMENT_COLUMNS)
        self._documents.put_report(
            f"{run.run_id}/{bank_file.FILE_NAME}", bank_file.transfer_file(run, transfers), "text/csv"
        )
        self._runs.finish(run.run_id, status, self._clock().isoformat(), [*names, bank_file.FILE_NAME], error=error)

    # -- closes -------------------------------------------------------------------------------------------------------

    def _payment_runs(self, lg_code: str, first: date, last: date) -> PaidRuns:
        """The payment runs dated first..last with what each paid (their ids come from the dates: read by key)."""
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return [
            (r, self._runs.payments(r.run_id))
            for r in self._runs.existing([run_id(lg_code, "payment", day) for day in days])
        ]

    def _month_close(self, run: Run) -> None:
        month = run.as_of.strftime("%Y-%m")
        self._ledger.close_period(run.lg_code, month, closed_by=f"settlement:{run.run_id}")
        lines = self._budgets.lines(run.lg_code, run.as_of.year)
        settled = reports.budget_settlement(
            lines,
            {line.line_id: reports.LineExecution(line.expended) for line in lines},
            fy=run.as_of.year,
            as_of=run.as_of,
        )
        report = {
            "lgCode": run.lg_code,
            "month": month,
            "closed": True,
            "byStatObject": reports.execution_by(settled["lines"], "statObject"),
            "total": settled["total"],
            "timeliness": timeliness(self._payment_runs(run.lg_code, run.as_of.replace(day=1), run.as_of), self._rate),
        }
        names = write_reports(
            self._documents,
            run,
            "month-close",
            report,
            rows=report["byStatObject"],
            columns=sorted(report["byStatObject"][0]) if report["byStatObject"] else ["statObject"],
        )
        self._runs.finish(
            run.run_id,
            "SUCCEEDED",
            self._clock().isoformat(),
            names,
            counts={"lines": len(lines)},
            totals={"expended": settled["total"]["expended"]},
        )

    def _year_close(self, run: Run) -> None:
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
        balance = self._ledger.trial_balance(run.lg_code, fy, as_of=through, include_budget=False)
        rows = balance.rows
        statements = reports.financial_statements(rows)
        revenue = reports.revenue_settlement(self._revenue.revenue_lines(run.lg_code, fy) if self._revenue else [])
        runs = self._payment_runs(run.lg_code, date(fy, 1, 1), through)
        reconciliation, execution = treasury_checks(fy, lines, revenue, rows, runs)
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
            report["carriedInto"] = self._carry_into_next_year(run.lg_code, fy, lines, run.carry_over)
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
            },
        )

    def _carry_into_next_year(
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

    def public_indicators(self, lg_code: str, fy: int) -> str | None:
        """The published (closed) indicators of an LG's fiscal year, as JSON text, or None."""
        try:
            return self._documents.get_report(f"public/{lg_code}/{fy}.json")
        except Exception:  # noqa: BLE001 - no such object: nothing published yet
            return None
