"""The statements in the 회계기준's form: the 재정상태표 by section with 고정·특정·일반순자산, the 재정운영표 from
사업순원가 to 재정운영결과, and the statements of full accrual (an accepted claim not yet paid is in them)."""

from __future__ import annotations

from datetime import date

from shared.domain.settlement import ledger
from shared.domain.settlement.ledger import memory
from shared.domain.settlement.reports import financial_statements, restricted_fund

LG, FY = "11110", 2026
DAY = date(2026, 6, 1)


def _books() -> memory.Ledger:
    book = memory.Ledger()
    book.record(
        [
            ledger.revenue_received(lg_code=LG, receipt_id="tax", amount=900, day=DAY, revenue="4110"),
            ledger.revenue_received(lg_code=LG, receipt_id="grant", amount=300, day=DAY, revenue="4310"),
        ]
    )
    return book


def _section(report: dict, name: str) -> int:
    sections = report["financialPosition"]["sections"] + report["operations"]["sections"]
    return next(s["amount"] for s in sections if s["section"] == name)


def test_the_position_by_section_and_net_assets_split_into_fixed_restricted_and_general():
    book = _books()
    # a building for 500 (1510, capitalised), 인건비 100 and 운영비 120 paid, 지연이자 7, and a bond of 400 assessed
    for claim, item, amount in (("c-building", "401-01", 500), ("c-staff", "101-01", 100), ("c-ops", "201-01", 120)):
        accepted = ledger.claim_accepted(
            lg_code=LG, claim_id=claim, amount=amount, day=DAY, expense=ledger.expense_account(item)
        )
        book.record([accepted])
        book.record(*_paid(accepted))
    book.record(
        [
            _some(ledger.late_interest_entry(lg_code=LG, claim_id="c-ops", amount=7, day=DAY)),
            ledger.revenue_assessed(
                lg_code=LG, fy=FY, assessment_id="bond", amount=400, day=DAY, kind="bond", line_id="r-bond"
            ),
        ]
    )
    rows = book.trial_balance(LG, FY, include_budget=False).rows
    report = financial_statements(rows)
    # cash 900 + 300 - 500 - 100 - 120 - 7 = 473; bond receivable 400; building 500
    assert _section(report, "유동자산") == 873 and _section(report, "일반유형자산") == 500
    assert _section(report, "투자자산") == 0 and _section(report, "사회기반시설") == 0  # printed, empty
    assert _section(report, "유동부채") == 0 and _section(report, "장기차입부채") == 400
    # 순자산 = 1,373 - 400 = 973: 고정 = 500 - 400 (the bond financed the building), none restricted, the rest
    # general
    assert report["financialPosition"]["netAssets"] == 973
    assert (_section(report, "고정순자산"), _section(report, "특정순자산"), _section(report, "일반순자산")) == (
        100,
        0,
        873,
    )
    # 재정운영표: 사업순원가 운영비 120; 관리운영비 인건비 100; 비배분비용 지연이자 7; 일반수익 1,200
    operations = report["operations"]
    assert (operations["programCost"], operations["administrativeCost"], operations["unallocatedExpense"]) == (
        120,
        100,
        7,
    )
    assert operations["generalRevenue"] == 1_200 and operations["unallocatedRevenue"] == 0
    assert operations["operatingResult"] == 120 + 100 + 7 - 1_200 == -operations["surplus"]
    # a 기금's net assets beyond the fixed are 특정순자산
    fund = financial_statements(rows, restricted=True)
    assert (_section(fund, "고정순자산"), _section(fund, "특정순자산"), _section(fund, "일반순자산")) == (100, 873, 0)


def test_the_fixed_net_assets_never_count_more_debt_than_the_facilities_it_financed():
    book = _books()
    book.record(
        [
            ledger.revenue_assessed(
                lg_code=LG, fy=FY, assessment_id="bond", amount=2_000, day=DAY, kind="bond", line_id="r-bond"
            )
        ]
    )
    report = financial_statements(book.trial_balance(LG, FY, include_budget=False).rows)
    assert _section(report, "고정순자산") == 0  # no facility: the bond is the general net assets' to bear
    assert _section(report, "일반순자산") == report["financialPosition"]["netAssets"] == 1_200


def test_an_accepted_claim_not_yet_paid_is_an_expense_and_a_payable_in_the_statements():
    book = _books()
    accepted = ledger.claim_accepted(lg_code=LG, claim_id="c-1", amount=250, day=DAY, budget=False)
    book.record([accepted])
    posted = book.books(LG, FY)[ledger.GENERAL_FUND]
    as_posted = financial_statements(ledger.trial_balance(posted, include_budget=False).rows)
    accrued = financial_statements(ledger.trial_balance(ledger.recognised(posted), include_budget=False).rows)
    assert as_posted["operations"]["expenses"] == 0  # what the posted columns alone say: nothing spent
    assert accrued["operations"]["expenses"] == 250 and accrued["financialPosition"]["liabilities"] == 250
    assert _section(accrued, "유동부채") == 250 and accrued["balanced"]
    # paid: the payable becomes cash gone, the expense stays the same
    book.record(*_paid(accepted))
    paid = financial_statements(
        ledger.trial_balance(ledger.recognised(book.books(LG, FY)[ledger.GENERAL_FUND]), include_budget=False).rows
    )
    assert paid["operations"]["expenses"] == 250 and paid["financialPosition"]["liabilities"] == 0


def test_the_budget_accounts_keep_their_phases_when_recognised():
    balances = {
        "9130": ledger.Balance("9130", pending_credit=40),
        "2110": ledger.Balance("2110", pending_credit=40),
    }
    recognised = ledger.recognised(balances)
    assert recognised["9130"] == balances["9130"]  # 지출액 counts only what was paid
    assert recognised["2110"] == ledger.Balance("2110", credit=40)


def test_a_fund_is_restricted_when_it_is_a_kigeum():
    assert restricted_fund("재난관리기금") and restricted_fund("통합재정안정화기금")
    assert not restricted_fund("일반회계") and not restricted_fund("상수도사업특별회계")


def _paid(accepted: ledger.JournalEntry) -> tuple[list[ledger.JournalEntry], list[ledger.PhaseOp]]:
    write = ledger.claim_paid(accepted, day=DAY)
    return list(write.entries), list(write.ops)


def _some(entry: ledger.JournalEntry | None) -> ledger.JournalEntry:
    assert entry is not None
    return entry


def test_a_lines_program_cost_is_what_its_acceptances_recognised_in_program_cost_accounts():
    """운영비 (201) and 보조금 (307) are 사업순원가; 인건비 (101) and 업무추진비 (203) are 관리운영비, and a 시설비
    line (401) recognises an asset: none of these counts; a recipient's execution (5410) always does."""
    assert ledger.line_program_cost("201", 100, 0) == 100
    assert ledger.line_program_cost("307", 100, 50) == 150
    assert ledger.line_program_cost("101", 100, 0) == 0
    assert ledger.line_program_cost("203", 100, 7) == 7
    assert ledger.line_program_cost("401", 100, 0) == 0
    assert ledger.line_program_cost("not-an-item", 100, 3) == 3


def test_program_cost_by_field_adds_up_per_field_and_shows_what_the_lines_do_not_explain():
    from shared.domain.settlement.reports import UNATTRIBUTED_FIELD, LineCost, program_cost_by_field

    costs = [
        LineCost("일반회계", "사회복지", 300),
        LineCost("일반회계", "환경", 0),
        LineCost("상수도사업특별회계", "환경", 200),
        LineCost("일반회계", "사회복지", 100),
    ]
    total = program_cost_by_field(costs, 650)
    assert [(r["field"], r["netCost"]) for r in total["rows"]] == [
        ("사회복지", 400),
        ("환경", 200),
        (UNATTRIBUTED_FIELD, 50),
    ]
    assert all(r["grossCost"] - r["programRevenue"] == r["netCost"] for r in total["rows"])
    own = program_cost_by_field(costs, 400, "일반회계")
    assert (own["attributed"], own["unattributed"], len(own["rows"])) == (400, 0, 1)
    over = program_cost_by_field(costs, 100, "상수도사업특별회계")
    assert over["unattributed"] == -100  # the lines record more than the ledger: the final close refuses it
