"""The CII header trade agreement and delivery: the parties (seller, buyer, seller tax representative, payee), the
agreement's additional referenced documents, and the ship-to party and delivery date."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.cii.names import (
    ADDITIONAL_DOCUMENT,
    AGREEMENT_ONCE,
    GLOBAL_ID,
    ID,
    LEGAL_ORGANIZATION,
    NAME,
    POSTAL_ADDRESS,
    TAX_REGISTRATION,
    URI_COMMUNICATION,
    URI_ID,
    ram,
)
from shared.domain.documents.cii.reader import CiiReader, child_text, date_string, ident
from shared.domain.documents.facts import Delivery, PartyFacts
from shared.domain.documents.xml import text_of


def read_party(reader: CiiReader, element: etree._Element) -> PartyFacts:
    party = PartyFacts(element)
    for child in element:
        tag = child.tag
        if tag in (ID, GLOBAL_ID):
            party.identifiers.append(ident(child))
        elif tag == NAME:
            party.name = text_of(child)
        elif tag == LEGAL_ORGANIZATION:
            legal = child.find(ID)
            if legal is not None:
                party.legal_ids.append(ident(legal))
            party.trading_name = child_text(child, ram("TradingBusinessName"))
        elif tag == POSTAL_ADDRESS:
            party.address = reader.address(child)
        elif tag == URI_COMMUNICATION:
            uri = child.find(URI_ID)
            if uri is not None:
                party.endpoint = ident(uri)
        elif tag == TAX_REGISTRATION:
            registration = child.find(ID)
            if registration is None:
                continue
            scheme = registration.get("schemeID")
            if scheme == "VA":
                party.vat_ids.append(ident(registration))
                party.tax_company_ids += 1
            elif scheme == "FC":
                party.tax_ids.append(ident(registration))
    return party


def read_agreement(reader: CiiReader, element: etree._Element) -> None:
    doc = reader.doc
    seen: set[str] = set()
    for child in element:
        tag = child.tag
        if tag in AGREEMENT_ONCE:
            reader.once(seen, child)
        if tag == ram("SellerTradeParty"):
            doc.seller = read_party(reader, child)
        elif tag == ram("BuyerTradeParty"):
            doc.buyer = read_party(reader, child)
        elif tag == ram("SellerTaxRepresentativeTradeParty"):
            doc.tax_representative = read_party(reader, child)
        elif tag == ADDITIONAL_DOCUMENT:
            reader.document_reference(child, doc.documents)


def read_delivery(reader: CiiReader, element: etree._Element) -> None:
    doc = reader.doc
    ship_to = element.find(ram("ShipToTradeParty"))
    event = element.find(ram("ActualDeliverySupplyChainEvent"))
    if ship_to is None and event is None:
        return
    date, _ = date_string(event.find(ram("OccurrenceDateTime")) if event is not None else None)
    delivery = Delivery(ship_to if ship_to is not None else element, date)
    if ship_to is not None:
        delivery.location_ids = [ident(i) for i in ship_to.iterchildren(ID, GLOBAL_ID)]
        delivery.address = reader.address(ship_to.find(POSTAL_ADDRESS))
    doc.delivery = delivery
