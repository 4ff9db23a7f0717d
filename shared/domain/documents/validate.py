"""One entry point for every e-invoice format: size limit, hardened parse, format parser, every rule.

``validate_document`` refuses (raises :class:`DocumentRefused`) only what cannot be read as an invoice of the
named format: too large, not XML, hostile XML, the wrong root element. Everything else comes back as a
:class:`ValidationResult` with every failing finding, never only the first. Format modules are imported on first
use so that importing :mod:`shared.domain.documents` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from shared.domain.documents.model import DocumentRefused, ValidationResult

if TYPE_CHECKING:
    from lxml.etree import _Element

    from shared.domain.documents.facts import En16931Document
    from shared.domain.documents.model import Invoice

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
FORMATS = ("kec", "ubl", "cii")

_SEOUL = ZoneInfo("Asia/Seoul")
# Root element per format, spelled out here so that the format modules (and lxml) load only when first used.
_ROOTS = {
    "kec": "{urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0}TaxInvoice",
    "ubl": (
        "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice",
        "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote",
    ),
    "cii": "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice",
}
_EXPECTED = {
    "kec": "a KEC TaxInvoice",
    "ubl": "a UBL 2.1 Invoice or CreditNote",
    "cii": "a UN/CEFACT CrossIndustryInvoice",
}


def seoul_today() -> date:
    """Today's date in Korea (Asia/Seoul), whatever the host's time zone."""
    return datetime.now(_SEOUL).date()


def _validate_kec(root: _Element, today: date) -> ValidationResult:
    from shared.domain.documents import kec

    invoice, findings = kec.validate_kec(root, today)
    return ValidationResult(invoice, findings)


def _en16931(invoice: Invoice, facts: En16931Document, today: date) -> ValidationResult:
    """Every EN 16931 rule, then the platform's date rules (KR-DATE-FUTURE, KR-DATE-RANGE) on the issue date."""
    from shared.domain.documents import en16931
    from shared.domain.documents.dates import issue_date_findings
    from shared.domain.documents.facts import path_of

    findings = en16931.check(facts)
    findings += issue_date_findings(invoice.issue_date, today, lambda: path_of(facts.issue_date_el))
    return ValidationResult(invoice, findings)


def _validate_ubl(root: _Element, today: date) -> ValidationResult:
    from shared.domain.documents import ubl

    return _en16931(*ubl.parse_ubl(root), today)


def _validate_cii(root: _Element, today: date) -> ValidationResult:
    from shared.domain.documents import cii

    return _en16931(*cii.parse_cii(root), today)


_VALIDATORS: dict[str, Callable[[_Element, date], ValidationResult]] = {
    "kec": _validate_kec,
    "ubl": _validate_ubl,
    "cii": _validate_cii,
}


def validate_document(fmt: str, content: bytes, *, today: date | None = None) -> ValidationResult:
    """Parse ``content`` as ``fmt`` ("kec", "ubl" or "cii") and run every rule of that format.

    Raises :class:`DocumentRefused` with ``TOO_LARGE`` (over :data:`MAX_DOCUMENT_BYTES`, checked before parsing),
    ``FORBIDDEN_CONTENT`` (DOCTYPE, entities, XInclude) or ``MALFORMED`` (unknown format, not XML, wrong root).
    ``today`` (for the "not in the future" rule KR-DATE-FUTURE, on every format) defaults to the current date in
    Asia/Seoul.
    """
    validator = _VALIDATORS.get(fmt)
    if validator is None:
        raise DocumentRefused("MALFORMED", f"unknown document format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not isinstance(content, bytes | bytearray | memoryview):
        raise DocumentRefused("MALFORMED", "the document must be bytes")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("TOO_LARGE", f"the document is larger than {MAX_DOCUMENT_BYTES} bytes")
    from shared.domain.documents.xml import parse_xml

    root = parse_xml(bytes(content))
    expected = _ROOTS[fmt]
    if root.tag not in (expected if isinstance(expected, tuple) else (expected,)):
        raise DocumentRefused("MALFORMED", f"the root element is {root.tag!r}, not {_EXPECTED[fmt]}")
    return validator(root, today or seoul_today())
