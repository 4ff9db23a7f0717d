"""The Korean rules on a :class:`KecDocument` (the table is in the package docstring), except the amendment rules
(:mod:`~shared.domain.documents.kec.amendments`), and :func:`check_kec`, which runs them all."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal

from shared.domain.documents.brn import is_valid_brn
from shared.domain.documents.dates import issue_date_findings
from shared.domain.documents.kec.amendments import (
    rule_amendment,
    rule_amendment_dates,
    rule_amendment_sign,
    rule_amendment_zero_rated,
)
from shared.domain.documents.kec.codes import (
    ISSUE_ID,
    PURPOSE_CODES,
    is_tax_invoice,
    known_type,
    standard_rated,
    yyyymmdd,
)
from shared.domain.documents.kec.model import (
    LINE,
    P_BUYER,
    P_CHARGE,
    P_GRAND,
    P_ISSUE_DATE,
    P_ISSUE_ID,
    P_PURPOSE,
    P_SUPPLIER,
    P_TAX,
    P_TYPE_CODE,
    KecDocument,
)
from shared.domain.documents.model import Finding, exact_arithmetic

_TENTH = Decimal("0.1")


def rule_required(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-REQUIRED] Every mandatory element is present and not empty."""
    required = [
        (doc.issue_id, P_ISSUE_ID, "approval number"),
        (doc.type_code, P_TYPE_CODE, "type code"),
        (doc.issue_date, P_ISSUE_DATE, "date of issue"),
        (doc.purpose, P_PURPOSE, "purpose code"),
        (doc.supplier_id, f"{P_SUPPLIER}/ID", "supplier BRN"),
        (doc.supplier_name, f"{P_SUPPLIER}/NameText", "supplier name"),
        (doc.buyer_id, f"{P_BUYER}/ID", "buyer BRN"),
        (doc.buyer_name, f"{P_BUYER}/NameText", "buyer name"),
        (doc.charge_text, P_CHARGE, "supply value total"),
        (doc.grand_text, P_GRAND, "grand total"),
    ]
    if is_tax_invoice(doc):
        required.append((doc.tax_text, P_TAX, "tax total"))
    required.extend((line.amount_text, f"{line.path}/InvoiceAmount", "line supply value") for line in doc.lines)
    findings = [Finding("KR-REQUIRED", f"the {what} is missing", path) for value, path, what in required if not value]
    if not doc.lines:
        findings.append(Finding("KR-REQUIRED", "the invoice has no line (TaxInvoiceTradeLineItem)", LINE))
    return findings


def rule_whole_won(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-WHOLE-WON] Every amount is a whole number of won."""
    amounts = [(doc.charge, P_CHARGE), (doc.tax, P_TAX), (doc.grand, P_GRAND)]
    for line in doc.lines:
        amounts += [(line.amount, f"{line.path}/InvoiceAmount"), (line.tax, f"{line.path}/TotalTax/CalculatedAmount")]
    return [
        Finding("KR-WHOLE-WON", f"{value} is not a whole number of won", path)
        for value, path in amounts
        if value is not None and value != value.to_integral_value()
    ]


def rule_issue_id(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-ISSUEID-FORMAT] The approval number is 24 digits; [KR-ISSUEID-DATE] its first 8 are a real date."""
    if not doc.issue_id:
        return []
    if not ISSUE_ID.fullmatch(doc.issue_id):
        return [Finding("KR-ISSUEID-FORMAT", "the approval number is not 24 digits", P_ISSUE_ID)]
    if yyyymmdd(doc.issue_id[:8]) is None:
        return [
            Finding("KR-ISSUEID-DATE", "the approval number does not start with a real date (yyyyMMdd)", P_ISSUE_ID)
        ]
    return []


def rule_issue_date(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-ISSUEDATE-FORMAT] The date of issue is a real date written yyyyMMdd."""
    if doc.issue_date and yyyymmdd(doc.issue_date) is None:
        return [
            Finding(
                "KR-ISSUEDATE-FORMAT", f"the date of issue {doc.issue_date!r} is not a date (yyyyMMdd)", P_ISSUE_DATE
            )
        ]
    return []


def rule_date_future(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-DATE-FUTURE] Neither the date of issue nor the approval number's date is after ``today``;
    [KR-DATE-RANGE] neither is before 2000-01-01 (:mod:`shared.domain.documents.dates`)."""
    findings = issue_date_findings(yyyymmdd(doc.issue_date), today, P_ISSUE_DATE)
    approved = yyyymmdd(doc.issue_id[:8]) if doc.issue_id and ISSUE_ID.fullmatch(doc.issue_id) else None
    findings += issue_date_findings(approved, today, P_ISSUE_ID, "the approval number's date")
    return findings


def rule_brn(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-BRN-SUPPLIER], [KR-BRN-BUYER] Both parties' BRNs have the BRN format and a correct check digit."""
    findings = []
    for code, value, path, who in (
        ("KR-BRN-SUPPLIER", doc.supplier_id, f"{P_SUPPLIER}/ID", "supplier"),
        ("KR-BRN-BUYER", doc.buyer_id, f"{P_BUYER}/ID", "buyer"),
    ):
        if value and not is_valid_brn(value):
            findings.append(Finding(code, f"the {who}'s BRN fails the format or check digit", path))
    return findings


def rule_codes(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-TYPECODE] TypeCode is a documented code; [KR-PURPOSECODE] PurposeCode is 01 or 02."""
    findings = []
    if doc.type_code and not known_type(doc.type_code):
        findings.append(Finding("KR-TYPECODE", f"{doc.type_code!r} is not a known tax invoice type code", P_TYPE_CODE))
    if doc.purpose and doc.purpose not in PURPOSE_CODES:
        findings.append(Finding("KR-PURPOSECODE", f"{doc.purpose!r} is not 01 (receipt) or 02 (claim)", P_PURPOSE))
    return findings


def _line_sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def rule_totals(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-TOTAL-GRAND] Grand = charge + tax; [KR-TOTAL-CHARGE] charge = sum of lines; [KR-TOTAL-TAX] tax = sum."""
    findings = []
    tax = doc.tax if doc.tax is not None else (None if doc.tax_text or is_tax_invoice(doc) else Decimal(0))
    if doc.grand is not None and doc.charge is not None and tax is not None and doc.grand != doc.charge + tax:
        findings.append(Finding("KR-TOTAL-GRAND", f"the grand total {doc.grand} is not {doc.charge} + {tax}", P_GRAND))
    if not doc.lines or any(line.amount is None for line in doc.lines):
        return findings  # KR-REQUIRED or KR-NUMBER already reports the line
    line_charge = _line_sum([line.amount for line in doc.lines])
    if doc.charge is not None and doc.charge != line_charge:
        findings.append(
            Finding(
                "KR-TOTAL-CHARGE", f"the supply value total {doc.charge} is not the lines' sum {line_charge}", P_CHARGE
            )
        )
    line_tax = _line_sum([line.tax for line in doc.lines])
    if tax is not None and tax != line_tax:
        findings.append(Finding("KR-TOTAL-TAX", f"the tax total {tax} is not the lines' sum {line_tax}", P_TAX))
    return findings


def rule_vat(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-VAT-RATE] Standard-rated: tax within one won a line of floor(10 % of the charge); [KR-VAT-ZERO] else 0."""
    type_code = known_type(doc.type_code)
    if type_code is None:
        return []
    if standard_rated(type_code):
        if doc.charge is None or doc.tax is None:
            return []
        expected = (doc.charge * _TENTH).to_integral_value(rounding=ROUND_FLOOR)
        if abs(doc.tax - expected) > len(doc.lines):
            return [
                Finding(
                    "KR-VAT-RATE",
                    f"the tax {doc.tax} is not 10 % of {doc.charge} ({expected}, within {len(doc.lines)} won)",
                    P_TAX,
                )
            ]
        return []
    findings = []
    if doc.tax:
        findings.append(Finding("KR-VAT-ZERO", f"a zero-rated or VAT-exempt invoice has a tax of {doc.tax}", P_TAX))
    findings.extend(
        Finding(
            "KR-VAT-ZERO",
            f"a zero-rated or VAT-exempt line has a tax of {line.tax}",
            f"{line.path}/TotalTax/CalculatedAmount",
        )
        for line in doc.lines
        if line.tax
    )
    return findings


RULES = (
    rule_required,
    rule_whole_won,
    rule_issue_id,
    rule_issue_date,
    rule_date_future,
    rule_brn,
    rule_codes,
    rule_amendment,
    rule_totals,
    rule_vat,
    rule_amendment_sign,
    rule_amendment_zero_rated,
    rule_amendment_dates,
)


def check_kec(doc: KecDocument, today: date) -> list[Finding]:
    """Every failing Korean rule's finding, the KR-NUMBER findings first."""
    findings = list(doc.findings)
    with exact_arithmetic(doc.longest_number):
        for rule in RULES:
            findings.extend(rule(doc, today))
    return findings
