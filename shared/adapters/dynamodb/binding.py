"""Pointing pynamodb models at their physical table, once per process (names come from the environment)."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from shared.adapters.dynamodb import tables


def bind_models(models: Iterable[type[Model]], table: str, region: str) -> None:
    """Every model of one table gets its name and region, and forgets any connection made for another endpoint."""
    for model in models:
        model.Meta.table_name = table
        model.Meta.region = region
        model._connection = None


class SettlementModel(Model):
    """The base of every item kind in the settlement table (budget lines, contracts, ledger, runs)."""

    class Meta:
        table_name = tables.SETTLEMENT.name

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
