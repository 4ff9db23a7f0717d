"""The CII line items (BG-25): line id, product (BG-31), line agreement (prices, BG-29), delivery (quantity) and
line settlement (VAT category BG-30, period, allowances and charges, net amount)."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.cii.names import (
    ADDITIONAL_DOCUMENT,
    ALLOWANCE_CHARGE,
    APPLICABLE_TRADE_TAX,
    CATEGORY_CODE,
    CHARGE_AMOUNT,
    GLOBAL_ID,
    ID,
    LINE_ONCE,
    NAME,
    PERIOD,
    RATE,
    ram,
)
from shared.domain.documents.cii.reader import CiiReader, child_text, ident
from shared.domain.documents.facts import Ident, ItemAttribute, Line
from shared.domain.documents.xml import text_of


def read_line(reader: CiiReader, element: etree._Element) -> Line:
    doc = reader.doc
    line = Line(element)
    seen: set[str] = set()
    for child in element:
        tag = child.tag
        if tag in LINE_ONCE:
            reader.once(seen, child)
        if tag == ram("AssociatedDocumentLineDocument"):
            line.id = child_text(child, ram("LineID"))
        elif tag == ram("SpecifiedTradeProduct"):
            _read_product(child, line)
        elif tag == ram("SpecifiedLineTradeAgreement"):
            _read_line_agreement(reader, child, line)
        elif tag == ram("SpecifiedLineTradeDelivery"):
            quantity = child.find(ram("BilledQuantity"))
            if quantity is not None:
                line.has_quantity = True
                line.quantity = reader.decimal(quantity)
                line.unit_code = quantity.get("unitCode")
                if line.unit_code is not None:
                    doc.unit_codes.append(Ident(line.unit_code, None, quantity))
        elif tag == ram("SpecifiedLineTradeSettlement"):
            _read_line_settlement(reader, child, line)
    return line


def _read_product(element: etree._Element, line: Line) -> None:
    line.has_item = True
    for child in element:
        tag = child.tag
        if tag == NAME:
            line.item_name = text_of(child)
        elif tag == GLOBAL_ID:
            line.standard_ids.append(ident(child))
        elif tag == ram("DesignatedProductClassification"):
            code = child.find(ram("ClassCode"))
            if code is not None:
                line.classifications.append(ident(code, "listID"))
        elif tag == ram("OriginTradeCountry"):
            code = child.find(ID)
            if code is not None:
                line.origin_country = Ident(text_of(code), None, code)
        elif tag == ram("ApplicableProductCharacteristic"):
            line.attributes.append(
                ItemAttribute(child, child_text(child, ram("Description")), child_text(child, ram("Value")))
            )


def _read_line_agreement(reader: CiiReader, element: etree._Element, line: Line) -> None:
    doc = reader.doc
    for child in element:
        tag = child.tag
        if tag == ram("NetPriceProductTradePrice"):
            price = child.find(CHARGE_AMOUNT)
            if price is not None:
                line.has_price = True
                line.price = reader.decimal(price)
        elif tag == ram("GrossPriceProductTradePrice"):
            price = child.find(CHARGE_AMOUNT)
            if price is not None:
                line.gross_prices.append(reader.decimal(price))
        else:
            continue
        basis = child.find(ram("BasisQuantity"))
        if basis is not None:
            unit = basis.get("unitCode")
            if unit is not None:
                doc.unit_codes.append(Ident(unit, None, basis))


def _read_line_settlement(reader: CiiReader, element: etree._Element, line: Line) -> None:
    for child in element:
        tag = child.tag
        if tag == APPLICABLE_TRADE_TAX and not line.has_category:
            line.has_category = True
            code = child.find(CATEGORY_CODE)
            line.category = text_of(code) or None
            if line.category and code is not None:
                reader.doc.line_category_codes.append(Ident(line.category, None, code))
            line.rate = reader.decimal(child.find(RATE))
        elif tag == PERIOD:
            line.period = reader.period(child)
        elif tag == ALLOWANCE_CHARGE:
            item = reader.allowance_charge(child)
            target = line.charges if item.charge else line.allowances if item.charge is False else None
            (target if target is not None else line.other_allowance_charges).append(item)
        elif tag == ram("SpecifiedTradeSettlementLineMonetarySummation"):
            total = child.find(ram("LineTotalAmount"))
            if total is not None:
                line.has_net = True
                line.net = reader.amount(total)
        elif tag == ADDITIONAL_DOCUMENT:
            reader.document_reference(child, None)
