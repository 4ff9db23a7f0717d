"""EN 16931 core rules on the Invoice lines (BG-25): their mandatory terms (BR-21..BR-26), prices that are not
negative (BR-27, BR-28), the line period (BR-30), the item attributes (BG-32: BR-54) and the scheme of the item's
standard and classification identifiers (BR-64, BR-65)."""

from __future__ import annotations

from shared.domain.documents.facts import En16931Document
from shared.domain.documents.rules import Hit, blank, hit, rule
from shared.domain.documents.rules.core_document import ends_before_start


@rule("BR-21", "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).")
def br_21(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-126") for line in doc.lines if blank(line.id)]


@rule("BR-22", "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).")
def br_22(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-129") for line in doc.lines if not line.has_quantity]


@rule("BR-23", "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).")
def br_23(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-129") for line in doc.lines if blank(line.unit_code)]


@rule("BR-24", "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).")
def br_24(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-131") for line in doc.lines if not line.has_net]


@rule("BR-25", "Each Invoice line (BG-25) shall contain the Item name (BT-153).")
def br_25(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-153") for line in doc.lines if blank(line.item_name)]


@rule("BR-26", "Each Invoice line (BG-25) shall contain the Item net price (BT-146).")
def br_26(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-146") for line in doc.lines if not line.has_price]


@rule("BR-27", "The Item net price (BT-146) shall NOT be negative.")
def br_27(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-146", f"{line.price}") for line in doc.lines if line.price is not None and line.price < 0]


@rule("BR-28", "The Item gross price (BT-148) shall NOT be negative.")
def br_28(doc: En16931Document) -> list[Hit]:
    return [
        hit(line.el, "BT-148", f"{price}")
        for line in doc.lines
        for price in line.gross_prices
        if price is not None and price < 0
    ]


@rule(
    "BR-30",
    "If both Invoice line period start date (BT-134) and end date (BT-135) are given, the end date shall "
    "be later or equal to the start date.",
)
def br_30(doc: En16931Document) -> list[Hit]:
    return [
        hit(line.period.el, "BT-74", f"{line.period.end} is before {line.period.start}")
        for line in doc.lines
        if line.period is not None and ends_before_start(line.period.start, line.period.end)
    ]


@rule(
    "BR-54",
    "Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).",
)
def br_54(doc: En16931Document) -> list[Hit]:
    return [
        hit(attribute.el)
        for line in doc.lines
        for attribute in line.attributes
        if attribute.name is None or attribute.value is None
    ]


@rule("BR-64", "The Item standard identifier (BT-157) shall have a Scheme identifier.")
def br_64(doc: En16931Document) -> list[Hit]:
    return [hit(i.el, None, "no scheme identifier") for line in doc.lines for i in line.standard_ids if blank(i.scheme)]


@rule("BR-65", "The Item classification identifier (BT-158) shall have a Scheme identifier.")
def br_65(doc: En16931Document) -> list[Hit]:
    return [
        hit(i.el, None, "no scheme identifier") for line in doc.lines for i in line.classifications if blank(i.scheme)
    ]
