"""Realistic sample documents for the demo, the benchmarks and the tests: KEC tax invoices (after the NTS test
kit's sample) and UBL invoices, built from templates for any supplier, buyer, date and lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

KEC_NS = "urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0"


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    quantity: int
    unit_price: int

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price

    @property
    def tax(self) -> int:
        return self.amount // 10


def issue_id(issued: date, serial: int) -> str:
    """승인번호: yyyyMMdd + 16 digits."""
    return f"{issued:%Y%m%d}{serial:016d}"


def kec_invoice(
    supplier: str,
    buyer: str,
    issued: date,
    serial: int,
    lines: list[Line],
    supplier_name: str = "(주)한빛정보기술",
    buyer_name: str = "서울특별시 종로구",
    type_code: str = "0101",
    purpose_code: str = "02",
    tax_override: int | None = None,
) -> bytes:
    charge = sum(line.amount for line in lines)
    tax = sum(line.tax for line in lines) if tax_override is None else tax_override
    items = "".join(
        f"""
  <TaxInvoiceTradeLineItem>
    <SequenceNumeric>{n}</SequenceNumeric>
    <InvoiceAmount>{line.amount}</InvoiceAmount>
    <ChargeableUnitQuantity>{line.quantity}</ChargeableUnitQuantity>
    <NameText>{escape(line.name)}</NameText>
    <PurchaseExpiryDateTime>{issued:%Y%m%d}</PurchaseExpiryDateTime>
    <TotalTax><CalculatedAmount>{line.tax}</CalculatedAmount></TotalTax>
    <UnitPrice><UnitAmount>{line.unit_price}</UnitAmount></UnitPrice>
  </TaxInvoiceTradeLineItem>"""
        for n, line in enumerate(lines, start=1)
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<TaxInvoice xmlns="{KEC_NS}">
  <ExchangedDocument>
    <ID>DEMO-{serial:09d}</ID>
    <IssueDateTime>{issued:%Y%m%d}090000</IssueDateTime>
  </ExchangedDocument>
  <TaxInvoiceDocument>
    <IssueID>{issue_id(issued, serial)}</IssueID>
    <TypeCode>{type_code}</TypeCode>
    <IssueDateTime>{issued:%Y%m%d}</IssueDateTime>
    <PurposeCode>{purpose_code}</PurposeCode>
  </TaxInvoiceDocument>
  <TaxInvoiceTradeSettlement>
    <InvoicerParty>
      <ID>{supplier}</ID>
      <TypeCode>서비스</TypeCode>
      <NameText>{escape(supplier_name)}</NameText>
      <ClassificationCode>소프트웨어 개발</ClassificationCode>
    </InvoicerParty>
    <InvoiceeParty>
      <ID>{buyer}</ID>
      <NameText>{escape(buyer_name)}</NameText>
    </InvoiceeParty>
    <SpecifiedPaymentMeans>
      <TypeCode>10</TypeCode>
      <PaidAmount>{charge + tax}</PaidAmount>
    </SpecifiedPaymentMeans>
    <SpecifiedMonetarySummation>
      <ChargeTotalAmount>{charge}</ChargeTotalAmount>
      <TaxTotalAmount>{tax}</TaxTotalAmount>
      <GrandTotalAmount>{charge + tax}</GrandTotalAmount>
    </SpecifiedMonetarySummation>
  </TaxInvoiceTradeSettlement>{items}
</TaxInvoice>
"""
    return xml.encode("utf-8")


def ubl_invoice(
    supplier: str,
    buyer: str,
    issued: date,
    number: str,
    lines: list[Line],
    currency: str = "KRW",
    supplier_name: str = "Nordic Data Systems Korea",
    buyer_name: str = "Jongno-gu Office",
) -> bytes:
    """A UBL 2.1 invoice (EN 16931 core), VAT category S at 10%, amounts in whole units."""
    net = sum(line.amount for line in lines)
    tax = net // 10
    line_xml = "".join(
        f"""
  <cac:InvoiceLine>
    <cbc:ID>{n}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="EA">{line.quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="{currency}">{line.amount}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>{escape(line.name)}</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>10</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="{currency}">{line.unit_price}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>"""
        for n, line in enumerate(lines, start=1)
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{escape(number)}</cbc:ID>
  <cbc:IssueDate>{issued.isoformat()}</cbc:IssueDate>
  <cbc:DueDate>{(issued + timedelta(days=30)).isoformat()}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>CONTRACT</cbc:BuyerReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cac:Country><cbc:IdentificationCode>KR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>KR{supplier}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>{escape(supplier_name)}</cbc:RegistrationName><cbc:CompanyID>{supplier}</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PostalAddress><cac:Country><cbc:IdentificationCode>KR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>{escape(buyer_name)}</cbc:RegistrationName><cbc:CompanyID>{buyer}</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="{currency}">{tax}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="{currency}">{net}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="{currency}">{tax}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>10</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="{currency}">{net}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="{currency}">{net}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="{currency}">{net + tax}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="{currency}">{net + tax}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>{line_xml}
</Invoice>
"""
    return xml.encode("utf-8")
