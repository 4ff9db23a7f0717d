"""The CDK app: builds the Lambda asset, the stack, runs cdk-nag (AwsSolutions) and synthesises.

``python infra/app.py`` from the repository root writes ``cdk.out/`` (or ``$CDK_OUTDIR``, as the CDK CLI sets it)
with no AWS account and no Docker. The feature flags of ``cdk.json`` apply both ways: the CLI passes them, and
a direct run reads them from the file.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the repository root, not from infra/, where
    _infra = Path(__file__).resolve().parent  # infra/constructs would shadow the `constructs` library
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _infra]
    sys.path.insert(0, str(_infra.parent))

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra import bundle
from infra.constants import CDK_JSON, DEFAULT_OUTDIR, STACK_ID
from infra.stack import ClaimsStack


def cdk_json_context() -> dict:
    return json.loads(CDK_JSON.read_text()).get("context", {}) if CDK_JSON.is_file() else {}


def build_app(outdir: str | os.PathLike | None = None) -> tuple[cdk.App, ClaimsStack]:
    """The app and its stack, with cdk-nag registered; call ``app.synth()`` to validate and write it."""
    bundle.build()
    outdir = outdir or os.environ.get("CDK_OUTDIR") or DEFAULT_OUTDIR
    app = cdk.App(outdir=str(outdir), context=cdk_json_context(), analytics_reporting=False)
    stack = ClaimsStack(app, STACK_ID)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))
    return app, stack


def prune_stale_assets(outdir: Path) -> list[str]:
    """Remove ``asset.*`` folders no stack of the assembly refers to any more (each is a 70 MB copy)."""
    referenced: set[str] = set()
    for assets_file in outdir.glob("*.assets.json"):
        for entry in json.loads(assets_file.read_text()).get("files", {}).values():
            referenced.add(entry["source"]["path"])
    removed = []
    for path in outdir.glob("asset.*"):
        if path.name not in referenced:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path.name)
    return removed


def main() -> None:
    app, _ = build_app()
    assembly = app.synth()
    prune_stale_assets(Path(assembly.directory))


if __name__ == "__main__":
    main()
