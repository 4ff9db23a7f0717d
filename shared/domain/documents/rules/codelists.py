"""EN 16931 code list rules BR-CL-*: each coded value is in the list the standard names for it.

The lists come from :mod:`shared.domain.documents.codes` (pycountry for ISO 3166 and ISO 4217, data files for the rest),
loaded on the first document that has a value to check.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from shared.domain.documents.codes import code_list, codes, country_codes, currencies
from shared.domain.documents.facts import AllowanceCharge, Breakdown, En16931Document, Ident, PartyFacts
from shared.domain.documents.rules import Hit, hit, rule

# Invoicing period / tax point date codes: UBL uses UNTDID 2005, CII UNTDID 2475 (EN 16931-3-2 and -3-3).
PERIOD_CODE_LISTS = {"ubl": "untdid-2005", "cii": "untdid-2475"}


def _not_in(values: Iterable[Ident], allowed: frozenset[str], what: str) -> list[Hit]:
    return [hit(i.el, None, f"{what} {i.value!r}") for i in values if i.value is not None and i.value not in allowed]


def _schemes(values: Iterable[Ident]) -> list[Ident]:
    return [Ident(i.scheme, None, i.el) for i in values if i.scheme is not None]


def _parties(doc: En16931Document) -> list[PartyFacts]:
    return [p for p in (doc.seller, doc.buyer, doc.payee, doc.tax_representative) if p is not None]


@rule(
    "BR-CL-01",
    "The document type code (BT-3) MUST be coded by the invoice and credit note related code lists of UNTDID 1001.",
)
def br_cl_01(doc: En16931Document) -> list[Hit] | None:
    code = doc.type_code
    if not code:
        return None
    kinds = code_list("untdid-1001")
    if code in kinds and (doc.syntax == "cii" or kinds[code] == ("credit-note" if doc.credit_note else "invoice")):
        return None
    return [hit(doc.type_code_el, None, f"{code!r}")]


@rule("BR-CL-03", "currencyID MUST be coded using ISO code list 4217 alpha-3.")
def br_cl_03(doc: En16931Document) -> list[Hit] | None:
    return _not_in(doc.currency_ids, currencies(), "currency") if doc.currency_ids else None


@rule("BR-CL-04", "Invoice currency code (BT-5) MUST be coded using ISO code list 4217 alpha-3.")
def br_cl_04(doc: En16931Document) -> list[Hit] | None:
    if doc.currency and doc.currency not in currencies():
        return [hit(doc.root, "BT-5", f"{doc.currency!r}")]
    return None


@rule("BR-CL-05", "Tax currency code (BT-6) MUST be coded using ISO code list 4217 alpha-3.")
def br_cl_05(doc: En16931Document) -> list[Hit] | None:
    if doc.tax_currency and doc.tax_currency not in currencies():
        return [hit(doc.root, "BT-6", f"{doc.tax_currency!r}")]
    return None


@rule(
    "BR-CL-06",
    "Value added tax point date code (BT-8) MUST be coded using a restriction of UNTDID 2005 (UBL) or "
    "UNTDID 2475 (CII).",
)
def br_cl_06(doc: En16931Document) -> list[Hit] | None:
    if not doc.period_codes:
        return None
    return _not_in(doc.period_codes, codes(PERIOD_CODE_LISTS[doc.syntax]), "code")


@rule("BR-CL-07", "Object identifier scheme (BT-18-1, BT-128-1) MUST be coded using a restriction of UNTDID 1153.")
def br_cl_07(doc: En16931Document) -> list[Hit] | None:
    return _not_in(doc.object_ids, codes("untdid-1153"), "scheme") if doc.object_ids else None


@rule(
    "BR-CL-10", "Any identifier scheme (BT-29-1, BT-46-1, BT-60-1) MUST be coded using the ISO 6523 ICD list (or SEPA)."
)
def br_cl_10(doc: En16931Document) -> list[Hit]:
    schemes = _schemes(i for party in _parties(doc) for i in party.identifiers)
    return _not_in(schemes, _icd_or_sepa(), "scheme") if schemes else []


@cache
def _icd_or_sepa() -> frozenset[str]:
    return codes("iso-6523-icd") | {"SEPA"}


@rule(
    "BR-CL-11",
    "Any registration identifier scheme (BT-30-1, BT-47-1, BT-61-1) MUST be coded using the ISO 6523 ICD list.",
)
def br_cl_11(doc: En16931Document) -> list[Hit]:
    schemes = _schemes(i for party in _parties(doc) for i in party.legal_ids)
    return _not_in(schemes, codes("iso-6523-icd"), "scheme") if schemes else []


@rule("BR-CL-13", "Item classification identifier scheme (BT-158-1) MUST be coded using UNTDID 7143.")
def br_cl_13(doc: En16931Document) -> list[Hit]:
    schemes = _schemes(i for line in doc.lines for i in line.classifications)
    return _not_in(schemes, codes("untdid-7143"), "scheme") if schemes else []


@rule("BR-CL-14", "Country codes in an invoice MUST be coded using ISO code list 3166-1.")
def br_cl_14(doc: En16931Document) -> list[Hit]:
    return _not_in(doc.country_codes, country_codes(), "country") if doc.country_codes else []


@rule("BR-CL-15", "Item country of origin (BT-159) MUST be coded using ISO code list 3166-1.")
def br_cl_15(doc: En16931Document) -> list[Hit]:
    origins = [line.origin_country for line in doc.lines if line.origin_country is not None]
    return _not_in(origins, country_codes(), "country") if origins else []


@rule("BR-CL-16", "Payment means type code (BT-81) MUST be coded using UNTDID 4461.", needs="payment")
def br_cl_16(doc: En16931Document) -> list[Hit]:
    means = [Ident(m.code, None, m.el) for m in doc.payment_means if m.code]
    return _not_in(means, codes("untdid-4461"), "code")


@rule("BR-CL-17", "VAT category code (BT-95, BT-102, BT-118) MUST be coded using a restriction of UNTDID 5305.")
def br_cl_17(doc: En16931Document) -> list[Hit]:
    items: list[AllowanceCharge | Breakdown] = [
        *doc.allowances,
        *doc.charges,
        *doc.other_allowance_charges,
        *doc.vat_breakdown,
    ]
    return _not_in((Ident(i.category, None, i.el) for i in items if i.category), codes("untdid-5305"), "category")


@rule("BR-CL-18", "Invoiced item VAT category code (BT-151) MUST be coded using a restriction of UNTDID 5305.")
def br_cl_18(doc: En16931Document) -> list[Hit]:
    found = [i for i in doc.line_category_codes if i.value]
    return _not_in(found, codes("untdid-5305"), "category") if found else []


def _reason_codes(doc: En16931Document, charges: bool) -> list[Ident]:
    items = list(doc.charges if charges else doc.allowances)
    for line in doc.lines:
        items.extend(line.charges if charges else line.allowances)
    return [Ident(i.reason_code, None, i.el) for i in items if i.reason_code is not None]


@rule("BR-CL-19", "Coded allowance reasons (BT-98, BT-140) MUST belong to the UNTDID 5189 code list.")
def br_cl_19(doc: En16931Document) -> list[Hit]:
    found = _reason_codes(doc, False)
    return _not_in(found, codes("untdid-5189"), "reason code") if found else []


@rule("BR-CL-20", "Coded charge reasons (BT-105, BT-145) MUST belong to the UNTDID 7161 code list.")
def br_cl_20(doc: En16931Document) -> list[Hit]:
    found = _reason_codes(doc, True)
    return _not_in(found, codes("untdid-7161"), "reason code") if found else []


@rule("BR-CL-21", "Item standard identifier scheme (BT-157-1) MUST belong to the ISO 6523 ICD code list.")
def br_cl_21(doc: En16931Document) -> list[Hit]:
    schemes = _schemes(i for line in doc.lines for i in line.standard_ids)
    return _not_in(schemes, codes("iso-6523-icd"), "scheme") if schemes else []


@rule("BR-CL-22", "Tax exemption reason code (BT-121) MUST belong to the CEF VATEX code list.")
def br_cl_22(doc: En16931Document) -> list[Hit]:
    # Compared in upper case, as the standard's Schematron does (vatex-eu-ae is VATEX-EU-AE).
    found = [Ident(b.exemption_code.upper(), None, b.el) for b in doc.vat_breakdown if b.exemption_code]
    return _not_in(found, codes("vatex"), "code") if found else []


@rule(
    "BR-CL-23",
    "Unit code (BT-130, BT-150) MUST be coded according to the UN/ECE Recommendation 20 with Rec 21 extension.",
)
def br_cl_23(doc: En16931Document) -> list[Hit]:
    return _not_in(doc.unit_codes, _units(), "unit") if doc.unit_codes else []


@cache
def _units() -> frozenset[str]:
    """Rec 20 codes as they are, Rec 21 package codes with the "X" prefix EN 16931 gives them."""
    return codes("unece-rec20") | {f"X{code}" for code in codes("unece-rec21")}


@rule(
    "BR-CL-24",
    "The attached document's mime code (BT-125-1) MUST be coded according to the EN 16931 list of media types.",
)
def br_cl_24(doc: En16931Document) -> list[Hit]:
    found = [
        Ident(d.attachment.mime, None, d.attachment.el)
        for d in doc.documents
        if d.attachment is not None and d.attachment.mime is not None
    ]
    return _not_in(found, codes("mime-types"), "media type") if found else []


@rule("BR-CL-25", "Endpoint identifier scheme identifier (BT-34-1, BT-49-1) MUST belong to the CEF EAS code list.")
def br_cl_25(doc: En16931Document) -> list[Hit]:
    schemes = [
        Ident(p.endpoint.scheme, None, p.endpoint.el)
        for p in _parties(doc)
        if p.endpoint is not None and p.endpoint.scheme
    ]
    return _not_in(schemes, codes("eas"), "scheme") if schemes else []


@rule(
    "BR-CL-26",
    "Delivery location identifier scheme identifier (BT-71-1) MUST belong to the ISO 6523 ICD code list.",
    needs="delivery",
)
def br_cl_26(doc: En16931Document) -> list[Hit]:
    schemes = _schemes(doc.delivery.location_ids) if doc.delivery is not None else []
    return _not_in(schemes, codes("iso-6523-icd"), "scheme") if schemes else []
