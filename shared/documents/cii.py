"""UN/CEFACT Cross Industry Invoice (CII D16B, ``rsm:CrossIndustryInvoice``) into the canonical model.

It fills the same :class:`En16931Document` as the UBL parser so that the same EN 16931 rules run on it. The
mapping follows the EN 16931-3-3 syntax binding for the terms the rules and the canonical model use; full CII
conformance (the CII-only rules) is not attempted here.
"""

from __future__ import annotations

import re

from lxml import etree

from shared.documents.en16931 import En16931Document, FactReader, TaxSubtotal, TaxTotal, Totals, canonical_invoice
from shared.documents.model import Invoice, InvoiceLine, Party
from shared.documents.xml import Lookup, first_of, text_of

RSM_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM_NS = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT_NS = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

_NAMESPACES = {"rsm": RSM_NS, "ram": RAM_NS, "udt": UDT_NS}
_DATE_102 = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def _q(name: str) -> str:
    """``ram:A`` in Clark notation, for ``iterchildren``."""
    return f"{{{_NAMESPACES[name[:3]]}}}{name[4:]}"


def _x(path: str) -> Lookup:
    return first_of(path, _NAMESPACES)


ROOT = "/rsm:CrossIndustryInvoice"
TRANSACTION = "rsm:SupplyChainTradeTransaction"
AGREEMENT = f"{TRANSACTION}/ram:ApplicableHeaderTradeAgreement"
SETTLEMENT = f"{TRANSACTION}/ram:ApplicableHeaderTradeSettlement"
SUMMATION = "ram:SpecifiedTradeSettlementHeaderMonetarySummation"
SELLER, BUYER = f"{AGREEMENT}/ram:SellerTradeParty", f"{AGREEMENT}/ram:BuyerTradeParty"

PATHS = {
    "BT-24": f"{ROOT}/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
    "BT-1": f"{ROOT}/rsm:ExchangedDocument/ram:ID",
    "BT-2": f"{ROOT}/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
    "BT-3": f"{ROOT}/rsm:ExchangedDocument/ram:TypeCode",
    "BT-5": f"{ROOT}/{SETTLEMENT}/ram:InvoiceCurrencyCode",
    "BT-27": f"{ROOT}/{SELLER}/ram:Name",
    "BT-44": f"{ROOT}/{BUYER}/ram:Name",
    "BG-5": f"{ROOT}/{SELLER}/ram:PostalTradeAddress",
    "BT-40": f"{ROOT}/{SELLER}/ram:PostalTradeAddress/ram:CountryID",
    "BG-8": f"{ROOT}/{BUYER}/ram:PostalTradeAddress",
    "BT-55": f"{ROOT}/{BUYER}/ram:PostalTradeAddress/ram:CountryID",
    "BG-23": f"{ROOT}/{SETTLEMENT}/ram:ApplicableTradeTax",
    "BT-110": f"{ROOT}/{SETTLEMENT}/{SUMMATION}/ram:TaxTotalAmount",
    "BG-25": f"{ROOT}/{TRANSACTION}/ram:IncludedSupplyChainTradeLineItem",
}
_TOTAL_FIELDS = (  # Totals attribute, element, business term
    ("line_net", "LineTotalAmount", "BT-106"),
    ("allowances", "AllowanceTotalAmount", "BT-107"),
    ("charges", "ChargeTotalAmount", "BT-108"),
    ("without_vat", "TaxBasisTotalAmount", "BT-109"),
    ("with_vat", "GrandTotalAmount", "BT-112"),
    ("prepaid", "TotalPrepaidAmount", "BT-113"),
    ("rounding", "RoundingAmount", "BT-114"),
    ("payable", "DuePayableAmount", "BT-115"),
)
for _attr, _element, _term in _TOTAL_FIELDS:
    PATHS[_term] = f"{ROOT}/{SETTLEMENT}/{SUMMATION}/ram:{_element}"
_TOTAL_LOOKUPS = tuple((attr, _x(f"ram:{element}"), term) for attr, element, term in _TOTAL_FIELDS)

# Element names of repeated children, iterated in document order.
ALLOWANCE_CHARGE, TRADE_TAX = _q("ram:SpecifiedTradeAllowanceCharge"), _q("ram:ApplicableTradeTax")
TAX_TOTAL = _q("ram:TaxTotalAmount")
TAX_REGISTRATIONS = etree.XPath("ram:SpecifiedTaxRegistration/ram:ID", namespaces=_NAMESPACES)
LINE_ITEMS = etree.XPath(f"{TRANSACTION}/ram:IncludedSupplyChainTradeLineItem", namespaces=_NAMESPACES)

# Lookups, relative to the root, a party, the settlement, a tax, an allowance or charge, a line.
CONTEXT_ID = _x("rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
DOCUMENT = _x("rsm:ExchangedDocument")
ID, TYPE_CODE, NAME = _x("ram:ID"), _x("ram:TypeCode"), _x("ram:Name")
ISSUE_DATE = _x("ram:IssueDateTime/udt:DateTimeString")
SETTLEMENT_Q, SELLER_Q, BUYER_Q, SUMMATION_Q = _x(SETTLEMENT), _x(SELLER), _x(BUYER), _x(SUMMATION)
CURRENCY = _x("ram:InvoiceCurrencyCode")
POSTAL, COUNTRY = _x("ram:PostalTradeAddress"), _x("ram:CountryID")
POSTAL_COUNTRY = _x("ram:PostalTradeAddress/ram:CountryID")
LEGAL_ID = _x("ram:SpecifiedLegalOrganization/ram:ID")
URI_ID = _x("ram:URIUniversalCommunication/ram:URIID")
INDICATOR, ACTUAL_AMOUNT = _x("ram:ChargeIndicator/udt:Indicator"), _x("ram:ActualAmount")
CALCULATED, BASIS = _x("ram:CalculatedAmount"), _x("ram:BasisAmount")
CATEGORY, RATE = _x("ram:CategoryCode"), _x("ram:RateApplicablePercent")
LINE_ID = _x("ram:AssociatedDocumentLineDocument/ram:LineID")
PRODUCT_NAME = _x("ram:SpecifiedTradeProduct/ram:Name")
NET_PRICE_PATH = "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount"
QUANTITY_PATH = "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"
LINE_TAX_PATH = "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax"
LINE_TOTAL_PATH = (
    "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"
)
NET_PRICE, QUANTITY = _x(NET_PRICE_PATH), _x(QUANTITY_PATH)
LINE_TAX, LINE_TOTAL = _x(LINE_TAX_PATH), _x(LINE_TOTAL_PATH)


def _party(party: etree._Element | None) -> Party:
    """legal_id: SpecifiedLegalOrganization/ID, else a tax registration, else the electronic address."""
    if party is None:
        return Party()
    registrations = TAX_REGISTRATIONS(party)
    vat_id = next((text_of(r) for r in registrations if r.get("schemeID") == "VA"), None)
    tax_ids = [t for t in (text_of(r) for r in registrations) if t]
    legal_id = text_of(LEGAL_ID(party)) or (tax_ids[0] if tax_ids else None) or text_of(URI_ID(party))
    return Party(
        legal_id=legal_id or None,
        name=text_of(NAME(party)) or None,
        vat_id=vat_id or None,
        country=text_of(POSTAL_COUNTRY(party)) or None,
    )


def _postal(party: etree._Element | None) -> tuple[bool, str | None]:
    address = POSTAL(party) if party is not None else None
    if address is None:
        return False, None
    return True, text_of(COUNTRY(address))


def _read_settlement(settlement: etree._Element | None, facts: En16931Document, reader: FactReader) -> None:
    """Document level allowances and charges, the VAT breakdown, the totals and the VAT totals."""
    if settlement is None:
        return
    base = f"{ROOT}/{SETTLEMENT}"
    for index, element in enumerate(settlement.iterchildren(ALLOWANCE_CHARGE), 1):
        amount = reader.decimal(
            ACTUAL_AMOUNT(element), f"{base}/ram:SpecifiedTradeAllowanceCharge[{index}]/ram:ActualAmount"
        )
        indicator = {"true": True, "1": True, "false": False, "0": False}.get(text_of(INDICATOR(element)) or "")
        if indicator is True:
            facts.charges.append(amount)
        elif indicator is False:
            facts.allowances.append(amount)
    for index, tax in enumerate(settlement.iterchildren(TRADE_TAX), 1):
        path = f"{base}/ram:ApplicableTradeTax[{index}]"
        facts.vat_breakdown.append(
            TaxSubtotal(
                taxable=reader.decimal(BASIS(tax), f"{path}/ram:BasisAmount"),
                tax=reader.decimal(CALCULATED(tax), f"{path}/ram:CalculatedAmount"),
                category=text_of(CATEGORY(tax)),
                rate=reader.decimal(RATE(tax), f"{path}/ram:RateApplicablePercent"),
                path=path,
            )
        )
    summation = SUMMATION_Q(settlement)
    if summation is None:
        return
    totals = facts.totals
    for attr, lookup, term in _TOTAL_LOOKUPS:
        setattr(totals, attr, reader.decimal(lookup(summation), PATHS[term]))
    for index, element in enumerate(summation.iterchildren(TAX_TOTAL), 1):
        currency = element.get("currencyID")
        in_invoice_currency = currency is None or currency == facts.currency
        facts.tax_totals.append(
            TaxTotal(
                amount=reader.decimal(element, f"{PATHS['BT-110']}[{index}]"),
                currency=currency,
                subtotals=facts.vat_breakdown if in_invoice_currency else [],
                path=f"{PATHS['BT-110']}[{index}]",
            )
        )


def _read_lines(root: etree._Element, reader: FactReader) -> list[InvoiceLine]:
    lines = []
    for index, item in enumerate(LINE_ITEMS(root), 1):
        path = f"{PATHS['BG-25']}[{index}]"
        tax = LINE_TAX(item)
        lines.append(
            InvoiceLine(
                line_id=text_of(LINE_ID(item)) or str(index),
                name=text_of(PRODUCT_NAME(item)),
                quantity=reader.decimal(QUANTITY(item), f"{path}/{QUANTITY_PATH}"),
                unit_price=reader.decimal(NET_PRICE(item), f"{path}/{NET_PRICE_PATH}"),
                net_amount=reader.decimal(LINE_TOTAL(item), f"{path}/{LINE_TOTAL_PATH}"),
                vat_category=text_of(CATEGORY(tax)) if tax is not None else None,
                vat_rate=reader.decimal(RATE(tax), f"{path}/{LINE_TAX_PATH}/ram:RateApplicablePercent")
                if tax is not None
                else None,
            )
        )
    return lines


def parse_cii(root: etree._Element) -> tuple[Invoice, En16931Document]:
    """The canonical invoice and the EN 16931 facts of a CII ``root``."""
    reader = FactReader(_DATE_102, "format 102, CCYYMMDD")
    document = DOCUMENT(root)
    seller, buyer = SELLER_Q(root), BUYER_Q(root)
    settlement = SETTLEMENT_Q(root)
    seller_address, seller_country = _postal(seller)
    buyer_address, buyer_country = _postal(buyer)
    facts = En16931Document(
        syntax="cii",
        paths=PATHS,
        specification_id=text_of(CONTEXT_ID(root)),
        invoice_id=text_of(ID(document)) if document is not None else None,
        issue_date=text_of(ISSUE_DATE(document)) if document is not None else None,
        type_code=text_of(TYPE_CODE(document)) if document is not None else None,
        currency=text_of(CURRENCY(settlement)) if settlement is not None else None,
        seller_name=text_of(NAME(seller)) if seller is not None else None,
        buyer_name=text_of(NAME(buyer)) if buyer is not None else None,
        seller_address=seller_address,
        seller_country=seller_country,
        buyer_address=buyer_address,
        buyer_country=buyer_country,
        totals=Totals(),
    )
    _read_settlement(settlement, facts, reader)
    lines = _read_lines(root, reader)
    facts.line_net_amounts = [line.net_amount for line in lines]
    issue_date = reader.date(facts.issue_date, PATHS["BT-2"])
    facts.syntax_findings = reader.findings
    return canonical_invoice(facts, lines, issue_date, _party(seller), _party(buyer)), facts
