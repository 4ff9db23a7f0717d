"""Code lists for the EN 16931 code list rules (BR-CL-*), loaded on first use and cached.

- ISO 3166-1 alpha-2 countries and ISO 4217 currencies come from the maintained ``pycountry`` package: its own data
  files (the Debian iso-codes databases) are read directly, because importing ``pycountry`` itself costs some 40 ms
  (``importlib.metadata``) that a Lambda cold start should not pay.
- Every other list (UNTDID, ISO 6523 ICD, EAS, VATEX, UN/ECE Rec 20 and 21, media types) has no maintained Python
  package; each is one file under ``data/`` that names its source and version in its header: one code per line,
  ``#`` starts a comment, and a second column (after whitespace) qualifies a code where a list needs it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# EN 16931 accepts two codes that ISO 3166-1 has not assigned: 1A (Kosovo) and XI (Northern Ireland, for VAT).
COUNTRY_ADDITIONS = frozenset({"1A", "XI"})


def _pycountry_database(name: str) -> list[dict[str, str]]:
    import importlib.util  # here, not at module import: only the first document with a code needs them
    import json

    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:
        raise RuntimeError("the pycountry package is required for the EN 16931 code lists")
    path = Path(spec.origin).parent / "databases" / f"{name}.json"
    data = json.loads(path.read_bytes())
    return next(iter(data.values()))


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 country codes (pycountry), without the EN 16931 additions."""
    return frozenset(entry["alpha_2"] for entry in _pycountry_database("iso3166-1"))


@cache
def country_codes() -> frozenset[str]:
    """The countries EN 16931 accepts (BR-CL-14, BR-CL-15): ISO 3166-1 alpha-2 plus 1A and XI."""
    return countries() | COUNTRY_ADDITIONS


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 alphabetic currency codes (pycountry)."""
    return frozenset(entry["alpha_3"] for entry in _pycountry_database("iso4217"))


@cache
def code_list(name: str) -> dict[str, str]:
    """The codes of ``data/<name>.txt``, each mapped to its qualifier ("" when the line has none)."""
    codes: dict[str, str] = {}
    for raw in (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            code, _, qualifier = line.partition(" ")
            codes[code] = qualifier.strip()
    return codes


def codes(name: str) -> frozenset[str]:
    return _codes(name)


@cache
def _codes(name: str) -> frozenset[str]:
    return frozenset(code_list(name))
