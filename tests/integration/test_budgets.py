"""Budgets and contracts (지출원인행위) through the API: commitments within 예산현액, claims within contracts."""

from __future__ import annotations

import threading
from datetime import date

from infra.local.samples import Line, kec_invoice
from shared.domain.calendar import now_seoul
from tests.conftest import LG_CODE, SUPPLIER
from tests.integration.helpers import call_api, claim_body

FY = now_seoul().year  # business dates are Seoul's


def line(line_id: str, budget: int, **extra) -> dict:
    return {
        "lineId": line_id,
        "fund": "일반회계",
        "field": "일반공공행정",
        "sector": "일반행정",
        "program": "행정정보화",
        "unit": "정보시스템 운영",
        "project": "행정정보시스템 유지보수",
        "object": "201 일반운영비",
        "statObject": "201-01",
        "budget": budget,
        **extra,
    }


def load(*lines: dict) -> tuple[int, dict]:
    return call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": list(lines)})


def contract(contract_id: str, amount: int, line_id: str = "L1", supplier: str = SUPPLIER) -> tuple[int, dict]:
    return call_api(
        "POST",
        "/v1/contracts",
        "official",
        LG_CODE,
        {"contractId": contract_id, "supplierBrn": supplier, "amount": amount, "lineId": line_id, "fy": FY},
    )


def test_budget_current_and_commitments(aws):
    status, loaded = load(line("L1", 50_000_000, carriedIn=5_000_000, transfers=-2_000_000))
    assert status == 201
    assert loaded["lines"][0]["budgetCurrent"] == 53_000_000 and loaded["lines"][0]["uncommitted"] == 53_000_000
    assert contract("C-1", 40_000_000)[0] == 201
    status, problem = contract("C-2", 13_000_001)
    assert status == 422 and problem["errors"][0]["code"] == "COMMITMENT_EXCEEDS_BUDGET"
    assert contract("C-2", 13_000_000)[0] == 201
    assert contract("C-2", 1)[0] == 409
    assert contract("C-3", 1, line_id="nope")[1]["errors"][0]["code"] == "BUDGET_LINE_UNKNOWN"
    # a reload keeps commitments, and cannot go below them
    status, reloaded = load(line("L1", 60_000_000))
    assert status == 201 and reloaded["lines"][0]["committed"] == 53_000_000
    assert reloaded["lines"][0]["uncommitted"] == 7_000_000
    status, problem = load(line("L1", 50_000_000))
    assert status == 422 and problem["errors"][0]["code"] == "BUDGET_BELOW_COMMITMENTS"


def test_concurrent_commitments_never_exceed_the_line(aws):
    load(line("L1", 10_000_000))
    results: list[int] = []
    barrier = threading.Barrier(8)

    def commit(n: int) -> None:
        from shared.application.wiring import budget_service
        from shared.domain.actor import Actor
        from shared.domain.errors import Invalid

        barrier.wait()
        try:
            budget_service().add_contract(Actor("official", LG_CODE, "t"), f"C-{n}", FY, SUPPLIER, 3_000_000, "L1")
            results.append(1)
        except Invalid:
            results.append(0)

    threads = [threading.Thread(target=commit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 3


def test_acceptance_is_checked_against_the_contract(aws, lg_tax_id):
    load(line("L1", 100_000_000))
    contract("C-9", 5_000_000)
    first = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 20), 1, [Line("유지보수", 1, 3_000_000)])
    second = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 21), 2, [Line("유지보수", 1, 2_000_000)])
    _, one = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(first, contractId="C-9"))
    _, two = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(second, contractId="C-9"))
    assert (
        call_api("POST", f"/v1/claims/{one['claimId']}/decision", "official", LG_CODE, {"decision": "accept"})[0] == 200
    )  # 3,300,000 of 5,000,000
    status, problem = call_api(
        "POST", f"/v1/claims/{two['claimId']}/decision", "official", LG_CODE, {"decision": "accept"}
    )
    assert status == 422 and problem["errors"][0]["code"] == "CONTRACT_EXCEEDED"  # 2,200,000 > 1,700,000 left
    _, claim = call_api("GET", f"/v1/claims/{two['claimId']}", "official", LG_CODE)
    assert claim["status"] == "RECEIVED"
    third = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 22), 3, [Line("x", 1, 1_000)])
    _, three = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(third, contractId="C-none"))
    status, problem = call_api(
        "POST", f"/v1/claims/{three['claimId']}/decision", "official", LG_CODE, {"decision": "accept"}
    )
    assert status == 422 and problem["errors"][0]["code"] == "CONTRACT_NOT_FOUND"


def test_a_contract_of_another_fiscal_year_is_not_drawn_on(aws, lg_tax_id):
    """Last year's contract commits last year's budget: accepting under it this year is refused, plainly."""
    call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY - 1, "lines": [line("L1", 10_000_000)]})
    assert (
        call_api(
            "POST",
            "/v1/contracts",
            "official",
            LG_CODE,
            {"contractId": "C-old", "supplierBrn": SUPPLIER, "amount": 5_000_000, "lineId": "L1", "fy": FY - 1},
        )[0]
        == 201
    )
    doc = kec_invoice(SUPPLIER, lg_tax_id, now_seoul().date(), 1, [Line("유지보수", 1, 1_000_000)])
    _, claim = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc, contractId="C-old"))
    status, problem = call_api(
        "POST", f"/v1/claims/{claim['claimId']}/decision", "official", LG_CODE, {"decision": "accept"}
    )
    assert status == 422 and [e["code"] for e in problem["errors"]] == ["CONTRACT_FISCAL_YEAR"]
    assert f"fiscal year {FY - 1}" in problem["errors"][0]["message"]
    assert call_api("GET", f"/v1/claims/{claim['claimId']}", "official", LG_CODE)[1]["status"] == "RECEIVED"


def test_budgets_are_for_officials(aws):
    assert call_api("POST", "/v1/budgets", "business", SUPPLIER, {"fy": FY, "lines": [line("L1", 1)]})[0] == 403


def test_budgets_and_commitments_post_to_the_budget_accounts(aws, lg_tax_id):
    from shared.application.wiring import ledger_repository

    load(line("L1", 50_000_000))
    contract("C-1", 30_000_000)
    load(line("L1", 45_000_000))  # a cut, still above the commitments: posted as the reverse entry
    assert load(line("L1", 20_000_000))[0] == 422  # below the commitments: refused, nothing posted
    doc = kec_invoice(SUPPLIER, lg_tax_id, date(2026, 11, 20), 5, [Line("유지보수", 1, 1_000_000)])
    _, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc, contractId="C-1"))
    assert (
        call_api("POST", f"/v1/claims/{created['claimId']}/decision", "official", LG_CODE, {"decision": "accept"})[0]
        == 200
    )
    rows = {row.account: row for row in ledger_repository().trial_balance(LG_CODE, FY).rows}
    # 9110 예산: 50,000,000 authorised - 5,000,000 cut - 30,000,000 committed
    assert rows["9110"].credit - rows["9110"].debit == 15_000_000
    # 9120 지출원인행위: 30,000,000 committed; the acceptance moves 1,100,000 to 9130 집행 (pending until paid)
    assert rows["9120"].credit - rows["9120"].debit == 30_000_000
    assert rows["9120"].pending_debit == 1_100_000 and rows["9130"].pending_credit == 1_100_000
    balance = ledger_repository().trial_balance(LG_CODE, FY)
    assert balance.balanced


def test_a_budget_change_into_a_closed_month_says_so(aws):
    """Not 'below commitments': the month its ledger entry would be dated in is closed."""
    from shared.application.wiring import ledger_repository

    assert load(line("L1", 10_000_000))[0] == 201
    ledger_repository().close_period(LG_CODE, now_seoul().strftime("%Y-%m"), closed_by="test: the month close")
    status, problem = load(line("L1", 12_000_000))
    assert status == 409 and [e["code"] for e in problem["errors"]] == ["PERIOD_CLOSED"], problem


def test_a_contract_sent_again_with_its_idempotency_key_is_registered_once(aws):
    load(line("L1", 10_000_000))
    key = {"Idempotency-Key": "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9"}
    body = {"contractId": "C-K", "supplierBrn": SUPPLIER, "amount": 1_000_000, "lineId": "L1", "fy": FY}
    first = call_api("POST", "/v1/contracts", "official", LG_CODE, body, key)
    again = call_api("POST", "/v1/contracts", "official", LG_CODE, body, key)
    assert first[0] == again[0] == 201 and first[1] == again[1]
    _, loaded = load(line("L1", 10_000_000))
    assert loaded["lines"][0]["committed"] == 1_000_000
