"""Closed periods, per LG (pk=PERIOD#<lg>, sk=<yyyy-mm> for a closed month (월 마감), FY<yyyy> for a finally closed
fiscal year (결산 확정)): an entry, post or void dated in a closed month, or of a closed fiscal year, is refused,
because every ledger transaction checks that its periods are absent here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from pynamodb.exceptions import PutError

from shared.adapters.dynamodb.conditions import condition_failed
from shared.adapters.dynamodb.ledger_models import PeriodItem, period_key
from shared.adapters.dynamodb.ledger_repository.table import LedgerTable

_PERIOD = re.compile(r"^(\d{4}-(0[1-9]|1[0-2])|FY\d{4})$")  # a month, or a whole fiscal year


class LedgerPeriods(LedgerTable):
    def close_period(self, lg_code: str, month: str, closed_by: str | None = None) -> bool:
        """Close a month (``yyyy-mm``) for the LG: later entries dated in it are refused; or a fiscal year
        (``FY2026``, the final close): later entries of that year are refused, whatever their date. False if
        already closed."""
        if not _PERIOD.match(month):
            raise ValueError(f"a period is yyyy-mm or FYyyyy, not {month!r}")
        item = PeriodItem(
            period_key(lg_code),
            month,
            lg_code=lg_code,
            month=month,
            closed_by=closed_by,
            closed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        try:
            item.save(condition=PeriodItem.pk.does_not_exist())
            return True
        except PutError as error:
            if condition_failed(error):
                return False
            raise

    def closed_periods(self, lg_code: str) -> list[str]:
        return [item.month for item in PeriodItem.query(period_key(lg_code), consistent_read=True)]

    def closed_months(self, months: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Of these (LG, month) pairs, those closed: one consistent BatchGetItem."""
        found = self._batch_get([(period_key(lg), month) for lg, month in months])
        return sorted((item["lgCode"]["S"], item["sk"]["S"]) for item in found)
