"""The UBL header's groups: the parties (seller, buyer, payee, tax representative), the delivery, the payment means
and the additional document references."""

from __future__ import annotations

from lxml import etree

from shared.domain.documents.facts import (
    Account,
    Attachment,
    Delivery,
    DocumentReference,
    Ident,
    PartyFacts,
    PaymentMeans,
)
from shared.domain.documents.ubl.names import (
    ACTUAL_DELIVERY,
    ADDRESS,
    ATTACHMENT,
    CARD_ACCOUNT,
    COMPANY_ID,
    DELIVERY_LOCATION,
    DOCUMENT_TYPE_CODE,
    EMBEDDED,
    ENDPOINT_ID,
    ID,
    NAME,
    PAN,
    PARTY_IDENTIFICATION,
    PARTY_LEGAL_ENTITY,
    PARTY_NAME,
    PARTY_TAX_SCHEME,
    PAYEE_ACCOUNT,
    PAYMENT_DUE,
    PAYMENT_ID,
    PAYMENT_MEANS_CODE,
    POSTAL_ADDRESS,
    REGISTRATION_ADDRESS,
    REGISTRATION_NAME,
    TAX_SCHEME,
    XSD,
)
from shared.domain.documents.ubl.reader import UblReader, child_text, ident
from shared.domain.documents.xml import text_of


def read_party(reader: UblReader, element: etree._Element, name_from_party_name: bool) -> PartyFacts:
    """A cac:Party (seller, buyer) or a party-typed element (payee, tax representative)."""
    party = PartyFacts(element)
    names = []
    for child in element:
        tag = child.tag
        if tag == PARTY_IDENTIFICATION:
            identifier = child.find(ID)
            if identifier is not None:
                party.identifiers.append(ident(identifier))
        elif tag == PARTY_NAME:
            names.append(child_text(child, NAME))
        elif tag == POSTAL_ADDRESS:
            if party.address is not None:
                reader.duplicate(child, XSD)
            party.address = reader.address(child)
        elif tag == PARTY_TAX_SCHEME:
            party.tax_scheme_count += 1
            company = child.find(COMPANY_ID)
            if company is None:
                continue
            party.tax_company_ids += 1
            scheme = text_of(child.find(f"{TAX_SCHEME}/{ID}"))
            if scheme is not None:
                (party.vat_ids if scheme.upper() == "VAT" else party.tax_ids).append(ident(company))
        elif tag == PARTY_LEGAL_ENTITY:
            if not name_from_party_name and party.name is None:
                party.name = child_text(child, REGISTRATION_NAME)
            company = child.find(COMPANY_ID)
            if company is not None:
                party.legal_ids.append(ident(company))
            registered = child.find(REGISTRATION_ADDRESS)
            if registered is not None:
                reader.address(registered)  # only its country code is checked (BR-CL-14)
        elif tag == ENDPOINT_ID:
            if party.endpoint is not None:
                reader.duplicate(child, XSD)
            party.endpoint = ident(child)
    name = next((n for n in names if n), names[0] if names else None)
    if name_from_party_name:
        party.name = name
    else:
        party.trading_name = name
    return party


def read_document_reference(reader: UblReader, element: etree._Element) -> DocumentReference:
    reference = DocumentReference(element)
    for child in element:
        tag = child.tag
        if tag == ID:
            reference.id = text_of(child)
            reference.id_scheme = child.get("schemeID")
        elif tag == DOCUMENT_TYPE_CODE:
            reference.type_code = text_of(child)
        elif tag == ATTACHMENT:
            embedded = child.find(EMBEDDED)
            if embedded is not None:
                reference.attachment = Attachment(embedded, embedded.get("mimeCode"), embedded.get("filename"))
    if reference.type_code == "130" and reference.id_scheme is not None:
        identifier = element.find(ID)  # present: the scheme was read from a cbc:ID
        if identifier is not None:
            reader.doc.object_ids.append(Ident(reference.id_scheme, None, identifier))
    return reference


def read_payment_means(reader: UblReader, element: etree._Element) -> PaymentMeans:
    means = PaymentMeans(element)
    for child in element:
        tag = child.tag
        if tag == PAYMENT_MEANS_CODE:
            means.code = text_of(child)
        elif tag == PAYMENT_ID:
            means.payment_id = text_of(child)
        elif tag == PAYEE_ACCOUNT:
            means.accounts.append(Account(child, child_text(child, ID)))
        elif tag == CARD_ACCOUNT:
            pan = child.find(PAN)
            if pan is not None:
                means.card_numbers.append(ident(pan))
        elif tag == PAYMENT_DUE and reader.doc.due_date is None:
            reader.doc.due_date = text_of(child)  # a CreditNote's BT-9
    return means


def read_delivery(reader: UblReader, element: etree._Element) -> Delivery:
    delivery = Delivery(element, child_text(element, ACTUAL_DELIVERY))
    location = element.find(DELIVERY_LOCATION)
    if location is not None:
        delivery.location_ids = [ident(i) for i in location.iterchildren(ID)]
        delivery.address = reader.address(location.find(ADDRESS))
    return delivery
