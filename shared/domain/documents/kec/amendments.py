"""The Korean rules on amended invoices (수정세금계산서, 수정계산서): KR-AMENDMENT-CODE, KR-AMENDMENT-ORIGINAL,
KR-AMEND-NEGATIVE, KR-AMEND-ZERO-RATED, KR-AMEND-DATE-AFTER and KR-AMEND-DATE-ORIGINAL (the reasons and their sign
and date rules are in the package docstring)."""

from __future__ import annotations

from datetime import date

from shared.domain.documents.kec.codes import (
    AMENDED_KINDS,
    AMENDMENT_CODES,
    ISSUE_ID,
    LATER_DATE_AMENDMENTS,
    NEGATIVE_AMENDMENTS,
    ORIGINAL_DATE_AMENDMENTS,
    TAX_INVOICE_KINDS,
    ZERO_RATED,
    amendment_reason,
    known_type,
    original_date,
    yyyymmdd,
)
from shared.domain.documents.kec.model import (
    P_AMENDMENT,
    P_CHARGE,
    P_ISSUE_DATE,
    P_ORIGINAL,
    P_TAX,
    P_TYPE_CODE,
    KecDocument,
)
from shared.domain.documents.model import Finding


def rule_amendment(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-AMENDMENT-CODE], [KR-AMENDMENT-ORIGINAL] An amended invoice names its reason and the original."""
    type_code = known_type(doc.type_code)
    amended = type_code is not None and type_code[:2] in AMENDED_KINDS
    findings = []
    if doc.amendment and doc.amendment not in AMENDMENT_CODES:
        findings.append(
            Finding("KR-AMENDMENT-CODE", f"{doc.amendment!r} is not an amendment reason 01..06", P_AMENDMENT)
        )
    elif amended and not doc.amendment:
        findings.append(Finding("KR-AMENDMENT-CODE", "an amended invoice needs its amendment reason", P_AMENDMENT))
    original = doc.original_issue_id
    if amended and not (original and ISSUE_ID.fullmatch(original) and yyyymmdd(original[:8])):
        what = "is missing" if not original else "is not 24 digits starting with a date"
        findings.append(Finding("KR-AMENDMENT-ORIGINAL", f"the original approval number {what}", P_ORIGINAL))
    return findings


def rule_amendment_sign(doc: KecDocument, today: date) -> list[Finding]:
    """[KR-AMEND-NEGATIVE] 03 환입, 04 계약의 해제, 06 이중발급 take away: negative supply value, tax, lines."""
    reason = amendment_reason(doc)
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
    if amendment_reason(doc) != "05":
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
    reason = amendment_reason(doc)
    issued, original = yyyymmdd(doc.issue_date), original_date(doc)
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
