"""What the Korean rules read from a KEC tax invoice (:class:`KecDocument`, :class:`KecLine`), and the XPaths their
findings name (elements of the KEC namespace are written without a prefix)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shared.domain.documents.model import Finding

KEC_NS = "urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0"

ROOT = "/TaxInvoice"
DOCUMENT = f"{ROOT}/TaxInvoiceDocument"
SETTLEMENT = f"{ROOT}/TaxInvoiceTradeSettlement"
SUMMATION = f"{SETTLEMENT}/SpecifiedMonetarySummation"
LINE = f"{ROOT}/TaxInvoiceTradeLineItem"
P_ISSUE_ID, P_TYPE_CODE = f"{DOCUMENT}/IssueID", f"{DOCUMENT}/TypeCode"
P_ISSUE_DATE, P_PURPOSE = f"{DOCUMENT}/IssueDateTime", f"{DOCUMENT}/PurposeCode"
P_AMENDMENT, P_ORIGINAL = f"{DOCUMENT}/AmendmentStatusCode", f"{DOCUMENT}/OriginalIssueID"
P_SUPPLIER, P_BUYER = f"{SETTLEMENT}/InvoicerParty", f"{SETTLEMENT}/InvoiceeParty"
P_CHARGE, P_TAX = f"{SUMMATION}/ChargeTotalAmount", f"{SUMMATION}/TaxTotalAmount"
P_GRAND = f"{SUMMATION}/GrandTotalAmount"


@dataclass(slots=True)
class KecLine:
    """One TaxInvoiceTradeLineItem; ``path`` is its XPath (``/TaxInvoice/TaxInvoiceTradeLineItem[2]``)."""

    path: str
    sequence: str | None
    name: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount_text: str | None  # InvoiceAmount as written: None when absent
    amount: Decimal | None
    tax: Decimal | None


@dataclass(slots=True)
class KecDocument:
    """What the Korean rules need from a KEC tax invoice, as read (texts stripped, amounts as ``Decimal``)."""

    issue_id: str | None = None
    type_code: str | None = None
    issue_date: str | None = None
    purpose: str | None = None
    amendment: str | None = None
    original_issue_id: str | None = None
    supplier_id: str | None = None
    supplier_name: str | None = None
    buyer_id: str | None = None
    buyer_name: str | None = None
    charge_text: str | None = None
    charge: Decimal | None = None
    tax_text: str | None = None
    tax: Decimal | None = None
    grand_text: str | None = None
    grand: Decimal | None = None
    lines: list[KecLine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # KR-NUMBER, found while reading
    longest_number: int = 0  # characters of the longest number literal read (the rules' exact arithmetic)
