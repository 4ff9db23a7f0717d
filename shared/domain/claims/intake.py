"""The rules of receiving a claim that need no store: what a document must be to be claimed for payment, the
duplicate guard's key, what of a large claim fits in its record, and the ``ClaimReceived`` event's data.

The intake service (``shared.application.claims``) applies them in order: parse -> validate -> check parties ->
refuse duplicates -> store -> publish.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

from shared.domain.claims.model import Claim
from shared.domain.documents import DocumentRefused, Finding, Invoice, ValidationResult
from shared.domain.errors import REFUSAL_BY_CODE, Malformed

# What a claim's record holds of its invoice and findings at most; a larger claim keeps its lines and findings
# beside its original (a DynamoDB item stops at 400 KB: this leaves room for history and alerts).
ITEM_DETAIL_BUDGET = 64 * 1024
ITEM_FINDINGS_KEPT = 20  # findings kept in the record of a large claim (all of them are in its detail)
MAX_INVOICE_ID = 100  # characters of an invoice id or supplier id a claim takes (they are keys of the guards)

# Credit notes in EN 16931 (UNTDID 1001): money owed to the buyer, never a claim for payment.
CREDIT_NOTE_TYPES = frozenset({"81", "83", "381", "396", "532"})

InvoiceView = dict[str, object]
FindingView = dict[str, str]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def compact_id(value: str | None) -> str:
    """A party id without separators: ``204-86-31263`` and ``2048631263`` are one BRN."""
    return re.sub(r"[\s\-]", "", value or "")


def guard_key(kind: str, supplier: str, invoice: Invoice) -> str:
    """The duplicate rule's key: one invoice is claimed at most once per kind (unless returned)."""
    return f"GUARD#{kind}#{supplier}#{invoice.document_type}#{invoice.duplicate_key()}"


def fit_item(invoice: InvoiceView, findings: list[FindingView]) -> tuple[InvoiceView, list[FindingView], str | None]:
    """What a claim's record holds of its invoice and findings, and the detail kept beside the original when they
    do not fit: the invoice without its lines (``lineCount`` says how many) and the first findings; None when
    everything fits."""
    size = len(json.dumps([invoice, findings], ensure_ascii=False).encode())
    if size <= ITEM_DETAIL_BUDGET:
        return invoice, findings, None
    lines = invoice.get("lines")
    listed = lines if isinstance(lines, list) else []
    summary: InvoiceView = {k: v for k, v in invoice.items() if k != "lines"} | {"lineCount": len(listed)}
    detail = json.dumps({"lines": listed, "findings": findings}, ensure_ascii=False, separators=(",", ":"))
    return summary, findings[:ITEM_FINDINGS_KEPT], detail


def validate(fmt: str, content: bytes, today: date | None = None) -> ValidationResult:
    """Validation only: refusals (malformed, hostile, too large) become their domain errors."""
    from shared.domain.documents import validate_document  # the validator's rule tables load on first use

    try:
        return validate_document(fmt, content, today=today)
    except DocumentRefused as refused:
        raise REFUSAL_BY_CODE.get(refused.code, Malformed)(refused.message) from None


def event_data(claim: Claim) -> dict[str, object]:
    """What every claim event says of its claim (no party ids, no amounts beyond the total)."""
    return {
        "claimId": claim.claim_id,
        "status": claim.status.value,
        "kind": claim.kind,
        "lgCode": claim.lg_code,
        "grandTotal": claim.grand_total,
        "currency": claim.currency,
        "dueDate": claim.due_date,
    }


def bounds_findings(invoice: Invoice, supplier: str, max_total: int) -> list[Finding]:
    """What no claim may exceed, whatever its format: the grand total (so that no balance nears DynamoDB's 38
    significant digits) and the length of the ids its duplicate guards are keyed by."""
    findings = []
    if invoice.grand_total is not None and abs(invoice.grand_total) > max_total:
        findings.append(
            Finding(
                "CLAIM_AMOUNT_LIMIT",
                f"A claim is for at most {max_total:,} won; this invoice's grand total is larger",
                "grandTotal",
            )
        )
    if len(invoice.invoice_id or "") > MAX_INVOICE_ID or len(supplier) > MAX_INVOICE_ID:
        findings.append(
            Finding("CLAIM_ID_LENGTH", f"An invoice id and a supplier id are at most {MAX_INVOICE_ID} characters", "id")
        )
    return findings


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
