"""Claims by upload: a business asks for an upload slot (a presigned PUT), the document store notifies the intake,
and the uploaded object becomes a claim through the same intake as a claim by API, or the slot records why not.

A slot yields at most one claim; a redelivered notification yields the same claim; a document PUT to a slot that
already became a claim changes nothing (the claim keeps the exact version and digest it was decided on).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.application.claims import ClaimRequest, ClaimsService
from shared.domain import calendar
from shared.domain.actor import Actor
from shared.domain.claims.intake import sha256
from shared.domain.claims.model import Upload, UploadStatus
from shared.domain.claims.ports import (
    ClaimStore,
    DocumentStore,
    MissingObject,
    Registry,
    TooLargeObject,
    UnknownUpload,
    UploadConsumed,
)
from shared.domain.documents import MAX_DOCUMENT_BYTES, Finding
from shared.domain.errors import ClaimsError, Duplicate, Invalid, NotFound, TooLarge

UPLOAD_RETENTION = timedelta(days=30)
MAX_UPLOAD_ERRORS = 200  # findings recorded on a rejected upload (POST /v1/documents/validate lists every one)
_UPLOAD_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@dataclass(frozen=True, slots=True)
class UploadRequest:
    lg_code: str
    kind: str
    format: str
    file_name: str
    contract_id: str | None = None
    grant_id: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class UploadOutcome:
    upload_id: str
    status: UploadStatus
    claim_id: str | None = None
    codes: tuple[str, ...] = ()


class UploadService:
    def __init__(
        self,
        intake: ClaimsService,
        store: ClaimStore,
        registry: Registry,
        documents: DocumentStore,
        clock: Callable[[], datetime] | None = None,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        upload_url_expires_seconds: int = 900,
    ) -> None:
        self._intake = intake
        self._store = store
        self._registry = registry
        self._documents = documents
        self._clock = clock or (lambda: calendar.now_seoul())  # looked up on each call: tests may move time
        self._new_id = new_id
        self._upload_expires = upload_url_expires_seconds

    def create_upload(self, actor: Actor, request: UploadRequest) -> dict[str, object]:
        if self._registry.get(request.lg_code) is None:
            raise Invalid(
                "Unknown LG", [Finding("LG_UNKNOWN", f"No local government has code {request.lg_code!r}", "/lgCode")]
            )
        now = self._clock()
        upload = Upload(
            upload_id=self._new_id(),
            owner=actor.org,
            lg_code=request.lg_code,
            kind=request.kind,
            format=request.format,
            file_name=request.file_name,
            created_at=now.isoformat(),
            expires_at=int((now + UPLOAD_RETENTION).timestamp()),
            contract_id=request.contract_id,
            grant_id=request.grant_id,
        )
        self._store.create_upload(upload)
        metadata = {"owner": upload.owner, "lg-code": upload.lg_code, "kind": upload.kind, "format": upload.format}
        for name, value in (
            ("contract-id", upload.contract_id),
            ("grant-id", upload.grant_id),
            ("category", request.category),
        ):
            if value:
                metadata[name] = value
        url, headers = self._documents.presign_upload(upload.upload_id, metadata, self._upload_expires)
        return {
            "uploadId": upload.upload_id,
            "url": url,
            "method": "PUT",
            "headers": headers,
            "expiresIn": self._upload_expires,
        }

    def upload_status(self, actor: Actor, upload_id: str) -> Upload:
        upload = self._store.get_upload(upload_id) if _UPLOAD_ID.match(upload_id) else None
        if upload is None or upload.owner != actor.org:
            raise NotFound(f"No upload {upload_id}")
        return upload

    def process_upload(
        self, key: str, size: int | None, correlation_id: str | None = None, version: str | None = None
    ) -> UploadOutcome:
        """Turn an uploaded object (``version``: the S3 version the notification names) into a claim, or record on
        the upload why not. Transient failures raise, so the queue delivers the record again; a redelivered upload
        yields the same claim, never a second one, and a document PUT to a slot that already became a claim changes
        nothing: the claim keeps the exact version and digest it was decided on."""
        upload_id = key.rsplit("/", 1)[-1]
        if not _UPLOAD_ID.match(upload_id):
            return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("UNKNOWN_UPLOAD",))
        try:
            if size is not None and size > MAX_DOCUMENT_BYTES:
                raise TooLargeObject(size)
            stored = self._documents.get(key, MAX_DOCUMENT_BYTES, version)
        except TooLargeObject as large:
            return self._reject(upload_id, TooLarge(f"{large.size} bytes is over the {MAX_DOCUMENT_BYTES} limit"))
        except MissingObject:
            return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("OBJECT_GONE",))
        meta = dict(stored.metadata)
        if "owner" not in meta:
            upload = self._store.get_upload(upload_id)
            if upload is None:
                return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("UNKNOWN_UPLOAD",))
            meta = {
                "owner": upload.owner,
                "lg-code": upload.lg_code,
                "kind": upload.kind,
                "format": upload.format,
                "contract-id": upload.contract_id or "",
                "grant-id": upload.grant_id or "",
            }
        actor = Actor("business", meta["owner"], "upload")
        request = ClaimRequest(
            lg_code=meta.get("lg-code", ""),
            kind=meta.get("kind", "payment"),
            format=meta.get("format", ""),
            content=stored.content,
            contract_id=meta.get("contract-id") or None,
            grant_id=meta.get("grant-id") or None,
            category=meta.get("category") or None,
        )
        try:
            claim = self._intake.submit(
                actor, request, source=f"upload:{upload_id}", upload_id=upload_id, correlation_id=correlation_id
            )
        except UnknownUpload:
            return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("UNKNOWN_UPLOAD",))
        except UploadConsumed as consumed:
            return self._ignore_put(upload_id, consumed.claim_id)
        except ClaimsError as error:
            upload = self._store.get_upload(upload_id)
            if upload is not None and upload.claim_id:  # refused now, but the slot was claimed before: ignored
                return self._ignore_put(upload_id, upload.claim_id)
            return self._reject(upload_id, error)
        if claim.document is not None and claim.document.sha256 != sha256(stored.content):
            return self._ignore_put(upload_id, claim.claim_id)  # same invoice, other bytes: the claim keeps its own
        return UploadOutcome(upload_id, UploadStatus.ACCEPTED, claim_id=claim.claim_id)

    def dead_lettered(self, key: str) -> UploadOutcome | None:
        """An upload whose processing failed every attempt (its message reached the dead-letter queue): marked
        REJECTED with ``INTAKE_FAILED``, so that it never stays PENDING without a reason. An upload that became a
        claim meanwhile stays as it is. None for a key that names no upload."""
        upload_id = key.rsplit("/", 1)[-1]
        if not _UPLOAD_ID.match(upload_id):
            return None
        finding = Finding(
            "INTAKE_FAILED",
            "The document could not be processed after several attempts; nothing "
            "was claimed. Ask for a new upload and send it again; if it fails again, contact support",
            "",
        )
        self._store.reject_upload(upload_id, [finding.as_dict()])
        return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=("INTAKE_FAILED",))

    def _ignore_put(self, upload_id: str, claim_id: str) -> UploadOutcome:
        self._store.record_ignored_put(upload_id, self._clock().isoformat())
        return UploadOutcome(upload_id, UploadStatus.ACCEPTED, claim_id=claim_id, codes=("UPLOAD_CONSUMED",))

    def _reject(self, upload_id: str, error: ClaimsError) -> UploadOutcome:
        errors = [f.as_dict() for f in error.findings]
        if isinstance(error, Duplicate) and error.claim_id:
            errors = [{**e, "claimId": error.claim_id} for e in errors]
        if len(errors) > MAX_UPLOAD_ERRORS:  # the upload's item stays far below DynamoDB's 400 KB
            errors = errors[:MAX_UPLOAD_ERRORS] + [
                {
                    "code": "MORE_ERRORS",
                    "severity": "error",
                    "path": "",
                    "message": f"{len(errors) - MAX_UPLOAD_ERRORS} more findings: "
                    "validate the document to see them all",
                }
            ]
        self._store.reject_upload(upload_id, errors)
        return UploadOutcome(upload_id, UploadStatus.REJECTED, codes=tuple(e["code"] for e in errors))
