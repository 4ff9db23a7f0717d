"""EN 16931 (the European e-invoice standard) for UBL 2.1 and UN/CEFACT CII D16B: the facts, the rules, the verdict.

The UBL and CII parsers (:mod:`shared.domain.documents.ubl`, :mod:`shared.domain.documents.cii`) read a document into
the same semantic model (:mod:`shared.domain.documents.facts`); the rules (:mod:`shared.domain.documents.rules`, one
small function per rule id: BR-01..BR-65, BR-CO-*, BR-DEC-*, the VAT category families, BR-CL-*, UBL-SR/UBL-DT) run on
that model, so both syntaxes get the same verdicts. Fatal rules give ``error`` findings (the document is rejected), the
others ``warning`` findings. Each finding's ``path`` is the XPath of the offending node, or of where a missing one
belongs."""

from __future__ import annotations

from datetime import date

from shared.domain.documents.facts import En16931Document, PartyFacts
from shared.domain.documents.model import Finding, Invoice, InvoiceLine, Party, VatBreakdown
from shared.domain.documents.rules import REGISTRY, RULE_IDS, check
from shared.domain.documents.rules.cohesion import xpath_round

__all__ = [
    "REGISTRY",
    "RULE_IDS",
    "En16931Document",
    "canonical_invoice",
    "check",
    "present",
    "validate_facts",
    "xpath_round",
]


def validate_facts(doc: En16931Document) -> list[Finding]:
    """Every finding of every EN 16931 rule for ``doc`` (an alias of :func:`shared.domain.documents.rules.check`)."""
    return check(doc)


def present(doc: En16931Document) -> set[str]:
    """The optional parts ``doc`` holds, which gate the rules that are about them (``Rule.needs``)."""
    found = {f"cat:{code}" for code in doc.categories()}
    if doc.payee is not None:
        found.add("payee")
    if doc.tax_representative is not None:
        found.add("taxrep")
    if doc.period is not None:
        found.add("period")
    if doc.delivery is not None:
        found.add("delivery")
    if doc.payment_means:
        found.add("payment")
    if doc.precise_amounts:
        found.add("precise")
    return found


def _model_party(party: PartyFacts | None) -> Party:
    """legal_id: the legal registration identifier, else a tax registration, else the electronic address."""
    if party is None:
        return Party()
    vat_id = next((i.value for i in party.vat_ids if i.value), None)
    candidates = [*party.legal_ids, *party.vat_ids, *party.tax_ids]
    legal_id = next((i.value for i in candidates if i.value), None)
    if legal_id is None and party.endpoint is not None:
        legal_id = party.endpoint.value or None
    return Party(
        legal_id=legal_id,
        name=party.name or party.trading_name or None,
        vat_id=vat_id,
        country=party.address.country or None if party.address is not None else None,
    )


def canonical_invoice(doc: En16931Document, issue_date: date | None) -> Invoice:
    """The canonical invoice: net total BT-109, tax total BT-110 (in the invoice currency), grand total BT-112."""
    in_currency = [t.amount for t in doc.tax_totals if t.currency == doc.currency and t.amount is not None]
    if not in_currency and doc.syntax == "cii":
        in_currency = [t.amount for t in doc.tax_totals if t.currency is None and t.amount is not None]
    lines = [
        InvoiceLine(
            line_id=line.id or str(index),
            name=line.item_name,
            quantity=line.quantity,
            unit_price=line.price,
            net_amount=line.net,
            vat_category=line.category,
            vat_rate=line.rate,
        )
        for index, line in enumerate(doc.lines, 1)
    ]
    return Invoice(
        format=doc.syntax,
        document_type=doc.type_code or "",
        invoice_id=doc.invoice_id or "",
        issue_date=issue_date,
        currency=doc.currency or None,
        supplier=_model_party(doc.seller),
        buyer=_model_party(doc.buyer),
        lines=lines,
        net_total=doc.totals.without_vat,
        tax_total=in_currency[0] if len(in_currency) == 1 else None,
        grand_total=doc.totals.with_vat,
        payable_amount=doc.totals.payable,
        vat_breakdown=[VatBreakdown(b.category, b.rate, b.taxable, b.tax) for b in doc.vat_breakdown],
    )
