"""Grants (교부결정) and their budget lines, as the LG that made them reads and settles them, and sanctions (제재):
one grant is one partition (``GRANT#<lg>#<id>``: the grant, its categories, its executions), found by id through
its LG, through its recipient's pointer, or among the LG's grants (the by-lg-status index)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition, size
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.conditions import cancellation_code
from shared.adapters.dynamodb.subsidy_models import (
    CategoryItem,
    GrantItem,
    GrantPointerItem,
    RecoveryItem,
    SanctionEntry,
    SanctionsItem,
    SpendItem,
)
from shared.adapters.dynamodb.subsidy_repository.blocking import put_index_entries
from shared.adapters.dynamodb.subsidy_repository.keys import grant_key
from shared.adapters.dynamodb.subsidy_repository.mapping import (
    RECOVERY_PREFIX,
    assemble,
    grant_item,
    sanctions_of,
    spend_of,
)
from shared.adapters.dynamodb.subsidy_repository.table import SubsidyTable
from shared.adapters.dynamodb.typed_attributes import new_map
from shared.domain.subsidy.model import Grant, Sanction, Spend
from shared.domain.subsidy.ports import GrantExists


@dataclass(slots=True)
class GrantActivity:
    """One Query over a grant's partition: the grant, its budget, and every execution."""

    grant: Grant
    spends: list[tuple[Spend, str]]  # (spend, status)


def put_pointer(grant: Grant) -> None:
    """The recipient's pointer to the grant (pk=GRANTOF#<brn>): how a business finds a grant by its id alone."""
    GrantPointerItem(
        f"GRANTOF#{grant.recipient_brn}",
        f"GRANT#{grant.grant_id}#{grant.lg_code}",
        grant_id=grant.grant_id,
        lg_code=grant.lg_code,
    ).save()


class Grants(SubsidyTable):
    def create_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        """The grant and its budget lines in one transaction (the id is taken only within the grant's LG); then its
        recipient's pointer and its blocking-index entries (idempotent puts)."""
        try:
            with TransactWrite(connection=self._connection) as tx:
                self.add_grant_decision(tx, grant, new=True)
        except TransactWriteError as error:
            if cancellation_code(error, 0) == "ConditionalCheckFailed":
                raise GrantExists(grant.grant_id) from error
            raise
        self.index_grant(grant, index_entries)

    def index_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        """After a grant's first write: its recipient's pointer and its blocking-index entries (idempotent puts)."""
        put_pointer(grant)
        put_index_entries(grant.lg_code, grant.grant_id, index_entries)

    @staticmethod
    def add_grant_decision(tx: TransactWrite, grant: Grant, new: bool) -> None:
        """Add to a transaction: a new grant and its categories (its id not taken in its LG), or an application's
        decision (only while it still awaits one): its status, findings, decision, committed year, and the line each
        category is paid from."""
        key = grant_key(grant.lg_code, grant.grant_id)
        if new:
            tx.save(grant_item(grant), condition=GrantItem.pk.does_not_exist())
            for line in grant.budget:
                tx.save(
                    CategoryItem(
                        key,
                        f"CAT#{line.category}",
                        category=line.category,
                        amount=line.amount,
                        reserved=0,
                        executed=0,
                        available=line.amount,
                        line_id=line.line_id,
                    )
                )
            return
        item = grant_item(grant)
        actions: list[Action] = [
            GrantItem.status.set(grant.status),
            GrantItem.findings_json.set(item.findings_json),
            GrantItem.decided_json.set(item.decided_json),
        ]
        if grant.committed_fy is not None:
            actions.append(GrantItem.committed_fy.set(grant.committed_fy))
        tx.update(GrantItem(key, "GRANT"), actions=actions, condition=GrantItem.status == "APPLIED")
        for line in grant.budget:
            if line.line_id:
                tx.update(
                    CategoryItem(key, f"CAT#{line.category}"),
                    actions=[CategoryItem.line_id.set(line.line_id)],
                    condition=CategoryItem.pk.exists(),
                )

    def get_grant(self, lg_code: str, grant_id: str) -> Grant | None:
        """The LG's grant of that id, its budget lines and its recoveries (sort keys CAT#..., GRANT and
        GRANT#RECOVERY#..., never its executions): one Query."""
        return assemble(self._query_raw(grant_key(lg_code, grant_id), between=("CAT#", "GRANT#~")))

    def recipient_grants(self, recipient_brn: str, grant_id: str) -> list[Grant]:
        """The grants of that id whose recipient the business is (or was), whatever their LG: one Query of its
        pointers, then one per grant (almost always one)."""
        pointers = GrantPointerItem.query(
            f"GRANTOF#{recipient_brn}", GrantPointerItem.sk.startswith(f"GRANT#{grant_id}#")
        )
        grants = [self.get_grant(p.lg_code, p.grant_id) for p in pointers]
        return [g for g in grants if g is not None and g.recipient_brn == recipient_brn]

    def grant_activity(self, lg_code: str, grant_id: str) -> GrantActivity | None:
        """The grant, its budget and every execution: one Query over the partition (paged only when huge)."""
        items = self._query_raw(grant_key(lg_code, grant_id))
        grant = assemble(items)
        if grant is None:
            return None
        spends = [
            (spend_of(grant_id, SpendItem.from_raw_data(i)), i["status"]["S"])
            for i in items
            if i["sk"]["S"].startswith("SPEND#")
        ]
        return GrantActivity(grant, spends)

    def lg_grants(self, lg_code: str) -> list[Grant]:
        """Every grant of an LG, with its budget lines (the by-lg-status index, then one Query per grant)."""
        ids = [i.grant_id for i in GrantItem.by_lg.query(f"GRANTS#{lg_code}")]
        return [g for g in (self.get_grant(lg_code, grant_id) for grant_id in ids) if g is not None]

    def grants_to_advance(self, lg_code: str) -> list[Grant]:
        """The LG's open local grants whose advance (교부) is not paid yet (the by-lg-status index)."""
        ids = [
            i.grant_id
            for i in GrantItem.by_lg.query(f"GRANTS#{lg_code}", filter_condition=GrantItem.advanced_on.does_not_exist())
        ]
        grants = [g for g in (self.get_grant(lg_code, grant_id) for grant_id in ids) if g is not None]
        return [g for g in grants if g.status == "OPEN" and g.source == "local"]

    @staticmethod
    def add_settlement(
        tx: TransactWrite, lg_code: str, grant_id: str, settlement: dict[str, object], status: str, expected: str | None
    ) -> None:
        """Add to a transaction: the grant's 정산보고서 (filed, approved or returned) and its status, only while the
        report stands as ``expected`` (None: none filed yet, or the last one returned)."""
        condition = GrantItem.pk.exists() & (
            (GrantItem.settlement_status.does_not_exist() | (GrantItem.settlement_status == "RETURNED"))
            if expected is None
            else GrantItem.settlement_status == expected
        )
        tx.update(
            GrantItem(grant_key(lg_code, grant_id), "GRANT"),
            actions=[
                GrantItem.settlement_json.set(json.dumps(settlement, ensure_ascii=False)),
                GrantItem.settlement_status.set(str(settlement["status"])),
                GrantItem.status.set(status),
            ],
            condition=condition,
        )

    @staticmethod
    def add_recovery(tx: TransactWrite, lg_code: str, grant_id: str, recovery: dict[str, object]) -> None:
        """Add to a transaction: a 환수 of the grant, once per recovery id."""
        item = RecoveryItem(
            grant_key(lg_code, grant_id),
            f"{RECOVERY_PREFIX}{recovery['recoveryId']}",
            body=json.dumps(recovery, ensure_ascii=False),
        )
        tx.save(item, condition=RecoveryItem.pk.does_not_exist())

    @staticmethod
    def add_advance(tx: TransactWrite, lg_code: str, grant_id: str, day: date) -> None:
        """Add to a payment run's transaction: the grant's advance is paid (at most once)."""
        tx.update(
            GrantItem(grant_key(lg_code, grant_id), "GRANT"),
            actions=[GrantItem.advanced_on.set(day.isoformat())],
            condition=GrantItem.advanced_on.does_not_exist(),
        )

    def set_grant_findings(self, lg_code: str, grant_id: str, findings: list[dict[str, object]]) -> None:
        GrantItem(grant_key(lg_code, grant_id), "GRANT").update(
            actions=[GrantItem.findings_json.set(json.dumps(findings, ensure_ascii=False))]
        )

    def close_grant(self, lg_code: str, grant_id: str) -> None:
        """정산 done: the grant takes no more claims (GRANT_CLOSED)."""
        GrantItem(grant_key(lg_code, grant_id), "GRANT").update(actions=[GrantItem.status.set("CLOSED")])

    def add_sanction(self, sanction: Sanction, at: str) -> None:
        """One more sanction of the business, appended to its one item (shared by every LG)."""
        entry = new_map(
            SanctionEntry,
            sanction_id=sanction.sanction_id,
            reason=sanction.reason,
            start=sanction.start.isoformat(),
            until=sanction.until.isoformat(),
            lg_code=sanction.lg_code,
            at=at,
        )
        SanctionsItem(f"SANCTION#{sanction.brn}", "SANCTIONS").update(
            actions=[
                SanctionsItem.brn.set(sanction.brn),
                SanctionsItem.entries.set((SanctionsItem.entries | []).append([entry])),
            ]
        )

    def recipient_sanctions(self, brn: str) -> list[Sanction]:
        """Every sanction of a business, in any LG (one GetItem)."""
        try:
            return sanctions_of(SanctionsItem.get(f"SANCTION#{brn}", "SANCTIONS", consistent_read=True))
        except SanctionsItem.DoesNotExist:
            return []

    @staticmethod
    def add_unsanctioned(tx: TransactWrite, brn: str, seen: int) -> None:
        """Add to a 교부's transaction: the recipient has no more sanctions than the ``seen`` the run read."""
        tx.condition_check(
            SanctionsItem,
            f"SANCTION#{brn}",
            "SANCTIONS",
            condition=SanctionsItem.pk.does_not_exist() if seen == 0 else _entries(seen),
        )


def _entries(seen: int) -> Condition:
    """size(entries) = seen: pynamodb's ``size`` is untyped."""
    counted: Condition = size(SanctionsItem.entries) == seen  # type: ignore[no-untyped-call]
    return counted
