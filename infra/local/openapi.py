"""``make openapi``: write (or check) ``openapi.json``, generated from the API function's routes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "openapi.json"


def generate() -> str:
    for name, value in {
        "CLAIMS_TABLE": "claims",
        "REGISTRY_TABLE": "registry",
        "IDEMPOTENCY_TABLE": "idempotency",
        "SUBSIDY_TABLE": "subsidy",
        "SETTLEMENT_TABLE": "settlement",
        "DOCUMENT_BUCKET": "documents",
        "EVENT_BUS_NAME": "claims",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }.items():
        os.environ.setdefault(name, value)
    from functions.api.handler import openapi_json

    return openapi_json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make openapi", description=__doc__)
    parser.add_argument("--write", action="store_true", help="write openapi.json (default: check it is current)")
    args = parser.parse_args(argv)
    document = generate()
    if args.write:
        OPENAPI_FILE.write_text(document, encoding="utf-8")
        print(f"wrote {OPENAPI_FILE.name}")
        return 0
    if OPENAPI_FILE.read_text(encoding="utf-8") != document:
        print("openapi.json is out of date: run `make openapi`", file=sys.stderr)
        return 1
    print("openapi.json is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
