"""Every valid document in ``../shared/data`` is accepted by ``POST /v1/documents/validate`` (the API path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance.test_valid_documents import DATA, DOCUMENTS
from tests.conftest import SUPPLIER
from tests.integration.helpers import call_api, document


@pytest.fixture(scope="module", autouse=True)
def _function_environment(moto_server):
    from infra.local.provision import provision
    from infra.local.stack import configure_process

    configure_process(provision(moto_server))


@pytest.mark.parametrize(("fmt", "path"), DOCUMENTS, ids=[str(p.relative_to(DATA)) for _, p in DOCUMENTS])
def test_valid_document_is_valid_through_the_api(fmt: str, path: Path) -> None:
    status, answer = call_api("POST", "/v1/documents/validate", "business", SUPPLIER, document(fmt, path.read_bytes()))
    assert status == 200
    assert answer["valid"] is True, [f for f in answer["findings"] if f["severity"] == "error"]
