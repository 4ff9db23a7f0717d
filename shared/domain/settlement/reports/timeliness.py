"""대금 지급 적기성 (payment timeliness): on time, days late and 지연이자 of paid claims."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from shared.domain.settlement.reports.arithmetic import average, late_interest, ratio, to_decimal, won


@dataclass(frozen=True, slots=True)
class PaidClaim:
    """A paid claim: its deadline (지급기한), the day it was paid, its amount and, if known, its acceptance day."""

    claim_id: str
    due_date: date
    paid_on: date
    amount: int
    accepted_on: date | None = None

    def __post_init__(self) -> None:
        won(self.amount, "amount")

    @property
    def days_late(self) -> int:
        return max(0, (self.paid_on - self.due_date).days)


@dataclass(slots=True)
class TimelinessTally:
    """Running sums for payment timeliness. Add claims one by one, or merge the tallies of chunks (a run fans a
    million claims out in chunks: each chunk tallies, the run merges, the report comes from the merged tally)."""

    count: int = 0
    amount: int = 0
    on_time_count: int = 0
    on_time_amount: int = 0
    days_late_total: int = 0
    max_days_late: int = 0
    days_to_pay_total: int = 0
    days_to_pay_count: int = 0
    late_interest: int = 0

    def add(self, claim: PaidClaim, rate: Decimal | None = None) -> None:
        self.count += 1
        self.amount += claim.amount
        days_late = claim.days_late
        if days_late == 0:
            self.on_time_count += 1
            self.on_time_amount += claim.amount
        else:
            self.days_late_total += days_late
            self.max_days_late = max(self.max_days_late, days_late)
            if rate is not None:
                self.late_interest += late_interest(claim.amount, rate, days_late)
        if claim.accepted_on is not None:
            self.days_to_pay_total += (claim.paid_on - claim.accepted_on).days
            self.days_to_pay_count += 1

    def merge(self, other: TimelinessTally) -> TimelinessTally:
        return TimelinessTally(
            count=self.count + other.count,
            amount=self.amount + other.amount,
            on_time_count=self.on_time_count + other.on_time_count,
            on_time_amount=self.on_time_amount + other.on_time_amount,
            days_late_total=self.days_late_total + other.days_late_total,
            max_days_late=max(self.max_days_late, other.max_days_late),
            days_to_pay_total=self.days_to_pay_total + other.days_to_pay_total,
            days_to_pay_count=self.days_to_pay_count + other.days_to_pay_count,
            late_interest=self.late_interest + other.late_interest,
        )

    def report(self, rate: Decimal | None = None) -> dict[str, Any]:
        late_count = self.count - self.on_time_count
        result: dict[str, Any] = {
            "count": self.count,
            "amount": self.amount,
            "onTime": {"count": self.on_time_count, "amount": self.on_time_amount},
            "late": {"count": late_count, "amount": self.amount - self.on_time_amount},
            "onTimeRate": ratio(self.on_time_count, self.count),
            "onTimeAmountRate": ratio(self.on_time_amount, self.amount),
            "averageDaysLate": average(self.days_late_total, late_count),
            "maxDaysLate": self.max_days_late,
            "averageDaysToPay": average(self.days_to_pay_total, self.days_to_pay_count),
        }
        if rate is not None:
            result["interestRate"] = to_decimal(rate, "rate")
            result["lateInterest"] = self.late_interest
        return result


def payment_timeliness(claims: Iterable[PaidClaim], *, rate: Decimal | None = None) -> dict[str, Any]:
    """Share paid within the deadline (by count and by amount), average and longest delay of the late ones, average
    days from acceptance to payment (claims with ``accepted_on``), and with ``rate`` the 지연이자 owed in total.
    Aggregates only: no claim ids in the result."""
    tally = TimelinessTally()
    for claim in claims:
        tally.add(claim, rate)
    return tally.report(rate)
