"""The EN 16931 VAT categories (UNTDID 5305) and what each one's rule family requires:

| family | code | category | breakdowns | rate | seller (and buyer) identifiers |
|---|---|---|---|---|---|
| BR-S | S | standard rated | at least one | > 0, per rate | BT-31, BT-32 or BT-63 |
| BR-Z | Z | zero rated | exactly one | = 0 | BT-31, BT-32 or BT-63 |
| BR-E | E | exempt from VAT | exactly one | = 0 | BT-31, BT-32 or BT-63 |
| BR-AE | AE | VAT reverse charge | exactly one | = 0 | (BT-31, BT-32 or BT-63) and (BT-48 or BT-47) |
| BR-IC | K | intra-community supply | exactly one | = 0 | (BT-31 or BT-63) and BT-48 |
| BR-G | G | export outside the EU | exactly one | = 0 | BT-31 or BT-63 |
| BR-O | O | not subject to VAT | exactly one | none | none of BT-31, BT-63, BT-48 |
| BR-AF | L | IGIC (Canary Islands) | at least one | >= 0, per rate | BT-31, BT-32 or BT-63 |
| BR-AG | M | IPSI (Ceuta and Melilla) | at least one | >= 0, per rate | BT-31, BT-32 or BT-63 |

Each :class:`Category` says what its family requires: how many breakdowns, which party identifiers, which rate,
whether taxable amounts go per rate and tax is calculated (else exact and zero), whether an exemption reason is
required (else forbidden). The rules themselves are made from this table in :mod:`.vat`; this module registers none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from shared.domain.documents.facts import En16931Document

Parties = Callable[[En16931Document], bool]
Rate = Callable[["Decimal | None"], bool]


# --- party identifier conditions -------------------------------------------------------------------------------


def _seller_vat(doc: En16931Document) -> bool:
    """BT-31 (seller VAT identifier) or BT-63 (tax representative VAT identifier)."""
    seller, rep = doc.seller, doc.tax_representative
    return bool((seller is not None and seller.vat_ids) or (rep is not None and rep.vat_ids))


def _seller_vat_or_tax(doc: En16931Document) -> bool:
    """BT-31, BT-32 (seller tax registration identifier) or BT-63."""
    seller = doc.seller
    return _seller_vat(doc) or bool(seller is not None and seller.tax_ids)


def _reverse_charge_parties(doc: En16931Document) -> bool:
    buyer = doc.buyer
    return _seller_vat_or_tax(doc) and bool(buyer is not None and (buyer.vat_ids or buyer.legal_ids))


def _intra_community_parties(doc: En16931Document) -> bool:
    buyer = doc.buyer
    return _seller_vat(doc) and bool(buyer is not None and buyer.vat_ids)


def _no_vat_ids(doc: En16931Document) -> bool:
    buyer = doc.buyer
    return not _seller_vat(doc) and not (buyer is not None and buyer.vat_ids)


# --- rate conditions -------------------------------------------------------------------------------------------


def _positive(rate: Decimal | None) -> bool:
    return rate is not None and rate > 0


def _zero(rate: Decimal | None) -> bool:
    return rate is not None and rate == 0


def _not_negative(rate: Decimal | None) -> bool:
    return rate is not None and rate >= 0


def _absent(rate: Decimal | None) -> bool:
    return rate is None


@dataclass(frozen=True, slots=True)
class Category:
    family: str
    code: str
    name: str
    single: bool  # exactly one VAT breakdown of the category (else at least one, one per rate)
    parties: Parties
    parties_text: str
    rate: Rate
    rate_text: str
    per_rate: bool  # taxable amounts per rate within one unit, tax calculated; else exact and tax zero
    exemption_required: bool  # else forbidden


CATEGORIES = (
    Category(
        "BR-S",
        "S",
        "Standard rated",
        False,
        _seller_vat_or_tax,
        "the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax "
        "representative VAT identifier (BT-63)",
        _positive,
        "greater than zero",
        True,
        False,
    ),
    Category(
        "BR-Z",
        "Z",
        "Zero rated",
        True,
        _seller_vat_or_tax,
        "the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax "
        "representative VAT identifier (BT-63)",
        _zero,
        "0 (zero)",
        False,
        False,
    ),
    Category(
        "BR-E",
        "E",
        "Exempt from VAT",
        True,
        _seller_vat_or_tax,
        "the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax "
        "representative VAT identifier (BT-63)",
        _zero,
        "0 (zero)",
        False,
        True,
    ),
    Category(
        "BR-AE",
        "AE",
        "Reverse charge",
        True,
        _reverse_charge_parties,
        "the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax "
        "representative VAT identifier (BT-63), and the Buyer VAT identifier (BT-48) and/or the Buyer legal "
        "registration identifier (BT-47)",
        _zero,
        "0 (zero)",
        False,
        True,
    ),
    Category(
        "BR-IC",
        "K",
        "Intra-community supply",
        True,
        _intra_community_parties,
        "the Seller VAT identifier (BT-31) or the Seller tax representative VAT identifier (BT-63), and the Buyer "
        "VAT identifier (BT-48)",
        _zero,
        "0 (zero)",
        False,
        True,
    ),
    Category(
        "BR-G",
        "G",
        "Export outside the EU",
        True,
        _seller_vat,
        "the Seller VAT identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)",
        _zero,
        "0 (zero)",
        False,
        True,
    ),
    Category(
        "BR-O",
        "O",
        "Not subject to VAT",
        True,
        _no_vat_ids,
        "neither the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) nor the "
        "Buyer VAT identifier (BT-48)",
        _absent,
        "absent",
        False,
        True,
    ),
    Category(
        "BR-AF",
        "L",
        "IGIC",
        False,
        _seller_vat_or_tax,
        "the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax "
        "representative VAT identifier (BT-63)",
        _not_negative,
        "0 (zero) or greater than zero",
        True,
        False,
    ),
    Category(
        "BR-AG",
        "M",
        "IPSI",
        False,
        _seller_vat_or_tax,
        "the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax "
        "representative VAT identifier (BT-63)",
        _not_negative,
        "0 (zero) or greater than zero",
        True,
        False,
    ),
)
