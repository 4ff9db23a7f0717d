"""The final year close carries 다음연도이월액 into the next year's 전년도이월액, through the API and the settlement
function against moto; the next year's loads are then held to it."""

from __future__ import annotations

import requests

from infra.local.samples import Line, kec_invoice
from tests.conftest import LG_CODE, SUPPLIER
from tests.integration.helpers import call_api, claim_body
from tests.integration.test_settlement import FY, TODAY, accepted_claims, run_settlement


def _line(line_id: str, budget: int, carried_in: int = 0, project: str = "유지보수", explicit: int = 0) -> dict:
    """A 201 line; ``explicit``: the 명시이월 the council approved for it."""
    return {
        "explicitCarryOverApproved": explicit,
        "lineId": line_id,
        "fund": "일반회계",
        "field": "일반공공행정",
        "sector": "일반행정",
        "program": "정보화",
        "unit": "운영",
        "project": project,
        "object": "201",
        "statObject": "201-01",
        "budget": budget,
        "carriedIn": carried_in,
    }


def _lines(fy: int) -> dict:
    from shared.application.wiring import budget_repository

    return {line.line_id: line for line in budget_repository().lines(LG_CODE, fy)}


def test_a_carry_over_must_fit_what_the_line_left_unspent(aws, lg_tax_id, after_the_year):
    call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [_line("L1", 1_000_000)]})
    year_end = after_the_year()
    for carry, code in (
        ({"L1": 1_000_001}, "RUN_CARRY_OVER_EXCEEDS_UNSPENT"),
        ({"L9": 1}, "RUN_CARRY_OVER_LINE_UNKNOWN"),
    ):
        status, problem = call_api(
            "POST",
            "/v1/settlements/runs",
            "official",
            LG_CODE,
            {"type": "year-close", "asOf": year_end, "carryOver": carry},
        )
        assert status == 422 and [e["code"] for e in problem["errors"]] == [code], problem
    assert run_settlement(aws) == 0  # nothing started


def test_the_final_close_carries_over_into_the_next_year(aws, lg_tax_id, after_the_year):
    call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {
            "fy": FY,
            "lines": [
                _line("L1", 10_000_000, carried_in=1_000_000, explicit=2_000_000),
                _line("L2", 5_000_000, project="장비 구입", explicit=500_000),
            ],
        },
    )
    call_api(
        "POST",
        "/v1/contracts",
        "official",
        LG_CODE,
        {"contractId": "C-1", "supplierBrn": SUPPLIER, "amount": 5_000_000, "lineId": "L1", "fy": FY},
    )
    accepted_claims(lg_tax_id, 1, contract="C-1")  # 110,000 won against L1
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    # next year's budget, loaded before this year closes: its 전년도이월액 is a guess that the close will correct
    status, _ = call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {"fy": FY + 1, "lines": [_line("L1", 12_000_000, carried_in=3_000_000)]},
    )
    assert status == 201

    year_end = after_the_year()
    status, started = call_api(
        "POST",
        "/v1/settlements/runs",
        "official",
        LG_CODE,
        {"type": "year-close", "asOf": year_end, "carryOver": {"L1": 2_000_000, "L2": 500_000}},
    )
    assert status == 202
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    assert run["status"] == "SUCCEEDED", run
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "year-close.json"), timeout=10).json()
    assert report["carriedInto"] == {
        "fy": FY + 1,
        "refused": [],
        "lines": [{"lineId": "L1", "carriedIn": 2_000_000}, {"lineId": "L2", "carriedIn": 500_000}],
        # C-1's 4,890,000 left does not fit L1's 2,000,000: it stays this year's, and its claims with it
        "contracts": [],
        "contractsLeft": [{"contractId": "C-1", "lineId": "L1", "remaining": 4_890_000}],
    }

    closed, following = _lines(FY), _lines(FY + 1)
    assert {k: v.carried_over for k, v in closed.items()} == {"L1": 2_000_000, "L2": 500_000}
    assert (following["L1"].budget, following["L1"].carried_in, following["L1"].budget_current) == (
        12_000_000,
        2_000_000,
        14_000_000,
    )
    assert (following["L2"].budget, following["L2"].carried_in, following["L2"].project) == (0, 500_000, "장비 구입")
    # the next year's budget accounts hold exactly its lines' 예산현액: 12,000,000 + 2,000,000 + 500,000
    from shared.application.wiring import ledger_repository

    balance = ledger_repository().trial_balance(LG_CODE, FY + 1)
    authorised = next(row for row in balance.rows if row.account == "9110")
    assert authorised.credit - authorised.debit == 14_500_000 and balance.balanced

    # from now on, a load of the next year must carry in what the close carried over
    status, problem = call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {"fy": FY + 1, "lines": [_line("L1", 12_500_000), _line("L2", 0, carried_in=500_000, project="장비 구입")]},
    )
    assert status == 422 and [(e["code"], e["path"]) for e in problem["errors"]] == [
        ("BUDGET_CARRIED_IN_MISMATCH", "/lines/0/carriedIn")
    ]
    assert _lines(FY + 1)["L1"].budget == 12_000_000  # refused: nothing changed
    status, loaded = call_api(
        "POST",
        "/v1/budgets",
        "official",
        LG_CODE,
        {"fy": FY + 1, "lines": [_line("L1", 12_500_000, carried_in=2_000_000)]},
    )
    assert status == 201 and next(x for x in loaded["lines"] if x["lineId"] == "L1")["budgetCurrent"] == 14_500_000

    # a retried close (the same run, stepped again) changes nothing more
    from shared.application.wiring import run_service

    before = ledger_repository().trial_balance(LG_CODE, FY + 1).rows
    again = run_service().year_close.carry_into_next_year(
        LG_CODE, FY, list(closed.values()), {"L1": 2_000_000, "L2": 500_000}
    )
    assert again["lines"] == [] and again["contracts"] == []
    assert ledger_repository().trial_balance(LG_CODE, FY + 1).rows == before
    assert _lines(FY + 1)["L1"].budget_current == 14_500_000


def test_a_provisional_close_carries_nothing(aws, lg_tax_id):
    call_api(
        "POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [_line("L1", 1_000_000, explicit=400_000)]}
    )
    call_api(
        "POST",
        "/v1/settlements/runs",
        "official",
        LG_CODE,
        {"type": "year-close", "asOf": TODAY.isoformat(), "provisional": True, "carryOver": {"L1": 400_000}},
    )
    run_settlement(aws)
    assert _lines(FY)["L1"].carried_over is None and _lines(FY + 1) == {}
    status, _ = call_api(
        "POST", "/v1/budgets", "official", LG_CODE, {"fy": FY + 1, "lines": [_line("L1", 1_000_000, carried_in=7)]}
    )
    assert status == 201


def test_the_final_close_carries_the_open_contracts_its_carry_over_covers(aws, lg_tax_id, after_the_year):
    """사고이월: a contract signed this year and not yet fully claimed moves to next year with what is left of it,
    committed again there, when the line's carry-over covers it."""
    from shared.application.wiring import budget_repository, ledger_repository

    # C-2's 2,890,000 left is carried (사고이월); the rest of the 4,000,000, 1,110,000, the council approved (명시이월)
    lines = [_line("L1", 10_000_000, explicit=1_110_000)]
    call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": lines})
    for contract_id, amount in (("C-2", 3_000_000), ("C-3", 1_500_000)):
        assert (
            call_api(
                "POST",
                "/v1/contracts",
                "official",
                LG_CODE,
                {"contractId": contract_id, "supplierBrn": SUPPLIER, "amount": amount, "lineId": "L1", "fy": FY},
            )[0]
            == 201
        )
    accepted_claims(lg_tax_id, 1, contract="C-2")  # 110,000 of C-2's 3,000,000
    year_end = after_the_year()
    status, started = call_api(
        "POST",
        "/v1/settlements/runs",
        "official",
        LG_CODE,
        {"type": "year-close", "asOf": year_end, "carryOver": {"L1": 4_000_000}},
    )
    assert status == 202
    run_settlement(aws)
    _, run = call_api("GET", f"/v1/settlements/runs/{started['runId']}", "official", LG_CODE)
    report = requests.get(next(r["url"] for r in run["reports"] if r["name"] == "year-close.json"), timeout=10).json()
    # C-2's 2,890,000 fits the 4,000,000 carried over; C-3's 1,500,000 no longer does (1,110,000 left)
    assert report["carriedInto"]["contracts"] == [{"contractId": "C-2", "lineId": "L1", "carried": 2_890_000}]
    assert report["carriedInto"]["contractsLeft"] == [{"contractId": "C-3", "lineId": "L1", "remaining": 1_500_000}]

    repository = budget_repository()
    assert repository.contract(LG_CODE, "C-2").fy == FY + 1 and repository.contract(LG_CODE, "C-3").fy == FY
    following = _lines(FY + 1)["L1"]
    assert (following.carried_in, following.committed, following.uncommitted) == (4_000_000, 2_890_000, 1_110_000)
    balance = ledger_repository().trial_balance(LG_CODE, FY + 1)
    commitments = next(row for row in balance.rows if row.account == "9120")
    assert commitments.credit - commitments.debit == 2_890_000 and balance.balanced
    assert [c.contract_id for c in repository.year_contracts(LG_CODE, FY + 1)] == ["C-2"]

    # it is now the next fiscal year: C-2 commits its budget and takes claims; C-3 stayed in the closed year, whose
    # budget an acceptance today cannot execute
    for number, contract_id, code in ((901, "C-2", 200), (902, "C-3", 422)):
        doc = kec_invoice(SUPPLIER, lg_tax_id, TODAY, number, [Line("용역", 1, 100_000)])
        _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc, contractId=contract_id))
        status, decided = call_api(
            "POST", f"/v1/claims/{created['claimId']}/decision", "official", LG_CODE, {"decision": "accept"}
        )
        assert status == code, decided

    # a retried close carries nothing twice
    from shared.application.wiring import run_service

    before = ledger_repository().trial_balance(LG_CODE, FY + 1).rows
    again = run_service().year_close.carry_into_next_year(LG_CODE, FY, list(_lines(FY).values()), {"L1": 4_000_000})
    # C-2 was claimed 100,000 more in the next year since: it is reported as it stands, carried once
    assert again["contracts"] == [{"contractId": "C-2", "lineId": "L1", "carried": 2_780_000}]
    assert ledger_repository().trial_balance(LG_CODE, FY + 1).rows == before
