"""UBL 2.1 Invoice and CreditNote into the canonical :class:`Invoice` and the EN 16931 facts.

Lookups are XPath expressions compiled once at import (several times faster than ``find`` with a path). Absent or
unreadable values become ``None`` (and a ``SYNTAX-*`` finding when present but unreadable): the rules report
what is missing, the parser never raises on content.
"""

from __future__ import annotations

import re

from lxml import etree

from shared.documents.en16931 import En16931Document, FactReader, TaxSubtotal, TaxTotal, Totals, canonical_invoice
from shared.documents.model import Invoice, InvoiceLine, Party
from shared.documents.xml import Lookup, first_of, text_of

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")


def _q(path: str) -> str:
    """``cac:A`` in Clark notation, for ``iterchildren``."""
    return "/".join(f"{{{CAC_NS if step.startswith('cac:') else CBC_NS}}}{step[4:]}" for step in path.split("/"))


_NAMESPACES = {"cac": CAC_NS, "cbc": CBC_NS}


def _x(path: str) -> Lookup:
    return first_of(path, _NAMESPACES)


# Element names of repeated children, iterated in document order.
ALLOWANCE_CHARGE, TAX_TOTAL, TAX_SUBTOTAL = _q("cac:AllowanceCharge"), _q("cac:TaxTotal"), _q("cac:TaxSubtotal")
TAX_SCHEME = _q("cac:PartyTaxScheme")

# Lookups, relative to the root, a party (cac:Party), a line, a tax total or subtotal, an allowance or charge.
CUSTOMIZATION_ID, ID, ISSUE_DATE = _x("cbc:CustomizationID"), _x("cbc:ID"), _x("cbc:IssueDate")
DOCUMENT_CURRENCY = _x("cbc:DocumentCurrencyCode")
SUPPLIER_PARTY = _x("cac:AccountingSupplierParty/cac:Party")
CUSTOMER_PARTY = _x("cac:AccountingCustomerParty/cac:Party")
REGISTRATION_NAME, PARTY_NAME = _x("cac:PartyLegalEntity/cbc:RegistrationName"), _x("cac:PartyName/cbc:Name")
LEGAL_COMPANY_ID = _x("cac:PartyLegalEntity/cbc:CompanyID")
COMPANY_ID, TAX_SCHEME_ID, ENDPOINT_ID = _x("cbc:CompanyID"), _x("cac:TaxScheme/cbc:ID"), _x("cbc:EndpointID")
POSTAL_ADDRESS, COUNTRY_CODE = _x("cac:PostalAddress"), _x("cac:Country/cbc:IdentificationCode")
POSTAL_COUNTRY = _x("cac:PostalAddress/cac:Country/cbc:IdentificationCode")
CHARGE_INDICATOR, AMOUNT = _x("cbc:ChargeIndicator"), _x("cbc:Amount")
TAX_AMOUNT, TAXABLE_AMOUNT = _x("cbc:TaxAmount"), _x("cbc:TaxableAmount")
CATEGORY_ID, CATEGORY_PERCENT = _x("cac:TaxCategory/cbc:ID"), _x("cac:TaxCategory/cbc:Percent")
MONETARY_TOTAL = _x("cac:LegalMonetaryTotal")
LINE_EXTENSION = _x("cbc:LineExtensionAmount")
ITEM_NAME, PRICE = _x("cac:Item/cbc:Name"), _x("cac:Price/cbc:PriceAmount")
ITEM_CATEGORY_ID = _x("cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
ITEM_CATEGORY_PERCENT = _x("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")

_TOTAL_FIELDS = (  # Totals attribute, element, business term
    ("line_net", "LineExtensionAmount", "BT-106"),
    ("without_vat", "TaxExclusiveAmount", "BT-109"),
    ("with_vat", "TaxInclusiveAmount", "BT-112"),
    ("allowances", "AllowanceTotalAmount", "BT-107"),
    ("charges", "ChargeTotalAmount", "BT-108"),
    ("prepaid", "PrepaidAmount", "BT-113"),
    ("rounding", "PayableRoundingAmount", "BT-114"),
    ("payable", "PayableAmount", "BT-115"),
)


class _Kind:
    """What differs between an Invoice and a CreditNote: names of the type code, lines and quantity."""

    def __init__(self, root_name: str, type_code: str, line: str, quantity: str) -> None:
        self.root = f"/{root_name}"
        self.type_code = _x(f"cbc:{type_code}")
        self.line = _q(f"cac:{line}")
        self.line_name = f"cac:{line}"
        self.quantity = _x(f"cbc:{quantity}")
        self.quantity_name = f"cbc:{quantity}"
        r = self.root
        supplier, customer = f"{r}/cac:AccountingSupplierParty/cac:Party", f"{r}/cac:AccountingCustomerParty/cac:Party"
        self.paths = {
            "BT-24": f"{r}/cbc:CustomizationID",
            "BT-1": f"{r}/cbc:ID",
            "BT-2": f"{r}/cbc:IssueDate",
            "BT-3": f"{r}/cbc:{type_code}",
            "BT-5": f"{r}/cbc:DocumentCurrencyCode",
            "BT-27": f"{supplier}/cac:PartyLegalEntity/cbc:RegistrationName",
            "BT-44": f"{customer}/cac:PartyLegalEntity/cbc:RegistrationName",
            "BG-5": f"{supplier}/cac:PostalAddress",
            "BT-40": f"{supplier}/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
            "BG-8": f"{customer}/cac:PostalAddress",
            "BT-55": f"{customer}/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
            "BG-23": f"{r}/cac:TaxTotal/cac:TaxSubtotal",
            "BT-110": f"{r}/cac:TaxTotal/cbc:TaxAmount",
            "BG-25": f"{r}/cac:{line}",
        }
        for _attr, element, term in _TOTAL_FIELDS:
            self.paths[term] = f"{r}/cac:LegalMonetaryTotal/cbc:{element}"


_KINDS = {
    f"{{{INVOICE_NS}}}Invoice": _Kind("Invoice", "InvoiceTypeCode", "InvoiceLine", "InvoicedQuantity"),
    f"{{{CREDIT_NOTE_NS}}}CreditNote": _Kind("CreditNote", "CreditNoteTypeCode", "CreditNoteLine", "CreditedQuantity"),
}
_TOTAL_LOOKUPS = tuple((attr, _x(f"cbc:{element}"), term) for attr, element, term in _TOTAL_FIELDS)


def _party(party: etree._Element | None) -> Party:
    """legal_id: PartyLegalEntity/CompanyID, else a PartyTaxScheme/CompanyID, else EndpointID."""
    if party is None:
        return Party()
    schemes = list(party.iterchildren(TAX_SCHEME))
    vat_id = next((text_of(COMPANY_ID(s)) for s in schemes if text_of(TAX_SCHEME_ID(s)) == "VAT"), None)
    tax_ids = [t for t in (text_of(COMPANY_ID(s)) for s in schemes) if t]
    legal_id = text_of(LEGAL_COMPANY_ID(party)) or (tax_ids[0] if tax_ids else None)
    return Party(
        legal_id=legal_id or text_of(ENDPOINT_ID(party)) or None,
        name=text_of(REGISTRATION_NAME(party)) or text_of(PARTY_NAME(party)) or None,
        vat_id=vat_id or None,
        country=text_of(POSTAL_COUNTRY(party)) or None,
    )


def _charge_indicator(element: etree._Element) -> bool | None:
    """``xs:boolean``: true/1 or false/0; anything else is neither."""
    text = text_of(CHARGE_INDICATOR(element))
    return {"true": True, "1": True, "false": False, "0": False}.get(text or "")


def _read_allowances(root: etree._Element, facts: En16931Document, reader: FactReader, base: str) -> None:
    for index, element in enumerate(root.iterchildren(ALLOWANCE_CHARGE), 1):
        amount = reader.decimal(AMOUNT(element), f"{base}/cac:AllowanceCharge[{index}]/cbc:Amount")
        indicator = _charge_indicator(element)
        if indicator is True:
            facts.charges.append(amount)
        elif indicator is False:
            facts.allowances.append(amount)


def _read_tax_totals(root: etree._Element, facts: En16931Document, reader: FactReader, base: str) -> None:
    for t_index, total in enumerate(root.iterchildren(TAX_TOTAL), 1):
        t_path = f"{base}/cac:TaxTotal[{t_index}]"
        amount_element = TAX_AMOUNT(total)
        subtotals = []
        for s_index, sub in enumerate(total.iterchildren(TAX_SUBTOTAL), 1):
            s_path = f"{t_path}/cac:TaxSubtotal[{s_index}]"
            subtotals.append(
                TaxSubtotal(
                    taxable=reader.decimal(TAXABLE_AMOUNT(sub), f"{s_path}/cbc:TaxableAmount"),
                    tax=reader.decimal(TAX_AMOUNT(sub), f"{s_path}/cbc:TaxAmount"),
                    category=text_of(CATEGORY_ID(sub)),
                    rate=reader.decimal(CATEGORY_PERCENT(sub), f"{s_path}/cac:TaxCategory/cbc:Percent"),
                    path=s_path,
                )
            )
        facts.tax_totals.append(
            TaxTotal(
                amount=reader.decimal(amount_element, f"{t_path}/cbc:TaxAmount"),
                currency=amount_element.get("currencyID") if amount_element is not None else None,
                subtotals=subtotals,
                path=f"{t_path}/cbc:TaxAmount",
            )
        )
        facts.vat_breakdown.extend(subtotals)


def _read_totals(root: etree._Element, kind: _Kind, reader: FactReader) -> Totals:
    totals = Totals()
    monetary = MONETARY_TOTAL(root)
    if monetary is not None:
        for attr, lookup, term in _TOTAL_LOOKUPS:
            setattr(totals, attr, reader.decimal(lookup(monetary), kind.paths[term]))
    return totals


def _read_lines(root: etree._Element, kind: _Kind, reader: FactReader) -> list[InvoiceLine]:
    lines = []
    for index, line in enumerate(root.iterchildren(kind.line), 1):
        path = f"{kind.root}/{kind.line_name}[{index}]"
        lines.append(
            InvoiceLine(
                line_id=text_of(ID(line)) or str(index),
                name=text_of(ITEM_NAME(line)),
                quantity=reader.decimal(kind.quantity(line), f"{path}/{kind.quantity_name}"),
                unit_price=reader.decimal(PRICE(line), f"{path}/cac:Price/cbc:PriceAmount"),
                net_amount=reader.decimal(LINE_EXTENSION(line), f"{path}/cbc:LineExtensionAmount"),
                vat_category=text_of(ITEM_CATEGORY_ID(line)),
                vat_rate=reader.decimal(
                    ITEM_CATEGORY_PERCENT(line), f"{path}/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"
                ),
            )
        )
    return lines


def _postal(party: etree._Element | None) -> tuple[bool, str | None]:
    address = POSTAL_ADDRESS(party) if party is not None else None
    if address is None:
        return False, None
    return True, text_of(COUNTRY_CODE(address))


def parse_ubl(root: etree._Element) -> tuple[Invoice, En16931Document]:
    """The canonical invoice and the EN 16931 facts of a UBL Invoice or CreditNote ``root``."""
    kind = _KINDS[root.tag]
    reader = FactReader(_DATE, "YYYY-MM-DD")
    supplier, customer = SUPPLIER_PARTY(root), CUSTOMER_PARTY(root)
    seller_address, seller_country = _postal(supplier)
    buyer_address, buyer_country = _postal(customer)
    facts = En16931Document(
        syntax="ubl",
        paths=kind.paths,
        specification_id=text_of(CUSTOMIZATION_ID(root)),
        invoice_id=text_of(ID(root)),
        issue_date=text_of(ISSUE_DATE(root)),
        type_code=text_of(kind.type_code(root)),
        currency=text_of(DOCUMENT_CURRENCY(root)),
        seller_name=text_of(REGISTRATION_NAME(supplier)) if supplier is not None else None,
        buyer_name=text_of(REGISTRATION_NAME(customer)) if customer is not None else None,
        seller_address=seller_address,
        seller_country=seller_country,
        buyer_address=buyer_address,
        buyer_country=buyer_country,
        totals=_read_totals(root, kind, reader),
    )
    _read_allowances(root, facts, reader, kind.root)
    _read_tax_totals(root, facts, reader, kind.root)
    lines = _read_lines(root, kind, reader)
    facts.line_net_amounts = [line.net_amount for line in lines]
    issue_date = reader.date(facts.issue_date, kind.paths["BT-2"])
    facts.syntax_findings = reader.findings
    return canonical_invoice(facts, lines, issue_date, _party(supplier), _party(customer)), facts
