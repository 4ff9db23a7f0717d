"""EN 16931 core rules on the amounts around the lines: the document and line level allowances and charges
(BG-20, BG-21, BG-27, BG-28: amount, VAT category, reason; BR-31..BR-44), the VAT breakdown's mandatory terms
(BG-23: BR-45..BR-48) and the payment instructions (BG-16: BR-49..BR-51, BR-61)."""

from __future__ import annotations

from collections.abc import Iterable

from shared.domain.documents.facts import AllowanceCharge, En16931Document
from shared.domain.documents.rules import Hit, blank, hit, rule

CREDIT_TRANSFER = frozenset({"30", "58"})  # UNTDID 4461: credit transfer, SEPA credit transfer


def _amounts(items: Iterable[AllowanceCharge], term: str) -> list[Hit]:
    return [hit(item.el, term) for item in items if not item.has_amount]


def _categories(items: Iterable[AllowanceCharge], term: str) -> list[Hit]:
    return [hit(item.el, term) for item in items if blank(item.category)]


def _reasons(items: Iterable[AllowanceCharge], term: str) -> list[Hit]:
    return [hit(item.el, term) for item in items if item.reason is None and item.reason_code is None]


@rule("BR-31", "Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).")
def br_31(doc: En16931Document) -> list[Hit]:
    return _amounts(doc.allowances, "BT-92")


@rule("BR-32", "Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).")
def br_32(doc: En16931Document) -> list[Hit]:
    return _categories(doc.allowances, "BT-95")


@rule(
    "BR-33",
    "Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a "
    "Document level allowance reason code (BT-98).",
)
def br_33(doc: En16931Document) -> list[Hit]:
    return _reasons(doc.allowances, "BT-97")


@rule("BR-36", "Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).")
def br_36(doc: En16931Document) -> list[Hit]:
    return _amounts(doc.charges, "BT-92")


@rule("BR-37", "Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).")
def br_37(doc: En16931Document) -> list[Hit]:
    return _categories(doc.charges, "BT-95")


@rule(
    "BR-38",
    "Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document "
    "level charge reason code (BT-105).",
)
def br_38(doc: En16931Document) -> list[Hit]:
    return _reasons(doc.charges, "BT-97")


@rule("BR-41", "Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).")
def br_41(doc: En16931Document) -> list[Hit]:
    return [h for line in doc.lines for h in _amounts(line.allowances, "BT-92")]


@rule(
    "BR-42",
    "Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an "
    "Invoice line allowance reason code (BT-140).",
)
def br_42(doc: En16931Document) -> list[Hit]:
    return [h for line in doc.lines for h in _reasons(line.allowances, "BT-97")]


@rule("BR-43", "Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).")
def br_43(doc: En16931Document) -> list[Hit]:
    return [h for line in doc.lines for h in _amounts(line.charges, "BT-92")]


@rule(
    "BR-44",
    "Each Invoice line charge (BG-28) shall have an Invoice line charge reason (BT-144) or an Invoice "
    "line charge reason code (BT-145).",
)
def br_44(doc: En16931Document) -> list[Hit]:
    return [h for line in doc.lines for h in _reasons(line.charges, "BT-97")]


@rule("BR-45", "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).")
def br_45(doc: En16931Document) -> list[Hit]:
    return [hit(b.el, "BT-116") for b in doc.vat_breakdown if not b.has_taxable]


@rule("BR-46", "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).")
def br_46(doc: En16931Document) -> list[Hit]:
    return [hit(b.el, "BT-117") for b in doc.vat_breakdown if not b.has_tax]


@rule("BR-47", "Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).")
def br_47(doc: En16931Document) -> list[Hit]:
    return [hit(b.el, "BT-118") for b in doc.vat_breakdown if blank(b.category)]


@rule(
    "BR-48",
    "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.",
)
def br_48(doc: En16931Document) -> list[Hit]:
    return [hit(b.el, "BT-119") for b in doc.vat_breakdown if b.rate is None and b.category != "O"]


@rule("BR-49", "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).", needs="payment")
def br_49(doc: En16931Document) -> list[Hit]:
    return [hit(means.el, "BT-81") for means in doc.payment_means if blank(means.code)]


@rule(
    "BR-50",
    "A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is "
    "provided in the Invoice.",
    needs="payment",
)
def br_50(doc: En16931Document) -> list[Hit]:
    return [
        hit(account.el, "BT-84")
        for means in doc.payment_means
        if means.code in CREDIT_TRANSFER
        for account in means.accounts
        if blank(account.id)
    ]


@rule(
    "BR-51",
    "The last 4 to 6 digits of the Payment card primary account number (BT-87) shall be present if "
    "Payment card information (BG-18) is provided in the Invoice; never the full number.",
    severity="warning",
    needs="payment",
)
def br_51(doc: En16931Document) -> list[Hit]:
    return [
        hit(card.el, None, f"{len(card.value or '')} digits")
        for means in doc.payment_means
        for card in means.card_numbers
        if not 4 <= len(card.value or "") <= 6
    ]


@rule(
    "BR-61",
    "If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or "
    "Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.",
    needs="payment",
)
def br_61(doc: En16931Document) -> list[Hit]:
    return [
        hit(means.el, "BG-17")
        for means in doc.payment_means
        if means.code in CREDIT_TRANSFER and not any(not blank(a.id) for a in means.accounts)
    ]
