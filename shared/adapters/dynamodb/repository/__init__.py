"""Data access for the claims table and the LG registry: the claim repository, one class composed of its parts,
each a module of this package with one job. Takes and returns domain objects, never pynamodb items.

- ``writes``: a new claim with its guards, and a claim's later states as parts of a caller's transaction
- ``reads``: a claim by id, listings page by page, the accepted claims a payment run pays
- ``uploads``: upload slots
- ``registry``: the LG registry (``RegistryRepository``)
- ``mapping``: the table's keys, and claim items as claims and back
"""

from __future__ import annotations

from pynamodb.connection import Connection

from shared.adapters.dynamodb import models
from shared.adapters.dynamodb.repository.reads import ClaimReads
from shared.adapters.dynamodb.repository.registry import RegistryRepository
from shared.adapters.dynamodb.repository.uploads import UploadSlots
from shared.adapters.dynamodb.repository.writes import ClaimWrites

__all__ = ["ClaimRepository", "RegistryRepository"]


class ClaimRepository(ClaimWrites, ClaimReads, UploadSlots):
    """Claims, their duplicate guards and upload slots (``shared.domain.claims.ports.ClaimStore``), and the claims'
    parts of the unit of work (``add_decision``, ``add_guard_release``, ``add_paid``)."""

    def __init__(self, claims_table: str, registry_table: str, region: str) -> None:
        models.bind(claims_table, registry_table, region)
        self._connection = Connection(region=region)  # one botocore client for every transaction
