"""Handler import time (the cold start's init) in fresh processes, beside a bare ``import boto3``; and what each
top-level package costs, from ``python -X importtime``."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from bench.common import function_env

ROOT = Path(__file__).resolve().parents[1]
MODULES = (
    "boto3",
    "functions.api.handler",
    "functions.intake.handler",
    "functions.validation.handler",
    "functions.settlement.handler",
)
# Issue 9's goals: the business-facing claims path (the API function) at most 1.5x a bare ``import boto3`` in the
# same run, every other function at most 2x.
GOAL_RATIO = {"functions.api.handler": 1.5}
DEFAULT_GOAL_RATIO = 2.0


def compile_project() -> None:
    """Byte-compile the project's packages first, so that they are measured on the same footing as the libraries
    (which pip compiled at install time); otherwise every fresh process would compile them again when
    PYTHONDONTWRITEBYTECODE is set."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "shared", "functions"], cwd=ROOT, check=True, capture_output=True
    )


def import_ms(module: str, runs: int) -> float:
    """The best of ``runs`` fresh processes: on a shared machine noise only ever adds time, so the minimum is the
    steadiest estimate of the import's own cost (timeit's reasoning)."""
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=function_env(), check=True, capture_output=True, text=True
        )
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return min(samples)


def costs_by_package(module: str) -> dict[str, float]:
    """Milliseconds of import work per top-level package (self times summed), from ``python -X importtime``."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        env=function_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    costs: dict[str, float] = defaultdict(float)
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        costs[name.strip().split(".")[0]] += int(own) / 1000
    return dict(sorted(costs.items(), key=lambda kv: -kv[1]))


def run(runs: int = 7) -> dict:
    compile_project()
    times = {module: import_ms(module, runs) for module in MODULES}
    base = times["boto3"]
    return {
        "runs": runs,
        "ms": times,
        "ratio": {m: t / base for m, t in times.items()},
        "goal_ratio": {m: GOAL_RATIO.get(m, DEFAULT_GOAL_RATIO) for m in MODULES[1:]},
        "breakdown": {m: costs_by_package(m) for m in MODULES[1:]},
    }
