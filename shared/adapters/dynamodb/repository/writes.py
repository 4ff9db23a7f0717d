"""Writing claims: a new claim with its duplicate guard in one transaction (with the upload it consumes and a
subsidy claim's reservation), a refused condition explained by the guards it checked, and a claim's later states
as parts of a caller's transaction (a decision, a guard's release, a payment)."""

from __future__ import annotations

import random
import time

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.keys import claim_key, upload_key
from shared.adapters.dynamodb.models import ClaimItem, GuardItem, UploadItem
from shared.adapters.dynamodb.repository.mapping import (
    alert_entry,
    claim_item,
    gsi2pk,
    gsi2sk,
    history_entry,
)
from shared.adapters.dynamodb.subsidy_repository.checks import ClaimChecks
from shared.adapters.dynamodb.subsidy_repository.reservations import Reservations
from shared.domain.claims.model import GUARD_ACTIVE, GUARD_RETURNED, Claim, ClaimStatus, UploadStatus
from shared.domain.claims.ports import (
    BudgetExceeded,
    ClaimedAsOtherKind,
    EvidenceTaken,
    GuardTaken,
    UnknownUpload,
    UploadConsumed,
)
from shared.domain.subsidy.model import Reservation

TRANSACTION_ATTEMPTS = 4


class ClaimWrites:
    _connection: Connection  # one botocore client for every transaction

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
        item = claim_item(claim)
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
                            actions=[ClaimItem.alerts.set((ClaimItem.alerts | []).append([alert_entry(alert)]))],
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
                        Reservations.add_reservation(tx, claim.claim_id, reservation)
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
            if ClaimChecks.evidence_held(reservation.invoice_key):
                raise EvidenceTaken(reservation.invoice_key)
            raise BudgetExceeded(reservation.category)

    @staticmethod
    def add_decision(tx: TransactWrite, claim: Claim, entry: dict[str, str]) -> None:
        """Add to a decision's transaction: the claim's new state and one more history entry, only if nobody
        changed it since it was read (optimistic version check)."""
        actions: list[Action] = [
            ClaimItem.status.set(claim.status.value),
            ClaimItem.history.set(ClaimItem.history.append([history_entry(entry)])),
            ClaimItem.version.set(claim.version + 1),
            ClaimItem.gsi2pk.set(gsi2pk(claim)),
            ClaimItem.gsi2sk.set(gsi2sk(claim)),
        ]
        if claim.due_date:
            actions.append(ClaimItem.due_date.set(claim.due_date))
        if claim.expense_account:
            actions.append(ClaimItem.expense_account.set(claim.expense_account))
        if claim.line_id:
            actions.append(ClaimItem.line_id.set(claim.line_id))
        if claim.fund:
            actions.append(ClaimItem.fund.set(claim.fund))
        if claim.grant_funded is not None:
            actions.append(ClaimItem.grant_funded.set(claim.grant_funded))
        tx.update(ClaimItem(*claim_key(claim.claim_id)), actions=actions, condition=ClaimItem.version == claim.version)

    @staticmethod
    def add_guard_release(tx: TransactWrite, guard_key: str, claim_id: str) -> None:
        """Add to a return's transaction: the duplicate guard is released, only if it is still this claim's."""
        tx.update(
            GuardItem(guard_key, "GUARD"),
            actions=[GuardItem.guard_status.set(GUARD_RETURNED)],
            condition=GuardItem.claim_id == claim_id,
        )

    @staticmethod
    def add_paid(tx: TransactWrite, claim: Claim, paid_on: str, interest: int, run_id: str, at: str) -> None:
        """Add to a payment run's transaction: the claim is PAID (only if it is still ACCEPTED)."""
        entry = history_entry({"status": ClaimStatus.PAID.value, "at": at, "by": f"settlement:{run_id}"})
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
