"""The layers of ``shared/`` and the one direction of their imports, read from every module's syntax tree (an
import hidden inside a function counts too):

- ``shared/domain`` (documents, claims, subsidy, settlement: models, rules, ports) imports no AWS library
  (boto3, botocore, pynamodb), no adapter and no application service;
- ``shared/application`` (the services that compose contexts) imports no AWS library and no adapter, except the
  composition root ``shared/application/wiring.py``, whose job is to choose the adapters;
- ``shared/adapters`` implement the domain's ports and import no application service;
- the functions reach the services only through the composition root, never a repository of their own choosing
  inside the domain.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AWS = ("boto3", "botocore", "pynamodb")
COMPOSITION_ROOT = "shared/application/wiring.py"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _under(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _modules(folder: str) -> list[tuple[str, set[str]]]:
    return [(path.relative_to(ROOT).as_posix(), _imports(path)) for path in sorted((ROOT / folder).rglob("*.py"))]


def test_the_three_layers_are_folders():
    assert {p.name for p in (ROOT / "shared").iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        "domain",
        "application",
        "adapters",
    }
    assert {p.name for p in (ROOT / "shared" / "domain").iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        "documents",
        "claims",
        "subsidy",
        "settlement",
    }


def test_the_domain_imports_no_aws_library_no_adapter_and_no_service():
    found = {
        (module, name)
        for module, names in _modules("shared/domain")
        for name in names
        if _under(name, *AWS, "shared.adapters", "shared.application")
    }
    assert found == set()


def test_the_services_import_no_aws_library_and_no_adapter_but_the_composition_root_does():
    found = {
        (module, name)
        for module, names in _modules("shared/application")
        if module != COMPOSITION_ROOT
        for name in names
        if _under(name, *AWS, "shared.adapters")
    }
    assert found == set()
    assert any(_under(n, "shared.adapters") for n in _imports(ROOT / COMPOSITION_ROOT)), "the root binds adapters"


def test_the_adapters_import_no_service():
    found = {
        (module, name)
        for module, names in _modules("shared/adapters")
        for name in names
        if _under(name, "shared.application")
    }
    assert found == set()


@pytest.mark.parametrize("layer", ["shared/domain", "shared/application", "shared/adapters"])
def test_the_walk_sees_imports_inside_functions(layer, tmp_path):
    # the walk itself: an import inside a function body is found (a test that cannot fail is a defect)
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from pynamodb.models import Model\n    import boto3\n")
    assert {"pynamodb.models", "pynamodb.models.Model", "boto3"} <= _imports(sample)
    assert _modules(layer), f"{layer} holds modules"


def test_routes_receive_their_services_and_import_no_data_adapter():
    """One Router per context; a route gets its services injected (``services(router)``), never builds them."""
    routes = _modules("functions/api/routes")
    assert {Path(m).stem for m, _ in routes} == {"__init__", "common", "claims", "subsidy", "settlement", "public"}
    found = {
        (module, name)
        for module, names in routes
        for name in names
        if _under(
            name,
            *AWS,
            "shared.application.wiring",
            "shared.adapters.dynamodb",
            "shared.adapters.document_store",
            "shared.adapters.eventbridge",
            "shared.adapters.aws",
        )
    }
    typed = {
        ("functions/api/routes/common.py", n)
        for n in ("shared.application.wiring", "shared.application.wiring.Services")
    }
    assert found == typed, "only the type of the injected services (under TYPE_CHECKING) names the composition root"
    assert "TYPE_CHECKING" in (ROOT / "functions/api/routes/common.py").read_text(encoding="utf-8")


MAX_MODULE_LINES = 400  # each module one job: a module past this is doing two


def test_no_module_in_shared_is_over_the_line_limit():
    long = {
        path.relative_to(ROOT).as_posix(): n
        for path in (ROOT / "shared").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
