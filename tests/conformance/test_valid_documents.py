"""Every real, valid document in the shared test data passes every rule we implement (no error findings).

The folders hold only documents their publishers mark valid (see ``../shared/data/README.md``). Two names look like
negative examples but are not, and stay in:

- ``ubl/examples/BIS3_Invoice_negativ.XML`` is a *negative-amount* invoice (Danish "negativ"): every amount and
  the quantity are negated, consistently, so every total rule still holds;
- ``cii/examples/CII-BR-CO-10-RoundingIssue.xml`` is the standard's regression example for a rounding bug in
  BR-CO-10 (lines of 720.81, 0.01, -720.81 and -0.01 summing to 0.00): it must pass.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shared.domain.documents import validate_document

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FOLDERS = {
    "en16931/ubl/examples": "ubl",
    "en16931/cii/examples": "cii",
    "en16931/test/testfiles": "ubl",
    "kec": "kec",
}
EXCLUDED: dict[str, str] = {}  # relative path -> why; none needed (see the module docstring)
DOCUMENTS = [
    (fmt, path)
    for folder, fmt in FOLDERS.items()
    for path in sorted((DATA / folder).iterdir())
    if path.suffix.lower() == ".xml" and str(path.relative_to(DATA)) not in EXCLUDED
]


def test_the_data_is_there() -> None:
    assert {fmt for fmt, _ in DOCUMENTS} == {"ubl", "cii", "kec"}
    assert len(DOCUMENTS) >= 60


@pytest.mark.parametrize(("fmt", "path"), DOCUMENTS, ids=[str(p.relative_to(DATA)) for _, p in DOCUMENTS])
def test_valid_document_has_no_errors(fmt: str, path: Path) -> None:
    result = validate_document(fmt, path.read_bytes(), today=date(2025, 1, 1))
    assert result.errors == [], [f.as_dict() for f in result.errors]
    assert result.invoice is not None
    assert result.invoice.invoice_id
    assert result.invoice.lines


def test_the_kec_sample_is_valid_by_the_seoul_clock() -> None:
    result = validate_document("kec", (DATA / "kec" / "nts-sample-unsigned.xml").read_bytes())
    assert result.valid
