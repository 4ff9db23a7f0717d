"""The VAT category rules only some families have, on top of the ten of :mod:`.vat`: an intra-community supply
(category 'K') names its delivery date or invoicing period and its deliver-to country (BR-IC-11, BR-IC-12); an Invoice
with a breakdown not subject to VAT (category 'O') has nothing of any other category (BR-O-11..BR-O-14)."""

from __future__ import annotations

from shared.domain.documents.facts import En16931Document
from shared.domain.documents.rules import Hit, hit, rule
from shared.domain.documents.rules.vat import breakdowns


@rule(
    "BR-IC-11",
    "In an Invoice with a VAT breakdown of VAT category 'K' (Intra-community supply) the Actual "
    "delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.",
    needs="cat:K",
)
def br_ic_11(doc: En16931Document) -> list[Hit] | None:
    if not breakdowns(doc, "K"):
        return None
    delivered = doc.delivery is not None and bool(doc.delivery.date)
    period = doc.period is not None and (doc.period.start or doc.period.end or doc.period.has_code)
    return None if delivered or period else [hit(doc.root, "BT-72")]


@rule(
    "BR-IC-12",
    "In an Invoice with a VAT breakdown of VAT category 'K' (Intra-community supply) the Deliver to "
    "country code (BT-80) shall not be blank.",
    needs="cat:K",
)
def br_ic_12(doc: En16931Document) -> list[Hit] | None:
    if not breakdowns(doc, "K"):
        return None
    address = doc.delivery.address if doc.delivery is not None else None
    return None if address is not None and address.country else [hit(doc.root, "BG-13")]


@rule(
    "BR-O-11",
    "An Invoice with a VAT breakdown of VAT category 'O' (Not subject to VAT) shall not contain other "
    "VAT breakdown groups (BG-23).",
    needs="cat:O",
)
def br_o_11(doc: En16931Document) -> list[Hit] | None:
    if not breakdowns(doc, "O"):
        return None
    return [hit(b.el, "BT-118", f"category {b.category}") for b in doc.vat_breakdown if b.category != "O"]


@rule(
    "BR-O-12",
    "An Invoice with a VAT breakdown of VAT category 'O' shall not contain an Invoice line whose "
    "Invoiced item VAT category code (BT-151) is not 'O'.",
    needs="cat:O",
)
def br_o_12(doc: En16931Document) -> list[Hit] | None:
    if not breakdowns(doc, "O"):
        return None
    return [
        hit(line.el, "BT-151", f"category {line.category}")
        for line in doc.lines
        if line.category is not None and line.category != "O"
    ]


@rule(
    "BR-O-13",
    "An Invoice with a VAT breakdown of VAT category 'O' shall not contain Document level allowances "
    "whose VAT category code (BT-95) is not 'O'.",
    needs="cat:O",
)
def br_o_13(doc: En16931Document) -> list[Hit] | None:
    if not breakdowns(doc, "O"):
        return None
    return [
        hit(a.el, "BT-95", f"category {a.category}")
        for a in doc.allowances
        if a.category is not None and a.category != "O"
    ]


@rule(
    "BR-O-14",
    "An Invoice with a VAT breakdown of VAT category 'O' shall not contain Document level charges whose "
    "VAT category code (BT-102) is not 'O'.",
    needs="cat:O",
)
def br_o_14(doc: En16931Document) -> list[Hit] | None:
    if not breakdowns(doc, "O"):
        return None
    return [
        hit(c.el, "BT-102", f"category {c.category}")
        for c in doc.charges
        if c.category is not None and c.category != "O"
    ]
