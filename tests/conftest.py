"""Shared fixtures: a moto server per test worker (real AWS wire protocol on loopback), reset and provisioned
from the same specs as the CDK stack for every test that asks for ``aws``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from hypothesis import HealthCheck, settings  # noqa: E402

# Two cores shared with moto servers: timing is no property of the code, so no per-example deadline.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

SUPPLIER = "2048631263"  # a business (valid BRN)
OTHER_SUPPLIER = "6028131841"
LG_CODE = "11110"  # 종로구


@pytest.fixture(scope="session")
def moto_server():
    import logging

    from infra.local.aws_server import LocalAwsServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from infra.local.stack import HOST, free_port

    port = free_port()
    server = LocalAwsServer(ip_address=HOST, port=port, verbose=False)
    server.start()
    yield f"http://{HOST}:{port}"
    server.stop()


@pytest.fixture
def aws(moto_server):
    """A clean, provisioned local AWS; this process's functions point at it."""
    import requests

    from infra.local.provision import provision
    from infra.local.stack import configure_process

    requests.post(f"{moto_server}/moto-api/reset", timeout=10)
    resources = provision(moto_server)
    configure_process(resources)
    return resources


@pytest.fixture
def lg_tax_id() -> str:
    from infra.local.provision import registry_items

    return next(lg["taxId"] for lg in registry_items() if lg["lgCode"] == LG_CODE)
