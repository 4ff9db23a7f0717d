"""The EN 16931 semantic model that the UBL and CII parsers fill and every EN 16931 rule reads.

One class per business group (BG) of EN 16931-1, holding the business terms (BT) the rules use, each already read
from the syntax: stripped text (``None`` when the element is absent), ``Decimal`` amounts (``None`` when absent or
unreadable), and the lxml element each group was read from (``el``) so that a finding can name the XPath of the
offending node. Nothing here knows UBL or CII: the rules are written once against this model and run on both.

Plain slotted dataclasses: a document is read once per validation on the hot path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from shared.domain.documents.model import Finding
from shared.domain.documents.xml import parse_decimal, text_of

if TYPE_CHECKING:
    from lxml.etree import _Element as Element
else:
    Element = object

Syntax = Literal["ubl", "cii"]


@dataclass(slots=True)
class Ident:
    """An identifier with its optional scheme (``schemeID``/``listID``)."""

    value: str | None
    scheme: str | None
    el: Element


@dataclass(slots=True)
class Address:
    """A postal address (BG-5, BG-8, BG-12, BG-15); ``country`` is its country code (BT-40, BT-55, BT-69, BT-80)."""

    el: Element
    country: str | None = None


@dataclass(slots=True)
class PartyFacts:
    """A seller (BG-4), buyer (BG-7), payee (BG-10) or seller tax representative (BG-11)."""

    el: Element
    name: str | None = None  # BT-27 / BT-44 / BT-59 / BT-62
    identifiers: list[Ident] = field(default_factory=list)  # BT-29 / BT-46 / BT-60
    legal_ids: list[Ident] = field(default_factory=list)  # BT-30 / BT-47 / BT-61
    vat_ids: list[Ident] = field(default_factory=list)  # BT-31 / BT-48 / BT-63
    tax_ids: list[Ident] = field(default_factory=list)  # BT-32 (a tax registration other than VAT)
    tax_company_ids: int = 0  # UBL: every PartyTaxScheme/CompanyID; CII: every VA registration (BR-CO-26)
    tax_scheme_count: int = 0  # UBL: cac:PartyTaxScheme elements (UBL-SR-42)
    endpoint: Ident | None = None  # BT-34 / BT-49
    address: Address | None = None
    trading_name: str | None = None  # BT-28 / BT-45 (UBL cac:PartyName of a seller or buyer)


@dataclass(slots=True)
class Period:
    """An invoicing period (BG-14) or invoice line period (BG-26); dates as written."""

    el: Element
    start: str | None = None
    end: str | None = None
    has_code: bool = False  # UBL: a DescriptionCode (BT-8) inside the invoicing period


@dataclass(slots=True)
class Delivery:
    """Delivery information (BG-13): actual delivery date (BT-72), deliver-to address (BG-15)."""

    el: Element
    date: str | None = None
    location_ids: list[Ident] = field(default_factory=list)  # BT-71
    address: Address | None = None


@dataclass(slots=True)
class Account:
    """A payment account (BG-17): its identifier (BT-84)."""

    el: Element
    id: str | None = None


@dataclass(slots=True)
class PaymentMeans:
    """Payment instructions (BG-16): means code (BT-81), credit transfer accounts, card number (BT-87)."""

    el: Element
    code: str | None = None
    payment_id: str | None = None  # BT-83 (UBL: one per cac:PaymentMeans)
    accounts: list[Account] = field(default_factory=list)
    card_numbers: list[Ident] = field(default_factory=list)


@dataclass(slots=True)
class Attachment:
    """An attached document (BT-125) and its mime code and file name attributes."""

    el: Element
    mime: str | None = None
    filename: str | None = None


@dataclass(slots=True)
class DocumentReference:
    """An additional supporting document (BG-24), tender (BT-17) or invoiced object (BT-18) reference."""

    el: Element
    id: str | None = None
    id_scheme: str | None = None
    type_code: str | None = None
    attachment: Attachment | None = None


@dataclass(slots=True)
class AllowanceCharge:
    """A document level allowance (BG-20) or charge (BG-21), or an invoice line allowance (BG-27) or charge (BG-28).

    ``charge`` is ``None`` when the charge indicator is not a boolean. ``category``/``rate`` are the VAT category code
    and rate of a document level one (BT-95/96, BT-102/103); ``has_category`` whether a tax category group is given.
    """

    el: Element
    charge: bool | None = None
    amount: Decimal | None = None
    has_amount: bool = False
    base: Decimal | None = None
    percent: Decimal | None = None
    reason: str | None = None
    reason_code: str | None = None
    has_category: bool = False
    category: str | None = None
    rate: Decimal | None = None


@dataclass(slots=True)
class Breakdown:
    """A VAT breakdown (BG-23): taxable amount BT-116, tax BT-117, category BT-118, rate BT-119, exemption."""

    el: Element
    taxable: Decimal | None = None
    has_taxable: bool = False
    tax: Decimal | None = None
    has_tax: bool = False
    has_category: bool = False  # a tax category group is given (UBL cac:TaxCategory)
    category: str | None = None
    rate: Decimal | None = None
    exemption_reason: str | None = None  # BT-120
    exemption_code: str | None = None  # BT-121


@dataclass(slots=True)
class TaxTotal:
    """A VAT total (BT-110, or BT-111 in the VAT accounting currency) and the breakdowns it sums."""

    el: Element
    amount: Decimal | None
    currency: str | None
    subtotals: list[Breakdown]


@dataclass(slots=True)
class Totals:
    """Document totals (BG-22); ``None`` when absent."""

    el: Element | None = None
    line_net: Decimal | None = None  # BT-106
    allowances: Decimal | None = None  # BT-107
    charges: Decimal | None = None  # BT-108
    without_vat: Decimal | None = None  # BT-109
    with_vat: Decimal | None = None  # BT-112
    prepaid: Decimal | None = None  # BT-113
    rounding: Decimal | None = None  # BT-114
    payable: Decimal | None = None  # BT-115


@dataclass(slots=True)
class ItemAttribute:
    """An item attribute (BG-32): name BT-160 and value BT-161."""

    el: Element
    name: str | None
    value: str | None


@dataclass(slots=True)
class Line:
    """An invoice line (BG-25) with its price details (BG-29), item (BG-31) and line VAT information (BG-30)."""

    el: Element
    id: str | None = None  # BT-126
    quantity: Decimal | None = None  # BT-129
    has_quantity: bool = False
    unit_code: str | None = None  # BT-130
    net: Decimal | None = None  # BT-131
    has_net: bool = False
    period: Period | None = None  # BG-26
    allowances: list[AllowanceCharge] = field(default_factory=list)  # BG-27
    charges: list[AllowanceCharge] = field(default_factory=list)  # BG-28
    other_allowance_charges: list[AllowanceCharge] = field(default_factory=list)  # no boolean indicator
    has_price: bool = False
    price: Decimal | None = None  # BT-146
    gross_prices: list[Decimal | None] = field(default_factory=list)  # BT-148
    item_name: str | None = None  # BT-153
    has_item: bool = False
    standard_ids: list[Ident] = field(default_factory=list)  # BT-157
    classifications: list[Ident] = field(default_factory=list)  # BT-158
    has_category: bool = False  # a VAT category group is given (UBL cac:ClassifiedTaxCategory with VAT scheme)
    category: str | None = None  # BT-151
    rate: Decimal | None = None  # BT-152
    attributes: list[ItemAttribute] = field(default_factory=list)  # BG-32
    origin_country: Ident | None = None  # BT-159


@dataclass(slots=True)
class En16931Document:
    """What the rules need from a UBL or CII document, in EN 16931 terms."""

    syntax: Syntax
    root: Element
    credit_note: bool = False  # a UBL CreditNote (the syntax, not the type code)
    specification_id: str | None = None  # BT-24
    invoice_id: str | None = None  # BT-1
    issue_date: str | None = None  # BT-2, as written
    type_code: str | None = None  # BT-3
    type_code_el: Element | None = None
    currency: str | None = None  # BT-5
    tax_currency: str | None = None  # BT-6
    tax_point_dates: list[str] = field(default_factory=list)  # BT-7
    period_codes: list[Ident] = field(default_factory=list)  # BT-8 (UBL DescriptionCode, CII DueDateTypeCode)
    due_date: str | None = None  # BT-9
    payment_terms: str | None = None  # BT-20
    seller: PartyFacts | None = None  # BG-4
    buyer: PartyFacts | None = None  # BG-7
    payee: PartyFacts | None = None  # BG-10
    tax_representative: PartyFacts | None = None  # BG-11
    period: Period | None = None  # BG-14
    delivery: Delivery | None = None  # BG-13
    payment_means: list[PaymentMeans] = field(default_factory=list)  # BG-16
    preceding: list[DocumentReference] = field(default_factory=list)  # BG-3
    documents: list[DocumentReference] = field(default_factory=list)  # BG-24 (and BT-17, BT-18 in UBL)
    object_ids: list[Ident] = field(default_factory=list)  # BT-18 / BT-128 with a scheme (BT-18-1, BT-128-1)
    allowances: list[AllowanceCharge] = field(default_factory=list)  # BG-20
    charges: list[AllowanceCharge] = field(default_factory=list)  # BG-21
    other_allowance_charges: list[AllowanceCharge] = field(default_factory=list)  # no boolean indicator
    totals: Totals = field(default_factory=Totals)  # BG-22
    tax_totals: list[TaxTotal] = field(default_factory=list)
    vat_breakdown: list[Breakdown] = field(default_factory=list)  # every BG-23
    lines: list[Line] = field(default_factory=list)  # BG-25
    # code occurrences wherever the syntax carries them, for the code list rules
    country_codes: list[Ident] = field(default_factory=list)  # every address country code
    unit_codes: list[Ident] = field(default_factory=list)  # quantity unit codes (BT-130, BT-150)
    currency_ids: list[Ident] = field(default_factory=list)  # currencyID attributes of amounts
    line_category_codes: list[Ident] = field(default_factory=list)  # every item VAT category code (BT-151)
    precise_amounts: list[Ident] = field(default_factory=list)  # UBL: amounts with more than 2 fraction digits
    issue_date_el: Element | None = None  # the element BT-2 was read from (KR-DATE-FUTURE, KR-DATE-RANGE)
    context_parameters: int | None = None  # CII: GuidelineSpecifiedDocumentContextParameter count (CII-SR-009)
    context_ids: int | None = None  # CII: their ram:ID count (CII-SR-010)
    type_codes: int | None = None  # CII: rsm:ExchangedDocument/ram:TypeCode count (CII-SR-014)
    longest_number: int = 0  # characters of the longest number literal read (the rules' exact arithmetic)
    syntax_findings: list[Finding] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # what the document holds, for the rule engine (see rules)
    terms: Mapping[str, str] = field(default_factory=dict)  # BT/BG id -> its path below its group, in this syntax

    # --- derived facts, computed once for the rules -----------------------------------------------------------

    def categories(self) -> set[str]:
        """Every VAT category code the document names: lines, allowances, charges and breakdowns."""
        found = {line.category for line in self.lines if line.category is not None}
        found.update(a.category for a in self.allowances if a.category is not None)
        found.update(c.category for c in self.charges if c.category is not None)
        found.update(b.category for b in self.vat_breakdown if b.category is not None)
        return found


class FactReader:
    """Reads typed values for a parser and collects a ``SYNTAX-*`` finding for each one present but unreadable,
    and a ``SYNTAX-CARDINALITY`` finding for each element that occurs more often than the syntax allows."""

    __slots__ = ("findings", "longest", "_date_pattern", "_date_format", "_path")

    def __init__(self, date_pattern: re.Pattern[str], date_format: str, path: Callable[[Element], str]) -> None:
        self.findings: list[Finding] = []
        self.longest = 0  # characters of the longest number literal read
        self._date_pattern = date_pattern  # groups: year, month, day
        self._date_format = date_format
        self._path = path  # element -> XPath, only called for a finding

    def decimal(self, element: Element | None) -> Decimal | None:
        if element is None:
            return None
        text = element.text
        literal = text.strip() if text else ""
        if len(literal) > self.longest:
            self.longest = len(literal)
        value = parse_decimal(literal)
        if value is None:
            self.findings.append(
                Finding("SYNTAX-NUMBER", f"{text_of(element)!r} is not a decimal number", self._path(element))
            )
        return value

    def date(self, text: str | None, element: Element | None) -> date | None:
        if not text:
            return None
        match = self._date_pattern.fullmatch(text)
        try:
            if match:
                return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
        path = self._path(element) if element is not None else ""
        self.findings.append(Finding("SYNTAX-DATE", f"{text!r} is not a date ({self._date_format})", path))
        return None

    def duplicate(self, element: Element, allowed: str) -> None:
        """[SYNTAX-CARDINALITY] ``element`` repeats one that ``allowed`` (the schema, EN 16931) permits once: the
        document is refused rather than read as "the first (or last) one wins"."""
        path = self._path(element)
        name = path.rsplit("/", 1)[-1].split("[", 1)[0]
        self.findings.append(
            Finding("SYNTAX-CARDINALITY", f"{name} occurs more than once; {allowed} allows it once", path)
        )


_NAMESPACE_PREFIXES = {
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
    "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "rsm",
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
    "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
    "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
}


def _step(element: Element) -> str:
    tag: object = element.tag  # a comment's, processing instruction's or entity's tag is a function, not a str
    if not isinstance(tag, str):
        return "node()"
    if tag[0] == "{":
        namespace, _, local = tag[1:].partition("}")
        prefix = _NAMESPACE_PREFIXES.get(namespace)
        name = f"{prefix}:{local}" if prefix else local
    else:
        name = tag
    parent = element.getparent()
    if parent is not None:
        same = list(parent.iterchildren(tag))
        if len(same) > 1:
            name = f"{name}[{same.index(element) + 1}]"
    return name


def path_of(element: Element | None, child: str | None = None) -> str:
    """The XPath of ``element`` (``/Invoice/cac:InvoiceLine[2]/cbc:ID``), plus ``/child`` when it is missing there.

    Steps use the usual prefixes (``cac``, ``cbc``, ``rsm``, ``ram`` ...), the UBL root element is written without
    one, and a position is added where siblings share the name. Only called to report a finding.
    """
    if element is None:
        return child or ""
    steps = []
    node: Element | None = element
    while node is not None:
        steps.append(_step(node))
        node = node.getparent()
    path = "/" + "/".join(reversed(steps))
    return f"{path}/{child}" if child else path


def fraction_digits(value: Decimal) -> int:
    """Digits written after the decimal point (``12.000`` has 3): what the BR-DEC rules count."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
