"""Amended tax invoices (수정세금계산서): each amendment reason's sign and date rules fire, or stay silent, as due.

The NTS sample (dated 20090914, 100,000,000 won + 10 % VAT, one line) is turned into an amended invoice (TypeCode
0201, or 0202 zero-rated) with an amendment reason (AmendmentStatusCode) and the original's approval number
(OriginalIssueID, whose first 8 digits are the original's date).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.documents.test_kec import Edit, check, codes, set_text, totals

TODAY = date(2024, 1, 1)
AMENDMENT_CODES = {"KR-AMEND-NEGATIVE", "KR-AMEND-ZERO-RATED", "KR-AMEND-DATE-AFTER", "KR-AMEND-DATE-ORIGINAL"}


def amended(reason: str, original_date: str, type_code: str = "0201") -> list[Edit]:
    return [
        set_text("TaxInvoiceDocument/TypeCode", type_code),
        set_text("TaxInvoiceDocument/AmendmentStatusCode", reason),
        set_text("TaxInvoiceDocument/OriginalIssueID", f"{original_date}3900502610018800"),
    ]


POSITIVE = totals("100000000", "10000000", "110000000")
NEGATIVE = totals("-100000000", "-10000000", "-110000000")
ZERO_RATED = totals("100000000", "0", "100000000")
ISSUED_ON = "20090914"  # the sample's date of issue (작성일자)
EARLIER, LATER = "20090901", "20090920"


@pytest.mark.parametrize(
    ("reason", "original", "type_code", "amounts"),
    [
        pytest.param("01", ISSUED_ON, "0201", POSITIVE, id="01 correction, the corrected copy"),
        pytest.param("01", LATER, "0201", NEGATIVE, id="01 correction, the negative copy, original approved later"),
        pytest.param("02", EARLIER, "0201", POSITIVE, id="02 supply value increased"),
        pytest.param("02", EARLIER, "0201", NEGATIVE, id="02 supply value decreased"),
        pytest.param("02", ISSUED_ON, "0201", POSITIVE, id="02 changed the day of the original"),
        pytest.param("03", EARLIER, "0201", NEGATIVE, id="03 goods returned after the original"),
        pytest.param("04", ISSUED_ON, "0201", NEGATIVE, id="04 contract cancelled the same day"),
        pytest.param("05", ISSUED_ON, "0202", ZERO_RATED, id="05 re-issued zero-rated"),
        pytest.param("05", ISSUED_ON, "0201", NEGATIVE, id="05 the original cancelled"),
        pytest.param("06", LATER, "0201", NEGATIVE, id="06 duplicate cancelled, dated as the original"),
    ],
)
def test_amendments_that_follow_their_reason_are_valid(
    reason: str, original: str, type_code: str, amounts: list[Edit]
) -> None:
    result = check(*amended(reason, original, type_code), *amounts, today=TODAY)
    assert not codes(result) & AMENDMENT_CODES, result.findings
    assert result.valid, result.findings


TOTALS = "/TaxInvoice/TaxInvoiceTradeSettlement/SpecifiedMonetarySummation"
ISSUE_DATE = "/TaxInvoice/TaxInvoiceDocument/IssueDateTime"
TYPE_CODE = "/TaxInvoice/TaxInvoiceDocument/TypeCode"


@pytest.mark.parametrize(
    ("reason", "original", "type_code", "amounts", "code", "path"),
    [
        pytest.param(
            "03",
            EARLIER,
            "0201",
            POSITIVE,
            "KR-AMEND-NEGATIVE",
            f"{TOTALS}/ChargeTotalAmount",
            id="03 return with a positive supply value",
        ),
        pytest.param(
            "03",
            EARLIER,
            "0201",
            POSITIVE,
            "KR-AMEND-NEGATIVE",
            f"{TOTALS}/TaxTotalAmount",
            id="03 return with a positive tax",
        ),
        pytest.param(
            "04",
            EARLIER,
            "0201",
            POSITIVE,
            "KR-AMEND-NEGATIVE",
            "/TaxInvoice/TaxInvoiceTradeLineItem[1]/InvoiceAmount",
            id="04 cancellation with a positive line",
        ),
        pytest.param(
            "06",
            ISSUED_ON,
            "0201",
            POSITIVE,
            "KR-AMEND-NEGATIVE",
            f"{TOTALS}/ChargeTotalAmount",
            id="06 duplicate re-issued positive",
        ),
        pytest.param(
            "05", ISSUED_ON, "0201", POSITIVE, "KR-AMEND-ZERO-RATED", TYPE_CODE, id="05 re-issued standard-rated"
        ),
        pytest.param(
            "05",
            ISSUED_ON,
            "0401",
            totals("100000000", "0", "100000000"),
            "KR-AMEND-ZERO-RATED",
            TYPE_CODE,
            id="05 on a VAT-exempt invoice",
        ),
        pytest.param(
            "02", LATER, "0201", POSITIVE, "KR-AMEND-DATE-AFTER", ISSUE_DATE, id="02 change dated before the original"
        ),
        pytest.param(
            "03", LATER, "0201", NEGATIVE, "KR-AMEND-DATE-AFTER", ISSUE_DATE, id="03 return dated before the original"
        ),
        pytest.param(
            "04",
            LATER,
            "0201",
            NEGATIVE,
            "KR-AMEND-DATE-AFTER",
            ISSUE_DATE,
            id="04 cancellation dated before the original",
        ),
        pytest.param(
            "01",
            EARLIER,
            "0201",
            POSITIVE,
            "KR-AMEND-DATE-ORIGINAL",
            ISSUE_DATE,
            id="01 correction dated after the original was approved",
        ),
        pytest.param(
            "05",
            EARLIER,
            "0202",
            ZERO_RATED,
            "KR-AMEND-DATE-ORIGINAL",
            ISSUE_DATE,
            id="05 letter of credit dated after the original was approved",
        ),
        pytest.param(
            "06",
            EARLIER,
            "0201",
            NEGATIVE,
            "KR-AMEND-DATE-ORIGINAL",
            ISSUE_DATE,
            id="06 duplicate dated after the original was approved",
        ),
    ],
)
def test_amendments_against_their_reason_fire(
    reason: str, original: str, type_code: str, amounts: list[Edit], code: str, path: str
) -> None:
    result = check(*amended(reason, original, type_code), *amounts, today=TODAY)
    assert (code, path) in {(f.code, f.path) for f in result.findings}, result.findings
    assert not result.valid


def test_a_plain_tax_invoice_has_no_amendment_rule() -> None:
    result = check(*NEGATIVE, set_text("TaxInvoiceDocument/AmendmentStatusCode", "03"), today=TODAY)
    assert not codes(result) & AMENDMENT_CODES


def test_an_unreadable_original_leaves_the_dates_to_kr_amendment_original() -> None:
    result = check(*amended("03", EARLIER), *NEGATIVE, set_text("TaxInvoiceDocument/OriginalIssueID", "x"), today=TODAY)
    assert "KR-AMENDMENT-ORIGINAL" in codes(result)
    assert not codes(result) & {"KR-AMEND-DATE-AFTER", "KR-AMEND-DATE-ORIGINAL"}
