"""The EN 16931 business rules: a registry of small functions, one per rule id, and the engine that runs them.

Each rule is a function of the :class:`~shared.domain.documents.facts.En16931Document` registered with :func:`rule`: its
id (the standard's: ``BR-S-08``, ``BR-CL-14``, ``UBL-SR-44`` ...), its severity (``error`` for the standard's
fatal rules, which reject a document; ``warning`` for the rest), a one-line statement, and optionally

- ``needs``: a fact the rule is about (``payee``, ``cat:S`` ...); the engine skips the rule when the document does
  not hold it, so that a typical invoice pays only for the rules that concern it (see ``facts.present``);
- ``syntax``: the one syntax the rule belongs to (the UBL-SR/UBL-DT rules).

A rule returns ``None`` (or nothing) when it holds, else the places where it fails, each a :data:`Hit`:
``(element, term, detail)`` where ``term`` names the offending or missing business term below ``element`` (its
path in the syntax comes from ``doc.terms``) and ``detail`` says what is wrong. The engine turns each into a
:class:`~shared.domain.documents.model.Finding` with the XPath of the node.

The rule modules, by family: the core rules BR-01..BR-65 in :mod:`.core_document` (the header, totals, period and
references), :mod:`.core_parties`, :mod:`.core_lines` and :mod:`.core_amounts` (allowances, charges, VAT breakdown,
payment); :mod:`.cohesion` (BR-CO-*); the VAT category families (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF,
BR-AG), described in :mod:`.vat_categories`, with the ten rules each has in :mod:`.vat` and the few more of BR-IC and
BR-O in :mod:`.vat_extras`; :mod:`.codelists` (BR-CL-*), :mod:`.decimals` (BR-DEC-*) and :mod:`.syntax` (UBL-SR,
UBL-DT, CII-SR).

Codes of this project, not of EN 16931, that the UBL and CII parsers and :mod:`shared.domain.documents.validate` add:

| code | finding |
|---|---|
| SYNTAX-NUMBER | an amount, quantity, rate or price is not an ``xs:decimal`` |
| SYNTAX-DATE | a date is not a real date in the syntax's format (UBL ``YYYY-MM-DD``, CII format 102 ``CCYYMMDD``) |
| SYNTAX-CARDINALITY | an element allowed once occurs again (see below) |
| KR-DATE-FUTURE | the issue date (BT-2) is after today in Asia/Seoul (:mod:`shared.domain.documents.dates`) |
| KR-DATE-RANGE | the issue date (BT-2) is before 2000-01-01 |

SYNTAX-CARDINALITY: an element the parsers read that the UBL 2.1 or CII D16B schema allows at most once
(maxOccurs="1"), or that carries a business term EN 16931 allows once (a second VAT total in the same currency),
occurs again; the official artefacts refuse these at XML Schema validation, which this validator does not run. The
official rule id is used instead where one exists (UBL-SR-12, UBL-SR-18, CII-SR-009, CII-SR-010, CII-SR-014).

Every rule runs in :func:`~shared.domain.documents.model.exact_arithmetic`: amounts of any number of digits are added
and compared exactly (the default ``decimal`` context would round at 28 digits)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.domain.documents.facts import En16931Document, path_of
from shared.domain.documents.model import Finding, Severity, exact_arithmetic

if TYPE_CHECKING:
    from lxml.etree import _Element

Hit = tuple["_Element | None", "str | None", "str | None"]
Check = Callable[[En16931Document], "Iterable[Hit] | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    statement: str
    check: Check
    severity: Severity = "error"
    needs: str | None = None
    syntax: str | None = None

    @property
    def family(self) -> str:
        return family_of(self.id)

    def finding(self, doc: En16931Document, hit: Hit) -> Finding:
        element, term, detail = hit
        child = doc.terms.get(term, None) if term else None
        path = path_of(element if element is not None else doc.root, child)
        message = f"{self.statement} ({detail})" if detail else self.statement
        return Finding(self.id, message, path, self.severity)


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str, statement: str, *, severity: Severity = "error", needs: str | None = None, syntax: str | None = None
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of ``rule_id``."""

    def register(check: Check) -> Check:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} is registered twice")
        REGISTRY[rule_id] = Rule(rule_id, statement, check, severity, needs, syntax)
        return check

    return register


def hit(element: _Element | None, term: str | None = None, detail: str | None = None) -> Hit:
    return (element, term, detail)


def blank(value: str | None) -> bool:
    """A text term that is missing or empty."""
    return value is None or value == ""


def family_of(rule_id: str) -> str:
    """``BR-S-08`` -> ``BR-S``, ``BR-CL-14`` -> ``BR-CL``, ``BR-12`` -> ``BR``, ``UBL-SR-44`` -> ``UBL-SR``."""
    head, _, tail = rule_id.rpartition("-")
    return head if head and tail[:1].isdigit() else rule_id


def _load() -> dict[str, tuple[Rule, ...]]:
    """Every registered rule, per syntax, in id order (the rule modules register themselves on import)."""
    from shared.domain.documents.rules import (  # noqa: F401  (each registers its rules)
        codelists,
        cohesion,
        core_amounts,
        core_document,
        core_lines,
        core_parties,
        decimals,
        syntax,
        vat,
        vat_extras,
    )

    ordered = sorted(REGISTRY.values(), key=lambda r: _sort_key(r.id))
    return {name: tuple(r for r in ordered if r.syntax in (None, name)) for name in ("ubl", "cii")}


def _sort_key(rule_id: str) -> tuple[str, int, str]:
    head, _, tail = rule_id.rpartition("-")
    return (head, int(tail), rule_id) if tail.isdigit() else (rule_id, 0, rule_id)


RULES: dict[str, tuple[Rule, ...]] = _load()
RULE_IDS: tuple[str, ...] = tuple(sorted(REGISTRY, key=_sort_key))
# What the engine loops over: (needs, check, rule) per syntax, unpacked once.
_PLAN = {name: tuple((r.needs, r.check, r) for r in rules) for name, rules in RULES.items()}


def check(doc: En16931Document) -> list[Finding]:
    """Every finding of every rule that concerns ``doc``, the syntax findings (``SYNTAX-*``) first."""
    findings = list(doc.syntax_findings)
    present = doc.present
    with exact_arithmetic(doc.longest_number):  # amounts of any number of digits are compared exactly
        for needs, check_rule, each in _PLAN[doc.syntax]:
            if needs is not None and needs not in present:
                continue
            hits = check_rule(doc)
            if hits:
                findings.extend(each.finding(doc, h) for h in hits)
    return findings
