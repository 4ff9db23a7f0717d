"""Korean business days (영업일) and the payment deadline (대금 지급기한).

지방계약법 시행령 §67: payment within 5 days of a valid claim's acceptance, Saturdays, Sundays and public
holidays (including substitute holidays, 대체공휴일) excluded. Holidays come from the ``holidays`` package.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
PAYMENT_DEADLINE_BUSINESS_DAYS = 5


def now_seoul() -> datetime:
    return datetime.now(SEOUL)


def business_date(moment: datetime) -> date:
    """The Korean business date of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(SEOUL).date()


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("KR", years=year).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The date ``days`` business days after ``start`` (``start`` itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def payment_due_date(accepted_at: datetime) -> date:
    return add_business_days(business_date(accepted_at), PAYMENT_DEADLINE_BUSINESS_DAYS)
