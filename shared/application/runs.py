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
    paid_runs,
    payment_report,
    payment_rows,
    timeliness,
    write_reports,
)
from shared.application.year_close import YearClose
from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.claims.ports import Registry
from shared.domain.documents import Finding
from shared.domain.errors import Invalid, NotFound, RunExists
from shared.domain.settlement import reports
from shared.domain.settlement.budget import (
    carry_over_problems,
    open_contract_amounts,
)
from shared.domain.settlement.fiscal_year import (
    RUN_REFUSALS,
    run_start_problems,
    scheduled_year_close,
    year_end,
)
from shared.domain.settlement.payment_run import PaymentRun
from shared.domain.settlement.ports import (
    BudgetStore,
    LedgerStore,
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
        self.year_close = YearClose(runs, ledger, budgets, grants, documents, interest_rate, self._clock, revenue)

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
            fy = as_of.year
            open_contracts = open_contract_amounts(self._budgets.year_contracts(lg_code, fy), fy, carry_over)
            problems = carry_over_problems(self._budgets.lines(lg_code, fy), carry_over, open_contracts)
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
                self.year_close.close(run)
        except (ValueError, Invalid) as error:  # a business failure: the run says why; a crash is retried instead
            if run.type == "payment":  # what its chunks paid was paid: the bank still needs the transfer file
                self._finish_payment(run, "FAILED", str(error))
            else:
                self._runs.finish(run.run_id, "FAILED", self._clock().isoformat(), [], error=str(error))
            return "FAILED"
        finished = self._runs.get(run.run_id)  # a close may fail on its own (books disagreeing with the records)
        return finished.status if finished is not None else "SUCCEEDED"

    # -- payment ------------------------------------------------------------------------------------------------------

    def _finish_payment(self, run: Run, status: str = "SUCCEEDED", error: str | None = None) -> None:
        """The payment run's report and its bank transfer file, then the run's end."""
        run = self._runs.get(run.run_id) or run
        payments = self._runs.payments(run.run_id)
        transfers = bank_file.transfers(payments)
        held_over = self._payment.held_over(run)
        reasons = {held.claim_id: held.to_api() for held in self._payment.prior_year_held(run, held_over)}
        report = payment_report(run, payments, len(transfers), held_over, self._rate, reasons)
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
            "timeliness": timeliness(
                paid_runs(self._runs, run.lg_code, run.as_of.replace(day=1), run.as_of), self._rate
            ),
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

    def public_indicators(self, lg_code: str, fy: int) -> str | None:
        """The published (closed) indicators of an LG's fiscal year, as JSON text, or None."""
        try:
            return self._documents.get_report(f"public/{lg_code}/{fy}.json")
        except Exception:  # noqa: BLE001 - no such object: nothing published yet
            return None
