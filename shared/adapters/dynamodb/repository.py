"""Data access: the only code that talks to DynamoDB. Takes and returns domain objects, never pynamodb items."""

from __future__ import annotations

import base64
import binascii
import json
import random
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, QueryError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb import models
from shared.adapters.dynamodb.models import AlertEntry, ClaimItem, GuardItem, HistoryEntry, LgItem, UploadItem
from shared.adapters.dynamodb.subsidy_repository import SubsidyRepository
from shared.domain.claims.model import (
    GUARD_ACTIVE,
    GUARD_RETURNED,
    Claim,
    ClaimStatus,
    LocalGovernment,
    StoredOriginal,
    Upload,
    UploadStatus,
)
from shared.domain.claims.ports import (  # noqa: F401 (re-exported: the refusals this store raises)
    BadPageToken,
    BudgetExceeded,
    ClaimedAsOtherKind,
    EvidenceTaken,
    GuardTaken,
    StaleClaim,
    UnknownUpload,
    UploadConsumed,
)
from shared.domain.subsidy.model import Reservation

_FAR_FUTURE = "9999-12-31"
TRANSACTION_ATTEMPTS = 4


@dataclass(slots=True)
class Page:
    claims: list[Claim]
    next_token: str | None


def claim_key(claim_id: str) -> tuple[str, str]:
    return f"CLAIM#{claim_id}", "CLAIM"


def upload_key(upload_id: str) -> tuple[str, str]:
    return f"UPLOAD#{upload_id}", "UPLOAD"


class ClaimRepository:
    def __init__(self, claims_table: str, registry_table: str, region: str) -> None:
        models.bind(claims_table, registry_table, region)
        self._connection = Connection(region=region)  # one botocore client for every transaction

    # -- claims ---------------------------------------------------------------------------------------------

    def create(
        self,
        claim: Claim,
        upload_id: str | None = None,
        reservation: Reservation | None = None,
        other_kind_guard: str | None = None,
        alert_other: tuple[str, dict[str, str]] | None = None,
    ) -> None:
        """Claim + duplicate guard (+ the upload's consumption: a slot yields one claim) (+ a subsidy claim's
        evidence guard, budget reservation and execution) in one transaction: all or nothing.

        ``other_kind_guard`` is the guard the same invoice would hold as a claim of the other kind: the transaction
        checks that it is free, so that a collision is noticed at no cost on the usual path. ``alert_other`` (the
        other claim's id and an alert) is appended to that claim once the collision is known. A conflict with a
        concurrent transaction is retried; a failed condition is explained by reading the guards (only then)."""
        item = _claim_item(claim)
        guard = GuardItem(
            claim.guard_key, "GUARD", claim_id=claim.claim_id, source=claim.source, guard_status=GUARD_ACTIVE
        )
        for attempt in range(TRANSACTION_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as tx:
                    tx.save(item, condition=ClaimItem.pk.does_not_exist())
                    tx.save(guard, condition=GuardItem.pk.does_not_exist() | (GuardItem.guard_status == GUARD_RETURNED))
                    if upload_id is not None:
                        pk, sk = upload_key(upload_id)
                        tx.update(
                            UploadItem(pk, sk),
                            actions=[
                                UploadItem.status.set(UploadStatus.ACCEPTED.value),
                                UploadItem.claim_id.set(claim.claim_id),
                            ],
                            condition=UploadItem.pk.exists() & UploadItem.claim_id.does_not_exist(),
                        )
                    if alert_other is not None:
                        other_id, alert = alert_other
                        tx.update(
                            ClaimItem(*claim_key(other_id)),
                            actions=[ClaimItem.alerts.set((ClaimItem.alerts | []).append([AlertEntry(**alert)]))],
                            condition=ClaimItem.pk.exists(),
                        )
                    elif other_kind_guard is not None:
                        tx.condition_check(
                            GuardItem,
                            other_kind_guard,
                            "GUARD",
                            condition=(GuardItem.pk.does_not_exist() | (GuardItem.guard_status == GUARD_RETURNED)),
                        )
                    if reservation is not None:
                        SubsidyRepository.add_reservation(tx, claim.claim_id, reservation)
                return
            except TransactWriteError as error:
                codes = {getattr(r, "code", None) for r in (error.cancellation_reasons or []) if r}
                if "ConditionalCheckFailed" in codes:
                    self._explain_refusal(
                        claim, upload_id, reservation, other_kind_guard if alert_other is None else None
                    )
                if "TransactionConflict" in codes and attempt + 1 < TRANSACTION_ATTEMPTS:
                    time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not crypto
                    continue
                raise

    def _explain_refusal(
        self, claim: Claim, upload_id: str | None, reservation: Reservation | None, other_kind_guard: str | None
    ) -> None:
        """Which condition failed: read the guards the transaction checked (strongly consistent) and raise."""
        try:
            holder = GuardItem.get(claim.guard_key, "GUARD", consistent_read=True)
            if holder.guard_status != GUARD_RETURNED:
                raise GuardTaken(holder.claim_id, holder.source)
        except GuardItem.DoesNotExist:
            pass
        if upload_id is not None:
            pk, sk = upload_key(upload_id)
            try:
                upload = UploadItem.get(pk, sk, consistent_read=True)
            except UploadItem.DoesNotExist:
                raise UnknownUpload(upload_id) from None
            if upload.claim_id:
                raise UploadConsumed(upload.claim_id)
        if other_kind_guard is not None:
            try:
                other = GuardItem.get(other_kind_guard, "GUARD", consistent_read=True)
                if other.guard_status != GUARD_RETURNED:
                    raise ClaimedAsOtherKind(other.claim_id)
            except GuardItem.DoesNotExist:
                pass
        if reservation is not None:
            if SubsidyRepository.evidence_held(reservation.invoice_key):
                raise EvidenceTaken(reservation.invoice_key)
            raise BudgetExceeded(reservation.category)

    def record_ignored_put(self, upload_id: str, at: str) -> None:
        """A document PUT to a slot that already became a claim: counted on the upload, claimed by nobody."""
        pk, sk = upload_key(upload_id)
        try:
            UploadItem(pk, sk).update(
                actions=[UploadItem.ignored_puts.add(1), UploadItem.last_ignored_at.set(at)],
                condition=UploadItem.pk.exists(),
            )
        except UpdateError as error:
            if not _condition_failed(error):
                raise

    def get(self, claim_id: str) -> Claim | None:
        pk, sk = claim_key(claim_id)
        try:
            return _claim(ClaimItem.get(pk, sk))
        except ClaimItem.DoesNotExist:
            return None

    @staticmethod
    def add_decision(tx: TransactWrite, claim: Claim, entry: dict[str, str]) -> None:
        """Add to a decision's transaction: the claim's new state and one more history entry, only if nobody
        changed it since it was read (optimistic version check)."""
        actions = [
            ClaimItem.status.set(claim.status.value),
            ClaimItem.history.set(ClaimItem.history.append([HistoryEntry(**entry)])),
            ClaimItem.version.set(claim.version + 1),
            ClaimItem.gsi2pk.set(_gsi2pk(claim)),
            ClaimItem.gsi2sk.set(_gsi2sk(claim)),
        ]
        if claim.due_date:
            actions.append(ClaimItem.due_date.set(claim.due_date))
        if claim.expense_account:
            actions.append(ClaimItem.expense_account.set(claim.expense_account))
        tx.update(ClaimItem(*claim_key(claim.claim_id)), actions=actions, condition=ClaimItem.version == claim.version)

    @staticmethod
    def add_guard_release(tx: TransactWrite, guard_key: str, claim_id: str) -> None:
        """Add to a return's transaction: the duplicate guard is released, only if it is still this claim's."""
        tx.update(
            GuardItem(guard_key, "GUARD"),
            actions=[GuardItem.guard_status.set(GUARD_RETURNED)],
            condition=GuardItem.claim_id == claim_id,
        )

    def list_for_business(self, org: str, status: str | None, limit: int, token: str | None) -> Page:
        index_pk = f"BIZ#{org}"
        start = _decode_token(token, "gsi1pk", index_pk)
        condition = (ClaimItem.status == status) if status else None
        result = ClaimItem.by_business.query(
            index_pk,
            scan_index_forward=False,
            limit=limit,
            page_size=limit,
            last_evaluated_key=start,
            filter_condition=condition,
        )
        return _page(result)

    def list_for_lg(self, lg_code: str, status: str | None, limit: int, token: str | None) -> Page:
        if status:
            index_pk = f"LG#{lg_code}#{status}"
            start = _decode_token(token, "gsi2pk", index_pk)
            result = ClaimItem.by_lg_status_due.query(index_pk, limit=limit, page_size=limit, last_evaluated_key=start)
        else:
            index_pk = f"LG#{lg_code}"
            start = _decode_token(token, "gsi3pk", index_pk)
            result = ClaimItem.by_lg.query(
                index_pk, scan_index_forward=False, limit=limit, page_size=limit, last_evaluated_key=start
            )
        return _page(result)

    def accepted_page(
        self, lg_code: str, limit: int, due_from: date | None = None, due_before: date | None = None
    ) -> list[Claim]:
        """The LG's accepted claims, earliest payment deadline first (the by-lg-status-due index), optionally only
        those due on or after ``due_from`` or before ``due_before``."""
        condition = None
        if due_from is not None:
            condition = ClaimItem.gsi2sk >= due_from.isoformat()
        elif due_before is not None:
            condition = ClaimItem.gsi2sk < due_before.isoformat()
        return [
            _claim(i)
            for i in ClaimItem.by_lg_status_due.query(
                f"LG#{lg_code}#{ClaimStatus.ACCEPTED.value}", condition, limit=limit, page_size=limit
            )
        ]

    def still_accepted(self, claims: list[Claim]) -> list[Claim]:
        """Of these claims, those the base table (strongly consistent) still holds as ACCEPTED."""
        keys = [claim_key(c.claim_id) for c in claims]
        current = {i.claim_id: i.status for i in ClaimItem.batch_get(keys, consistent_read=True)}
        return [c for c in claims if current.get(c.claim_id) == ClaimStatus.ACCEPTED.value]

    @staticmethod
    def add_paid(tx: TransactWrite, claim: Claim, paid_on: str, interest: int, run_id: str, at: str) -> None:
        """Add to a payment run's transaction: the claim is PAID (only if it is still ACCEPTED)."""
        entry = HistoryEntry(status=ClaimStatus.PAID.value, at=at, by=f"settlement:{run_id}")
        tx.update(
            ClaimItem(*claim_key(claim.claim_id)),
            actions=[
                ClaimItem.status.set(ClaimStatus.PAID.value),
                ClaimItem.paid_on.set(paid_on),
                ClaimItem.interest.set(interest),
                ClaimItem.history.set(ClaimItem.history.append([entry])),
                ClaimItem.version.set(claim.version + 1),
                ClaimItem.gsi2pk.set(f"LG#{claim.lg_code}#{ClaimStatus.PAID.value}"),
            ],
            condition=ClaimItem.status == ClaimStatus.ACCEPTED.value,
        )

    # -- uploads --------------------------------------------------------------------------------------------

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
            if not _condition_failed(error):
                raise


class RegistryRepository:
    """The LG registry, small and read-mostly: cached in the process for ``cache_seconds``."""

    def __init__(self, claims_table: str, registry_table: str, region: str, cache_seconds: int = 300) -> None:
        models.bind(claims_table, registry_table, region)
        self._cache_seconds = cache_seconds
        self._cache: dict[str, LocalGovernment] | None = None
        self._loaded_at = 0.0

    def all(self) -> dict[str, LocalGovernment]:
        now = time.monotonic()
        if self._cache is None or now - self._loaded_at > self._cache_seconds:
            self._cache = {
                item.lg_code: LocalGovernment(item.lg_code, item.name, item.name_en, item.tax_id)
                for item in LgItem.scan()
            }
            self._loaded_at = now
        return self._cache

    def get(self, lg_code: str) -> LocalGovernment | None:
        return self.all().get(lg_code)


# -- mapping ------------------------------------------------------------------------------------------------


def _gsi2pk(claim: Claim) -> str:
    return f"LG#{claim.lg_code}#{claim.status.value}"


def _gsi2sk(claim: Claim) -> str:
    return f"{claim.due_date or _FAR_FUTURE}#{claim.received_at}#{claim.claim_id}"


def _claim_item(claim: Claim) -> ClaimItem:
    pk, sk = claim_key(claim.claim_id)
    return ClaimItem(
        pk,
        sk,
        claim_id=claim.claim_id,
        status=claim.status.value,
        kind=claim.kind,
        lg_code=claim.lg_code,
        supplier=claim.supplier,
        buyer=claim.buyer,
        submitted_by=claim.submitted_by,
        contract_id=claim.contract_id,
        grant_id=claim.grant_id,
        category=claim.category,
        risk_json=json.dumps(claim.risk) if claim.risk is not None else None,
        invoice_json=claim.invoice_json(),
        findings_json=json.dumps(claim.findings, ensure_ascii=False),
        grand_total=claim.grand_total,
        currency=claim.currency,
        due_date=claim.due_date,
        received_at=claim.received_at,
        source=claim.source,
        document_key=claim.document_key,
        guard_key=claim.guard_key,
        document_version=claim.document.version if claim.document else None,
        document_sha256=claim.document.sha256 if claim.document else None,
        document_size=claim.document.size if claim.document else None,
        detail_key=claim.detail_key,
        alerts=[AlertEntry(**alert) for alert in claim.alerts] or None,
        history=[HistoryEntry(**entry) for entry in claim.history],
        version=claim.version,
        gsi1pk=f"BIZ#{claim.submitted_by}",
        gsi1sk=f"{claim.received_at}#{claim.claim_id}",
        gsi2pk=_gsi2pk(claim),
        gsi2sk=_gsi2sk(claim),
        gsi3pk=f"LG#{claim.lg_code}",
        gsi3sk=f"{claim.received_at}#{claim.claim_id}",
    )


def _claim(item: ClaimItem) -> Claim:
    return Claim(
        claim_id=item.claim_id,
        status=ClaimStatus(item.status),
        kind=item.kind,
        lg_code=item.lg_code,
        supplier=item.supplier,
        buyer=item.buyer,
        submitted_by=item.submitted_by,
        invoice=json.loads(item.invoice_json),
        grand_total=item.grand_total,
        currency=item.currency,
        received_at=item.received_at,
        source=item.source,
        document_key=item.document_key,
        guard_key=item.guard_key,
        findings=json.loads(item.findings_json),
        contract_id=item.contract_id,
        grant_id=item.grant_id,
        category=item.category,
        risk=json.loads(item.risk_json) if item.risk_json else None,
        due_date=item.due_date,
        expense_account=item.expense_account,
        paid_on=item.paid_on,
        interest=int(item.interest) if item.interest is not None else None,
        history=[{k: v for k, v in entry.as_dict().items() if v is not None} for entry in item.history or []],
        version=int(item.version),
        document=StoredOriginal(
            item.document_key, item.document_sha256, int(item.document_size or 0), item.document_version
        )
        if item.document_sha256
        else None,
        detail_key=item.detail_key,
        alerts=[{k: v for k, v in alert.as_dict().items() if v is not None} for alert in item.alerts or []],
    )


def _page(result: Any) -> Page:
    try:
        claims = [_claim(item) for item in result]
    except QueryError as error:  # a start key DynamoDB will not take: the token's fault, not a server error
        if getattr(error, "cause_response_code", None) == "ValidationException":
            raise BadPageToken("nextToken is not a token this API issued") from error
        raise
    last = result.last_evaluated_key
    token = base64.urlsafe_b64encode(json.dumps(last).encode()).decode() if last else None
    return Page(claims, token)


def _decode_token(token: str | None, index_attr: str, expected: str) -> dict[str, Any] | None:
    """A page token is the last key seen: exactly the table's and the index's key attributes, all strings, in the
    caller's own partition. Anything else (another key, another shape) is a bad token, never a DynamoDB error."""
    if not token:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadPageToken("nextToken is not a token this API issued") from error
    index_sort = index_attr[:-2] + "sk"
    if not isinstance(key, dict) or set(key) != {"pk", "sk", index_attr, index_sort}:
        raise BadPageToken("nextToken is not a token this API issued for this query")
    if not all(
        isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) and 0 < len(v["S"]) <= 1024
        for v in key.values()
    ):
        raise BadPageToken("nextToken is not a token this API issued")
    if key[index_attr] != {"S": expected} or not key["pk"]["S"].startswith("CLAIM#") or key["sk"] != {"S": "CLAIM"}:
        raise BadPageToken("nextToken is not a token this API issued for this query")
    return key


def _condition_failed(error: Exception) -> bool:
    if isinstance(error, TransactWriteError):
        return any(
            r is not None and getattr(r, "code", None) == "ConditionalCheckFailed"
            for r in (error.cancellation_reasons or [])
        )
    if isinstance(error, (UpdateError, PutError)):
        return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"
    return False
