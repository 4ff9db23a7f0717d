"""The intake and reading of claims: one path for claims by API and by upload (``shared.application.uploads``).

parse -> validate -> check parties -> refuse duplicates -> store -> publish ``ClaimReceived``. The rules that
need no store are the domain's (``shared.domain.claims.intake``); the stores are the claims context's ports.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.claims.intake import (
    bounds_findings,
    compact_id,
    event_data,
    fit_item,
    guard_key,
    payable_findings,
    sha256,
    validate,
)
from shared.domain.claims.model import Claim, ClaimStatus, StoredOriginal
from shared.domain.claims.ports import (
    BadPageToken,
    BudgetExceeded,
    ClaimedAsOtherKind,
    ClaimPage,
    ClaimStore,
    DocumentStore,
    EventPublisher,
    EvidenceTaken,
    GuardTaken,
    Registry,
)
from shared.domain.documents import Finding, Invoice
from shared.domain.errors import Duplicate, Forbidden, Invalid, Malformed, NotFound

if TYPE_CHECKING:  # imported where used: a handler that never sees a subsidy does not load it
    from shared.application.subsidy import SubsidyService
    from shared.domain.subsidy.model import Reservation


class AlreadyClaimed(Exception):
    """The same upload delivered again: ``claim`` is the claim it already became."""

    def __init__(self, claim: Claim) -> None:
        super().__init__(claim.claim_id)
        self.claim = claim


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    lg_code: str
    kind: str
    format: str
    content: bytes
    contract_id: str | None = None
    grant_id: str | None = None
    category: str | None = None
    line_id: str | None = None  # the 세출 line of a payment claim without a contract


class ClaimsService:
    def __init__(
        self,
        repository: ClaimStore,
        registry: Registry,
        documents: DocumentStore,
        publisher: EventPublisher,
        clock: Callable[[], datetime] | None = None,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        subsidy: SubsidyService | None = None,
        max_claim_total: int = 10**13,
        original_link_seconds: int = 300,
    ) -> None:
        self._max_total = max_claim_total
        self._link_seconds = original_link_seconds
        self._subsidy = subsidy
        self._repo = repository
        self._registry = registry
        self._documents = documents
        self._publisher = publisher
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time
        self._new_id = new_id

    # -- intake -------------------------------------------------------------------------------------------

    def submit(
        self,
        actor: Actor,
        request: ClaimRequest,
        *,
        source: str | None = None,
        upload_id: str | None = None,
        correlation_id: str | None = None,
    ) -> Claim:
        """Receive a claim or raise the error that says why not; nothing is stored unless it is received.

        The exact bytes validated are stored first under a key no client can write (``documents/``, whatever the
        path: an upload slot stays writable while its URL is valid), and the claim records their SHA-256, size
        and S3 version."""
        now = self._clock()
        result = validate(request.format, request.content, today=now.date())
        invoice = result.invoice
        if invoice is None:
            raise Invalid("The document could not be read as an invoice", result.errors or None)
        supplier = compact_id(invoice.supplier.legal_id)
        findings = list(result.findings)
        claim_findings, reservation = self._claim_findings(actor, request, invoice, supplier)
        findings.extend(claim_findings)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise Invalid(f"{len(errors)} rule(s) failed", errors)

        claim_id = self._new_id()
        source = source or f"api:{claim_id}"
        key, version = self._documents.put_claim_document(claim_id, request.content)
        written = [(key, version)]  # what this call stored, removed again (that version) if nothing is received
        original = StoredOriginal(key, sha256(request.content), len(request.content), version)
        invoice_view, findings_view, detail = fit_item(invoice.as_dict(), [f.as_dict() for f in findings])
        detail_key = None
        at = now.isoformat()
        try:
            if detail is not None:
                detail_key, detail_version = self._documents.put_claim_detail(claim_id, detail)
                written.append((detail_key, detail_version))
            claim = Claim(
                claim_id=claim_id,
                status=ClaimStatus.RECEIVED,
                kind=request.kind,
                lg_code=request.lg_code,
                supplier=supplier,
                buyer=compact_id(invoice.buyer.legal_id),
                submitted_by=actor.org,
                invoice=invoice_view,
                grand_total=str(invoice.grand_total if invoice.grand_total is not None else 0),
                currency=invoice.currency or "KRW",
                received_at=at,
                source=source,
                document_key=original.key,
                guard_key=guard_key(request.kind, supplier, invoice),
                findings=findings_view,
                contract_id=request.contract_id,
                line_id=request.line_id if request.kind == "payment" else None,
                grant_id=request.grant_id if reservation else None,
                category=request.category if reservation else None,
                history=[{"status": ClaimStatus.RECEIVED.value, "at": at, "by": actor.label}],
                document=original,
                detail_key=detail_key,
            )
            self._create(claim, upload_id, reservation, invoice)
        except AlreadyClaimed as again:  # the same upload delivered again: its claim, not a second one
            for key, version in written:
                self._documents.delete(key, version)
            self._publish_received(again.claim, correlation_id)
            return again.claim
        except Exception:  # nothing was received: leave no orphan document behind
            for key, version in written:
                self._documents.delete(key, version)
            raise
        self._publish_received(claim, correlation_id)
        return claim

    def _create(self, claim: Claim, upload_id: str | None, reservation: Reservation | None, invoice: Invoice) -> None:
        """Store the claim, turning the repository's refusals into the answers a client sees."""
        other_kind = "payment" if claim.kind == "subsidy" else "subsidy"
        try:
            try:
                self._repo.create(
                    claim, upload_id, reservation, other_kind_guard=guard_key(other_kind, claim.supplier, invoice)
                )
            except ClaimedAsOtherKind as other:
                # One invoice claimed for payment by its supplier and as subsidy evidence by a recipient: both
                # claims are received and both LGs' officials see the collision (a fraud signal, not a block
                # that one party could use against the other).
                message = (
                    f"The same invoice ({invoice.invoice_id}) is also claimed as a {other_kind} claim: an "
                    f"invoice is paid once, check which claim is genuine"
                )
                other_claim = self._repo.get(other.claim_id)
                claim.alerts.append(
                    {
                        "code": "CLAIMED_AS_OTHER_KIND",
                        "message": message,
                        "at": claim.received_at,
                        "other_claim_id": other.claim_id,
                    }
                    | ({"other_lg_code": other_claim.lg_code} if other_claim else {})
                )
                back = {
                    "code": "CLAIMED_AS_OTHER_KIND",
                    "at": claim.received_at,
                    "other_claim_id": claim.claim_id,
                    "other_lg_code": claim.lg_code,
                    "message": f"The same invoice ({invoice.invoice_id}) was later claimed as a {claim.kind} "
                    f"claim: an invoice is paid once, check which claim is genuine",
                }
                self._repo.create(claim, upload_id, reservation, alert_other=(other.claim_id, back))
        except GuardTaken as taken:
            if taken.source == claim.source:  # the same upload delivered again: already a claim
                existing = self._repo.get(taken.claim_id)
                if existing is not None:
                    raise AlreadyClaimed(existing) from None
            earlier = self._repo.get(taken.claim_id)
            visible = earlier is not None and earlier.submitted_by == claim.submitted_by
            raise Duplicate(
                f"This invoice is already claimed as {taken.claim_id}"
                if visible
                else "This invoice is already claimed",
                taken.claim_id if visible else None,
            ) from None
        except (EvidenceTaken, BudgetExceeded) as lost:  # a concurrent claim won the evidence or the budget
            finding = (
                Finding("F12", "This invoice is already evidence of another claim", "id")
                if isinstance(lost, EvidenceTaken)
                else Finding("BUDGET_EXCEEDED", f"Not enough budget left in {claim.category}", "/category")
            )
            raise Invalid(finding.message, [finding]) from None

    def _claim_findings(
        self, actor: Actor, request: ClaimRequest, invoice: Invoice, supplier: str
    ) -> tuple[list[Finding], Reservation | None]:
        """Who may claim what: a payment claim's supplier is the caller and its buyer the LG; a subsidy claim's buyer
        is the caller (the grant's recipient), and the grant's hard rules hold."""
        findings: list[Finding] = []
        lg = self._registry.get(request.lg_code)
        buyer = compact_id(invoice.buyer.legal_id)
        if request.kind == "subsidy":
            if buyer != actor.org:
                raise Forbidden("The invoice's buyer is not the calling business (the grant's recipient)")
        elif supplier != actor.org:
            raise Forbidden("The invoice's supplier is not the calling business")
        findings.extend(bounds_findings(invoice, supplier, self._max_total))
        if lg is None:
            findings.append(Finding("LG_UNKNOWN", f"No local government has code {request.lg_code!r}", "/lgCode"))
            return findings, None
        if request.kind != "subsidy":
            if buyer != lg.tax_id:
                findings.append(
                    Finding("CLAIM-BUYER-LG", f"The invoice's buyer must be {lg.name_en}'s tax id {lg.tax_id}", "buyer")
                )
            return findings + payable_findings(invoice), None
        if self._subsidy is None:
            raise RuntimeError("subsidy claims need the subsidy service")
        try:
            return findings, self._subsidy.hard_check(
                actor, request.lg_code, request.grant_id, request.category, invoice, supplier
            )
        except Invalid as refused:
            return findings + refused.findings, None

    def _publish_received(self, claim: Claim, correlation_id: str | None) -> None:
        data = event_data(claim)
        if claim.kind == "subsidy":
            data |= {"grantId": claim.grant_id, "category": claim.category}
        self._publisher.publish("ClaimReceived", data, correlation_id)

    # -- reading ------------------------------------------------------------------------------------------

    def get(self, actor: Actor, claim_id: str) -> Claim:
        claim = self._repo.get(claim_id)
        if claim is None or not claim.visible_to(actor):
            raise NotFound(f"No claim {claim_id}")
        return claim

    def view(self, actor: Actor, claim_id: str) -> dict[str, object]:
        """The whole claim as its owner or an LG official sees it: a large claim's lines and findings read back
        from beside its original, a short-lived link to the original itself (exactly the recorded bytes), and, for
        the LG's officials only, the alerts (another claim is named only when it is of the same LG)."""
        claim = self.get(actor, claim_id)
        if claim.detail_key:
            detail = json.loads(self._documents.get_claim_detail(claim.detail_key))
            claim.invoice = {**claim.invoice, "lines": detail["lines"]}
            claim.findings = detail["findings"]
        body = claim.to_api()
        if claim.document is not None:
            body["document"] = claim.document.to_api() | {
                "url": self._documents.presign_original(claim.document.key, claim.document.version, self._link_seconds),
                "expiresIn": self._link_seconds,
            }
        if actor.role == "official" and claim.alerts:
            body["alerts"] = [
                {"code": a["code"], "message": a["message"], "at": a["at"]}
                | (
                    {"otherClaimId": a["other_claim_id"]}
                    if a.get("other_lg_code") == actor.org and a.get("other_claim_id")
                    else {}
                )
                for a in claim.alerts
            ]
        return body

    def list(self, actor: Actor, status: str | None, limit: int, token: str | None) -> ClaimPage:
        try:
            if actor.role == "business":
                return self._repo.list_for_business(actor.org, status, limit, token)
            return self._repo.list_for_lg(actor.org, status, limit, token)
        except BadPageToken as bad:
            raise Malformed(str(bad), [Finding("BAD_PAGE_TOKEN", str(bad), "/nextToken")]) from None
