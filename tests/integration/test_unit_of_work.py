"""The unit-of-work seam on moto: the domain's intents are one transaction or nothing, a failed condition names the
intent it belongs to, and a unit over DynamoDB's limits is refused before anything is sent."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from infra.local.samples import Line, kec_invoice
from tests.conftest import LG_CODE, SUPPLIER
from tests.integration.helpers import call_api, claim_body


def _received_claim(lg_tax_id: str, serial: int = 1):
    from shared.application.wiring import claims_repository

    doc = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 20), serial, [Line("유지보수", 1, 1_000_000)])
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))
    assert status == 201, created
    claim = claims_repository().get(created["claimId"])
    assert claim is not None
    return claim


def _returned(claim):
    from shared.domain.claims.model import ClaimStatus

    decided = copy.deepcopy(claim)
    decided.status = ClaimStatus.RETURNED
    return decided, {"status": "RETURNED", "at": "2026-12-01T10:00:00+09:00", "by": "official:11110:test"}


def test_a_decision_and_its_guard_release_are_written_together(aws, lg_tax_id):
    from shared.application.wiring import claims_repository, unit_of_work
    from shared.domain.unit_of_work import DecideClaim, ReleaseGuard

    claim = _received_claim(lg_tax_id)
    decided, entry = _returned(claim)
    unit_of_work().commit([DecideClaim(decided, entry), ReleaseGuard(claim.guard_key, claim.claim_id)])

    stored = claims_repository().get(claim.claim_id)
    assert stored is not None and stored.status.value == "RETURNED"
    assert [h["status"] for h in stored.history] == ["RECEIVED", "RETURNED"]
    # the guard is gone: the same invoice may be claimed again
    doc = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 20), 1, [Line("유지보수", 1, 1_000_000)])
    assert call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))[0] == 201


def test_a_stale_decision_is_a_conflict_naming_that_intent_and_writes_nothing(aws, lg_tax_id):
    from shared.application.wiring import claims_repository, unit_of_work
    from shared.domain.unit_of_work import DecideClaim, ReleaseGuard, WriteConflict

    claim = _received_claim(lg_tax_id)
    first, entry = _returned(claim)
    unit_of_work().commit([DecideClaim(first, entry)])  # someone decided it meanwhile: the version moved on

    again, entry = _returned(claim)
    with pytest.raises(WriteConflict) as conflict:
        unit_of_work().commit([DecideClaim(again, entry), ReleaseGuard(claim.guard_key, claim.claim_id)])
    assert conflict.value.failed_any(DecideClaim)
    assert not conflict.value.failed_any(ReleaseGuard)
    stored = claims_repository().get(claim.claim_id)
    assert stored is not None and [h["status"] for h in stored.history] == ["RECEIVED", "RETURNED"]
    # the guard was not released by the refused unit: the invoice is still claimed
    doc = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 20), 1, [Line("유지보수", 1, 1_000_000)])
    assert call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))[0] == 409


def test_a_unit_over_the_item_limit_is_refused_before_it_is_sent(aws, lg_tax_id):
    from shared.application.wiring import claims_repository, unit_of_work
    from shared.domain.unit_of_work import MAX_ITEMS, DecideClaim, SpendLine, TooLarge

    claim = _received_claim(lg_tax_id)
    decided, entry = _returned(claim)
    intents = [DecideClaim(decided, entry)] + [SpendLine(LG_CODE, 2026, f"L-{n:03d}", 1) for n in range(MAX_ITEMS)]
    assert unit_of_work().size(intents) == MAX_ITEMS + 1
    with pytest.raises(TooLarge):
        unit_of_work().commit(intents)
    stored = claims_repository().get(claim.claim_id)
    assert stored is not None and stored.status.value == "RECEIVED"
