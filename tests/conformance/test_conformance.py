"""``python -m tests.conformance.runner`` keeps the agreement it has reached with the official EN 16931 unit sets.

The figures are exact counts of agreeing assertions (``<success>``/``<error>``/``<warning>``), per syntax: a change
that loses one fails here. Raise them when more agree; never lower them to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conformance import runner

MIN_AGREEMENT = {"ubl": 1133, "cii": 9}  # of 1133 UBL (Invoice + CreditNote) and 9 CII assertions


@pytest.fixture(scope="module")
def report() -> runner.Report:
    return runner.run()


def test_the_sets_are_all_there(report: runner.Report) -> None:
    assert report.total("ubl") == 1133
    assert report.total("cii") == 9


@pytest.mark.parametrize("fmt", sorted(MIN_AGREEMENT))
def test_agreement_does_not_fall(report: runner.Report, fmt: str) -> None:
    disagreements = [o.assertion.id for o in report.disagreements() if o.assertion.fmt == fmt]
    assert report.agreed(fmt) >= MIN_AGREEMENT[fmt], disagreements


def test_the_runner_prints_a_table_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "conformance.json"
    status = runner.main(["--json", str(out)])
    printed = capsys.readouterr().out
    assert "UBL: 1133 of 1133 assertions agree" in printed
    assert "BR-CO" in printed and "TOTAL:" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ubl"]["agreed"] == MIN_AGREEMENT["ubl"] and data["cii"]["agreed"] == MIN_AGREEMENT["cii"]
    assert data["total"] == {"assertions": 1142, "agreed": 1142}
    assert status == 0


def test_the_runner_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        runner.main(["--help"])
    assert exit_.value.code == 0
    assert "--json" in capsys.readouterr().out
