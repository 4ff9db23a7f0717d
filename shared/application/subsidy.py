"""Subsidy validation (보탬e): grants (교부결정) and the similar programs they name, sanctions, and a subsidy
claim's hard checks (at receipt) and soft indicators (after it). Pure logic over an injected store and clock: no
AWS types. The national link is ``shared.application.linkage``, the review queue ``shared.application.reviews``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from shared.application.actors import require_official
from shared.domain.actor import Actor
from shared.domain.calendar import now_seoul
from shared.domain.documents import Finding, Invoice
from shared.domain.documents.brn import is_valid_brn
from shared.domain.errors import Invalid, NotFound
from shared.domain.subsidy.model import (
    Grant,
    GrantSummary,
    IndicatorContext,
    Reservation,
    Review,
    Sanction,
    SimilarProgram,
)
from shared.domain.subsidy.ports import SubsidyStore

SHARE_NAMES = ("national", "province", "city", "self")
MAX_GRANT_YEARS = 5  # a grant period spans at most 5 years ...
GRANT_YEARS = (2000, 2100)  # ... within these years: the similar-program index costs keys per year


@dataclass(frozen=True, slots=True)
class GrantRequest:
    title: str
    purpose: str
    field: str
    recipient_brn: str
    start: date
    end: date
    budget: tuple[tuple[str, int], ...]
    funding_shares: dict[str, str]
    grant_id: str | None = None
    lines: tuple[tuple[str, str], ...] = ()  # (category, 세출 line id): where the LG's 교부 is paid from
    # the official's acknowledgement of each similar or duplicate program found: (code, other grant id, reason)
    acknowledged: tuple[tuple[str, str, str], ...] = ()


def invoice_key(vendor_brn: str, invoice_id: str) -> str:
    """The F12 evidence key: the vendor and its invoice id (승인번호 for KEC), shared with the national link."""
    return f"{vendor_brn}#{invoice_id}"


class SubsidyService:
    def __init__(
        self,
        repository: SubsidyStore,
        clock: Callable[[], datetime] = now_seoul,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex[:12],
    ) -> None:
        self._repo = repository
        self._clock = clock
        self._new_id = new_id

    # -- grants ---------------------------------------------------------------------------------------------------

    def similar_programs(self, grant: GrantSummary) -> list[SimilarProgram]:
        """P01/P02 through the blocking index, never a scan: one Query per probe key (about half the grant's title
        and purpose grams per year, for its LG and for NATIONAL, chosen without reads; and every recipient key),
        then BatchGets of the candidates, verified by the pairwise rules. At most 200 gram keys a year of the
        period plus one per category (``shared.domain.subsidy.similarity``)."""
        # imported where used, like the indicators: the claims path builds this service for its hard checks only
        from shared.domain.subsidy.similarity import gram_probe_keys, naive_find, recipient_keys

        keys = [f"BLOCK#{k}" for k in sorted(gram_probe_keys(grant))] + [
            f"RECIP#{k}" for k in sorted(recipient_keys(grant))
        ]
        entries = self._repo.index_lookup(keys)
        # an entry names its grant by reference, <lg>#<id>: grant ids are scoped per LG
        candidates = sorted(
            {e.grant_id for found in entries.values() for e in found} - {f"{grant.lg_code}#{grant.grant_id}"}
        )
        # a rejected application (교부신청 not granted) funds nothing: it is no similar program
        summaries = [s for s in self._repo.grant_summaries(candidates) if s.status != "REJECTED"]
        return naive_find(grant, summaries)

    def get_grant(self, actor: Actor, grant_id: str) -> Grant:
        """An official reads its LG's grant of that id; a business the grant of that id it is the recipient of.
        Another LG's grant of the same id is another grant, and answers 404 as if it did not exist."""
        grant = None
        if actor.role == "official":
            grant = self._repo.get_grant(actor.org, grant_id)
        elif actor.role == "business":
            grant = next(iter(self._repo.recipient_grants(actor.org, grant_id)), None)
        if grant is None or not _sees_grant(actor, grant):
            raise NotFound(f"No grant {grant_id}")
        return grant

    # -- sanctions ------------------------------------------------------------------------------------------------

    def add_sanction(self, actor: Actor, brn: str, reason: str, start: date, until: date) -> Sanction:
        require_official(actor)
        findings = []
        if not is_valid_brn(brn):
            findings.append(Finding("KR-BRN", f"{brn} is not a valid business registration number", "/brn"))
        if until < start:
            findings.append(Finding("PERIOD", "until is before from", "/until"))
        if findings:
            raise Invalid("The sanction is not valid", findings)
        sanction = Sanction(f"S-{self._new_id()}", brn, reason, start, until, actor.org)
        self._repo.add_sanction(sanction, self._clock().isoformat())
        return sanction

    # -- a subsidy claim's hard checks (synchronous, at receipt) -------------------------------------------------

    def hard_check(
        self, actor: Actor, lg_code: str, grant_id: str | None, category: str | None, invoice: Invoice, vendor: str
    ) -> Reservation:
        """Refuse at once (every failing rule together), or say what the claim will reserve."""
        if not grant_id or not category:
            raise Invalid(
                "A subsidy claim names its grant and category",
                [Finding("GRANT_REQUIRED", "grantId and category are required for a subsidy claim", "/grantId")],
            )
        key = invoice_key(vendor, invoice.invoice_id)
        facts = self._repo.hard_check_facts(lg_code, grant_id, category, actor.org, key)
        grant = facts.grant
        if grant is None or grant.lg_code != lg_code or grant.recipient_brn != actor.org:
            raise Invalid(
                f"No grant {grant_id} for this recipient",
                [Finding("GRANT_NOT_FOUND", f"No grant {grant_id} of LG {lg_code} for this recipient", "/grantId")],
            )
        today = self._clock().date()
        amount = _whole_won(invoice.grand_total)
        findings: list[Finding] = []
        if grant.status != "OPEN":
            findings.append(Finding("GRANT_CLOSED", f"Grant {grant_id} is {grant.status.lower()}", "/grantId"))
        for sanction in facts.sanctions:
            if sanction.active_on(today):
                findings.append(
                    Finding(
                        "SANCTIONED",
                        f"The recipient is sanctioned until {sanction.until} ({sanction.sanction_id})",
                        "/grantId",
                    )
                )
        if invoice.issue_date is None or not grant.period.contains(invoice.issue_date):
            findings.append(
                Finding(
                    "F16",
                    f"The invoice date {invoice.issue_date} is outside the grant period "
                    f"{grant.period.start} to {grant.period.end}",
                    "issueDate",
                )
            )
        if facts.evidence_claim:
            findings.append(
                Finding(
                    "F12",
                    "This invoice is already evidence of another claim (local or national); "
                    "an invoice is evidence once",
                    "id",
                )
            )  # which one is not the caller's to know
        if (invoice.currency or "KRW") != "KRW":
            findings.append(Finding("CURRENCY", "Subsidy claims are in Korean won (KRW)", "currency"))
        if amount is None:
            findings.append(Finding("KR-WHOLE-WON", "The amount must be whole won", "grandTotal"))
        if facts.category is None:
            findings.append(Finding("CATEGORY_UNKNOWN", f"Grant {grant_id} has no category {category}", "/category"))
        elif amount is not None and facts.category.remaining < amount:
            findings.append(
                Finding(
                    "BUDGET_EXCEEDED",
                    f"{amount:,} won is over the {facts.category.remaining:,} won left in {category}",
                    "/category",
                )
            )
        if findings or amount is None or invoice.issue_date is None:  # no findings: both are known
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        return Reservation(grant_id, category, amount, vendor, key, invoice.issue_date, lg_code=lg_code)

    # -- soft indicators (asynchronous, after ClaimReceived) --------------------------------------------------------

    def validate_claim(self, data: dict[str, Any]) -> Review | None:
        """Run every soft indicator on a received subsidy claim; record its risk, and a review when any fired.
        A replay of the same event changes nothing (the review id comes from the claim id)."""
        from shared.domain.subsidy.indicators import evaluate, risk_score  # imported where used: see similar_programs

        activity = self._repo.grant_activity(data["lgCode"], data["grantId"])
        if activity is None:
            return None
        claim_id = data["claimId"]
        this = next((s for s, _ in activity.spends if s.claim_id == claim_id), None)
        if this is None:  # released or unknown: nothing to judge
            return None
        earlier = tuple(s for s, status in activity.spends if s.claim_id != claim_id and status != "RELEASED")
        recipient = activity.grant.recipient_brn
        facts, cancelled = self._repo.businesses_and_evidence(
            [this.vendor_brn, recipient], this.invoice_key, lg_code=activity.grant.lg_code
        )
        context = IndicatorContext(
            claim=this,
            grant=activity.grant.summary(),
            vendor=facts.get(this.vendor_brn),
            recipient=facts.get(recipient),
            earlier=earlier,
            cancelled_invoice_keys=frozenset({this.invoice_key}) if cancelled else frozenset(),
        )
        hits = evaluate(context)
        score = risk_score(hits)
        review = None
        if hits:
            review = Review(
                review_id=f"R-{claim_id}",
                claim_id=claim_id,
                grant_id=activity.grant.grant_id,
                lg_code=activity.grant.lg_code,
                score=score,
                indicators=[h.as_dict() for h in hits],
                status="open",
                created_at=self._clock().isoformat(),
            )
        risk: dict[str, object] = {"score": score, "indicators": [h.code for h in hits]}
        if review:
            risk["reviewId"] = review.review_id
        self._repo.record_review(review, claim_id, risk)
        return review


# -- helpers ---------------------------------------------------------------------------------------------------


def _sees_grant(actor: Actor, grant: Grant) -> bool:
    if actor.role == "official":
        return grant.lg_code == actor.org
    if actor.role == "business":
        return grant.recipient_brn == actor.org
    return False


def _whole_won(value: Decimal | None) -> int | None:
    if value is None or value != value.to_integral_value() or value < 0:
        return None
    return int(value)


def _index_entries(grant: GrantSummary) -> dict[str, dict[str, str]]:
    """Every ``index_keys`` entry of the grant: ``BLOCK#<lg>#<field>#<year>#[p#]<gram>`` (title and purpose, under
    its own LG) and ``RECIP#<brn>#<category>`` (with the period)."""
    from shared.domain.subsidy.similarity import gram_keys, recipient_keys  # imported where used: see similar_programs

    period = {"start": grant.period.start.isoformat(), "end": grant.period.end.isoformat()}
    return {f"BLOCK#{k}": {} for k in gram_keys(grant)} | {f"RECIP#{k}": period for k in recipient_keys(grant)}


def _grant_request_findings(request: GrantRequest) -> list[Finding]:
    """The rules of a grant request, every failing one (``POST /v1/grants`` and the national link's grant lines)."""
    findings = []
    if not is_valid_brn(request.recipient_brn):
        findings.append(Finding("KR-BRN", f"{request.recipient_brn} is not a valid BRN", "/recipientBrn"))
    if request.end < request.start:
        findings.append(Finding("PERIOD", "The period ends before it starts", "/period"))
    elif not all(GRANT_YEARS[0] <= day.year <= GRANT_YEARS[1] for day in (request.start, request.end)):
        findings.append(
            Finding(
                "GRANT_PERIOD",
                f"The grant period lies within the years {GRANT_YEARS[0]} to {GRANT_YEARS[1]}",
                "/period",
            )
        )
    elif request.end > _years_after(request.start, MAX_GRANT_YEARS):
        findings.append(Finding("GRANT_PERIOD", f"A grant period spans at most {MAX_GRANT_YEARS} years", "/period"))
    categories = [c for c, _ in request.budget]
    if not categories or len(set(categories)) != len(categories):
        findings.append(Finding("BUDGET", "Each category appears once, and there is at least one", "/budget"))
    if any(amount <= 0 for _, amount in request.budget):
        findings.append(Finding("BUDGET", "Every category amount is positive whole won", "/budget"))
    try:
        shares = [Decimal(str(request.funding_shares.get(name, "0"))) for name in SHARE_NAMES]
        if any(s < 0 for s in shares) or sum(shares) != 1:
            findings.append(Finding("FUNDING_SHARES", "Funding shares are fractions that sum to 1", "/fundingShares"))
        elif shares[-1] == 1:  # all 자부담: nothing for the LG to grant
            findings.append(Finding("FUNDING_SHARES", "The public shares fund part of the program", "/fundingShares"))
    except InvalidOperation:
        findings.append(Finding("FUNDING_SHARES", "Funding shares are decimal fractions", "/fundingShares"))
    return findings


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


__all__ = ["GrantRequest", "SubsidyService", "invoice_key"]
