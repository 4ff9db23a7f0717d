"""The EN 16931 unit test sets (CEN/TC 434), one test per assertion: the asserted rule fires or stays silent.

Each ``<test>`` in ``Invoice-unit-UBL/<rule>.xml`` (and the CreditNote and CII sets) holds a document fragment and
says ``<success>RULE</success>`` (the rule must not fire), ``<error>RULE</error>`` or ``<warning>RULE</warning>`` (it
must fire, with that severity). Fragments miss most mandatory content, so other rules fire too: only the verdict for
the named rule is compared. The whole run, with its agreement figures, is ``tests/conformance/runner.py``.
"""

from __future__ import annotations

import pytest

from shared.domain.documents import validate_document
from shared.domain.documents.en16931 import REGISTRY
from tests.conformance.runner import Assertion, load_cases

CASES = [(case, assertion) for case in load_cases() for assertion in case.assertions]


def test_every_rule_the_sets_exercise_is_implemented() -> None:
    exercised = {assertion.rule for _, assertion in CASES}
    assert exercised - set(REGISTRY) == set()
    assert len(exercised) == 201  # rule ids across the three sets


@pytest.mark.parametrize(("case", "assertion"), CASES, ids=[a.id for _, a in CASES])
def test_verdict_agrees_with_the_standard(case: object, assertion: Assertion) -> None:
    result = validate_document(assertion.fmt, case.document)  # type: ignore[attr-defined]
    fired = [f for f in result.findings if f.code == assertion.rule]
    if assertion.must_fire:
        assert fired, f"{assertion.rule} should fire; findings: {[f.as_dict() for f in result.findings]}"
        expected = "warning" if assertion.expected == "warning" else "error"
        assert {f.severity for f in fired} == {expected}
    else:
        assert not fired, f"{assertion.rule} should not fire: {[f.as_dict() for f in fired]}"
