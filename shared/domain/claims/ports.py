"""The refusals of the claims context's ports (the claim store and the document store), in the domain's terms: the
adapters (``shared.adapters.dynamodb``) raise them, the services catch them, and neither side imports the other's
machinery."""

from __future__ import annotations

from typing import Any, Protocol


class EventPublisher(Protocol):
    """Publishes a domain event (``ClaimReceived``, ``ClaimAccepted`` ...): EventBridge in AWS
    (``shared.adapters.eventbridge.EventBridgePublisher``)."""

    def publish(self, event_name: str, data: dict[str, Any], correlation_id: str | None = None) -> None: ...


class GuardTaken(Exception):
    """The duplicate guard is held by another claim (``source`` tells which request or upload won)."""

    def __init__(self, claim_id: str, source: str) -> None:
        super().__init__(claim_id)
        self.claim_id = claim_id
        self.source = source


class UnknownUpload(Exception):
    """An object arrived under a key that no ``POST /v1/uploads`` handed out."""


class UploadConsumed(Exception):
    """The upload slot already became a claim (``claim_id``): a slot yields at most one claim."""

    def __init__(self, claim_id: str) -> None:
        super().__init__(claim_id)
        self.claim_id = claim_id


class ClaimedAsOtherKind(Exception):
    """The same invoice is an active claim of the other kind (payment vs subsidy): not a block, an alert."""

    def __init__(self, claim_id: str) -> None:
        super().__init__(claim_id)
        self.claim_id = claim_id


class EvidenceTaken(Exception):
    """F12: the invoice is already evidence of another claim (any grant, local or national)."""


class BudgetExceeded(Exception):
    """The category's remaining budget is less than the claim's amount."""


class StaleClaim(Exception):
    """The claim changed between read and write (a concurrent decision)."""


class BadPageToken(ValueError):
    pass


class TooLargeObject(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class MissingObject(Exception):
    """The object is gone (deleted, or never there): a permanent condition, not worth a retry."""
