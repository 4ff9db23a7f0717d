"""The reports' arithmetic: integer won, exact ratios and averages rounded half-up, 지연이자."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

RATE_PLACES = 4  # fractions: 0.7806 = 78.06%
DAYS_PLACES = 1  # average days: 11.7
DAYS_PER_YEAR = 365  # 지연이자 is computed on a 365-day year, leap years included
RETURN_UNIT = 10  # 정산 반납액: amounts under 10 won are dropped
SHARE_KEYS = ("national", "province", "city", "self")  # 국비, 시도비, 시군구비, 자부담
ACCOUNT_TYPES = ("asset", "liability", "net_assets", "revenue", "expense")
BUDGET_TYPE = "budget"  # the ledger's budget control accounts (9xxx): memorandum accounts, outside the statements
DEBIT_NORMAL = frozenset({"asset", "expense"})


def won(value: Any, name: str, *, signed: bool = False) -> int:
    """``value`` as integer won: an int (not a bool, never a float), non-negative unless ``signed``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be integer won, not {type(value).__name__}")
    if not signed and value < 0:
        raise ValueError(f"{name} must not be negative: {value}")
    return value


def to_decimal(value: Any, name: str) -> Decimal:
    """A rate or a share as an exact Decimal: from a Decimal, an int or a decimal string ("0.3"). A float is taken
    by its shortest repr (0.3 -> "0.3"), which is what a JSON body meant."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a decimal, not bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise TypeError(f"{name} must be a decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{name} must be finite: {value}")
    return result


def _round_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half-up (away from zero on a tie) to ``places`` decimals, exactly."""
    negative = (numerator < 0) != (denominator < 0)
    n, d = abs(numerator) * 10**places, abs(denominator)
    q, r = divmod(n, d)
    if 2 * r >= d:
        q += 1
    return Decimal(-q if negative else q).scaleb(-places)


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a Decimal fraction with four places, ``None`` when the denominator is 0."""
    if denominator == 0:
        return None
    return _round_half_up(numerator, denominator, RATE_PLACES)


def average(total: int, count: int) -> Decimal | None:
    """total / count with one decimal (days), ``None`` when nothing was counted."""
    if count == 0:
        return None
    return _round_half_up(total, count, DAYS_PLACES)


def floor_times(amount: int, fraction: Decimal) -> int:
    """floor(amount x fraction), exactly (Python's // floors)."""
    num, den = fraction.as_integer_ratio()
    return amount * num // den


def late_interest(amount: int, rate: Decimal, days_late: int) -> int:
    """지연이자 = floor(amount x rate x days_late / 365) in won; 0 when the claim was not late.

    ``rate`` is the yearly rate as a fraction (``Decimal("0.12")`` for 12%).
    """
    won(amount, "amount")
    rate = to_decimal(rate, "rate")
    if rate < 0:
        raise ValueError(f"rate must not be negative: {rate}")
    if isinstance(days_late, bool) or not isinstance(days_late, int):
        raise TypeError("days_late must be an int")
    if days_late <= 0:
        return 0
    num, den = rate.as_integer_ratio()
    return amount * num * days_late // (den * DAYS_PER_YEAR)
