"""Upload slots (``POST /v1/uploads``, pk=UPLOAD#<id>): handed out once, read back by the S3 intake, rejected when
the document fails (never once it became a claim), and the PUTs that came after the slot was used counted."""

from __future__ import annotations

import json

from pynamodb.exceptions import UpdateError

from shared.adapters.dynamodb.conditions import condition_failed
from shared.adapters.dynamodb.keys import upload_key
from shared.adapters.dynamodb.models import UploadItem
from shared.domain.claims.model import Upload, UploadStatus


class UploadSlots:
    def create_upload(self, upload: Upload) -> None:
        pk, sk = upload_key(upload.upload_id)
        UploadItem(
            pk,
            sk,
            upload_id=upload.upload_id,
            owner=upload.owner,
            lg_code=upload.lg_code,
            kind=upload.kind,
            contract_id=upload.contract_id,
            grant_id=upload.grant_id,
            format=upload.format,
            file_name=upload.file_name,
            status=upload.status.value,
            created_at=upload.created_at,
            expires_at=upload.expires_at,
        ).save(condition=UploadItem.pk.does_not_exist())

    def get_upload(self, upload_id: str) -> Upload | None:
        pk, sk = upload_key(upload_id)
        try:
            item = UploadItem.get(pk, sk)
        except UploadItem.DoesNotExist:
            return None
        return Upload(
            upload_id=item.upload_id,
            owner=item.owner,
            lg_code=item.lg_code,
            kind=item.kind,
            format=item.format,
            file_name=item.file_name,
            created_at=item.created_at,
            expires_at=int(item.expires_at),
            status=UploadStatus(item.status),
            contract_id=item.contract_id,
            grant_id=item.grant_id,
            claim_id=item.claim_id,
            errors=json.loads(item.errors_json) if item.errors_json else None,
            ignored_puts=int(item.ignored_puts or 0),
            last_ignored_at=item.last_ignored_at,
        )

    def reject_upload(self, upload_id: str, errors: list[dict[str, str]]) -> None:
        """Mark a pending upload rejected; an upload already accepted stays accepted (redelivery)."""
        pk, sk = upload_key(upload_id)
        try:
            UploadItem(pk, sk).update(
                actions=[
                    UploadItem.status.set(UploadStatus.REJECTED.value),
                    UploadItem.errors_json.set(json.dumps(errors, ensure_ascii=False)),
                ],
                condition=UploadItem.pk.exists() & (UploadItem.status != UploadStatus.ACCEPTED.value),
            )
        except UpdateError as error:
            if not condition_failed(error):
                raise

    def record_ignored_put(self, upload_id: str, at: str) -> None:
        """A document PUT to a slot that already became a claim: counted on the upload, claimed by nobody."""
        pk, sk = upload_key(upload_id)
        try:
            UploadItem(pk, sk).update(
                actions=[UploadItem.ignored_puts.add(1), UploadItem.last_ignored_at.set(at)],
                condition=UploadItem.pk.exists(),
            )
        except UpdateError as error:
            if not condition_failed(error):
                raise
