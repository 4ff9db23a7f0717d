"""A subsidy claim's budget, as parts of the transactions that move it (the claim's receipt, its return, the payment
run): the evidence guard (F12), the category's reservation and the execution (RESERVED -> RELEASED | EXECUTED).
Each is a conditional write in the caller's ``TransactWrite``, so a budget is never read and then written."""

from __future__ import annotations

from datetime import date

from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.subsidy_models import CategoryItem, EvidenceItem, SpendItem
from shared.adapters.dynamodb.subsidy_repository.keys import (
    EVIDENCE_ACTIVE,
    EVIDENCE_RELEASED,
    SPEND_CANCELLED,
    SPEND_EXECUTED,
    SPEND_RELEASED,
    SPEND_RESERVED,
    grant_key,
)
from shared.domain.subsidy.model import Reservation


class Reservations:
    @staticmethod
    def add_reservation(tx: TransactWrite, claim_id: str, reservation: Reservation) -> None:
        """Add to the claim's transaction: the evidence guard (F12), the budget reservation, the execution."""
        Reservations.add_spend(tx, claim_id, reservation, None)

    @staticmethod
    def add_spend(tx: TransactWrite, claim_id: str, reservation: Reservation, funded: int | None) -> None:
        """The evidence guard (F12), the category's budget and the execution: reserved, or executed at once with
        its public part ``funded`` (a card payment no indicator fired on)."""
        tx.save(
            EvidenceItem(
                f"EVIDENCE#{reservation.invoice_key}",
                "EVIDENCE",
                claim_id=claim_id,
                grant_id=reservation.grant_id,
                source="local",
                status=EVIDENCE_ACTIVE,
                amount=reservation.amount,
                day=reservation.day.isoformat(),
            ),
            condition=EvidenceItem.pk.does_not_exist() | (EvidenceItem.status == EVIDENCE_RELEASED),
        )
        key = grant_key(reservation.lg_code, reservation.grant_id)
        held = CategoryItem.reserved if funded is None else CategoryItem.executed
        actions: list[Action] = [CategoryItem.available.add(-reservation.amount), held.add(reservation.amount)]
        if funded:
            actions.append(CategoryItem.funded.add(funded))
        tx.update(
            CategoryItem(key, f"CAT#{reservation.category}"),
            actions=actions,
            condition=CategoryItem.available >= reservation.amount,
        )
        tx.save(
            SpendItem(
                key,
                f"SPEND#{claim_id}",
                claim_id=claim_id,
                category=reservation.category,
                vendor_brn=reservation.vendor_brn,
                amount=reservation.amount,
                day=reservation.day.isoformat(),
                invoice_key=reservation.invoice_key,
                status=SPEND_RESERVED if funded is None else SPEND_EXECUTED,
                funded=funded,
            ),
            condition=SpendItem.pk.does_not_exist(),
        )

    @staticmethod
    def add_spend_cancel(
        tx: TransactWrite, spend_id: str, reservation: Reservation, funded: int, executed: bool, day: date
    ) -> None:
        """A card payment cancelled: its execution (or reservation) goes back to the category, once; its evidence
        stays used and is marked cancelled (F03)."""
        key = grant_key(reservation.lg_code, reservation.grant_id)
        tx.update(
            SpendItem(key, f"SPEND#{spend_id}"),
            actions=[SpendItem.status.set(SPEND_CANCELLED)],
            condition=SpendItem.status == (SPEND_EXECUTED if executed else SPEND_RESERVED),
        )
        held = CategoryItem.executed if executed else CategoryItem.reserved
        actions: list[Action] = [CategoryItem.available.add(reservation.amount), held.add(-reservation.amount)]
        if executed and funded:
            actions.append(CategoryItem.funded.add(-funded))
        tx.update(CategoryItem(key, f"CAT#{reservation.category}"), actions=actions)
        tx.update(
            EvidenceItem(f"EVIDENCE#{reservation.invoice_key}", "EVIDENCE"),
            actions=[EvidenceItem.cancelled.set(day.isoformat())],
            condition=EvidenceItem.claim_id == spend_id,
        )

    @staticmethod
    def add_execution(tx: TransactWrite, claim_id: str, reservation: Reservation) -> None:
        """Add to a settlement's transaction: the claim's execution turns from reserved to executed."""
        tx.update(
            SpendItem(grant_key(reservation.lg_code, reservation.grant_id), f"SPEND#{claim_id}"),
            actions=[SpendItem.status.set(SPEND_EXECUTED)],
            condition=SpendItem.status == SPEND_RESERVED,
        )

    @staticmethod
    def add_category_moves(tx: TransactWrite, moves: dict[tuple[str, str, str], tuple[int, int]]) -> None:
        """Reserved -> executed per (LG, grant, category), with the 지방비 part, merged: a transaction touches each
        item once."""
        for (lg_code, grant_id, category), (amount, funded) in moves.items():
            tx.update(
                CategoryItem(grant_key(lg_code, grant_id), f"CAT#{category}"),
                actions=[
                    CategoryItem.reserved.add(-amount),
                    CategoryItem.executed.add(amount),
                    CategoryItem.funded.add(funded),
                ],
            )

    @staticmethod
    def add_release(tx: TransactWrite, claim_id: str, reservation: Reservation) -> None:
        """Add to a return's transaction: release the reservation exactly once (guarded by the execution's status)."""
        key = grant_key(reservation.lg_code, reservation.grant_id)
        tx.update(
            SpendItem(key, f"SPEND#{claim_id}"),
            actions=[SpendItem.status.set(SPEND_RELEASED)],
            condition=SpendItem.status == SPEND_RESERVED,
        )
        tx.update(
            CategoryItem(key, f"CAT#{reservation.category}"),
            actions=[CategoryItem.available.add(reservation.amount), CategoryItem.reserved.add(-reservation.amount)],
        )
        tx.update(
            EvidenceItem(f"EVIDENCE#{reservation.invoice_key}", "EVIDENCE"),
            actions=[EvidenceItem.status.set(EVIDENCE_RELEASED)],
            condition=EvidenceItem.claim_id == claim_id,
        )
