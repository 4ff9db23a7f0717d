"""The public money's part of a program (국비 + 시도비 + 시군구비): what the LG grants and executes, not 자부담."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from shared.domain.subsidy.model import CategoryBudget, Grant, Period, public_fraction, public_part

SHARES = {"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"}


def test_the_public_part_is_floored_so_the_lg_never_pays_any_of_the_self_share() -> None:
    assert public_fraction(SHARES) == Decimal("0.9")
    assert public_part(42_000_000, SHARES) == 37_800_000
    assert public_part(11, SHARES) == 9  # 9.9: the LG pays 9, the recipient 2
    assert public_part(1, SHARES) == 0  # a won the recipient pays alone
    assert public_part(1_000, {"national": "1"}) == 1_000


def test_a_grant_grants_the_public_share_of_each_category() -> None:
    from datetime import date

    grant = Grant(
        "G-1",
        "11110",
        "t",
        "p",
        "사회복지",
        "1208147521",
        Period(date(2026, 1, 1), date(2026, 12, 31)),
        [CategoryBudget("307-02", 30_000_000), CategoryBudget("402-01", 12_000_001)],
        SHARES,
        "2026-01-01T00:00:00+09:00",
    )
    body = grant.to_api()
    assert [row["granted"] for row in body["budget"]] == [27_000_000, 10_800_000]  # 10,800,000.9 floored
    assert body["granted"] == 37_800_000


@given(
    st.integers(0, 10**13),
    st.integers(0, 1000).flatmap(lambda public: st.tuples(st.just(public), st.integers(0, public))),
)
def test_the_public_part_is_within_a_won_below_the_exact_share(amount: int, parts: tuple[int, int]) -> None:
    public, national = parts
    shares = {"national": str(Decimal(national) / 1000), "city": str(Decimal(public - national) / 1000)}
    shares["self"] = str(1 - Decimal(public) / 1000)
    exact = amount * Fraction(public, 1000)
    assert 0 <= exact - public_part(amount, shares) < 1
