"""The domain knows no AWS: no module of the domain packages imports boto3, botocore or pynamodb, or an adapter
(``shared.data``, ``shared.aws``), at module level or inside a function. Every import is walked in the syntax
tree, so an import hidden in a function counts too.

``STILL_TO_MOVE`` is the ratchet of issue 9: the back-references that remain, each named. A new one fails the test;
one that is gone must be struck from the list (the test fails until it is), so the list only shrinks."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ("shared/documents", "shared/claims", "shared/subsidy", "shared/settlement")
COMPOSITION_ROOT = {"shared/claims/wiring.py"}  # wires adapters into services: the application layer's job
FORBIDDEN = ("boto3", "botocore", "pynamodb", "shared.data", "shared.aws")

STILL_TO_MOVE: set[tuple[str, str]] = set()  # empty: keep it so


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations() -> set[tuple[str, str]]:
    found = set()
    for package in DOMAIN:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in COMPOSITION_ROOT:
                continue
            for name in _imports(path):
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN) or name == "shared.events":
                    found.add((relative, name))
    return found


def test_the_domain_imports_no_aws_library_and_no_adapter():
    found = _violations()
    assert found - STILL_TO_MOVE == set(), "new imports from the domain into AWS or an adapter"
    assert STILL_TO_MOVE - found == set(), "moved: strike these from STILL_TO_MOVE"


def test_no_aws_library_at_all_in_the_domain():
    aws = {(f, n) for f, n in _violations() if n.split(".")[0] in ("boto3", "botocore", "pynamodb")}
    assert aws == set()
