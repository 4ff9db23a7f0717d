"""SubsidyService: grants (교부결정) and the similar programs they name, sanctions, a subsidy claim's hard checks
at receipt and its soft indicators after it, and who may do each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from shared.application.subsidy import GrantRequest
from shared.domain.actor import Actor
from shared.domain.documents import Invoice
from shared.domain.documents.model import Party
from shared.domain.errors import Conflict, Forbidden, Invalid, NotFound
from shared.domain.subsidy.model import BusinessFacts, Reservation
from tests.unit.application.builders import (
    LG,
    NOW,
    OFFICIAL,
    OTHER_OFFICIAL,
    RECIPIENT,
    RECIPIENT_USER,
    SUPPLIER,
    SUPPLIER_USER,
    World,
    codes,
    grant,
    subsidy_claim,
)

REQUEST = GrantRequest(
    title="경로당 난방비 지원",
    purpose="경로당 겨울철 난방비",
    field="사회복지",
    recipient_brn=RECIPIENT,
    start=date(2026, 1, 1),
    end=date(2026, 12, 31),
    budget=(("307-02", 10_000_000),),
    funding_shares={"national": "0.5", "province": "0.2", "city": "0.3", "self": "0"},
)


def invoice(invoice_id: str = "INV-S-2", amount: str = "300000", issued: date = date(2026, 11, 20)) -> Invoice:
    return Invoice(
        format="kec",
        document_type="0101",
        invoice_id=invoice_id,
        issue_date=issued,
        currency="KRW",
        supplier=Party(SUPPLIER),
        buyer=Party(RECIPIENT),
        grand_total=Decimal(amount),
    )


# -- grants ---------------------------------------------------------------------------------------------------------


def test_an_official_creates_a_grant_of_its_lg_and_reads_it_back(world: World) -> None:
    created = world.grant_decisions().create_grant(OFFICIAL, REQUEST)

    assert (created.grant_id, created.lg_code, created.created_at) == ("G-11110-0001", LG, NOW.isoformat())
    assert created.findings == []
    assert [b.as_dict()["remaining"] for b in created.budget] == [10_000_000]
    assert world.subsidy_service().get_grant(OFFICIAL, "G-11110-0001").to_api() == created.to_api()


def test_a_second_grant_to_the_same_recipient_is_refused_until_the_official_acknowledges_the_first(
    world: World,
) -> None:
    """교부결정 with an unresolved P01 (same recipient, category and period) is refused with the other grant named;
    acknowledged with a reason, it is decided, and the grant records who acknowledged it, when and why."""
    first = world.grant_decisions().create_grant(OFFICIAL, REQUEST)

    with pytest.raises(Invalid) as refused:
        world.grant_decisions().create_grant(OFFICIAL, replace(REQUEST, grant_id="G-2"))
    assert "SIMILAR_PROGRAM_UNRESOLVED" in codes(refused.value)
    assert any(f"P01 against grant {first.grant_id}" in f.message for f in refused.value.findings)
    assert world.subsidy.get_grant(LG, "G-2") is None

    wrong = (("P01", "G-NOT-FOUND", "검토 완료"),)
    with pytest.raises(Invalid) as unknown:
        world.grant_decisions().create_grant(OFFICIAL, replace(REQUEST, grant_id="G-2", acknowledged=wrong))
    assert "ACKNOWLEDGED_FINDING_UNKNOWN" in codes(unknown.value)

    found = {(c, g) for c, g in _found(refused.value)}
    reason = "전년도 사업의 후속 단계로 확인함"
    second = world.grant_decisions().create_grant(
        OFFICIAL, replace(REQUEST, grant_id="G-2", acknowledged=tuple((c, g, reason) for c, g in sorted(found)))
    )
    assert {(f["code"], f["grantId"]) for f in second.findings} >= {("P01", first.grant_id)}
    assert all(
        f["acknowledged"] == {"reason": reason, "by": OFFICIAL.label, "at": second.created_at} for f in second.findings
    )
    stored = world.subsidy.get_grant(LG, second.grant_id)
    assert stored is not None and stored.findings == second.findings


def _found(error: Invalid) -> list[tuple[str, str]]:
    """The (code, other grant) pairs a SIMILAR_PROGRAM_UNRESOLVED refusal names."""
    import re

    pairs = [re.match(r"(P0[12]) against grant (\S+) ", f.message) for f in error.findings]
    return [(m.group(1), m.group(2)) for m in pairs if m]


def test_a_grant_id_the_lg_has_already_is_a_conflict(world: World) -> None:
    world.grant_decisions().create_grant(OFFICIAL, replace(REQUEST, grant_id="G-7"))

    with pytest.raises(Conflict):
        world.grant_decisions().create_grant(OFFICIAL, replace(REQUEST, grant_id="G-7", title="다른 사업"))

    stored = world.subsidy.get_grant(LG, "G-7")
    assert stored is not None and stored.title == REQUEST.title


def test_a_grant_request_breaking_rules_is_refused_with_every_rule_at_once(world: World) -> None:
    broken = replace(
        REQUEST,
        recipient_brn="1234567890",
        start=date(2026, 12, 31),
        end=date(2026, 1, 1),
        budget=(("307-02", 0),),
        funding_shares={"national": "0.5", "city": "0.4"},
    )

    with pytest.raises(Invalid) as refused:
        world.grant_decisions().create_grant(OFFICIAL, broken)

    assert codes(refused.value) == ["KR-BRN", "PERIOD", "BUDGET", "FUNDING_SHARES"]
    assert world.subsidy.grants == {}


def test_a_program_funded_only_by_its_recipient_is_no_grant(world: World) -> None:
    with pytest.raises(Invalid) as refused:
        world.grant_decisions().create_grant(OFFICIAL, replace(REQUEST, funding_shares={"self": "1"}))

    assert [(f.code, f.message) for f in refused.value.findings] == [
        ("FUNDING_SHARES", "The public shares fund part of the program")
    ]


@pytest.mark.parametrize(
    ("actor", "sees"),
    [(OFFICIAL, True), (RECIPIENT_USER, True), (OTHER_OFFICIAL, False), (SUPPLIER_USER, False)],
)
def test_a_grant_is_seen_by_its_lgs_officials_and_its_recipient_only(world: World, actor: Actor, sees: bool) -> None:
    world.grant(grant("G-1"))

    if sees:
        assert world.subsidy_service().get_grant(actor, "G-1").grant_id == "G-1"
    else:
        with pytest.raises(NotFound):
            world.subsidy_service().get_grant(actor, "G-1")


# -- sanctions ------------------------------------------------------------------------------------------------------


def test_a_sanction_refuses_the_recipients_next_subsidy_claim(world: World) -> None:
    world.grant(grant("G-1"))
    service = world.subsidy_service()

    sanction = service.add_sanction(OFFICIAL, RECIPIENT, "부정수급", date(2026, 11, 1), date(2031, 10, 31))

    assert (sanction.sanction_id, sanction.lg_code, sanction.brn) == ("S-0001", LG, RECIPIENT)
    with pytest.raises(Invalid) as refused:
        service.hard_check(RECIPIENT_USER, LG, "G-1", "307-02", invoice(), SUPPLIER)
    assert codes(refused.value) == ["SANCTIONED"]


def test_an_invalid_sanction_is_refused_with_both_reasons_and_not_recorded(world: World) -> None:
    with pytest.raises(Invalid) as refused:
        world.subsidy_service().add_sanction(OFFICIAL, "1234567890", "?", date(2026, 11, 1), date(2026, 10, 1))

    assert codes(refused.value) == ["KR-BRN", "PERIOD"]
    assert world.subsidy.sanctions == {}


def test_only_an_official_creates_grants_and_sanctions(world: World) -> None:
    service = world.subsidy_service()
    with pytest.raises(Forbidden):
        world.grant_decisions().create_grant(RECIPIENT_USER, REQUEST)
    with pytest.raises(Forbidden):
        service.add_sanction(SUPPLIER_USER, RECIPIENT, "?", date(2026, 11, 1), date(2027, 1, 1))
    assert world.subsidy.grants == {} and world.subsidy.sanctions == {}


# -- a subsidy claim's hard checks ------------------------------------------------------------------------------------


def test_a_claim_within_its_grant_says_what_it_will_reserve(world: World) -> None:
    world.grant(grant("G-1"))

    reservation = world.subsidy_service().hard_check(RECIPIENT_USER, LG, "G-1", "307-02", invoice(), SUPPLIER)

    assert reservation == Reservation(
        "G-1", "307-02", 300_000, SUPPLIER, f"{SUPPLIER}#INV-S-2", date(2026, 11, 20), lg_code=LG
    )


def test_a_claim_outside_the_grant_period_and_over_its_budget_is_refused_for_both(world: World) -> None:
    world.grant(grant("G-1", amount=200_000, end=date(2026, 6, 30)))

    with pytest.raises(Invalid) as refused:
        world.subsidy_service().hard_check(RECIPIENT_USER, LG, "G-1", "307-02", invoice(), SUPPLIER)

    assert codes(refused.value) == ["F16", "BUDGET_EXCEEDED"]


def test_an_invoice_is_evidence_once_until_its_claim_is_returned(world: World) -> None:
    world.grant(grant("G-1"))
    world.received(subsidy_claim("S-2", 300_000))  # holds the invoice INV-S-2
    service = world.subsidy_service()

    with pytest.raises(Invalid) as refused:
        service.hard_check(RECIPIENT_USER, LG, "G-1", "307-02", invoice("INV-S-2"), SUPPLIER)
    assert codes(refused.value) == ["F12"]

    world.decisions().decide(OFFICIAL, "S-2", "return", "증빙 재제출")
    assert service.hard_check(RECIPIENT_USER, LG, "G-1", "307-02", invoice("INV-S-2"), SUPPLIER).amount == 300_000


def test_a_claim_on_another_recipients_grant_finds_no_grant(world: World) -> None:
    world.grant(grant("G-1"))

    with pytest.raises(Invalid) as refused:
        world.subsidy_service().hard_check(SUPPLIER_USER, LG, "G-1", "307-02", invoice(), SUPPLIER)

    assert codes(refused.value) == ["GRANT_NOT_FOUND"]


# -- soft indicators ------------------------------------------------------------------------------------------------


def test_a_claim_paid_to_a_closed_vendor_opens_one_review_however_often_it_is_judged(world: World) -> None:
    world.grant(grant("G-1"))
    world.received(subsidy_claim("S-1", 300_000))
    world.subsidy.businesses[SUPPLIER] = BusinessFacts(SUPPLIER, "closed", status_since=date(2026, 6, 1))
    data = {"claimId": "S-1", "lgCode": LG, "grantId": "G-1"}
    service = world.subsidy_service()

    review = service.validate_claim(data)
    world.clock.move_to(date(2026, 11, 25))
    again = service.validate_claim(data)  # the same event delivered twice

    assert review is not None and again is not None
    assert [i["code"] for i in review.indicators] == ["F08"]
    assert world.subsidy.list_reviews(LG, "open", 10) == [review]
    assert world.subsidy.risks["S-1"] == {"score": 30, "indicators": ["F08"], "reviewId": "R-S-1"}
