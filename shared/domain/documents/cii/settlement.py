"""The CII header trade settlement: currencies, the VAT breakdown (BG-23), allowances and charges, payment means and
terms, the payee, preceding invoices, and the monetary summation (BG-22) with its VAT totals."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.cii.names import (
    ALLOWANCE_CHARGE,
    APPLICABLE_TRADE_TAX,
    BASIS_AMOUNT,
    CALCULATED_AMOUNT,
    CATEGORY_CODE,
    DUE_DATE_TYPE_CODE,
    EN,
    EXEMPTION_CODE,
    EXEMPTION_REASON,
    ID,
    ISSUER_ASSIGNED_ID,
    PERIOD,
    RATE,
    SETTLEMENT_ONCE,
    SUMMATION_TAG,
    TAX_POINT_DATE,
    TAX_TOTAL_AMOUNT,
    TOTALS,
    TYPE_CODE,
    ram,
)
from shared.domain.documents.cii.parties import read_party
from shared.domain.documents.cii.reader import CiiReader, child_text, date_string, ident
from shared.domain.documents.facts import Account, Breakdown, DocumentReference, Ident, PaymentMeans, TaxTotal, Totals
from shared.domain.documents.xml import text_of


def read_breakdown(reader: CiiReader, element: etree._Element) -> Breakdown:
    doc = reader.doc
    breakdown = Breakdown(element, has_category=True)
    for child in element:
        tag = child.tag
        if tag == BASIS_AMOUNT:
            breakdown.has_taxable = True
            breakdown.taxable = reader.amount(child)
        elif tag == CALCULATED_AMOUNT:
            breakdown.has_tax = True
            breakdown.tax = reader.amount(child)
        elif tag == CATEGORY_CODE:
            breakdown.category = text_of(child) or None
        elif tag == RATE:
            breakdown.rate = reader.decimal(child)
        elif tag == EXEMPTION_REASON:
            breakdown.exemption_reason = text_of(child)
        elif tag == EXEMPTION_CODE:
            breakdown.exemption_code = text_of(child)
        elif tag == TAX_POINT_DATE:
            text, _ = date_string(child)
            if text:
                doc.tax_point_dates.append(text)
        elif tag == DUE_DATE_TYPE_CODE:
            doc.period_codes.append(ident(child))
    return breakdown


def read_payment_means(reader: CiiReader, element: etree._Element) -> PaymentMeans:
    means = PaymentMeans(element)
    for child in element:
        tag = child.tag
        if tag == TYPE_CODE:
            means.code = text_of(child)
        elif tag == ram("PayeePartyCreditorFinancialAccount"):
            account = child_text(child, ram("IBANID"))
            if not account:
                account = child_text(child, ram("ProprietaryID"))
            means.accounts.append(Account(child, account))
        elif tag == ram("ApplicableTradeSettlementFinancialCard"):
            card = child.find(ID)
            if card is not None:
                means.card_numbers.append(ident(card))
    return means


def read_settlement(reader: CiiReader, element: etree._Element) -> None:
    doc = reader.doc
    terms = []
    summation = None
    seen: set[str] = set()
    for child in element:
        tag = child.tag
        if tag in SETTLEMENT_ONCE:
            reader.once(seen, child)
        if tag == APPLICABLE_TRADE_TAX:
            doc.vat_breakdown.append(read_breakdown(reader, child))
        elif tag == ALLOWANCE_CHARGE:
            item = reader.allowance_charge(child)
            target = doc.charges if item.charge else doc.allowances if item.charge is False else None
            (target if target is not None else doc.other_allowance_charges).append(item)
        elif tag == ram("InvoiceCurrencyCode"):
            doc.currency = text_of(child)
        elif tag == ram("TaxCurrencyCode"):
            doc.tax_currency = text_of(child)
        elif tag == SUMMATION_TAG:
            summation = child
        elif tag == ram("SpecifiedTradeSettlementPaymentMeans"):
            doc.payment_means.append(read_payment_means(reader, child))
        elif tag == PERIOD:
            if doc.period is None:
                doc.period = reader.period(child)
        elif tag == ram("PayeeTradeParty"):
            doc.payee = read_party(reader, child)
        elif tag == ram("SpecifiedTradePaymentTerms"):
            description = child_text(child, ram("Description"))
            if description:
                terms.append(description)
            due, _ = date_string(child.find(ram("DueDateDateTime")))
            if due and doc.due_date is None:
                doc.due_date = due
        elif tag == ram("InvoiceReferencedDocument"):
            doc.preceding.append(DocumentReference(child, child_text(child, ISSUER_ASSIGNED_ID)))
    doc.payment_terms = " ".join(terms) or None
    if summation is not None:
        read_summation(reader, summation)


def read_summation(reader: CiiReader, element: etree._Element) -> None:
    doc = reader.doc
    totals = Totals(element)
    seen: set[str] = set()
    currencies: set[str | None] = set()
    for child in element:
        tag = child.tag
        attribute = TOTALS.get(tag)
        if attribute is not None:
            reader.once(seen, child, EN)
            setattr(totals, attribute, reader.amount(child))
        elif tag == TAX_TOTAL_AMOUNT:
            currency = child.get("currencyID")
            if currency in currencies:
                reader.duplicate(child, "EN 16931 (one VAT total per currency, BT-110 and BT-111)")
            currencies.add(currency)
            if currency is not None:
                doc.currency_ids.append(Ident(currency, None, child))
            in_invoice_currency = currency is None or currency == doc.currency
            doc.tax_totals.append(
                TaxTotal(child, reader.amount(child), currency, doc.vat_breakdown if in_invoice_currency else [])
            )
    doc.totals = totals
