"""The KEC codes and dates: type code (document kind + taxation kind), purpose and amendment reason codes, the
approval number's format, and yyyyMMdd dates (see the package docstring for what each code means)."""

from __future__ import annotations

import re
from datetime import date

from shared.domain.documents.kec.model import KecDocument

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

ISSUE_ID = re.compile(r"[0-9]{24}")
_YYYYMMDD = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def yyyymmdd(text: str | None) -> date | None:
    """A real calendar date written yyyyMMdd, else ``None``."""
    match = _YYYYMMDD.fullmatch(text or "")
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def known_type(type_code: str | None) -> str | None:
    """``type_code`` when it is one of the documented codes, else ``None``."""
    if type_code and len(type_code) == 4 and type_code[2:] in TAXATION.get(type_code[:2], ()):
        return type_code
    return None


def is_tax_invoice(doc: KecDocument) -> bool:
    """A tax invoice (01xx, 02xx), as opposed to a VAT-exempt invoice; unknown types count as tax invoices."""
    type_code = known_type(doc.type_code)
    return type_code is None or type_code[:2] in TAX_INVOICE_KINDS


def standard_rated(type_code: str) -> bool:
    return type_code[:2] in TAX_INVOICE_KINDS and type_code[2:] in STANDARD_RATED


def amendment_reason(doc: KecDocument) -> str | None:
    """The amendment reason of an amended invoice (02xx, 04xx) with a known reason, else ``None``."""
    type_code = known_type(doc.type_code)
    if type_code is None or type_code[:2] not in AMENDED_KINDS or doc.amendment not in AMENDMENT_CODES:
        return None
    return doc.amendment


def original_date(doc: KecDocument) -> date | None:
    original = doc.original_issue_id
    return yyyymmdd(original[:8]) if original and ISSUE_ID.fullmatch(original) else None
