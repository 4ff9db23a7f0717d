from datetime import date

from infra.local.samples import Line, kec_invoice
from tests.conftest import LG_CODE, SUPPLIER


def test_submit_and_read(aws, lg_tax_id):
    from shared.application.claims import ClaimRequest
    from shared.application.wiring import claims_service
    from shared.domain.actor import Actor

    doc = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 20), 1, [Line("유지보수", 2, 1_500_000)])
    actor = Actor("business", SUPPLIER, "s1")
    claim = claims_service().submit(actor, ClaimRequest(LG_CODE, "payment", "kec", doc))
    assert claim.status == "RECEIVED"
    again = claims_service().get(actor, claim.claim_id)
    assert again.invoice["grandTotal"] == 3_300_000
