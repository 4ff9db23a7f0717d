"""Korean e-tax invoice (전자세금계산서, KEC standard XML, root ``TaxInvoice``): parser and the Korean rules.

The parser reads the KEC elements the platform uses into the canonical :class:`Invoice`; the rules below run on
what it read and report every failure at once. A missing or unreadable value is a finding, never an exception.
``Finding.path`` is the XPath of the offending element (``/TaxInvoice/TaxInvoiceTradeSettlement/InvoicerParty/ID``),
or of where a missing one belongs; elements of the KEC namespace are written without a prefix.

Type code (TypeCode, 4 digits) = document kind + taxation kind:

- kind: 01 tax invoice (세금계산서), 02 amended tax invoice (수정세금계산서), 03 VAT-exempt invoice (계산서),
  04 amended VAT-exempt invoice (수정계산서);
- taxation, for tax invoices (01, 02): 01 standard (일반), 02 zero-rated (영세율), 03 consignment (위수탁),
  04 import (수입), 05 zero-rated consignment (영세율 위수탁), 06 import with deferred VAT payment (수입 납부유예);
  for VAT-exempt invoices (03, 04): 01 standard, 03 consignment, 04 import only.

Standard-rated (10 %) types are 01xx/02xx with taxation 01, 03, 04 or 06; zero-tax types are 01xx/02xx with
taxation 02 or 05 (영세율) and every 03xx/04xx (면세: a 계산서 carries no VAT).

| code | rule |
|---|---|
| KR-REQUIRED | a mandatory element is present and not empty (list below) |
| KR-NUMBER | an amount, quantity or unit price is a decimal number |
| KR-WHOLE-WON | every amount (totals, line amounts, line taxes) is a whole number of won |
| KR-ISSUEID-FORMAT | the approval number (승인번호, IssueID) is 24 digits |
| KR-ISSUEID-DATE | the first 8 digits of the approval number are a real date (yyyyMMdd) |
| KR-ISSUEDATE-FORMAT | the date of issue (작성일자, TaxInvoiceDocument/IssueDateTime) is a real date (yyyyMMdd) |
| KR-DATE-FUTURE | neither the date of issue nor the approval number's date is after today (Asia/Seoul) |
| KR-DATE-RANGE | neither the date of issue nor the approval number's date is before 2000-01-01 |
| KR-BRN-SUPPLIER | the supplier's BRN (InvoicerParty/ID) has the BRN format and check digit |
| KR-BRN-BUYER | the buyer's BRN (InvoiceeParty/ID) has the BRN format and check digit (an LG's 고유번호 has it too) |
| KR-TYPECODE | TypeCode is one of the documented codes above |
| KR-PURPOSECODE | PurposeCode is 01 (receipt, 영수) or 02 (claim, 청구) |
| KR-AMENDMENT-CODE | an amended type (02xx, 04xx) has an AmendmentStatusCode (수정사유); any given is 01..06 |
| KR-AMENDMENT-ORIGINAL | an amended type has an OriginalIssueID (당초 승인번호): 24 digits, a real date first |
| KR-TOTAL-GRAND | GrandTotalAmount (합계금액) = ChargeTotalAmount (공급가액) + TaxTotalAmount (세액) |
| KR-TOTAL-CHARGE | ChargeTotalAmount = sum of the lines' InvoiceAmount |
| KR-TOTAL-TAX | TaxTotalAmount = sum of the lines' TotalTax/CalculatedAmount (a line without one counts 0) |
| KR-VAT-RATE | standard-rated: abs(TaxTotalAmount - floor(ChargeTotalAmount x 0.10)) <= number of lines |
| KR-VAT-ZERO | zero-rated and VAT-exempt: TaxTotalAmount and every line's tax are 0 |
| KR-AMEND-NEGATIVE | 수정사유 03, 04, 06: the supply value is negative, the tax and every line not positive |
| KR-AMEND-ZERO-RATED | 수정사유 05: a tax invoice, zero-rated (xx02, xx05) unless it cancels the original (negative) |
| KR-AMEND-DATE-AFTER | 수정사유 02, 03, 04: the date of issue is not before the original's date (OriginalIssueID[:8]) |
| KR-AMEND-DATE-ORIGINAL | 수정사유 01, 05, 06: the date of issue (the original's) is not after its approval date |

KR-DATE-FUTURE and KR-DATE-RANGE apply to UBL and CII invoices too (:mod:`shared.domain.documents.dates`). Totals are
compared exactly whatever their number of digits (:func:`shared.domain.documents.model.exact_arithmetic`).

Mandatory elements (KR-REQUIRED): TaxInvoiceDocument/IssueID, TypeCode, IssueDateTime and PurposeCode; ID and
NameText of InvoicerParty and InvoiceeParty; ChargeTotalAmount and GrandTotalAmount, and TaxTotalAmount on a tax
invoice; at least one TaxInvoiceTradeLineItem, each with an InvoiceAmount.

Amendment reasons (AmendmentStatusCode): 01 correction of an error (기재사항 착오·정정), 02 change of supply value
(공급가액 변동), 03 return of goods (환입), 04 cancellation of the contract (계약의 해제), 05 local letter of credit
opened later (내국신용장 사후개설), 06 duplicate issue by mistake (착오에 의한 이중발급). Their sign and date rules
(부가가치세법 시행령 §70): 01 and 02 may go either way (01 is issued as a pair, the negative copy of the original
and the corrected one; 02 as the increase or the decrease); 03, 04 and 06 only take away, so their amounts are
negative; 05 re-issues the supply as zero-rated (the original, standard-rated, is cancelled by a negative one).
01, 05 and 06 carry the original's date of issue; 02, 03 and 04 the date of the change, the return or the
cancellation, which cannot come before the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from lxml import etree

from shared.domain.documents.brn import compact_brn, is_valid_brn
from shared.domain.documents.dates import issue_date_findings
from shared.domain.documents.model import Finding, Invoice, InvoiceLine, Party, VatBreakdown, exact_arithmetic
from shared.domain.documents.xml import Lookup, first_of, parse_decimal, text_of

KEC_NS = "urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0"

TAX_INVOICE_KINDS = frozenset({"01", "02"})
AMENDED_KINDS = frozenset({"02", "04"})
TAXATION = {  # document kind -> allowed taxation codes
    "01": frozenset({"01", "02", "03", "04", "05", "06"}),
    "02": frozenset({"01", "02", "03", "04", "05", "06"}),
    "03": frozenset({"01", "03", "04"}),
    "04": frozenset({"01", "03", "04"}),
}
STANDARD_RATED = frozenset({"01", "03", "04", "06"})
PURPOSE_CODES = frozenset({"01", "02"})
AMENDMENT_CODES = frozenset({"01", "02", "03", "04", "05", "06"})
NEGATIVE_AMENDMENTS = frozenset({"03", "04", "06"})  # 환입, 계약의 해제, 착오에 의한 이중발급
LATER_DATE_AMENDMENTS = frozenset({"02", "03", "04"})  # dated the day of the change, the return, the cancellation
ORIGINAL_DATE_AMENDMENTS = frozenset({"01", "05", "06"})  # dated as the original
ZERO_RATED = frozenset({"02", "05"})  # taxation codes of zero-rated tax invoices

_TENTH = Decimal("0.1")
_ISSUE_ID = re.compile(r"[0-9]{24}")
_YYYYMMDD = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def _x(path: str) -> Lookup:
    """A compiled lookup of ``A/B`` (KEC elements, written without a prefix) below an element."""
    return first_of("/".join(f"k:{step}" for step in path.split("/")), {"k": KEC_NS})


ROOT = "/TaxInvoice"
DOCUMENT = f"{ROOT}/TaxInvoiceDocument"
SETTLEMENT = f"{ROOT}/TaxInvoiceTradeSettlement"
SUMMATION = f"{SETTLEMENT}/SpecifiedMonetarySummation"
LINE = f"{ROOT}/TaxInvoiceTradeLineItem"
P_ISSUE_ID, P_TYPE_CODE = f"{DOCUMENT}/IssueID", f"{DOCUMENT}/TypeCode"
P_ISSUE_DATE, P_PURPOSE = f"{DOCUMENT}/IssueDateTime", f"{DOCUMENT}/PurposeCode"
P_AMENDMENT, P_ORIGINAL = f"{DOCUMENT}/AmendmentStatusCode", f"{DOCUMENT}/OriginalIssueID"
P_SUPPLIER, P_BUYER = f"{SETTLEMENT}/InvoicerParty", f"{SETTLEMENT}/InvoiceeParty"
P_CHARGE, P_TAX = f"{SUMMATION}/ChargeTotalAmount", f"{SUMMATION}/TaxTotalAmount"
P_GRAND = f"{SUMMATION}/GrandTotalAmount"

Q_DOCUMENT, Q_SETTLEMENT = _x("TaxInvoiceDocument"), _x("TaxInvoiceTradeSettlement")
Q_ISSUE_ID, Q_TYPE_CODE, Q_ISSUE_DATE = _x("IssueID"), _x("TypeCode"), _x("IssueDateTime")
Q_PURPOSE, Q_AMENDMENT, Q_ORIGINAL = _x("PurposeCode"), _x("AmendmentStatusCode"), _x("OriginalIssueID")
Q_SUPPLIER, Q_BUYER, Q_ID, Q_NAME = _x("InvoicerParty"), _x("InvoiceeParty"), _x("ID"), _x("NameText")
Q_SUMMATION = _x("SpecifiedMonetarySummation")
Q_CHARGE, Q_TAX, Q_GRAND = _x("ChargeTotalAmount"), _x("TaxTotalAmount"), _x("GrandTotalAmount")
LINE_TAG = f"{{{KEC_NS}}}TaxInvoiceTradeLineItem"
Q_SEQUENCE, Q_AMOUNT = _x("SequenceNumeric"), _x("InvoiceAmount")
Q_QUANTITY, Q_UNIT_PRICE = _x("ChargeableUnitQuantity"), _x("UnitPrice/UnitAmount")
Q_LINE_TAX = _x("TotalTax/CalculatedAmount")


@dataclass(slots=True)
class KecLine:
    """One TaxInvoiceTradeLineItem; ``path`` is its XPath (``/TaxInvoice/TaxInvoiceTradeLineItem[2]``)."""

    path: str
    sequence: str | None
    name: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount_text: str | None  # InvoiceAmount as written: None when absent
    amount: Decimal | None
    tax: Decimal | None


@dataclass(slots=True)
class KecDocument:
    """What the Korean rules need from a KEC tax invoice, as read (texts stripped, amounts as ``Decimal``)."""

    issue_id: str | None = None
    type_code: str | None = None
    issue_date: str | None = None
    purpose: str | None = None
    amendment: str | None = None
    original_issue_id: str | None = None
    supplier_id: str | None = None
    supplier_name: str | None = None
    buyer_id: str | None = None
    buyer_name: str | None = None
    charge_text: str | None = None
    charge: Decimal | None = None
    tax_text: str | None = None
    tax: Decimal | None = None
    grand_text: str | None = None
    grand: Decimal | None = None
    lines: list[KecLine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # KR-NUMBER, found while reading
    longest_number: int = 0  # characters of the longest number literal read (the rules' exact arithmetic)


# --- reading ---------------------------------------------------------------------------------------------------


def _number(element: etree._Element | None, path: str, findings: list[Finding]) -> tuple[str | None, Decimal | None]:
    text = text_of(element)
    value = parse_decimal(text)
    if value is None and text:
        findings.append(Finding("KR-NUMBER", f"{text!r} is not a number", path))
    return text, value


def _longest(doc: KecDocument) -> int:
    """Characters of the longest amount literal of ``doc``: what exact arithmetic on its amounts needs."""
    texts = [doc.charge_text, doc.tax_text, doc.grand_text]
    for line in doc.lines:
        texts.append(line.amount_text)
        for value in (line.tax, line.quantity, line.unit_price):
            if value is not None:
                texts.append(str(value))
    return max((len(t) for t in texts if t), default=0)


def _child_text(parent: etree._Element | None, tag: str) -> str | None:
    return text_of(tag(parent)) if parent is not None else None


def _read_line(element: etree._Element, index: int, findings: list[Finding]) -> KecLine:
    path = f"{LINE}[{index}]"
    amount_text, amount = _number(Q_AMOUNT(element), f"{path}/InvoiceAmount", findings)
    return KecLine(
        path=path,
        sequence=text_of(Q_SEQUENCE(element)) or None,
        name=text_of(Q_NAME(element)) or None,
        quantity=_number(Q_QUANTITY(element), f"{path}/ChargeableUnitQuantity", findings)[1],
        unit_price=_number(Q_UNIT_PRICE(element), f"{path}/UnitPrice/UnitAmount", findings)[1],
        amount_text=amount_text,
        amount=amount,
        tax=_number(Q_LINE_TAX(element), f"{path}/TotalTax/CalculatedAmount", findings)[1],
    )


def read_kec(root: etree._Element) -> KecDocument:
    """The KEC facts of a ``TaxInvoice`` root; absent elements read as ``None``."""
    doc = KecDocument()
    document, settlement = Q_DOCUMENT(root), Q_SETTLEMENT(root)
    doc.issue_id = _child_text(document, Q_ISSUE_ID)
    doc.type_code = _child_text(document, Q_TYPE_CODE)
    doc.issue_date = _child_text(document, Q_ISSUE_DATE)
    doc.purpose = _child_text(document, Q_PURPOSE)
    doc.amendment = _child_text(document, Q_AMENDMENT)
    doc.original_issue_id = _child_text(document, Q_ORIGINAL)
    supplier = Q_SUPPLIER(settlement) if settlement is not None else None
    buyer = Q_BUYER(settlement) if settlement is not None else None
    doc.supplier_id, doc.supplier_name = _child_text(supplier, Q_ID), _child_text(supplier, Q_NAME)
    doc.buyer_id, doc.buyer_name = _child_text(buyer, Q_ID), _child_text(buyer, Q_NAME)
    summation = Q_SUMMATION(settlement) if settlement is not None else None
    if summation is not None:
        doc.charge_text, doc.charge = _number(Q_CHARGE(summation), P_CHARGE, doc.findings)
        doc.tax_text, doc.tax = _number(Q_TAX(summation), P_TAX, doc.findings)
        doc.grand_text, doc.grand = _number(Q_GRAND(summation), P_GRAND, doc.findings)
    doc.lines = [_read_line(line, i, doc.findings) for i, line in enumerate(root.iterchildren(LINE_TAG), 1)]
    doc.longest_number = _longest(doc)
    return doc


# --- codes and dates -------------------------------------------------------------------------------------------


def _yyyymmdd(text: str | None) -> date | None:
    """A real calendar date written yyyyMMdd, else ``None``."""
    match = _YYYYMMDD.fullmatch(text or "")
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _known_type(type_code: str | None) -> str | None:
    """``type_code`` when it is one of the documented codes, else ``None``."""
    if type_code and len(type_code) == 4 and type_code[2:] in TAXATION.get(type_code[:2], ()):
        return type_code
    return None


def _is_tax_invoice(doc: KecDocument) -> bool:
    """A tax invoice (01xx, 02xx), as opposed to a VAT-exempt invoice; unknown types count as tax invoices."""
    type_code = _known_type(doc.type_code)
    return type_code is None or type_code[:2] in TAX_INVOICE_KINDS


def _standard_rated(type_code: str) -> bool:
    return type_code[:2] in TAX_INVOICE_KINDS and type_code[2:] in STANDARD_RATED


# --- rules -----------------------------------------------------------------------------------------------------


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
    if _is_tax_invoice(doc):
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
    if not _ISSUE_ID.fullmatch(doc.issue_id):
        return [Finding("KR-ISSUEID-FORMAT", "the approval number is not 24 digits", P_ISSUE_ID)]
    if _yyyymmdd(doc.issue_id[:8]) is None:
        return [
            Finding("KR-ISSUEID-DATE", "the approval number does not start with a real date (yyyyMMdd)", P_ISSUE_ID)
        ]
    return []


def rule_issue_date(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-ISSUEDATE-FORMAT] The date of issue is a real date written yyyyMMdd."""
    if doc.issue_date and _yyyymmdd(doc.issue_date) is None:
        return [
            Finding(
                "KR-ISSUEDATE-FORMAT", f"the date of issue {doc.issue_date!r} is not a date (yyyyMMdd)", P_ISSUE_DATE
            )
        ]
    return []


def rule_date_future(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-DATE-FUTURE] Neither the date of issue nor the approval number's date is after ``today``;
    [KR-DATE-RANGE] neither is before 2000-01-01 (:mod:`shared.domain.documents.dates`)."""
    findings = issue_date_findings(_yyyymmdd(doc.issue_date), today, P_ISSUE_DATE)
    approved = _yyyymmdd(doc.issue_id[:8]) if doc.issue_id and _ISSUE_ID.fullmatch(doc.issue_id) else None
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
    if doc.type_code and not _known_type(doc.type_code):
        findings.append(Finding("KR-TYPECODE", f"{doc.type_code!r} is not a known tax invoice type code", P_TYPE_CODE))
    if doc.purpose and doc.purpose not in PURPOSE_CODES:
        findings.append(Finding("KR-PURPOSECODE", f"{doc.purpose!r} is not 01 (receipt) or 02 (claim)", P_PURPOSE))
    return findings


def rule_amendment(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-AMENDMENT-CODE], [KR-AMENDMENT-ORIGINAL] An amended invoice names its reason and the original."""
    type_code = _known_type(doc.type_code)
    amended = type_code is not None and type_code[:2] in AMENDED_KINDS
    findings = []
    if doc.amendment and doc.amendment not in AMENDMENT_CODES:
        findings.append(
            Finding("KR-AMENDMENT-CODE", f"{doc.amendment!r} is not an amendment reason 01..06", P_AMENDMENT)
        )
    elif amended and not doc.amendment:
        findings.append(Finding("KR-AMENDMENT-CODE", "an amended invoice needs its amendment reason", P_AMENDMENT))
    original = doc.original_issue_id
    if amended and not (original and _ISSUE_ID.fullmatch(original) and _yyyymmdd(original[:8])):
        what = "is missing" if not original else "is not 24 digits starting with a date"
        findings.append(Finding("KR-AMENDMENT-ORIGINAL", f"the original approval number {what}", P_ORIGINAL))
    return findings


def _line_sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def rule_totals(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-TOTAL-GRAND] Grand = charge + tax; [KR-TOTAL-CHARGE] charge = sum of lines; [KR-TOTAL-TAX] tax = sum."""
    findings = []
    tax = doc.tax if doc.tax is not None else (None if doc.tax_text or _is_tax_invoice(doc) else Decimal(0))
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
    type_code = _known_type(doc.type_code)
    if type_code is None:
        return []
    if _standard_rated(type_code):
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


def _amendment(doc: KecDocument) -> str | None:
    """The amendment reason of an amended invoice (02xx, 04xx) with a known reason, else ``None``."""
    type_code = _known_type(doc.type_code)
    if type_code is None or type_code[:2] not in AMENDED_KINDS or doc.amendment not in AMENDMENT_CODES:
        return None
    return doc.amendment


def _original_date(doc: KecDocument) -> date | None:
    original = doc.original_issue_id
    return _yyyymmdd(original[:8]) if original and _ISSUE_ID.fullmatch(original) else None


def rule_amendment_sign(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-AMEND-NEGATIVE] 03 환입, 04 계약의 해제, 06 이중발급 take away: negative supply value, tax, lines."""
    reason = _amendment(doc)
    if reason not in NEGATIVE_AMENDMENTS:
        return []
    findings = []
    if doc.charge is not None and doc.charge >= 0:
        findings.append(
            Finding(
                "KR-AMEND-NEGATIVE",
                f"amendment reason {reason} needs a negative supply value, not {doc.charge}",
                P_CHARGE,
            )
        )
    if doc.tax is not None and doc.tax > 0:
        findings.append(
            Finding("KR-AMEND-NEGATIVE", f"amendment reason {reason} cannot carry a positive tax ({doc.tax})", P_TAX)
        )
    findings.extend(
        Finding(
            "KR-AMEND-NEGATIVE",
            f"amendment reason {reason} cannot have a positive line ({line.amount})",
            f"{line.path}/InvoiceAmount",
        )
        for line in doc.lines
        if line.amount is not None and line.amount > 0
    )
    return findings


def rule_amendment_zero_rated(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-AMEND-ZERO-RATED] 05 내국신용장 사후개설: a tax invoice, zero-rated unless it cancels the original."""
    if _amendment(doc) != "05":
        return []
    type_code = doc.type_code or ""
    if type_code[:2] not in TAX_INVOICE_KINDS:
        return [
            Finding(
                "KR-AMEND-ZERO-RATED", "a local letter of credit (05) amends a tax invoice, not a 계산서", P_TYPE_CODE
            )
        ]
    cancelling = doc.charge is not None and doc.charge < 0
    if cancelling or type_code[2:] in ZERO_RATED:
        return []
    return [
        Finding(
            "KR-AMEND-ZERO-RATED",
            f"amendment reason 05 re-issues the supply zero-rated (xx02 or xx05), not as {type_code}",
            P_TYPE_CODE,
        )
    ]


def rule_amendment_dates(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-AMEND-DATE-AFTER] 02, 03, 04 are dated on or after the original; [KR-AMEND-DATE-ORIGINAL] 01, 05, 06 carry
    the original's date of issue, so not after the original's approval date."""
    reason = _amendment(doc)
    issued, original = _yyyymmdd(doc.issue_date), _original_date(doc)
    if reason is None or issued is None or original is None:
        return []
    if reason in LATER_DATE_AMENDMENTS and issued < original:
        return [
            Finding(
                "KR-AMEND-DATE-AFTER",
                f"amendment reason {reason} is dated {issued}, before the original ({original})",
                P_ISSUE_DATE,
            )
        ]
    if reason in ORIGINAL_DATE_AMENDMENTS and issued > original:
        return [
            Finding(
                "KR-AMEND-DATE-ORIGINAL",
                f"amendment reason {reason} carries the original's date of issue, but "
                f"{issued} is after the original was approved ({original})",
                P_ISSUE_DATE,
            )
        ]
    return []


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


# --- canonical model -------------------------------------------------------------------------------------------


def _vat_category(doc: KecDocument) -> tuple[str | None, Decimal | None]:
    """EN 16931-style category: S (standard, 10 %), Z (zero-rated), E (exempt); unknown types have none."""
    type_code = _known_type(doc.type_code)
    if type_code is None:
        return None, None
    if type_code[:2] not in TAX_INVOICE_KINDS:
        return "E", Decimal(0)
    return ("S", Decimal(10)) if _standard_rated(type_code) else ("Z", Decimal(0))


def to_invoice(doc: KecDocument) -> Invoice:
    """The canonical invoice: net total = 공급가액, tax total = 세액 (0 on a 계산서 without one), grand = 합계."""
    category, rate = _vat_category(doc)
    tax = doc.tax if doc.tax is not None or _is_tax_invoice(doc) else Decimal(0)
    lines = [
        InvoiceLine(
            line_id=line.sequence or str(index),
            name=line.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            net_amount=line.amount,
            tax_amount=line.tax,
            vat_category=category,
            vat_rate=rate,
        )
        for index, line in enumerate(doc.lines, 1)
    ]
    return Invoice(
        format="kec",
        document_type=doc.type_code or "",
        invoice_id=doc.issue_id or "",
        issue_date=_yyyymmdd(doc.issue_date),
        currency="KRW",
        supplier=Party(
            legal_id=compact_brn(doc.supplier_id) if doc.supplier_id else None,
            name=doc.supplier_name or None,
            country="KR",
        ),
        buyer=Party(
            legal_id=compact_brn(doc.buyer_id) if doc.buyer_id else None, name=doc.buyer_name or None, country="KR"
        ),
        lines=lines,
        net_total=doc.charge,
        tax_total=tax,
        grand_total=doc.grand,
        payable_amount=doc.grand,
        vat_breakdown=[VatBreakdown(category, rate, doc.charge, tax)] if category else [],
    )


def validate_kec(root: etree._Element, today: date) -> tuple[Invoice, list[Finding]]:
    """Read a KEC ``TaxInvoice`` root and run every Korean rule against ``today``."""
    doc = read_kec(root)
    return to_invoice(doc), check_kec(doc, today)
