"""The UBL invoice or credit note lines (BG-25): quantity, net amount, period, allowances and charges, the item
(BG-31, with its VAT category, BG-30) and the price details (BG-29)."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.facts import Ident, ItemAttribute, Line, Period
from shared.domain.documents.ubl.names import (
    ADDITIONAL_PROPERTY,
    ALLOWANCE_CHARGE,
    AMOUNT,
    BASE_AMOUNT,
    BASE_QUANTITY,
    CLASSIFIED_TAX_CATEGORY,
    COMMODITY_CLASSIFICATION,
    DOCUMENT_REFERENCE,
    DOCUMENT_TYPE_CODE,
    END_DATE,
    ID,
    IDENTIFICATION_CODE,
    INVOICE_PERIOD,
    ITEM,
    ITEM_CLASSIFICATION,
    LINE_EXTENSION,
    NAME,
    ORIGIN_COUNTRY,
    PERCENT,
    PRICE,
    PRICE_AMOUNT,
    STANDARD_ITEM_ID,
    START_DATE,
    TAX_SCHEME,
    VALUE,
    XSD,
)
from shared.domain.documents.ubl.reader import UblReader, child_text, file_allowance_charge, ident
from shared.domain.documents.xml import text_of


def read_line(reader: UblReader, element: etree._Element) -> Line:
    doc, kind = reader.doc, reader.kind
    line = Line(element)
    duplicate = reader.duplicate
    has_price = False
    for child in element:
        tag = child.tag
        if tag == ID:
            if line.id is not None:
                duplicate(child, XSD)
            line.id = text_of(child)
        elif tag == kind.quantity:
            if line.has_quantity:
                duplicate(child, XSD)
            line.has_quantity = True
            line.quantity = reader.decimal(child)
            unit = child.get("unitCode")
            line.unit_code = unit
            if unit is not None:
                doc.unit_codes.append(Ident(unit, None, child))
        elif tag == LINE_EXTENSION:
            if line.has_net:
                duplicate(child, XSD)
            line.has_net = True
            line.net = reader.amount(child)
        elif tag == INVOICE_PERIOD:
            period = Period(child, child_text(child, START_DATE), child_text(child, END_DATE))
            line.period = period
        elif tag == ALLOWANCE_CHARGE:
            item = reader.allowance_charge(child)
            file_allowance_charge(item, line.charges, line.allowances, line.other_allowance_charges)
        elif tag == ITEM:
            if line.has_item:
                duplicate(child, XSD)
            _read_item(reader, child, line)
        elif tag == PRICE:
            if has_price:
                duplicate(child, XSD)
            has_price = True
            _read_price(reader, child, line)
        elif tag == DOCUMENT_REFERENCE:
            identifier = child.find(ID)
            if identifier is not None:
                scheme = identifier.get("schemeID")
                if scheme is not None and child_text(child, DOCUMENT_TYPE_CODE) == "130":
                    doc.object_ids.append(Ident(scheme, None, identifier))
    return line


def _read_item(reader: UblReader, element: etree._Element, line: Line) -> None:
    line.has_item = True
    for child in element:
        tag = child.tag
        if tag == NAME:
            if line.item_name is not None:
                reader.duplicate(child, XSD)
            line.item_name = text_of(child)
        elif tag == STANDARD_ITEM_ID:
            identifier = child.find(ID)
            if identifier is not None:
                line.standard_ids.append(ident(identifier))
        elif tag == COMMODITY_CLASSIFICATION:
            code = child.find(ITEM_CLASSIFICATION)
            if code is not None:
                line.classifications.append(ident(code, "listID"))
        elif tag == ORIGIN_COUNTRY:
            code = child.find(IDENTIFICATION_CODE)
            if code is not None:
                line.origin_country = Ident(text_of(code), None, code)
        elif tag == CLASSIFIED_TAX_CATEGORY:
            category = child.find(ID)
            if category is not None:
                reader.doc.line_category_codes.append(Ident(text_of(category), None, category))
            scheme = text_of(child.find(f"{TAX_SCHEME}/{ID}"))
            vat = scheme is not None and scheme.upper() == "VAT"
            if line.has_category and not vat:
                continue
            if vat or scheme is None:
                line.has_category = vat or line.has_category
                line.category = child_text(child, ID) or None
                line.rate = reader.decimal(child.find(PERCENT))
        elif tag == ADDITIONAL_PROPERTY:
            line.attributes.append(ItemAttribute(child, child_text(child, NAME), child_text(child, VALUE)))


def _read_price(reader: UblReader, element: etree._Element, line: Line) -> None:
    for child in element:
        tag = child.tag
        if tag == PRICE_AMOUNT:
            if line.has_price:
                reader.duplicate(child, XSD)
            line.has_price = True
            line.price = reader.amount(child, plain=False)
        elif tag == ALLOWANCE_CHARGE:
            base = child.find(BASE_AMOUNT)
            if base is not None:
                line.gross_prices.append(reader.amount(base, plain=False))
            discount = child.find(AMOUNT)
            if discount is not None:
                reader.amount(discount, plain=False)
        elif tag == BASE_QUANTITY:
            unit = child.get("unitCode")
            if unit is not None:
                reader.doc.unit_codes.append(Ident(unit, None, child))
