"""``make bench``: the performance table, each figure beside its goal. Writes ``out/bench.json`` too."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.common import verdict

OUT = Path(__file__).resolve().parents[1] / "out"


def main(argv: list[str] | None = None) -> int:
    import warnings

    warnings.filterwarnings("ignore", message="No application metrics to publish")
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--import-runs", type=int, default=7, help="fresh processes per import measurement")
    parser.add_argument("--claims", type=int, default=50, help="uploads for the requests-per-claim count")
    parser.add_argument("--grants", type=int, default=100_000, help="grants in the similar-program index")
    parser.add_argument(
        "--table-grants",
        type=int,
        default=100_000,
        help="grants in the DynamoDB table for the subsidy request count (about 3 minutes and 1 GB locally at 100,000)",
    )
    parser.add_argument(
        "--card-lines", type=int, default=100_000, help="card lines in the table for the card-approval request count"
    )
    parser.add_argument(
        "--run-sizes",
        default="1000,10000",
        help="accepted claims for the payment-run measurements, comma-separated, smallest first",
    )
    parser.add_argument("--close-lines", type=int, default=2_000, help="budget lines of the year-close measurement")
    parser.add_argument(
        "--close-sizes", default="10000,100000", help="paid claims of the year-close measurements, smallest first"
    )
    args = parser.parse_args(argv)
    console = Console()
    results: dict = {}

    from bench import (
        card_requests,
        imports,
        payment_run,
        requests_per_claim,
        similar_programs,
        subsidy_requests,
        validation,
        year_close,
    )

    with console.status("parse + validate every sample document"):
        results["validation"] = validation.run()
    with console.status("handler imports in fresh processes"):
        results["imports"] = imports.run(args.import_runs)
    with console.status(f"{args.claims} uploads through the intake, counting AWS requests"):
        results["requests"] = requests_per_claim.run(args.claims)
    with console.status(f"subsidy claims with 10 and {args.table_grants:,} grants in the table, counting requests"):
        results["subsidy"] = subsidy_requests.run(large=args.table_grants)
    with console.status(f"card approvals with {args.card_lines:,} card lines in the table, counting requests"):
        results["cards"] = card_requests.run(large=args.card_lines)
    with console.status(f"similar-program search against {args.grants:,} grants, index and naive scan"):
        results["similar"] = similar_programs.run(grants=args.grants)
    sizes = tuple(int(n) for n in args.run_sizes.split(","))
    with console.status(f"payment runs over {', '.join(f'{n:,}' for n in sizes)} accepted claims"):
        results["payment"] = payment_run.run(sizes)
    close_sizes = tuple(int(n) for n in args.close_sizes.split(","))
    with console.status(
        f"final year closes of {args.close_lines:,} lines and {', '.join(f'{n:,}' for n in close_sizes)} claims"
    ):
        results["close"] = year_close.run(args.close_lines, close_sizes)

    table = Table(title="Performance (make bench)")
    console.width = console.width if sys.stdout.isatty() else 140
    for column in ("measure", "figure", "goal", ""):
        table.add_column(column)
    v = results["validation"]
    table.add_row(
        f"parse + validate, median per invoice ({v['documents']} documents)",
        f"{v['median_ms']:.3f} ms",
        f"<= {v['goal_ms']} ms",
        verdict(v["median_ms"] <= v["goal_ms"]),
    )
    for fmt, ms in v["median_ms_by_format"].items():
        table.add_row(f"  {fmt} ({v['count_by_format'][fmt]} documents)", f"{ms:.3f} ms", "", "")
    if "import_ms" in v:
        table.add_row(
            "validator import, fresh process (median)",
            f"{v['import_ms']:.0f} ms",
            f"<= {v['import_goal_ms']:.0f} ms",
            verdict(v["import_ms"] <= v["import_goal_ms"]),
        )
    i = results["imports"]
    table.add_row(
        "import boto3 (baseline, best of fresh processes, Lambda's environment)", f"{i['ms']['boto3']:.0f} ms", "", ""
    )
    for module in (m for m in i["ms"] if m != "boto3"):
        ratio = i["ratio"][module]
        table.add_row(
            f"import {module}",
            f"{i['ms'][module]:.0f} ms = {ratio:.2f} x boto3",
            f"<= {i['goal_ratio'][module]} x",
            verdict(ratio <= i["goal_ratio"][module]),
        )
        top = ", ".join(f"{name} {ms:.0f}" for name, ms in list(i["breakdown"][module].items())[:6])
        table.add_row("  own import work by package (ms)", top, "", "")
    r = results["requests"]
    table.add_row(
        f"AWS requests per accepted claim, S3 path ({r['claims']} claims)",
        f"{r['per_claim']:.2f}",
        f"<= {r['goal']:.0f}",
        verdict(r["per_claim"] <= r["goal"]),
    )
    table.add_row("  by operation", ", ".join(f"{k} {n}" for k, n in r["by_operation"].items()), "", "")
    table.add_row("  (the LG registry is read once per container and cached, so it is not per claim)", "", "", "")
    sub = results["subsidy"]
    for size in ("small", "large"):
        m = sub[size]
        table.add_row(
            f"DynamoDB requests per subsidy claim, {m['grants']:,} grants in the table",
            f"{m['per_claim']:.2f} (hard {m['hard_per_claim']:.2f} + soft {m['soft_per_claim']:.2f})",
            f"<= {sub['goal']:.0f}",
            verdict(m["per_claim"] <= sub["goal"]),
        )
    table.add_row(
        "  by operation (large)",
        ", ".join(f"{k} {n}" for k, n in (sub["large"]["hard"] | {}).items())
        + " | "
        + ", ".join(f"{k} {n}" for k, n in sub["large"]["soft"].items()),
        "",
        "",
    )
    cards = results["cards"]
    for size in ("small", "large"):
        m = cards[size]
        table.add_row(
            f"DynamoDB requests per card approval checked, {m['lines']:,} card lines in the table",
            f"{m['per_approval']:.2f} ({', '.join(f'{k} {n}' for k, n in m['outcomes'].items())})",
            f"<= {cards['goal']:.0f}",
            verdict(m["per_approval"] <= cards["goal"]),
        )
    table.add_row(
        "  by operation (large)", ", ".join(f"{k} {n}" for k, n in cards["large"]["by_operation"].items()), "", ""
    )
    sim = results["similar"]
    table.add_row(
        f"similar-program search, {sim['grants']:,} grants: blocking index",
        f"{sim['index_ms_per_query']:.2f} ms per grant",
        "",
        "",
    )
    if "dynamodb_queries_per_new_grant" in sim:
        table.add_row(
            "  DynamoDB Queries per new grant (blocking keys read)",
            f"{sim['dynamodb_queries_per_new_grant']:.1f}",
            "bounded, not per grant stored",
            "",
        )
    table.add_row(
        "  naive pairwise scan, same hits",
        f"{sim['naive_ms_per_query']:.1f} ms per grant = {sim['speedup']:.0f} x slower",
        f">= {sim['goal_speedup']} x",
        verdict(sim["speedup"] >= sim["goal_speedup"]),
    )
    pay = results["payment"]
    for m in pay["runs"]:
        table.add_row(
            f"payment run, {m['claims']:,} claims: DynamoDB requests per paid claim",
            f"{m['dynamodb_per_claim']:.3f} ({m['dynamodb_requests']} requests, {m['transactions']} "
            f"transactions), {m['wall_s']:.1f} s on moto",
            f"<= {pay['goal_per_claim']}",
            verdict(m["dynamodb_per_claim"] <= pay["goal_per_claim"]),
        )
    growth = pay["growth"]
    table.add_row(
        f"  requests for {growth['claims']:.0f}x the claims",
        f"{growth['requests']:.2f}x",
        "linear or better",
        verdict(growth["requests"] <= growth["claims"]),
    )
    table.add_row(
        f"  wall time for {growth['claims']:.0f}x the claims (moto; 10% allowed for timing noise)",
        f"{growth['wall']:.2f}x",
        "linear or better",
        verdict(growth["wall"] <= growth["claims"] * 1.1),
    )
    close = results["close"]
    for m in close["closes"]:
        table.add_row(
            f"final year close, {m['lines']:,} lines, {m['claims']:,} paid claims: DynamoDB requests",
            f"{m['dynamodb_requests']} ({m['status']}), {m['wall_s']:.1f} s on moto",
            "",
            "",
        )
    grown = close["growth"]
    table.add_row(
        f"  requests for {grown['claims']:.0f}x the claims (the close reads balances and run records, not entries)",
        f"{grown['requests']:.2f}x",
        f"<= {close['goal_growth']:.2f}x",
        verdict(grown["requests"] <= close["goal_growth"] and all(m["status"] == "SUCCEEDED" for m in close["closes"])),
    )
    console.print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    console.print("written: out/bench.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
