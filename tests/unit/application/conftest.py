"""Fixtures of the application services' unit tests: a fresh world of fakes per test, its clock fixed."""

from __future__ import annotations

import pytest

from shared.domain import calendar
from tests.unit.application.builders import World


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> World:
    """Every port faked, and Seoul's "now" fixed to the world's clock also for the services that take no clock
    (the budget service dates its entries by ``calendar.now_seoul``)."""
    made = World()
    monkeypatch.setattr(calendar, "now_seoul", made.clock)
    return made
