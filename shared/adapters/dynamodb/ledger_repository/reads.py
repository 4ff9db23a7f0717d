"""Reading the ledger: an LG's year of entries and its accounts' balances (one Query each), and the trial balance
built from them by the domain's rules."""

from __future__ import annotations

from datetime import date

from shared.adapters.dynamodb.ledger_models import BalanceItem, EntryItem, ledger_key
from shared.adapters.dynamodb.ledger_repository.mapping import stored_of
from shared.adapters.dynamodb.ledger_repository.table import LedgerTable
from shared.domain.settlement.ledger import (
    GENERAL_FUND,
    Balance,
    StoredEntry,
    TrialBalance,
    books_as_of,
    consolidated,
    trial_balance,
)


class LedgerReads(LedgerTable):
    def entries(self, lg_code: str, fy: int) -> list[StoredEntry]:
        """Every entry of the LG's year: one Query over the ENTRY# items (paged)."""
        query = EntryItem.query(ledger_key(lg_code, fy), EntryItem.sk.startswith("ENTRY#"), consistent_read=True)
        return [stored_of(item) for item in query]

    def books(self, lg_code: str, fy: int, as_of: date | None = None) -> dict[str, dict[str, Balance]]:
        """Each 회계's balances: one Query over the BALANCE# items; with ``as_of``, from the entries dated up to that
        day (a Query over every entry of the year: for reports and provisional closes, not for every request)."""
        if as_of is not None:
            return books_as_of(self.entries(lg_code, fy), as_of)
        query = BalanceItem.query(ledger_key(lg_code, fy), BalanceItem.sk.startswith("BALANCE#"), consistent_read=True)
        books: dict[str, dict[str, Balance]] = {}
        for item in query:
            found = Balance(
                item.account, int(item.debit), int(item.credit), int(item.pending_debit), int(item.pending_credit)
            )
            if not found.zero:
                books.setdefault(item.fund or GENERAL_FUND, {})[found.account] = found
        return dict(sorted(books.items()))

    def balances(self, lg_code: str, fy: int, fund: str | None = GENERAL_FUND) -> list[Balance]:
        """One 회계's balances (``fund=None``: the LG's total, ``consolidated``), by account."""
        books = self.books(lg_code, fy)
        found = consolidated(books) if fund is None else books.get(fund, {})
        return sorted(found.values(), key=lambda b: b.account)

    def trial_balance(
        self, lg_code: str, fy: int, as_of: date | None = None, include_budget: bool = True, fund: str | None = None
    ) -> TrialBalance:
        """One 회계's trial balance, or with ``fund=None`` the LG's total (내부거래 eliminated)."""
        books = self.books(lg_code, fy, as_of)
        return trial_balance(consolidated(books) if fund is None else books.get(fund, {}), include_budget)
