"""보조금 정산: the recipient files its settlement report (정산보고서) after the grant's period; the official approves
it, or returns it with a reason; approval settles the grant and assesses its 반납 (``shared.domain.subsidy.
settlement_report``): the LG's own part as 세입 (보조금 반환금, a 징수결정 on the revenue line the official names),
the national and provincial parts as owed onward (Dr 1230 / Cr 2140), the advance closed (Dr 5410 / Cr 1310).
Reports not filed by their deadline are on the official's list of overdue settlements."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from shared.application.actors import require_official
from shared.domain.actor import Actor
from shared.domain.calendar import now_seoul
from shared.domain.documents import Finding
from shared.domain.errors import Conflict, Forbidden, Invalid
from shared.domain.settlement import ledger
from shared.domain.subsidy.model import Grant
from shared.domain.subsidy.settlement_report import (
    grant_return,
    recovery_findings,
    recovery_split,
    report_findings,
    settlement_due,
)
from shared.domain.unit_of_work import (
    Intent,
    PostEntries,
    RecordRecovery,
    RecordSettlement,
    UnitOfWork,
    WriteConflict,
)

PAYMENT_DAYS = 30  # the 반납's 납기: 30 days from the 징수결정 (our choice; 지방재정법 leaves it to the notice)
MIN_REASON = 5


class GrantSettlements:
    def __init__(
        self,
        subsidy: Any,  # SubsidyService: who may read which grant
        store: Any,  # the subsidy store: an LG's grants
        revenue: Any,  # RevenueService: the 징수결정 of the LG's part
        budgets: Any,
        unit_of_work: UnitOfWork,
        clock: Callable[[], datetime] = now_seoul,
    ) -> None:
        self._subsidy = subsidy
        self._store = store
        self._revenue = revenue
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._clock = clock

    def file(self, actor: Actor, grant_id: str, executed: Mapping[str, int], interest: int) -> Grant:
        """The recipient's report: what it executed per category, and the interest its account earned."""
        if actor.role != "business":
            raise Forbidden("Only the grant's recipient files its settlement report")
        grant: Grant = self._subsidy.get_grant(actor, grant_id)
        if grant.settlement and grant.settlement.get("status") in ("FILED", "APPROVED"):
            raise Conflict(f"Grant {grant_id}'s settlement report is {str(grant.settlement['status']).lower()}")
        now = self._clock()
        findings = report_findings(grant, executed, interest, now.date())
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        due = settlement_due(grant)
        report: dict[str, object] = {
            "status": "FILED",
            "executed": dict(sorted(executed.items())),
            "interest": interest,
            "filedAt": now.isoformat(),
            "filedBy": actor.label,
            "due": due.isoformat(),
            "late": now.date() > due,
        }
        self._commit([RecordSettlement(grant.lg_code, grant.grant_id, report, grant.status, None)], grant_id)
        grant.settlement = report
        return grant

    def decide(self, actor: Actor, grant_id: str, approve: bool, revenue_line: str | None, reason: str | None) -> Grant:
        """Approve the filed report (the 반납 assessed) or return it with a reason (the recipient files again)."""
        require_official(actor)
        grant: Grant = self._subsidy.get_grant(actor, grant_id)
        report = dict(grant.settlement or {})
        if report.get("status") == "APPROVED" and approve:
            self._assess(actor, grant, report)  # a retry after the 징수결정 failed: it is made once, by its id
            return grant
        if report.get("status") != "FILED":
            raise Conflict(f"Grant {grant_id} has no settlement report awaiting a decision")
        now = self._clock()
        decided: dict[str, object] = {"decidedAt": now.isoformat(), "decidedBy": actor.label}
        if not approve:
            if not reason or len(reason.strip()) < MIN_REASON:
                raise Invalid("A returned report says why", [Finding("REASON_REQUIRED", "give the reason", "/reason")])
            report |= {"status": "RETURNED", "reason": reason.strip()} | decided
            self._commit([RecordSettlement(grant.lg_code, grant_id, report, grant.status, "FILED")], grant_id)
            grant.settlement = report
            return grant
        returned = grant_return(grant, int(str(report["interest"])))
        fy = now.date().year
        if returned.lg_part and (not revenue_line or not self._has_line(actor, fy, revenue_line)):
            raise Invalid(
                "The LG's part of the 반납 is 세입: name its revenue line",
                [Finding("REVENUE_LINE_REQUIRED", f"no revenue line {revenue_line or ''} in {fy}", "/revenueLineId")],
            )
        report |= decided
        report |= {"status": "APPROVED", "return": returned.to_api(), "revenueLineId": revenue_line}
        report["assessmentId"] = f"RET-{grant_id}" if returned.lg_part else None
        entry = ledger.grant_settled(
            lg_code=grant.lg_code,
            grant_id=grant_id,
            unspent=returned.unspent,
            onward=sum(returned.onward.values()),
            day=now.date(),
            fund=self._fund(grant),
        )
        intents: list[Intent] = [RecordSettlement(grant.lg_code, grant_id, report, "SETTLED", "FILED")]
        if entry is not None:
            intents.append(PostEntries(tuple(ledger.normalise([entry]))))
        self._commit(intents, grant_id)
        grant.settlement, grant.status = report, "SETTLED"
        self._assess(actor, grant, report)
        return grant

    def recover(
        self,
        actor: Actor,
        grant_id: str,
        recovery_id: str,
        amount: int,
        surcharge: int,
        revenue_line: str,
        reason: str,
    ) -> Grant:
        """환수 after confirmed fraud: ``amount`` of the public money the grant paid out is recovered from the
        recipient (the LG's part its 세입, the other governments' parts owed onward), with a 제재부가금 of at most
        five times it (all the LG's 세입, our reading), each assessed (징수결정) on ``revenue_line``. Recorded once
        per ``recovery_id``; the sanction barring new 교부 is registered by ``POST /v1/sanctions``."""
        require_official(actor)
        grant: Grant = self._subsidy.get_grant(actor, grant_id)
        if any(r.get("recoveryId") == recovery_id for r in grant.recoveries):
            return grant
        findings = recovery_findings(grant, amount, surcharge)
        now = self._clock()
        if not self._has_line(actor, now.date().year, revenue_line):
            findings.append(Finding("REVENUE_LINE_REQUIRED", f"no revenue line {revenue_line}", "/revenueLineId"))
        if len(reason.strip()) < MIN_REASON:
            findings.append(Finding("REASON_REQUIRED", "give the reason (the fraud confirmed)", "/reason"))
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        split = recovery_split(grant, amount)
        ids = {"recovery": f"RCV-{grant_id}-{recovery_id}", "surcharge": f"SUR-{grant_id}-{recovery_id}"}
        recovery: dict[str, object] = {
            "recoveryId": recovery_id,
            "at": now.isoformat(),
            "by": actor.label,
            "reason": reason.strip(),
            "amount": amount,
            "shares": split.shares,
            "revenue": split.lg_part,
            "payable": split.onward,
            "dropped": split.dropped,
            "surcharge": surcharge,
            "revenueLineId": revenue_line,
            "assessments": {k: v for k, v in ids.items() if (split.lg_part if k == "recovery" else surcharge)},
        }
        entry = ledger.recovery_owed(
            lg_code=grant.lg_code,
            grant_id=grant_id,
            recovery_id=recovery_id,
            onward=sum(split.onward.values()),
            day=now.date(),
            fund=self._fund(grant),
        )
        intents: list[Intent] = [RecordRecovery(grant.lg_code, grant_id, recovery)]
        if entry is not None:
            intents.append(PostEntries(tuple(ledger.normalise([entry]))))
        self._commit(intents, grant_id)
        due = now.date() + timedelta(days=PAYMENT_DAYS)
        for kind, part in (("recovery", split.lg_part), ("surcharge", surcharge)):
            if part:
                self._revenue.assess(actor, now.date().year, revenue_line, part, now.date(), due, ids[kind])
        grant.recoveries.append(recovery)
        return grant

    def overdue(self, actor: Actor) -> list[dict[str, object]]:
        """The LG's paid grants whose period ended and whose report is not filed by its deadline (nor approved)."""
        require_official(actor)
        today = self._clock().date()
        rows = []
        for grant in self._store.lg_grants(actor.org):
            status = (grant.settlement or {}).get("status")
            if grant.source != "local" or grant.advanced_on is None or status in ("FILED", "APPROVED"):
                continue
            due = settlement_due(grant)
            if today > due:
                rows.append(
                    {
                        "grantId": grant.grant_id,
                        "title": grant.title,
                        "recipientBrn": grant.recipient_brn,
                        "periodEnd": grant.period.end.isoformat(),
                        "due": due.isoformat(),
                        "daysOverdue": (today - due).days,
                        "report": status or "none",
                    }
                )
        return sorted(rows, key=lambda r: (-int(str(r["daysOverdue"])), str(r["grantId"])))

    # -- helpers ------------------------------------------------------------------------------------------------

    def _assess(self, actor: Actor, grant: Grant, report: Mapping[str, object]) -> None:
        returned = report.get("return")
        amount = int(str(returned.get("revenue", 0))) if isinstance(returned, dict) else 0
        if not amount or not report.get("assessmentId"):
            return
        day = datetime.fromisoformat(str(report["decidedAt"])).date()
        self._revenue.assess(
            actor,
            day.year,
            str(report["revenueLineId"]),
            amount,
            day,
            day + timedelta(days=PAYMENT_DAYS),
            str(report["assessmentId"]),
        )

    def _has_line(self, actor: Actor, fy: int, line_id: str) -> bool:
        return any(line.line_id == line_id for line in self._revenue.lines(actor, fy))

    def _fund(self, grant: Grant) -> str:
        line_id = next((b.line_id for b in grant.budget if b.line_id), None)
        if line_id is None or grant.committed_fy is None:
            return ledger.GENERAL_FUND
        line = self._budgets.line(grant.lg_code, grant.committed_fy, line_id)
        return line.fund if line is not None else ledger.GENERAL_FUND

    def _commit(self, intents: list[Intent], grant_id: str) -> None:
        try:
            self._unit_of_work.commit(intents)
        except WriteConflict:
            raise Conflict(f"Grant {grant_id}'s settlement report changed meanwhile") from None


__all__ = ["GrantSettlements"]
