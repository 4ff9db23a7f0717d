"""Synthesise the CDK app once per test session (bundle included) and share the result with every infra test."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")


@dataclass(frozen=True)
class Synthesised:
    app: object  # aws_cdk.App
    stack: object  # infra.stack.ClaimsStack
    outdir: Path
    template: dict  # the CloudFormation template as written to the cloud assembly
    template_path: Path
    validation_report: dict
    synth_error: str | None


@pytest.fixture(scope="session")
def synthesised(tmp_path_factory: pytest.TempPathFactory) -> Synthesised:
    from infra.app import build_app

    outdir = tmp_path_factory.mktemp("cdk.out")
    app, stack = build_app(outdir)
    error = None
    try:
        app.synth()
    except RuntimeError as exc:  # (jsii) cdk-nag findings interrupt synthesis: keep the report for the nag test
        error = str(exc)
    report_path = outdir / "validation-report.json"
    report = json.loads(report_path.read_text()) if report_path.is_file() else {"pluginReports": []}
    template_path = outdir / f"{stack.artifact_id}.template.json"
    template = json.loads(template_path.read_text()) if template_path.is_file() else {}
    return Synthesised(app, stack, outdir, template, template_path, report, error)


@pytest.fixture(scope="session")
def template(synthesised: Synthesised):
    from aws_cdk.assertions import Template

    assert synthesised.synth_error is None, synthesised.synth_error
    return Template.from_json(synthesised.template)


@pytest.fixture(scope="session")
def resources(synthesised: Synthesised) -> dict[str, dict]:
    assert synthesised.synth_error is None, synthesised.synth_error
    return synthesised.template["Resources"]
