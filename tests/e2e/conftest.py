from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def stack():
    """The whole local stack (moto server, API front, SQS pollers) on free ports, as `make serve` runs it."""
    from infra.local.stack import LocalStack, free_port

    with LocalStack(api_port=free_port(), aws_port=free_port()) as running:
        yield running
