"""One place for the Powertools logger, metrics and tracer that every handler decorates with."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
metrics = Metrics()
# Every AWS call (boto3 and pynamodb alike) goes through botocore, so patching it traces them all; patching every
# library X-Ray knows would import requests and the rest into each cold start for nothing.
tracer = Tracer(patch_modules=("botocore",))
