"""Settlement runs (결산 실행): a payment run (지급), a month close (월 마감), a year close (연 결산, or a provisional
가결산). A run is identified by its LG, type and as-of date, so starting it twice gives one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

RunType = Literal["payment", "month-close", "year-close"]
RUN_TYPES: tuple[str, ...] = ("payment", "month-close", "year-close")


def run_id(lg_code: str, run_type: str, as_of: date, provisional: bool = False) -> str:
    return f"{lg_code}-{run_type}-{as_of.isoformat()}" + ("-provisional" if provisional else "")


@dataclass(slots=True)
class Run:
    run_id: str
    lg_code: str
    type: str
    as_of: date
    provisional: bool
    status: str  # RUNNING | SUCCEEDED | FAILED
    started_at: str
    chunks: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    finished_at: str | None = None
    error: str | None = None
    carry_over: dict[str, int] = field(default_factory=dict)  # 다음연도이월액 per budget line (a year close's input)

    def to_api(self, report_urls: dict[str, str] | None = None) -> dict[str, object]:
        body: dict[str, object] = {
            "runId": self.run_id,
            "lgCode": self.lg_code,
            "type": self.type,
            "asOf": self.as_of.isoformat(),
            "provisional": self.provisional,
            "status": self.status,
            "startedAt": self.started_at,
            "chunks": self.chunks,
            "counts": self.counts,
            "totals": self.totals,
            "reports": [{"name": name, "url": (report_urls or {}).get(name, "")} for name in self.reports],
        }
        if self.carry_over:
            body["carryOver"] = self.carry_over
        for key, value in (("finishedAt", self.finished_at), ("error", self.error)):
            if value is not None:
                body[key] = value
        return body


@dataclass(frozen=True, slots=True)
class Payment:
    """One claim paid (or a subsidy claim settled) by a payment run, as the chunk records it."""

    claim_id: str
    kind: str
    payee: str
    amount: int
    interest: int
    due_date: date | None
    accepted_on: date | None
    line_id: str | None = None  # the 세출 line it executes (a payment claim's; None: on no line)
