"""The CII root: the document context (BT-24), the exchanged document (BT-1, BT-2, BT-3) and the trade transaction
dispatched to its agreement, delivery, settlement and line readers; then the canonical invoice."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.cii.lines import read_line
from shared.domain.documents.cii.names import ID, ROOT_ONCE, TRANSACTION_ONCE, TYPE_CODE, XSD, ram, rsm
from shared.domain.documents.cii.parties import read_agreement, read_delivery
from shared.domain.documents.cii.reader import CiiReader, child_text, date_string
from shared.domain.documents.cii.settlement import read_settlement
from shared.domain.documents.en16931 import canonical_invoice, present
from shared.domain.documents.facts import En16931Document
from shared.domain.documents.model import Invoice
from shared.domain.documents.xml import text_of


def _exchanged_document(reader: CiiReader, element: etree._Element) -> etree._Element | None:
    """BT-1, BT-3 and BT-2 of the rsm:ExchangedDocument; the element the issue date was read from."""
    doc = reader.doc
    ids, type_codes, issue_dates = (list(element.iterchildren(tag)) for tag in (ID, TYPE_CODE, ram("IssueDateTime")))
    for extra in (*ids[1:], *issue_dates[1:]):
        reader.duplicate(extra, XSD)
    doc.type_codes = len(type_codes)  # CII-SR-014: exactly once
    doc.invoice_id = text_of(ids[0]) if ids else None
    type_code = type_codes[0] if type_codes else None
    doc.type_code, doc.type_code_el = text_of(type_code), type_code
    doc.issue_date, issue_element = date_string(issue_dates[0] if issue_dates else None)
    return issue_element


def _document_context(reader: CiiReader, element: etree._Element) -> None:
    """BT-24 of the rsm:ExchangedDocumentContext, and the counts CII-SR-009 and CII-SR-010 check."""
    doc = reader.doc
    parameters = list(element.iterchildren(ram("GuidelineSpecifiedDocumentContextParameter")))
    doc.context_parameters = len(parameters)
    identifiers = [ident for parameter in parameters for ident in parameter.iterchildren(ID)]
    doc.context_ids = len(identifiers)
    doc.specification_id = child_text(parameters[0], ID) if parameters else None


def parse_cii(root: etree._Element) -> tuple[Invoice, En16931Document]:
    """The canonical invoice and the EN 16931 facts of a CII ``root``."""
    reader = CiiReader(root)
    doc = reader.doc
    issue_element = None
    seen: set[str] = set()
    for child in root:
        tag = child.tag
        if tag in ROOT_ONCE:
            reader.once(seen, child)
        if tag == rsm("ExchangedDocumentContext"):
            _document_context(reader, child)
        elif tag == rsm("ExchangedDocument"):
            issue_element = _exchanged_document(reader, child)
        elif tag == rsm("SupplyChainTradeTransaction"):
            parts: set[str] = set()
            for part in child:
                ptag = part.tag
                if ptag in TRANSACTION_ONCE:
                    reader.once(parts, part)
                if ptag == ram("IncludedSupplyChainTradeLineItem"):
                    doc.lines.append(read_line(reader, part))
                elif ptag == ram("ApplicableHeaderTradeAgreement"):
                    read_agreement(reader, part)
                elif ptag == ram("ApplicableHeaderTradeDelivery"):
                    read_delivery(reader, part)
                elif ptag == ram("ApplicableHeaderTradeSettlement"):
                    read_settlement(reader, part)
    doc.issue_date_el = issue_element
    issue_date = reader.reader.date(doc.issue_date, issue_element)
    doc.longest_number = reader.reader.longest
    doc.syntax_findings = reader.reader.findings
    doc.present = present(doc)
    return canonical_invoice(doc, issue_date), doc
