"""Fixtures of the integration tests that move the platform's clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.domain.calendar import now_seoul

TODAY = now_seoul().date()  # business dates are Seoul's
FY = TODAY.year


@pytest.fixture
def later(monkeypatch):
    """``later(days)``: from now on the settlement runs happen that many days after today (the claims stay
    accepted today), as a run on a later day would see them."""
    from shared.domain import calendar

    real = calendar.now_seoul

    def move(days: int) -> date:
        monkeypatch.setattr(calendar, "now_seoul", lambda: real() + timedelta(days=days))
        return TODAY + timedelta(days=days)

    return move


@pytest.fixture
def after_the_year(later):
    """``after_the_year()``: from now on it is 11 February of next year, the first day this fiscal year's final
    close may run (its 출납정리기간 over); returns the final close's ``asOf``, 31 December (출납폐쇄)."""

    def move() -> str:
        later((date(FY + 1, 2, 11) - TODAY).days)
        return date(FY, 12, 31).isoformat()

    return move
