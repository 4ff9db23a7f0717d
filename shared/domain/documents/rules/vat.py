"""The ten rules every EN 16931 VAT category family has, made for each category of :mod:`.vat_categories`.

Every family has the same ten rules, numbered as in the standard: -01 the breakdown exists when (and only when) the
category is used; -02/-03/-04 the party identifiers on a line, document level allowance, charge of the category;
-05/-06/-07 their rate; -08 the breakdown's taxable amount is the sum of the lines, charges less allowances of the
category (per rate where rates vary, within one unit); -09 its tax amount (calculated, or zero); -10 the exemption
reason (forbidden, or required). BR-IC-11/12 and BR-O-11..14 come on top (:mod:`.vat_extras`). Each family's rules run
only when the document names its category anywhere (``cat:<code>``).
"""

from __future__ import annotations

from decimal import Decimal

from shared.domain.documents.facts import AllowanceCharge, Breakdown, En16931Document, Line
from shared.domain.documents.rules import Hit, hit, rule
from shared.domain.documents.rules.cohesion import total, xpath_round
from shared.domain.documents.rules.vat_categories import CATEGORIES, Category


def breakdowns(doc: En16931Document, code: str) -> list[Breakdown]:
    """The VAT breakdowns (BG-23) of category ``code``."""
    return [b for b in doc.vat_breakdown if b.category == code]


def _used(doc: En16931Document, code: str) -> bool:
    return (
        any(line.category == code for line in doc.lines)
        or any(a.category == code for a in doc.allowances)
        or any(c.category == code for c in doc.charges)
    )


def _taxable(doc: En16931Document, code: str, rate: Decimal | None, by_rate: bool) -> tuple[bool, Decimal]:
    """Whether anything of the category (at ``rate``) exists, and its lines + charges - allowances."""

    def matches(item: Line | AllowanceCharge) -> bool:
        return item.category == code and (not by_rate or item.rate == rate)

    lines = [line.net for line in doc.lines if matches(line)]
    charges = [c.amount for c in doc.charges if matches(c)]
    allowances = [a.amount for a in doc.allowances if matches(a)]
    return bool(lines or charges or allowances), total(lines) + total(charges) - total(allowances)


def _register(cat: Category) -> None:
    family, code, name, needs = cat.family, cat.code, cat.name, f"cat:{cat.code}"
    count = "exactly one" if cat.single else "at least one"

    @rule(
        f"{family}-01",
        f"An Invoice with an Invoice line, a Document level allowance or a Document level charge "
        f"of VAT category '{code}' ({name}) shall contain {count} VAT breakdown (BG-23) of that category, and "
        f"none without them.",
        needs=needs,
    )
    def breakdown_exists(doc: En16931Document) -> list[Hit] | None:
        found = len(breakdowns(doc, code))
        used = _used(doc, code)
        if used and (found == 1 or (found > 1 and not cat.single)) or (not used and found == 0):
            return None
        detail = f"{found} VAT breakdowns of category {code}" + ("" if used else ", but nothing of that category")
        return [hit(doc.root, "BG-23", detail)]

    def parties(doc: En16931Document, items: list[Line] | list[AllowanceCharge]) -> list[Hit] | None:
        if any(item.category == code for item in items) and not cat.parties(doc):
            return [hit(doc.root, None, f"the document does not contain {cat.parties_text}")]
        return None

    @rule(
        f"{family}-02",
        f"An Invoice with an Invoice line of VAT category '{code}' shall contain {cat.parties_text}.",
        needs=needs,
    )
    def line_parties(doc: En16931Document) -> list[Hit] | None:
        return parties(doc, doc.lines)

    @rule(
        f"{family}-03",
        f"An Invoice with a Document level allowance of VAT category '{code}' shall contain {cat.parties_text}.",
        needs=needs,
    )
    def allowance_parties(doc: En16931Document) -> list[Hit] | None:
        return parties(doc, doc.allowances)

    @rule(
        f"{family}-04",
        f"An Invoice with a Document level charge of VAT category '{code}' shall contain {cat.parties_text}.",
        needs=needs,
    )
    def charge_parties(doc: En16931Document) -> list[Hit] | None:
        return parties(doc, doc.charges)

    def rates(items: list[Line] | list[AllowanceCharge], term: str) -> list[Hit]:
        return [
            hit(item.el, term, f"rate {item.rate}")
            for item in items
            if item.category == code and not cat.rate(item.rate)
        ]

    @rule(
        f"{family}-05",
        f"In an Invoice line of VAT category '{code}' the Invoiced item VAT rate (BT-152) shall be {cat.rate_text}.",
        needs=needs,
    )
    def line_rate(doc: En16931Document) -> list[Hit]:
        return rates(doc.lines, "BT-151")

    @rule(
        f"{family}-06",
        f"In a Document level allowance of VAT category '{code}' the Document level allowance VAT "
        f"rate (BT-96) shall be {cat.rate_text}.",
        needs=needs,
    )
    def allowance_rate(doc: En16931Document) -> list[Hit]:
        return rates(doc.allowances, "BT-95")

    @rule(
        f"{family}-07",
        f"In a Document level charge of VAT category '{code}' the Document level charge VAT rate "
        f"(BT-103) shall be {cat.rate_text}.",
        needs=needs,
    )
    def charge_rate(doc: En16931Document) -> list[Hit]:
        return rates(doc.charges, "BT-95")

    per_rate = " for each VAT rate" if cat.per_rate else ""

    @rule(
        f"{family}-08",
        f"In a VAT breakdown of VAT category '{code}' the VAT category taxable amount (BT-116) "
        f"shall equal the sum of Invoice line net amounts plus document level charges minus document level "
        f"allowances of that category{per_rate}.",
        needs=needs,
    )
    def taxable_amount(doc: En16931Document) -> list[Hit]:
        hits = []
        for b in breakdowns(doc, code):
            if cat.per_rate:
                if b.rate is None:
                    continue
                exists, expected = _taxable(doc, code, b.rate, True)
                if not exists:
                    hits.append(hit(b.el, "BT-116", f"nothing of category {code} at {b.rate}%"))
                elif b.taxable is None or abs(b.taxable - expected) >= 1:
                    hits.append(
                        hit(
                            b.el,
                            "BT-116",
                            f"{b.taxable}, but the lines, charges and allowances at {b.rate}% come to {expected}",
                        )
                    )
            else:
                _, expected = _taxable(doc, code, None, False)
                if b.taxable != expected:
                    hits.append(
                        hit(b.el, "BT-116", f"{b.taxable}, but the lines, charges and allowances come to {expected}")
                    )
        return hits

    if cat.per_rate:

        @rule(
            f"{family}-09",
            f"The VAT category tax amount (BT-117) in a VAT breakdown of VAT category '{code}' "
            f"shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).",
            needs=needs,
        )
        def tax_amount(doc: En16931Document) -> list[Hit]:
            hits = []
            for b in breakdowns(doc, code):
                if b.tax is None or b.taxable is None or b.rate is None:
                    hits.append(hit(b.el, "BT-117", "the tax, taxable amount or rate is missing"))
                    continue
                expected = xpath_round((abs(b.taxable) * b.rate).scaleb(-2))  # taxable x rate / 100
                if abs(abs(b.tax) - expected) >= 1:
                    hits.append(hit(b.el, "BT-117", f"{b.tax}, but {b.taxable} x {b.rate}% is {expected}"))
            return hits

    else:

        @rule(
            f"{family}-09",
            f"The VAT category tax amount (BT-117) in a VAT breakdown of VAT category '{code}' shall equal 0 (zero).",
            needs=needs,
        )
        def tax_amount(doc: En16931Document) -> list[Hit]:
            return [hit(b.el, "BT-117", f"{b.tax}") for b in breakdowns(doc, code) if b.tax is None or b.tax != 0]

    if cat.exemption_required:

        @rule(
            f"{family}-10",
            f"A VAT breakdown of VAT category '{code}' shall have a VAT exemption reason code "
            f"(BT-121) or a VAT exemption reason text (BT-120).",
            needs=needs,
        )
        def exemption(doc: En16931Document) -> list[Hit]:
            return [
                hit(b.el, "BT-120")
                for b in breakdowns(doc, code)
                if b.exemption_reason is None and b.exemption_code is None
            ]

    else:

        @rule(
            f"{family}-10",
            f"A VAT breakdown of VAT category '{code}' shall not have a VAT exemption reason code "
            f"(BT-121) or VAT exemption reason text (BT-120).",
            needs=needs,
        )
        def exemption(doc: En16931Document) -> list[Hit]:
            return [
                hit(b.el, "BT-120")
                for b in breakdowns(doc, code)
                if b.exemption_reason is not None or b.exemption_code is not None
            ]


for _category in CATEGORIES:
    _register(_category)
