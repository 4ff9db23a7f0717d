"""The CII reader: the state of one document being read, and the groups every part of a CII document shares.

:class:`CiiReader` holds the fact reader (typed values, ``SYNTAX-*`` findings) and the facts being filled, and reads
what the header and the lines both carry: amounts, addresses, periods, allowances and charges, referenced
documents. The agreement, settlement and line modules read their aggregates with it.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from shared.domain.documents.cii.names import (
    ACTUAL_AMOUNT,
    ATTACHMENT,
    BASIS_AMOUNT,
    BOOLEAN,
    CALCULATION_PERCENT,
    CATEGORY_CODE,
    CATEGORY_TRADE_TAX,
    CHARGE_INDICATOR,
    COUNTRY_ID,
    DATE_102,
    DATE_STRING,
    DATE_TIME_STRING,
    END,
    INDICATOR,
    ISSUER_ASSIGNED_ID,
    RATE,
    REASON,
    REASON_CODE,
    REFERENCE_TYPE_CODE,
    START,
    TERMS,
    TYPE_CODE,
    XSD,
)
from shared.domain.documents.facts import (
    Address,
    AllowanceCharge,
    Attachment,
    DocumentReference,
    En16931Document,
    FactReader,
    Ident,
    Period,
    fraction_digits,
    path_of,
)
from shared.domain.documents.xml import text_of


def child_text(parent: etree._Element | None, tag: str) -> str | None:
    """The stripped text of ``parent``'s first ``tag`` child; ``None`` when there is none (or no ``parent``)."""
    return text_of(parent.find(tag)) if parent is not None else None


def ident(element: etree._Element, attribute: str = "schemeID") -> Ident:
    """An identifier and its scheme attribute."""
    return Ident(text_of(element), element.get(attribute), element)


def date_string(element: etree._Element | None) -> tuple[str | None, etree._Element | None]:
    """The udt:DateTimeString (or udt:DateString) below ``element``, and that element."""
    if element is None:
        return None, None
    inner = element.find(DATE_TIME_STRING)
    if inner is None:
        inner = element.find(DATE_STRING)
    return text_of(inner), inner


class CiiReader:
    """Reads one CII document into the facts; holds the fact reader and the document being filled."""

    def __init__(self, root: etree._Element) -> None:
        self.reader = FactReader(DATE_102, "format 102, CCYYMMDD", path_of)
        self.decimal = self.reader.decimal
        self.duplicate = self.reader.duplicate
        self.doc = En16931Document(syntax="cii", root=root, terms=TERMS)

    def once(self, seen: set[str], child: etree._Element, allowed: str = XSD) -> None:
        """Note ``child``'s name in ``seen``; a duplicate finding when it was there already."""
        tag = child.tag
        if tag in seen:
            self.duplicate(child, allowed)
        seen.add(tag)

    def amount(self, element: etree._Element) -> Decimal | None:
        """An amount; more than two fraction digits is noted for the BR-DEC rules."""
        value = self.decimal(element)
        if value is not None and fraction_digits(value) > 2:
            self.doc.precise_amounts.append(Ident(text_of(element), None, element))
        return value

    # --- groups shared by the header and the lines ---------------------------------------------------------------

    def address(self, element: etree._Element | None) -> Address | None:
        if element is None:
            return None
        code = element.find(COUNTRY_ID)
        country = text_of(code)
        if code is not None:
            self.doc.country_codes.append(Ident(country, None, code))
        return Address(element, country)

    def allowance_charge(self, element: etree._Element) -> AllowanceCharge:
        item = AllowanceCharge(element)
        for child in element:
            tag = child.tag
            if tag == CHARGE_INDICATOR:
                item.charge = BOOLEAN.get(child_text(child, INDICATOR) or "")
            elif tag == ACTUAL_AMOUNT:
                item.has_amount = True
                item.amount = self.amount(child)
            elif tag == BASIS_AMOUNT:
                item.base = self.amount(child)
            elif tag == CALCULATION_PERCENT:
                item.percent = self.decimal(child)
            elif tag == REASON:
                item.reason = text_of(child)
            elif tag == REASON_CODE:
                item.reason_code = text_of(child)
            elif tag == CATEGORY_TRADE_TAX and not item.has_category:
                item.has_category = True
                item.category = child_text(child, CATEGORY_CODE) or None
                item.rate = self.decimal(child.find(RATE))
        return item

    def period(self, element: etree._Element) -> Period:
        start, _ = date_string(element.find(START))
        end, _ = date_string(element.find(END))
        return Period(element, start, end)

    def document_reference(self, element: etree._Element, into: list[DocumentReference] | None) -> None:
        reference = DocumentReference(element)
        scheme = None
        for child in element:
            tag = child.tag
            if tag == ISSUER_ASSIGNED_ID:
                reference.id = text_of(child)
            elif tag == TYPE_CODE:
                reference.type_code = text_of(child)
            elif tag == REFERENCE_TYPE_CODE:
                scheme = child
            elif tag == ATTACHMENT:
                reference.attachment = Attachment(child, child.get("mimeCode"), child.get("filename"))
        if reference.type_code == "130" and scheme is not None:
            reference.id_scheme = text_of(scheme)
            self.doc.object_ids.append(Ident(reference.id_scheme, None, scheme))
        if into is not None:
            into.append(reference)
