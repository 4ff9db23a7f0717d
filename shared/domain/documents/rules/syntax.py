"""Syntax rules of the EN 16931 bindings: UBL (UBL-SR-*, UBL-DT-*) that the official unit test sets exercise, and
the CII cardinality rules (CII-SR-*) on the header elements the CII parser reads.

Every other element that the syntax's schema allows once but a document repeats is reported by the parsers as
``SYNTAX-CARDINALITY`` (the official artefacts refuse it at XML Schema validation, which this validator does not
run): see :meth:`shared.domain.documents.facts.FactReader.duplicate`.
"""

from __future__ import annotations

from shared.domain.documents.facts import En16931Document
from shared.domain.documents.rules import Hit, hit, rule

_RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"


@rule("UBL-SR-12", "Seller VAT identifier shall occur maximum once.", syntax="ubl")
def ubl_sr_12(doc: En16931Document) -> list[Hit] | None:
    seller = doc.seller
    return [hit(seller.vat_ids[1].el)] if seller is not None and len(seller.vat_ids) > 1 else None


@rule("UBL-SR-18", "Buyer VAT identifier shall occur maximum once.", syntax="ubl")
def ubl_sr_18(doc: En16931Document) -> list[Hit] | None:
    buyer = doc.buyer
    return [hit(buyer.vat_ids[1].el)] if buyer is not None and len(buyer.vat_ids) > 1 else None


@rule("UBL-SR-42", "Party tax scheme shall occur maximum twice in accounting supplier party.", syntax="ubl")
def ubl_sr_42(doc: En16931Document) -> list[Hit] | None:
    seller = doc.seller
    return [hit(seller.el)] if seller is not None and seller.tax_scheme_count > 2 else None


@rule(
    "UBL-SR-43",
    "Scheme identifier shall only be used for an invoiced object (document type code 130, or 50 for a "
    "tender reference in a credit note).",
    syntax="ubl",
)
def ubl_sr_43(doc: En16931Document) -> list[Hit]:
    hits = []
    for reference in doc.documents:
        code = reference.type_code
        if code == "130" or (doc.credit_note and code == "50"):
            continue
        if code is not None or reference.id_scheme is not None:
            hits.append(hit(reference.el, None, f"document type code {code!r}, scheme {reference.id_scheme!r}"))
    return hits


@rule("UBL-SR-44", "Payment ID shall occur maximum once.", syntax="ubl", needs="payment")
def ubl_sr_44(doc: En16931Document) -> list[Hit] | None:
    ids = {m.payment_id for m in doc.payment_means if m.payment_id is not None}
    return [hit(doc.payment_means[0].el, None, ", ".join(sorted(ids)))] if len(ids) > 1 else None


@rule(
    "UBL-SR-47", "When there are more than one payment means code, they shall be equal.", syntax="ubl", needs="payment"
)
def ubl_sr_47(doc: En16931Document) -> list[Hit] | None:
    means = {m.code for m in doc.payment_means if m.code is not None}
    return [hit(doc.payment_means[0].el, None, ", ".join(sorted(means)))] if len(means) > 1 else None


@rule("UBL-DT-01", "Amounts shall be decimal up to two fraction digits.", syntax="ubl")
def ubl_dt_01(doc: En16931Document) -> list[Hit]:
    """Every cbc:*Amount but unit prices and the gross price's allowance; the UBL parser collects them."""
    return [hit(amount.el, None, amount.value) for amount in doc.precise_amounts]


@rule("UBL-DT-06", "Binary object elements shall contain the mime code attribute.", syntax="ubl")
def ubl_dt_06(doc: En16931Document) -> list[Hit]:
    return [hit(d.attachment.el) for d in doc.documents if d.attachment is not None and d.attachment.mime is None]


@rule("UBL-DT-07", "Binary object elements shall contain the file name attribute.", syntax="ubl")
def ubl_dt_07(doc: En16931Document) -> list[Hit]:
    return [hit(d.attachment.el) for d in doc.documents if d.attachment is not None and d.attachment.filename is None]


def _exactly_once(doc: En16931Document, count: int | None, group: str) -> list[Hit] | None:
    """``None`` when the group is absent (the schema reports that) or holds the element exactly once."""
    if count is None or count == 1:
        return None
    return [hit(doc.root.find(f"{{{_RSM}}}{group}"), None, f"{count} found")]


@rule("CII-SR-009", "GuidelineSpecifiedDocumentContextParameter must exist exactly once.", syntax="cii")
def cii_sr_009(doc: En16931Document) -> list[Hit] | None:
    return _exactly_once(doc, doc.context_parameters, "ExchangedDocumentContext")


@rule("CII-SR-010", "ID must exist exactly once (in GuidelineSpecifiedDocumentContextParameter).", syntax="cii")
def cii_sr_010(doc: En16931Document) -> list[Hit] | None:
    return _exactly_once(doc, doc.context_ids, "ExchangedDocumentContext")


@rule("CII-SR-014", "TypeCode must exist exactly once.", syntax="cii")
def cii_sr_014(doc: En16931Document) -> list[Hit] | None:
    return _exactly_once(doc, doc.type_codes, "ExchangedDocument")
