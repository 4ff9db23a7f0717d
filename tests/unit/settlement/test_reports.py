"""Settlement report formulas on a small hand-checked LG: every expected number below is worked out by hand in the
comment next to it, not by the code under test."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.domain.settlement.reports import (
    SHARE_KEYS,
    BudgetLine,
    FundCash,
    GrantSettlementInput,
    LineExecution,
    OwnRevenue,
    PaidClaim,
    StatementLine,
    TimelinessTally,
    budget_settlement,
    check_failures,
    execution_by,
    execution_check,
    financial_independence_rate,
    financial_statements,
    grant_settlement,
    late_interest,
    payment_timeliness,
    public_indicators,
    ratio,
    reconcile,
    reconcile_fund,
    settle_grant,
    split_return,
)

# ---------------------------------------------------------------------------------------------------------------
# the LG: four budget lines in two fields (사회복지, 환경) of the 일반회계

WELFARE, ENVIRONMENT = "사회복지", "환경"
LINES = (
    # L1 receives 5,000,000 전용 from L2 and carries 20,000,000 from last year
    BudgetLine(
        "L1",
        "일반회계",
        WELFARE,
        "노인청소년",
        "노인복지",
        "경로당 운영",
        "경로당 냉난방비",
        "307",
        "307-02",
        budget=100_000_000,
        carried_in=20_000_000,
        transfers=5_000_000,
    ),
    # L2 gives 5,000,000 to L1, gets 3,000,000 예비비
    BudgetLine(
        "L2",
        "일반회계",
        WELFARE,
        "노인청소년",
        "노인복지",
        "경로당 운영",
        "경로당 프로그램",
        "201",
        "201-01",
        budget=50_000_000,
        reserve_spending=3_000_000,
        transfers=-5_000_000,
    ),
    BudgetLine(
        "L3",
        "일반회계",
        ENVIRONMENT,
        "환경보호일반",
        "하천관리",
        "하천 정비",
        "소하천 정비",
        "401",
        "401-01",
        budget=80_000_000,
    ),
    # L4: everything moved away (이체), nothing left: 예산현액 0, no execution rate
    BudgetLine(
        "L4",
        "일반회계",
        ENVIRONMENT,
        "환경보호일반",
        "하천관리",
        "하천 정비",
        "수질 측정",
        "201",
        "201-01",
        budget=10_000_000,
        transfers=-10_000_000,
    ),
)
EXECUTION = {
    "L1": LineExecution(expended=90_000_000, carried_over=10_000_000),
    "L2": LineExecution(expended=47_500_000),
    "L3": LineExecution(expended=60_000_000, carried_over=15_000_000),
}


def test_budget_settlement_per_line():
    report = budget_settlement(LINES, EXECUTION, fy=2025, as_of=date(2025, 12, 31))
    by_id = {row["lineId"]: row for row in report["lines"]}
    l1, l2, l3, l4 = (by_id[k] for k in ("L1", "L2", "L3", "L4"))
    # L1: 예산현액 = 100,000,000 + 20,000,000 + 0 + 5,000,000 = 125,000,000
    #     불용액 = 125,000,000 - 90,000,000 - 10,000,000 = 25,000,000; 집행률 = 90 / 125 = 0.72
    assert (l1["budgetCurrent"], l1["expended"], l1["carriedOver"], l1["unused"]) == (
        125_000_000,
        90_000_000,
        10_000_000,
        25_000_000,
    )
    assert l1["executionRate"] == Decimal("0.7200")
    # L2: 예산현액 = 50,000,000 + 0 + 3,000,000 - 5,000,000 = 48,000,000
    #     불용액 = 48,000,000 - 47,500,000 - 0 = 500,000; 집행률 = 47.5 / 48 = 0.989583.. -> 0.9896
    assert (l2["budgetCurrent"], l2["unused"], l2["executionRate"]) == (48_000_000, 500_000, Decimal("0.9896"))
    # L3: 예산현액 80,000,000; 불용액 = 80,000,000 - 60,000,000 - 15,000,000 = 5,000,000; 집행률 60 / 80 = 0.75
    assert (l3["budgetCurrent"], l3["unused"], l3["executionRate"]) == (80_000_000, 5_000_000, Decimal("0.7500"))
    # L4: 예산현액 = 10,000,000 - 10,000,000 = 0; nothing spent; no rate
    assert (l4["budgetCurrent"], l4["expended"], l4["unused"], l4["executionRate"]) == (0, 0, 0, None)
    # the contract's keys, and the hierarchy carried through
    assert {"lineId", "budgetCurrent", "expended", "carriedOver", "unused"} <= set(l1)
    assert (l1["fund"], l1["object"], l1["statObject"]) == ("일반회계", "307", "307-02")
    assert report["fy"] == 2025 and report["asOf"] == date(2025, 12, 31)
    assert report["overspent"] == []


def test_budget_settlement_totals_by_field_and_overall():
    report = budget_settlement(LINES, EXECUTION)
    welfare, environment = report["byField"]
    # 사회복지 = L1 + L2: 예산현액 125,000,000 + 48,000,000 = 173,000,000; 지출액 90,000,000 + 47,500,000 = 137,500,000
    #   이월 10,000,000; 불용 25,000,000 + 500,000 = 25,500,000; 집행률 137.5 / 173 = 0.794797.. -> 0.7948
    assert welfare == {
        "field": WELFARE,
        "lineCount": 2,
        "budget": 150_000_000,
        "carriedIn": 20_000_000,
        "reserveSpending": 3_000_000,
        "transfers": 0,
        "budgetCurrent": 173_000_000,
        "expended": 137_500_000,
        "carriedOver": 10_000_000,
        "unused": 25_500_000,
        "executionRate": Decimal("0.7948"),
    }
    # 환경 = L3 + L4: 예산현액 80,000,000 + 0; 지출 60,000,000; 이월 15,000,000; 불용 5,000,000; 집행률 0.75
    assert (
        environment["budgetCurrent"],
        environment["expended"],
        environment["carriedOver"],
        environment["unused"],
        environment["executionRate"],
    ) == (80_000_000, 60_000_000, 15_000_000, 5_000_000, Decimal("0.7500"))
    # overall: 예산현액 173,000,000 + 80,000,000 = 253,000,000; 지출 137,500,000 + 60,000,000 = 197,500,000
    #   이월 25,000,000; 불용 30,500,000; 집행률 197.5 / 253 = 0.780632.. -> 0.7806
    total = report["total"]
    assert (total["budgetCurrent"], total["expended"], total["carriedOver"], total["unused"]) == (
        253_000_000,
        197_500_000,
        25_000_000,
        30_500_000,
    )
    assert total["executionRate"] == Decimal("0.7806")
    assert total["transfers"] == -10_000_000  # +5,000,000 - 5,000,000 - 10,000,000
    assert report["byFund"][0]["budgetCurrent"] == 253_000_000
    # by 통계목 (the month close): 201-01 = L2 + L4 = 48,000,000 + 0
    assert {row["statObject"]: row["budgetCurrent"] for row in execution_by(report["lines"], "statObject")} == {
        "307-02": 125_000_000,
        "201-01": 48_000_000,
        "401-01": 80_000_000,
    }


def test_budget_settlement_refuses_unknown_and_repeated_lines_and_flags_overspending():
    with pytest.raises(ValueError, match="unknown budget lines: L9"):
        budget_settlement(LINES, {"L9": LineExecution(expended=1)})
    with pytest.raises(ValueError, match="twice"):
        budget_settlement(LINES + LINES[:1])
    over = budget_settlement([LINES[2]], {"L3": LineExecution(expended=70_000_000, carried_over=15_000_000)})
    # 80,000,000 - 70,000,000 - 15,000,000 = -5,000,000
    assert over["lines"][0]["unused"] == -5_000_000 and over["overspent"] == ["L3"]


def test_money_is_integer_won():
    with pytest.raises(TypeError):
        BudgetLine("L", "일반회계", WELFARE, budget=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        LineExecution(expended=-1)
    line = BudgetLine.from_dict(
        {
            "lineId": "X",
            "fund": "일반회계",
            "field": WELFARE,
            "object": "307",
            "statObject": "307-02",
            "budget": 1_000,
            "carriedIn": 200,
        }
    )
    assert (line.object, line.stat_object, line.budget_current) == ("307", "307-02", 1_200)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**13),
            st.integers(0, 10**12),
            st.integers(0, 10**11),
            st.integers(-(10**12), 10**12),
            st.integers(0, 10**13),
            st.integers(0, 10**12),
            st.sampled_from(["a", "b", "c"]),
        ),
        max_size=8,
    )
)
def test_unused_is_budget_current_minus_expended_minus_carried_over(specs):
    lines, execution = [], {}
    for i, (budget, carried_in, reserve, transfers, expended, carried_over, field) in enumerate(specs):
        lines.append(
            BudgetLine(
                f"L{i}",
                "일반회계",
                field,
                budget=budget,
                carried_in=carried_in,
                reserve_spending=reserve,
                transfers=transfers,
            )
        )
        execution[f"L{i}"] = LineExecution(expended, carried_over)
    report = budget_settlement(lines, execution)
    for row in report["lines"]:
        assert row["budgetCurrent"] == row["budget"] + row["carriedIn"] + row["reserveSpending"] + row["transfers"]
        assert row["unused"] == row["budgetCurrent"] - row["expended"] - row["carriedOver"]
    for key in ("budgetCurrent", "expended", "carriedOver", "unused"):
        assert sum(group[key] for group in report["byField"]) == report["total"][key]
    total = report["total"]
    assert total["unused"] == total["budgetCurrent"] - total["expended"] - total["carriedOver"]


# ---------------------------------------------------------------------------------------------------------------
# 재무결산

TRIAL_BALANCE = (
    StatementLine("111", "현금및현금성자산", "asset", debit=500_000_000, credit=320_000_000),  # 180,000,000
    StatementLine("141", "토지", "asset", debit=300_000_000),
    StatementLine("211", "미지급금", "liability", credit=30_000_000),
    StatementLine("311", "순자산", "net_assets", credit=400_000_000),
    StatementLine("411", "지방세수익", "revenue", credit=250_000_000),
    StatementLine("421", "보조금수익", "revenue", credit=50_000_000),
    StatementLine("511", "인건비", "expense", debit=120_000_000),
    StatementLine("521", "물건비", "expense", debit=80_000_000),
    StatementLine("531", "이전비용", "expense", debit=50_000_000),
)
# debits: 500 + 300 + 120 + 80 + 50 = 1,050 million; credits: 320 + 30 + 400 + 250 + 50 = 1,050 million


def test_financial_statements_from_a_balanced_trial_balance():
    report = financial_statements(TRIAL_BALANCE)
    # 자산 = 180,000,000 + 300,000,000 = 480,000,000; 부채 30,000,000
    # 수익 250,000,000 + 50,000,000 = 300,000,000; 비용 120 + 80 + 50 = 250,000,000; 잉여 50,000,000
    # 순자산 = 400,000,000 + 50,000,000 = 450,000,000; 30,000,000 + 450,000,000 = 480,000,000 = 자산
    position = report["financialPosition"]
    assert (position["assets"], position["liabilities"], position["netAssets"]) == (
        480_000_000,
        30_000_000,
        450_000_000,
    )
    assert position["balanced"] and position["difference"] == 0 and report["balanced"]
    operations = report["operations"]
    assert (operations["revenues"], operations["expenses"], operations["surplus"]) == (
        300_000_000,
        250_000_000,
        50_000_000,
    )
    assert operations["byNature"]["expenses"] == {"인건비": 120_000_000, "물건비": 80_000_000, "이전비용": 50_000_000}
    assert operations["byNature"]["revenues"] == {"지방세수익": 250_000_000, "보조금수익": 50_000_000}
    assert report["changesInNetAssets"] == {
        "opening": 400_000_000,
        "surplus": 50_000_000,
        "operatingResult": -50_000_000,  # 재정운영결과: costs - revenues, a surplus is negative
        "adjustments": 0,
        "closing": 450_000_000,
    }
    assert report["trialBalance"] == {"debit": 1_050_000_000, "credit": 1_050_000_000, "balanced": True}
    assert [a["account"] for a in position["accounts"]] == ["111", "141", "211", "311"]


def test_financial_statements_report_an_unbalanced_trial_balance_and_adjustments():
    unbalanced = financial_statements(TRIAL_BALANCE[:7] + TRIAL_BALANCE[8:])  # 물건비 80,000,000 lost
    # 비용 170,000,000 -> 잉여 130,000,000 -> 순자산 530,000,000; 30,000,000 + 530,000,000 = 560,000,000
    # difference = 480,000,000 - 560,000,000 = -80,000,000 (= debits 970 - credits 1,050 million)
    assert not unbalanced["balanced"] and unbalanced["difference"] == -80_000_000
    assert not unbalanced["trialBalance"]["balanced"]
    # last year closed at 390,000,000: the accounts hold 10,000,000 more (a direct net-asset adjustment)
    changes = financial_statements(TRIAL_BALANCE, opening_net_assets=390_000_000)["changesInNetAssets"]
    assert changes == {
        "opening": 390_000_000,
        "surplus": 50_000_000,
        "operatingResult": -50_000_000,
        "adjustments": 10_000_000,
        "closing": 450_000_000,
    }  # 390 + 50 + 10
    with pytest.raises(ValueError, match="twice"):
        financial_statements(TRIAL_BALANCE + TRIAL_BALANCE[:1])
    # the ledger's budget control accounts (9xxx) balance among themselves and stay out of the statements
    with_budget = TRIAL_BALANCE + (
        StatementLine("9110", "예산", "budget", debit=5, credit=253_000_000),
        StatementLine("9100", "예산통제", "budget", debit=252_999_995),
    )
    assert financial_statements(with_budget) == financial_statements(TRIAL_BALANCE)
    with pytest.raises(ValueError, match="unknown type"):
        StatementLine("999", "?", "equity", debit=1)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["asset", "liability", "net_assets", "revenue", "expense"]),
            st.integers(0, 10**12),
            st.integers(0, 10**12),
        ),
        max_size=12,
    )
)
def test_a_balanced_trial_balance_gives_a_balanced_position(specs):
    rows = [StatementLine(f"A{i}", f"n{i}", t, debit=d, credit=c) for i, (t, d, c) in enumerate(specs)]
    gap = sum(r.debit for r in rows) - sum(r.credit for r in rows)  # close the gap on a cash account
    rows.append(StatementLine("CASH", "현금", "asset", debit=max(0, -gap), credit=max(0, gap)))
    report = financial_statements(rows)
    position = report["financialPosition"]
    assert report["balanced"] and position["assets"] == position["liabilities"] + position["netAssets"]
    assert report["changesInNetAssets"]["closing"] == position["netAssets"]


# ---------------------------------------------------------------------------------------------------------------
# 세계잉여금 대사


def test_reconciliation_that_matches_and_one_that_does_not():
    general = FundCash("일반회계", cash=180_000_000, receipts=500_000_000, expenditure=320_000_000)
    special = FundCash("상수도특별회계", cash=12_000_000, receipts=40_000_000, expenditure=28_500_000)
    # 일반회계: 500,000,000 - 320,000,000 = 180,000,000 = cash
    assert reconcile_fund(general) == {
        "fund": "일반회계",
        "cash": 180_000_000,
        "openingCash": 0,
        "receipts": 500_000_000,
        "expenditure": 320_000_000,
        "surplus": 180_000_000,
        "matches": True,
        "difference": 0,
    }
    # 특별회계: 40,000,000 - 28,500,000 = 11,500,000; cash 12,000,000 is 500,000 more
    row = reconcile_fund(special)
    assert (row["surplus"], row["matches"], row["difference"]) == (11_500_000, False, 500_000)
    report = reconcile([general, special])
    assert not report["matches"] and report["mismatched"] == ["상수도특별회계"] and len(report["funds"]) == 2
    assert reconcile([general])["matches"]


# ---------------------------------------------------------------------------------------------------------------
# 보조금 정산

GRANT = GrantSettlementInput(
    "G-1",
    amounts=(30_000_000, 12_345_678),
    executed=40_000_000,
    shares={"national": "0.5", "province": "0.3", "city": "0.2"},
    interest=12_345,
)


def test_grant_settlement_splits_by_shares_and_drops_under_10_won():
    row = settle_grant(GRANT)
    # unspent = 30,000,000 + 12,345,678 - 40,000,000 + 12,345 = 2,358,023
    assert (row["granted"], row["unspent"]) == (42_345_678, 2_358_023)
    # 국비 2,358,023 x 0.5 = 1,179,011.5 -> 1,179,011 -> 1,179,010
    # 시도비 x 0.3 = 707,406.9 -> 707,406 -> 707,400;  시군구비 x 0.2 = 471,604.6 -> 471,604 -> 471,600; 자부담 0
    assert row["shares"] == {"national": 1_179_010, "province": 707_400, "city": 471_600, "self": 0}
    # returned 1,179,010 + 707,400 + 471,600 = 2,358,010; dropped 2,358,023 - 2,358,010 = 13
    assert (row["returned"], row["dropped"]) == (2_358_010, 13)
    report = grant_settlement([GRANT, GrantSettlementInput("G-2", (1_000_000,), 1_000_000, {"self": 1})])
    total = report["total"]
    assert (total["grantCount"], total["granted"], total["executed"], total["returned"], total["dropped"]) == (
        2,
        43_345_678,
        41_000_000,
        2_358_010,
        13,
    )
    # 41,000,000 / 43,345,678 = 0.945884.. -> 0.9459
    assert total["executionRate"] == Decimal("0.9459")


def test_grant_settlement_refuses_bad_shares_and_overspending():
    with pytest.raises(ValueError, match="sum to 1"):
        GrantSettlementInput("G", (100,), 0, {"national": "0.5", "province": "0.3"})
    with pytest.raises(ValueError, match="unknown"):
        GrantSettlementInput("G", (100,), 0, {"nation": "1"})
    with pytest.raises(ValueError, match="exceeds"):
        GrantSettlementInput("G", (100,), 101, {"national": "1"})
    # a JSON float is read by its repr: 0.3 is 3/10, not 0.299999..
    assert split_return(1_000, {"national": 0.7, "province": 0.3}) == (
        {"national": 700, "province": 300, "city": 0, "self": 0},
        0,
    )


@st.composite
def fractions_summing_to_one(draw):
    places = draw(st.integers(1, 6))
    whole = 10**places
    cuts = sorted(draw(st.lists(st.integers(0, whole), min_size=3, max_size=3)))
    parts = [a - b for a, b in zip([*cuts, whole], [0, *cuts], strict=True)]
    return {key: Decimal(part).scaleb(-places) for key, part in zip(SHARE_KEYS, parts, strict=True)}


@given(st.integers(0, 10**13), fractions_summing_to_one())
def test_grant_shares_never_exceed_the_unspent_amount_and_are_multiples_of_10(unspent, shares):
    assert sum(shares.values()) == 1
    amounts, dropped = split_return(unspent, shares)
    assert sum(amounts.values()) + dropped == unspent
    assert sum(amounts.values()) <= unspent
    assert amounts["self"] == 0  # the 자부담 is the recipient's: the public money returns to those who funded it
    public = sum(Fraction(shares[key]) for key in SHARE_KEYS[:3])
    for key, amount in amounts.items():
        assert amount % 10 == 0 and 0 <= amount <= unspent
        if public and key != "self":  # each government's part of the public money, within 10 won
            assert 0 <= unspent * Fraction(shares[key]) / public - amount < 10
    if public:  # the 반납 shares sum to the 반납액 less at most 10 won per public share
        assert 0 <= dropped < 10 * 3
    else:
        assert dropped == unspent  # a program all 자부담 returns nothing to a government


# ---------------------------------------------------------------------------------------------------------------
# 대금 지급 적기성

CLAIMS = (
    # on time, 4 days after acceptance
    PaidClaim(
        "C1", due_date=date(2025, 3, 10), paid_on=date(2025, 3, 7), amount=10_000_000, accepted_on=date(2025, 3, 3)
    ),
    # paid on the due date: on time, 10 days
    PaidClaim(
        "C2", due_date=date(2025, 3, 14), paid_on=date(2025, 3, 14), amount=5_000_000, accepted_on=date(2025, 3, 4)
    ),
    # 11 days late (3/20 -> 3/31), 21 days after acceptance
    PaidClaim(
        "C3", due_date=date(2025, 3, 20), paid_on=date(2025, 3, 31), amount=12_345_678, accepted_on=date(2025, 3, 10)
    ),
)


def test_late_interest_by_hand():
    # 12,345,678 x 0.12 = 1,481,481.36; x 11 = 16,296,294.96; / 365 = 44,647.38.. -> 44,647
    assert late_interest(12_345_678, Decimal("0.12"), 11) == 44_647
    # 36,500,000 x 0.12 x 10 / 365 = 120,000 exactly
    assert late_interest(36_500_000, Decimal("0.12"), 10) == 120_000
    assert late_interest(12_345_678, Decimal("0.12"), 0) == 0
    assert late_interest(12_345_678, Decimal("0.12"), -3) == 0
    with pytest.raises(TypeError):
        late_interest(1.0, Decimal("0.12"), 1)  # type: ignore[arg-type]


@given(st.integers(0, 10**13), st.decimals(min_value=0, max_value=1, places=4), st.integers(-30, 3_650))
def test_late_interest_is_the_exact_floor(amount, rate, days):
    expected = floor(Fraction(amount) * Fraction(rate) * days / 365) if days > 0 else 0
    assert late_interest(amount, rate, days) == expected


def test_payment_timeliness_by_hand():
    report = payment_timeliness(CLAIMS, rate=Decimal("0.12"))
    # 3 claims: 10,000,000 + 5,000,000 + 12,345,678 = 27,345,678; on time C1, C2 = 15,000,000; late C3
    assert (report["count"], report["amount"]) == (3, 27_345_678)
    assert report["onTime"] == {"count": 2, "amount": 15_000_000}
    assert report["late"] == {"count": 1, "amount": 12_345_678}
    assert report["onTimeRate"] == Decimal("0.6667")  # 2 / 3
    assert report["onTimeAmountRate"] == Decimal("0.5485")  # 15,000,000 / 27,345,678 = 0.54853..
    assert (report["averageDaysLate"], report["maxDaysLate"]) == (Decimal("11.0"), 11)
    assert report["averageDaysToPay"] == Decimal("11.7")  # (4 + 10 + 21) / 3 = 11.67
    assert report["lateInterest"] == 44_647 and report["interestRate"] == Decimal("0.12")
    assert "C3" not in repr(report)  # aggregates only
    empty = payment_timeliness([])
    assert (empty["count"], empty["onTimeRate"], empty["averageDaysLate"]) == (0, None, None)


def test_timeliness_tallies_of_chunks_merge_to_the_whole():
    first, second = TimelinessTally(), TimelinessTally()
    first.add(CLAIMS[0], Decimal("0.12"))
    for claim in CLAIMS[1:]:
        second.add(claim, Decimal("0.12"))
    assert first.merge(second).report(Decimal("0.12")) == payment_timeliness(CLAIMS, rate=Decimal("0.12"))


# ---------------------------------------------------------------------------------------------------------------
# 지방재정365


def test_financial_independence_by_hand():
    # (120,000,000,000 + 30,000,000,000) / 400,000,000,000 = 0.375, published as 37.5%
    revenue = OwnRevenue(local_tax=120_000_000_000, non_tax_revenue=30_000_000_000, general_budget=400_000_000_000)
    assert financial_independence_rate(revenue) == Decimal("0.3750")
    assert financial_independence_rate(OwnRevenue(1, 1, 0)) is None


def test_public_indicators_are_aggregates_only():
    settlement = budget_settlement(LINES, EXECUTION, fy=2025)
    grants = grant_settlement([GRANT])
    timeliness = payment_timeliness(CLAIMS)
    revenue = OwnRevenue(120_000_000_000, 30_000_000_000, 400_000_000_000)
    public = public_indicators(
        "11110", 2025, settlement=settlement, revenue=revenue, grants=grants, timeliness=timeliness
    )
    assert public["budgetSize"] == {"budget": 240_000_000, "budgetCurrent": 253_000_000}  # 100 + 50 + 80 + 10 M
    assert public["settlementSize"] == {"expended": 197_500_000, "carriedOver": 25_000_000, "unused": 30_500_000}
    assert public["executionRate"] == Decimal("0.7806")
    assert [(r["field"], r["executionRate"]) for r in public["executionByField"]] == [
        (WELFARE, Decimal("0.7948")),
        (ENVIRONMENT, Decimal("0.7500")),
    ]
    assert public["financialIndependenceRate"] == Decimal("0.3750")
    assert public["subsidies"]["granted"] == 42_345_678 and public["subsidies"]["executed"] == 40_000_000
    assert public["paymentTimeliness"]["onTimeRate"] == Decimal("0.6667")
    text = repr(public)
    for secret in ("G-1", "C1", "C3", "L1", "경로당"):  # no ids, no line names
        assert secret not in text
    bare = public_indicators("11110", 2025, settlement=settlement)
    assert bare["subsidies"] is None and bare["financialIndependenceRate"] is None


def test_ratio_rounds_half_up_exactly():
    assert ratio(1, 8) == Decimal("0.1250")
    assert ratio(1, 20_000) == Decimal("0.0001")  # 0.00005 -> up
    assert ratio(1, 20_001) == Decimal("0.0000")
    assert ratio(5, 0) is None


def test_claim_days_late():
    claim = PaidClaim("C", date(2025, 1, 31), date(2025, 1, 31) + timedelta(days=3), 1)
    assert claim.days_late == 3


def test_the_execution_check_holds_each_lines_expenditure_against_what_was_paid_from_it():
    agreed = execution_check({"L-1": 500, "L-2": 0}, {"L-1": 500}, 0)
    assert agreed["matches"] and agreed["lines"] == [{"lineId": "L-1", "expended": 500, "paid": 500, "difference": 0}]

    differs = execution_check({"L-1": 500, "L-2": 70}, {"L-1": 400, "L-3": 30}, 25)
    assert not differs["matches"] and differs["mismatched"] == ["L-1", "L-2", "L-3"]
    assert [row["difference"] for row in differs["lines"]] == [100, 70, -30]
    failures = check_failures(reconcile([FundCash("일반회계", 10, 10, 0)]), differs)
    assert failures == [
        "line L-1: 지출액 500 but 400 won paid (100)",
        "line L-2: 지출액 70 but 0 won paid (70)",
        "line L-3: 지출액 0 but 30 won paid (-30)",
        "25 won paid on no budget line",
    ]
    unbudgeted_only = execution_check({"L-1": 5}, {"L-1": 5}, 1)
    assert not unbudgeted_only["matches"] and unbudgeted_only["mismatched"] == []


def test_a_fund_whose_cash_differs_from_its_treasury_surplus_fails_the_check_with_the_difference():
    check = reconcile([FundCash("일반회계", 95, 300, 200)])
    assert check_failures(check, execution_check({}, {}, 0)) == [
        "일반회계: 현금 95 differs from 세계잉여금 100 by -5 won"
    ]
