"""EN 16931 core rules on the Invoice as a whole: the header terms (BR-01..BR-05), the document totals (BG-22:
BR-12..BR-15), at least one line (BR-16), the invoicing period (BG-14: BR-29), the supporting documents (BG-24: BR-52),
the VAT total in accounting currency (BR-53) and the preceding invoice references (BG-3: BR-55).

:func:`ends_before_start` (a period that ends before it starts) is shared with the line period rule of
:mod:`.core_lines`."""

from __future__ import annotations

from datetime import date

from shared.domain.documents.facts import En16931Document
from shared.domain.documents.rules import Hit, blank, hit, rule


def _required(doc: En16931Document, value: str | None, term: str) -> list[Hit] | None:
    return [hit(doc.root, term)] if blank(value) else None


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


def ends_before_start(start: str | None, end: str | None) -> bool:
    """Whether both dates are real dates and the end comes before the start (an unreadable date is not judged)."""
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
    if period is not None and ends_before_start(period.start, period.end):
        return [hit(period.el, "BT-74", f"{period.end} is before {period.start}")]
    return None


@rule("BR-52", "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).")
def br_52(doc: En16931Document) -> list[Hit]:
    return [hit(document.el, "BT-122") for document in doc.documents if blank(document.id)]


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


@rule("BR-55", "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).")
def br_55(doc: En16931Document) -> list[Hit]:
    return [hit(reference.el, "BT-25") for reference in doc.preceding if blank(reference.id)]
