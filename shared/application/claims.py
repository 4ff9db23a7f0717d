"""The intake core and the claim lifecycle: one path for claims by API and by S3 upload.

parse -> validate -> check parties -> refuse duplicates -> store -> publish ``ClaimReceived``.
Pure logic over injected collaborators (repository, registry, document store, publisher, clock): no AWS types.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from shared.domain import calendar
from shared.domain.claims.model import (
    Actor,
    Claim,
    ClaimStatus,
    LocalGovernment,
    StoredOriginal,
    Upload,
    UploadStatus,
)
from shared.domain.claims.ports import EventPublisher
from shared.domain.documents import MAX_DOCUMENT_BYTES, DocumentRefused, Finding, Invoice, ValidationResult
from shared.domain.errors import (
    REFUSAL_BY_CODE,
    ClaimsError,
    Duplicate,
    Forbidden,
    Invalid,
    Malformed,
    NotFound,
    TooLarge,
)

if TYPE_CHECKING:  # imported where used: a handler that never sees a subsidy or a contract does not load them
    from shared.application.subsidy import SubsidyService
    from shared.domain.subsidy.model import Reservation

UPLOAD_RETENTION = timedelta(days=30)
# What a claim's DynamoDB item holds of its invoice and findings at most; a larger claim keeps its lines and findings
# in S3 beside its original (DynamoDB stops at 400 KB an item: this leaves room for history and alerts).
ITEM_DETAIL_BUDGET = 64 * 1024
ITEM_FINDINGS_KEPT = 20  # findings kept in the item of a large claim (all of them are in its detail)
MAX_UPLOAD_ERRORS = 200  # findings recorded on a rejected upload (POST /v1/documents/validate lists every one)
MAX_INVOICE_ID = 100  # characters of an invoice id or supplier id a claim takes (they are keys of the guards)


class AlreadyClaimed(Exception):
    """The same upload delivered again: ``claim`` is the claim it already became."""

    def __init__(self, claim: Claim) -> None:
        super().__init__(claim.claim_id)
        self.claim = claim


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def guard_key(kind: str, supplier: str, invoice: Invoice) -> str:
    """The duplicate rule's key: one invoice is claimed at most once per kind (unless returned)."""
    return f"GUARD#{kind}#{supplier}#{invoice.document_type}#{invoice.duplicate_key()}"


def fit_item(invoice: dict[str, object], findings: list[dict[str, str]]) -> tuple[dict, list, str | None]:
    """What a claim's item holds of its invoice and findings, and the detail kept in S3 when they do not fit: the
    invoice without its lines (``lineCount`` says how many) and the first findings; None when everything fits."""
    size = len(json.dumps([invoice, findings], ensure_ascii=False).encode())
    if size <= ITEM_DETAIL_BUDGET:
        return invoice, findings, None
    lines = invoice.get("lines") or []
    summary = {k: v for k, v in invoice.items() if k != "lines"} | {"lineCount": len(lines)}  # type: ignore[arg-type]
    detail = json.dumps({"lines": lines, "findings": findings}, ensure_ascii=False, separators=(",", ":"))
    return summary, findings[:ITEM_FINDINGS_KEPT], detail


_UPLOAD_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    lg_code: str
    kind: str
    format: str
    content: bytes
    contract_id: str | None = None
    grant_id: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class UploadRequest:
    lg_code: str
    kind: str
    format: str
    file_name: str
    contract_id: str | None = None
    grant_id: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class UploadOutcome:
    upload_id: str
    status: UploadStatus
    claim_id: str | None = None
    codes: tuple[str, ...] = ()


class Repository(Protocol):
    def create(self, claim: Claim, upload_id: str | None = None) -> None: ...
    def get(self, claim_id: str) -> Claim | None: ...
    def list_for_business(self, org: str, status: str | None, limit: int, token: str | None): ...
    def list_for_lg(self, lg_code: str, status: str | None, limit: int, token: str | None): ...
    def create_upload(self, upload: Upload) -> None: ...
    def get_upload(self, upload_id: str) -> Upload | None: ...
    def reject_upload(self, upload_id: str, errors: list[dict[str, str]]) -> None: ...


class Registry(Protocol):
    def all(self) -> dict[str, LocalGovernment]: ...
    def get(self, lg_code: str) -> LocalGovernment | None: ...


class Documents(Protocol):
    def put_claim_document(self, claim_id: str, content: bytes) -> tuple[str, str | None]: ...
    def put_claim_detail(self, claim_id: str, detail: str) -> tuple[str, str | None]: ...
    def get_claim_detail(self, key: str) -> str: ...
    def presign_original(self, key: str, version: str | None, expires_in: int) -> str: ...
    def delete(self, key: str, version: str | None = None) -> None: ...
    def get(self, key: str, max_bytes: int, version: str | None = None): ...
    def presign_upload(self, upload_id: str, metadata: dict[str, str], expires_in: int) -> tuple[str, dict]: ...
    @staticmethod
    def upload_key(upload_id: str) -> str: ...


def validate(fmt: str, content: bytes, today=None) -> ValidationResult:
    """Validation only: refusals (malformed, hostile, too large) become their domain errors."""
    from shared.domain.documents import validate_document

    try:
        return validate_document(fmt, content, today=today)
    except DocumentRefused as refused:
        raise REFUSAL_BY_CODE.get(refused.code, Malformed)(refused.message) from None


def compact_id(value: str | None) -> str:
    """A party id without separators: ``204-86-31263`` and ``2048631263`` are one BRN."""
    return re.sub(r"[\s\-]", "", value or "")


class ClaimsService:
    def __init__(
        self,
        repository: Repository,
        registry: Registry,
        documents: Documents,
        publisher: EventPublisher,
        clock: Callable[[], datetime] | None = None,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        upload_url_expires_seconds: int = 900,
        subsidy: SubsidyService | None = None,
        budgets: Any = None,
        ledger: Any = None,
        max_claim_total: int = 10**13,
        original_link_seconds: int = 300,
    ) -> None:
        self._max_total = max_claim_total
        self._link_seconds = original_link_seconds
        self._ledger = ledger
        self._subsidy = subsidy
        self._budgets = budgets
        self._repo = repository
        self._registry = registry
        self._documents = documents
        self._publisher = publisher
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time
        self._new_id = new_id
        self._upload_expires = upload_url_expires_seconds

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
        from shared.domain.claims.ports import (
            BudgetExceeded,
            ClaimedAsOtherKind,
            EvidenceTaken,
            GuardTaken,
        )

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
                        "other_lg_code": other_claim.lg_code if other_claim else None,
                    }
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
        findings.extend(self._bounds(invoice, supplier))
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

    def _bounds(self, invoice: Invoice, supplier: str) -> list[Finding]:
        """What no claim may exceed, whatever its format: the grand total (so that no balance nears DynamoDB's 38
        significant digits) and the length of the ids its duplicate guards are keyed by."""
        findings = []
        if invoice.grand_total is not None and abs(invoice.grand_total) > self._max_total:
            findings.append(
                Finding(
                    "CLAIM_AMOUNT_LIMIT",
                    f"A claim is for at most {self._max_total:,} won; this invoice's grand total is larger",
                    "grandTotal",
                )
            )
        if len(invoice.invoice_id or "") > MAX_INVOICE_ID or len(supplier) > MAX_INVOICE_ID:
            findings.append(
                Finding(
                    "CLAIM_ID_LENGTH", f"An invoice id and a supplier id are at most {MAX_INVOICE_ID} characters", "id"
                )
            )
        return findings

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

    def list(self, actor: Actor, status: str | None, limit: int, token: str | None):
        from shared.domain.claims.ports import BadPageToken

        try:
            if actor.role == "business":
                return self._repo.list_for_business(actor.org, status, limit, token)
            return self._repo.list_for_lg(actor.org, status, limit, token)
        except BadPageToken as bad:
            raise Malformed(str(bad), [Finding("BAD_PAGE_TOKEN", str(bad), "/nextToken")]) from None

    # -- uploads ------------------------------------------------------------------------------------------

    def create_upload(self, actor: Actor, request: UploadRequest) -> dict[str, object]:
        if self._registry.get(request.lg_code) is None:
            raise Invalid(
                "Unknown LG", [Finding("LG_UNKNOWN", f"No local government has code {request.lg_code!r}", "/lgCode")]
            )
        now = self._clock()
        upload = Upload(
            upload_id=self._new_id(),
            owner=actor.org,
            lg_code=request.lg_code,
            kind=request.kind,
            format=request.format,
            file_name=request.file_name,
            created_at=now.isoformat(),
            expires_at=int((now + UPLOAD_RETENTION).timestamp()),
            contract_id=request.contract_id,
            grant_id=request.grant_id,
        )
        self._repo.create_upload(upload)
        metadata = {"owner": upload.owner, "lg-code": upload.lg_code, "kind": upload.kind, "format": upload.format}
        for name, value in (
            ("contract-id", upload.contract_id),
            ("grant-id", upload.grant_id),
            ("category", request.category),
        ):
            if value:
                metadata[name] = value
        url, headers = self._documents.presign_upload(upload.upload_id, metadata, self._upload_expires)
        return {
            "uploadId": upload.upload_id,
            "url": url,
            "method": "PUT",
            "headers": headers,
            "expiresIn": self._upload_expires,
        }

    def upload_status(self, actor: Actor, upload_id: str) -> Upload:
        upload = self._repo.get_upload(upload_id) if _UPLOAD_ID.match(upload_id) else None
        if upload is None or upload.owner != actor.org:
            raise NotFound(f"No upload {upload_id}")
        return upload

    def process_upload(
        self, key: str, size: int | None, correlation_id: str | None = None, version: str | None = None
    ) -> UploadOutcome:
        """Turn an uploaded object (``version``: the S3 version the notification names) into a claim, or record on
        the upload why not. Transient failures raise, so the queue delivers the record again; a redelivered upload
        yields the same claim, never a second one, and a document PUT to a slot that already became a claim changes
        nothing: the claim keeps the exact version and digest it was decided on."""
        from shared.domain.claims.ports import MissingObject, TooLargeObject, UnknownUpload, UploadConsumed

        upload_id = key.rsplit("/", 1)[-1]
        if not _UPLOAD_ID.match(upload_id):
            return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("UNKNOWN_UPLOAD",))
        try:
            if size is not None and size > MAX_DOCUMENT_BYTES:
                raise TooLargeObject(size)
            stored = self._documents.get(key, MAX_DOCUMENT_BYTES, version)
        except TooLargeObject as large:
            return self._reject(upload_id, TooLarge(f"{large.size} bytes is over the {MAX_DOCUMENT_BYTES} limit"))
        except MissingObject:
            return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("OBJECT_GONE",))
        meta = stored.metadata
        if "owner" not in meta:
            upload = self._repo.get_upload(upload_id)
            if upload is None:
                return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("UNKNOWN_UPLOAD",))
            meta = {
                "owner": upload.owner,
                "lg-code": upload.lg_code,
                "kind": upload.kind,
                "format": upload.format,
                "contract-id": upload.contract_id or "",
                "grant-id": upload.grant_id or "",
            }
        actor = Actor("business", meta["owner"], "upload")
        request = ClaimRequest(
            lg_code=meta.get("lg-code", ""),
            kind=meta.get("kind", "payment"),
            format=meta.get("format", ""),
            content=stored.content,
            contract_id=meta.get("contract-id") or None,
            grant_id=meta.get("grant-id") or None,
            category=meta.get("category") or None,
        )
        try:
            claim = self.submit(
                actor, request, source=f"upload:{upload_id}", upload_id=upload_id, correlation_id=correlation_id
            )
        except UnknownUpload:
            return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("UNKNOWN_UPLOAD",))
        except UploadConsumed as consumed:
            return self._ignore_put(upload_id, consumed.claim_id)
        except ClaimsError as error:
            upload = self._repo.get_upload(upload_id)
            if upload is not None and upload.claim_id:  # refused now, but the slot was claimed before: ignored
                return self._ignore_put(upload_id, upload.claim_id)
            return self._reject(upload_id, error)
        if claim.document is not None and claim.document.sha256 != sha256(stored.content):
            return self._ignore_put(upload_id, claim.claim_id)  # same invoice, other bytes: the claim keeps its own
        return UploadOutcome(upload_id, UploadStatus.ACCEPTED, claim_id=claim.claim_id)

    def _ignore_put(self, upload_id: str, claim_id: str) -> UploadOutcome:
        self._repo.record_ignored_put(upload_id, self._clock().isoformat())
        return UploadOutcome(upload_id, UploadStatus.ACCEPTED, claim_id=claim_id, codes=("UPLOAD_CONSUMED",))

    def dead_lettered(self, key: str) -> UploadOutcome | None:
        """An upload whose processing failed every attempt (its message reached the dead-letter queue): marked
        REJECTED with ``INTAKE_FAILED``, so that it never stays PENDING without a reason. An upload that became a
        claim meanwhile stays as it is. None for a key that names no upload."""
        upload_id = key.rsplit("/", 1)[-1]
        if not _UPLOAD_ID.match(upload_id):
            return None
        finding = Finding(
            "INTAKE_FAILED",
            "The document could not be processed after several attempts; nothing "
            "was claimed. Ask for a new upload and send it again; if it fails again, contact support",
            "",
        )
        self._repo.reject_upload(upload_id, [finding.as_dict()])
        return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("INTAKE_FAILED",))

    def import_linkage_file(self, key: str, subsidy: SubsidyService) -> dict[str, object]:
        """A national link file dropped under ``linkage/``: read it (size-limited) and import it."""
        from shared.domain.claims.ports import MissingObject, TooLargeObject

        try:
            stored = self._documents.get(key, MAX_DOCUMENT_BYTES * 10)
        except (MissingObject, TooLargeObject) as error:
            return {"errors": [{"line": 0, "code": type(error).__name__, "message": key}]}
        try:
            text = stored.content.decode("utf-8")
        except UnicodeDecodeError:
            return {"errors": [{"line": 0, "code": "MALFORMED", "message": "not UTF-8"}]}
        return subsidy.import_linkage(text)

    def _reject(self, upload_id: str, error: ClaimsError) -> UploadOutcome:
        errors = [f.as_dict() for f in error.findings]
        if isinstance(error, Duplicate) and error.claim_id:
            errors = [{**e, "claimId": error.claim_id} for e in errors]
        if len(errors) > MAX_UPLOAD_ERRORS:  # the upload's item stays far below DynamoDB's 400 KB
            errors = errors[:MAX_UPLOAD_ERRORS] + [
                {
                    "code": "MORE_ERRORS",
                    "severity": "error",
                    "path": "",
                    "message": f"{len(errors) - MAX_UPLOAD_ERRORS} more findings: "
                    "validate the document to see them all",
                }
            ]
        self._repo.reject_upload(upload_id, errors)
        return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=tuple(e["code"] for e in errors))


def event_data(claim: Claim) -> dict[str, object]:
    return {
        "claimId": claim.claim_id,
        "status": claim.status.value,
        "kind": claim.kind,
        "lgCode": claim.lg_code,
        "grandTotal": claim.grand_total,
        "currency": claim.currency,
        "dueDate": claim.due_date,
    }


# Credit notes in EN 16931 (UNTDID 1001): money owed to the buyer, never a claim for payment.
CREDIT_NOTE_TYPES = frozenset({"81", "83", "381", "396", "532"})


def payable_findings(invoice: Invoice) -> list[Finding]:
    """What makes an invoice unpayable as a payment claim: the LG pays whole Korean won, more than 0, against an
    invoice (not a credit note, and not a negative 수정세금계산서, which corrects an invoice rather than claims)."""
    findings = []
    if invoice.currency not in (None, "KRW"):
        findings.append(
            Finding(
                "CLAIM_CURRENCY",
                f"A payment claim is paid in Korean won: the invoice is in {invoice.currency}, not KRW",
                "currency",
            )
        )
    if invoice.document_type in CREDIT_NOTE_TYPES:
        findings.append(
            Finding(
                "CLAIM_CREDIT_NOTE",
                f"Type {invoice.document_type} is a credit note: money owed to the buyer, not a claim for payment",
                "documentType",
            )
        )
    elif invoice.grand_total is None or invoice.grand_total <= 0:
        findings.append(
            Finding(
                "CLAIM_AMOUNT",
                "A payment claim is for more than 0 won (a negative amended invoice "
                "corrects an earlier one; it is not claimed)",
                "grandTotal",
            )
        )
    elif invoice.grand_total != invoice.grand_total.to_integral_value():
        findings.append(
            Finding("CLAIM_AMOUNT", f"Won has no fractions: {invoice.grand_total} is not whole won", "grandTotal")
        )
    return findings
