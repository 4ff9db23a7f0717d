"""Soft fraud indicators (부정수급 지표): each fires on its case with its evidence, and not on the near miss."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.domain.subsidy.indicators import (
    SOLE_CONTRACT_LIMIT,
    WEIGHTS,
    evaluate,
    outside_period,
    risk_score,
    rush_tail,
)
from shared.domain.subsidy.model import BusinessFacts, GrantSummary, IndicatorContext, IndicatorHit, Period, Spend

RECIPIENT = "2048631263"
VENDOR = "6028131841"
OTHER_VENDOR = "1018166440"
DAY = date(2025, 3, 10)
GRANT = GrantSummary(
    grant_id="G-1",
    lg_code="11110",
    title="청년 창업 지원",
    purpose="청년 창업 역량 강화",
    field="산업중소기업",
    recipient_brn=RECIPIENT,
    period=Period(date(2025, 1, 1), date(2025, 4, 10)),  # 100 days
    categories=("307-02",),
    budget_total=100_000_000,
)
ODD = 1_234_567  # an amount that is not round (F18) and small


def spend(claim_id: str, amount: int = ODD, day: date = DAY, vendor: str = VENDOR, invoice: str = "") -> Spend:
    return Spend(
        claim_id=claim_id,
        grant_id=GRANT.grant_id,
        vendor_brn=vendor,
        amount=amount,
        day=day,
        invoice_key=invoice or f"INV-{claim_id}",
    )


def context(
    claim: Spend | None = None,
    *earlier: Spend,
    vendor: BusinessFacts | None = None,
    recipient: BusinessFacts | None = None,
    cancelled: frozenset[str] = frozenset(),
    grant: GrantSummary = GRANT,
) -> IndicatorContext:
    return IndicatorContext(
        claim=claim or spend("C-9"),
        grant=grant,
        vendor=vendor,
        recipient=recipient,
        earlier=tuple(earlier),
        cancelled_invoice_keys=cancelled,
    )


def hit(ctx: IndicatorContext, code: str) -> IndicatorHit | None:
    found = [h for h in evaluate(ctx) if h.code == code]
    assert len(found) <= 1
    return found[0] if found else None


def vendor_facts(**changes: object) -> BusinessFacts:
    return BusinessFacts(brn=VENDOR, **changes)  # type: ignore[arg-type]


def recipient_facts(**changes: object) -> BusinessFacts:
    return BusinessFacts(brn=RECIPIENT, **changes)  # type: ignore[arg-type]


# --- F01 related parties ------------------------------------------------------------------------------------------


def test_f01_fires_when_the_vendor_is_the_recipient() -> None:
    found = hit(context(spend("C-1", vendor=RECIPIENT)), "F01")
    assert found is not None and found.weight == 40
    assert found.evidence["matches"] == ["vendor BRN is the recipient's BRN"]
    assert found.evidence["claimId"] == "C-1"


def test_f01_fires_on_the_same_representative_without_copying_the_hash() -> None:
    ctx = context(
        vendor=vendor_facts(representative_hash="h-rep"), recipient=recipient_facts(representative_hash="h-rep")
    )
    found = hit(ctx, "F01")
    assert found is not None
    assert found.evidence["matches"] == ["same representative (hash match)"]
    assert "h-rep" not in repr(found.as_dict())


def test_f01_near_misses() -> None:
    different = context(
        vendor=vendor_facts(representative_hash="a"), recipient=recipient_facts(representative_hash="b")
    )
    both_missing = context(vendor=vendor_facts(), recipient=recipient_facts())
    one_missing = context(vendor=vendor_facts(representative_hash="a"), recipient=recipient_facts())
    empty = context(vendor=vendor_facts(representative_hash=""), recipient=recipient_facts(representative_hash=""))
    for ctx in (different, both_missing, one_missing, empty):
        assert hit(ctx, "F01") is None


# --- F03 cancelled evidence ---------------------------------------------------------------------------------------


def test_f03_fires_on_a_cancelled_invoice() -> None:
    key = "20250310-41000000-1234"
    found = hit(context(spend("C-1", invoice=key), cancelled=frozenset({key})), "F03")
    assert found is not None and found.weight == 50
    assert found.evidence == {"claimId": "C-1", "invoiceKey": key, "amount": ODD}


def test_f03_near_miss_another_invoice_cancelled() -> None:
    assert hit(context(spend("C-1", invoice="A"), cancelled=frozenset({"B"})), "F03") is None


# --- F08 closed vendor --------------------------------------------------------------------------------------------


def test_f08_fires_when_closed_on_the_claim_day() -> None:
    found = hit(context(vendor=vendor_facts(status="closed", status_since=DAY)), "F08")
    assert found is not None and found.weight == 30
    assert found.evidence == {
        "claimId": "C-9",
        "vendorBrn": VENDOR,
        "status": "closed (폐업)",
        "since": "2025-03-10",
        "claimDay": "2025-03-10",
    }


def test_f08_fires_when_suspended_before() -> None:
    found = hit(context(vendor=vendor_facts(status="suspended", status_since=DAY - timedelta(days=40))), "F08")
    assert found is not None and found.evidence["status"] == "suspended (휴업)"


def test_f08_near_misses() -> None:
    closed_next_day = vendor_facts(status="closed", status_since=DAY + timedelta(days=1))
    closed_since_unknown = vendor_facts(status="closed")
    active = vendor_facts(status="active", status_since=DAY - timedelta(days=3))
    for vendor in (closed_next_day, closed_since_unknown, active):
        assert hit(context(vendor=vendor), "F08") is None


# --- F09 concentration --------------------------------------------------------------------------------------------


def test_f09_fires_above_half_of_the_spending() -> None:
    ctx = context(
        spend("C-3", 301_000),
        spend("C-1", 200_000, DAY - timedelta(days=20)),
        spend("C-2", 499_000, DAY - timedelta(days=10), vendor=OTHER_VENDOR),
    )
    found = hit(ctx, "F09")
    assert found is not None and found.weight == 15
    assert found.evidence == {
        "vendorBrn": VENDOR,
        "vendorTotal": 501_000,
        "grantTotal": 1_000_000,
        "share": "50.1%",
        "threshold": "50%",
        "executions": 3,
        "claimIds": ["C-1", "C-3"],
    }


def test_f09_near_miss_exactly_half() -> None:
    ctx = context(
        spend("C-3", 300_000),
        spend("C-1", 200_000, DAY - timedelta(days=20)),
        spend("C-2", 500_000, DAY - timedelta(days=10), vendor=OTHER_VENDOR),
    )
    assert hit(ctx, "F09") is None


def test_f09_not_on_a_first_small_claim() -> None:
    assert hit(context(spend("C-1", 5_000_000)), "F09") is None  # 100% of one claim, 5% of the budget


def test_f09_fires_on_few_claims_once_a_tenth_of_the_budget_is_spent() -> None:
    found = hit(context(spend("C-2", 10_000_000), spend("C-1", 1, DAY, vendor=OTHER_VENDOR)), "F09")
    assert found is not None and found.evidence["executions"] == 2
    assert hit(context(spend("C-2", 9_999_998), spend("C-1", 1, DAY, vendor=OTHER_VENDOR)), "F09") is None


def test_f09_needs_a_budget_for_the_budget_rule() -> None:
    no_budget = replace(GRANT, budget_total=0)
    assert hit(context(spend("C-1", 5_000_000), grant=no_budget), "F09") is None


# --- F10 new vendor -----------------------------------------------------------------------------------------------


def test_f10_fires_29_days_after_registration() -> None:
    found = hit(context(vendor=vendor_facts(registered_on=DAY - timedelta(days=29))), "F10")
    assert found is not None and found.weight == 15
    assert found.evidence == {
        "claimId": "C-9",
        "vendorBrn": VENDOR,
        "registeredOn": "2025-02-09",
        "claimDay": "2025-03-10",
        "daysBefore": 29,
    }


def test_f10_fires_on_the_registration_day() -> None:
    found = hit(context(vendor=vendor_facts(registered_on=DAY)), "F10")
    assert found is not None and found.evidence["daysBefore"] == 0


def test_f10_near_misses() -> None:
    for registered in (DAY - timedelta(days=30), DAY + timedelta(days=1), None):
        assert hit(context(vendor=vendor_facts(registered_on=registered)), "F10") is None


# --- F11 split purchases (쪼개기) ----------------------------------------------------------------------------------


def test_f11_fires_when_two_purchases_together_pass_the_limit() -> None:
    ctx = context(
        spend("C-2", 10_000_001, DAY),
        spend("C-1", 10_000_000, DAY - timedelta(days=30)),
        spend("C-0", 10_000_000, DAY - timedelta(days=31)),
    )  # outside the window
    found = hit(ctx, "F11")
    assert found is not None and found.weight == 25
    assert found.evidence == {
        "vendorBrn": VENDOR,
        "purchases": [
            {"claimId": "C-1", "day": "2025-02-08", "amount": 10_000_000},
            {"claimId": "C-2", "day": "2025-03-10", "amount": 10_000_001},
        ],
        "sum": 20_000_001,
        "limit": SOLE_CONTRACT_LIMIT,
        "windowDays": 30,
    }


def test_f11_near_miss_sum_exactly_the_limit() -> None:
    ctx = context(spend("C-2", 10_000_000, DAY), spend("C-1", 10_000_000, DAY - timedelta(days=30)))
    assert hit(ctx, "F11") is None


def test_f11_counts_later_purchases_too() -> None:
    ctx = context(spend("C-1", 15_000_000, DAY), spend("C-2", 6_000_000, DAY + timedelta(days=12)))
    found = hit(ctx, "F11")
    assert found is not None and found.evidence["sum"] == 21_000_000


def test_f11_near_miss_one_purchase_at_the_limit() -> None:
    at_limit_now = context(spend("C-2", 20_000_000, DAY), spend("C-1", 5_000_000, DAY - timedelta(days=3)))
    at_limit_before = context(spend("C-2", 5_000_000, DAY), spend("C-1", 20_000_000, DAY - timedelta(days=3)))
    assert hit(at_limit_now, "F11") is None
    assert hit(at_limit_before, "F11") is None


def test_f11_near_misses_window_and_vendor() -> None:
    too_far = context(spend("C-2", 15_000_000, DAY), spend("C-1", 15_000_000, DAY - timedelta(days=31)))
    other_vendor = context(spend("C-2", 15_000_000, DAY), spend("C-1", 15_000_000, DAY, vendor=OTHER_VENDOR))
    single = context(spend("C-2", 19_999_999, DAY))
    for ctx in (too_far, other_vendor, single):
        assert hit(ctx, "F11") is None


# --- F14 end-of-period rush ---------------------------------------------------------------------------------------


def test_rush_tail_is_the_last_tenth_of_the_period() -> None:
    assert rush_tail(GRANT) == (date(2025, 4, 1), date(2025, 4, 10))
    assert rush_tail(replace(GRANT, period=Period(date(2025, 1, 1), date(2025, 1, 9)))) is None
    assert rush_tail(replace(GRANT, period=Period(date(2025, 1, 1), date(2025, 1, 10)))) == (
        date(2025, 1, 10),
        date(2025, 1, 10),
    )


def test_f14_fires_above_40_percent_in_the_last_tenth() -> None:
    ctx = context(spend("C-2", 410_000, date(2025, 4, 1)), spend("C-1", 590_000, date(2025, 2, 1)))
    found = hit(ctx, "F14")
    assert found is not None and found.weight == 10
    assert found.evidence == {
        "tailFrom": "2025-04-01",
        "periodEnd": "2025-04-10",
        "tailAmount": 410_000,
        "grantTotal": 1_000_000,
        "share": "41.0%",
        "threshold": "40%",
        "claimIds": ["C-2"],
    }


def test_f14_near_miss_exactly_40_percent() -> None:
    ctx = context(spend("C-2", 400_000, date(2025, 4, 5)), spend("C-1", 600_000, date(2025, 2, 1)))
    assert hit(ctx, "F14") is None


def test_f14_near_miss_claim_the_day_before_the_tail() -> None:
    ctx = context(spend("C-2", 100_000, date(2025, 3, 31)), spend("C-1", 900_000, date(2025, 4, 2)))
    assert hit(ctx, "F14") is None


# --- F17 self-payment ---------------------------------------------------------------------------------------------


def test_f17_fires_when_the_vendor_account_is_the_representatives() -> None:
    ctx = context(vendor=vendor_facts(account_holder_hash="h-1"), recipient=recipient_facts(representative_hash="h-1"))
    found = hit(ctx, "F17")
    assert found is not None and found.weight == 40
    assert found.evidence == {
        "claimId": "C-9",
        "vendorBrn": VENDOR,
        "matches": ["vendor account holder is the recipient's representative (hash match)"],
    }
    assert "h-1" not in repr(found.as_dict())


def test_f17_fires_when_the_vendor_account_is_the_recipients() -> None:
    ctx = context(vendor=vendor_facts(account_holder_hash="h-2"), recipient=recipient_facts(account_holder_hash="h-2"))
    found = hit(ctx, "F17")
    assert found is not None
    assert found.evidence["matches"] == ["vendor account holder is the recipient's account holder (hash match)"]


def test_f17_near_misses() -> None:
    different = context(
        vendor=vendor_facts(account_holder_hash="a"),
        recipient=recipient_facts(representative_hash="b", account_holder_hash="c"),
    )
    nothing_known = context(vendor=vendor_facts(), recipient=recipient_facts())
    no_recipient = context(vendor=vendor_facts(account_holder_hash="a"))
    for ctx in (different, nothing_known, no_recipient):
        assert hit(ctx, "F17") is None


# --- F18 round amounts --------------------------------------------------------------------------------------------


def test_f18_fires_on_the_third_round_amount() -> None:
    ctx = context(
        spend("C-3", 3_000_000),
        spend("C-1", 500_000, DAY - timedelta(days=9)),
        spend("C-2", 1_200_000, DAY - timedelta(days=5), vendor=OTHER_VENDOR),
        spend("C-0", 1_250_000, DAY - timedelta(days=20)),
    )  # a multiple of 50,000 only
    found = hit(ctx, "F18")
    assert found is not None and found.weight == 10
    assert found.evidence == {
        "roundUnit": 100_000,
        "count": 3,
        "claims": [
            {"claimId": "C-1", "day": "2025-03-01", "amount": 500_000},
            {"claimId": "C-2", "day": "2025-03-05", "amount": 1_200_000},
            {"claimId": "C-3", "day": "2025-03-10", "amount": 3_000_000},
        ],
    }


def test_f18_near_misses() -> None:
    two_round = context(spend("C-2", 3_000_000), spend("C-1", 500_000))
    this_not_round = context(
        spend("C-4", 3_000_001), spend("C-1", 500_000), spend("C-2", 600_000), spend("C-3", 700_000)
    )
    zero = context(spend("C-3", 0), spend("C-1", 500_000), spend("C-2", 600_000))
    for ctx in (two_round, this_not_round, zero):
        assert hit(ctx, "F18") is None


def test_the_claim_listed_among_earlier_counts_once() -> None:
    claim = spend("C-3", 3_000_000)
    assert hit(context(claim, claim, spend("C-1", 500_000)), "F18") is None


# --- all of them --------------------------------------------------------------------------------------------------


def test_an_ordinary_claim_fires_nothing() -> None:
    ctx = context(
        spend("C-2", 2_345_678),
        spend("C-1", 1_234_567, DAY - timedelta(days=40), vendor=OTHER_VENDOR),
        vendor=vendor_facts(registered_on=date(2019, 5, 1), representative_hash="v", account_holder_hash="w"),
        recipient=recipient_facts(representative_hash="r", account_holder_hash="s"),
    )
    assert evaluate(ctx) == []


def test_missing_facts_never_fire_and_never_raise() -> None:
    assert evaluate(context()) == []
    assert evaluate(context(recipient=recipient_facts(representative_hash="x", account_holder_hash="x"))) == []
    assert evaluate(context(vendor=vendor_facts())) == []


FACT_CODES = {"F08", "F10", "F17"}  # need the vendor record; F01 needs it only for the representative


@given(
    st.lists(st.tuples(st.integers(-1_000_000, 60_000_000), st.integers(-400, 400), st.booleans()), max_size=8),
    st.integers(-5_000_000, 60_000_000),
    st.integers(-400, 400),
)
def test_without_facts_no_fact_indicator_fires_and_nothing_raises(
    rows: list[tuple[int, int, bool]], amount: int, offset: int
) -> None:
    earlier = [
        spend(f"C-{i}", value, DAY + timedelta(days=days), VENDOR if same else OTHER_VENDOR)
        for i, (value, days, same) in enumerate(rows)
    ]
    hits = evaluate(context(spend("C-new", amount, DAY + timedelta(days=offset)), *earlier))
    assert not {h.code for h in hits} & (FACT_CODES | {"F01", "F03"})
    assert 0 <= risk_score(hits) <= 100


def test_hits_come_in_code_order_and_the_score_is_capped() -> None:
    ctx = context(
        spend("C-1", vendor=RECIPIENT, invoice="X"),
        cancelled=frozenset({"X"}),
        vendor=BusinessFacts(
            brn=RECIPIENT,
            status="closed",
            status_since=DAY,
            registered_on=DAY,
            representative_hash="r",
            account_holder_hash="r",
        ),
        recipient=recipient_facts(representative_hash="r", account_holder_hash="a"),
    )
    hits = evaluate(ctx)
    assert [h.code for h in hits] == ["F01", "F03", "F08", "F10", "F17"]
    assert sum(h.weight for h in hits) == 175
    assert risk_score(hits) == 100
    assert '"r"' not in repr([h.as_dict() for h in hits]) and "'r'" not in repr([h.as_dict() for h in hits])


def test_score_is_the_sum_of_weights_below_the_cap() -> None:
    assert risk_score([]) == 0
    assert risk_score([IndicatorHit("F14", WEIGHTS["F14"], "x"), IndicatorHit("F18", WEIGHTS["F18"], "y")]) == 20


def test_weights_are_the_documented_ones() -> None:
    assert WEIGHTS == {
        "F01": 40,
        "F03": 50,
        "F08": 30,
        "F09": 15,
        "F10": 15,
        "F11": 25,
        "F14": 10,
        "F17": 40,
        "F18": 10,
    }


def test_outside_period_is_inclusive_of_both_ends() -> None:
    assert outside_period(GRANT, date(2024, 12, 31))
    assert not outside_period(GRANT, date(2025, 1, 1))
    assert not outside_period(GRANT, date(2025, 4, 10))
    assert outside_period(GRANT, date(2025, 4, 11))
