"""UBL 2.1 Invoice and CreditNote into the canonical :class:`Invoice` and the EN 16931 facts (EN 16931-3-2 binding).

One pass over the root's children, dispatching on the element name; below them single-step ``find``/``iterchildren``
with Clark names (the cheapest lxml lookups). Absent values become ``None``; an amount or date that is present but
unreadable becomes ``None`` plus a ``SYNTAX-*`` finding: the rules report what is missing, the parser never raises on
content.
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

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

_XSD = "the UBL 2.1 schema"
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def _a(name: str) -> str:
    return f"{{{CAC_NS}}}{name}"


def _b(name: str) -> str:
    return f"{{{CBC_NS}}}{name}"


# Element names (Clark notation).
ID, NAME, NOTE, PERCENT = _b("ID"), _b("Name"), _b("Note"), _b("Percent")
AMOUNT, BASE_AMOUNT, TAX_AMOUNT, TAXABLE_AMOUNT = _b("Amount"), _b("BaseAmount"), _b("TaxAmount"), _b("TaxableAmount")
COMPANY_ID, ENDPOINT_ID, REGISTRATION_NAME = _b("CompanyID"), _b("EndpointID"), _b("RegistrationName")
IDENTIFICATION_CODE = _b("IdentificationCode")
START_DATE, END_DATE, DESCRIPTION_CODE = _b("StartDate"), _b("EndDate"), _b("DescriptionCode")
CHARGE_INDICATOR, REASON = _b("ChargeIndicator"), _b("AllowanceChargeReason")
REASON_CODE = _b("AllowanceChargeReasonCode")
MULTIPLIER = _b("MultiplierFactorNumeric")
EXEMPTION_REASON, EXEMPTION_CODE = _b("TaxExemptionReason"), _b("TaxExemptionReasonCode")
LINE_EXTENSION, PRICE_AMOUNT, BASE_QUANTITY = _b("LineExtensionAmount"), _b("PriceAmount"), _b("BaseQuantity")
DOCUMENT_TYPE_CODE, PAYMENT_MEANS_CODE, PAYMENT_ID = _b("DocumentTypeCode"), _b("PaymentMeansCode"), _b("PaymentID")
PAN, ACTUAL_DELIVERY, PAYMENT_DUE = _b("PrimaryAccountNumberID"), _b("ActualDeliveryDate"), _b("PaymentDueDate")
ITEM_CLASSIFICATION, VALUE, EMBEDDED = _b("ItemClassificationCode"), _b("Value"), _b("EmbeddedDocumentBinaryObject")
PARTY, PARTY_NAME, POSTAL_ADDRESS, COUNTRY = _a("Party"), _a("PartyName"), _a("PostalAddress"), _a("Country")
PARTY_IDENTIFICATION, PARTY_TAX_SCHEME, PARTY_LEGAL_ENTITY = (
    _a("PartyIdentification"),
    _a("PartyTaxScheme"),
    _a("PartyLegalEntity"),
)
TAX_SCHEME, TAX_CATEGORY, TAX_SUBTOTAL = _a("TaxScheme"), _a("TaxCategory"), _a("TaxSubtotal")
ALLOWANCE_CHARGE, INVOICE_PERIOD, ITEM, PRICE = _a("AllowanceCharge"), _a("InvoicePeriod"), _a("Item"), _a("Price")
CLASSIFIED_TAX_CATEGORY, STANDARD_ITEM_ID = _a("ClassifiedTaxCategory"), _a("StandardItemIdentification")
COMMODITY_CLASSIFICATION, ORIGIN_COUNTRY = _a("CommodityClassification"), _a("OriginCountry")
ADDITIONAL_PROPERTY, DOCUMENT_REFERENCE = _a("AdditionalItemProperty"), _a("DocumentReference")
DELIVERY_LOCATION, ADDRESS, PAYEE_ACCOUNT, CARD_ACCOUNT = (
    _a("DeliveryLocation"),
    _a("Address"),
    _a("PayeeFinancialAccount"),
    _a("CardAccount"),
)
INVOICE_DOCUMENT_REFERENCE, ATTACHMENT = _a("InvoiceDocumentReference"), _a("Attachment")
REGISTRATION_ADDRESS = _a("RegistrationAddress")

_TOTALS = {  # cbc element -> Totals attribute
    _b("LineExtensionAmount"): "line_net",
    _b("TaxExclusiveAmount"): "without_vat",
    _b("TaxInclusiveAmount"): "with_vat",
    _b("AllowanceTotalAmount"): "allowances",
    _b("ChargeTotalAmount"): "charges",
    _b("PrepaidAmount"): "prepaid",
    _b("PayableRoundingAmount"): "rounding",
    _b("PayableAmount"): "payable",
}

# Where each business term sits below the element a rule reports it on (see shared.domain.documents.rules).
TERMS = {
    "BT-24": "cbc:CustomizationID",
    "BT-1": "cbc:ID",
    "BT-2": "cbc:IssueDate",
    "BT-5": "cbc:DocumentCurrencyCode",
    "BT-6": "cbc:TaxCurrencyCode",
    "BT-72": "cac:Delivery/cbc:ActualDeliveryDate",
    "BG-4": "cac:AccountingSupplierParty/cac:Party",
    "BG-7": "cac:AccountingCustomerParty/cac:Party",
    "BG-13": "cac:Delivery",
    "BG-22": "cac:LegalMonetaryTotal",
    "BG-22-VAT": "cac:TaxTotal/cbc:TaxAmount",
    "BG-23": "cac:TaxTotal/cac:TaxSubtotal",
    "BT-27": "cac:PartyLegalEntity/cbc:RegistrationName",
    "BT-44": "cac:PartyLegalEntity/cbc:RegistrationName",
    "BT-59": "cac:PartyName/cbc:Name",
    "BT-62": "cac:PartyName/cbc:Name",
    "BT-63": "cac:PartyTaxScheme/cbc:CompanyID",
    "BG-5": "cac:PostalAddress",
    "BG-8": "cac:PostalAddress",
    "BG-12": "cac:PostalAddress",
    "BT-40": "cac:Country/cbc:IdentificationCode",
    "BT-55": "cac:Country/cbc:IdentificationCode",
    "BT-69": "cac:Country/cbc:IdentificationCode",
    "BT-80": "cac:Country/cbc:IdentificationCode",
    "BT-106": "cbc:LineExtensionAmount",
    "BT-107": "cbc:AllowanceTotalAmount",
    "BT-108": "cbc:ChargeTotalAmount",
    "BT-109": "cbc:TaxExclusiveAmount",
    "BT-112": "cbc:TaxInclusiveAmount",
    "BT-113": "cbc:PrepaidAmount",
    "BT-114": "cbc:PayableRoundingAmount",
    "BT-115": "cbc:PayableAmount",
    "BT-110": "cbc:TaxAmount",
    "BT-116": "cbc:TaxableAmount",
    "BT-117": "cbc:TaxAmount",
    "BT-118": "cac:TaxCategory/cbc:ID",
    "BT-119": "cac:TaxCategory/cbc:Percent",
    "BT-120": "cac:TaxCategory/cbc:TaxExemptionReason",
    "BT-92": "cbc:Amount",
    "BT-93": "cbc:BaseAmount",
    "BT-95": "cac:TaxCategory/cbc:ID",
    "BT-97": "cbc:AllowanceChargeReason",
    "BT-74": "cbc:EndDate",
    "BT-81": "cbc:PaymentMeansCode",
    "BT-84": "cbc:ID",
    "BG-17": "cac:PayeeFinancialAccount",
    "BT-122": "cbc:ID",
    "BT-25": "cac:InvoiceDocumentReference/cbc:ID",
    "BT-126": "cbc:ID",
    "BT-131": "cbc:LineExtensionAmount",
    "BT-146": "cac:Price/cbc:PriceAmount",
    "BT-148": "cac:Price/cac:AllowanceCharge/cbc:BaseAmount",
    "BT-151": "cac:Item/cac:ClassifiedTaxCategory/cbc:ID",
    "BT-153": "cac:Item/cbc:Name",
}


class _Kind:
    """What differs between an Invoice and a CreditNote: the type code, line and quantity element names."""

    def __init__(self, type_code: str, line: str, quantity: str, credit_note: bool) -> None:
        self.type_code = _b(type_code)
        self.line = _a(line)
        self.quantity = _b(quantity)
        self.credit_note = credit_note
        self.terms = {
            **TERMS,
            "BT-3": f"cbc:{type_code}",
            "BG-25": f"cac:{line}",
            "BT-129": f"cbc:{quantity}",
        }


_KINDS = {
    f"{{{INVOICE_NS}}}Invoice": _Kind("InvoiceTypeCode", "InvoiceLine", "InvoicedQuantity", False),
    f"{{{CREDIT_NOTE_NS}}}CreditNote": _Kind("CreditNoteTypeCode", "CreditNoteLine", "CreditedQuantity", True),
}

_LINES = frozenset({_a("InvoiceLine"), _a("CreditNoteLine")})
_STRAY_CATEGORIES = etree.XPath("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", namespaces={"cac": CAC_NS, "cbc": CBC_NS})


def _text(element: etree._Element | None) -> str | None:
    """Stripped text; ``None`` when the element is absent, ``""`` when it is empty."""
    if element is None:
        return None
    text = element.text
    return text.strip() if text else ""


def _child_text(parent: etree._Element, tag: str) -> str | None:
    return _text(parent.find(tag))


def _file(
    item: AllowanceCharge,
    charges: list[AllowanceCharge],
    allowances: list[AllowanceCharge],
    other: list[AllowanceCharge],
) -> None:
    """Put an allowance or charge in its list by its charge indicator (neither when it is not a boolean)."""
    (charges if item.charge else allowances if item.charge is False else other).append(item)


def _ident(element: etree._Element, attribute: str = "schemeID") -> Ident:
    return Ident(_text(element), element.get(attribute), element)


class _Reader:
    """Reads one UBL document into the facts; holds the fact reader and the document being filled."""

    def __init__(self, root: etree._Element, kind: _Kind) -> None:
        self.kind = kind
        self.reader = FactReader(_DATE, "YYYY-MM-DD", path_of)
        self.decimal = self.reader.decimal
        self.doc = En16931Document(syntax="ubl", root=root, credit_note=kind.credit_note, terms=kind.terms)

    def amount(self, element: etree._Element, plain: bool = True) -> Decimal | None:
        """An amount; its currencyID is kept (BR-CL-03) and, for a plain amount (not a price, where the standard
        allows more), more than two fraction digits too (UBL-DT-01)."""
        value = self.decimal(element)
        currency = element.get("currencyID")
        doc = self.doc
        if currency is not None:
            doc.currency_ids.append(Ident(currency, None, element))
        if plain and value is not None and fraction_digits(value) > 2:
            doc.precise_amounts.append(Ident(_text(element), None, element))
        return value

    def single(self, parent: etree._Element, tag: str) -> etree._Element | None:
        """The first ``tag`` child of ``parent``; any further one is a duplicate."""
        first = None
        for each in parent.iterchildren(tag):
            if first is None:
                first = each
            else:
                self.reader.duplicate(each, _XSD)
        return first

    # --- groups -----------------------------------------------------------------------------------------------

    def address(self, element: etree._Element | None) -> Address | None:
        if element is None:
            return None
        code = element.find(f"{COUNTRY}/{IDENTIFICATION_CODE}")
        country = _text(code)
        if code is not None:
            self.doc.country_codes.append(Ident(country, None, code))
        return Address(element, country)

    def party(self, element: etree._Element, name_from_party_name: bool) -> PartyFacts:
        """A cac:Party (seller, buyer) or a party-typed element (payee, tax representative)."""
        party = PartyFacts(element)
        names = []
        for child in element:
            tag = child.tag
            if tag == PARTY_IDENTIFICATION:
                ident = child.find(ID)
                if ident is not None:
                    party.identifiers.append(_ident(ident))
            elif tag == PARTY_NAME:
                names.append(_child_text(child, NAME))
            elif tag == POSTAL_ADDRESS:
                if party.address is not None:
                    self.reader.duplicate(child, _XSD)
                party.address = self.address(child)
            elif tag == PARTY_TAX_SCHEME:
                party.tax_scheme_count += 1
                company = child.find(COMPANY_ID)
                if company is None:
                    continue
                party.tax_company_ids += 1
                scheme = _text(child.find(f"{TAX_SCHEME}/{ID}"))
                if scheme is not None:
                    (party.vat_ids if scheme.upper() == "VAT" else party.tax_ids).append(_ident(company))
            elif tag == PARTY_LEGAL_ENTITY:
                if not name_from_party_name and party.name is None:
                    party.name = _child_text(child, REGISTRATION_NAME)
                company = child.find(COMPANY_ID)
                if company is not None:
                    party.legal_ids.append(_ident(company))
                registered = child.find(REGISTRATION_ADDRESS)
                if registered is not None:
                    self.address(registered)  # only its country code is checked (BR-CL-14)
            elif tag == ENDPOINT_ID:
                if party.endpoint is not None:
                    self.reader.duplicate(child, _XSD)
                party.endpoint = _ident(child)
        name = next((n for n in names if n), names[0] if names else None)
        if name_from_party_name:
            party.name = name
        else:
            party.trading_name = name
        return party

    def allowance_charge(self, element: etree._Element) -> AllowanceCharge:
        item = AllowanceCharge(element)
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in _ALLOWANCE_ONCE:
                if tag in seen:
                    self.reader.duplicate(child, _XSD)
                seen.add(tag)
            if tag == CHARGE_INDICATOR:
                item.charge = _BOOLEAN.get(_text(child) or "")
            elif tag == AMOUNT:
                item.has_amount = True
                item.amount = self.amount(child)
            elif tag == BASE_AMOUNT:
                item.base = self.amount(child)
            elif tag == MULTIPLIER:
                item.percent = self.decimal(child)
            elif tag == REASON:
                item.reason = _text(child)
            elif tag == REASON_CODE:
                item.reason_code = _text(child)
            elif tag == TAX_CATEGORY and not item.has_category:
                item.has_category = True
                item.category = _child_text(child, ID) or None
                item.rate = self.decimal(child.find(PERCENT))
        return item

    def period(self, element: etree._Element) -> Period:
        period = Period(element)
        for child in element:
            tag = child.tag
            if tag == START_DATE:
                period.start = _text(child)
            elif tag == END_DATE:
                period.end = _text(child)
            elif tag == DESCRIPTION_CODE:
                period.has_code = True
                self.doc.period_codes.append(_ident(child))
        return period

    def tax_total(self, element: etree._Element) -> None:
        doc = self.doc
        duplicate = self.reader.duplicate
        amount = None
        for each in element.iterchildren(TAX_AMOUNT):
            if amount is None:
                amount = each
            else:
                duplicate(each, _XSD)
        subtotals = []
        for sub in element.iterchildren(TAX_SUBTOTAL):
            breakdown = Breakdown(sub)
            for child in sub:
                tag = child.tag
                if tag == TAXABLE_AMOUNT:
                    if breakdown.has_taxable:
                        duplicate(child, _XSD)
                    breakdown.has_taxable = True
                    breakdown.taxable = self.amount(child)
                elif tag == TAX_AMOUNT:
                    if breakdown.has_tax:
                        duplicate(child, _XSD)
                    breakdown.has_tax = True
                    breakdown.tax = self.amount(child)
                elif tag == TAX_CATEGORY and breakdown.has_category:
                    duplicate(child, _XSD)
                elif tag == TAX_CATEGORY:
                    breakdown.has_category = True
                    once: set[str] = set()
                    for part in child:
                        ptag = part.tag
                        if ptag in _CATEGORY_ONCE:
                            if ptag in once:
                                duplicate(part, _XSD)
                            once.add(ptag)
                        if ptag == ID:
                            breakdown.category = _text(part) or None
                        elif ptag == PERCENT:
                            breakdown.rate = self.decimal(part)
                        elif ptag == EXEMPTION_REASON:
                            breakdown.exemption_reason = _text(part)
                        elif ptag == EXEMPTION_CODE:
                            breakdown.exemption_code = _text(part)
            subtotals.append(breakdown)
        doc.tax_totals.append(
            TaxTotal(
                element,
                self.amount(amount) if amount is not None else None,
                amount.get("currencyID") if amount is not None else None,
                subtotals,
            )
        )
        doc.vat_breakdown.extend(subtotals)

    def totals(self, element: etree._Element) -> None:
        totals = Totals(element)
        seen: set[str] = set()
        for child in element:
            attribute = _TOTALS.get(child.tag)
            if attribute is not None:
                if attribute in seen:
                    self.reader.duplicate(child, _XSD)
                seen.add(attribute)
                setattr(totals, attribute, self.amount(child))
        self.doc.totals = totals

    def document_reference(self, element: etree._Element) -> DocumentReference:
        reference = DocumentReference(element)
        for child in element:
            tag = child.tag
            if tag == ID:
                reference.id = _text(child)
                reference.id_scheme = child.get("schemeID")
            elif tag == DOCUMENT_TYPE_CODE:
                reference.type_code = _text(child)
            elif tag == ATTACHMENT:
                embedded = child.find(EMBEDDED)
                if embedded is not None:
                    reference.attachment = Attachment(embedded, embedded.get("mimeCode"), embedded.get("filename"))
        if reference.type_code == "130" and reference.id_scheme is not None:
            self.doc.object_ids.append(Ident(reference.id_scheme, None, element.find(ID)))
        return reference

    def payment_means(self, element: etree._Element) -> PaymentMeans:
        means = PaymentMeans(element)
        for child in element:
            tag = child.tag
            if tag == PAYMENT_MEANS_CODE:
                means.code = _text(child)
            elif tag == PAYMENT_ID:
                means.payment_id = _text(child)
            elif tag == PAYEE_ACCOUNT:
                means.accounts.append(Account(child, _child_text(child, ID)))
            elif tag == CARD_ACCOUNT:
                pan = child.find(PAN)
                if pan is not None:
                    means.card_numbers.append(_ident(pan))
            elif tag == PAYMENT_DUE and self.doc.due_date is None:
                self.doc.due_date = _text(child)  # a CreditNote's BT-9
        return means

    def delivery(self, element: etree._Element) -> Delivery:
        delivery = Delivery(element, _child_text(element, ACTUAL_DELIVERY))
        location = element.find(DELIVERY_LOCATION)
        if location is not None:
            delivery.location_ids = [_ident(i) for i in location.iterchildren(ID)]
            delivery.address = self.address(location.find(ADDRESS))
        return delivery

    def line(self, element: etree._Element) -> Line:
        doc, kind = self.doc, self.kind
        line = Line(element)
        duplicate = self.reader.duplicate
        has_price = False
        for child in element:
            tag = child.tag
            if tag == ID:
                if line.id is not None:
                    duplicate(child, _XSD)
                line.id = _text(child)
            elif tag == kind.quantity:
                if line.has_quantity:
                    duplicate(child, _XSD)
                line.has_quantity = True
                line.quantity = self.decimal(child)
                unit = child.get("unitCode")
                line.unit_code = unit
                if unit is not None:
                    doc.unit_codes.append(Ident(unit, None, child))
            elif tag == LINE_EXTENSION:
                if line.has_net:
                    duplicate(child, _XSD)
                line.has_net = True
                line.net = self.amount(child)
            elif tag == INVOICE_PERIOD:
                period = Period(child, _child_text(child, START_DATE), _child_text(child, END_DATE))
                line.period = period
            elif tag == ALLOWANCE_CHARGE:
                item = self.allowance_charge(child)
                _file(item, line.charges, line.allowances, line.other_allowance_charges)
            elif tag == ITEM:
                if line.has_item:
                    duplicate(child, _XSD)
                self.item(child, line)
            elif tag == PRICE:
                if has_price:
                    duplicate(child, _XSD)
                has_price = True
                self.price(child, line)
            elif tag == DOCUMENT_REFERENCE:
                ident = child.find(ID)
                scheme = ident.get("schemeID") if ident is not None else None
                if scheme is not None and _child_text(child, DOCUMENT_TYPE_CODE) == "130":
                    doc.object_ids.append(Ident(scheme, None, ident))
        return line

    def item(self, element: etree._Element, line: Line) -> None:
        line.has_item = True
        for child in element:
            tag = child.tag
            if tag == NAME:
                if line.item_name is not None:
                    self.reader.duplicate(child, _XSD)
                line.item_name = _text(child)
            elif tag == STANDARD_ITEM_ID:
                ident = child.find(ID)
                if ident is not None:
                    line.standard_ids.append(_ident(ident))
            elif tag == COMMODITY_CLASSIFICATION:
                code = child.find(ITEM_CLASSIFICATION)
                if code is not None:
                    line.classifications.append(_ident(code, "listID"))
            elif tag == ORIGIN_COUNTRY:
                code = child.find(IDENTIFICATION_CODE)
                if code is not None:
                    line.origin_country = Ident(_text(code), None, code)
            elif tag == CLASSIFIED_TAX_CATEGORY:
                category = child.find(ID)
                if category is not None:
                    self.doc.line_category_codes.append(Ident(_text(category), None, category))
                scheme = _text(child.find(f"{TAX_SCHEME}/{ID}"))
                vat = scheme is not None and scheme.upper() == "VAT"
                if line.has_category and not vat:
                    continue
                if vat or scheme is None:
                    line.has_category = vat or line.has_category
                    line.category = _child_text(child, ID) or None
                    line.rate = self.decimal(child.find(PERCENT))
            elif tag == ADDITIONAL_PROPERTY:
                line.attributes.append(ItemAttribute(child, _child_text(child, NAME), _child_text(child, VALUE)))

    def price(self, element: etree._Element, line: Line) -> None:
        for child in element:
            tag = child.tag
            if tag == PRICE_AMOUNT:
                if line.has_price:
                    self.reader.duplicate(child, _XSD)
                line.has_price = True
                line.price = self.amount(child, plain=False)
            elif tag == ALLOWANCE_CHARGE:
                base = child.find(BASE_AMOUNT)
                if base is not None:
                    line.gross_prices.append(self.amount(base, plain=False))
                discount = child.find(AMOUNT)
                if discount is not None:
                    self.amount(discount, plain=False)
            elif tag == BASE_QUANTITY:
                unit = child.get("unitCode")
                if unit is not None:
                    self.doc.unit_codes.append(Ident(unit, None, child))


_TAX_TOTAL, _MONETARY_TOTAL = _a("TaxTotal"), _a("LegalMonetaryTotal")
_SUPPLIER, _CUSTOMER = _a("AccountingSupplierParty"), _a("AccountingCustomerParty")
_PAYEE, _TAX_REPRESENTATIVE, _DELIVERY = _a("PayeeParty"), _a("TaxRepresentativeParty"), _a("Delivery")
_PAYMENT_MEANS, _PAYMENT_TERMS, _BILLING_REFERENCE = _a("PaymentMeans"), _a("PaymentTerms"), _a("BillingReference")
_ADDITIONAL_DOCUMENT = _a("AdditionalDocumentReference")
_HEADER_TEXTS = {  # root-level cbc element -> En16931Document attribute
    _b("CustomizationID"): "specification_id",
    ID: "invoice_id",
    _b("IssueDate"): "issue_date",
    _b("DocumentCurrencyCode"): "currency",
    _b("TaxCurrencyCode"): "tax_currency",
    _b("DueDate"): "due_date",
}
_TAX_POINT_DATE = _b("TaxPointDate")
# What the UBL 2.1 schema allows at most once (maxOccurs="1") among the elements the parser reads: at the root of an
# Invoice or CreditNote, in an allowance or charge, in a tax category. Below them the parsers check the same
# for every other element they read (party, tax total and subtotal, monetary total, line, item, price).
_ROOT_ONCE = frozenset(
    {
        *_HEADER_TEXTS,
        _TAX_POINT_DATE,
        _b("InvoiceTypeCode"),
        _b("CreditNoteTypeCode"),
        _SUPPLIER,
        _CUSTOMER,
        _PAYEE,
        _TAX_REPRESENTATIVE,
        _MONETARY_TOTAL,
    }
)
_ALLOWANCE_ONCE = frozenset({CHARGE_INDICATOR, AMOUNT, BASE_AMOUNT, MULTIPLIER, REASON_CODE})
_CATEGORY_ONCE = frozenset({ID, PERCENT, _b("TaxExemptionReasonCode")})


def _one_tax_total_per_currency(reader: _Reader) -> None:
    """The schema repeats cac:TaxTotal, but EN 16931 has one invoice total VAT amount (BT-110) and one in the VAT
    accounting currency (BT-111): a second cac:TaxTotal in a currency already seen is a duplicate."""
    tax_totals = reader.doc.tax_totals
    if len(tax_totals) < 2:
        return
    currencies: set[str | None] = set()
    for tax_total in tax_totals:
        if tax_total.currency in currencies:
            reader.reader.duplicate(tax_total.el, "EN 16931 (one VAT total per currency, BT-110 and BT-111)")
        currencies.add(tax_total.currency)


def parse_ubl(root: etree._Element) -> tuple[Invoice, En16931Document]:
    """The canonical invoice and the EN 16931 facts of a UBL Invoice or CreditNote ``root``."""
    kind = _KINDS[root.tag]
    reader = _Reader(root, kind)
    doc = reader.doc
    payment_terms: list[str] = []
    line_tag, type_code_tag = kind.line, kind.type_code
    seen: set[str] = set()
    for child in root:
        tag = child.tag
        if tag == line_tag:
            doc.lines.append(reader.line(child))
            continue
        if tag in _ROOT_ONCE:
            if tag in seen:
                reader.reader.duplicate(child, _XSD)
            seen.add(tag)
        if tag in _HEADER_TEXTS:
            setattr(doc, _HEADER_TEXTS[tag], _text(child))
        elif tag == ALLOWANCE_CHARGE:
            item = reader.allowance_charge(child)
            _file(item, doc.charges, doc.allowances, doc.other_allowance_charges)
        elif tag == _TAX_TOTAL:
            reader.tax_total(child)
        elif tag == _MONETARY_TOTAL:
            reader.totals(child)
        elif tag == _SUPPLIER:
            party = reader.single(child, PARTY)
            if party is not None:
                doc.seller = reader.party(party, False)
        elif tag == _CUSTOMER:
            party = reader.single(child, PARTY)
            if party is not None:
                doc.buyer = reader.party(party, False)
        elif tag == type_code_tag:
            doc.type_code, doc.type_code_el = _text(child), child
        elif tag == _PAYMENT_MEANS:
            doc.payment_means.append(reader.payment_means(child))
        elif tag == _PAYEE:
            doc.payee = reader.party(child, True)
        elif tag == _TAX_REPRESENTATIVE:
            doc.tax_representative = reader.party(child, True)
        elif tag == INVOICE_PERIOD:
            if doc.period is None:
                doc.period = reader.period(child)
        elif tag == _DELIVERY:
            if doc.delivery is None:
                doc.delivery = reader.delivery(child)
        elif tag == _PAYMENT_TERMS:
            payment_terms.extend(t for t in (_text(n) for n in child.iterchildren(NOTE)) if t)
        elif tag == _BILLING_REFERENCE:
            reference = child.find(INVOICE_DOCUMENT_REFERENCE)
            doc.preceding.append(
                DocumentReference(child, _child_text(reference, ID) if reference is not None else None)
            )
        elif tag == _ADDITIONAL_DOCUMENT:
            doc.documents.append(reader.document_reference(child))
        elif tag == _TAX_POINT_DATE:
            text = _text(child)
            if text:
                doc.tax_point_dates.append(text)
        elif tag in _LINES:  # the other kind's line, misplaced: only its item VAT category codes are checked
            doc.line_category_codes.extend(Ident(_text(c), None, c) for c in _STRAY_CATEGORIES(child))
    doc.payment_terms = " ".join(payment_terms) or None
    _one_tax_total_per_currency(reader)
    doc.issue_date_el = root.find(_b("IssueDate"))
    issue_date = reader.reader.date(doc.issue_date, doc.issue_date_el)
    doc.longest_number = reader.reader.longest
    doc.syntax_findings = reader.reader.findings
    doc.present = present(doc)
    return canonical_invoice(doc, issue_date), doc
