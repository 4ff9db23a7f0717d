"""The refusals of the subsidy store, in the domain's terms (raised by
``shared.adapters.dynamodb.subsidy_repository``)."""

from __future__ import annotations


class GrantExists(Exception):
    pass


class StaleReview(Exception):
    pass


class GrantTaken(Exception):
    """A national line names a grant it may not replace: a local grant, or one the national feed wrote."""
