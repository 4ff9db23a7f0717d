"""The bank transfer file of a payment run (이체 파일): one row per payee, what the bank transfers on the run's date.
Claims paid and grant advances are transferred (with their late interest); subsidy claims settle against the
advance their grant was paid, so they transfer nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shared.domain.settlement.runs import Payment, Run

FILE_NAME = "bank-transfers.csv"
COLUMNS = ("payeeBrn", "amount", "ofWhichLateInterest", "claims", "lgCode", "runId", "valueDate")
TRANSFERRED_KINDS = ("payment", "advance")


@dataclass(frozen=True, slots=True)
class Transfer:
    """What one payee receives: ``amount`` won in all, ``interest`` of it late interest, for ``claims`` payments."""

    payee: str
    amount: int
    interest: int
    claims: int


def transfers(payments: Iterable[Payment]) -> list[Transfer]:
    """The payments that leave the bank, summed per payee (in payee order)."""
    by_payee: dict[str, list[int]] = {}
    for p in payments:
        if p.kind in TRANSFERRED_KINDS:
            total = by_payee.setdefault(p.payee, [0, 0, 0])
            total[0] += p.amount + p.interest
            total[1] += p.interest
            total[2] += 1
    return [Transfer(payee, amount, interest, count) for payee, (amount, interest, count) in sorted(by_payee.items())]


def transfer_file(run: Run, rows: Sequence[Transfer]) -> str:
    """The file as CSV (CRLF lines), dated the run's as-of date."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for t in rows:
        writer.writerow([t.payee, t.amount, t.interest, t.claims, run.lg_code, run.run_id, run.as_of.isoformat()])
    return text.getvalue()
