"""A payment run's grant advances (보조금 교부): each approved grant paid once, its public share only (국비 + 시도비 +
시군구비; the 자부담 is the recipient's), as a budget execution of the lines its categories name, within the
treasury's cash; what it cannot pay is held and said why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from shared.domain.documents import Finding
from shared.domain.errors import Invalid
from shared.domain.settlement import ledger
from shared.domain.settlement.budget import LineCommitment
from shared.domain.settlement.runs import Payment, Run
from shared.domain.subsidy.model import Grant, Sanction
from shared.domain.unit_of_work import (
    AdvanceGrant,
    CommitLine,
    Intent,
    PostEntries,
    RecipientUnsanctioned,
    RecordChunk,
    SpendLine,
    UnitOfWork,
    WriteConflict,
)


def commitment(grant: Grant, budgets: Any, day: date) -> list[Intent]:
    """What a 교부결정 commits (지출원인행위) on the lines its categories name, in the decision day's fiscal year:
    each line's part of the 교부액 (the public share only: 자부담 is never the LG's money), never above the line's
    uncommitted 예산현액, with its Dr 9110 / Cr 9120 entry. Refused (every problem at once) for a line the year's
    budget lacks (``BUDGET_LINE_UNKNOWN``) or without the room (``BUDGET_EXCEEDED``); the transaction's condition
    refuses a commitment made meanwhile. A grant naming no line commits nothing (its 교부 is held until it does)."""
    fy = day.year
    wanted = _by_line(grant)
    problems = []
    lines = {line_id: budgets.line(grant.lg_code, fy, line_id) for line_id in sorted(wanted)}
    for line_id, line in lines.items():
        if line is None:
            problems.append(Finding("BUDGET_LINE_UNKNOWN", f"No line {line_id} in fiscal year {fy}'s budget", "/lines"))
        elif line.uncommitted < wanted[line_id]:
            problems.append(
                Finding(
                    "BUDGET_EXCEEDED",
                    f"Line {line_id} has {line.uncommitted:,} won of 예산현액 left uncommitted: the 교부 takes "
                    f"{wanted[line_id]:,}",
                    "/lines",
                )
            )
    if problems:
        raise Invalid("The 교부결정 does not fit the budget", problems)
    entries = [
        ledger.grant_committed(
            lg_code=grant.lg_code,
            fy=fy,
            grant_id=grant.grant_id,
            line_id=line_id,
            amount=amount,
            day=day,
            fund=lines[line_id].fund,
        )
        for line_id, amount in sorted(wanted.items())
    ]
    intents: list[Intent] = [
        CommitLine(LineCommitment(grant.lg_code, fy, line_id, amount)) for line_id, amount in sorted(wanted.items())
    ]
    grant.committed_fy = fy if wanted else None
    return intents + ([PostEntries(tuple(ledger.normalise(entries)))] if entries else [])


class GrantAdvances:
    def __init__(
        self, subsidy: Any, budgets: Any, unit_of_work: UnitOfWork, runs: Any, cash: Callable[[str, int, str], int]
    ) -> None:
        self._subsidy = subsidy
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._runs = runs
        self._cash = cash

    def held(self, run: Run) -> list[dict[str, str]]:
        """The approved grants the run did not advance, each with why: the recipient sanctioned (``SANCTIONED``), a
        category on no budget line (``GRANT_LINE_REQUIRED``), lines committed in another fiscal year's budget
        (``FISCAL_YEAR_MISMATCH``: a 교부 after its year needs the lines carried over), or more than the 회계's
        cash holds (``CASH_INSUFFICIENT``)."""
        if self._subsidy is None:
            return []
        held, fy = [], run.as_of.year
        for grant in self._subsidy.grants_to_advance(run.lg_code):
            barred = _active(self._subsidy.recipient_sanctions(grant.recipient_brn), run)
            if barred is not None:
                reason = f"the recipient is sanctioned from {barred.start} until {barred.until} ({barred.sanction_id})"
                held.append({"grantId": grant.grant_id, "code": "SANCTIONED", "reason": reason})
                continue
            unlined = [b.category for b in grant.budget if not b.line_id]
            if unlined or not _by_line(grant):
                reason = f"categories {', '.join(unlined)} name no 세출 line" if unlined else "nothing to grant"
                held.append({"grantId": grant.grant_id, "code": "GRANT_LINE_REQUIRED", "reason": reason})
            elif grant.committed_fy != fy:
                reason = f"its lines are committed in fiscal year {grant.committed_fy}'s budget, not {fy}'s"
                held.append({"grantId": grant.grant_id, "code": "FISCAL_YEAR_MISMATCH", "reason": reason})
            else:
                reason = f"{sum(_by_line(grant).values()):,} won is more than fiscal year {fy}'s cash holds"
                held.append({"grantId": grant.grant_id, "code": "CASH_INSUFFICIENT", "reason": reason})
        return held

    def pay(self, run: Run) -> int:
        """Pay the advances (교부) of approved grants not yet paid: one transaction per grant, the grant marked
        advanced only once, so a rerun pays nothing twice. Runs after the claims: the queue of claims comes first.
        A 교부 is the execution (지출) of what its 교부결정 committed on each line (``commitment``), paid into the
        recipient's restricted 보조금 account (1310, an asset the LG controls until executed); one whose lines are
        not committed in the run's fiscal year is not paid (``held`` says why). Nor is one whose recipient a
        sanction (제재, in any LG) bars on the run's day: the transaction pays only if no sanction was recorded
        since it was read, so no order of sanction and run lets the money through."""
        if self._subsidy is None:
            return 0
        paid = 0
        fy = run.as_of.year
        for grant in self._subsidy.grants_to_advance(run.lg_code):
            by_line = _by_line(grant)
            if not by_line or any(not category.line_id for category in grant.budget) or grant.committed_fy != fy:
                continue  # held: a category names no line, or its lines are committed in another year
            sanctions = self._subsidy.recipient_sanctions(grant.recipient_brn)
            if _active(sanctions, run) is not None:
                continue  # held: the recipient is sanctioned
            amount = sum(by_line.values())
            # each line's 회계 pays its part from its own cash
            funds = {n: self._fund_of(run.lg_code, fy, n) for n in sorted(by_line)}
            by_fund: dict[str, int] = {}
            for line_id, line_amount in by_line.items():
                by_fund[funds[line_id]] = by_fund.get(funds[line_id], 0) + line_amount
            if any(part > self._cash(run.lg_code, fy, fund) for fund, part in by_fund.items()):
                continue  # held: the treasury cannot pay it yet
            entries = [
                ledger.grant_advance(
                    lg_code=run.lg_code,
                    grant_id=grant.grant_id,
                    amount=part,
                    day=run.as_of,
                    budget=True,
                    tranche="1" if fund == ledger.GENERAL_FUND else f"1:{fund}",
                    fund=fund,
                )
                for fund, part in sorted(by_fund.items())
            ]
            payments = tuple(
                Payment(grant.grant_id, "advance", grant.recipient_brn, line_amount, 0, None, None, line_id)
                for line_id, line_amount in sorted(by_line.items())
            )
            counts, totals = {"advances": 1}, {"advanced": amount}
            intents: list[Intent] = [
                AdvanceGrant(grant.lg_code, grant.grant_id, run.as_of),
                RecipientUnsanctioned(grant.recipient_brn, len(sanctions)),
            ]
            intents += [SpendLine(run.lg_code, fy, line_id, part) for line_id, part in sorted(by_line.items())]
            intents += [PostEntries(tuple(ledger.normalise(entries))), RecordChunk(run, payments, counts, totals)]
            try:
                self._unit_of_work.commit(intents)
            except WriteConflict as conflict:
                if conflict.failed_any(RecipientUnsanctioned):
                    continue  # held: a sanction came meanwhile (reported by ``held``)
                latest = self._runs.get(run.run_id)
                if latest is not None:
                    run.chunks, run.counts, run.totals = latest.chunks, latest.counts, latest.totals
                continue  # advanced meanwhile (a redelivered step): nothing to pay
            run.chunks += 1
            run.counts = {k: run.counts.get(k, 0) + counts.get(k, 0) for k in {*run.counts, *counts}}
            run.totals = {k: run.totals.get(k, 0) + totals.get(k, 0) for k in {*run.totals, *totals}}
            paid += 1
        return paid

    def _fund_of(self, lg_code: str, fy: int, line_id: str) -> str:
        line = self._budgets.line(lg_code, fy, line_id) if self._budgets is not None else None
        return line.fund if line is not None else ledger.GENERAL_FUND


def _by_line(grant: Grant) -> dict[str, int]:
    """What a grant's 교부 takes from each of its lines: its categories' 교부액 (the public share of each budget,
    never the recipient's 자부담), summed per line."""
    by_line: dict[str, int] = {}
    for category in grant.budget:
        if category.line_id and grant.granted(category):
            by_line[category.line_id] = by_line.get(category.line_id, 0) + grant.granted(category)
    return by_line


def _active(sanctions: list[Sanction], run: Run) -> Sanction | None:
    """The sanction that bars a 교부 on the run's day, if any."""
    return next((s for s in sanctions if s.active_on(run.as_of)), None)
