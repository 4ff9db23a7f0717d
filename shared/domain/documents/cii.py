"""UN/CEFACT Cross Industry Invoice (CII D16B, ``rsm:CrossIndustryInvoice``) into the canonical model and the facts.

It fills the same :class:`~shared.domain.documents.facts.En16931Document` as the UBL parser, following the EN 16931-3-3
syntax binding, so that the same EN 16931 rules run on it. Like the UBL parser: one pass over each aggregate's
children dispatching on the element name, absent values ``None``, unreadable ones ``None`` plus a ``SYNTAX-*``
finding.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from shared.domain.documents.en16931 import canonical_invoice, present
from shared.domain.documents.facts import (
    Account,
    Address,
    AllowanceCharge,
    Attachment,
    Breakdown,
    Delivery,
    DocumentReference,
    En16931Document,
    FactReader,
    Ident,
    ItemAttribute,
    Line,
    PartyFacts,
    PaymentMeans,
    Period,
    TaxTotal,
    Totals,
    fraction_digits,
    path_of,
)
from shared.domain.documents.model import Invoice

RSM_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM_NS = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT_NS = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

_XSD = "the CII D16B schema"
_EN = "EN 16931"
_DATE_102 = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def _r(name: str) -> str:
    return f"{{{RAM_NS}}}{name}"


def _s(name: str) -> str:
    return f"{{{RSM_NS}}}{name}"


DATE_TIME_STRING, DATE_STRING = f"{{{UDT_NS}}}DateTimeString", f"{{{UDT_NS}}}DateString"
INDICATOR = f"{{{UDT_NS}}}Indicator"
ID, NAME, GLOBAL_ID, TYPE_CODE, CATEGORY_CODE = _r("ID"), _r("Name"), _r("GlobalID"), _r("TypeCode"), _r("CategoryCode")
RATE, BASIS_AMOUNT, CALCULATED_AMOUNT = _r("RateApplicablePercent"), _r("BasisAmount"), _r("CalculatedAmount")
ACTUAL_AMOUNT, CHARGE_AMOUNT, CALCULATION_PERCENT = _r("ActualAmount"), _r("ChargeAmount"), _r("CalculationPercent")
REASON, REASON_CODE, CHARGE_INDICATOR = _r("Reason"), _r("ReasonCode"), _r("ChargeIndicator")
CATEGORY_TRADE_TAX, APPLICABLE_TRADE_TAX = _r("CategoryTradeTax"), _r("ApplicableTradeTax")
ALLOWANCE_CHARGE, PERIOD = _r("SpecifiedTradeAllowanceCharge"), _r("BillingSpecifiedPeriod")
START, END = _r("StartDateTime"), _r("EndDateTime")
POSTAL_ADDRESS, COUNTRY_ID = _r("PostalTradeAddress"), _r("CountryID")
LEGAL_ORGANIZATION, TAX_REGISTRATION, URI_COMMUNICATION = (
    _r("SpecifiedLegalOrganization"),
    _r("SpecifiedTaxRegistration"),
    _r("URIUniversalCommunication"),
)
URI_ID, ISSUER_ASSIGNED_ID, REFERENCE_TYPE_CODE = _r("URIID"), _r("IssuerAssignedID"), _r("ReferenceTypeCode")
ATTACHMENT = _r("AttachmentBinaryObject")
EXEMPTION_REASON, EXEMPTION_CODE = _r("ExemptionReason"), _r("ExemptionReasonCode")
TAX_POINT_DATE, DUE_DATE_TYPE_CODE = _r("TaxPointDate"), _r("DueDateTypeCode")
ADDITIONAL_DOCUMENT = _r("AdditionalReferencedDocument")

_TOTALS = {
    _r("LineTotalAmount"): "line_net",
    _r("AllowanceTotalAmount"): "allowances",
    _r("ChargeTotalAmount"): "charges",
    _r("TaxBasisTotalAmount"): "without_vat",
    _r("GrandTotalAmount"): "with_vat",
    _r("TotalPrepaidAmount"): "prepaid",
    _r("RoundingAmount"): "rounding",
    _r("DuePayableAmount"): "payable",
}
TAX_TOTAL_AMOUNT = _r("TaxTotalAmount")

_TRANSACTION = "rsm:SupplyChainTradeTransaction"
_AGREEMENT = f"{_TRANSACTION}/ram:ApplicableHeaderTradeAgreement"
_DELIVERY = f"{_TRANSACTION}/ram:ApplicableHeaderTradeDelivery"
_SETTLEMENT = f"{_TRANSACTION}/ram:ApplicableHeaderTradeSettlement"
_SUMMATION = f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"

# Where each business term sits below the element a rule reports it on (see shared.domain.documents.rules).
TERMS = {
    "BT-24": "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
    "BT-1": "rsm:ExchangedDocument/ram:ID",
    "BT-2": "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
    "BT-3": "rsm:ExchangedDocument/ram:TypeCode",
    "BT-5": f"{_SETTLEMENT}/ram:InvoiceCurrencyCode",
    "BT-6": f"{_SETTLEMENT}/ram:TaxCurrencyCode",
    "BT-72": f"{_DELIVERY}/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
    "BG-4": f"{_AGREEMENT}/ram:SellerTradeParty",
    "BG-7": f"{_AGREEMENT}/ram:BuyerTradeParty",
    "BG-13": f"{_DELIVERY}/ram:ShipToTradeParty",
    "BG-22": _SUMMATION,
    "BG-22-VAT": f"{_SUMMATION}/ram:TaxTotalAmount",
    "BG-23": f"{_SETTLEMENT}/ram:ApplicableTradeTax",
    "BG-25": f"{_TRANSACTION}/ram:IncludedSupplyChainTradeLineItem",
    "BT-27": "ram:Name",
    "BT-44": "ram:Name",
    "BT-59": "ram:Name",
    "BT-62": "ram:Name",
    "BT-63": "ram:SpecifiedTaxRegistration/ram:ID",
    "BG-5": "ram:PostalTradeAddress",
    "BG-8": "ram:PostalTradeAddress",
    "BG-12": "ram:PostalTradeAddress",
    "BT-40": "ram:CountryID",
    "BT-55": "ram:CountryID",
    "BT-69": "ram:CountryID",
    "BT-80": "ram:CountryID",
    "BT-106": "ram:LineTotalAmount",
    "BT-107": "ram:AllowanceTotalAmount",
    "BT-108": "ram:ChargeTotalAmount",
    "BT-109": "ram:TaxBasisTotalAmount",
    "BT-112": "ram:GrandTotalAmount",
    "BT-113": "ram:TotalPrepaidAmount",
    "BT-114": "ram:RoundingAmount",
    "BT-115": "ram:DuePayableAmount",
    "BT-116": "ram:BasisAmount",
    "BT-117": "ram:CalculatedAmount",
    "BT-118": "ram:CategoryCode",
    "BT-119": "ram:RateApplicablePercent",
    "BT-120": "ram:ExemptionReason",
    "BT-92": "ram:ActualAmount",
    "BT-93": "ram:BasisAmount",
    "BT-95": "ram:CategoryTradeTax/ram:CategoryCode",
    "BT-97": "ram:Reason",
    "BT-74": "ram:EndDateTime/udt:DateTimeString",
    "BT-81": "ram:TypeCode",
    "BT-84": "ram:IBANID",
    "BG-17": "ram:PayeePartyCreditorFinancialAccount",
    "BT-122": "ram:IssuerAssignedID",
    "BT-25": "ram:IssuerAssignedID",
    "BT-126": "ram:AssociatedDocumentLineDocument/ram:LineID",
    "BT-129": "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
    "BT-131": "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
    "BT-146": "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
    "BT-148": "ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:ChargeAmount",
    "BT-151": "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode",
    "BT-153": "ram:SpecifiedTradeProduct/ram:Name",
}

_SUMMATION_TAG = _r("SpecifiedTradeSettlementHeaderMonetarySummation")
# What the CII D16B schema allows at most once (maxOccurs="1") among the elements the parser reads, per parent.
_ROOT_ONCE = frozenset({_s("ExchangedDocumentContext"), _s("ExchangedDocument"), _s("SupplyChainTradeTransaction")})
_TRANSACTION_ONCE = frozenset(
    {
        _r("ApplicableHeaderTradeAgreement"),
        _r("ApplicableHeaderTradeDelivery"),
        _r("ApplicableHeaderTradeSettlement"),
    }
)
_AGREEMENT_ONCE = frozenset(
    {
        _r("SellerTradeParty"),
        _r("BuyerTradeParty"),
        _r("SellerTaxRepresentativeTradeParty"),
    }
)
_SETTLEMENT_ONCE = frozenset(
    {
        _r("InvoiceCurrencyCode"),
        _r("TaxCurrencyCode"),
        _r("PayeeTradeParty"),
        _SUMMATION_TAG,
    }
)
_LINE_ONCE = frozenset(
    {
        _r("AssociatedDocumentLineDocument"),
        _r("SpecifiedTradeProduct"),
        _r("SpecifiedLineTradeAgreement"),
        _r("SpecifiedLineTradeDelivery"),
        _r("SpecifiedLineTradeSettlement"),
    }
)


def _text(element: etree._Element | None) -> str | None:
    """Stripped text; ``None`` when the element is absent, ``""`` when it is empty."""
    if element is None:
        return None
    text = element.text
    return text.strip() if text else ""


def _child_text(parent: etree._Element | None, tag: str) -> str | None:
    return _text(parent.find(tag)) if parent is not None else None


def _ident(element: etree._Element, attribute: str = "schemeID") -> Ident:
    return Ident(_text(element), element.get(attribute), element)


def _date_string(element: etree._Element | None) -> tuple[str | None, etree._Element | None]:
    """The udt:DateTimeString (or udt:DateString) below ``element``, and that element."""
    if element is None:
        return None, None
    inner = element.find(DATE_TIME_STRING)
    if inner is None:
        inner = element.find(DATE_STRING)
    return _text(inner), inner


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.reader = FactReader(_DATE_102, "format 102, CCYYMMDD", path_of)
        self.decimal = self.reader.decimal
        self.duplicate = self.reader.duplicate
        self.doc = En16931Document(syntax="cii", root=root, terms=TERMS)

    def once(self, seen: set[str], child: etree._Element, allowed: str = _XSD) -> None:
        """Note ``child``'s name in ``seen``; a duplicate finding when it was there already."""
        tag = child.tag
        if tag in seen:
            self.duplicate(child, allowed)
        seen.add(tag)

    def amount(self, element: etree._Element) -> Decimal | None:
        """An amount; more than two fraction digits is noted for the BR-DEC rules."""
        value = self.decimal(element)
        if value is not None and fraction_digits(value) > 2:
            self.doc.precise_amounts.append(Ident(_text(element), None, element))
        return value

    def address(self, element: etree._Element | None) -> Address | None:
        if element is None:
            return None
        code = element.find(COUNTRY_ID)
        country = _text(code)
        if code is not None:
            self.doc.country_codes.append(Ident(country, None, code))
        return Address(element, country)

    def party(self, element: etree._Element) -> PartyFacts:
        party = PartyFacts(element)
        for child in element:
            tag = child.tag
            if tag in (ID, GLOBAL_ID):
                party.identifiers.append(_ident(child))
            elif tag == NAME:
                party.name = _text(child)
            elif tag == LEGAL_ORGANIZATION:
                legal = child.find(ID)
                if legal is not None:
                    party.legal_ids.append(_ident(legal))
                party.trading_name = _child_text(child, _r("TradingBusinessName"))
            elif tag == POSTAL_ADDRESS:
                party.address = self.address(child)
            elif tag == URI_COMMUNICATION:
                uri = child.find(URI_ID)
                if uri is not None:
                    party.endpoint = _ident(uri)
            elif tag == TAX_REGISTRATION:
                registration = child.find(ID)
                if registration is None:
                    continue
                scheme = registration.get("schemeID")
                if scheme == "VA":
                    party.vat_ids.append(_ident(registration))
                    party.tax_company_ids += 1
                elif scheme == "FC":
                    party.tax_ids.append(_ident(registration))
        return party

    def allowance_charge(self, element: etree._Element) -> AllowanceCharge:
        item = AllowanceCharge(element)
        for child in element:
            tag = child.tag
            if tag == CHARGE_INDICATOR:
                item.charge = _BOOLEAN.get(_child_text(child, INDICATOR) or "")
            elif tag == ACTUAL_AMOUNT:
                item.has_amount = True
                item.amount = self.amount(child)
            elif tag == BASIS_AMOUNT:
                item.base = self.amount(child)
            elif tag == CALCULATION_PERCENT:
                item.percent = self.decimal(child)
            elif tag == REASON:
                item.reason = _text(child)
            elif tag == REASON_CODE:
                item.reason_code = _text(child)
            elif tag == CATEGORY_TRADE_TAX and not item.has_category:
                item.has_category = True
                item.category = _child_text(child, CATEGORY_CODE) or None
                item.rate = self.decimal(child.find(RATE))
        return item

    def period(self, element: etree._Element) -> Period:
        start, _ = _date_string(element.find(START))
        end, _ = _date_string(element.find(END))
        return Period(element, start, end)

    def breakdown(self, element: etree._Element) -> Breakdown:
        doc = self.doc
        breakdown = Breakdown(element, has_category=True)
        for child in element:
            tag = child.tag
            if tag == BASIS_AMOUNT:
                breakdown.has_taxable = True
                breakdown.taxable = self.amount(child)
            elif tag == CALCULATED_AMOUNT:
                breakdown.has_tax = True
                breakdown.tax = self.amount(child)
            elif tag == CATEGORY_CODE:
                breakdown.category = _text(child) or None
            elif tag == RATE:
                breakdown.rate = self.decimal(child)
            elif tag == EXEMPTION_REASON:
                breakdown.exemption_reason = _text(child)
            elif tag == EXEMPTION_CODE:
                breakdown.exemption_code = _text(child)
            elif tag == TAX_POINT_DATE:
                text, _ = _date_string(child)
                if text:
                    doc.tax_point_dates.append(text)
            elif tag == DUE_DATE_TYPE_CODE:
                doc.period_codes.append(_ident(child))
        return breakdown

    def document_reference(self, element: etree._Element, into: list[DocumentReference] | None) -> None:
        reference = DocumentReference(element)
        scheme = None
        for child in element:
            tag = child.tag
            if tag == ISSUER_ASSIGNED_ID:
                reference.id = _text(child)
            elif tag == TYPE_CODE:
                reference.type_code = _text(child)
            elif tag == REFERENCE_TYPE_CODE:
                scheme = child
            elif tag == ATTACHMENT:
                reference.attachment = Attachment(child, child.get("mimeCode"), child.get("filename"))
        if reference.type_code == "130" and scheme is not None:
            reference.id_scheme = _text(scheme)
            self.doc.object_ids.append(Ident(reference.id_scheme, None, scheme))
        if into is not None:
            into.append(reference)

    def agreement(self, element: etree._Element) -> None:
        doc = self.doc
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in _AGREEMENT_ONCE:
                self.once(seen, child)
            if tag == _r("SellerTradeParty"):
                doc.seller = self.party(child)
            elif tag == _r("BuyerTradeParty"):
                doc.buyer = self.party(child)
            elif tag == _r("SellerTaxRepresentativeTradeParty"):
                doc.tax_representative = self.party(child)
            elif tag == ADDITIONAL_DOCUMENT:
                self.document_reference(child, doc.documents)

    def delivery(self, element: etree._Element) -> None:
        doc = self.doc
        ship_to = element.find(_r("ShipToTradeParty"))
        event = element.find(_r("ActualDeliverySupplyChainEvent"))
        if ship_to is None and event is None:
            return
        date, _ = _date_string(event.find(_r("OccurrenceDateTime")) if event is not None else None)
        delivery = Delivery(ship_to if ship_to is not None else element, date)
        if ship_to is not None:
            delivery.location_ids = [_ident(i) for i in ship_to.iterchildren(ID, GLOBAL_ID)]
            delivery.address = self.address(ship_to.find(POSTAL_ADDRESS))
        doc.delivery = delivery

    def payment_means(self, element: etree._Element) -> PaymentMeans:
        means = PaymentMeans(element)
        for child in element:
            tag = child.tag
            if tag == TYPE_CODE:
                means.code = _text(child)
            elif tag == _r("PayeePartyCreditorFinancialAccount"):
                account = _child_text(child, _r("IBANID"))
                if not account:
                    account = _child_text(child, _r("ProprietaryID"))
                means.accounts.append(Account(child, account))
            elif tag == _r("ApplicableTradeSettlementFinancialCard"):
                card = child.find(ID)
                if card is not None:
                    means.card_numbers.append(_ident(card))
        return means

    def settlement(self, element: etree._Element) -> None:
        doc = self.doc
        terms = []
        summation = None
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in _SETTLEMENT_ONCE:
                self.once(seen, child)
            if tag == APPLICABLE_TRADE_TAX:
                doc.vat_breakdown.append(self.breakdown(child))
            elif tag == ALLOWANCE_CHARGE:
                item = self.allowance_charge(child)
                target = doc.charges if item.charge else doc.allowances if item.charge is False else None
                (target if target is not None else doc.other_allowance_charges).append(item)
            elif tag == _r("InvoiceCurrencyCode"):
                doc.currency = _text(child)
            elif tag == _r("TaxCurrencyCode"):
                doc.tax_currency = _text(child)
            elif tag == _SUMMATION_TAG:
                summation = child
            elif tag == _r("SpecifiedTradeSettlementPaymentMeans"):
                doc.payment_means.append(self.payment_means(child))
            elif tag == PERIOD:
                if doc.period is None:
                    doc.period = self.period(child)
            elif tag == _r("PayeeTradeParty"):
                doc.payee = self.party(child)
            elif tag == _r("SpecifiedTradePaymentTerms"):
                description = _child_text(child, _r("Description"))
                if description:
                    terms.append(description)
                due, _ = _date_string(child.find(_r("DueDateDateTime")))
                if due and doc.due_date is None:
                    doc.due_date = due
            elif tag == _r("InvoiceReferencedDocument"):
                doc.preceding.append(DocumentReference(child, _child_text(child, ISSUER_ASSIGNED_ID)))
        doc.payment_terms = " ".join(terms) or None
        if summation is not None:
            self.summation(summation)

    def summation(self, element: etree._Element) -> None:
        doc = self.doc
        totals = Totals(element)
        seen: set[str] = set()
        currencies: set[str | None] = set()
        for child in element:
            tag = child.tag
            attribute = _TOTALS.get(tag)
            if attribute is not None:
                self.once(seen, child, _EN)
                setattr(totals, attribute, self.amount(child))
            elif tag == TAX_TOTAL_AMOUNT:
                currency = child.get("currencyID")
                if currency in currencies:
                    self.duplicate(child, "EN 16931 (one VAT total per currency, BT-110 and BT-111)")
                currencies.add(currency)
                if currency is not None:
                    doc.currency_ids.append(Ident(currency, None, child))
                in_invoice_currency = currency is None or currency == doc.currency
                doc.tax_totals.append(
                    TaxTotal(child, self.amount(child), currency, doc.vat_breakdown if in_invoice_currency else [])
                )
        doc.totals = totals

    def line(self, element: etree._Element) -> Line:
        doc = self.doc
        line = Line(element)
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in _LINE_ONCE:
                self.once(seen, child)
            if tag == _r("AssociatedDocumentLineDocument"):
                line.id = _child_text(child, _r("LineID"))
            elif tag == _r("SpecifiedTradeProduct"):
                self.product(child, line)
            elif tag == _r("SpecifiedLineTradeAgreement"):
                self.line_agreement(child, line)
            elif tag == _r("SpecifiedLineTradeDelivery"):
                quantity = child.find(_r("BilledQuantity"))
                if quantity is not None:
                    line.has_quantity = True
                    line.quantity = self.decimal(quantity)
                    line.unit_code = quantity.get("unitCode")
                    if line.unit_code is not None:
                        doc.unit_codes.append(Ident(line.unit_code, None, quantity))
            elif tag == _r("SpecifiedLineTradeSettlement"):
                self.line_settlement(child, line)
        return line

    def product(self, element: etree._Element, line: Line) -> None:
        line.has_item = True
        for child in element:
            tag = child.tag
            if tag == NAME:
                line.item_name = _text(child)
            elif tag == GLOBAL_ID:
                line.standard_ids.append(_ident(child))
            elif tag == _r("DesignatedProductClassification"):
                code = child.find(_r("ClassCode"))
                if code is not None:
                    line.classifications.append(_ident(code, "listID"))
            elif tag == _r("OriginTradeCountry"):
                code = child.find(ID)
                if code is not None:
                    line.origin_country = Ident(_text(code), None, code)
            elif tag == _r("ApplicableProductCharacteristic"):
                line.attributes.append(
                    ItemAttribute(child, _child_text(child, _r("Description")), _child_text(child, _r("Value")))
                )

    def line_agreement(self, element: etree._Element, line: Line) -> None:
        doc = self.doc
        for child in element:
            tag = child.tag
            if tag == _r("NetPriceProductTradePrice"):
                price = child.find(CHARGE_AMOUNT)
                if price is not None:
                    line.has_price = True
                    line.price = self.decimal(price)
            elif tag == _r("GrossPriceProductTradePrice"):
                price = child.find(CHARGE_AMOUNT)
                if price is not None:
                    line.gross_prices.append(self.decimal(price))
            else:
                continue
            basis = child.find(_r("BasisQuantity"))
            unit = basis.get("unitCode") if basis is not None else None
            if unit is not None:
                doc.unit_codes.append(Ident(unit, None, basis))

    def line_settlement(self, element: etree._Element, line: Line) -> None:
        for child in element:
            tag = child.tag
            if tag == APPLICABLE_TRADE_TAX and not line.has_category:
                line.has_category = True
                line.category = _child_text(child, CATEGORY_CODE) or None
                if line.category:
                    self.doc.line_category_codes.append(Ident(line.category, None, child.find(CATEGORY_CODE)))
                line.rate = self.decimal(child.find(RATE))
            elif tag == PERIOD:
                line.period = self.period(child)
            elif tag == ALLOWANCE_CHARGE:
                item = self.allowance_charge(child)
                target = line.charges if item.charge else line.allowances if item.charge is False else None
                (target if target is not None else line.other_allowance_charges).append(item)
            elif tag == _r("SpecifiedTradeSettlementLineMonetarySummation"):
                total = child.find(_r("LineTotalAmount"))
                if total is not None:
                    line.has_net = True
                    line.net = self.amount(total)
            elif tag == ADDITIONAL_DOCUMENT:
                self.document_reference(child, None)


def _exchanged_document(reader: _Reader, element: etree._Element) -> etree._Element | None:
    """BT-1, BT-3 and BT-2 of the rsm:ExchangedDocument; the element the issue date was read from."""
    doc = reader.doc
    ids, type_codes, issue_dates = (list(element.iterchildren(tag)) for tag in (ID, TYPE_CODE, _r("IssueDateTime")))
    for extra in (*ids[1:], *issue_dates[1:]):
        reader.duplicate(extra, _XSD)
    doc.type_codes = len(type_codes)  # CII-SR-014: exactly once
    doc.invoice_id = _text(ids[0]) if ids else None
    type_code = type_codes[0] if type_codes else None
    doc.type_code, doc.type_code_el = _text(type_code), type_code
    doc.issue_date, issue_element = _date_string(issue_dates[0] if issue_dates else None)
    return issue_element


def _document_context(reader: _Reader, element: etree._Element) -> None:
    """BT-24 of the rsm:ExchangedDocumentContext, and the counts CII-SR-009 and CII-SR-010 check."""
    doc = reader.doc
    parameters = list(element.iterchildren(_r("GuidelineSpecifiedDocumentContextParameter")))
    doc.context_parameters = len(parameters)
    identifiers = [ident for parameter in parameters for ident in parameter.iterchildren(ID)]
    doc.context_ids = len(identifiers)
    doc.specification_id = _child_text(parameters[0], ID) if parameters else None


def parse_cii(root: etree._Element) -> tuple[Invoice, En16931Document]:
    """The canonical invoice and the EN 16931 facts of a CII ``root``."""
    reader = _Reader(root)
    doc = reader.doc
    issue_element = None
    seen: set[str] = set()
    for child in root:
        tag = child.tag
        if tag in _ROOT_ONCE:
            reader.once(seen, child)
        if tag == _s("ExchangedDocumentContext"):
            _document_context(reader, child)
        elif tag == _s("ExchangedDocument"):
            issue_element = _exchanged_document(reader, child)
        elif tag == _s("SupplyChainTradeTransaction"):
            parts: set[str] = set()
            for part in child:
                ptag = part.tag
                if ptag in _TRANSACTION_ONCE:
                    reader.once(parts, part)
                if ptag == _r("IncludedSupplyChainTradeLineItem"):
                    doc.lines.append(reader.line(part))
                elif ptag == _r("ApplicableHeaderTradeAgreement"):
                    reader.agreement(part)
                elif ptag == _r("ApplicableHeaderTradeDelivery"):
                    reader.delivery(part)
                elif ptag == _r("ApplicableHeaderTradeSettlement"):
                    reader.settlement(part)
    doc.issue_date_el = issue_element
    issue_date = reader.reader.date(doc.issue_date, issue_element)
    doc.longest_number = reader.reader.longest
    doc.syntax_findings = reader.reader.findings
    doc.present = present(doc)
    return canonical_invoice(doc, issue_date), doc
