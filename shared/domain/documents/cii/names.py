"""CII D16B names: namespaces, element names (Clark notation), where each business term sits, and what the schema
allows once per parent."""

from __future__ import annotations

import re

RSM_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM_NS = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT_NS = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

XSD = "the CII D16B schema"
EN = "EN 16931"
DATE_102 = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def ram(name: str) -> str:
    """The Clark name of a reusable aggregate business information entity (``ram:``)."""
    return f"{{{RAM_NS}}}{name}"


def rsm(name: str) -> str:
    """The Clark name of a CrossIndustryInvoice message element (``rsm:``)."""
    return f"{{{RSM_NS}}}{name}"


DATE_TIME_STRING, DATE_STRING = f"{{{UDT_NS}}}DateTimeString", f"{{{UDT_NS}}}DateString"
INDICATOR = f"{{{UDT_NS}}}Indicator"
ID, NAME, GLOBAL_ID, TYPE_CODE, CATEGORY_CODE = (
    ram("ID"),
    ram("Name"),
    ram("GlobalID"),
    ram("TypeCode"),
    ram("CategoryCode"),
)
RATE, BASIS_AMOUNT, CALCULATED_AMOUNT = ram("RateApplicablePercent"), ram("BasisAmount"), ram("CalculatedAmount")
ACTUAL_AMOUNT, CHARGE_AMOUNT, CALCULATION_PERCENT = ram("ActualAmount"), ram("ChargeAmount"), ram("CalculationPercent")
REASON, REASON_CODE, CHARGE_INDICATOR = ram("Reason"), ram("ReasonCode"), ram("ChargeIndicator")
CATEGORY_TRADE_TAX, APPLICABLE_TRADE_TAX = ram("CategoryTradeTax"), ram("ApplicableTradeTax")
ALLOWANCE_CHARGE, PERIOD = ram("SpecifiedTradeAllowanceCharge"), ram("BillingSpecifiedPeriod")
START, END = ram("StartDateTime"), ram("EndDateTime")
POSTAL_ADDRESS, COUNTRY_ID = ram("PostalTradeAddress"), ram("CountryID")
LEGAL_ORGANIZATION, TAX_REGISTRATION, URI_COMMUNICATION = (
    ram("SpecifiedLegalOrganization"),
    ram("SpecifiedTaxRegistration"),
    ram("URIUniversalCommunication"),
)
URI_ID, ISSUER_ASSIGNED_ID, REFERENCE_TYPE_CODE = ram("URIID"), ram("IssuerAssignedID"), ram("ReferenceTypeCode")
ATTACHMENT = ram("AttachmentBinaryObject")
EXEMPTION_REASON, EXEMPTION_CODE = ram("ExemptionReason"), ram("ExemptionReasonCode")
TAX_POINT_DATE, DUE_DATE_TYPE_CODE = ram("TaxPointDate"), ram("DueDateTypeCode")
ADDITIONAL_DOCUMENT = ram("AdditionalReferencedDocument")

TOTALS = {
    ram("LineTotalAmount"): "line_net",
    ram("AllowanceTotalAmount"): "allowances",
    ram("ChargeTotalAmount"): "charges",
    ram("TaxBasisTotalAmount"): "without_vat",
    ram("GrandTotalAmount"): "with_vat",
    ram("TotalPrepaidAmount"): "prepaid",
    ram("RoundingAmount"): "rounding",
    ram("DuePayableAmount"): "payable",
}
TAX_TOTAL_AMOUNT = ram("TaxTotalAmount")

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

SUMMATION_TAG = ram("SpecifiedTradeSettlementHeaderMonetarySummation")
# What the CII D16B schema allows at most once (maxOccurs="1") among the elements the parser reads, per parent.
ROOT_ONCE = frozenset({rsm("ExchangedDocumentContext"), rsm("ExchangedDocument"), rsm("SupplyChainTradeTransaction")})
TRANSACTION_ONCE = frozenset(
    {
        ram("ApplicableHeaderTradeAgreement"),
        ram("ApplicableHeaderTradeDelivery"),
        ram("ApplicableHeaderTradeSettlement"),
    }
)
AGREEMENT_ONCE = frozenset(
    {
        ram("SellerTradeParty"),
        ram("BuyerTradeParty"),
        ram("SellerTaxRepresentativeTradeParty"),
    }
)
SETTLEMENT_ONCE = frozenset(
    {
        ram("InvoiceCurrencyCode"),
        ram("TaxCurrencyCode"),
        ram("PayeeTradeParty"),
        SUMMATION_TAG,
    }
)
LINE_ONCE = frozenset(
    {
        ram("AssociatedDocumentLineDocument"),
        ram("SpecifiedTradeProduct"),
        ram("SpecifiedLineTradeAgreement"),
        ram("SpecifiedLineTradeDelivery"),
        ram("SpecifiedLineTradeSettlement"),
    }
)
