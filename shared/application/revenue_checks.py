"""The revenue service's checks and answers: a record's day within its fiscal year, a 과년도 record's carried
receivable, and the 409s a record meets (an id taken, not enough budget or cash, a closed year)."""

from __future__ import annotations

import uuid
from datetime import date

from shared.domain.documents import Finding
from shared.domain.errors import Conflict, Invalid
from shared.domain.settlement.fiscal_year import FIRST_FISCAL_YEAR, settlement_deadline
from shared.domain.settlement.ports import RevenueStore
from shared.domain.settlement.revenue import Assessment


def check_day(today: date, fy: int, day: date, path: str) -> None:
    """A revenue record's day: not after today, and within fiscal year ``fy`` (1 January to its 출납정리기한)."""
    if fy < FIRST_FISCAL_YEAR or day > today:
        raise Invalid("Not a day of the records", [Finding("REVENUE_DATE", f"{day} is after today ({today})", path)])
    if not date(fy, 1, 1) <= day <= settlement_deadline(fy):
        raise Invalid(
            "Outside the fiscal year",
            [
                Finding(
                    "REVENUE_DATE",
                    f"{day} is outside fiscal year {fy} (1 January to {settlement_deadline(fy)}, its 출납 deadline)",
                    path,
                )
            ],
        )


def check_carried(store: RevenueStore, assessment: Assessment, fy: int, amount: int) -> None:
    """과년도 수입 or 결손: the assessment's receivable must have been carried into ``fy``'s line of the same id
    (by the final close of the year before ``fy``) and cover ``amount``; refused before that, 409."""
    line = store.revenue_line(assessment.lg_code, fy, assessment.line_id)
    if line is not None and line.carried_outstanding >= amount:
        return
    raise Conflict(
        "The receivable is not carried into this year yet",
        [
            Finding(
                "FISCAL_YEAR_NOT_CLOSED",
                f"assessment {assessment.assessment_id} is of fiscal year {assessment.fy}, whose 출납정리기한 "
                f"passed: it is collected as 과년도 수입 of {fy} on line {assessment.line_id} once the final "
                f"close of {fy - 1} carries its 미수납액 there",
                "/date",
            )
        ],
    )


def new_record_id() -> str:
    return uuid.uuid4().hex


def id_taken(what: str) -> Conflict:
    return Conflict(
        f"The {what} id is taken",
        [Finding("RECORD_EXISTS", f"the {what} id is recorded already, with other figures", "")],
    )


def not_covered(code: str, message: str) -> Conflict:
    """409: the budget or the cash does not cover it (yet)."""
    return Conflict(
        "Not enough budget" if code == "BUDGET_EXCEEDED" else "Not enough cash", [Finding(code, message, "/amount")]
    )


def year_closed(fy: int, what: str) -> Conflict:
    return Conflict(
        "The fiscal year is closed (결산 확정)",
        [Finding("FISCAL_YEAR_CLOSED", f"fiscal year {fy} is finally closed: {what} cannot be written into it", "")],
    )
