"""The canonical invoice model that every format parses into, and validation findings.

Plain slotted dataclasses, not pydantic: validation runs per invoice on the hot path and the model is
internal (the API has its own pydantic models). Money is ``Decimal``, never float; KEC amounts are whole won.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from decimal import _ContextManager

DocumentFormat = Literal["kec", "ubl", "cii"]
Severity = Literal["error", "warning"]


def exact_arithmetic(longest_number: int) -> _ContextManager:
    """A local ``decimal`` context in which every rule's arithmetic on the document's amounts is exact.

    The default context rounds to 28 significant digits, so a 29-digit total would be compared after rounding
    (a wrong sum could pass, a right one fail under another rule). The rules only add, subtract and multiply two
    read values (divisions are by powers of ten, done with ``scaleb``), so a precision of twice the longest
    number literal the document holds, plus room for the carries of a sum, never rounds; the exponent range is
    unbounded so that no literal overflows. ``longest_number`` is the length of the longest literal read.
    """
    return localcontext(prec=max(28, 2 * longest_number + 32), Emax=MAX_EMAX, Emin=MIN_EMIN)


@dataclass(slots=True, frozen=True)
class Finding:
    """One rule that failed: ``code`` is the rule id (``BR-CO-15``, ``KR-BRN-SUPPLIER`` ...)."""

    code: str
    message: str
    path: str = ""
    severity: Severity = "error"

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "path": self.path}


class DocumentRefused(Exception):
    """The document is refused before any rule runs: ``MALFORMED``, ``FORBIDDEN_CONTENT`` or ``TOO_LARGE``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class Party:
    """A supplier or buyer. ``legal_id`` is the BRN for KEC, the legal registration id for UBL/CII."""

    legal_id: str | None = None
    name: str | None = None
    vat_id: str | None = None
    country: str | None = None


@dataclass(slots=True)
class InvoiceLine:
    line_id: str
    name: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    net_amount: Decimal | None
    tax_amount: Decimal | None = None
    vat_category: str | None = None
    vat_rate: Decimal | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "lineId": self.line_id,
            "name": self.name,
            "quantity": _num(self.quantity),
            "unitPrice": _num(self.unit_price),
            "netAmount": _num(self.net_amount),
            "taxAmount": _num(self.tax_amount),
            "vatCategory": self.vat_category,
            "vatRate": _num(self.vat_rate),
        }


@dataclass(slots=True)
class VatBreakdown:
    category: str | None
    rate: Decimal | None
    taxable_amount: Decimal | None
    tax_amount: Decimal | None


@dataclass(slots=True)
class Invoice:
    """One invoice in any format. Totals are ``None`` when the document does not carry them."""

    format: DocumentFormat
    document_type: str  # KEC TypeCode (e.g. "0101"), UBL/CII type code ("380", "381")
    invoice_id: str  # 승인번호 for KEC, the invoice number otherwise
    issue_date: date | None
    currency: str | None
    supplier: Party
    buyer: Party
    lines: list[InvoiceLine] = field(default_factory=list)
    net_total: Decimal | None = None
    tax_total: Decimal | None = None
    grand_total: Decimal | None = None
    payable_amount: Decimal | None = None
    vat_breakdown: list[VatBreakdown] = field(default_factory=list)

    def duplicate_key(self) -> str:
        """The brief's duplicate rule: 승인번호 for KEC; invoice number + issue year otherwise."""
        if self.format == "kec":
            return self.invoice_id
        year = self.issue_date.year if self.issue_date else 0
        return f"{self.invoice_id}#{year}"

    def as_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "documentType": self.document_type,
            "id": self.invoice_id,
            "issueDate": self.issue_date.isoformat() if self.issue_date else None,
            "currency": self.currency,
            "netTotal": _num(self.net_total),
            "taxTotal": _num(self.tax_total),
            "grandTotal": _num(self.grand_total),
            "lines": [line.as_dict() for line in self.lines],
        }


@dataclass(slots=True)
class ValidationResult:
    invoice: Invoice | None
    findings: list[Finding]

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def _num(value: Decimal | None) -> int | str | None:
    """JSON form of an amount: an int when whole (won), else the exact decimal string."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return str(value)
