"""The claims context's ports, in the domain's terms: the claim store, the LG registry, the document store and the
event publisher (implemented by ``shared.adapters``: DynamoDB, S3, EventBridge), and the refusals the stores raise.
The adapters raise the refusals, the services catch them, and neither side imports the other's machinery."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # the ports are types only
    from shared.domain.claims.model import Claim, LocalGovernment, Upload
    from shared.domain.subsidy.model import Reservation


class EventPublisher(Protocol):
    """Publishes a domain event (``ClaimReceived``, ``ClaimAccepted`` ...): EventBridge in AWS
    (``shared.adapters.eventbridge.EventBridgePublisher``)."""

    def publish(self, event_name: str, data: dict[str, Any], correlation_id: str | None = None) -> None: ...


class ClaimReader(Protocol):
    """A claim by its id, whoever asks (the caller decides who may see it)."""

    def get(self, claim_id: str) -> Claim | None: ...


class ClaimPage(Protocol):
    """One page of a listing, and the token of the next (None: the last page)."""

    @property
    def claims(self) -> Sequence[Claim]: ...

    @property
    def next_token(self) -> str | None: ...


class ClaimStore(ClaimReader, Protocol):
    """Claims, their duplicate and evidence guards, and upload slots
    (``shared.adapters.dynamodb.repository.ClaimRepository``)."""

    def create(
        self,
        claim: Claim,
        upload_id: str | None = None,
        reservation: Reservation | None = None,
        other_kind_guard: str | None = None,
        alert_other: tuple[str, dict[str, str]] | None = None,
    ) -> None:
        """The claim with its guards (and the upload's consumption, a subsidy claim's reservation) at once; raises
        ``GuardTaken``, ``ClaimedAsOtherKind``, ``EvidenceTaken``, ``BudgetExceeded`` or ``UploadConsumed``."""
        ...

    def list_for_business(self, org: str, status: str | None, limit: int, token: str | None) -> ClaimPage:
        """Raises ``BadPageToken``."""
        ...

    def list_for_lg(self, lg_code: str, status: str | None, limit: int, token: str | None) -> ClaimPage:
        """Raises ``BadPageToken``."""
        ...

    def create_upload(self, upload: Upload) -> None: ...

    def get_upload(self, upload_id: str) -> Upload | None: ...

    def reject_upload(self, upload_id: str, errors: list[dict[str, str]]) -> None: ...

    def record_ignored_put(self, upload_id: str, at: str) -> None: ...


class Registry(Protocol):
    """The local governments (LGs) the platform serves (``shared.adapters.dynamodb.repository.RegistryRepository``)."""

    def all(self) -> dict[str, LocalGovernment]: ...

    def get(self, lg_code: str) -> LocalGovernment | None: ...


class StoredObject(Protocol):
    """An object read from the document store: its bytes, its metadata and the version read."""

    @property
    def content(self) -> bytes: ...

    @property
    def metadata(self) -> Mapping[str, str]: ...

    @property
    def version(self) -> str | None: ...


class DocumentStore(Protocol):
    """Originals, large claims' details and upload slots (``shared.adapters.document_store.DocumentStore``)."""

    def upload_key(self, upload_id: str) -> str: ...

    def put_claim_document(self, claim_id: str, content: bytes) -> tuple[str, str | None]:
        """Store a claim's original; its key and version."""
        ...

    def put_claim_detail(self, claim_id: str, detail: str) -> tuple[str, str | None]: ...

    def get_claim_detail(self, key: str) -> str: ...

    def presign_original(self, key: str, version: str | None, expires_in: int) -> str: ...

    def delete(self, key: str, version: str | None = None) -> None: ...

    def get(self, key: str, max_bytes: int, version: str | None = None) -> StoredObject:
        """Raises ``MissingObject`` or ``TooLargeObject`` (without reading the body)."""
        ...

    def presign_upload(self, upload_id: str, metadata: dict[str, str], expires_in: int) -> tuple[str, dict[str, str]]:
        """A presigned PUT URL and the headers the client must send with it."""
        ...


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
