"""Subsidy validation (보탬e): grants, sanctions, the national link, a claim's hard checks, its soft indicators and
the review queue. Pure logic over an injected repository and clock: no AWS types."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from shared.domain.calendar import now_seoul
from shared.domain.claims.model import Actor, Claim, ClaimStatus
from shared.domain.documents import Finding, Invoice
from shared.domain.errors import Conflict, Forbidden, Invalid, NotFound
from shared.domain.subsidy.model import (
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
MAX_AMOUNT = 10**15  # whole won, as the API models
MAX_GRANT_YEARS = 5  # a grant period spans at most 5 years ...
GRANT_YEARS = (2000, 2100)  # ... within these years: the similar-program index costs keys per year
MAX_INVOICE_ID = 256
_LG_CODE = re.compile(r"[0-9]{5}")
_BRN = re.compile(r"[0-9]{10}")
_EXTERNAL_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")  # the API's grantId, contractId
_CATEGORY = re.compile(r"[0-9]{3}-[0-9]{2}")


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
    def __init__(
        self,
        repository: Any,
        claims_repository: Any = None,
        clock: Callable[[], datetime] = now_seoul,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex[:12],
    ) -> None:
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
            grant_id=request.grant_id or f"G-{actor.org}-{self._new_id()}",
            lg_code=actor.org,
            title=request.title,
            purpose=request.purpose,
            field=request.field,
            recipient_brn=request.recipient_brn,
            period=Period(request.start, request.end),
            budget=[CategoryBudget(category, amount) for category, amount in request.budget],
            funding_shares=request.funding_shares,
            created_at=self._clock().isoformat(),
        )
        grant.findings = [hit.as_dict() for hit in self.similar_programs(grant.summary())]
        from shared.domain.subsidy.ports import GrantExists

        try:
            self._repo.create_grant(grant, _index_entries(grant.summary()))
        except GrantExists:
            raise Conflict(f"Grant {grant.grant_id} already exists") from None
        return grant

    def similar_programs(self, grant: GrantSummary) -> list:
        """P01/P02 through the blocking index, never a scan: one Query per probe key (about half the grant's title
        and purpose grams per year, for its LG and for NATIONAL, chosen without reads; and every recipient key),
        then BatchGets of the candidates, verified by the pairwise rules. At most 200 gram keys a year of the
        period plus one per category (``shared.domain.subsidy.similarity``)."""
        from shared.domain.subsidy.similarity import gram_probe_keys, naive_find, recipient_keys

        keys = [f"BLOCK#{k}" for k in sorted(gram_probe_keys(grant))] + [
            f"RECIP#{k}" for k in sorted(recipient_keys(grant))
        ]
        entries = self._repo.index_lookup(keys)
        # an entry names its grant by reference, <lg>#<id>: grant ids are scoped per LG
        candidates = sorted(
            {e.grant_id for found in entries.values() for e in found} - {f"{grant.lg_code}#{grant.grant_id}"}
        )
        return naive_find(grant, self._repo.grant_summaries(candidates))

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
        _official(actor)
        from shared.domain.documents.brn import is_valid_brn

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
        if findings:
            raise Invalid(f"{len(findings)} rule(s) failed", findings)
        return Reservation(grant_id, category, amount, vendor, key, invoice.issue_date, lg_code=lg_code)

    # -- soft indicators (asynchronous, after ClaimReceived) --------------------------------------------------------

    def validate_claim(self, data: dict[str, Any], claims_key: tuple[str, str]) -> Review | None:
        """Run every soft indicator on a received subsidy claim; record its risk, and a review when any fired.
        A replay of the same event changes nothing (the review id comes from the claim id)."""
        from shared.domain.subsidy.indicators import evaluate, risk_score

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
        risk = {"score": score, "indicators": [h.code for h in hits]}
        if review:
            risk["reviewId"] = review.review_id
        self._repo.record_review(review, claims_key, risk)
        return review

    # -- reviews --------------------------------------------------------------------------------------------------

    def list_reviews(self, actor: Actor, status: str, limit: int) -> list[Review]:
        _official(actor)
        return self._repo.list_reviews(actor.org, status, limit)

    def resolve_review(
        self, actor: Actor, review_id: str, outcome: str, note: str, return_claim: Callable[[str, str], Claim]
    ) -> dict[str, object]:
        """Clear a flag, or confirm fraud: a sanction is offered, and the claim is returned (its reservation
        released) when it is still received. An accepted, scheduled or paid claim is past returning: the answer
        says so (``claimReturned`` false) and the money is recovered (환수) outside this API."""
        from shared.domain.subsidy.ports import StaleReview

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
            claim, returned = self._return_if_received(
                review.claim_id, f"부정수급 확인 (fraud confirmed, review {review_id}): {note}", return_claim
            )
            answer["claim"] = claim.to_api()
            answer["claimReturned"] = returned
            answer["sanctionOffer"] = {
                "brn": claim.buyer,
                "reason": f"부정수급 (fraud) confirmed in review {review_id}",
                "from": now.date().isoformat(),
                "until": (now.date() + timedelta(days=365 * SANCTION_OFFER_YEARS)).isoformat(),
                "surchargeUpTo": int(Decimal(claim.grand_total)) * SURCHARGE_MULTIPLE,
            }
        return answer

    def _return_if_received(
        self, claim_id: str, reason: str, return_claim: Callable[[str, str], Claim]
    ) -> tuple[Claim, bool]:
        """The claim, and whether it was returned now: only a received claim is (also when it is accepted
        meanwhile, the return's conflict leaves it as it is)."""
        claim = self._claims.get(claim_id) if self._claims is not None else None
        if claim is not None and claim.status is not ClaimStatus.RECEIVED:
            return claim, False
        try:
            return return_claim(claim_id, reason), True
        except Conflict:
            claim = self._claims.get(claim_id) if self._claims is not None else None
            if claim is None or claim.status is ClaimStatus.RECEIVED:
                raise
            return claim, False

    # -- the national link (e나라도움) --------------------------------------------------------------------------------

    def import_linkage(self, text: str, importer: str | None = None) -> dict[str, object]:
        """Import JSON lines of national grants, executions and business facts. Every line is a put by its key,
        so importing the same file twice changes nothing; a bad line is reported and skipped.

        National facts have one writer, the national feed: ``importer`` None, the S3 ``linkage/`` path or the
        ``national`` role on ``POST /v1/linkage/national``. It imports lines of any LG and NATIONAL ones, and
        replaces any national-source grant (never a local grant, 교부결정 of an LG).

        ``importer`` is the LG of an official who sent the file through the API: the import stays within that LG.
        Its grant lines are of that LG only (``lgCode`` absent or NATIONAL: ``LINKAGE_LG_FORBIDDEN``) and replace
        only what its officials imported before (``LINKAGE_GRANT_TAKEN``); its executions name a grant of that
        LG (``LINKAGE_GRANT_UNKNOWN``), are evidence for that LG's claims only and flag only that LG's claims; its
        business lines are refused (``LINKAGE_BUSINESS_FORBIDDEN``): registry facts weigh on every LG's claims."""
        counts = {"grants": 0, "executions": 0, "businesses": 0, "flagged": 0}
        errors: list[dict[str, object]] = []
        lines = text.splitlines()
        if len(lines) > MAX_LINKAGE_LINES:
            raise Invalid("Too many lines", [Finding("TOO_LARGE", f"At most {MAX_LINKAGE_LINES} lines a file", "")])
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_constant=_not_a_number)
                if not isinstance(record, dict):
                    raise ValueError("a line must be a JSON object")
                kind = record.get("type")
                if kind == "grant":
                    self._import_grant(record, importer)
                    counts["grants"] += 1
                elif kind == "execution":
                    counts["flagged"] += self._import_execution(record, importer)
                    counts["executions"] += 1
                elif kind == "business":
                    business = _business(record)
                    if importer is not None:
                        raise LinkageRefused(
                            "LINKAGE_BUSINESS_FORBIDDEN",
                            "Business registry lines come from the "
                            "national feed only, not from an LG official's import",
                        )
                    self._repo.put_business(business)
                    counts["businesses"] += 1
                else:
                    raise ValueError(f"unknown type {str(kind)[:50]!r}")
            except LinkageRefused as refused:
                errors.append({"line": number, "code": refused.code, "message": str(refused)[:300]})
            except (ValueError, KeyError, TypeError, InvalidOperation, OverflowError, RecursionError) as error:
                message = "nested too deeply" if isinstance(error, RecursionError) else str(error)[:300]
                errors.append({"line": number, "code": "LINKAGE_INVALID", "message": message})
        return {**counts, "errors": errors}

    def _import_grant(self, record: dict[str, Any], importer: str | None) -> None:
        from shared.domain.subsidy.ports import GrantTaken

        request = _grant_request(record)
        findings = _grant_request_findings(request)
        if findings:
            raise ValueError("; ".join(f.message for f in findings))
        lg_code = record.get("lgCode") or NATIONAL
        if not isinstance(lg_code, str) or not (lg_code == NATIONAL or _LG_CODE.fullmatch(lg_code)):
            raise ValueError(f"lgCode is a 5-digit LG code or {NATIONAL}")
        if importer is not None and lg_code != importer:
            raise LinkageRefused(
                "LINKAGE_LG_FORBIDDEN",
                f"An official of LG {importer} imports grants of LG "
                f"{importer} only (lgCode {importer}); national and other LGs' grants come from "
                "the national feed",
            )
        grant = Grant(
            grant_id=request.grant_id or "",
            lg_code=lg_code,
            title=request.title,
            purpose=request.purpose,
            field=request.field,
            recipient_brn=request.recipient_brn,
            period=Period(request.start, request.end),
            budget=[CategoryBudget(c, a) for c, a in request.budget],
            funding_shares=request.funding_shares,
            created_at=self._clock().isoformat(),
            source="national",
        )
        try:
            self._repo.put_national_grant(grant, _index_entries(grant.summary()), importer=importer)
        except GrantTaken:
            raise LinkageRefused(
                "LINKAGE_GRANT_TAKEN",
                f"Grant {grant.grant_id} exists and is not a national grant this import may replace",
            ) from None

    def _import_execution(self, record: dict[str, Any], importer: str | None) -> int:
        grant_id = _linkage_id(record.get("grantId"), "grantId")
        vendor = _linkage_brn(record.get("vendorBrn"), "vendorBrn")
        invoice_id = _linkage_text(record.get("invoiceId"), "invoiceId", MAX_INVOICE_ID)
        amount = _linkage_amount(record.get("amount"), "amount")
        day = _linkage_day(record.get("date"), "date")
        cancelled = record.get("cancelled")
        if cancelled is not None and not isinstance(cancelled, bool):
            raise ValueError("cancelled is true or false")
        cancelled = bool(cancelled)
        if importer is not None and self._repo.get_grant(importer, grant_id) is None:
            raise LinkageRefused(
                "LINKAGE_GRANT_UNKNOWN",
                f"An official of LG {importer} imports executions of "
                f"grants of LG {importer} only; it has no grant {grant_id}",
            )
        # an official's import marks a local claim's evidence cancelled only once the claim is known to be its own
        holder = self._repo.put_national_execution(
            grant_id, vendor, invoice_id, amount, day, cancelled, mark_local=importer is None, importer=importer
        )
        if not holder or self._claims is None:
            return 0
        claim = self._claims.get(holder)
        if claim is None or not claim.grant_id:
            return 0
        if importer is not None:
            if claim.lg_code != importer:
                return 0  # another LG's claim: its own officials or the system feed flag it, never this import
            if cancelled:
                self._repo.mark_evidence_cancelled(vendor, invoice_id, day)
        code, title = ("F03", "cancelled evidence") if cancelled else ("F12", "reused evidence (national)")
        evidence = {
            "invoiceKey": invoice_key(vendor, invoice_id),
            "nationalGrant": grant_id,
            "nationalAmount": amount,
            "date": day.isoformat(),
        }
        review = Review(
            review_id=f"R-{holder}-{code}",
            claim_id=holder,
            grant_id=claim.grant_id,
            lg_code=claim.lg_code,
            score=50,
            indicators=[{"code": code, "weight": 50, "title": title, "evidence": evidence}],
            status="open",
            created_at=self._clock().isoformat(),
        )
        return 1 if self._repo.add_review(review) else 0


class LinkageRefused(Exception):
    """A well-formed linkage line this import may not apply; ``code`` is reported with the line."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# -- helpers ---------------------------------------------------------------------------------------------------


def _official(actor: Actor) -> None:
    if actor.role != "official":
        raise Forbidden("Only an LG official may do this")


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
    from shared.domain.subsidy.similarity import gram_keys, recipient_keys

    period = {"start": grant.period.start.isoformat(), "end": grant.period.end.isoformat()}
    return {f"BLOCK#{k}": {} for k in gram_keys(grant)} | {f"RECIP#{k}": period for k in recipient_keys(grant)}


def _grant_request_findings(request: GrantRequest) -> list[Finding]:
    from shared.domain.documents.brn import is_valid_brn

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
    except InvalidOperation:
        findings.append(Finding("FUNDING_SHARES", "Funding shares are decimal fractions", "/fundingShares"))
    return findings


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _grant_request(record: dict[str, Any]) -> GrantRequest:
    """A linkage grant line, shaped like ``POST /v1/grants`` (the API models' limits); the rules come after."""
    period = record["period"]
    if not isinstance(period, dict):
        raise ValueError("period is an object with start and end")
    budget = record.get("budget", [])
    if not isinstance(budget, list) or len(budget) > 50 or not all(isinstance(b, dict) for b in budget):
        raise ValueError("budget is a list of at most 50 objects with category and amount")
    shares = record.get("fundingShares") or {"national": "1"}
    if not isinstance(shares, dict) or not set(shares) <= set(SHARE_NAMES):
        raise ValueError(f"fundingShares is an object of {', '.join(SHARE_NAMES)}")
    if not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) and len(str(v)) <= 30 for v in shares.values()
    ):
        raise ValueError("fundingShares are decimal fractions")
    categories = []
    for line in budget:
        category = _linkage_text(line.get("category"), "budget category", 6)
        if not _CATEGORY.fullmatch(category):
            raise ValueError("a budget category is a 통계목 code such as 307-02")
        categories.append((category, _linkage_amount(line.get("amount"), "budget amount")))
    return GrantRequest(
        title=_linkage_text(record.get("title"), "title", 200),
        purpose=_linkage_text(record.get("purpose") or "", "purpose", 2000, required=False),
        field=_linkage_text(record.get("field"), "field", 50),
        recipient_brn=_linkage_brn(record.get("recipientBrn"), "recipientBrn"),
        start=_linkage_day(period.get("start"), "period start"),
        end=_linkage_day(period.get("end"), "period end"),
        budget=tuple(categories),
        funding_shares={k: str(v) for k, v in shares.items()},
        grant_id=_linkage_id(record.get("grantId"), "grantId"),
    )


def _not_a_number(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _linkage_amount(value: object, name: str) -> int:
    """Whole won: a JSON integer (not true/false, not 1.0 or 1e3) from 0 to 10^15."""
    if type(value) is not int or not 0 <= value <= MAX_AMOUNT:
        raise ValueError(f"{name} is whole won, a JSON integer from 0 to {MAX_AMOUNT}")
    return value


def _linkage_text(value: object, name: str, max_length: int, required: bool = True) -> str:
    if not isinstance(value, str) or len(value) > max_length or (required and not value.strip()):
        raise ValueError(f"{name} is a{' non-empty' if required else ''} string of at most {max_length} characters")
    if any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in value):
        raise ValueError(f"{name} has control characters")
    return value


def _linkage_id(value: object, name: str) -> str:
    if not isinstance(value, str) or not _EXTERNAL_ID.fullmatch(value):
        raise ValueError(f"{name} is 1 to 64 letters, digits and . _ : -")
    return value


def _linkage_brn(value: object, name: str) -> str:
    if not isinstance(value, str) or not _BRN.fullmatch(value):
        raise ValueError(f"{name} is a 10-digit business registration number")
    return value


def _linkage_day(value: object, name: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"{name} is a date, YYYY-MM-DD")
    return date.fromisoformat(value)


def _business(record: dict[str, Any]) -> BusinessFacts:
    status = record.get("status", "active")
    if status not in ("active", "suspended", "closed"):
        raise ValueError(f"unknown business status {str(status)[:20]!r}")

    def day(name: str) -> date | None:
        return _linkage_day(record[name], name) if record.get(name) else None

    def digest(name: str) -> str | None:
        return _linkage_text(record[name], name, 256, required=False) if record.get(name) is not None else None

    return BusinessFacts(
        _linkage_brn(record.get("brn"), "brn"),
        status,
        day("statusSince"),
        day("registeredOn"),
        digest("representativeHash"),
        digest("accountHolderHash"),
    )


__all__ = ["GrantRequest", "SubsidyService", "Spend", "invoice_key"]
