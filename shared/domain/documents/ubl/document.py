"""The UBL root: one pass over an Invoice's or CreditNote's children, dispatching each to the reader of its group,
then the document-wide checks and the canonical invoice."""

from __future__ import annotations

from typing import cast

from lxml import etree

from shared.domain.documents.en16931 import canonical_invoice, present
from shared.domain.documents.facts import DocumentReference, En16931Document, Ident
from shared.domain.documents.model import Invoice
from shared.domain.documents.ubl.header import read_delivery, read_document_reference, read_party, read_payment_means
from shared.domain.documents.ubl.lines import read_line
from shared.domain.documents.ubl.names import (
    ALLOWANCE_CHARGE,
    CAC_NS,
    CBC_NS,
    ID,
    INVOICE_DOCUMENT_REFERENCE,
    INVOICE_PERIOD,
    KINDS,
    LINES,
    NOTE,
    PARTY,
    XSD,
    cac,
    cbc,
)
from shared.domain.documents.ubl.reader import UblReader, child_text, file_allowance_charge
from shared.domain.documents.ubl.totals import one_tax_total_per_currency, read_tax_total, read_totals
from shared.domain.documents.xml import text_of

_STRAY_CATEGORIES = etree.XPath("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", namespaces={"cac": CAC_NS, "cbc": CBC_NS})

_TAX_TOTAL, _MONETARY_TOTAL = cac("TaxTotal"), cac("LegalMonetaryTotal")
_SUPPLIER, _CUSTOMER = cac("AccountingSupplierParty"), cac("AccountingCustomerParty")
_PAYEE, _TAX_REPRESENTATIVE, _DELIVERY = cac("PayeeParty"), cac("TaxRepresentativeParty"), cac("Delivery")
_PAYMENT_MEANS, _PAYMENT_TERMS, _BILLING_REFERENCE = cac("PaymentMeans"), cac("PaymentTerms"), cac("BillingReference")
_ADDITIONAL_DOCUMENT = cac("AdditionalDocumentReference")
_HEADER_TEXTS = {  # root-level cbc element -> En16931Document attribute
    cbc("CustomizationID"): "specification_id",
    ID: "invoice_id",
    cbc("IssueDate"): "issue_date",
    cbc("DocumentCurrencyCode"): "currency",
    cbc("TaxCurrencyCode"): "tax_currency",
    cbc("DueDate"): "due_date",
}
_TAX_POINT_DATE = cbc("TaxPointDate")
# What the UBL 2.1 schema allows at most once (maxOccurs="1") among the elements the parser reads: at the root of an
# Invoice or CreditNote, in an allowance or charge, in a tax category (those two in the names module). Below them
# the parsers check the same for every other element they read (party, tax total and subtotal, monetary total, line,
# item, price).
_ROOT_ONCE = frozenset(
    {
        *_HEADER_TEXTS,
        _TAX_POINT_DATE,
        cbc("InvoiceTypeCode"),
        cbc("CreditNoteTypeCode"),
        _SUPPLIER,
        _CUSTOMER,
        _PAYEE,
        _TAX_REPRESENTATIVE,
        _MONETARY_TOTAL,
    }
)


def _stray_categories(line: etree._Element) -> list[etree._Element]:
    # The path selects elements, so lxml returns a list of elements (stubs: any XPath result).
    return cast("list[etree._Element]", _STRAY_CATEGORIES(line))


def parse_ubl(root: etree._Element) -> tuple[Invoice, En16931Document]:
    """The canonical invoice and the EN 16931 facts of a UBL Invoice or CreditNote ``root``."""
    kind = KINDS[root.tag]
    reader = UblReader(root, kind)
    doc = reader.doc
    payment_terms: list[str] = []
    line_tag, type_code_tag = kind.line, kind.type_code
    seen: set[str] = set()
    for child in root:
        tag = child.tag
        if tag == line_tag:
            doc.lines.append(read_line(reader, child))
            continue
        if tag in _ROOT_ONCE:
            if tag in seen:
                reader.duplicate(child, XSD)
            seen.add(tag)
        if tag in _HEADER_TEXTS:
            setattr(doc, _HEADER_TEXTS[tag], text_of(child))
        elif tag == ALLOWANCE_CHARGE:
            item = reader.allowance_charge(child)
            file_allowance_charge(item, doc.charges, doc.allowances, doc.other_allowance_charges)
        elif tag == _TAX_TOTAL:
            read_tax_total(reader, child)
        elif tag == _MONETARY_TOTAL:
            read_totals(reader, child)
        elif tag == _SUPPLIER:
            party = reader.single(child, PARTY)
            if party is not None:
                doc.seller = read_party(reader, party, False)
        elif tag == _CUSTOMER:
            party = reader.single(child, PARTY)
            if party is not None:
                doc.buyer = read_party(reader, party, False)
        elif tag == type_code_tag:
            doc.type_code, doc.type_code_el = text_of(child), child
        elif tag == _PAYMENT_MEANS:
            doc.payment_means.append(read_payment_means(reader, child))
        elif tag == _PAYEE:
            doc.payee = read_party(reader, child, True)
        elif tag == _TAX_REPRESENTATIVE:
            doc.tax_representative = read_party(reader, child, True)
        elif tag == INVOICE_PERIOD:
            if doc.period is None:
                doc.period = reader.period(child)
        elif tag == _DELIVERY:
            if doc.delivery is None:
                doc.delivery = read_delivery(reader, child)
        elif tag == _PAYMENT_TERMS:
            payment_terms.extend(t for t in (text_of(n) for n in child.iterchildren(NOTE)) if t)
        elif tag == _BILLING_REFERENCE:
            reference = child.find(INVOICE_DOCUMENT_REFERENCE)
            doc.preceding.append(DocumentReference(child, child_text(reference, ID) if reference is not None else None))
        elif tag == _ADDITIONAL_DOCUMENT:
            doc.documents.append(read_document_reference(reader, child))
        elif tag == _TAX_POINT_DATE:
            text = text_of(child)
            if text:
                doc.tax_point_dates.append(text)
        elif tag in LINES:  # the other kind's line, misplaced: only its item VAT category codes are checked
            doc.line_category_codes.extend(Ident(text_of(c), None, c) for c in _stray_categories(child))
    doc.payment_terms = " ".join(payment_terms) or None
    one_tax_total_per_currency(reader)
    doc.issue_date_el = root.find(cbc("IssueDate"))
    issue_date = reader.reader.date(doc.issue_date, doc.issue_date_el)
    doc.longest_number = reader.reader.longest
    doc.syntax_findings = reader.reader.findings
    doc.present = present(doc)
    return canonical_invoice(doc, issue_date), doc
