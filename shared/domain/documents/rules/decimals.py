"""EN 16931 decimal rules BR-DEC-*: amounts carry at most two fraction digits.

They run only when the parser met an amount with more than two fraction digits (``precise`` in ``doc.present``):
every amount these rules read is one the parsers check while reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from shared.domain.documents.facts import AllowanceCharge, En16931Document, fraction_digits
from shared.domain.documents.rules import Hit, hit, rule

Amounts = Callable[[En16931Document], Iterable[tuple[object, str, "Decimal | None"]]]


def _too_precise(found: Iterable[tuple[object, str, Decimal | None]]) -> list[Hit]:
    return [
        hit(element, term, f"{value}")  # type: ignore[arg-type]
        for element, term, value in found
        if value is not None and fraction_digits(value) > 2
    ]


def _amount(items: Iterable[AllowanceCharge]) -> Iterable[tuple[object, str, Decimal | None]]:
    return ((item.el, "BT-92", item.amount) for item in items)


def _base(items: Iterable[AllowanceCharge]) -> Iterable[tuple[object, str, Decimal | None]]:
    return ((item.el, "BT-93", item.base) for item in items)


def _total(attribute: str, term: str) -> Amounts:
    return lambda doc: [(doc.totals.el, term, getattr(doc.totals, attribute))]


def _in_currency(doc: En16931Document, accounting: bool) -> Iterable[tuple[object, str, Decimal | None]]:
    for tax_total in doc.tax_totals:
        if (tax_total.currency == doc.tax_currency and doc.tax_currency != doc.currency) is accounting:
            yield (tax_total.el, "BT-110", tax_total.amount)


DECIMAL_RULES: tuple[tuple[str, str, Amounts], ...] = (
    ("BR-DEC-01", "Document level allowance amount (BT-92)", lambda doc: _amount(doc.allowances)),
    ("BR-DEC-02", "Document level allowance base amount (BT-93)", lambda doc: _base(doc.allowances)),
    ("BR-DEC-05", "Document level charge amount (BT-99)", lambda doc: _amount(doc.charges)),
    ("BR-DEC-06", "Document level charge base amount (BT-100)", lambda doc: _base(doc.charges)),
    ("BR-DEC-09", "Sum of Invoice line net amount (BT-106)", _total("line_net", "BT-106")),
    ("BR-DEC-10", "Sum of allowances on document level (BT-107)", _total("allowances", "BT-107")),
    ("BR-DEC-11", "Sum of charges on document level (BT-108)", _total("charges", "BT-108")),
    ("BR-DEC-12", "Invoice total amount without VAT (BT-109)", _total("without_vat", "BT-109")),
    ("BR-DEC-13", "Invoice total VAT amount (BT-110)", lambda doc: _in_currency(doc, False)),
    ("BR-DEC-14", "Invoice total amount with VAT (BT-112)", _total("with_vat", "BT-112")),
    ("BR-DEC-15", "Invoice total VAT amount in accounting currency (BT-111)", lambda doc: _in_currency(doc, True)),
    ("BR-DEC-16", "Paid amount (BT-113)", _total("prepaid", "BT-113")),
    ("BR-DEC-17", "Rounding amount (BT-114)", _total("rounding", "BT-114")),
    ("BR-DEC-18", "Amount due for payment (BT-115)", _total("payable", "BT-115")),
    (
        "BR-DEC-19",
        "VAT category taxable amount (BT-116)",
        lambda doc: ((b.el, "BT-116", b.taxable) for b in doc.vat_breakdown),
    ),
    ("BR-DEC-20", "VAT category tax amount (BT-117)", lambda doc: ((b.el, "BT-117", b.tax) for b in doc.vat_breakdown)),
    (
        "BR-DEC-23",
        "Invoice line net amount (BT-131)",
        lambda doc: ((line.el, "BT-131", line.net) for line in doc.lines),
    ),
    (
        "BR-DEC-24",
        "Invoice line allowance amount (BT-136)",
        lambda doc: (a for line in doc.lines for a in _amount(line.allowances)),
    ),
    (
        "BR-DEC-25",
        "Invoice line allowance base amount (BT-137)",
        lambda doc: (a for line in doc.lines for a in _base(line.allowances)),
    ),
    (
        "BR-DEC-27",
        "Invoice line charge amount (BT-141)",
        lambda doc: (a for line in doc.lines for a in _amount(line.charges)),
    ),
    (
        "BR-DEC-28",
        "Invoice line charge base amount (BT-142)",
        lambda doc: (a for line in doc.lines for a in _base(line.charges)),
    ),
)


def _register(rule_id: str, what: str, amounts: Amounts) -> None:
    @rule(rule_id, f"The allowed maximum number of decimals for the {what} is 2.", needs="precise")
    def check(doc: En16931Document) -> list[Hit]:
        return _too_precise(amounts(doc))


for _rule_id, _what, _amounts in DECIMAL_RULES:
    _register(_rule_id, _what, _amounts)
