"""UBL 2.1 names: namespaces, element names (Clark notation), where each business term sits, what the schema allows
once, and what differs between an Invoice and a CreditNote."""

from __future__ import annotations

import re

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

XSD = "the UBL 2.1 schema"
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def cac(name: str) -> str:
    """The Clark name of an aggregate component (``cac:``)."""
    return f"{{{CAC_NS}}}{name}"


def cbc(name: str) -> str:
    """The Clark name of a basic component (``cbc:``)."""
    return f"{{{CBC_NS}}}{name}"


# Element names (Clark notation).
ID, NAME, NOTE, PERCENT = cbc("ID"), cbc("Name"), cbc("Note"), cbc("Percent")
AMOUNT, BASE_AMOUNT, TAX_AMOUNT, TAXABLE_AMOUNT = (
    cbc("Amount"),
    cbc("BaseAmount"),
    cbc("TaxAmount"),
    cbc("TaxableAmount"),
)
COMPANY_ID, ENDPOINT_ID, REGISTRATION_NAME = cbc("CompanyID"), cbc("EndpointID"), cbc("RegistrationName")
IDENTIFICATION_CODE = cbc("IdentificationCode")
START_DATE, END_DATE, DESCRIPTION_CODE = cbc("StartDate"), cbc("EndDate"), cbc("DescriptionCode")
CHARGE_INDICATOR, REASON = cbc("ChargeIndicator"), cbc("AllowanceChargeReason")
REASON_CODE = cbc("AllowanceChargeReasonCode")
MULTIPLIER = cbc("MultiplierFactorNumeric")
EXEMPTION_REASON, EXEMPTION_CODE = cbc("TaxExemptionReason"), cbc("TaxExemptionReasonCode")
LINE_EXTENSION, PRICE_AMOUNT, BASE_QUANTITY = cbc("LineExtensionAmount"), cbc("PriceAmount"), cbc("BaseQuantity")
DOCUMENT_TYPE_CODE, PAYMENT_MEANS_CODE, PAYMENT_ID = cbc("DocumentTypeCode"), cbc("PaymentMeansCode"), cbc("PaymentID")
PAN, ACTUAL_DELIVERY, PAYMENT_DUE = cbc("PrimaryAccountNumberID"), cbc("ActualDeliveryDate"), cbc("PaymentDueDate")
ITEM_CLASSIFICATION, VALUE, EMBEDDED = cbc("ItemClassificationCode"), cbc("Value"), cbc("EmbeddedDocumentBinaryObject")
PARTY, PARTY_NAME, POSTAL_ADDRESS, COUNTRY = cac("Party"), cac("PartyName"), cac("PostalAddress"), cac("Country")
PARTY_IDENTIFICATION, PARTY_TAX_SCHEME, PARTY_LEGAL_ENTITY = (
    cac("PartyIdentification"),
    cac("PartyTaxScheme"),
    cac("PartyLegalEntity"),
)
TAX_SCHEME, TAX_CATEGORY, TAX_SUBTOTAL = cac("TaxScheme"), cac("TaxCategory"), cac("TaxSubtotal")
ALLOWANCE_CHARGE, INVOICE_PERIOD, ITEM, PRICE = cac("AllowanceCharge"), cac("InvoicePeriod"), cac("Item"), cac("Price")
CLASSIFIED_TAX_CATEGORY, STANDARD_ITEM_ID = cac("ClassifiedTaxCategory"), cac("StandardItemIdentification")
COMMODITY_CLASSIFICATION, ORIGIN_COUNTRY = cac("CommodityClassification"), cac("OriginCountry")
ADDITIONAL_PROPERTY, DOCUMENT_REFERENCE = cac("AdditionalItemProperty"), cac("DocumentReference")
DELIVERY_LOCATION, ADDRESS, PAYEE_ACCOUNT, CARD_ACCOUNT = (
    cac("DeliveryLocation"),
    cac("Address"),
    cac("PayeeFinancialAccount"),
    cac("CardAccount"),
)
INVOICE_DOCUMENT_REFERENCE, ATTACHMENT = cac("InvoiceDocumentReference"), cac("Attachment")
REGISTRATION_ADDRESS = cac("RegistrationAddress")

TOTALS = {  # cbc element -> Totals attribute
    cbc("LineExtensionAmount"): "line_net",
    cbc("TaxExclusiveAmount"): "without_vat",
    cbc("TaxInclusiveAmount"): "with_vat",
    cbc("AllowanceTotalAmount"): "allowances",
    cbc("ChargeTotalAmount"): "charges",
    cbc("PrepaidAmount"): "prepaid",
    cbc("PayableRoundingAmount"): "rounding",
    cbc("PayableAmount"): "payable",
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


class Kind:
    """What differs between an Invoice and a CreditNote: the type code, line and quantity element names."""

    def __init__(self, type_code: str, line: str, quantity: str, credit_note: bool) -> None:
        self.type_code = cbc(type_code)
        self.line = cac(line)
        self.quantity = cbc(quantity)
        self.credit_note = credit_note
        self.terms = {
            **TERMS,
            "BT-3": f"cbc:{type_code}",
            "BG-25": f"cac:{line}",
            "BT-129": f"cbc:{quantity}",
        }


KINDS = {
    f"{{{INVOICE_NS}}}Invoice": Kind("InvoiceTypeCode", "InvoiceLine", "InvoicedQuantity", False),
    f"{{{CREDIT_NOTE_NS}}}CreditNote": Kind("CreditNoteTypeCode", "CreditNoteLine", "CreditedQuantity", True),
}

LINES = frozenset({cac("InvoiceLine"), cac("CreditNoteLine")})
# What the UBL 2.1 schema allows at most once (maxOccurs="1") in an allowance or charge and in a tax category (the
# root's own list is in the document module).
ALLOWANCE_ONCE = frozenset({CHARGE_INDICATOR, AMOUNT, BASE_AMOUNT, MULTIPLIER, REASON_CODE})
CATEGORY_ONCE = frozenset({ID, PERCENT, cbc("TaxExemptionReasonCode")})
