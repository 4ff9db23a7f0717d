"""Data access for the ledger: journal entries, balances and closed periods in the settlement table. Takes and
returns the ledger's domain objects (``shared.domain.settlement.ledger``), never pynamodb items; chooses no account
(the entries come from ``ledger.postings``).

The repository is one class composed of its parts, each a module of this package with one job:

- ``writes``: entries recorded and pending ones posted or voided, all or nothing per transaction (the protocol is in
  its docstring), and the ledger's part of a caller's transaction
- ``layout``: one transaction's operations in DynamoDB's order, and the packing into transactions of 100 items
- ``reads``: a year's entries and balances, the trial balance
- ``periods``: closed months
- ``table`` (the connection, an entry by id, consistent BatchGets) and ``mapping`` (items and entries): what they share
"""

from __future__ import annotations

from shared.adapters.dynamodb.ledger_repository.reads import LedgerReads
from shared.adapters.dynamodb.ledger_repository.writes import LedgerWrites

__all__ = ["LedgerRepository"]


class LedgerRepository(LedgerWrites, LedgerReads):
    """The ledger (``LedgerRepository(table, region)``): what the services read and close
    (``shared.domain.settlement.ports.LedgerStore``), what a payment run and a budget load write, and the ledger's
    part of the unit of work (``plan``, ``add_to``, ``transaction_size``)."""
