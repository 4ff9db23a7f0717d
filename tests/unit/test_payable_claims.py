"""A payment claim is paid in whole Korean won, for more than 0, against an invoice (not a credit note)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.claims.intake import payable_findings
from shared.domain.documents.model import Invoice, Party


def invoice(total: str | None, currency: str | None = "KRW", document_type: str = "380") -> Invoice:
    return Invoice(
        format="ubl",
        document_type=document_type,
        invoice_id="INV-1",
        issue_date=None,
        currency=currency,
        supplier=Party("2048631263"),
        buyer=Party("1028311107"),
        grand_total=None if total is None else Decimal(total),
    )


@pytest.mark.parametrize(
    "doc",
    [invoice("5280000"), invoice("5280000.00"), invoice("1", currency=None), invoice("110000", document_type="0101")],
)
def test_an_ordinary_invoice_in_won_is_payable(doc):
    assert payable_findings(doc) == []


@pytest.mark.parametrize(
    ("doc", "codes"),
    [
        (invoice("100.11", currency="EUR"), ["CLAIM_CURRENCY", "CLAIM_AMOUNT"]),
        (invoice("100", currency="EUR"), ["CLAIM_CURRENCY"]),
        (invoice("100", document_type="381"), ["CLAIM_CREDIT_NOTE"]),
        (invoice("-5280000", document_type="0201"), ["CLAIM_AMOUNT"]),  # a negative 수정세금계산서
        (invoice("0"), ["CLAIM_AMOUNT"]),
        (invoice(None), ["CLAIM_AMOUNT"]),
        (invoice("1000.5"), ["CLAIM_AMOUNT"]),
    ],
)
def test_what_cannot_be_paid_is_refused_with_its_reason(doc, codes):
    assert [f.code for f in payable_findings(doc)] == codes
