"""Data access for settlement runs: the run item (progress, counts, totals, reports) and one item per chunk (the
payments it made), written in the same transaction as the chunk's claims and ledger entries."""

from __future__ import annotations

import json
from datetime import date

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.binding import SettlementModel, bind_models
from shared.adapters.dynamodb.typed_attributes import map_values, new_map
from shared.domain.settlement.runs import Payment, Run


class RunItem(SettlementModel):
    run_id = UnicodeAttribute(attr_name="runId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    type = UnicodeAttribute()
    as_of = UnicodeAttribute(attr_name="asOf")
    provisional = NumberAttribute(default=0)
    status = UnicodeAttribute()
    started_at = UnicodeAttribute(attr_name="startedAt")
    chunks = NumberAttribute(default=0)
    counts: MapAttribute[str, int] = new_map(MapAttribute, default=dict)  # claims, by name (paid, late ...)
    totals: MapAttribute[str, int] = new_map(MapAttribute, default=dict)  # won, by name (paid, lateInterest ...)
    reports_json = UnicodeAttribute(attr_name="reports", default="[]")
    finished_at = UnicodeAttribute(attr_name="finishedAt", null=True)
    error = UnicodeAttribute(null=True)
    carry_over_json = UnicodeAttribute(attr_name="carryOver", null=True)


class ChunkItem(SettlementModel):
    payments_json = UnicodeAttribute(attr_name="payments")


def run_key(run_id: str) -> str:
    return f"RUN#{run_id}"


class RunRepository:
    def __init__(self, table: str, region: str) -> None:
        bind_models((RunItem, ChunkItem), table, region)

    def create(self, run: Run) -> tuple[Run, bool]:
        """The run, or the one already started with the same id (False: nothing new). A close that failed may be
        started again once its cause is fixed (it wrote nothing but its reports); a failed payment run may not:
        what its chunks paid stays recorded under its id."""
        condition = RunItem.pk.does_not_exist()
        if run.type != "payment":
            condition = condition | (RunItem.status == "FAILED")
        try:
            RunItem(
                run_key(run.run_id),
                "RUN",
                run_id=run.run_id,
                lg_code=run.lg_code,
                type=run.type,
                as_of=run.as_of.isoformat(),
                provisional=int(run.provisional),
                status=run.status,
                started_at=run.started_at,
                chunks=0,
                counts={},
                totals={},
                carry_over_json=json.dumps(run.carry_over) if run.carry_over else None,
            ).save(condition=condition)
            return run, True
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
        existing = self.get(run.run_id)
        assert existing is not None
        return existing, False

    def get(self, run_id: str) -> Run | None:
        try:
            item = RunItem.get(run_key(run_id), "RUN", consistent_read=True)
        except RunItem.DoesNotExist:
            return None
        return Run(
            item.run_id,
            item.lg_code,
            item.type,
            date.fromisoformat(item.as_of),
            bool(item.provisional),
            item.status,
            item.started_at,
            int(item.chunks),
            {k: int(v) for k, v in (map_values(item.counts) if item.counts else {}).items()},
            {k: int(v) for k, v in (map_values(item.totals) if item.totals else {}).items()},
            json.loads(item.reports_json),
            item.finished_at,
            item.error,
            json.loads(item.carry_over_json) if item.carry_over_json else {},
        )

    @staticmethod
    def add_chunk(
        tx: TransactWrite, run: Run, chunk: int, payments: list[Payment], counts: dict[str, int], totals: dict[str, int]
    ) -> None:
        """Add to a chunk's transaction: its payments, and the run's progress (only if no one recorded this chunk:
        a redelivered chunk message cannot count twice)."""
        tx.save(
            ChunkItem(
                run_key(run.run_id),
                f"CHUNK#{chunk:06d}",
                payments_json=json.dumps(
                    [
                        [
                            p.claim_id,
                            p.kind,
                            p.payee,
                            p.amount,
                            p.interest,
                            _iso(p.due_date),
                            _iso(p.accepted_on),
                            p.line_id,
                        ]
                        for p in payments
                    ]
                ),
            ),
            condition=ChunkItem.pk.does_not_exist(),
        )
        new_counts = {k: run.counts.get(k, 0) + v for k, v in counts.items()} | {
            k: v for k, v in run.counts.items() if k not in counts
        }
        new_totals = {k: run.totals.get(k, 0) + v for k, v in totals.items()} | {
            k: v for k, v in run.totals.items() if k not in totals
        }
        tx.update(
            RunItem(run_key(run.run_id), "RUN"),
            actions=[RunItem.chunks.set(chunk + 1), RunItem.counts.set(new_counts), RunItem.totals.set(new_totals)],
            condition=RunItem.chunks == chunk,
        )

    def existing(self, run_ids: list[str]) -> list[Run]:
        """Of these run ids, the runs that exist (BatchGetItem by key, 100 a request: never a scan)."""
        found = []
        for start in range(0, len(run_ids), 100):
            for item in RunItem.batch_get([(run_key(r), "RUN") for r in run_ids[start : start + 100]]):
                found.append(self.get(item.run_id))
        return [run for run in found if run is not None]

    def payments(self, run_id: str) -> list[Payment]:
        found = []
        for item in ChunkItem.query(run_key(run_id), ChunkItem.sk.startswith("CHUNK#"), consistent_read=True):
            for claim_id, kind, payee, amount, interest, due, accepted, *line in json.loads(item.payments_json):
                found.append(
                    Payment(
                        claim_id,
                        kind,
                        payee,
                        int(amount),
                        int(interest),
                        date.fromisoformat(due) if due else None,
                        date.fromisoformat(accepted) if accepted else None,
                        line[0] if line else None,  # chunks recorded before payments named their line have none
                    )
                )
        return found

    def finish(
        self,
        run_id: str,
        status: str,
        at: str,
        reports: list[str],
        counts: dict[str, int] | None = None,
        totals: dict[str, int] | None = None,
        error: str | None = None,
    ) -> None:
        actions: list[Action] = [
            RunItem.status.set(status),
            RunItem.finished_at.set(at),
            RunItem.reports_json.set(json.dumps(reports)),
        ]
        if counts is not None:
            actions.append(RunItem.counts.set(counts))
        if totals is not None:
            actions.append(RunItem.totals.set(totals))
        if error is not None:
            actions.append(RunItem.error.set(error[:1000]))
        RunItem(run_key(run_id), "RUN").update(actions=actions)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
