"""Subsidy validation (보탬e): grants, sanctions, the national link, a claim's hard checks, its soft indicators and
the review queue. Pure logic over an injected repository and clock: no AWS types."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from shared.calendar import now_seoul
from shared.claims.model import Actor, Claim
from shared.documents import Finding, Invoice
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.subsidy.model import (
    BusinessFacts,
    CategoryBudget,
    Grant,
    GrantSummary,
    IndicatorContext,
    Period,
    Reservation,
    Review,
    Sanction,
    Spend,
)

NATIONAL = "NATIONAL"
SANCTION_OFFER_YEARS = 5  # exclusion period offered after confirmed fraud (지방보조금법: up to 5 years)
SURCHARGE_MULTIPLE = 5  # 제재부가금: up to 5 times the amount
SHARE_NAMES = ("national", "province", "city", "self")
MAX_LINKAGE_LINES = 50_000


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


def invoice_key(vendor_brn: str, invoice_id: str) -> str:
    """The F12 evidence key: the vendor and its invoice id (승인번호 for KEC), shared with the national link."""
    return f"{vendor_brn}#{invoice_id}"


class SubsidyService:
    def __init__(self, repository: Any, claims_repository: Any = None,
                 clock: Callable[[], datetime] = now_seoul,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex[:12]) -> None:
        self._repo = repository
        self._claims = claims_repository
        self._clock = clock
        self._new_id = new_id

    # -- grants ---------------------------------------------------------------------------------------------------

    def create_grant(self, actor: Actor, request: GrantRequest) -> Grant:
        """Create a grant (교부결정); its answer names every similar or duplicate program (P01, P02)."""
        _official(actor)
        findings = _grant_request_findings(request)
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        grant = Grant(
            grant_id=request.grant_id or f"G-{actor.org}-{self._new_id()}", lg_code=actor.org, title=request.title,
            purpose=request.purpose, field=request.field, recipient_brn=request.recipient_brn,
            period=Period(request.start, request.end),
            budget=[CategoryBudget(category, amount) for category, amount in request.budget],
            funding_shares=request.funding_shares, created_at=self._clock().isoformat(),
        )
        grant.findings = [hit.as_dict() for hit in self.similar_programs(grant.summary())]
        from shared.data.subsidy_repository import GrantExists

        try:
            self._repo.create_grant(grant, _index_entries(grant.summary()))
        except GrantExists:
            raise Conflict(f"Grant {grant.grant_id} already exists") from None
        return grant

    def similar_programs(self, grant: GrantSummary) -> list:
        """P01/P02 through the blocking index, never a scan: one Query per probe key (about half the grant's title
        and purpose grams per year, for its LG and for NATIONAL, chosen without reads; and every recipient key),
        then BatchGets of the candidates, verified by the pairwise rules. At most 200 gram keys a year of the
        period plus one per category (``shared.subsidy.similarity``)."""
        from shared.subsidy.similarity import gram_probe_keys, naive_find, recipient_keys

        keys = [f"BLOCK#{k}" for k in sorted(gram_probe_keys(grant))] + [f"RECIP#{k}" for k in
                                                                          sorted(recipient_keys(grant))]
        entries = self._repo.index_lookup(keys)
        candidates = sorted({e.grant_id for found in entries.values() for e in found} - {grant.grant_id})
        return naive_find(grant, self._repo.grant_summaries(candidates))

    def get_grant(self, actor: Actor, grant_id: str) -> Grant:
        grant = self._repo.get_grant(grant_id)
        if grant is None or not _sees_grant(actor, grant):
            raise NotFound(f"No grant {grant_id}")
        return grant

    # -- sanctions ------------------------------------------------------------------------------------------------

    def add_sanction(self, actor: Actor, brn: str, reason: str, start: date, until: date) -> Sanction:
        _official(actor)
        from shared.documents.brn import is_valid_brn

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

    def hard_check(self, actor: Actor, lg_code: str, grant_id: str | None, category: str | None,
                   invoice: Invoice, vendor: str) -> Reservation:
        """Refuse at once (every failing rule together), or say what the claim will reserve."""
        if not grant_id or not category:
            raise Invalid("A subsidy claim names its grant and category", [
                Finding("GRANT_REQUIRED", "grantId and category are required for a subsidy claim", "/grantId")])
        key = invoice_key(vendor, invoice.invoice_id)
        facts = self._repo.hard_check_facts(grant_id, category, actor.org, key)
        grant = facts.grant
        if grant is None or grant.lg_code != lg_code or grant.recipient_brn != actor.org:
            raise Invalid(f"No grant {grant_id} for this recipient",
                          [Finding("GRANT_NOT_FOUND", f"No grant {grant_id} of LG {lg_code} for this recipient",
                                   "/grantId")])
        today = self._clock().date()
        amount = _whole_won(invoice.grand_total)
        findings: list[Finding] = []
        if grant.status != "OPEN":
            findings.append(Finding("GRANT_CLOSED", f"Grant {grant_id} is {grant.status.lower()}", "/grantId"))
        for sanction in facts.sanctions:
            if sanction.active_on(today):
                findings.append(Finding("SANCTIONED", f"The recipient is sanctioned until {sanction.until} "
                                        f"({sanction.sanction_id})", "/grantId"))
        if invoice.issue_date is None or not grant.period.contains(invoice.issue_date):
            findings.append(Finding("F16", f"The invoice date {invoice.issue_date} is outside the grant period "
                                    f"{grant.period.start} to {grant.period.end}", "issueDate"))
        if facts.evidence_claim:
            findings.append(Finding("F12", f"This invoice is already evidence of {facts.evidence_claim}", "id"))
        if (invoice.currency or "KRW") != "KRW":
            findings.append(Finding("CURRENCY", "Subsidy claims are in Korean won (KRW)", "currency"))
        if amount is None:
            findings.append(Finding("KR-WHOLE-WON", "The amount must be whole won", "grandTotal"))
        if facts.category is None:
            findings.append(Finding("CATEGORY_UNKNOWN", f"Grant {grant_id} has no category {category}", "/category"))
        elif amount is not None and facts.category.remaining < amount:
            findings.append(Finding("BUDGET_EXCEEDED", f"{amount:,} won is over the {facts.category.remaining:,} won "
                                    f"left in {category}", "/category"))
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        return Reservation(grant_id, category, amount, vendor, key, invoice.issue_date)

    # -- soft indicators (asynchronous, after ClaimReceived) --------------------------------------------------------

    def validate_claim(self, data: dict[str, Any], claims_key: tuple[str, str]) -> Review | None:
        """Run every soft indicator on a received subsidy claim; record its risk, and a review when any fired.
        A replay of the same event changes nothing (the review id comes from the claim id)."""
        from shared.subsidy.indicators import evaluate, risk_score

        activity = self._repo.grant_activity(data["grantId"])
        if activity is None:
            return None
        claim_id = data["claimId"]
        this = next((s for s, _ in activity.spends if s.claim_id == claim_id), None)
        if this is None:  # released or unknown: nothing to judge
            return None
        earlier = tuple(s for s, status in activity.spends if s.claim_id != claim_id and status != "RELEASED")
        recipient = activity.grant.recipient_brn
        facts, cancelled = self._repo.businesses_and_evidence([this.vendor_brn, recipient], this.invoice_key)
        context = IndicatorContext(claim=this, grant=activity.grant.summary(), vendor=facts.get(this.vendor_brn),
                                   recipient=facts.get(recipient), earlier=earlier,
                                   cancelled_invoice_keys=frozenset({this.invoice_key}) if cancelled else frozenset())
        hits = evaluate(context)
        score = risk_score(hits)
        review = None
        if hits:
            review = Review(review_id=f"R-{claim_id}", claim_id=claim_id, grant_id=activity.grant.grant_id,
                            lg_code=activity.grant.lg_code, score=score,
                            indicators=[h.as_dict() for h in hits], status="open",
                            created_at=self._clock().isoformat())
        risk = {"score": score, "indicators": [h.code for h in hits]}
        if review:
            risk["reviewId"] = review.review_id
        self._repo.record_review(review, claims_key, risk)
        return review

    # -- reviews --------------------------------------------------------------------------------------------------

    def list_reviews(self, actor: Actor, status: str, limit: int) -> list[Review]:
        _official(actor)
        return self._repo.list_reviews(actor.org, status, limit)

    def resolve_review(self, actor: Actor, review_id: str, outcome: str, note: str,
                       return_claim: Callable[[str, str], Claim]) -> dict[str, object]:
        """Clear a flag, or confirm fraud: the claim is returned (its reservation released) and a sanction offered."""
        from shared.data.subsidy_repository import StaleReview

        _official(actor)
        review = self._repo.get_review(review_id)
        if review is None or review.lg_code != actor.org:
            raise NotFound(f"No review {review_id}")
        if review.status != "open":
            raise Conflict(f"Review {review_id} is already {review.status}")
        now = self._clock()
        review.status, review.resolved_at, review.resolved_by, review.note = outcome, now.isoformat(), actor.label, note
        try:
            self._repo.resolve_review(review)
        except StaleReview:
            raise Conflict(f"Review {review_id} was resolved meanwhile") from None
        answer: dict[str, object] = {"review": review.to_api()}
        if outcome == "fraud":
            claim = return_claim(review.claim_id, f"부정수급 확인 (fraud confirmed, review {review_id}): {note}")
            answer["claim"] = claim.to_api()
            answer["sanctionOffer"] = {
                "brn": claim.buyer,
                "reason": f"부정수급 (fraud) confirmed in review {review_id}",
                "from": now.date().isoformat(),
                "until": (now.date() + timedelta(days=365 * SANCTION_OFFER_YEARS)).isoformat(),
                "surchargeUpTo": int(Decimal(claim.grand_total)) * SURCHARGE_MULTIPLE,
            }
        return answer

    # -- the national link (e나라도움) --------------------------------------------------------------------------------

    def import_linkage(self, text: str, lg_code_for_flags: str | None = None) -> dict[str, object]:
        """Import JSON lines of national grants, executions and business facts. Every line is a put by its key,
        so importing the same file twice changes nothing; a bad line is reported and skipped."""
        counts = {"grants": 0, "executions": 0, "businesses": 0, "flagged": 0}
        errors: list[dict[str, object]] = []
        lines = text.splitlines()
        if len(lines) > MAX_LINKAGE_LINES:
            raise Invalid("Too many lines", [Finding("TOO_LARGE", f"At most {MAX_LINKAGE_LINES} lines a file", "")])
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("a line must be a JSON object")
                kind = record.get("type")
                if kind == "grant":
                    self._import_grant(record)
                    counts["grants"] += 1
                elif kind == "execution":
                    counts["flagged"] += self._import_execution(record)
                    counts["executions"] += 1
                elif kind == "business":
                    self._repo.put_business(_business(record))
                    counts["businesses"] += 1
                else:
                    raise ValueError(f"unknown type {kind!r}")
            except (ValueError, KeyError, TypeError, InvalidOperation) as error:
                errors.append({"line": number, "code": "LINKAGE_INVALID", "message": str(error)[:300]})
        return {**counts, "errors": errors}

    def _import_grant(self, record: dict[str, Any]) -> None:
        request = _grant_request(record)
        if _grant_request_findings(request):
            raise ValueError("; ".join(f.message for f in _grant_request_findings(request)))
        grant = Grant(grant_id=request.grant_id or "", lg_code=str(record.get("lgCode") or NATIONAL),
                      title=request.title, purpose=request.purpose, field=request.field,
                      recipient_brn=request.recipient_brn, period=Period(request.start, request.end),
                      budget=[CategoryBudget(c, a) for c, a in request.budget], funding_shares=request.funding_shares,
                      created_at=self._clock().isoformat(), source="national")
        if not grant.grant_id:
            raise ValueError("grantId is required")
        self._repo.put_national_grant(grant, _index_entries(grant.summary()))

    def _import_execution(self, record: dict[str, Any]) -> int:
        vendor, invoice_id = str(record["vendorBrn"]), str(record["invoiceId"])
        cancelled = bool(record.get("cancelled"))
        holder = self._repo.put_national_execution(str(record["grantId"]), vendor, invoice_id,
                                                   int(record["amount"]), date.fromisoformat(record["date"]),
                                                   cancelled)
        if not holder or self._claims is None:
            return 0
        claim = self._claims.get(holder)
        if claim is None or not claim.grant_id:
            return 0
        code, title = ("F03", "cancelled evidence") if cancelled else ("F12", "reused evidence (national)")
        evidence = {"invoiceKey": invoice_key(vendor, invoice_id), "nationalGrant": str(record["grantId"]),
                    "nationalAmount": int(record["amount"]), "date": record["date"]}
        review = Review(review_id=f"R-{holder}-{code}", claim_id=holder, grant_id=claim.grant_id,
                        lg_code=claim.lg_code, score=50,
                        indicators=[{"code": code, "weight": 50, "title": title, "evidence": evidence}],
                        status="open", created_at=self._clock().isoformat())
        return 1 if self._repo.add_review(review) else 0


# -- helpers ---------------------------------------------------------------------------------------------------


def _official(actor: Actor) -> None:
    if actor.role != "official":
        raise Forbidden("Only an LG official may do this")


def _sees_grant(actor: Actor, grant: Grant) -> bool:
    if actor.role == "official":
        return grant.lg_code == actor.org
    return grant.recipient_brn == actor.org


def _whole_won(value: Decimal | None) -> int | None:
    if value is None or value != value.to_integral_value() or value < 0:
        return None
    return int(value)


def _index_entries(grant: GrantSummary) -> dict[str, dict[str, str]]:
    """Every ``index_keys`` entry of the grant: ``BLOCK#<lg>#<field>#<year>#[p#]<gram>`` (title and purpose, under
    its own LG) and ``RECIP#<brn>#<category>`` (with the period)."""
    from shared.subsidy.similarity import gram_keys, recipient_keys

    period = {"start": grant.period.start.isoformat(), "end": grant.period.end.isoformat()}
    return {f"BLOCK#{k}": {} for k in gram_keys(grant)} | {f"RECIP#{k}": period for k in recipient_keys(grant)}


def _grant_request_findings(request: GrantRequest) -> list[Finding]:
    from shared.documents.brn import is_valid_brn

    findings = []
    if not is_valid_brn(request.recipient_brn):
        findings.append(Finding("KR-BRN", f"{request.recipient_brn} is not a valid BRN", "/recipientBrn"))
    if request.end < request.start:
        findings.append(Finding("PERIOD", "The period ends before it starts", "/period"))
    categories = [c for c, _ in request.budget]
    if not categories or len(set(categories)) != len(categories):
        findings.append(Finding("BUDGET", "Each category appears once, and there is at least one", "/budget"))
    if any(amount <= 0 for _, amount in request.budget):
        findings.append(Finding("BUDGET", "Every category amount is positive whole won", "/budget"))
    try:
        shares = [Decimal(str(request.funding_shares.get(name, "0"))) for name in SHARE_NAMES]
        if any(s < 0 for s in shares) or sum(shares) != 1:
            findings.append(Finding("FUNDING_SHARES", "Funding shares are fractions that sum to 1",
                                    "/fundingShares"))
    except InvalidOperation:
        findings.append(Finding("FUNDING_SHARES", "Funding shares are decimal fractions", "/fundingShares"))
    return findings


def _grant_request(record: dict[str, Any]) -> GrantRequest:
    period = record["period"]
    return GrantRequest(
        title=str(record["title"]), purpose=str(record.get("purpose", "")), field=str(record["field"]),
        recipient_brn=str(record["recipientBrn"]), start=date.fromisoformat(period["start"]),
        end=date.fromisoformat(period["end"]),
        budget=tuple((str(b["category"]), int(b["amount"])) for b in record.get("budget", [])),
        funding_shares={k: str(v) for k, v in (record.get("fundingShares") or {"national": "1"}).items()},
        grant_id=str(record["grantId"]) if record.get("grantId") else None,
    )


def _business(record: dict[str, Any]) -> BusinessFacts:
    status = record.get("status", "active")
    if status not in ("active", "suspended", "closed"):
        raise ValueError(f"unknown business status {status!r}")

    def day(name: str) -> date | None:
        return date.fromisoformat(record[name]) if record.get(name) else None

    return BusinessFacts(str(record["brn"]), status, day("statusSince"), day("registeredOn"),
                         record.get("representativeHash"), record.get("accountHolderHash"))


__all__ = ["GrantRequest", "SubsidyService", "Spend", "invoice_key"]
