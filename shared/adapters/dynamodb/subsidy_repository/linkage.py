"""What the national link (e나라도움) writes into the subsidy table: national grants (replaced whole on every import,
never a local grant), the executions' evidence (F12, F03) and the businesses' registry facts.

Two writers: the national feed (``importer`` None) and an LG official's import (``importer`` that LG). The feed owns
the invoice's shared guard (sk=EVIDENCE); an official's import writes only beside it (sk=LINK#<lg>), evidence for
that LG's claims alone."""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import PutError, UpdateError

from shared.adapters.dynamodb.conditions import condition_failed
from shared.adapters.dynamodb.subsidy_models import BusinessItem, EvidenceItem, GrantItem
from shared.adapters.dynamodb.subsidy_repository.blocking import put_index_entries
from shared.adapters.dynamodb.subsidy_repository.grants import put_pointer
from shared.adapters.dynamodb.subsidy_repository.keys import EVIDENCE_ACTIVE, NATIONAL, evidence_key, link_sort_key
from shared.adapters.dynamodb.subsidy_repository.mapping import grant_item, iso
from shared.adapters.dynamodb.subsidy_repository.table import SubsidyTable
from shared.domain.subsidy.model import BusinessFacts, Grant
from shared.domain.subsidy.ports import GrantTaken


class NationalLinkage(SubsidyTable):
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
            grant_item(grant, imported_by=writer).save(condition=GrantItem.pk.does_not_exist() | replaceable)
        except PutError as error:
            if condition_failed(error):
                raise GrantTaken(grant.grant_id) from error
            raise
        put_pointer(grant)
        put_index_entries(grant.lg_code, grant.grant_id, index_entries)

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
            if not condition_failed(error):
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
            if not condition_failed(error):
                raise

    def put_business(self, facts: BusinessFacts) -> None:
        """A business's registry facts, as the national feed reports them (replaced whole)."""
        BusinessItem(
            f"BIZ#{facts.brn}",
            "FACTS",
            brn=facts.brn,
            status=facts.status,
            status_since=iso(facts.status_since),
            registered_on=iso(facts.registered_on),
            representative_hash=facts.representative_hash,
            account_holder_hash=facts.account_holder_hash,
        ).save()
