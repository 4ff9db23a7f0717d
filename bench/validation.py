"""Benchmark: parse + validate time per invoice, over the shared test documents (goal: median <= 1 ms).

For each document (EN 16931 UBL and CII examples, the KEC sample) it times ``validate_document`` with
``time.perf_counter_ns`` over many repetitions after a warm-up, keeps the document's median, and prints, per format
and overall, the median, 90th percentile and maximum of those per-document medians.

    python bench/validation.py [--repeat 300] [--warmup 20] [--data ../shared/data] [--per-document]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
FOLDERS = (("ubl", "en16931/ubl/examples"), ("cii", "en16931/cii/examples"), ("kec", "kec"))
GOAL_NS = 1_000_000


def documents(data: Path) -> list[tuple[str, str, bytes]]:
    """(format, name, content) of every XML file in the benchmark folders."""
    found = []
    for fmt, folder in FOLDERS:
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


def run(repeat: int = 200, warmup: int = 10, data: Path = DEFAULT_DATA) -> dict:
    """Per-format and overall medians (of per-document medians), in milliseconds, for ``make bench``."""
    from shared.documents import validate_document

    today = date(2025, 1, 1)
    medians: dict[str, list[float]] = {}
    for fmt, _name, content in documents(data):
        value = median_ns(lambda f=fmt, c=content: validate_document(f, c, today=today), repeat, warmup)
        medians.setdefault(fmt, []).append(value)
    everything = [v for values in medians.values() for v in values]
    return {
        "documents": len(everything),
        "median_ms": statistics.median(everything) / 1e6,
        "goal_ms": GOAL_NS / 1e6,
        "median_ms_by_format": {fmt: statistics.median(v) / 1e6 for fmt, v in medians.items()},
        "count_by_format": {fmt: len(v) for fmt, v in medians.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300, help="timed runs per document (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed runs per document first (default 20)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"test data folder (default {DEFAULT_DATA})")
    parser.add_argument("--per-document", action="store_true", help="also print each document's median")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from shared.documents import validate_document

    today = date(2025, 1, 1)
    medians: dict[str, list[float]] = {}
    for fmt, name, content in documents(args.data):
        result = validate_document(fmt, content, today=today)
        value = median_ns(lambda f=fmt, c=content: validate_document(f, c, today=today), args.repeat, args.warmup)
        medians.setdefault(fmt, []).append(value)
        if args.per_document:
            verdict = "valid" if result.valid else f"{len(result.errors)} errors"
            print(f"  {fmt:<4} {name:<40} {len(content):>8} B {value / 1000:>9.1f} us  {verdict}")

    print(f"{'parse + validate':<24} {'docs':>5} {'median us':>11} {'p90 us':>11} {'max us':>11}")
    for fmt, values in medians.items():
        print(row(fmt, values))
    everything = [v for values in medians.values() for v in values]
    print(row("all", everything))
    overall = statistics.median(everything)
    print(f"goal: median <= {GOAL_NS / 1000:.0f} us per invoice -> {'met' if overall <= GOAL_NS else 'NOT met'}")
    return 0 if overall <= GOAL_NS else 1


if __name__ == "__main__":
    raise SystemExit(main())
