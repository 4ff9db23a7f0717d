"""ReviewService: an official clears a flagged subsidy claim, or confirms fraud: a sanction is offered and the
claim is returned (its reservation released) when it is still received."""

from __future__ import annotations

import pytest

from shared.domain.claims.model import ClaimStatus
from shared.domain.errors import Conflict, Forbidden, NotFound
from shared.domain.subsidy.model import Review
from tests.unit.application.builders import (
    LG,
    NOW,
    OFFICIAL,
    OTHER_OFFICIAL,
    RECIPIENT,
    RECIPIENT_USER,
    SUPPLIER,
    World,
    grant,
    review,
    subsidy_claim,
)


@pytest.fixture
def flagged(world: World) -> World:
    """A received subsidy claim of 300,000 won on a grant of 1,000,000, and the open review of it."""
    world.grant(grant(amount=1_000_000))
    world.received(subsidy_claim("S-1", 300_000))
    world.subsidy.reviews["R-S-1"] = review("S-1")
    return world


def test_clearing_a_review_resolves_it_and_leaves_the_claim_alone(flagged: World) -> None:
    answer = flagged.reviews().resolve(OFFICIAL, "R-S-1", "cleared", "정상 거래 확인", None)

    assert answer["review"] == {
        **review("S-1").to_api(),
        "status": "cleared",
        "resolvedAt": NOW.isoformat(),
        "resolvedBy": "official:11110:kim",
        "note": "정상 거래 확인",
    }
    assert set(answer) == {"review"}  # no sanction offered, no claim returned
    stored = flagged.subsidy.get_review("R-S-1")
    assert stored is not None and stored.status == "cleared"
    claim = flagged.claims.get("S-1")
    assert claim is not None and claim.status is ClaimStatus.RECEIVED
    assert flagged.publisher.events == []


def test_confirmed_fraud_returns_the_received_claim_and_offers_a_sanction(flagged: World) -> None:
    answer = flagged.reviews().resolve(OFFICIAL, "R-S-1", "fraud", "허위 증빙", "corr-9")

    assert answer["claimReturned"] is True
    claim = answer["claim"]
    assert isinstance(claim, dict) and claim["status"] == "RETURNED"
    assert "review R-S-1" in claim["history"][-1]["reason"]
    assert answer["sanctionOffer"] == {
        "brn": RECIPIENT,
        "reason": "부정수급 (fraud) confirmed in review R-S-1",
        "from": "2026-11-24",
        "until": "2031-11-23",  # five years of 365 days
        "surchargeUpTo": 1_500_000,  # five times the claim
    }
    facts = flagged.subsidy.hard_check_facts(LG, "G-1", "307-02", RECIPIENT, f"{SUPPLIER}#INV-S-1")
    assert facts.category is not None and facts.category.remaining == 1_000_000  # the reservation is released
    assert flagged.publisher.events[0][0] == "ClaimReturned" and flagged.publisher.events[0][2] == "corr-9"


def test_fraud_on_an_accepted_claim_offers_a_sanction_but_cannot_return_it(flagged: World) -> None:
    flagged.decisions().decide(OFFICIAL, "S-1", "accept", None)

    answer = flagged.reviews().resolve(OFFICIAL, "R-S-1", "fraud", "허위 증빙", None)

    assert answer["claimReturned"] is False
    claim = flagged.claims.get("S-1")
    assert claim is not None and claim.status is ClaimStatus.ACCEPTED  # recovered (환수) outside this API
    assert "sanctionOffer" in answer


def test_fraud_on_a_claim_accepted_while_it_was_being_returned_leaves_it_accepted(flagged: World) -> None:
    decisions = flagged.decisions()
    flagged.unit_of_work.meanwhile(lambda: decisions.decide(OFFICIAL, "S-1", "accept", None))

    answer = flagged.reviews().resolve(OFFICIAL, "R-S-1", "fraud", "허위 증빙", None)

    assert answer["claimReturned"] is False
    assert isinstance(answer["claim"], dict) and answer["claim"]["status"] == "ACCEPTED"
    stored = flagged.subsidy.get_review("R-S-1")
    assert stored is not None and stored.status == "fraud"


def test_another_lgs_review_is_not_found(flagged: World) -> None:
    with pytest.raises(NotFound):
        flagged.reviews().resolve(OTHER_OFFICIAL, "R-S-1", "fraud", "?", None)

    stored = flagged.subsidy.get_review("R-S-1")
    assert stored is not None and stored.status == "open"


def test_a_resolved_review_is_not_resolved_again(flagged: World) -> None:
    flagged.reviews().resolve(OFFICIAL, "R-S-1", "cleared", "정상", None)

    with pytest.raises(Conflict) as conflict:
        flagged.reviews().resolve(OFFICIAL, "R-S-1", "fraud", "재검토", None)

    assert "already cleared" in conflict.value.detail
    claim = flagged.claims.get("S-1")
    assert claim is not None and claim.status is ClaimStatus.RECEIVED


def test_a_review_resolved_by_another_official_meanwhile_is_a_conflict(
    flagged: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = flagged.subsidy.get_review

    def read_then_cleared_elsewhere(review_id: str) -> Review | None:
        found = read(review_id)
        other = read(review_id)
        assert other is not None
        other.status, other.resolved_by = "cleared", "official:11110:lee"
        flagged.subsidy.resolve_review(other)
        return found

    monkeypatch.setattr(flagged.subsidy, "get_review", read_then_cleared_elsewhere)

    with pytest.raises(Conflict) as conflict:
        flagged.reviews().resolve(OFFICIAL, "R-S-1", "fraud", "허위 증빙", None)

    assert "meanwhile" in conflict.value.detail
    stored = read("R-S-1")
    assert stored is not None and (stored.status, stored.resolved_by) == ("cleared", "official:11110:lee")
    claim = flagged.claims.get("S-1")
    assert claim is not None and claim.status is ClaimStatus.RECEIVED


def test_an_official_lists_the_open_reviews_of_its_own_lg(flagged: World) -> None:
    flagged.subsidy.reviews["R-S-9"] = review("S-9", status="cleared")
    flagged.subsidy.reviews["R-X-1"] = review("X-1", lg_code="11140")

    assert [r.review_id for r in flagged.reviews().list_reviews(OFFICIAL, "open", 10)] == ["R-S-1"]
    with pytest.raises(Forbidden):
        flagged.reviews().list_reviews(RECIPIENT_USER, "open", 10)
