"""A grant period's bounds (GRANT_PERIOD): at most 5 years, within 2000 to 2100, leap days included."""

from __future__ import annotations

from datetime import date

import pytest

from shared.application.subsidy import GrantRequest, _grant_request_findings


def request(start: date, end: date) -> GrantRequest:
    return GrantRequest(
        title="청년 창업 공간 운영 지원",
        purpose="",
        field="산업중소기업",
        recipient_brn="2048631263",
        start=start,
        end=end,
        budget=(("307-02", 1_000_000),),
        funding_shares={"national": "1"},
    )


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2026, 1, 1), date(2031, 1, 1)),  # exactly 5 years
        (date(2024, 2, 29), date(2029, 2, 28)),  # from a leap day: 5 years end on 28 February
        (date(2000, 1, 1), date(2000, 1, 1)),
        (date(2096, 1, 1), date(2100, 12, 31)),
    ],
)
def test_periods_within_the_bounds_pass(start, end):
    assert _grant_request_findings(request(start, end)) == []


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2026, 1, 1), date(2031, 1, 2)),
        (date(2024, 2, 29), date(2029, 3, 1)),
        (date(1999, 12, 31), date(2000, 1, 5)),
        (date(2100, 12, 1), date(2101, 1, 1)),
        (date(1, 1, 1), date(9999, 12, 31)),
    ],
)
def test_periods_beyond_the_bounds_are_refused(start, end):
    assert [(f.code, f.path) for f in _grant_request_findings(request(start, end))] == [("GRANT_PERIOD", "/period")]
