"""보탬e's 교부신청 and 교부결정: a recipient applies for a grant; an official approves (naming the 세출 line each
category is paid from) or rejects it, or decides a grant directly (``POST /v1/grants``). Every approval passes the
same checks: no recipient under an active sanction of any LG (``SANCTIONED``), no similar or duplicate program
(P01, P02) the official has not acknowledged with a reason (``SIMILAR_PROGRAM_UNRESOLVED``), and the lines
committed for the LG's share only, never above their uncommitted 예산현액, in the decision's own unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from shared.application.actors import require_official
from shared.application.subsidy import GrantRequest, SubsidyService, _grant_request_findings, _index_entries
from shared.domain.actor import Actor
from shared.domain.calendar import now_seoul
from shared.domain.documents import Finding
from shared.domain.errors import Conflict, Forbidden, Invalid, NotFound
from shared.domain.settlement.ports import BudgetStore
from shared.domain.subsidy.model import CategoryBudget, Grant, Period
from shared.domain.subsidy.ports import SubsidyStore
from shared.domain.unit_of_work import CommitLine, DecideGrant, Intent, PostEntries, UnitOfWork, WriteConflict

APPLIED, APPROVED, REJECTED = "APPLIED", "OPEN", "REJECTED"
MIN_REASON = 5  # characters of an acknowledgement's or a rejection's reason


class GrantDecisions:
    def __init__(
        self,
        subsidy: SubsidyService,
        repository: SubsidyStore,
        budgets: BudgetStore,
        unit_of_work: UnitOfWork,
        clock: Callable[[], datetime] = now_seoul,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex[:12],
    ) -> None:
        self._subsidy = subsidy
        self._repo = repository
        self._budgets = budgets
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._new_id = new_id

    def apply(self, actor: Actor, lg_code: str, request: GrantRequest) -> Grant:
        """교부신청: a business applies to LG ``lg_code`` for a grant to itself. The answer names every similar or
        duplicate program (P01, P02) at once; the application is indexed, so a duplicate application elsewhere
        finds it. A business a sanction bars today may not apply (``SANCTIONED``: it reads its own period)."""
        if actor.role != "business":
            raise Forbidden("Only the recipient business applies for a grant")
        request = replace(request, recipient_brn=actor.org, lines=(), acknowledged=())
        findings = _grant_request_findings(request)
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        self._refuse_sanctioned(request.recipient_brn)
        grant = self._grant(lg_code, request, APPLIED, request.grant_id or f"A-{lg_code}-{self._new_id()}")
        grant.findings = [hit.as_dict() for hit in self._subsidy.similar_programs(grant.summary())]
        self._repo.create_grant(grant, _index_entries(grant.summary()))
        return grant

    def create_grant(self, actor: Actor, request: GrantRequest) -> Grant:
        """An official's direct 교부결정: the checks of an approval, and the grant written with its lines'
        commitment in one unit of work (nothing is written when one fails)."""
        require_official(actor)
        findings = _grant_request_findings(request)
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        self._refuse_sanctioned(request.recipient_brn)
        grant = self._grant(actor.org, request, APPROVED, request.grant_id or f"G-{actor.org}-{self._new_id()}")
        self._approve(actor, grant, request.acknowledged, new=True)
        return grant

    def decide(
        self,
        actor: Actor,
        grant_id: str,
        approve: bool,
        lines: tuple[tuple[str, str], ...] = (),
        acknowledged: tuple[tuple[str, str, str], ...] = (),
        reason: str | None = None,
    ) -> Grant:
        """교부결정 of an application of the official's LG: approve (every category names its 세출 line), or
        reject with a reason. Decided once: a second decision is a conflict."""
        require_official(actor, "Only an official of the LG decides its grant applications")
        grant = self._repo.get_grant(actor.org, grant_id)
        if grant is None or grant.lg_code != actor.org:
            raise NotFound(f"No grant application {grant_id}")
        if grant.status != APPLIED:
            raise Conflict(f"Application {grant_id} is already decided ({grant.status.lower()})")
        if not approve:
            if not reason or len(reason.strip()) < MIN_REASON:
                raise Invalid(
                    "A rejection says why",
                    [Finding("REASON_REQUIRED", f"A rejection gives a reason of {MIN_REASON} or more", "/reason")],
                )
            grant.status = REJECTED
            grant.decided = {
                "outcome": "rejected",
                "by": actor.label,
                "at": self._clock().isoformat(),
                "reason": reason,
            }
            self._commit([DecideGrant(grant)], grant, new=False)
            return grant
        named = dict(lines)
        categories = {b.category for b in grant.budget}
        problems = [
            Finding("CATEGORY_UNKNOWN", f"The application has no category {c}", "/lines")
            for c in sorted(named)
            if c not in categories
        ] + [
            Finding("GRANT_LINE_REQUIRED", f"Category {b.category} names no 세출 line", "/lines")
            for b in grant.budget
            if b.category not in named
        ]
        if problems:
            raise Invalid("Each category names the line it is paid from", problems)
        self._refuse_sanctioned(grant.recipient_brn)
        grant.budget = [replace(b, line_id=named[b.category]) for b in grant.budget]
        grant.status = APPROVED
        self._approve(actor, grant, acknowledged, new=False)
        return grant

    # -- the checks and the write of an approval -------------------------------------------------------------------

    def _approve(self, actor: Actor, grant: Grant, acknowledged: tuple[tuple[str, str, str], ...], new: bool) -> None:
        from shared.domain.settlement.grant_advances import commitment

        now = self._clock()
        found = [hit.as_dict() for hit in self._subsidy.similar_programs(grant.summary())]
        grant.findings = _acknowledged(found, acknowledged, actor, now.isoformat())
        grant.decided = {"outcome": "approved", "by": actor.label, "at": now.isoformat()}
        intents = commitment(grant, self._budgets, now.date())  # sets the grant's committed fiscal year
        self._commit([DecideGrant(grant, new), *intents], grant, new)
        if new:
            self._repo.index_grant(grant, _index_entries(grant.summary()))

    def _commit(self, intents: list[Intent], grant: Grant, new: bool) -> None:
        try:
            self._unit_of_work.commit(intents)
        except WriteConflict as conflict:
            if conflict.failed_any(DecideGrant):
                if new:
                    raise Conflict(f"Grant {grant.grant_id} already exists") from None
                raise Conflict(f"Application {grant.grant_id} was decided by someone else meanwhile") from None
            if conflict.failed_any(CommitLine):
                raise Invalid(
                    "Over the budget line",
                    [Finding("BUDGET_EXCEEDED", "Another commitment took a line's uncommitted budget", "/lines")],
                ) from None
            if conflict.failed_any(PostEntries):  # the ledger refuses only a closed month here
                raise Conflict(
                    "The month is closed (월 마감): nothing can be committed in it",
                    [Finding("PERIOD_CLOSED", f"{self._clock():%Y-%m} is closed for LG {grant.lg_code}", "")],
                ) from None
            raise

    def _refuse_sanctioned(self, brn: str) -> None:
        """Refused for a recipient a sanction (제재, recorded by any LG) bars today, naming its period only (which
        LG sanctioned, and why, is not another LG's to read)."""
        today = self._clock().date()
        barred = [s for s in self._repo.recipient_sanctions(brn) if s.active_on(today)]
        if barred:
            raise Invalid(
                "The recipient is sanctioned",
                [
                    Finding(
                        "SANCTIONED",
                        f"The recipient is excluded from subsidies from {s.start} until {s.until}: no 교부결정 "
                        "while a sanction runs",
                        "/recipientBrn",
                    )
                    for s in barred
                ],
            )

    def _grant(self, lg_code: str, request: GrantRequest, status: str, grant_id: str) -> Grant:
        return Grant(
            grant_id=grant_id,
            lg_code=lg_code,
            title=request.title,
            purpose=request.purpose,
            field=request.field,
            recipient_brn=request.recipient_brn,
            period=Period(request.start, request.end),
            budget=[
                CategoryBudget(category, amount, line_id=dict(request.lines).get(category))
                for category, amount in request.budget
            ],
            funding_shares=request.funding_shares,
            created_at=self._clock().isoformat(),
            status=status,
        )


def _acknowledged(
    found: list[dict[str, object]], acknowledged: tuple[tuple[str, str, str], ...], actor: Actor, at: str
) -> list[dict[str, object]]:
    """The findings with the official's acknowledgement recorded on each; refused while one is not acknowledged,
    or when an acknowledgement names no finding."""
    reasons = {(code, other): reason for code, other, reason in acknowledged}
    keys = {(str(f["code"]), str(f["grantId"])) for f in found}
    problems = [
        Finding(
            "SIMILAR_PROGRAM_UNRESOLVED",
            f"{f['code']} against grant {f['grantId']} ({f['source']}): {f['message']}; acknowledge it with a "
            "reason (acknowledgedFindings) to decide the grant anyway",
            "/acknowledgedFindings",
        )
        for f in found
        if (str(f["code"]), str(f["grantId"])) not in reasons
    ] + [
        Finding("ACKNOWLEDGED_FINDING_UNKNOWN", f"no {code} finding against grant {other}", "/acknowledgedFindings")
        for code, other in sorted(set(reasons) - keys)
    ]
    if problems:
        raise Invalid("Similar or duplicate programs are not resolved", problems)
    return [
        f | {"acknowledged": {"reason": reasons[(str(f["code"]), str(f["grantId"]))], "by": actor.label, "at": at}}
        for f in found
    ]


__all__ = ["GrantDecisions"]
