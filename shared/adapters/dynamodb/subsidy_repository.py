"""Data access for subsidies: grants and their budgets, evidence guards, sanctions, business facts, the
similar-program blocking index and reviews. Takes and returns domain objects, never pynamodb items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.subsidy_models import (
    BusinessItem,
    CategoryItem,
    EvidenceItem,
    GrantItem,
    GrantPointerItem,
    IndexEntryItem,
    ReviewItem,
    SanctionEntry,
    SanctionsItem,
    SpendItem,
    bind,
)
from shared.domain.subsidy.model import (
    BusinessFacts,
    CategoryBudget,
    Grant,
    GrantSummary,
    Period,
    Reservation,
    Review,
    Sanction,
    Spend,
)
from shared.domain.subsidy.ports import GrantExists, GrantTaken, StaleReview  # noqa: F401 (re-exported)

SPEND_RESERVED, SPEND_RELEASED, SPEND_EXECUTED = "RESERVED", "RELEASED", "EXECUTED"
EVIDENCE_ACTIVE, EVIDENCE_RELEASED = "ACTIVE", "RELEASED"
NATIONAL = "NATIONAL"  # the scope of national (e나라도움) grants, and the writer name of the national feed


def grant_key(lg_code: str, grant_id: str) -> str:
    """Grant ids are scoped per LG: ``GRANT#<lg>#<id>``, national grants ``GRANT#NATIONAL#<id>``."""
    if not lg_code or not grant_id:
        raise ValueError("a grant is named by its LG (or NATIONAL) and its id")
    return f"GRANT#{lg_code}#{grant_id}"


def grant_ref(lg_code: str, grant_id: str) -> str:
    """A grant's reference in the blocking index: ``<lg>#<id>`` (ids never contain ``#``)."""
    return f"{lg_code}#{grant_id}"


def _ref_key(ref: str) -> str:
    lg_code, _, grant_id = ref.partition("#")
    return grant_key(lg_code, grant_id)


def link_sort_key(lg_code: str) -> str:
    """The sort key of an execution an LG official imported, beside the invoice's shared guard (sk=EVIDENCE)."""
    return f"LINK#{lg_code}"


def evidence_key(vendor_brn: str, invoice_id: str) -> str:
    return f"{vendor_brn}#{invoice_id}"


@dataclass(slots=True)
class HardCheckFacts:
    """What one BatchGetItem tells about a new subsidy claim."""

    grant: Grant | None
    category: CategoryBudget | None
    sanctions: list[Sanction]
    evidence_claim: str | None  # the claim (or "national") already holding this invoice, if any


@dataclass(slots=True)
class GrantActivity:
    """One Query over a grant's partition: the grant, its budget, and every execution."""

    grant: Grant
    spends: list[tuple[Spend, str]]  # (spend, status)


class SubsidyRepository:
    def __init__(self, table: str, region: str) -> None:
        bind(table, region)
        self._table = table
        self._connection = Connection(region=region)

    @property
    def connection(self) -> Connection:
        return self._connection

    # -- grants -------------------------------------------------------------------------------------------------

    def create_grant(self, grant: Grant, index_entries: dict[str, dict[str, str]]) -> None:
        """The grant and its budget lines in one transaction (the id is taken only within the grant's LG); then its
        recipient's pointer and its blocking-index entries (idempotent puts)."""
        key = grant_key(grant.lg_code, grant.grant_id)
        try:
            with TransactWrite(connection=self._connection) as tx:
                tx.save(_grant_item(grant), condition=GrantItem.pk.does_not_exist())
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
                        )
                    )
        except TransactWriteError as error:
            if _reason(error, 0) == "ConditionalCheckFailed":
                raise GrantExists(grant.grant_id) from error
            raise
        self._put_pointer(grant)
        self.put_index_entries(grant.lg_code, grant.grant_id, index_entries)

    def put_national_grant(
        self, grant: Grant, index_entries: dict[str, dict[str, str]], importer: str | None = None
    ) -> None:
        """A grant from e나라도움, under its own LG's scope (or NATIONAL): replaced whole on every import (the same
        line twice changes nothing), but never a local grant. From the national feed (``importer`` None) it
        replaces any national-source grant; from an LG official's import (``importer`` its LG, the grant's LG)
        only what that LG's officials imported before, never what the feed wrote. Raises GrantTaken (and writes
        nothing) otherwise."""
        writer = importer or NATIONAL
        replaceable = GrantItem.source == "national"
        if importer is not None:
            if grant.lg_code != importer:
                raise GrantTaken(grant.grant_id)
            replaceable = replaceable & (GrantItem.imported_by == importer)
        try:
            _grant_item(grant, imported_by=writer).save(condition=GrantItem.pk.does_not_exist() | replaceable)
        except PutError as error:
            if _condition_failed(error):
                raise GrantTaken(grant.grant_id) from error
            raise
        self._put_pointer(grant)
        self.put_index_entries(grant.lg_code, grant.grant_id, index_entries)

    @staticmethod
    def _put_pointer(grant: Grant) -> None:
        GrantPointerItem(
            f"GRANTOF#{grant.recipient_brn}",
            f"GRANT#{grant.grant_id}#{grant.lg_code}",
            grant_id=grant.grant_id,
            lg_code=grant.lg_code,
        ).save()

    def put_index_entries(self, lg_code: str, grant_id: str, entries: dict[str, dict[str, str]]) -> None:
        with IndexEntryItem.batch_write() as batch:
            for key, extra in entries.items():
                batch.save(
                    IndexEntryItem(key, grant_key(lg_code, grant_id), grant_id=grant_ref(lg_code, grant_id), **extra)
                )

    def index_lookup(self, keys: list[str]) -> dict[str, list[IndexEntryItem]]:
        """Every grant entry under each blocking key: one Query per key, never a scan."""
        return {key: list(IndexEntryItem.query(key)) for key in keys}

    def grant_summaries(self, refs: list[str]) -> list[GrantSummary]:
        """The grants of the given blocking-index references (``<lg>#<id>``): BatchGets of 100."""
        found: list[GrantSummary] = []
        for start in range(0, len(refs), 100):
            keys = [(_ref_key(ref), "GRANT") for ref in refs[start : start + 100]]
            found += [_grant(item).summary() for item in GrantItem.batch_get(keys)]
        return found

    def grants_to_advance(self, lg_code: str) -> list[Grant]:
        """The LG's open local grants whose advance (교부) is not paid yet (the by-lg-status index)."""
        ids = [
            i.grant_id
            for i in GrantItem.by_lg.query(f"GRANTS#{lg_code}", filter_condition=GrantItem.advanced_on.does_not_exist())
        ]
        grants = [g for g in (self.get_grant(lg_code, grant_id) for grant_id in ids) if g is not None]
        return [g for g in grants if g.status == "OPEN" and g.source == "local"]

    @staticmethod
    def add_advance(tx: TransactWrite, lg_code: str, grant_id: str, day: date) -> None:
        """Add to a payment run's transaction: the grant's advance is paid (at most once)."""
        tx.update(
            GrantItem(grant_key(lg_code, grant_id), "GRANT"),
            actions=[GrantItem.advanced_on.set(day.isoformat())],
            condition=GrantItem.advanced_on.does_not_exist(),
        )

    def close_grant(self, lg_code: str, grant_id: str) -> None:
        """정산 done: the grant takes no more claims (GRANT_CLOSED)."""
        GrantItem(grant_key(lg_code, grant_id), "GRANT").update(actions=[GrantItem.status.set("CLOSED")])

    def lg_grants(self, lg_code: str) -> list[Grant]:
        """Every grant of an LG, with its budget lines (the by-lg-status index, then one Query per grant)."""
        ids = [i.grant_id for i in GrantItem.by_lg.query(f"GRANTS#{lg_code}")]
        return [g for g in (self.get_grant(lg_code, grant_id) for grant_id in ids) if g is not None]

    def set_grant_findings(self, lg_code: str, grant_id: str, findings: list[dict[str, object]]) -> None:
        GrantItem(grant_key(lg_code, grant_id), "GRANT").update(
            actions=[GrantItem.findings_json.set(json.dumps(findings, ensure_ascii=False))]
        )

    def get_grant(self, lg_code: str, grant_id: str) -> Grant | None:
        """The LG's grant of that id and its budget lines (sort keys CAT#... and GRANT): one Query."""
        return _assemble(self._query_raw(grant_key(lg_code, grant_id), between=("CAT#", "GRANT")))

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
        grant = _assemble(items)
        if grant is None:
            return None
        spends = [
            (_spend(grant_id, SpendItem.from_raw_data(i)), i["status"]["S"])
            for i in items
            if i["sk"]["S"].startswith("SPEND#")
        ]
        return GrantActivity(grant, spends)

    def _query_raw(self, pk: str, between: tuple[str, str] | None = None) -> list[dict]:
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "ExpressionAttributeNames": {"#pk": "pk"},
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "KeyConditionExpression": "#pk = :pk",
        }
        if between:
            arguments["KeyConditionExpression"] += " AND #sk BETWEEN :low AND :high"
            arguments["ExpressionAttributeNames"]["#sk"] = "sk"
            arguments["ExpressionAttributeValues"] |= {":low": {"S": between[0]}, ":high": {"S": between[1]}}
        items: list[dict] = []
        while True:
            answer = self._connection.client.query(**arguments)
            items += answer.get("Items", [])
            if "LastEvaluatedKey" not in answer:
                return items
            arguments["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    # -- claims' hard checks and reservations -------------------------------------------------------------------

    def hard_check_facts(
        self, lg_code: str, grant_id: str, category: str, recipient_brn: str, evidence: str
    ) -> HardCheckFacts:
        """The LG's grant, category budget, the recipient's sanctions, the invoice's evidence guard and the
        executions of it the LG's own officials imported: one BatchGetItem."""
        key = grant_key(lg_code, grant_id)
        link = link_sort_key(lg_code)
        keys = [
            {"pk": key, "sk": "GRANT"},
            {"pk": key, "sk": f"CAT#{category}"},
            {"pk": f"SANCTION#{recipient_brn}", "sk": "SANCTIONS"},
            {"pk": f"EVIDENCE#{evidence}", "sk": "EVIDENCE"},
            {"pk": f"EVIDENCE#{evidence}", "sk": link},
        ]
        raw = self._batch_get(keys)
        grant_raw = raw.get((key, "GRANT"))
        cat_raw = raw.get((key, f"CAT#{category}"))
        sanctions_raw = raw.get((f"SANCTION#{recipient_brn}", "SANCTIONS"))
        evidence_raw = raw.get((f"EVIDENCE#{evidence}", "EVIDENCE"))
        link_raw = raw.get((f"EVIDENCE#{evidence}", link))
        grant = _grant(GrantItem.from_raw_data(grant_raw)) if grant_raw else None
        budget = _category(CategoryItem.from_raw_data(cat_raw)) if cat_raw else None
        sanctions = _sanctions(SanctionsItem.from_raw_data(sanctions_raw)) if sanctions_raw else []
        holder = None
        if evidence_raw:
            item = EvidenceItem.from_raw_data(evidence_raw)
            if item.status != EVIDENCE_RELEASED:
                holder = item.claim_id or f"national:{item.grant_id}"
        if holder is None and link_raw:
            holder = f"national:{EvidenceItem.from_raw_data(link_raw).grant_id}"
        return HardCheckFacts(grant, budget, sanctions, holder)

    def _batch_get(self, keys: list[dict[str, str]]) -> dict[tuple[str, str], dict]:
        request = [{"pk": {"S": k["pk"]}, "sk": {"S": k["sk"]}} for k in keys]
        answer = self._connection.client.batch_get_item(RequestItems={self._table: {"Keys": request}})
        found = {(i["pk"]["S"], i["sk"]["S"]): i for i in answer["Responses"].get(self._table, [])}
        pending = answer.get("UnprocessedKeys", {})
        while pending:  # throttling: ask again for what was not read
            answer = self._connection.client.batch_get_item(RequestItems=pending)
            found |= {(i["pk"]["S"], i["sk"]["S"]): i for i in answer["Responses"].get(self._table, [])}
            pending = answer.get("UnprocessedKeys", {})
        return found

    @staticmethod
    def add_reservation(tx: TransactWrite, claim_id: str, reservation: Reservation) -> None:
        """Add to the claim's transaction: the evidence guard (F12), the budget reservation, the execution."""
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
        tx.update(
            CategoryItem(key, f"CAT#{reservation.category}"),
            actions=[CategoryItem.available.add(-reservation.amount), CategoryItem.reserved.add(reservation.amount)],
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
                status=SPEND_RESERVED,
            ),
            condition=SpendItem.pk.does_not_exist(),
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
    def add_category_moves(tx: TransactWrite, moves: dict[tuple[str, str, str], int]) -> None:
        """Reserved -> executed per (LG, grant, category), merged: a transaction touches each item once."""
        for (lg_code, grant_id, category), amount in moves.items():
            tx.update(
                CategoryItem(grant_key(lg_code, grant_id), f"CAT#{category}"),
                actions=[CategoryItem.reserved.add(-amount), CategoryItem.executed.add(amount)],
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

    @staticmethod
    def evidence_held(invoice_key: str) -> bool:
        """Whether the invoice is evidence of a claim now (strongly consistent read)."""
        try:
            item = EvidenceItem.get(f"EVIDENCE#{invoice_key}", "EVIDENCE", consistent_read=True)
        except EvidenceItem.DoesNotExist:
            return False
        return item.status != EVIDENCE_RELEASED

    # -- soft checks ------------------------------------------------------------------------------------------------

    def businesses_and_evidence(
        self, brns: list[str], invoice_key: str, lg_code: str | None = None
    ) -> tuple[dict[str, BusinessFacts], bool]:
        """Business facts of the given BRNs (the national feed's), and whether the invoice is reported cancelled
        (by the feed, or by an execution the officials of ``lg_code`` imported): one BatchGetItem."""
        keys = [{"pk": f"BIZ#{b}", "sk": "FACTS"} for b in dict.fromkeys(brns)]
        sort_keys = ["EVIDENCE"] + ([link_sort_key(lg_code)] if lg_code else [])
        keys += [{"pk": f"EVIDENCE#{invoice_key}", "sk": sk} for sk in sort_keys]
        raw = self._batch_get(keys)
        facts = {}
        for brn in brns:
            item = raw.get((f"BIZ#{brn}", "FACTS"))
            if item:
                facts[brn] = _business(BusinessItem.from_raw_data(item))
        cancelled = any(
            (evidence := raw.get((f"EVIDENCE#{invoice_key}", sk))) and EvidenceItem.from_raw_data(evidence).cancelled
            for sk in sort_keys
        )
        return facts, cancelled

    def put_business(self, facts: BusinessFacts) -> None:
        BusinessItem(
            f"BIZ#{facts.brn}",
            "FACTS",
            brn=facts.brn,
            status=facts.status,
            status_since=_iso(facts.status_since),
            registered_on=_iso(facts.registered_on),
            representative_hash=facts.representative_hash,
            account_holder_hash=facts.account_holder_hash,
        ).save()

    def put_national_execution(
        self,
        grant_id: str,
        vendor_brn: str,
        invoice_id: str,
        amount: int,
        day: date,
        cancelled: bool,
        mark_local: bool = True,
        importer: str | None = None,
    ) -> str | None:
        """Record a national execution's evidence. When a local claim already holds the invoice, keep its guard,
        mark it cancelled if so reported (unless ``mark_local`` is false: the caller decides, see
        ``mark_evidence_cancelled``), and return that claim's id (the caller flags it).

        From an LG official's import (``importer``) the evidence is that LG's alone (sk=LINK#<lg>): it never
        touches the shared guard, so no other LG's claim is refused (F12) or marked cancelled (F03) by it."""
        key = f"EVIDENCE#{evidence_key(vendor_brn, invoice_id)}"
        if importer is not None:
            EvidenceItem(
                key,
                link_sort_key(importer),
                grant_id=grant_id,
                source="lg",
                status=EVIDENCE_ACTIVE,
                amount=amount,
                day=day.isoformat(),
                cancelled=day.isoformat() if cancelled else None,
            ).save()
            try:
                shared = EvidenceItem.get(key, "EVIDENCE", consistent_read=True)
            except EvidenceItem.DoesNotExist:
                return None
            return shared.claim_id if shared.source == "local" else None
        item = EvidenceItem(
            key,
            "EVIDENCE",
            grant_id=grant_id,
            source="national",
            status=EVIDENCE_ACTIVE,
            amount=amount,
            day=day.isoformat(),
            cancelled=day.isoformat() if cancelled else None,
        )
        try:
            item.save(condition=EvidenceItem.pk.does_not_exist() | (EvidenceItem.source == "national"))
            return None
        except PutError as error:
            if not _condition_failed(error):
                raise
        local = EvidenceItem.get(key, "EVIDENCE", consistent_read=True)
        if cancelled and mark_local and not local.cancelled:
            self.mark_evidence_cancelled(vendor_brn, invoice_id, day)
        return local.claim_id

    @staticmethod
    def mark_evidence_cancelled(vendor_brn: str, invoice_id: str, day: date) -> None:
        """The national link reports the invoice cancelled (F03): mark its evidence guard, once."""
        try:
            EvidenceItem(f"EVIDENCE#{evidence_key(vendor_brn, invoice_id)}", "EVIDENCE").update(
                actions=[EvidenceItem.cancelled.set(day.isoformat())],
                condition=EvidenceItem.pk.exists() & EvidenceItem.cancelled.does_not_exist(),
            )
        except UpdateError as error:
            if not _condition_failed(error):
                raise

    # -- sanctions ------------------------------------------------------------------------------------------------

    def add_sanction(self, sanction: Sanction, at: str) -> None:
        entry = SanctionEntry(
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

    # -- reviews --------------------------------------------------------------------------------------------------

    def record_review(self, review: Review | None, claim_key: tuple[str, str], risk: dict[str, object]) -> None:
        """The claim's risk, and its review when an indicator fired, in one transaction; a replay changes nothing."""
        from shared.adapters.dynamodb.models import ClaimItem

        try:
            with TransactWrite(connection=self._connection) as tx:
                tx.update(
                    ClaimItem(*claim_key),
                    actions=[ClaimItem.risk_json.set(json.dumps(risk))],
                    condition=ClaimItem.pk.exists(),
                )
                if review is not None:
                    tx.save(_review_item(review), condition=ReviewItem.pk.does_not_exist())
        except TransactWriteError as error:
            if review is not None and self.get_review(review.review_id) is not None:
                return  # the same event delivered again: the review is already there
            raise error

    def add_review(self, review: Review) -> bool:
        try:
            _review_item(review).save(condition=ReviewItem.pk.does_not_exist())
            return True
        except PutError as error:
            if _condition_failed(error):
                return False
            raise

    def list_reviews(self, lg_code: str, status: str, limit: int) -> list[Review]:
        items = ReviewItem.by_lg_status.query(f"REVIEW#{lg_code}#{status}", scan_index_forward=False, limit=limit)
        return [_review(i) for i in items]

    def get_review(self, review_id: str) -> Review | None:
        try:
            return _review(ReviewItem.get(f"REVIEW#{review_id}", "REVIEW"))
        except ReviewItem.DoesNotExist:
            return None

    def resolve_review(self, review: Review) -> None:
        try:
            ReviewItem(f"REVIEW#{review.review_id}", "REVIEW").update(
                actions=[
                    ReviewItem.status.set(review.status),
                    ReviewItem.resolved_at.set(review.resolved_at),
                    ReviewItem.resolved_by.set(review.resolved_by),
                    ReviewItem.note.set(review.note or ""),
                    ReviewItem.gsi1pk.set(f"REVIEW#{review.lg_code}#{review.status}"),
                ],
                condition=ReviewItem.status == "open",
            )
        except UpdateError as error:
            if _condition_failed(error):
                raise StaleReview(review.review_id) from error
            raise


# -- mapping ---------------------------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _grant_item(grant: Grant, imported_by: str | None = None) -> GrantItem:
    return GrantItem(
        grant_key(grant.lg_code, grant.grant_id),
        "GRANT",
        grant_id=grant.grant_id,
        lg_code=grant.lg_code,
        imported_by=imported_by,
        title=grant.title,
        purpose=grant.purpose,
        field=grant.field,
        recipient_brn=grant.recipient_brn,
        start=grant.period.start.isoformat(),
        end=grant.period.end.isoformat(),
        shares_json=json.dumps(grant.funding_shares),
        categories=[b.category for b in grant.budget],
        budget_total=sum(b.amount for b in grant.budget),
        status=grant.status,
        source=grant.source,
        created_at=grant.created_at,
        findings_json=json.dumps(grant.findings, ensure_ascii=False),
        gsi1pk=f"GRANTS#{grant.lg_code}",
        gsi1sk=grant.grant_id,
    )


def _grant(item: GrantItem, budget: list[CategoryBudget] | None = None) -> Grant:
    return Grant(
        grant_id=item.grant_id,
        lg_code=item.lg_code,
        title=item.title,
        purpose=item.purpose,
        field=item.field,
        recipient_brn=item.recipient_brn,
        period=Period(date.fromisoformat(item.start), date.fromisoformat(item.end)),
        budget=budget if budget is not None else [CategoryBudget(c, 0) for c in item.categories],
        funding_shares=json.loads(item.shares_json),
        created_at=item.created_at,
        status=item.status,
        source=item.source,
        findings=json.loads(item.findings_json),
    )


def _category(item: CategoryItem) -> CategoryBudget:
    return CategoryBudget(item.category, int(item.amount), int(item.reserved), int(item.executed))


def _assemble(items: list[dict]) -> Grant | None:
    meta = next((i for i in items if i["sk"]["S"] == "GRANT"), None)
    if meta is None:
        return None
    budget = [_category(CategoryItem.from_raw_data(i)) for i in items if i["sk"]["S"].startswith("CAT#")]
    return _grant(GrantItem.from_raw_data(meta), sorted(budget, key=lambda b: b.category))


def _spend(grant_id: str, item: SpendItem) -> Spend:
    return Spend(
        item.claim_id,
        grant_id,
        item.vendor_brn,
        int(item.amount),
        date.fromisoformat(item.day),
        item.invoice_key,
        item.category,
    )


def _sanctions(item: SanctionsItem) -> list[Sanction]:
    return [
        Sanction(e.sanction_id, item.brn, e.reason, date.fromisoformat(e.start), date.fromisoformat(e.until), e.lg_code)
        for e in item.entries or []
    ]


def _business(item: BusinessItem) -> BusinessFacts:
    return BusinessFacts(
        item.brn,
        item.status,  # type: ignore[arg-type]
        date.fromisoformat(item.status_since) if item.status_since else None,
        date.fromisoformat(item.registered_on) if item.registered_on else None,
        item.representative_hash,
        item.account_holder_hash,
    )


def _review_item(review: Review) -> ReviewItem:
    return ReviewItem(
        f"REVIEW#{review.review_id}",
        "REVIEW",
        review_id=review.review_id,
        claim_id=review.claim_id,
        grant_id=review.grant_id,
        lg_code=review.lg_code,
        score=review.score,
        indicators_json=json.dumps(review.indicators, ensure_ascii=False),
        status=review.status,
        created_at=review.created_at,
        gsi1pk=f"REVIEW#{review.lg_code}#{review.status}",
        gsi1sk=f"{review.created_at}#{review.review_id}",
    )


def _review(item: ReviewItem) -> Review:
    return Review(
        item.review_id,
        item.claim_id,
        item.grant_id,
        item.lg_code,
        int(item.score),
        json.loads(item.indicators_json),
        item.status,
        item.created_at,
        item.resolved_at,
        item.resolved_by,
        item.note,
    )


def _reason(error: TransactWriteError, index: int) -> str | None:
    reasons = error.cancellation_reasons or []
    return getattr(reasons[index], "code", None) if index < len(reasons) and reasons[index] else None


def _condition_failed(error: Exception) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"
