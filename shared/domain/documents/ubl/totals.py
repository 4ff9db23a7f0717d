"""The UBL totals: each cac:TaxTotal with its VAT breakdown (BG-23), and the legal monetary total (BG-22)."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.facts import Breakdown, TaxTotal, Totals
from shared.domain.documents.ubl.names import (
    CATEGORY_ONCE,
    EXEMPTION_CODE,
    EXEMPTION_REASON,
    ID,
    PERCENT,
    TAX_AMOUNT,
    TAX_CATEGORY,
    TAX_SUBTOTAL,
    TAXABLE_AMOUNT,
    TOTALS,
    XSD,
)
from shared.domain.documents.ubl.reader import UblReader
from shared.domain.documents.xml import text_of


def read_tax_total(reader: UblReader, element: etree._Element) -> None:
    doc = reader.doc
    duplicate = reader.duplicate
    amount = None
    for each in element.iterchildren(TAX_AMOUNT):
        if amount is None:
            amount = each
        else:
            duplicate(each, XSD)
    subtotals = []
    for sub in element.iterchildren(TAX_SUBTOTAL):
        breakdown = Breakdown(sub)
        for child in sub:
            tag = child.tag
            if tag == TAXABLE_AMOUNT:
                if breakdown.has_taxable:
                    duplicate(child, XSD)
                breakdown.has_taxable = True
                breakdown.taxable = reader.amount(child)
            elif tag == TAX_AMOUNT:
                if breakdown.has_tax:
                    duplicate(child, XSD)
                breakdown.has_tax = True
                breakdown.tax = reader.amount(child)
            elif tag == TAX_CATEGORY and breakdown.has_category:
                duplicate(child, XSD)
            elif tag == TAX_CATEGORY:
                breakdown.has_category = True
                once: set[str] = set()
                for part in child:
                    ptag = part.tag
                    if ptag in CATEGORY_ONCE:
                        if ptag in once:
                            duplicate(part, XSD)
                        once.add(ptag)
                    if ptag == ID:
                        breakdown.category = text_of(part) or None
                    elif ptag == PERCENT:
                        breakdown.rate = reader.decimal(part)
                    elif ptag == EXEMPTION_REASON:
                        breakdown.exemption_reason = text_of(part)
                    elif ptag == EXEMPTION_CODE:
                        breakdown.exemption_code = text_of(part)
        subtotals.append(breakdown)
    doc.tax_totals.append(
        TaxTotal(
            element,
            reader.amount(amount) if amount is not None else None,
            amount.get("currencyID") if amount is not None else None,
            subtotals,
        )
    )
    doc.vat_breakdown.extend(subtotals)


def read_totals(reader: UblReader, element: etree._Element) -> None:
    totals = Totals(element)
    seen: set[str] = set()
    for child in element:
        attribute = TOTALS.get(child.tag)
        if attribute is not None:
            if attribute in seen:
                reader.duplicate(child, XSD)
            seen.add(attribute)
            setattr(totals, attribute, reader.amount(child))
    reader.doc.totals = totals


def one_tax_total_per_currency(reader: UblReader) -> None:
    """The schema repeats cac:TaxTotal, but EN 16931 has one invoice total VAT amount (BT-110) and one in the VAT
    accounting currency (BT-111): a second cac:TaxTotal in a currency already seen is a duplicate."""
    tax_totals = reader.doc.tax_totals
    if len(tax_totals) < 2:
        return
    currencies: set[str | None] = set()
    for tax_total in tax_totals:
        if tax_total.currency in currencies:
            reader.duplicate(tax_total.el, "EN 16931 (one VAT total per currency, BT-110 and BT-111)")
        currencies.add(tax_total.currency)
