"""Data access for subsidies: the subsidy table's repository, one class composed of its parts, each a module of
this package with one job. Takes and returns domain objects, never pynamodb items.

- ``grants``: grants and their budget lines, an LG's grants, advances and closes, sanctions
- ``blocking``: the similar-program blocking index
- ``checks``: what a subsidy claim's hard checks and soft indicators read
- ``reservations``: the evidence guard, the budget reservation and the execution, as parts of a caller's transaction
- ``linkage``: what the national link writes (national grants, executions' evidence, business facts)
- ``reviews``: the review queue
- ``wages``: the payroll index (F07)
- ``table`` (the connection and the raw reads), ``keys``, ``mapping`` (items and domain objects): what they share
"""

from __future__ import annotations

from shared.adapters.dynamodb.subsidy_repository.blocking import BlockingIndex
from shared.adapters.dynamodb.subsidy_repository.checks import ClaimChecks
from shared.adapters.dynamodb.subsidy_repository.grants import Grants
from shared.adapters.dynamodb.subsidy_repository.linkage import NationalLinkage
from shared.adapters.dynamodb.subsidy_repository.reservations import Reservations
from shared.adapters.dynamodb.subsidy_repository.reviews import ReviewQueue
from shared.adapters.dynamodb.subsidy_repository.wages import PayrollIndex

__all__ = ["SubsidyRepository"]


class SubsidyRepository(Grants, BlockingIndex, ClaimChecks, Reservations, NationalLinkage, ReviewQueue, PayrollIndex):
    """The subsidy table (``SubsidyRepository(table, region)``): the subsidy store of every use case
    (``shared.domain.subsidy.ports``: ``SubsidyStore``, ``ReviewStore``, ``LinkageStore``, ``GrantSettlementStore``)
    and the subsidy parts of the unit of work (``add_reservation``, ``add_execution``, ``add_release`` ...)."""
