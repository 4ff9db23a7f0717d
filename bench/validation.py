"""Benchmark: parse + validate time per invoice, and the validator's import time in a fresh process.

Per invoice (goal: median <= 0.5 ms): for every valid EN 16931 example in the shared data (UBL and CII examples and
the UBL test files) it times ``validate_document`` with ``time.perf_counter_ns`` over many repetitions after a
warm-up, keeps the document's median, and prints, per format and overall, the median, 90th percentile and maximum
of those per-document medians. The KEC sample is timed too and shown on its own row; the goal's median is over the
EN 16931 documents.

Import (goal: <= 150 ms): the median over fresh processes of importing ``shared.domain.documents.validate`` and the UBL,
CII and EN 16931 modules a first UBL or CII validation imports (lxml and the rule registry included).

    python bench/validation.py [--repeat 300] [--warmup 20] [--data ../shared/data] [--per-document] [--imports 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
EN16931_FOLDERS = (("ubl", "en16931/ubl/examples"), ("cii", "en16931/cii/examples"), ("ubl", "en16931/test/testfiles"))
OTHER_FOLDERS = (("kec", "kec"),)
GOAL_NS = 500_000
IMPORT_GOAL_MS = 150.0
IMPORT_STATEMENT = (
    "import shared.domain.documents.validate, shared.domain.documents.ubl, "
    "shared.domain.documents.cii, shared.domain.documents.en16931"
)


def documents(data: Path, folders: tuple[tuple[str, str], ...] = EN16931_FOLDERS) -> list[tuple[str, str, bytes]]:
    """(format, name, content) of every XML file in ``folders``."""
    found = []
    for fmt, folder in folders:
        for path in sorted((data / folder).iterdir()):
            if path.suffix.lower() == ".xml":
                found.append((fmt, path.name, path.read_bytes()))
    return found


def median_ns(run: Callable[[], object], repeat: int, warmup: int) -> float:
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter_ns()
        run()
        samples.append(time.perf_counter_ns() - started)
    return statistics.median(samples)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def row(label: str, values: list[float]) -> str:
    med, p90, top = statistics.median(values), percentile(values, 0.9), max(values)
    return f"{label:<24} {len(values):>5} {med / 1000:>11.1f} {p90 / 1000:>11.1f} {top / 1000:>11.1f}"


def _medians(data: Path, repeat: int, warmup: int, per_document: bool = False) -> tuple[dict, dict]:
    """Per-format lists of per-document medians (ns): the EN 16931 documents, and the others (KEC)."""
    from shared.domain.documents import validate_document

    today = date(2025, 1, 1)
    groups: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for group, folders in zip(groups, (EN16931_FOLDERS, OTHER_FOLDERS), strict=True):
        for fmt, name, content in documents(data, folders):
            value = median_ns(lambda f=fmt, c=content: validate_document(f, c, today=today), repeat, warmup)
            group.setdefault(fmt, []).append(value)
            if per_document:
                result = validate_document(fmt, content, today=today)
                verdict = "valid" if result.valid else f"{len(result.errors)} errors"
                print(f"  {fmt:<4} {name:<44} {len(content):>8} B {value / 1000:>9.1f} us  {verdict}")
    return groups


def import_ms(runs: int = 5) -> float:
    """Median over ``runs`` fresh interpreters of the validator's imports (ms), interpreter start-up excluded."""
    code = f"import time; t = time.perf_counter(); {IMPORT_STATEMENT}; print((time.perf_counter() - t) * 1000)"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        samples.append(float(out.stdout.strip()))
    return statistics.median(samples)


def run(repeat: int = 200, warmup: int = 10, data: Path = DEFAULT_DATA) -> dict:
    """Per-format and overall medians (of per-document medians), in milliseconds, for ``make bench``.

    ``documents`` and ``median_ms`` cover the EN 16931 examples (the goal's population); ``median_ms_by_format``
    and ``count_by_format`` add the KEC sample as its own format.
    """
    en16931, others = _medians(data, repeat, warmup)
    everything = [v for values in en16931.values() for v in values]
    by_format = {**en16931, **others}
    return {
        "documents": len(everything),
        "median_ms": statistics.median(everything) / 1e6,
        "goal_ms": GOAL_NS / 1e6,
        "median_ms_by_format": {fmt: statistics.median(v) / 1e6 for fmt, v in by_format.items()},
        "count_by_format": {fmt: len(v) for fmt, v in by_format.items()},
        "import_ms": import_ms(),
        "import_goal_ms": IMPORT_GOAL_MS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300, help="timed runs per document (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed runs per document first (default 20)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"test data folder (default {DEFAULT_DATA})")
    parser.add_argument("--per-document", action="store_true", help="also print each document's median")
    parser.add_argument("--imports", type=int, default=5, help="fresh processes for the import time (default 5)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    en16931, others = _medians(args.data, args.repeat, args.warmup, args.per_document)

    print(f"{'parse + validate':<24} {'docs':>5} {'median us':>11} {'p90 us':>11} {'max us':>11}")
    for fmt, values in en16931.items():
        print(row(fmt, values))
    everything = [v for values in en16931.values() for v in values]
    print(row("all EN 16931", everything))
    for fmt, values in others.items():
        print(row(f"{fmt} (not in the goal)", values))
    overall = statistics.median(everything)
    met = overall <= GOAL_NS
    print(f"goal: median <= {GOAL_NS / 1000:.0f} us per invoice -> {'met' if met else 'NOT met'}")
    imports = import_ms(args.imports)
    imports_met = imports <= IMPORT_GOAL_MS
    print(
        f"import, fresh process (median of {args.imports}): {imports:.1f} ms; goal <= {IMPORT_GOAL_MS:.0f} ms -> "
        f"{'met' if imports_met else 'NOT met'}"
    )
    return 0 if met and imports_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
