"""EN 16931 conformance: every assertion of the official unit test sets, through the validator the API uses.

Each ``<test>`` of ``Invoice-unit-UBL/``, ``CreditNote-unit-UBL/`` and ``cii/`` (CEN/TC 434) holds a document fragment
and asserts, for one rule, ``<success>`` (the rule must not fire), ``<error>`` or ``<warning>`` (it must fire).
Fragments miss most mandatory content, so other rules fire too: only the asserted rule's verdict is compared. Each
fragment goes through :func:`shared.domain.documents.validate_document`, the function behind
``POST /v1/documents/validate``; a rule "fired" when a finding carries its id.

    python -m tests.conformance.runner [--json out/conformance.json] [--data ../shared/data/en16931/test] [-q]

Prints agreement per syntax and rule family and in total, then every disagreement. Exits 1 when any assertion
disagrees, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "en16931" / "test"
VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"
VERDICTS = {f"{VEFA}success": "success", f"{VEFA}error": "error", f"{VEFA}warning": "warning"}
SETS = {"Invoice-unit-UBL": "ubl", "CreditNote-unit-UBL": "ubl", "cii": "cii"}


@dataclass(frozen=True)
class Assertion:
    """One ``<success>``/``<error>``/``<warning>`` of one ``<test>``."""

    set_name: str
    file: str
    test: int  # 1-based position of the <test> in its file
    fmt: str
    rule: str
    expected: str  # success | error | warning

    @property
    def id(self) -> str:
        return f"{self.set_name}/{self.file}#{self.test}:{self.rule}:{self.expected}"

    @property
    def must_fire(self) -> bool:
        return self.expected != "success"


@dataclass(frozen=True)
class Case:
    """One ``<test>``: its document and its assertions."""

    set_name: str
    file: str
    test: int
    fmt: str
    document: bytes
    assertions: tuple[Assertion, ...]


@dataclass
class Outcome:
    assertion: Assertion
    fired: bool
    findings: list[dict[str, str]]  # the asserted rule's findings
    refused: str | None = None

    @property
    def agrees(self) -> bool:
        return self.fired == self.assertion.must_fire


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def by_syntax(self) -> dict[str, list[Outcome]]:
        grouped: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            grouped[outcome.assertion.fmt].append(outcome)
        return dict(grouped)

    def agreed(self, fmt: str | None = None) -> int:
        return sum(o.agrees for o in self.outcomes if fmt is None or o.assertion.fmt == fmt)

    def total(self, fmt: str | None = None) -> int:
        return sum(1 for o in self.outcomes if fmt is None or o.assertion.fmt == fmt)

    def disagreements(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.agrees]

    def families(self, fmt: str) -> dict[str, tuple[int, int]]:
        from shared.domain.documents.rules import family_of

        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for outcome in self.outcomes:
            if outcome.assertion.fmt == fmt:
                entry = counts[family_of(outcome.assertion.rule)]
                entry[0] += outcome.agrees
                entry[1] += 1
        return {family: (agreed, total) for family, (agreed, total) in sorted(counts.items())}

    def as_dict(self) -> dict[str, object]:
        result: dict[str, object] = {}
        for fmt in sorted(self.by_syntax()):
            result[fmt] = {
                "assertions": self.total(fmt),
                "agreed": self.agreed(fmt),
                "families": {f: {"agreed": a, "assertions": t} for f, (a, t) in self.families(fmt).items()},
                "disagreements": [
                    {**asdict(o.assertion), "fired": o.fired, "findings": o.findings, "refused": o.refused}
                    for o in self.disagreements()
                    if o.assertion.fmt == fmt
                ],
            }
        result["total"] = {"assertions": self.total(), "agreed": self.agreed()}
        return result


def load_cases(data: Path = DEFAULT_DATA, sets: dict[str, str] = SETS) -> list[Case]:
    """Every ``<test>`` of the unit test sets under ``data``, in file and document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    cases = []
    for set_name, fmt in sets.items():
        for path in sorted((data / set_name).glob("*.xml")):
            tree = etree.parse(str(path), parser)
            for number, test in enumerate(tree.getroot().iterfind(f"{VEFA}test"), 1):
                assertions = tuple(
                    Assertion(set_name, path.name, number, fmt, verdict.text.strip(), VERDICTS[verdict.tag])
                    for verdict in test.iterfind(f"{VEFA}assert/*")
                    if verdict.tag in VERDICTS and verdict.text and verdict.text.strip()
                )
                document = next((c for c in test if isinstance(c.tag, str) and not c.tag.startswith(VEFA)), None)
                if document is None or not assertions:
                    raise ValueError(f"{path.name} test {number} has no document or no assertion")
                cases.append(Case(set_name, path.name, number, fmt, etree.tostring(document), assertions))
    return cases


def run(data: Path = DEFAULT_DATA, sets: dict[str, str] = SETS) -> Report:
    """Validate every case's document once and compare each of its assertions."""
    from shared.domain.documents import DocumentRefused, validate_document

    report = Report()
    for case in load_cases(data, sets):
        refused = None
        try:
            findings = validate_document(case.fmt, case.document).findings
        except DocumentRefused as exc:
            findings, refused = [], f"{exc.code}: {exc.message}"
        for assertion in case.assertions:
            fired = [f.as_dict() for f in findings if f.code == assertion.rule]
            report.outcomes.append(Outcome(assertion, bool(fired), fired, refused))
    return report


def render(report: Report) -> str:
    lines = []
    for fmt, outcomes in sorted(report.by_syntax().items()):
        lines.append(f"{fmt.upper()}: {report.agreed(fmt)} of {len(outcomes)} assertions agree")
        lines.append(f"  {'family':<10} {'agree':>6} {'of':>6} {'':>7}")
        for family, (agreed, total) in report.families(fmt).items():
            mark = "" if agreed == total else f"  {total - agreed} off"
            lines.append(f"  {family:<10} {agreed:>6} {total:>6} {100 * agreed / total:>6.1f}%{mark}")
        lines.append("")
    total, agreed = report.total(), report.agreed()
    lines.append(f"TOTAL: {agreed} of {total} assertions agree ({100 * agreed / max(total, 1):.1f}%)")
    disagreements = report.disagreements()
    if disagreements:
        lines.append("")
        lines.append(f"{len(disagreements)} disagreements:")
        for outcome in disagreements:
            a = outcome.assertion
            got = "fired" if outcome.fired else "did not fire"
            lines.append(f"  {a.set_name}/{a.file} test {a.test}: {a.rule} expected {a.expected}, {got}")
            if outcome.refused:
                lines.append(f"      refused: {outcome.refused}")
            for finding in outcome.findings[:3]:
                lines.append(f"      {finding['path']}: {finding['message']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.conformance.runner",
        description="Run every assertion of the EN 16931 unit test sets through the document validator and print "
        "the agreement per syntax and rule family, and every disagreement.",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the report as JSON to PATH")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"the unit test sets (default {DEFAULT_DATA})")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the totals and the disagreements")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    report = run(args.data)
    text = render(report)
    if args.quiet:
        text = "\n".join(line for line in text.splitlines() if not line.startswith("  ") or "expected" in line)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.as_dict(), indent=2), encoding="utf-8")
        print(f"written: {args.json}")
    return 1 if report.disagreements() else 0


if __name__ == "__main__":
    raise SystemExit(main())
