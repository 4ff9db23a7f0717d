"""Generated KEC tax invoices: consistent totals never fire a KR-TOTAL rule; a wrong grand total always does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.documents import ValidationResult, validate_document

NS = "urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0"
TODAY = date(2024, 1, 1)

# Whole won, up to a trillion either way (amended invoices carry negative amounts).
amounts = st.integers(min_value=-(10**12), max_value=10**12)
line_amounts = st.lists(amounts, min_size=1, max_size=16)
perturbations = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).filter(bool),
    st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2).filter(bool),
)


def line_tax(amount: int) -> int:
    """The line's VAT: 10 %, floored (the sum of floors stays within a won a line of the floor of the sum)."""
    return amount // 10


def tax_invoice(lines: list[int], grand_delta: Decimal | int = 0) -> bytes:
    charge = sum(lines)
    tax = sum(line_tax(amount) for amount in lines)
    items = "".join(
        f"<TaxInvoiceTradeLineItem><SequenceNumeric>{i}</SequenceNumeric><NameText>item {i}</NameText>"
        f"<InvoiceAmount>{amount}</InvoiceAmount><TotalTax><CalculatedAmount>{line_tax(amount)}</CalculatedAmount>"
        f"</TotalTax></TaxInvoiceTradeLineItem>"
        for i, amount in enumerate(lines, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><TaxInvoice xmlns="{NS}">'
        "<TaxInvoiceDocument><IssueID>202312013900502610018801</IssueID><TypeCode>0101</TypeCode>"
        "<IssueDateTime>20231201</IssueDateTime><PurposeCode>02</PurposeCode></TaxInvoiceDocument>"
        "<TaxInvoiceTradeSettlement>"
        "<InvoicerParty><ID>2048631263</ID><NameText>supplier</NameText></InvoicerParty>"
        "<InvoiceeParty><ID>6028131841</ID><NameText>buyer</NameText></InvoiceeParty>"
        f"<SpecifiedMonetarySummation><ChargeTotalAmount>{charge}</ChargeTotalAmount>"
        f"<TaxTotalAmount>{tax}</TaxTotalAmount><GrandTotalAmount>{charge + tax + grand_delta}</GrandTotalAmount>"
        "</SpecifiedMonetarySummation></TaxInvoiceTradeSettlement>"
        f"{items}</TaxInvoice>"
    ).encode()


def validate(content: bytes) -> ValidationResult:
    return validate_document("kec", content, today=TODAY)


@settings(max_examples=200, deadline=None)
@given(line_amounts)
def test_consistent_invoices_have_no_total_findings(lines: list[int]) -> None:
    result = validate(tax_invoice(lines))
    assert not [f for f in result.findings if f.code.startswith("KR-TOTAL")], result.findings
    assert result.valid, result.findings  # the 10 % rule holds too: each line's floor is within a won
    invoice = result.invoice
    assert invoice is not None and invoice.net_total is not None and invoice.tax_total is not None
    assert invoice.grand_total == invoice.net_total + invoice.tax_total


@settings(max_examples=200, deadline=None)
@given(line_amounts, perturbations)
def test_a_perturbed_grand_total_always_fires(lines: list[int], delta: Decimal | int) -> None:
    result = validate(tax_invoice(lines, delta))
    grand = [f for f in result.findings if f.code == "KR-TOTAL-GRAND"]
    assert len(grand) == 1
    assert grand[0].path == "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount"
    assert not result.valid
