"""KEC tax invoice: the NTS sample parses and passes; mutated copies of it fire each KR rule, all at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from shared.domain.documents import DocumentRefused, ValidationResult, validate_document

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
SAMPLE = DATA / "kec" / "nts-sample-unsigned.xml"
NS = "urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0"
TODAY = date(2024, 1, 1)

Edit = Callable[[etree._Element], None]


def q(path: str) -> str:
    return "/".join(f"{{{NS}}}{step}" for step in path.split("/"))


def set_text(path: str, value: str) -> Edit:
    def edit(root: etree._Element) -> None:
        element = root.find(q(path))
        if element is None:  # create it under its parent
            parent_path, _, name = path.rpartition("/")
            parent = root.find(q(parent_path)) if parent_path else root
            element = etree.SubElement(parent, f"{{{NS}}}{name}")
        element.text = value

    return edit


def remove(path: str) -> Edit:
    def edit(root: etree._Element) -> None:
        for element in root.findall(q(path)):
            element.getparent().remove(element)

    return edit


def add_line(amount: str, tax: str) -> Edit:
    def edit(root: etree._Element) -> None:
        line = etree.SubElement(root, f"{{{NS}}}TaxInvoiceTradeLineItem")
        etree.SubElement(line, f"{{{NS}}}SequenceNumeric").text = "2"
        etree.SubElement(line, f"{{{NS}}}InvoiceAmount").text = amount
        etree.SubElement(etree.SubElement(line, f"{{{NS}}}TotalTax"), f"{{{NS}}}CalculatedAmount").text = tax

    return edit


def totals(charge: str, tax: str, grand: str, line_tax: str | None = None) -> list[Edit]:
    """Consistent totals on the sample's single line."""
    return [
        set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount", charge),
        set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount", tax),
        set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount", grand),
        set_text("TaxInvoiceTradeLineItem/InvoiceAmount", charge),
        set_text("TaxInvoiceTradeLineItem/TotalTax/CalculatedAmount", tax if line_tax is None else line_tax),
    ]


def mutated(*edits: Edit) -> bytes:
    root = etree.fromstring(SAMPLE.read_bytes())
    for edit in edits:
        edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def check(*edits: Edit, today: date = TODAY) -> ValidationResult:
    return validate_document("kec", mutated(*edits), today=today)


def codes(result: ValidationResult) -> set[str]:
    return {finding.code for finding in result.findings}


AMENDED = [set_text("TaxInvoiceDocument/TypeCode", "0201"), set_text("TaxInvoiceDocument/AmendmentStatusCode", "01")]
# Approved the day the sample is dated: a reason 01 correction carries the original's date of issue (20090914).
ORIGINAL = set_text("TaxInvoiceDocument/OriginalIssueID", "200909143900502610018800")


def test_the_sample_parses_into_the_canonical_model() -> None:
    result = validate_document("kec", SAMPLE.read_bytes(), today=TODAY)
    invoice = result.invoice
    assert invoice is not None
    assert (invoice.format, invoice.document_type, invoice.currency) == ("kec", "0101", "KRW")
    assert invoice.invoice_id == "200909143900502610018801"
    assert invoice.issue_date == date(2009, 9, 14)
    assert (invoice.supplier.legal_id, invoice.supplier.name) == ("2048631263", "(주)샘플사업자")
    assert (invoice.buyer.legal_id, invoice.buyer.name) == ("6028131841", "상하차업체")
    assert (invoice.net_total, invoice.tax_total, invoice.grand_total) == (
        Decimal(100_000_000),
        Decimal(10_000_000),
        Decimal(110_000_000),
    )
    [line] = invoice.lines
    assert (line.line_id, line.name, line.quantity) == ("1", "한석봉", Decimal(1))
    assert (line.unit_price, line.net_amount, line.tax_amount) == (
        Decimal(100_000_000),
        Decimal(100_000_000),
        Decimal(10_000_000),
    )
    assert invoice.duplicate_key() == "200909143900502610018801"


def test_the_sample_is_valid_after_its_date() -> None:
    result = validate_document("kec", SAMPLE.read_bytes(), today=date(2009, 9, 14))
    assert result.valid, result.findings
    assert result.findings == []


def test_the_sample_is_valid_today_in_seoul() -> None:
    assert validate_document("kec", SAMPLE.read_bytes()).valid


def test_an_euc_kr_copy_reads_the_same() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="EUC-KR"')
    result = validate_document("kec", text.encode("euc-kr"), today=TODAY)
    assert result.valid
    assert result.invoice is not None and result.invoice.supplier.name == "(주)샘플사업자"


@pytest.mark.parametrize(
    ("edits", "code", "path"),
    [
        ([remove("TaxInvoiceDocument/IssueID")], "KR-REQUIRED", "/TaxInvoice/TaxInvoiceDocument/IssueID"),
        ([remove("TaxInvoiceDocument/TypeCode")], "KR-REQUIRED", "/TaxInvoice/TaxInvoiceDocument/TypeCode"),
        ([set_text("TaxInvoiceDocument/PurposeCode", "")], "KR-REQUIRED", "/TaxInvoice/TaxInvoiceDocument/PurposeCode"),
        (
            [remove("TaxInvoiceTradeSettlement/InvoicerParty/NameText")],
            "KR-REQUIRED",
            "/TaxInvoice/TaxInvoiceTradeSettlement/InvoicerParty/NameText",
        ),
        (
            [remove("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount")],
            "KR-REQUIRED",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount",
        ),
        ([remove("TaxInvoiceTradeLineItem")], "KR-REQUIRED", "/TaxInvoice/TaxInvoiceTradeLineItem"),
        (
            [remove("TaxInvoiceTradeLineItem/InvoiceAmount")],
            "KR-REQUIRED",
            "/TaxInvoice/TaxInvoiceTradeLineItem[1]/InvoiceAmount",
        ),
        (
            [set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount", "1억")],
            "KR-NUMBER",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount",
        ),
        (
            [set_text("TaxInvoiceTradeLineItem/InvoiceAmount", "1e8")],
            "KR-NUMBER",
            "/TaxInvoice/TaxInvoiceTradeLineItem[1]/InvoiceAmount",
        ),
        (
            totals("100000000.5", "10000000", "110000000.5"),
            "KR-WHOLE-WON",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount",
        ),
        (
            [set_text("TaxInvoiceDocument/IssueID", "2009091439005026100188")],
            "KR-ISSUEID-FORMAT",
            "/TaxInvoice/TaxInvoiceDocument/IssueID",
        ),
        (
            [set_text("TaxInvoiceDocument/IssueID", "20090914-3900502610018801")],
            "KR-ISSUEID-FORMAT",
            "/TaxInvoice/TaxInvoiceDocument/IssueID",
        ),
        (
            [set_text("TaxInvoiceDocument/IssueID", "200913143900502610018801")],
            "KR-ISSUEID-DATE",
            "/TaxInvoice/TaxInvoiceDocument/IssueID",
        ),
        (
            [set_text("TaxInvoiceDocument/IssueDateTime", "20090231")],
            "KR-ISSUEDATE-FORMAT",
            "/TaxInvoice/TaxInvoiceDocument/IssueDateTime",
        ),
        (
            [set_text("TaxInvoiceDocument/IssueDateTime", "2009-09-14")],
            "KR-ISSUEDATE-FORMAT",
            "/TaxInvoice/TaxInvoiceDocument/IssueDateTime",
        ),
        (
            [set_text("TaxInvoiceTradeSettlement/InvoicerParty/ID", "1234567890")],
            "KR-BRN-SUPPLIER",
            "/TaxInvoice/TaxInvoiceTradeSettlement/InvoicerParty/ID",
        ),
        (
            [set_text("TaxInvoiceTradeSettlement/InvoiceeParty/ID", "6028131842")],
            "KR-BRN-BUYER",
            "/TaxInvoice/TaxInvoiceTradeSettlement/InvoiceeParty/ID",
        ),
        (
            [set_text("TaxInvoiceTradeSettlement/InvoiceeParty/ID", "8001011234567")],  # a resident number
            "KR-BRN-BUYER",
            "/TaxInvoice/TaxInvoiceTradeSettlement/InvoiceeParty/ID",
        ),
        ([set_text("TaxInvoiceDocument/TypeCode", "0109")], "KR-TYPECODE", "/TaxInvoice/TaxInvoiceDocument/TypeCode"),
        ([set_text("TaxInvoiceDocument/TypeCode", "0501")], "KR-TYPECODE", "/TaxInvoice/TaxInvoiceDocument/TypeCode"),
        ([set_text("TaxInvoiceDocument/TypeCode", "0302")], "KR-TYPECODE", "/TaxInvoice/TaxInvoiceDocument/TypeCode"),
        ([set_text("TaxInvoiceDocument/TypeCode", "101")], "KR-TYPECODE", "/TaxInvoice/TaxInvoiceDocument/TypeCode"),
        (
            [set_text("TaxInvoiceDocument/PurposeCode", "03")],
            "KR-PURPOSECODE",
            "/TaxInvoice/TaxInvoiceDocument/PurposeCode",
        ),
        (
            [set_text("TaxInvoiceDocument/TypeCode", "0201"), ORIGINAL],
            "KR-AMENDMENT-CODE",
            "/TaxInvoice/TaxInvoiceDocument/AmendmentStatusCode",
        ),
        (
            [*AMENDED, ORIGINAL, set_text("TaxInvoiceDocument/AmendmentStatusCode", "07")],
            "KR-AMENDMENT-CODE",
            "/TaxInvoice/TaxInvoiceDocument/AmendmentStatusCode",
        ),
        (AMENDED, "KR-AMENDMENT-ORIGINAL", "/TaxInvoice/TaxInvoiceDocument/OriginalIssueID"),
        (
            [*AMENDED, set_text("TaxInvoiceDocument/OriginalIssueID", "2009091439005026100188")],
            "KR-AMENDMENT-ORIGINAL",
            "/TaxInvoice/TaxInvoiceDocument/OriginalIssueID",
        ),
        (
            [set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount", "110000001")],
            "KR-TOTAL-GRAND",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount",
        ),
        (
            [add_line("1000", "100")],
            "KR-TOTAL-CHARGE",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount",
        ),
        (
            [set_text("TaxInvoiceTradeLineItem/TotalTax/CalculatedAmount", "9999999")],
            "KR-TOTAL-TAX",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount",
        ),
        (
            totals("100000000", "9000000", "109000000"),
            "KR-VAT-RATE",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount",
        ),
        (
            totals("100000000", "10000002", "110000002"),  # two won off with one line
            "KR-VAT-RATE",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount",
        ),
        (
            [set_text("TaxInvoiceDocument/TypeCode", "0102")],  # zero-rated with 10 % tax
            "KR-VAT-ZERO",
            "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount",
        ),
        (
            [set_text("TaxInvoiceDocument/TypeCode", "0301")],  # VAT-exempt with 10 % tax
            "KR-VAT-ZERO",
            "/TaxInvoice/TaxInvoiceTradeLineItem[1]/TotalTax/CalculatedAmount",
        ),
    ],
)
def test_each_rule_fires_on_a_mutated_sample(edits: list[Edit], code: str, path: str) -> None:
    result = check(*edits)
    assert not result.valid
    assert (code, path) in {(f.code, f.path) for f in result.findings}, result.findings


def test_future_dates_fire_for_both_the_issue_date_and_the_approval_number() -> None:
    result = check(today=date(2009, 9, 13))
    assert {(f.code, f.path) for f in result.findings} == {
        ("KR-DATE-FUTURE", "/TaxInvoice/TaxInvoiceDocument/IssueDateTime"),
        ("KR-DATE-FUTURE", "/TaxInvoice/TaxInvoiceDocument/IssueID"),
    }


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([*AMENDED, ORIGINAL], id="amended with reason and original"),
        pytest.param(totals("100000000", "10000001", "110000001"), id="tax one won off with one line"),
        pytest.param(totals("1005", "100", "1105"), id="tax rounded down"),
        pytest.param(totals("-1005", "-101", "-1106"), id="negative amounts, floor"),
        pytest.param(
            [set_text("TaxInvoiceDocument/TypeCode", "0102"), *totals("100000000", "0", "100000000")],
            id="zero-rated",
        ),
        pytest.param(
            [
                set_text("TaxInvoiceDocument/TypeCode", "0301"),
                remove("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount"),
                remove("TaxInvoiceTradeLineItem/TotalTax"),
                set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount", "100000000"),
            ],
            id="VAT-exempt without tax elements",
        ),
        pytest.param(
            [
                set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount", "100001000"),
                set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount", "10000100"),
                set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount", "110001100"),
                add_line("1000", "100"),
            ],
            id="two lines, totals updated",
        ),
    ],
)
def test_consistent_variants_are_valid(edits: list[Edit]) -> None:
    result = check(*edits)
    assert result.valid, result.findings


def test_every_finding_is_reported_at_once() -> None:
    result = check(
        set_text("TaxInvoiceTradeSettlement/InvoicerParty/ID", "1234567890"),
        set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/GrandTotalAmount", "1"),
        set_text("TaxInvoiceDocument/PurposeCode", "09"),
    )
    assert {"KR-BRN-SUPPLIER", "KR-TOTAL-GRAND", "KR-PURPOSECODE"} <= codes(result)


def test_an_empty_tax_invoice_gives_findings_not_an_exception() -> None:
    result = validate_document("kec", f'<TaxInvoice xmlns="{NS}"/>'.encode(), today=TODAY)
    assert not result.valid
    assert codes(result) == {"KR-REQUIRED"}
    assert len(result.findings) == 12  # eleven mandatory values (the tax total too) and the missing line
    assert result.invoice is not None and result.invoice.invoice_id == ""


def test_garbage_values_give_findings_not_an_exception() -> None:
    result = check(
        set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/ChargeTotalAmount", "NaN"),
        set_text("TaxInvoiceTradeSettlement/SpecifiedMonetarySummation/TaxTotalAmount", "Infinity"),
        set_text("TaxInvoiceTradeLineItem/InvoiceAmount", "abc"),
        set_text("TaxInvoiceTradeLineItem/ChargeableUnitQuantity", "one"),
        set_text("TaxInvoiceDocument/TypeCode", "x"),
        set_text("TaxInvoiceDocument/IssueDateTime", "yesterday"),
    )
    assert {"KR-NUMBER", "KR-TYPECODE", "KR-ISSUEDATE-FORMAT"} <= codes(result)
    assert sum(f.code == "KR-NUMBER" for f in result.findings) == 4


def test_a_ubl_invoice_posted_as_kec_is_refused() -> None:
    ubl = b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'
    with pytest.raises(DocumentRefused) as refused:
        validate_document("kec", ubl)
    assert refused.value.code == "MALFORMED"


def test_a_kec_root_in_another_namespace_is_refused() -> None:
    with pytest.raises(DocumentRefused) as refused:
        validate_document("kec", b"<TaxInvoice/>")
    assert refused.value.code == "MALFORMED"
