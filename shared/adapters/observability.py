"""One place for the Powertools logger, metrics and tracer that every handler decorates with."""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
# Powertools reads the namespace once, here; the stack sets it, and a process without it (a local run that imported
# this first) still has one: with metrics disabled the set is never flushed, and at its 100th value Powertools
# serialises it anyway, which without a namespace raises inside the handler.
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or "LocalFinanceClaims")
# Every AWS call (boto3 and pynamodb alike) goes through botocore, so patching it traces them all; patching every
# library X-Ray knows would import requests and the rest into each cold start for nothing.
tracer = Tracer(patch_modules=("botocore",))
