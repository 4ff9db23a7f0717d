"""ClaimDecisions: an official accepts a received claim (its deadline starts, its contract is drawn, its pending
entry is written) or returns it (its guard and reservation are released), all as one unit of work."""

from __future__ import annotations

from datetime import date

import pytest

from shared.domain.actor import Actor
from shared.domain.claims.model import ClaimStatus
from shared.domain.errors import Conflict, Forbidden, Invalid, NotFound
from tests.unit.application.builders import (
    LG,
    NOW,
    OFFICIAL,
    OTHER_OFFICIAL,
    OTHER_SUPPLIER,
    RECIPIENT,
    SUPPLIER,
    SUPPLIER_USER,
    World,
    budget_line,
    codes,
    grant,
    payment_claim,
    subsidy_claim,
)

COLLEAGUE = Actor("official", LG, "lee")  # another official of the same LG


def pending(world: World) -> dict[str, tuple[int, int]]:
    """The ledger's pending debits and credits per account (budget accounts included)."""
    rows = world.ledger.trial_balance(LG, 2026).rows
    return {
        row.account: (row.pending_debit, row.pending_credit) for row in rows if row.pending_debit or row.pending_credit
    }


def test_accepting_a_received_claim_starts_its_deadline_and_reserves_its_payable(world: World) -> None:
    world.received(payment_claim(amount=1_000_000))

    claim = world.decisions().decide(OFFICIAL, "C-1", "accept", None, "corr-1")

    assert claim.status is ClaimStatus.ACCEPTED
    assert claim.due_date == "2026-12-01"  # five business days after Tuesday 24 November
    assert claim.history[-1] == {"status": "ACCEPTED", "at": NOW.isoformat(), "by": "official:11110:kim"}
    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.ACCEPTED and stored.version == 2
    assert stored.history == claim.history
    # the expense and the payable, and the execution against the line's commitment (Dr 9120 / Cr 9130)
    assert pending(world) == {
        "5210": (1_000_000, 0),
        "2110": (0, 1_000_000),
        "9120": (1_000_000, 0),
        "9130": (0, 1_000_000),
    }
    line = world.budgets.line(LG, 2026, "L-1")
    assert line is not None and (line.committed, line.uncommitted) == (1_000_000, 49_000_000)
    assert stored.line_id == "L-1"
    [(name, data, correlation)] = world.publisher.events
    assert (name, data["status"], data["dueDate"], correlation) == ("ClaimAccepted", "ACCEPTED", "2026-12-01", "corr-1")


def test_returning_a_claim_releases_its_duplicate_guard_and_writes_no_entry(world: World) -> None:
    world.received(payment_claim())

    claim = world.decisions().decide(OFFICIAL, "C-1", "return", "공급자 등록번호 불일치")

    assert claim.status is ClaimStatus.RETURNED and claim.due_date is None
    assert claim.history[-1]["reason"] == "공급자 등록번호 불일치"
    assert world.claims.guards[claim.guard_key] == ("C-1", "RETURNED")  # the invoice may be claimed again
    assert pending(world) == {}
    assert {row.account for row in world.ledger.trial_balance(LG, 2026).rows} == {"9100", "9110"}  # the budget only
    line = world.budgets.line(LG, 2026, "L-1")
    assert line is not None and line.committed == 0
    assert world.publisher.names == ["ClaimReturned"]


def test_returning_a_subsidy_claim_gives_its_grant_budget_and_evidence_back(world: World) -> None:
    world.grant(grant(amount=1_000_000))
    world.received(subsidy_claim(amount=300_000))
    evidence = f"{SUPPLIER}#INV-S-1"
    before = world.subsidy.hard_check_facts(LG, "G-1", "307-02", RECIPIENT, evidence)
    assert before.category is not None and before.category.remaining == 700_000 and before.evidence_claim == "S-1"

    world.decisions().decide(OFFICIAL, "S-1", "return", "증빙 미비")

    after = world.subsidy.hard_check_facts(LG, "G-1", "307-02", RECIPIENT, evidence)
    assert after.category is not None and after.category.remaining == 1_000_000
    assert after.evidence_claim is None


def test_accepting_a_claim_under_a_contract_draws_the_contract_and_executes_its_commitment(world: World) -> None:
    world.contract("K-1", amount=5_000_000, stat_object="401-01")  # 시설비: capitalised, not an expense
    world.received(payment_claim(amount=2_000_000, contract_id="K-1"))

    claim = world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    contract = world.budgets.contract(LG, "K-1")
    assert contract is not None and contract.remaining == 3_000_000
    assert claim.expense_account == "1510"
    assert pending(world) == {
        "1510": (2_000_000, 0),
        "2110": (0, 2_000_000),
        "9120": (2_000_000, 0),
        "9130": (0, 2_000_000),
    }


def test_a_claim_over_its_contracts_remaining_amount_is_refused_and_stays_received(world: World) -> None:
    world.contract("K-1", amount=1_000_000)
    world.received(payment_claim(amount=1_500_000, contract_id="K-1"))

    with pytest.raises(Invalid) as refused:
        world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    assert codes(refused.value) == ["CONTRACT_EXCEEDED"]
    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.RECEIVED
    contract = world.budgets.contract(LG, "K-1")
    assert contract is not None and contract.remaining == 1_000_000
    assert world.publisher.events == []


def test_an_acceptance_whose_contract_another_took_meanwhile_is_contract_exceeded(world: World) -> None:
    world.contract("K-1", amount=1_000_000)
    world.received(payment_claim("C-1", 800_000, contract_id="K-1"))
    world.received(payment_claim("C-2", 800_000, contract_id="K-1"))
    decisions = world.decisions()
    world.unit_of_work.meanwhile(lambda: decisions.decide(COLLEAGUE, "C-2", "accept", None))

    with pytest.raises(Invalid) as refused:
        decisions.decide(OFFICIAL, "C-1", "accept", None)  # read 1,000,000 left; the other took 800,000 first

    assert codes(refused.value) == ["CONTRACT_EXCEEDED"]
    first, second = world.claims.get("C-1"), world.claims.get("C-2")
    assert first is not None and first.status is ClaimStatus.RECEIVED
    assert second is not None and second.status is ClaimStatus.ACCEPTED
    contract = world.budgets.contract(LG, "K-1")
    assert contract is not None and contract.remaining == 200_000
    assert pending(world)["2110"] == (0, 800_000)  # the other acceptance's entry alone


def test_a_claim_decided_by_someone_else_meanwhile_is_a_conflict_and_keeps_their_decision(world: World) -> None:
    world.received(payment_claim())
    decisions = world.decisions()
    world.unit_of_work.meanwhile(lambda: decisions.decide(COLLEAGUE, "C-1", "return", "중복 청구"))

    with pytest.raises(Conflict) as conflict:
        decisions.decide(OFFICIAL, "C-1", "accept", None)

    assert conflict.value.status == 409 and "someone else" in conflict.value.detail
    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.RETURNED
    assert [entry["status"] for entry in stored.history] == ["RECEIVED", "RETURNED"]
    assert world.publisher.names == ["ClaimReturned"]
    assert pending(world) == {}


@pytest.mark.parametrize("decision", ["accept", "return"])
def test_a_returned_claim_cannot_be_decided_again(world: World, decision: str) -> None:
    world.received(payment_claim())
    world.decisions().decide(OFFICIAL, "C-1", "return", "반려")

    with pytest.raises(Conflict) as conflict:
        world.decisions().decide(OFFICIAL, "C-1", decision, "again")

    assert conflict.value.code == "INVALID_TRANSITION"
    assert world.publisher.names == ["ClaimReturned"]


def test_no_claim_is_accepted_into_a_closed_month(world: World) -> None:
    world.received(payment_claim())
    world.ledger.close_period(LG, "2026-11")

    with pytest.raises(Conflict) as closed:
        world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    assert codes(closed.value) == ["PERIOD_CLOSED"]
    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.RECEIVED and stored.due_date is None
    assert world.publisher.events == []


@pytest.mark.parametrize(
    ("contract_id", "supplier", "code"),
    [
        ("K-404", SUPPLIER, "CONTRACT_NOT_FOUND"),
        ("K-1", OTHER_SUPPLIER, "CONTRACT_SUPPLIER"),
        ("K-2025", SUPPLIER, "CONTRACT_FISCAL_YEAR"),  # last year's contract: carried over (사고이월) first
    ],
)
def test_a_claim_under_a_contract_it_may_not_draw_is_refused(
    world: World, contract_id: str, supplier: str, code: str
) -> None:
    world.contract("K-1")
    world.contract("K-2025", fy=2025)
    world.received(payment_claim(contract_id=contract_id, supplier=supplier))

    with pytest.raises(Invalid) as refused:
        world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    assert codes(refused.value) == [code]
    assert pending(world) == {}


def test_a_business_cannot_decide_a_claim(world: World) -> None:
    world.received(payment_claim())

    with pytest.raises(Forbidden):
        world.decisions().decide(SUPPLIER_USER, "C-1", "accept", None)

    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.RECEIVED


@pytest.mark.parametrize("claim_id", ["C-1", "C-404"])
def test_another_lgs_claim_and_an_unknown_claim_are_not_found(world: World, claim_id: str) -> None:
    world.received(payment_claim())

    with pytest.raises(NotFound):
        world.decisions().decide(OTHER_OFFICIAL, claim_id, "accept", None)

    assert world.publisher.events == []


def test_a_payment_claim_without_a_contract_or_a_line_is_refused_and_changes_nothing(world: World) -> None:
    world.received(payment_claim(line_id=None))

    with pytest.raises(Invalid) as refused:
        world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    assert codes(refused.value) == ["CLAIM_LINE_REQUIRED"]
    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.RECEIVED and stored.version == 1
    assert world.unit_of_work.committed == []


def test_the_line_named_at_acceptance_pays_the_claim_within_its_uncommitted_budget(world: World) -> None:
    world.received(payment_claim("C-1", 30_000_000, line_id="L-2"))  # loads L-2 with 50,000,000
    world.received(payment_claim("C-2", 30_000_000, line_id=None))
    world.budgets.load(LG, 2026, [budget_line("L-1")], date(2026, 11, 2))
    world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    with pytest.raises(Invalid) as over:
        world.decisions().decide(OFFICIAL, "C-2", "accept", None, line_id="L-2")
    with pytest.raises(Invalid) as unknown:
        world.decisions().decide(OFFICIAL, "C-2", "accept", None, line_id="L-9")
    accepted = world.decisions().decide(OFFICIAL, "C-2", "accept", None, line_id="L-1")

    assert codes(over.value) == ["BUDGET_EXCEEDED"] and "20,000,000" in over.value.findings[0].message
    assert codes(unknown.value) == ["BUDGET_LINE_UNKNOWN"]
    assert accepted.line_id == "L-1" and accepted.to_api()["lineId"] == "L-1"
    line = world.budgets.line(LG, 2026, "L-1")
    assert line is not None and line.committed == 30_000_000


def test_a_line_committed_meanwhile_refuses_the_acceptance_with_the_line_named(world: World) -> None:
    world.received(payment_claim("C-1", 40_000_000))  # L-1 holds 50,000,000
    taken = payment_claim("C-2", 20_000_000)
    world.received(taken)
    world.unit_of_work.meanwhile(lambda: world.decisions().decide(COLLEAGUE, "C-2", "accept", None))

    with pytest.raises(Invalid) as refused:
        world.decisions().decide(OFFICIAL, "C-1", "accept", None)

    assert codes(refused.value) == ["BUDGET_EXCEEDED"] and "L-1" in refused.value.findings[0].message
    stored = world.claims.get("C-1")
    assert stored is not None and stored.status is ClaimStatus.RECEIVED


def test_a_line_beside_a_contract_must_be_the_contracts_line(world: World) -> None:
    world.contract()
    world.received(payment_claim(contract_id="K-1"))

    with pytest.raises(Invalid) as refused:
        world.decisions().decide(OFFICIAL, "C-1", "accept", None, line_id="L-2")

    assert codes(refused.value) == ["CLAIM_LINE_MISMATCH"]
    assert world.decisions().decide(OFFICIAL, "C-1", "accept", None, line_id="L-1").line_id == "L-1"
