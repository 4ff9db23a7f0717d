"""The fiscal-year calendar (회계연도) and what a settlement run may be started for.

- 지방회계법 §7: the accounts of a fiscal year are closed for cash on 31 December (출납폐쇄), and the year's
  receipts and payments are completed by 10 February of the next year (출납사무 완결기한, the 출납정리기간 runs
  from 1 January to 10 February). Receipts and payments of the year's receivables and payables dated up to
  10 February therefore still count in the year's 세입·세출 결산 (``SETTLEMENT_DEADLINE``, used by the ledger).
- So a final year close (결산 확정) is possible from 11 February of the next year; before that it is refused
  (``RUN_TOO_EARLY``), and once it has run nothing more is written into the year (the ledger's fiscal-year lock:
  ``FISCAL_YEAR_CLOSED``). A provisional close (가결산) is possible any day and locks nothing.
- A month close (월 마감) locks a month that has ended; a month still running is refused
  (``RUN_PERIOD_NOT_ENDED``).
- The schedule runs the final close on the first business day after 10 February (our reading: the law sets the
  deadline, not the day of the close; an LG's 결산 is then drawn up and submitted to the council by 31 May,
  지방자치법 §150). A close whose day was missed (an outage) is started on any later day of the schedule's window.

A final close is dated 31 December (the day the accounts closed for cash, and the date of the 재정상태표); its
reports cover every entry of the fiscal year, those of the 출납정리기간 included.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from shared.domain.calendar import is_business_day
from shared.domain.documents import Finding
from shared.domain.settlement.ledger.entries import SETTLEMENT_DEADLINE

FIRST_FISCAL_YEAR = 2000  # the earliest fiscal year the platform holds (design; grant periods start there too)


# the problem's title per refusal (the finding says why)
RUN_REFUSALS = {
    "RUN_TYPE": "Unknown run type",
    "RUN_PROVISIONAL": "Only a year close is provisional",
    "RUN_CARRY_OVER": "Only a year close carries over",
    "RUN_AS_OF_FUTURE": "A run cannot be dated in the future",
    "RUN_FISCAL_YEAR": "No such fiscal year",
    "RUN_AS_OF": "A run of this type is not dated so",
    "RUN_PERIOD_NOT_ENDED": "The month has not ended",
    "RUN_TOO_EARLY": "The fiscal year's 출납정리기간 has not ended",
}


def settlement_deadline(fy: int) -> date:
    """The last day of fiscal year ``fy``'s 출납정리기간: 10 February of ``fy + 1``."""
    month, day = SETTLEMENT_DEADLINE
    return date(fy + 1, month, day)


def year_end(fy: int) -> date:
    """출납폐쇄: 31 December of ``fy``."""
    return date(fy, 12, 31)


def final_close_opens(fy: int) -> date:
    """The first day a final close of ``fy`` may run: the day after the 출납정리기간."""
    return settlement_deadline(fy) + timedelta(days=1)


def scheduled_final_close_day(fy: int) -> date:
    """The day the schedule closes ``fy``: the first business day from 11 February of ``fy + 1``."""
    day = final_close_opens(fy)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def scheduled_year_close(today: date) -> int | None:
    """The fiscal year a year-close schedule firing ``today`` should close finally, or None: from the scheduled
    day to the end of February (the schedule's window; a run already started is the same run again)."""
    fy = today.year - 1
    if scheduled_final_close_day(fy) <= today <= date(today.year, 3, 1) - timedelta(days=1):
        return fy
    return None


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def run_start_problems(
    run_type: str,
    as_of: date,
    provisional: bool,
    carry_over: Mapping[str, int],
    today: date,
    run_types: tuple[str, ...],
) -> list[Finding]:
    """Why a run of ``run_type`` as of ``as_of`` cannot start ``today`` (Asia/Seoul), or nothing."""
    if run_type not in run_types:
        return [Finding("RUN_TYPE", f"type is one of {', '.join(run_types)}", "/type")]
    if provisional and run_type != "year-close":
        return [Finding("RUN_PROVISIONAL", "provisional applies to a year close (가결산)", "/provisional")]
    if carry_over and run_type != "year-close":
        return [Finding("RUN_CARRY_OVER", "carryOver (다음연도이월액) applies to a year close", "/carryOver")]
    if as_of > today:
        return [Finding("RUN_AS_OF_FUTURE", f"asOf {as_of} is after today ({today}, Asia/Seoul)", "/asOf")]
    if as_of.year < FIRST_FISCAL_YEAR:
        return [
            Finding(
                "RUN_FISCAL_YEAR",
                f"The platform holds fiscal years from {FIRST_FISCAL_YEAR} to this year: {as_of.year} is not one "
                "of them",
                "/asOf",
            )
        ]
    if run_type == "payment" and as_of != today:
        return [
            Finding(
                "RUN_AS_OF",
                f"A payment run is dated the day it pays ({today}, Asia/Seoul): its claims are paid, and late "
                "interest counted, to that day",
                "/asOf",
            )
        ]
    if run_type == "month-close" and month_end(as_of) >= today:
        return [
            Finding(
                "RUN_PERIOD_NOT_ENDED",
                f"{as_of:%Y-%m} ends on {month_end(as_of)}: a month is closed once it is over (today is {today})",
                "/asOf",
            )
        ]
    if run_type == "year-close" and not provisional:
        fy = as_of.year
        if as_of != year_end(fy):
            return [
                Finding(
                    "RUN_AS_OF",
                    f"A final year close is dated 31 December, the day the accounts close for cash (출납폐쇄): "
                    f"asOf {year_end(fy)} for fiscal year {fy}",
                    "/asOf",
                )
            ]
        if today < final_close_opens(fy):
            return [
                Finding(
                    "RUN_TOO_EARLY",
                    f"Fiscal year {fy}'s receipts and payments run until {settlement_deadline(fy)} (출납정리기간): "
                    f"its final close is possible from {final_close_opens(fy)}; a provisional close (가결산) is "
                    "possible any day",
                    "/asOf",
                )
            ]
    return []
