"""EN 16931 core rules BR-01..BR-65: mandatory business terms and groups, and a few value conditions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from shared.domain.documents.facts import AllowanceCharge, En16931Document, PartyFacts
from shared.domain.documents.rules import Hit, hit, rule

CREDIT_TRANSFER = frozenset({"30", "58"})


def _blank(value: str | None) -> bool:
    return value is None or value == ""


def _required(doc: En16931Document, value: str | None, term: str) -> list[Hit] | None:
    return [hit(doc.root, term)] if _blank(value) else None


@rule("BR-01", "An Invoice shall have a Specification identifier (BT-24).")
def br_01(doc: En16931Document) -> list[Hit] | None:
    return _required(doc, doc.specification_id, "BT-24")


@rule("BR-02", "An Invoice shall have an Invoice number (BT-1).")
def br_02(doc: En16931Document) -> list[Hit] | None:
    return _required(doc, doc.invoice_id, "BT-1")


@rule("BR-03", "An Invoice shall have an Invoice issue date (BT-2).")
def br_03(doc: En16931Document) -> list[Hit] | None:
    return _required(doc, doc.issue_date, "BT-2")


@rule("BR-04", "An Invoice shall have an Invoice type code (BT-3).")
def br_04(doc: En16931Document) -> list[Hit] | None:
    return _required(doc, doc.type_code, "BT-3")


@rule("BR-05", "An Invoice shall have an Invoice currency code (BT-5).")
def br_05(doc: En16931Document) -> list[Hit] | None:
    return _required(doc, doc.currency, "BT-5")


def _party_name(doc: En16931Document, party: PartyFacts | None, group: str, term: str) -> list[Hit] | None:
    if party is None:
        return [hit(doc.root, group)]
    return [hit(party.el, term)] if _blank(party.name) else None


@rule("BR-06", "An Invoice shall contain the Seller name (BT-27).")
def br_06(doc: En16931Document) -> list[Hit] | None:
    return _party_name(doc, doc.seller, "BG-4", "BT-27")


@rule("BR-07", "An Invoice shall contain the Buyer name (BT-44).")
def br_07(doc: En16931Document) -> list[Hit] | None:
    return _party_name(doc, doc.buyer, "BG-7", "BT-44")


def _address(doc: En16931Document, party: PartyFacts | None, group: str, address: str) -> list[Hit] | None:
    if party is None:
        return [hit(doc.root, group)]
    return [hit(party.el, address)] if party.address is None else None


def _country(party: PartyFacts | None, term: str) -> list[Hit] | None:
    address = party.address if party is not None else None
    if address is not None and _blank(address.country):
        return [hit(address.el, term)]
    return None


@rule("BR-08", "An Invoice shall contain the Seller postal address (BG-5).")
def br_08(doc: En16931Document) -> list[Hit] | None:
    return _address(doc, doc.seller, "BG-4", "BG-5")


@rule("BR-09", "The Seller postal address (BG-5) shall contain a Seller country code (BT-40).")
def br_09(doc: En16931Document) -> list[Hit] | None:
    return _country(doc.seller, "BT-40")


@rule("BR-10", "An Invoice shall contain the Buyer postal address (BG-8).")
def br_10(doc: En16931Document) -> list[Hit] | None:
    return _address(doc, doc.buyer, "BG-7", "BG-8")


@rule("BR-11", "The Buyer postal address (BG-8) shall contain a Buyer country code (BT-55).")
def br_11(doc: En16931Document) -> list[Hit] | None:
    return _country(doc.buyer, "BT-55")


def _total(doc: En16931Document, value: object, term: str) -> list[Hit] | None:
    if value is not None:
        return None
    totals = doc.totals.el
    return [hit(totals, term)] if totals is not None else [hit(doc.root, "BG-22", f"{term} is missing")]


@rule("BR-12", "An Invoice shall have the Sum of Invoice line net amount (BT-106).")
def br_12(doc: En16931Document) -> list[Hit] | None:
    return _total(doc, doc.totals.line_net, "BT-106")


@rule("BR-13", "An Invoice shall have the Invoice total amount without VAT (BT-109).")
def br_13(doc: En16931Document) -> list[Hit] | None:
    return _total(doc, doc.totals.without_vat, "BT-109")


@rule("BR-14", "An Invoice shall have the Invoice total amount with VAT (BT-112).")
def br_14(doc: En16931Document) -> list[Hit] | None:
    return _total(doc, doc.totals.with_vat, "BT-112")


@rule("BR-15", "An Invoice shall have the Amount due for payment (BT-115).")
def br_15(doc: En16931Document) -> list[Hit] | None:
    return _total(doc, doc.totals.payable, "BT-115")


@rule("BR-16", "An Invoice shall have at least one Invoice line (BG-25).")
def br_16(doc: En16931Document) -> list[Hit] | None:
    return None if doc.lines else [hit(doc.root, "BG-25")]


@rule(
    "BR-17",
    "The Payee name (BT-59) shall be provided if the Payee (BG-10) is different from the Seller.",
    needs="payee",
)
def br_17(doc: En16931Document) -> list[Hit] | None:
    payee = doc.payee
    return [hit(payee.el, "BT-59")] if payee is not None and _blank(payee.name) else None


@rule(
    "BR-18",
    "The Seller tax representative name (BT-62) shall be provided if the Seller has one (BG-11).",
    needs="taxrep",
)
def br_18(doc: En16931Document) -> list[Hit] | None:
    rep = doc.tax_representative
    return [hit(rep.el, "BT-62")] if rep is not None and _blank(rep.name) else None


@rule(
    "BR-19",
    "The Seller tax representative postal address (BG-12) shall be provided if the Seller has one.",
    needs="taxrep",
)
def br_19(doc: En16931Document) -> list[Hit] | None:
    rep = doc.tax_representative
    return [hit(rep.el, "BG-12")] if rep is not None and rep.address is None else None


@rule(
    "BR-20",
    "The Seller tax representative postal address (BG-12) shall contain a country code (BT-69).",
    needs="taxrep",
)
def br_20(doc: En16931Document) -> list[Hit] | None:
    return _country(doc.tax_representative, "BT-69")


@rule("BR-21", "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).")
def br_21(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-126") for line in doc.lines if _blank(line.id)]


@rule("BR-22", "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).")
def br_22(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-129") for line in doc.lines if not line.has_quantity]


@rule("BR-23", "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).")
def br_23(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-129") for line in doc.lines if _blank(line.unit_code)]


@rule("BR-24", "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).")
def br_24(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-131") for line in doc.lines if not line.has_net]


@rule("BR-25", "Each Invoice line (BG-25) shall contain the Item name (BT-153).")
def br_25(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-153") for line in doc.lines if _blank(line.item_name)]


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


def _iso_date(text: str | None) -> date | None:
    """A date written CCYY-MM-DD (UBL) or CCYYMMDD (CII), else ``None``."""
    if not text:
        return None
    digits = text[:10].replace("-", "") if len(text) >= 10 and text[4:5] == "-" else text[:8]
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _ends_before_start(start: str | None, end: str | None) -> bool:
    first, last = _iso_date(start), _iso_date(end)
    return first is not None and last is not None and last < first


@rule(
    "BR-29",
    "If both Invoicing period start date (BT-73) and end date (BT-74) are given, the end date shall be "
    "later or equal to the start date.",
    needs="period",
)
def br_29(doc: En16931Document) -> list[Hit] | None:
    period = doc.period
    if period is not None and _ends_before_start(period.start, period.end):
        return [hit(period.el, "BT-74", f"{period.end} is before {period.start}")]
    return None


@rule(
    "BR-30",
    "If both Invoice line period start date (BT-134) and end date (BT-135) are given, the end date shall "
    "be later or equal to the start date.",
)
def br_30(doc: En16931Document) -> list[Hit]:
    return [
        hit(line.period.el, "BT-74", f"{line.period.end} is before {line.period.start}")
        for line in doc.lines
        if line.period is not None and _ends_before_start(line.period.start, line.period.end)
    ]


def _amounts(items: Iterable[AllowanceCharge], term: str) -> list[Hit]:
    return [hit(item.el, term) for item in items if not item.has_amount]


def _categories(items: Iterable[AllowanceCharge], term: str) -> list[Hit]:
    return [hit(item.el, term) for item in items if _blank(item.category)]


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
    return [hit(b.el, "BT-118") for b in doc.vat_breakdown if _blank(b.category)]


@rule(
    "BR-48",
    "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.",
)
def br_48(doc: En16931Document) -> list[Hit]:
    return [hit(b.el, "BT-119") for b in doc.vat_breakdown if b.rate is None and b.category != "O"]


@rule("BR-49", "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).", needs="payment")
def br_49(doc: En16931Document) -> list[Hit]:
    return [hit(means.el, "BT-81") for means in doc.payment_means if _blank(means.code)]


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
        if _blank(account.id)
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


@rule("BR-52", "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).")
def br_52(doc: En16931Document) -> list[Hit]:
    return [hit(document.el, "BT-122") for document in doc.documents if _blank(document.id)]


@rule(
    "BR-53",
    "If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in "
    "accounting currency (BT-111) shall be provided.",
)
def br_53(doc: En16931Document) -> list[Hit] | None:
    currency = doc.tax_currency
    if currency is None or any(total.currency == currency for total in doc.tax_totals):
        return None
    return [hit(doc.root, "BT-6", f"no VAT total in {currency}")]


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


@rule("BR-55", "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).")
def br_55(doc: En16931Document) -> list[Hit]:
    return [hit(reference.el, "BT-25") for reference in doc.preceding if _blank(reference.id)]


@rule(
    "BR-56",
    "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).",
    needs="taxrep",
)
def br_56(doc: En16931Document) -> list[Hit] | None:
    rep = doc.tax_representative
    if rep is not None and not any(not _blank(i.value) for i in rep.vat_ids):
        return [hit(rep.el, "BT-63")]
    return None


@rule("BR-57", "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).", needs="delivery")
def br_57(doc: En16931Document) -> list[Hit] | None:
    address = doc.delivery.address if doc.delivery is not None else None
    if address is not None and _blank(address.country):
        return [hit(address.el, "BT-80")]
    return None


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
        if means.code in CREDIT_TRANSFER and not any(not _blank(a.id) for a in means.accounts)
    ]


def _endpoint(party: PartyFacts | None) -> list[Hit] | None:
    endpoint = party.endpoint if party is not None else None
    if endpoint is not None and _blank(endpoint.scheme):
        return [hit(endpoint.el, None, "no scheme identifier")]
    return None


@rule("BR-62", "The Seller electronic address (BT-34) shall have a Scheme identifier.")
def br_62(doc: En16931Document) -> list[Hit] | None:
    return _endpoint(doc.seller)


@rule("BR-63", "The Buyer electronic address (BT-49) shall have a Scheme identifier.")
def br_63(doc: En16931Document) -> list[Hit] | None:
    return _endpoint(doc.buyer)


@rule("BR-64", "The Item standard identifier (BT-157) shall have a Scheme identifier.")
def br_64(doc: En16931Document) -> list[Hit]:
    return [
        hit(i.el, None, "no scheme identifier") for line in doc.lines for i in line.standard_ids if _blank(i.scheme)
    ]


@rule("BR-65", "The Item classification identifier (BT-158) shall have a Scheme identifier.")
def br_65(doc: En16931Document) -> list[Hit]:
    return [
        hit(i.el, None, "no scheme identifier") for line in doc.lines for i in line.classifications if _blank(i.scheme)
    ]
