"""The payment deadline: 5 Korean business days after acceptance (weekends, holidays, substitute holidays out)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.domain.calendar import SEOUL, add_business_days, business_date, is_business_day, payment_due_date


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        (datetime(2026, 11, 25, 10, tzinfo=SEOUL), date(2026, 12, 2)),  # Wed -> next Wed
        (datetime(2026, 9, 22, 10, tzinfo=SEOUL), date(2026, 10, 1)),  # Chuseok 9/24-26 out
        (datetime(2026, 9, 30, 10, tzinfo=SEOUL), date(2026, 10, 8)),  # 10/3 Sat, substitute 10/5 Mon out
        (datetime(2026, 2, 13, 10, tzinfo=SEOUL), date(2026, 2, 25)),  # Seollal 2/16-18 out
        (datetime(2026, 12, 24, 18, tzinfo=SEOUL), date(2027, 1, 4)),  # Christmas and New Year out
    ],
)
def test_due_dates_around_holidays(accepted, due):
    assert payment_due_date(accepted) == due


def test_acceptance_late_at_night_utc_counts_in_seoul():
    late_utc = datetime(2026, 11, 26, 16, 30, tzinfo=ZoneInfo("UTC"))  # already Friday 01:30 in Seoul
    assert business_date(late_utc) == date(2026, 11, 27)
    assert payment_due_date(late_utc) == date(2026, 12, 4)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        business_date(datetime(2026, 11, 25, 10))


def test_substitute_holidays_are_not_business_days():
    assert not is_business_day(date(2026, 3, 2))  # substitute for 3/1 (Sunday)
    assert not is_business_day(date(2026, 10, 5))  # substitute for 10/3 (Saturday)
    assert is_business_day(date(2026, 10, 6))


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(min_value=0, max_value=30))
def test_adding_business_days_lands_on_a_business_day_after_exactly_n(start, days):
    end = add_business_days(start, days)
    assert end >= start
    counted = sum(
        1 for n in range(1, (end - start).days + 1) if is_business_day(date.fromordinal(start.toordinal() + n))
    )
    assert counted == days
    if days:
        assert is_business_day(end)
