"""EN 16931 core rules on the parties: the Seller's and the Buyer's names, postal addresses and country codes
(BR-06..BR-11), the Payee (BG-10: BR-17), the Seller tax representative (BG-11: BR-18..BR-20, BR-56), the Deliver to
address (BG-15: BR-57) and the scheme of the Seller's and the Buyer's electronic addresses (BR-62, BR-63)."""

from __future__ import annotations

from shared.domain.documents.facts import En16931Document, PartyFacts
from shared.domain.documents.rules import Hit, blank, hit, rule


def _party_name(doc: En16931Document, party: PartyFacts | None, group: str, term: str) -> list[Hit] | None:
    if party is None:
        return [hit(doc.root, group)]
    return [hit(party.el, term)] if blank(party.name) else None


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
    if address is not None and blank(address.country):
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


@rule(
    "BR-17",
    "The Payee name (BT-59) shall be provided if the Payee (BG-10) is different from the Seller.",
    needs="payee",
)
def br_17(doc: En16931Document) -> list[Hit] | None:
    payee = doc.payee
    return [hit(payee.el, "BT-59")] if payee is not None and blank(payee.name) else None


@rule(
    "BR-18",
    "The Seller tax representative name (BT-62) shall be provided if the Seller has one (BG-11).",
    needs="taxrep",
)
def br_18(doc: En16931Document) -> list[Hit] | None:
    rep = doc.tax_representative
    return [hit(rep.el, "BT-62")] if rep is not None and blank(rep.name) else None


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


@rule(
    "BR-56",
    "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).",
    needs="taxrep",
)
def br_56(doc: En16931Document) -> list[Hit] | None:
    rep = doc.tax_representative
    if rep is not None and not any(not blank(i.value) for i in rep.vat_ids):
        return [hit(rep.el, "BT-63")]
    return None


@rule("BR-57", "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).", needs="delivery")
def br_57(doc: En16931Document) -> list[Hit] | None:
    address = doc.delivery.address if doc.delivery is not None else None
    if address is not None and blank(address.country):
        return [hit(address.el, "BT-80")]
    return None


def _endpoint(party: PartyFacts | None) -> list[Hit] | None:
    endpoint = party.endpoint if party is not None else None
    if endpoint is not None and blank(endpoint.scheme):
        return [hit(endpoint.el, None, "no scheme identifier")]
    return None


@rule("BR-62", "The Seller electronic address (BT-34) shall have a Scheme identifier.")
def br_62(doc: En16931Document) -> list[Hit] | None:
    return _endpoint(doc.seller)


@rule("BR-63", "The Buyer electronic address (BT-49) shall have a Scheme identifier.")
def br_63(doc: En16931Document) -> list[Hit] | None:
    return _endpoint(doc.buyer)
