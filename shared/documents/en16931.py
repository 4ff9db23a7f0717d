"""EN 16931 business rules over the facts a UBL or CII parser reads (:class:`En16931Document`).

Each rule keeps the standard's id and the semantics of the CEN/TC 434 Schematron (release 1.3.x), checked against
the official unit test sets. Amount comparisons follow the Schematron's XPath: sums are rounded to two decimals
with XPath ``round`` (half toward positive infinity) and compared exactly. Every rule is fatal (severity
``error``). A rule about a value that is absent does not fire when another rule already reports the absence
(e.g. BR-CO-10 is silent when BR-12 reports the missing BT-106).

| id | rule |
|---|---|
| BR-01 | an invoice has a specification identifier (BT-24) |
| BR-02 | an invoice has an invoice number (BT-1) |
| BR-03 | an invoice has an issue date (BT-2) |
| BR-04 | an invoice has an invoice type code (BT-3) |
| BR-05 | an invoice has a currency code (BT-5) |
| BR-06 | an invoice has the seller's name (BT-27) |
| BR-07 | an invoice has the buyer's name (BT-44) |
| BR-08 | an invoice has the seller's postal address (BG-5) |
| BR-09 | the seller's postal address has a country code (BT-40) |
| BR-10 | an invoice has the buyer's postal address (BG-8) |
| BR-11 | the buyer's postal address has a country code (BT-55) |
| BR-12 | an invoice has the sum of line net amounts (BT-106) |
| BR-13 | an invoice has the total without VAT (BT-109) |
| BR-14 | an invoice has the total with VAT (BT-112) |
| BR-15 | an invoice has the amount due for payment (BT-115) |
| BR-16 | an invoice has at least one line (BG-25) |
| BR-CO-10 | BT-106 = sum of line net amounts (BT-131) |
| BR-CO-11 | BT-107 = sum of document level allowances (BT-92); both absent is fine |
| BR-CO-12 | BT-108 = sum of document level charges (BT-99); both absent is fine |
| BR-CO-13 | BT-109 = BT-106 - BT-107 + BT-108 |
| BR-CO-14 | a VAT total (BT-110) = sum of its VAT category tax amounts (BT-117) |
| BR-CO-15 | BT-112 = BT-109 + BT-110, the one VAT total in the invoice currency (CII: none counts as 0) |
| BR-CO-16 | BT-115 = BT-112 - BT-113 + BT-114 |
| BR-CO-17 | BT-117 = BT-116 x BT-119 / 100 within one unit (UBL < 1, CII <= 1); without BT-119, BT-117 rounds to 0 |
| BR-CO-18 | an invoice has at least one VAT breakdown (BG-23) |
| SYNTAX-NUMBER | an amount, quantity or rate is not an ``xs:decimal`` literal (the syntax's schema would refuse it) |
| SYNTAX-DATE | a date is not a calendar date in the syntax's format |
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

from lxml import etree

from shared.documents.model import Finding, Invoice, InvoiceLine, Party, VatBreakdown
from shared.documents.xml import parse_decimal, text_of

_HALF = Decimal("0.5")
_HUNDRED = Decimal(100)


@dataclass(slots=True)
class TaxSubtotal:
    """One VAT breakdown (BG-23): taxable amount BT-116, tax BT-117, category BT-118, rate BT-119."""

    taxable: Decimal | None
    tax: Decimal | None
    category: str | None
    rate: Decimal | None
    path: str


@dataclass(slots=True)
class TaxTotal:
    """A VAT total amount (BT-110, or BT-111 in the VAT accounting currency) and the breakdowns it sums."""

    amount: Decimal | None
    currency: str | None
    subtotals: list[TaxSubtotal]
    path: str


@dataclass(slots=True)
class Totals:
    """Document totals (BG-22); ``None`` when absent."""

    line_net: Decimal | None = None  # BT-106
    allowances: Decimal | None = None  # BT-107
    charges: Decimal | None = None  # BT-108
    without_vat: Decimal | None = None  # BT-109
    with_vat: Decimal | None = None  # BT-112
    prepaid: Decimal | None = None  # BT-113
    rounding: Decimal | None = None  # BT-114
    payable: Decimal | None = None  # BT-115


@dataclass(slots=True)
class En16931Document:
    """What the rules need from a UBL or CII document. ``paths`` maps a BT/BG id to its XPath in this syntax."""

    syntax: Literal["ubl", "cii"]
    paths: Mapping[str, str]
    specification_id: str | None = None  # BT-24
    invoice_id: str | None = None  # BT-1
    issue_date: str | None = None  # BT-2, as written
    type_code: str | None = None  # BT-3
    currency: str | None = None  # BT-5
    seller_name: str | None = None  # BT-27
    buyer_name: str | None = None  # BT-44
    seller_address: bool = False  # BG-5
    seller_country: str | None = None  # BT-40
    buyer_address: bool = False  # BG-8
    buyer_country: str | None = None  # BT-55
    totals: Totals = field(default_factory=Totals)
    allowances: list[Decimal | None] = field(default_factory=list)  # BT-92 of each BG-20
    charges: list[Decimal | None] = field(default_factory=list)  # BT-99 of each BG-21
    tax_totals: list[TaxTotal] = field(default_factory=list)
    vat_breakdown: list[TaxSubtotal] = field(default_factory=list)  # every BG-23
    line_net_amounts: list[Decimal | None] = field(default_factory=list)  # BT-131 of each BG-25
    syntax_findings: list[Finding] = field(default_factory=list)


class FactReader:
    """Reads typed values for a parser and collects a ``SYNTAX-*`` finding for each one present but unreadable."""

    def __init__(self, date_pattern: re.Pattern[str], date_format: str) -> None:
        self.findings: list[Finding] = []
        self._date_pattern = date_pattern  # groups: year, month, day
        self._date_format = date_format

    def decimal(self, element: etree._Element | None, path: str) -> Decimal | None:
        text = text_of(element)
        value = parse_decimal(text)
        if value is None and text is not None:
            self.findings.append(Finding("SYNTAX-NUMBER", f"{text!r} is not a decimal number", path))
        return value

    def date(self, text: str | None, path: str) -> date | None:
        if not text:
            return None
        match = self._date_pattern.fullmatch(text)
        try:
            if match:
                return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
        self.findings.append(Finding("SYNTAX-DATE", f"{text!r} is not a date ({self._date_format})", path))
        return None


def xpath_round(value: Decimal, places: int = 2) -> Decimal:
    """XPath ``round(value * 10^places) div 10^places``: the nearest, halves toward positive infinity."""
    scale = Decimal(10) ** places
    return (value * scale + _HALF).to_integral_value(rounding=ROUND_FLOOR) / scale


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _blank(value: str | None) -> bool:
    return value is None or value == ""


Rule = Callable[[En16931Document], Iterable[Finding]]


def _required(code: str, term: str, getter: Callable[[En16931Document], object], what: str) -> Rule:
    """A presence rule: ``code`` fires when ``getter`` gives ``None`` or an empty string."""

    def rule(doc: En16931Document) -> Iterable[Finding]:
        value = getter(doc)
        if value is None or value == "" or value is False:
            yield Finding(code, f"the invoice has no {what} ({term})", doc.paths[term])

    rule.__doc__ = f"[{code}] An invoice shall have the {what} ({term})."
    return rule


def br_09(doc: En16931Document) -> Iterable[Finding]:
    """[BR-09] The seller postal address (BG-5) shall contain a country code (BT-40)."""
    if doc.seller_address and _blank(doc.seller_country):
        yield Finding("BR-09", "the seller's postal address has no country code (BT-40)", doc.paths["BT-40"])


def br_11(doc: En16931Document) -> Iterable[Finding]:
    """[BR-11] The buyer postal address (BG-8) shall contain a country code (BT-55)."""
    if doc.buyer_address and _blank(doc.buyer_country):
        yield Finding("BR-11", "the buyer's postal address has no country code (BT-55)", doc.paths["BT-55"])


def br_16(doc: En16931Document) -> Iterable[Finding]:
    """[BR-16] An invoice shall have at least one invoice line (BG-25)."""
    if not doc.line_net_amounts:
        yield Finding("BR-16", "the invoice has no line (BG-25)", doc.paths["BG-25"])


def br_co_10(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-10] Sum of invoice line net amount (BT-106) = sum of the lines' net amounts (BT-131)."""
    total = doc.totals.line_net
    if total is None:
        return
    expected = xpath_round(_sum(doc.line_net_amounts))
    if total != expected:
        yield Finding("BR-CO-10", f"BT-106 is {total} but the lines sum to {expected}", doc.paths["BT-106"])


def _document_level_sum(
    doc: En16931Document, code: str, term: str, total: Decimal | None, amounts: list[Decimal | None], what: str
) -> Iterable[Finding]:
    if total is None:
        if amounts:
            yield Finding(code, f"the invoice has {what} but no sum of them ({term})", doc.paths[term])
        return
    expected = xpath_round(_sum(amounts))
    if total != expected:
        yield Finding(code, f"{term} is {total} but the {what} sum to {expected}", doc.paths[term])


def br_co_11(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-11] Sum of allowances on document level (BT-107) = sum of the document level allowances (BT-92)."""
    yield from _document_level_sum(
        doc, "BR-CO-11", "BT-107", doc.totals.allowances, doc.allowances, "document level allowances"
    )


def br_co_12(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-12] Sum of charges on document level (BT-108) = sum of the document level charges (BT-99)."""
    yield from _document_level_sum(doc, "BR-CO-12", "BT-108", doc.totals.charges, doc.charges, "document level charges")


def br_co_13(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-13] Invoice total without VAT (BT-109) = BT-106 - allowances (BT-107) + charges (BT-108)."""
    totals = doc.totals
    if totals.without_vat is None or totals.line_net is None:
        return
    if totals.allowances is None and totals.charges is None:
        expected = totals.line_net
    else:
        expected = xpath_round(totals.line_net - (totals.allowances or 0) + (totals.charges or 0))
    if totals.without_vat != expected:
        yield Finding(
            "BR-CO-13",
            f"BT-109 is {totals.without_vat} but BT-106 - BT-107 + BT-108 is {expected}",
            doc.paths["BT-109"],
        )


def br_co_14(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-14] Invoice total VAT amount (BT-110) = sum of the VAT category tax amounts (BT-117)."""
    for total in doc.tax_totals:
        if not total.subtotals:
            continue
        expected = xpath_round(_sum(s.tax for s in total.subtotals))
        if total.amount != expected:
            yield Finding(
                "BR-CO-14", f"the VAT total is {total.amount} but its breakdowns sum to {expected}", total.path
            )


def br_co_15(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-15] Invoice total with VAT (BT-112) = total without VAT (BT-109) + total VAT (BT-110).

    BT-110 is the VAT total in the invoice currency (BT-5). As in the Schematrons, UBL needs exactly one (its
    ``cac:TaxTotal`` is mandatory), while in CII, where BT-110 is optional, none counts as zero; two or more
    always fire the rule.
    """
    if _blank(doc.currency):
        return
    in_currency = [t.amount for t in doc.tax_totals if t.currency == doc.currency and t.amount is not None]
    if len(in_currency) > 1 or (not in_currency and doc.syntax == "ubl"):
        yield Finding(
            "BR-CO-15",
            f"the invoice has {len(in_currency)} VAT totals (BT-110) in {doc.currency}, not exactly one",
            doc.paths["BT-110"],
        )
        return
    totals = doc.totals
    if totals.with_vat is None or totals.without_vat is None:
        return
    tax = in_currency[0] if in_currency else Decimal(0)
    expected = xpath_round(totals.without_vat + tax)
    if totals.with_vat != expected:
        yield Finding("BR-CO-15", f"BT-112 is {totals.with_vat} but BT-109 + BT-110 is {expected}", doc.paths["BT-112"])


def br_co_16(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-16] Amount due for payment (BT-115) = BT-112 - paid amount (BT-113) + rounding amount (BT-114)."""
    totals = doc.totals
    if totals.payable is None or totals.with_vat is None:
        return
    due = xpath_round(totals.with_vat - (totals.prepaid or 0))
    if xpath_round(totals.payable - (totals.rounding or 0)) != due:
        expected = due + (totals.rounding or 0)
        yield Finding(
            "BR-CO-16", f"BT-115 is {totals.payable} but BT-112 - BT-113 + BT-114 is {expected}", doc.paths["BT-115"]
        )


def br_co_17(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-17] VAT category tax amount (BT-117) = taxable amount (BT-116) x rate (BT-119) / 100.

    As in the Schematron, the amounts are compared as absolute values, the product is rounded to two decimals and
    a difference under one (UBL) or up to one (CII) passes; a breakdown without a rate must have a tax that rounds
    to zero.
    """
    inclusive = doc.syntax == "cii"
    for subtotal in doc.vat_breakdown:
        if subtotal.tax is None:
            continue
        if subtotal.rate is None:
            if xpath_round(subtotal.tax, 0) != 0:
                yield Finding("BR-CO-17", f"the VAT breakdown has no rate but a tax of {subtotal.tax}", subtotal.path)
            continue
        if subtotal.taxable is None:
            continue
        expected = xpath_round(abs(subtotal.taxable) * subtotal.rate / _HUNDRED)
        deviation = abs(abs(subtotal.tax) - expected)
        if deviation > 1 or (deviation == 1 and not inclusive):
            yield Finding(
                "BR-CO-17",
                f"the VAT breakdown's tax is {subtotal.tax} but {subtotal.taxable} x {subtotal.rate}% is {expected}",
                subtotal.path,
            )


def br_co_18(doc: En16931Document) -> Iterable[Finding]:
    """[BR-CO-18] An invoice shall have at least one VAT breakdown group (BG-23)."""
    if not doc.vat_breakdown:
        yield Finding("BR-CO-18", "the invoice has no VAT breakdown (BG-23)", doc.paths["BG-23"])


RULES: tuple[Rule, ...] = (
    _required("BR-01", "BT-24", lambda d: d.specification_id, "specification identifier"),
    _required("BR-02", "BT-1", lambda d: d.invoice_id, "invoice number"),
    _required("BR-03", "BT-2", lambda d: d.issue_date, "issue date"),
    _required("BR-04", "BT-3", lambda d: d.type_code, "invoice type code"),
    _required("BR-05", "BT-5", lambda d: d.currency, "invoice currency code"),
    _required("BR-06", "BT-27", lambda d: d.seller_name, "seller name"),
    _required("BR-07", "BT-44", lambda d: d.buyer_name, "buyer name"),
    _required("BR-08", "BG-5", lambda d: d.seller_address, "seller postal address"),
    br_09,
    _required("BR-10", "BG-8", lambda d: d.buyer_address, "buyer postal address"),
    br_11,
    _required("BR-12", "BT-106", lambda d: d.totals.line_net, "sum of invoice line net amounts"),
    _required("BR-13", "BT-109", lambda d: d.totals.without_vat, "invoice total amount without VAT"),
    _required("BR-14", "BT-112", lambda d: d.totals.with_vat, "invoice total amount with VAT"),
    _required("BR-15", "BT-115", lambda d: d.totals.payable, "amount due for payment"),
    br_16,
    br_co_10,
    br_co_11,
    br_co_12,
    br_co_13,
    br_co_14,
    br_co_15,
    br_co_16,
    br_co_17,
    br_co_18,
)

RULE_IDS: tuple[str, ...] = tuple(f"BR-{n:02d}" for n in range(1, 17)) + tuple(f"BR-CO-{n}" for n in range(10, 19))


def check(doc: En16931Document) -> list[Finding]:
    """Every failing rule's finding, the syntax findings first."""
    findings = list(doc.syntax_findings)
    for rule in RULES:
        findings.extend(rule(doc))
    return findings


def canonical_invoice(
    facts: En16931Document, lines: list[InvoiceLine], issue_date: date | None, supplier: Party, buyer: Party
) -> Invoice:
    """The canonical invoice: net total BT-109, tax total BT-110 (in the invoice currency), grand total BT-112."""
    in_currency = [t.amount for t in facts.tax_totals if t.currency == facts.currency and t.amount is not None]
    return Invoice(
        format=facts.syntax,
        document_type=facts.type_code or "",
        invoice_id=facts.invoice_id or "",
        issue_date=issue_date,
        currency=facts.currency or None,
        supplier=supplier,
        buyer=buyer,
        lines=lines,
        net_total=facts.totals.without_vat,
        tax_total=in_currency[0] if len(in_currency) == 1 else None,
        grand_total=facts.totals.with_vat,
        payable_amount=facts.totals.payable,
        vat_breakdown=[VatBreakdown(s.category, s.rate, s.taxable, s.tax) for s in facts.vat_breakdown],
    )
