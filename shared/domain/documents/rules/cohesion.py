"""EN 16931 conditions and calculations BR-CO-*: totals, VAT identifiers, periods, reasons.

Amount comparisons follow the standard's Schematron XPath: sums are rounded to two decimals with XPath ``round``
(half toward positive infinity) and compared exactly; the VAT calculation (BR-CO-17) allows a deviation under one
unit (UBL) or up to one (CII).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal

from shared.domain.documents.facts import AllowanceCharge, En16931Document, Ident
from shared.domain.documents.rules import Hit, hit, rule

_HALF = Decimal("0.5")
_ZERO = Decimal(0)

# ISO 3166-1 alpha-2 plus EL (Greece's VAT prefix) and XI (Northern Ireland), as BR-CO-09 lists them. Loaded lazily.
_VAT_PREFIXES: str | None = None


def xpath_round(value: Decimal, places: int = 2) -> Decimal:
    """XPath ``round(value * 10^places) div 10^places``: the nearest, halves toward positive infinity.

    Shifts by ``scaleb``, not by multiplying and dividing: exact, and its cost does not grow with the precision of
    the rules' exact context (see :func:`shared.domain.documents.model.exact_arithmetic`)."""
    return (value.scaleb(places) + _HALF).to_integral_value(rounding=ROUND_FLOOR).scaleb(-places)


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), _ZERO)


def _blank(value: str | None) -> bool:
    return value is None or value == ""


@rule(
    "BR-CO-03", "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive."
)
def br_co_03(doc: En16931Document) -> list[Hit] | None:
    if doc.tax_point_dates and doc.period_codes:
        return [hit(doc.period_codes[0].el, None, "both a tax point date and a tax point date code are given")]
    return None


@rule("BR-CO-04", "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).")
def br_co_04(doc: En16931Document) -> list[Hit]:
    return [hit(line.el, "BT-151") for line in doc.lines if _blank(line.category)]


def _vat_prefixes() -> str:
    global _VAT_PREFIXES
    if _VAT_PREFIXES is None:
        from shared.domain.documents.codes import countries

        _VAT_PREFIXES = " ".join(sorted(countries() | {"EL", "XI"}))
    return _VAT_PREFIXES


def _bad_prefixes(ids: list[Ident]) -> list[Hit]:
    prefixes = _vat_prefixes()
    # As the Schematron: the first two characters must occur in the space separated list of country codes.
    return [hit(i.el, None, f"{i.value!r}") for i in ids if i.value is not None and i.value[:2] not in prefixes]


@rule(
    "BR-CO-09",
    "The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the "
    "Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2.",
)
def br_co_09(doc: En16931Document) -> list[Hit]:
    hits = []
    for party in (doc.seller, doc.buyer, doc.tax_representative):
        if party is not None and party.vat_ids:
            hits.extend(_bad_prefixes(party.vat_ids))
    return hits


@rule("BR-CO-10", "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).")
def br_co_10(doc: En16931Document) -> list[Hit] | None:
    given = doc.totals.line_net
    if given is None:
        return None
    expected = xpath_round(total(line.net for line in doc.lines))
    if given != expected:
        return [hit(doc.totals.el, "BT-106", f"{given}, but the lines sum to {expected}")]
    return None


def _document_level(
    doc: En16931Document, given: Decimal | None, items: list[AllowanceCharge], term: str
) -> list[Hit] | None:
    if given is None:
        if items:
            return [hit(doc.totals.el, term, "missing, but the invoice has some")]
        return None
    expected = xpath_round(total(item.amount for item in items))
    if given != expected:
        return [hit(doc.totals.el, term, f"{given}, but they sum to {expected}")]
    return None


@rule("BR-CO-11", "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).")
def br_co_11(doc: En16931Document) -> list[Hit] | None:
    return _document_level(doc, doc.totals.allowances, doc.allowances, "BT-107")


@rule("BR-CO-12", "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).")
def br_co_12(doc: En16931Document) -> list[Hit] | None:
    return _document_level(doc, doc.totals.charges, doc.charges, "BT-108")


@rule(
    "BR-CO-13",
    "Invoice total amount without VAT (BT-109) = Sum of Invoice line net amount (BT-106) - Sum of "
    "allowances on document level (BT-107) + Sum of charges on document level (BT-108).",
)
def br_co_13(doc: En16931Document) -> list[Hit] | None:
    totals = doc.totals
    if totals.without_vat is None or totals.line_net is None:
        return None
    if totals.allowances is None and totals.charges is None:
        expected = totals.line_net
    else:
        expected = xpath_round(totals.line_net - (totals.allowances or _ZERO) + (totals.charges or _ZERO))
    if totals.without_vat != expected:
        return [hit(totals.el, "BT-109", f"{totals.without_vat}, but BT-106 - BT-107 + BT-108 is {expected}")]
    return None


@rule("BR-CO-14", "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).")
def br_co_14(doc: En16931Document) -> list[Hit]:
    hits = []
    for tax_total in doc.tax_totals:
        if not tax_total.subtotals:
            continue
        expected = xpath_round(total(s.tax for s in tax_total.subtotals))
        if tax_total.amount != expected:
            hits.append(hit(tax_total.el, "BT-110", f"{tax_total.amount}, but its breakdowns sum to {expected}"))
    return hits


@rule(
    "BR-CO-15",
    "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total "
    "VAT amount (BT-110).",
)
def br_co_15(doc: En16931Document) -> list[Hit] | None:
    """BT-110 is the VAT total in the invoice currency (BT-5). As in the Schematrons, UBL needs exactly one (its
    ``cac:TaxTotal`` is mandatory) while in CII, where BT-110 is optional, none counts as zero; two or more fail."""
    if _blank(doc.currency):
        return None
    in_currency = [t.amount for t in doc.tax_totals if t.currency == doc.currency and t.amount is not None]
    if len(in_currency) > 1 or (not in_currency and doc.syntax == "ubl"):
        return [hit(doc.root, "BG-22-VAT", f"{len(in_currency)} VAT totals in {doc.currency}, not exactly one")]
    totals = doc.totals
    if totals.with_vat is None or totals.without_vat is None:
        return None
    expected = xpath_round(totals.without_vat + (in_currency[0] if in_currency else _ZERO))
    if totals.with_vat != expected:
        return [hit(totals.el, "BT-112", f"{totals.with_vat}, but BT-109 + BT-110 is {expected}")]
    return None


@rule(
    "BR-CO-16",
    "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) "
    "+ Rounding amount (BT-114).",
)
def br_co_16(doc: En16931Document) -> list[Hit] | None:
    totals = doc.totals
    if totals.payable is None or totals.with_vat is None:
        return None
    due = xpath_round(totals.with_vat - (totals.prepaid or _ZERO))
    if xpath_round(totals.payable - (totals.rounding or _ZERO)) != due:
        return [
            hit(
                totals.el,
                "BT-115",
                f"{totals.payable}, but BT-112 - BT-113 + BT-114 is {due + (totals.rounding or _ZERO)}",
            )
        ]
    return None


@rule(
    "BR-CO-17",
    "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate "
    "(BT-119) / 100), rounded to two decimals.",
)
def br_co_17(doc: En16931Document) -> list[Hit]:
    """As the Schematrons: absolute values, the product rounded to two decimals, a deviation under one (UBL) or up
    to one (CII) passes; a breakdown without a rate must have a tax that rounds to zero."""
    inclusive = doc.syntax == "cii"
    hits = []
    for subtotal in doc.vat_breakdown:
        if subtotal.tax is None:
            continue
        if subtotal.rate is None:
            if xpath_round(subtotal.tax, 0) != 0:
                hits.append(hit(subtotal.el, "BT-117", f"no rate but a tax of {subtotal.tax}"))
            continue
        if subtotal.taxable is None:
            continue
        expected = xpath_round((abs(subtotal.taxable) * subtotal.rate).scaleb(-2))  # taxable x rate / 100
        deviation = abs(abs(subtotal.tax) - expected)
        if deviation > 1 or (deviation == 1 and not inclusive):
            hits.append(
                hit(subtotal.el, "BT-117", f"{subtotal.tax}, but {subtotal.taxable} x {subtotal.rate}% is {expected}")
            )
    return hits


@rule("BR-CO-18", "An Invoice shall at least have one VAT breakdown group (BG-23).")
def br_co_18(doc: En16931Document) -> list[Hit] | None:
    return None if doc.vat_breakdown else [hit(doc.root, "BG-23")]


@rule(
    "BR-CO-19",
    "If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing "
    "period end date (BT-74) shall be filled, or both.",
    needs="period",
)
def br_co_19(doc: En16931Document) -> list[Hit] | None:
    period = doc.period
    if period is not None and period.start is None and period.end is None and not period.has_code:
        return [hit(period.el)]
    return None


@rule(
    "BR-CO-20",
    "If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the "
    "Invoice line period end date (BT-135) shall be filled, or both.",
)
def br_co_20(doc: En16931Document) -> list[Hit]:
    return [
        hit(line.period.el)
        for line in doc.lines
        if line.period is not None and line.period.start is None and line.period.end is None
    ]


def _reasons(items: Iterable[AllowanceCharge]) -> list[Hit]:
    return [hit(item.el, "BT-97") for item in items if item.reason is None and item.reason_code is None]


@rule(
    "BR-CO-21",
    "Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or "
    "a Document level allowance reason code (BT-98), or both.",
)
def br_co_21(doc: En16931Document) -> list[Hit]:
    return _reasons(doc.allowances)


@rule(
    "BR-CO-22",
    "Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a "
    "Document level charge reason code (BT-105), or both.",
)
def br_co_22(doc: En16931Document) -> list[Hit]:
    return _reasons(doc.charges)


@rule(
    "BR-CO-23",
    "Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an "
    "Invoice line allowance reason code (BT-140), or both.",
)
def br_co_23(doc: En16931Document) -> list[Hit]:
    return [h for line in doc.lines for h in _reasons(line.allowances)]


@rule(
    "BR-CO-24",
    "Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an "
    "Invoice line charge reason code (BT-145), or both.",
)
def br_co_24(doc: En16931Document) -> list[Hit]:
    return [h for line in doc.lines for h in _reasons(line.charges)]


@rule(
    "BR-CO-25",
    "In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or "
    "the Payment terms (BT-20) shall be present.",
)
def br_co_25(doc: En16931Document) -> list[Hit] | None:
    """Not for a UBL CreditNote, whose syntax has no place for the due date (as the UBL Schematron)."""
    payable = doc.totals.payable
    if doc.credit_note or payable is None or payable <= 0:
        return None
    if _blank(doc.due_date) and _blank(doc.payment_terms):
        return [hit(doc.totals.el, "BT-115", f"{payable} is due but no due date or payment terms are given")]
    return None


@rule(
    "BR-CO-26",
    "In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the "
    "Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.",
)
def br_co_26(doc: En16931Document) -> list[Hit] | None:
    seller = doc.seller
    if seller is None or seller.identifiers or seller.legal_ids or seller.tax_company_ids:
        return None
    return [hit(seller.el)]
