"""Reading the ledger: an LG's year of entries and its accounts' balances (one Query each), and the trial balance
built from them by the domain's rules."""

from __future__ import annotations

from datetime import date

from shared.adapters.dynamodb.ledger_models import BalanceItem, EntryItem, ledger_key
from shared.adapters.dynamodb.ledger_repository.mapping import stored_of
from shared.adapters.dynamodb.ledger_repository.table import LedgerTable
from shared.domain.settlement.ledger import Balance, StoredEntry, TrialBalance, balances_as_of, trial_balance


class LedgerReads(LedgerTable):
    def entries(self, lg_code: str, fy: int) -> list[StoredEntry]:
        """Every entry of the LG's year: one Query over the ENTRY# items (paged)."""
        query = EntryItem.query(ledger_key(lg_code, fy), EntryItem.sk.startswith("ENTRY#"), consistent_read=True)
        return [stored_of(item) for item in query]

    def balances(self, lg_code: str, fy: int) -> list[Balance]:
        """Every account's balance: one Query over the BALANCE# items."""
        query = BalanceItem.query(ledger_key(lg_code, fy), BalanceItem.sk.startswith("BALANCE#"), consistent_read=True)
        found = [
            Balance(item.account, int(item.debit), int(item.credit), int(item.pending_debit), int(item.pending_credit))
            for item in query
        ]
        return [b for b in found if not b.zero]

    def trial_balance(
        self, lg_code: str, fy: int, as_of: date | None = None, include_budget: bool = True
    ) -> TrialBalance:
        """From the balances; with ``as_of``, from the entries dated up to that day (a Query over every entry of
        the year: for reports and provisional closes, not for every request)."""
        if as_of is None:
            return trial_balance(self.balances(lg_code, fy), include_budget)
        return trial_balance(balances_as_of(self.entries(lg_code, fy), as_of), include_budget)
