"""Reading a KEC ``TaxInvoice`` into a :class:`KecDocument`: texts stripped, amounts as ``Decimal``, and a
KR-NUMBER finding for each number present but unreadable."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from shared.domain.documents.kec.model import KEC_NS, LINE, P_CHARGE, P_GRAND, P_TAX, KecDocument, KecLine
from shared.domain.documents.model import Finding
from shared.domain.documents.xml import Lookup, first_of, parse_decimal, text_of


def _x(path: str) -> Lookup:
    """A compiled lookup of ``A/B`` (KEC elements, written without a prefix) below an element."""
    return first_of("/".join(f"k:{step}" for step in path.split("/")), {"k": KEC_NS})


Q_DOCUMENT, Q_SETTLEMENT = _x("TaxInvoiceDocument"), _x("TaxInvoiceTradeSettlement")
Q_ISSUE_ID, Q_TYPE_CODE, Q_ISSUE_DATE = _x("IssueID"), _x("TypeCode"), _x("IssueDateTime")
Q_PURPOSE, Q_AMENDMENT, Q_ORIGINAL = _x("PurposeCode"), _x("AmendmentStatusCode"), _x("OriginalIssueID")
Q_SUPPLIER, Q_BUYER, Q_ID, Q_NAME = _x("InvoicerParty"), _x("InvoiceeParty"), _x("ID"), _x("NameText")
Q_SUMMATION = _x("SpecifiedMonetarySummation")
Q_CHARGE, Q_TAX, Q_GRAND = _x("ChargeTotalAmount"), _x("TaxTotalAmount"), _x("GrandTotalAmount")
LINE_TAG = f"{{{KEC_NS}}}TaxInvoiceTradeLineItem"
Q_SEQUENCE, Q_AMOUNT = _x("SequenceNumeric"), _x("InvoiceAmount")
Q_QUANTITY, Q_UNIT_PRICE = _x("ChargeableUnitQuantity"), _x("UnitPrice/UnitAmount")
Q_LINE_TAX = _x("TotalTax/CalculatedAmount")


def _number(element: etree._Element | None, path: str, findings: list[Finding]) -> tuple[str | None, Decimal | None]:
    text = text_of(element)
    value = parse_decimal(text)
    if value is None and text:
        findings.append(Finding("KR-NUMBER", f"{text!r} is not a number", path))
    return text, value


def _longest(doc: KecDocument) -> int:
    """Characters of the longest amount literal of ``doc``: what exact arithmetic on its amounts needs."""
    texts = [doc.charge_text, doc.tax_text, doc.grand_text]
    for line in doc.lines:
        texts.append(line.amount_text)
        for value in (line.tax, line.quantity, line.unit_price):
            if value is not None:
                texts.append(str(value))
    return max((len(t) for t in texts if t), default=0)


def _child_text(parent: etree._Element | None, lookup: Lookup) -> str | None:
    return text_of(lookup(parent)) if parent is not None else None


def _read_line(element: etree._Element, index: int, findings: list[Finding]) -> KecLine:
    path = f"{LINE}[{index}]"
    amount_text, amount = _number(Q_AMOUNT(element), f"{path}/InvoiceAmount", findings)
    return KecLine(
        path=path,
        sequence=text_of(Q_SEQUENCE(element)) or None,
        name=text_of(Q_NAME(element)) or None,
        quantity=_number(Q_QUANTITY(element), f"{path}/ChargeableUnitQuantity", findings)[1],
        unit_price=_number(Q_UNIT_PRICE(element), f"{path}/UnitPrice/UnitAmount", findings)[1],
        amount_text=amount_text,
        amount=amount,
        tax=_number(Q_LINE_TAX(element), f"{path}/TotalTax/CalculatedAmount", findings)[1],
    )


def read_kec(root: etree._Element) -> KecDocument:
    """The KEC facts of a ``TaxInvoice`` root; absent elements read as ``None``."""
    doc = KecDocument()
    document, settlement = Q_DOCUMENT(root), Q_SETTLEMENT(root)
    doc.issue_id = _child_text(document, Q_ISSUE_ID)
    doc.type_code = _child_text(document, Q_TYPE_CODE)
    doc.issue_date = _child_text(document, Q_ISSUE_DATE)
    doc.purpose = _child_text(document, Q_PURPOSE)
    doc.amendment = _child_text(document, Q_AMENDMENT)
    doc.original_issue_id = _child_text(document, Q_ORIGINAL)
    supplier = Q_SUPPLIER(settlement) if settlement is not None else None
    buyer = Q_BUYER(settlement) if settlement is not None else None
    doc.supplier_id, doc.supplier_name = _child_text(supplier, Q_ID), _child_text(supplier, Q_NAME)
    doc.buyer_id, doc.buyer_name = _child_text(buyer, Q_ID), _child_text(buyer, Q_NAME)
    summation = Q_SUMMATION(settlement) if settlement is not None else None
    if summation is not None:
        doc.charge_text, doc.charge = _number(Q_CHARGE(summation), P_CHARGE, doc.findings)
        doc.tax_text, doc.tax = _number(Q_TAX(summation), P_TAX, doc.findings)
        doc.grand_text, doc.grand = _number(Q_GRAND(summation), P_GRAND, doc.findings)
    doc.lines = [_read_line(line, i, doc.findings) for i, line in enumerate(root.iterchildren(LINE_TAG), 1)]
    doc.longest_number = _longest(doc)
    return doc
