"""The refusals of the budget store, in the domain's terms (raised by
``shared.adapters.dynamodb.budget_repository``)."""

from __future__ import annotations


class LineUnknown(Exception):
    pass


class OverCommitted(Exception):
    """The line's uncommitted budget is less than the contract's amount (or a reload would go below commitments)."""


class ContractExists(Exception):
    pass
