"""Dates within reason on every format (KR-DATE-FUTURE, KR-DATE-RANGE), and elements the syntax allows once are
refused when repeated (SYNTAX-CARDINALITY, CII-SR-014), never read as "the last one wins"."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from shared.domain.documents import validate_document

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "en16931"
UBL = DATA / "ubl" / "examples" / "ubl-tc434-example2.xml"
CII = DATA / "cii" / "examples" / "CII_example2.xml"
KEC = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "kec" / "nts-sample-unsigned.xml"
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
TODAY = date(2025, 1, 1)
UBL_DATE = "/Invoice/cbc:IssueDate"
CII_DATE = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"


def with_text(path: Path, xpath: str, text: str) -> bytes:
    root = etree.fromstring(path.read_bytes())
    root.xpath(xpath, namespaces=NS)[0].text = text
    return etree.tostring(root)


def doubled(path: Path, xpath: str) -> bytes:
    """``path`` with the node at ``xpath`` repeated right after itself."""
    root = etree.fromstring(path.read_bytes())
    node = root.xpath(xpath, namespaces=NS)[0]
    node.addnext(copy.deepcopy(node))
    return etree.tostring(root)


def codes_at(fmt: str, content: bytes) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in validate_document(fmt, content, today=TODAY).errors}


# --- dates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content", "path"),
    [
        ("ubl", with_text(UBL, "/*/cbc:IssueDate", "2025-01-02"), UBL_DATE),
        ("cii", with_text(CII, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "20250102"), CII_DATE),
    ],
    ids=["ubl", "cii"],
)
def test_an_invoice_dated_after_today_in_seoul_is_refused(fmt: str, content: bytes, path: str) -> None:
    result = validate_document(fmt, content, today=TODAY)
    assert [(f.code, f.path) for f in result.errors] == [("KR-DATE-FUTURE", path)]
    assert not result.valid
    assert validate_document(fmt, content, today=date(2025, 1, 2)).valid  # dated today: fine


@pytest.mark.parametrize(
    ("fmt", "content", "path"),
    [
        ("ubl", with_text(UBL, "/*/cbc:IssueDate", "1999-12-31"), UBL_DATE),
        ("cii", with_text(CII, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "19991231"), CII_DATE),
        (
            "kec",
            KEC.read_bytes().replace(b"<IssueDateTime>20090914<", b"<IssueDateTime>19990914<"),
            "/TaxInvoice/TaxInvoiceDocument/IssueDateTime",
        ),
    ],
    ids=["ubl", "cii", "kec"],
)
def test_an_issue_date_before_2000_is_refused_on_every_format(fmt: str, content: bytes, path: str) -> None:
    result = validate_document(fmt, content, today=TODAY)
    assert ("KR-DATE-RANGE", path) in {(f.code, f.path) for f in result.errors}
    assert not result.valid


def test_the_year_2000_itself_is_within_reason() -> None:
    result = validate_document("ubl", with_text(UBL, "/*/cbc:IssueDate", "2000-01-01"), today=TODAY)
    assert result.valid, [f.as_dict() for f in result.errors]


# --- cardinalities ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xpath", "path"),
    [
        ("/*/cac:LegalMonetaryTotal", "/Invoice/cac:LegalMonetaryTotal[2]"),
        ("/*/cac:AccountingSupplierParty", "/Invoice/cac:AccountingSupplierParty[2]"),
        ("/*/cac:AccountingCustomerParty", "/Invoice/cac:AccountingCustomerParty[2]"),
        ("/*/cbc:IssueDate", "/Invoice/cbc:IssueDate[2]"),
        ("/*/cbc:ID", "/Invoice/cbc:ID[2]"),
        ("/*/cbc:DocumentCurrencyCode", "/Invoice/cbc:DocumentCurrencyCode[2]"),
        ("/*/cbc:InvoiceTypeCode", "/Invoice/cbc:InvoiceTypeCode[2]"),
        ("/*/cac:TaxTotal", "/Invoice/cac:TaxTotal[2]"),  # a second VAT total in the same currency
        ("/*/cac:LegalMonetaryTotal/cbc:PayableAmount", "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount[2]"),
        ("/*/cac:AccountingSupplierParty/cac:Party", "/Invoice/cac:AccountingSupplierParty/cac:Party[2]"),
        ("/*/cac:TaxTotal/cbc:TaxAmount", "/Invoice/cac:TaxTotal/cbc:TaxAmount[2]"),
        ("/*/cac:InvoiceLine[1]/cbc:LineExtensionAmount", "/Invoice/cac:InvoiceLine[1]/cbc:LineExtensionAmount[2]"),
    ],
)
def test_a_ubl_element_the_schema_allows_once_is_refused_when_repeated(xpath: str, path: str) -> None:
    """Each copy is identical, so only the cardinality can refuse it: before, the last (or first) one won."""
    result = validate_document("ubl", doubled(UBL, xpath), today=TODAY)
    assert ("SYNTAX-CARDINALITY", path) in {(f.code, f.path) for f in result.errors}
    assert not result.valid


def test_a_second_monetary_total_cannot_replace_the_first() -> None:
    """Two LegalMonetaryTotal, the second consistent with nothing: refused, whichever the parser would have read."""
    root = etree.fromstring(UBL.read_bytes())
    total = root.find("cac:LegalMonetaryTotal", NS)
    second = copy.deepcopy(total)
    second.find("cbc:PayableAmount", NS).text = "55000000.00"
    total.addnext(second)
    codes = {f.code for f in validate_document("ubl", etree.tostring(root), today=TODAY).errors}
    assert "SYNTAX-CARDINALITY" in codes


def test_two_vat_totals_in_different_currencies_are_fine() -> None:
    """BT-110 in the invoice currency and BT-111 in the VAT accounting currency: two TaxTotal, one per currency."""
    example = DATA / "ubl" / "examples" / "ubl-tc434-example5.xml"
    root = etree.fromstring(example.read_bytes())
    assert len({t.get("currencyID") for t in root.findall("cac:TaxTotal/cbc:TaxAmount", NS)}) == 2
    assert "SYNTAX-CARDINALITY" not in {f.code for f in validate_document("ubl", example.read_bytes()).findings}


HEADER = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"


@pytest.mark.parametrize(
    ("xpath", "code", "path"),
    [
        ("/*/rsm:ExchangedDocument", "SYNTAX-CARDINALITY", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument[2]"),
        (
            "//ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty",
            "SYNTAX-CARDINALITY",
            f"{HEADER}/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty[2]",
        ),
        (
            "//ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty",
            "SYNTAX-CARDINALITY",
            f"{HEADER}/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty[2]",
        ),
        (
            "//ram:SpecifiedTradeSettlementHeaderMonetarySummation",
            "SYNTAX-CARDINALITY",
            f"{HEADER}/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation[2]",
        ),
        (
            "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount",
            "SYNTAX-CARDINALITY",
            f"{HEADER}/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
            "/ram:GrandTotalAmount[2]",
        ),
        (
            "//ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode",
            "SYNTAX-CARDINALITY",
            f"{HEADER}/ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode[2]",
        ),
        ("/*/rsm:ExchangedDocument/ram:TypeCode", "CII-SR-014", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument"),
        (
            "/*/rsm:ExchangedDocument/ram:ID",
            "SYNTAX-CARDINALITY",
            "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID[2]",
        ),
        (
            "//ram:GuidelineSpecifiedDocumentContextParameter",
            "CII-SR-009",
            "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext",
        ),
    ],
)
def test_a_cii_element_read_once_is_refused_when_repeated(xpath: str, code: str, path: str) -> None:
    result = validate_document("cii", doubled(CII, xpath), today=TODAY)
    assert (code, path) in {(f.code, f.path) for f in result.errors}
    assert not result.valid
