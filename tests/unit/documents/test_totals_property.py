"""Generated KEC tax invoices: consistent totals never fire a KR-TOTAL rule; a wrong grand total always does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from shared.domain.documents import ValidationResult, validate_document

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


# --- amounts of any number of digits ---------------------------------------------------------------------------
# The default decimal context rounds to 28 significant digits: before exact arithmetic a 30-digit invoice whose
# totals hold was refused under KR-TOTAL-GRAND, and one whose grand total was off by one won passed.

huge = st.integers(min_value=-(10**45), max_value=10**45)


def test_a_thirty_digit_invoice_that_adds_up_is_valid() -> None:
    result = validate(tax_invoice([10**29 + 1]))
    assert result.valid, result.findings


def test_a_thirty_digit_grand_total_off_by_one_won_is_caught() -> None:
    result = validate(tax_invoice([10**29 + 1], -1))
    assert [f.code for f in result.findings] == ["KR-TOTAL-GRAND"]


@settings(max_examples=150, deadline=None)
@given(st.lists(huge, min_size=1, max_size=8), st.one_of(st.just(0), huge, st.integers(-3, 3)))
def test_kec_totals_rules_fire_exactly_when_the_sums_differ(lines: list[int], delta: int) -> None:
    result = validate(tax_invoice(lines, delta))
    assert [f.code for f in result.findings] == ([] if delta == 0 else ["KR-TOTAL-GRAND"])


UBL_EXAMPLE = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "en16931"
    / "ubl"
    / "examples"
    / "ubl-tc434-example2.xml"
)
UBL_NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
cents = st.integers(min_value=-(10**45), max_value=10**45)


def money(amount_in_cents: int) -> str:
    sign = "-" if amount_in_cents < 0 else ""
    whole, fraction = divmod(abs(amount_in_cents), 100)
    return f"{sign}{whole}.{fraction:02d}"


def ubl_with_amounts(lines: list[int], line_delta: int, net: int, tax: int, gross_delta: int) -> bytes:
    """The example with its line net amounts, BT-106 (their sum + ``line_delta``), BT-110 and BT-112 (BT-109 + BT-110
    + ``gross_delta``) replaced; amounts in cents."""
    root = etree.fromstring(UBL_EXAMPLE.read_bytes())
    invoice_lines = root.findall("cac:InvoiceLine", UBL_NS)
    for element, amount in zip(invoice_lines, lines, strict=False):
        element.find("cbc:LineExtensionAmount", UBL_NS).text = money(amount)
    for element in invoice_lines[len(lines) :]:
        root.remove(element)
    total = root.find("cac:LegalMonetaryTotal", UBL_NS)
    total.find("cbc:LineExtensionAmount", UBL_NS).text = money(sum(lines) + line_delta)
    total.find("cbc:TaxExclusiveAmount", UBL_NS).text = money(net)
    total.find("cbc:TaxInclusiveAmount", UBL_NS).text = money(net + tax + gross_delta)
    root.find("cac:TaxTotal/cbc:TaxAmount", UBL_NS).text = money(tax)
    return etree.tostring(root)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(cents, min_size=1, max_size=3),
    st.one_of(st.just(0), cents, st.integers(-2, 2)),
    cents,
    cents,
    st.one_of(st.just(0), cents, st.integers(-2, 2)),
)
def test_en16931_totals_rules_fire_exactly_when_the_sums_differ(
    lines: list[int], line_delta: int, net: int, tax: int, gross_delta: int
) -> None:
    """BR-CO-10 (BT-106 = sum of BT-131) and BR-CO-15 (BT-112 = BT-109 + BT-110), exact at 45 digits and more."""
    content = ubl_with_amounts(lines, line_delta, net, tax, gross_delta)
    codes = {f.code for f in validate_document("ubl", content, today=TODAY).findings}
    assert ("BR-CO-10" in codes) == (line_delta != 0)
    assert ("BR-CO-15" in codes) == (gross_delta != 0)
