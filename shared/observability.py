"""One place for the Powertools logger, metrics and tracer that every handler decorates with."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
metrics = Metrics()
tracer = Tracer()
