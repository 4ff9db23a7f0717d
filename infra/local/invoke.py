"""``make invoke``: run one function's handler with one event file against the local stack (``make serve``)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

FUNCTIONS = {
    "api": "functions.api.handler",
    "intake": "functions.intake.handler",
    "validation": "functions.validation.handler",
    "settlement": "functions.settlement.handler",
    "deadletter": "functions.deadletter.handler",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make invoke", description=__doc__)
    parser.add_argument("--function", required=True, choices=sorted(FUNCTIONS), help="the function to run")
    parser.add_argument("--event", required=True, type=Path, help="an event file, e.g. events/api-get-claims.json")
    parser.add_argument(
        "--aws-url",
        default=f"http://127.0.0.1:{os.environ.get('LOCAL_AWS_PORT', '4566')}",
        help="the local stack's aws endpoint",
    )
    args = parser.parse_args(argv)
    if not args.event.is_file():
        parser.error(f"no event file {args.event}")

    from infra.local.context import LocalContext
    from infra.local.provision import provision
    from infra.local.stack import configure_process

    try:
        resources = provision(args.aws_url)  # idempotent: also tells us the queue urls
    except Exception as error:  # noqa: BLE001 - any connection failure means the same thing to the user
        print(
            f"The local stack does not answer at {args.aws_url}: start it with `make serve` ({error})", file=sys.stderr
        )
        return 2
    configure_process(resources)
    handler = importlib.import_module(FUNCTIONS[args.function]).handler
    event = json.loads(args.event.read_text(encoding="utf-8"))
    answer = handler(event, LocalContext(f"claims-{args.function}"))
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
