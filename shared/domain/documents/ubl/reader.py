"""The UBL reader: the state of one document being read, and the groups every part of a UBL document shares.

:class:`UblReader` holds the fact reader (typed values, ``SYNTAX-*`` findings) and the facts being filled, and reads
what the header and the lines both carry: amounts, addresses, periods, allowances and charges. The header, totals
and line modules read their regions with it.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from shared.domain.documents.facts import (
    Address,
    AllowanceCharge,
    En16931Document,
    FactReader,
    Ident,
    Period,
    fraction_digits,
    path_of,
)
from shared.domain.documents.ubl.names import (
    ALLOWANCE_ONCE,
    AMOUNT,
    BASE_AMOUNT,
    BOOLEAN,
    CHARGE_INDICATOR,
    COUNTRY,
    DATE,
    DESCRIPTION_CODE,
    END_DATE,
    ID,
    IDENTIFICATION_CODE,
    MULTIPLIER,
    PERCENT,
    REASON,
    REASON_CODE,
    START_DATE,
    TAX_CATEGORY,
    XSD,
    Kind,
)
from shared.domain.documents.xml import text_of


def child_text(parent: etree._Element, tag: str) -> str | None:
    """The stripped text of ``parent``'s first ``tag`` child; ``None`` when there is none."""
    return text_of(parent.find(tag))


def ident(element: etree._Element, attribute: str = "schemeID") -> Ident:
    """An identifier and its scheme attribute."""
    return Ident(text_of(element), element.get(attribute), element)


def file_allowance_charge(
    item: AllowanceCharge,
    charges: list[AllowanceCharge],
    allowances: list[AllowanceCharge],
    other: list[AllowanceCharge],
) -> None:
    """Put an allowance or charge in its list by its charge indicator (neither when it is not a boolean)."""
    (charges if item.charge else allowances if item.charge is False else other).append(item)


class UblReader:
    """Reads one UBL document into the facts; holds the fact reader and the document being filled."""

    def __init__(self, root: etree._Element, kind: Kind) -> None:
        self.kind = kind
        self.reader = FactReader(DATE, "YYYY-MM-DD", path_of)
        self.decimal = self.reader.decimal
        self.duplicate = self.reader.duplicate
        self.doc = En16931Document(syntax="ubl", root=root, credit_note=kind.credit_note, terms=kind.terms)

    def amount(self, element: etree._Element, plain: bool = True) -> Decimal | None:
        """An amount; its currencyID is kept (BR-CL-03) and, for a plain amount (not a price, where the standard
        allows more), more than two fraction digits too (UBL-DT-01)."""
        value = self.decimal(element)
        currency = element.get("currencyID")
        doc = self.doc
        if currency is not None:
            doc.currency_ids.append(Ident(currency, None, element))
        if plain and value is not None and fraction_digits(value) > 2:
            doc.precise_amounts.append(Ident(text_of(element), None, element))
        return value

    def single(self, parent: etree._Element, tag: str) -> etree._Element | None:
        """The first ``tag`` child of ``parent``; any further one is a duplicate."""
        first = None
        for each in parent.iterchildren(tag):
            if first is None:
                first = each
            else:
                self.duplicate(each, XSD)
        return first

    # --- groups shared by the header and the lines ---------------------------------------------------------------

    def address(self, element: etree._Element | None) -> Address | None:
        if element is None:
            return None
        code = element.find(f"{COUNTRY}/{IDENTIFICATION_CODE}")
        country = text_of(code)
        if code is not None:
            self.doc.country_codes.append(Ident(country, None, code))
        return Address(element, country)

    def allowance_charge(self, element: etree._Element) -> AllowanceCharge:
        item = AllowanceCharge(element)
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in ALLOWANCE_ONCE:
                if tag in seen:
                    self.duplicate(child, XSD)
                seen.add(tag)
            if tag == CHARGE_INDICATOR:
                item.charge = BOOLEAN.get(text_of(child) or "")
            elif tag == AMOUNT:
                item.has_amount = True
                item.amount = self.amount(child)
            elif tag == BASE_AMOUNT:
                item.base = self.amount(child)
            elif tag == MULTIPLIER:
                item.percent = self.decimal(child)
            elif tag == REASON:
                item.reason = text_of(child)
            elif tag == REASON_CODE:
                item.reason_code = text_of(child)
            elif tag == TAX_CATEGORY and not item.has_category:
                item.has_category = True
                item.category = child_text(child, ID) or None
                item.rate = self.decimal(child.find(PERCENT))
        return item

    def period(self, element: etree._Element) -> Period:
        period = Period(element)
        for child in element:
            tag = child.tag
            if tag == START_DATE:
                period.start = text_of(child)
            elif tag == END_DATE:
                period.end = text_of(child)
            elif tag == DESCRIPTION_CODE:
                period.has_code = True
                self.doc.period_codes.append(ident(child))
        return period
