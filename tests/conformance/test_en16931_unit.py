"""The EN 16931 unit test sets (CEN/TC 434): every case for a rule we implement gets the standard's verdict.

Each ``<test>`` in ``Invoice-unit-UBL/<rule>.xml`` (and the CreditNote and CII sets) holds a document fragment and
says ``<success>RULE</success>`` (the rule must not fire) or ``<error>RULE</error>`` (it must fire). Fragments miss
most mandatory content, so other rules fire too: only the verdict for the named rule is compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from shared.documents import validate_document
from shared.documents.en16931 import RULE_IDS

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TESTS = DATA / "en16931" / "test"
VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"
VERDICTS = {f"{VEFA}success", f"{VEFA}error", f"{VEFA}warning"}
SETS = {"Invoice-unit-UBL": "ubl", "CreditNote-unit-UBL": "ubl", "cii": "cii"}


@dataclass(frozen=True)
class Case:
    set_name: str
    file: str
    number: int
    fmt: str
    rule: str
    must_fire: bool
    document: bytes

    @property
    def id(self) -> str:
        return f"{self.set_name}/{self.file}#{self.number}:{'error' if self.must_fire else 'success'}"


def _cases() -> list[Case]:
    cases = []
    for set_name, fmt in SETS.items():
        for path in sorted((TESTS / set_name).glob("*.xml")):
            test_set = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
            for number, test in enumerate(test_set.iterfind(f"{VEFA}test"), 1):
                verdict = next((e for e in test.iterfind(f"{VEFA}assert/*") if e.tag in VERDICTS), None)
                assert verdict is not None and verdict.text, f"{path.name} test {number} has no verdict"
                rule = verdict.text.strip()
                if rule not in RULE_IDS:
                    continue
                must_fire = verdict.tag != f"{VEFA}success"  # <error> or <warning>
                document = next(child for child in test if isinstance(child.tag, str) and VEFA not in child.tag)
                cases.append(Case(set_name, path.name, number, fmt, rule, must_fire, etree.tostring(document)))
    return cases


CASES = _cases()


def test_every_implemented_rule_has_cases() -> None:
    covered = {case.rule for case in CASES if case.set_name == "Invoice-unit-UBL"}
    assert covered == set(RULE_IDS)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_verdict_agrees_with_the_standard(case: Case) -> None:
    result = validate_document(case.fmt, case.document)
    fired = [f for f in result.findings if f.code == case.rule]
    if case.must_fire:
        assert fired, f"{case.rule} should fire; findings: {result.findings}"
    else:
        assert not fired, f"{case.rule} should not fire: {fired}"
