"""What a subsidy claim's checks read, each in one BatchGetItem: at receipt the hard checks (the LG's grant, the
category's budget, the recipient's sanctions, who holds the invoice as evidence: F12), after it the soft
indicators' business facts and whether the invoice was reported cancelled (F03)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.adapters.dynamodb.subsidy_models import BusinessItem, CategoryItem, EvidenceItem, GrantItem, SanctionsItem
from shared.adapters.dynamodb.subsidy_repository.keys import EVIDENCE_RELEASED, grant_key, link_sort_key
from shared.adapters.dynamodb.subsidy_repository.mapping import business_of, category_of, grant_of, sanctions_of
from shared.adapters.dynamodb.subsidy_repository.table import SubsidyTable
from shared.domain.subsidy.model import BusinessFacts, CategoryBudget, Grant, Sanction


@dataclass(slots=True)
class HardCheckFacts:
    """What one BatchGetItem tells about a new subsidy claim."""

    grant: Grant | None
    category: CategoryBudget | None
    sanctions: list[Sanction]
    evidence_claim: str | None  # the claim (or "national") already holding this invoice, if any


@dataclass(slots=True)
class ExecutionFacts:
    """What one BatchGetItem tells about an execution without a claim (a card payment), once its grant is read."""

    sanctions: list[Sanction]
    evidence_holder: str | None  # the execution (or "national:<grant>") already holding the evidence, if any
    cancelled: bool  # the evidence was reported cancelled (F03)
    businesses: dict[str, BusinessFacts]


class ClaimChecks(SubsidyTable):
    def execution_facts(self, lg_code: str, recipient_brn: str, vendor_brn: str, evidence: str) -> ExecutionFacts:
        """The recipient's sanctions (any LG), who holds the evidence (F12) and whether it was cancelled (F03), and
        the vendor's and recipient's registry facts: one BatchGetItem."""
        link = link_sort_key(lg_code)
        sanctions_key = (f"SANCTION#{recipient_brn}", "SANCTIONS")
        evidence_keys = [(f"EVIDENCE#{evidence}", "EVIDENCE"), (f"EVIDENCE#{evidence}", link)]
        business_keys = [(f"BIZ#{brn}", "FACTS") for brn in dict.fromkeys([vendor_brn, recipient_brn])]
        raw = self._batch_get([{"pk": pk, "sk": sk} for pk, sk in [sanctions_key, *evidence_keys, *business_keys]])
        sanctions_raw = raw.get(sanctions_key)
        guard, linked = (raw.get(k) for k in evidence_keys)
        holder = None
        cancelled = False
        if guard:
            item = EvidenceItem.from_raw_data(guard)
            cancelled = bool(item.cancelled)
            if item.status != EVIDENCE_RELEASED:
                holder = item.claim_id or f"national:{item.grant_id}"
        if linked:
            item = EvidenceItem.from_raw_data(linked)
            holder = holder or f"national:{item.grant_id}"
            cancelled = cancelled or bool(item.cancelled)
        businesses = {
            pk.removeprefix("BIZ#"): business_of(BusinessItem.from_raw_data(found))
            for pk, sk in business_keys
            if (found := raw.get((pk, sk)))
        }
        return ExecutionFacts(
            sanctions_of(SanctionsItem.from_raw_data(sanctions_raw)) if sanctions_raw else [],
            holder,
            cancelled,
            businesses,
        )

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
        grant = grant_of(GrantItem.from_raw_data(grant_raw)) if grant_raw else None
        budget = category_of(CategoryItem.from_raw_data(cat_raw)) if cat_raw else None
        sanctions = sanctions_of(SanctionsItem.from_raw_data(sanctions_raw)) if sanctions_raw else []
        holder = None
        if evidence_raw:
            item = EvidenceItem.from_raw_data(evidence_raw)
            if item.status != EVIDENCE_RELEASED:
                holder = item.claim_id or f"national:{item.grant_id}"
        if holder is None and link_raw:
            holder = f"national:{EvidenceItem.from_raw_data(link_raw).grant_id}"
        return HardCheckFacts(grant, budget, sanctions, holder)

    @staticmethod
    def evidence_held(invoice_key: str) -> bool:
        """Whether the invoice is evidence of a claim now (strongly consistent read)."""
        try:
            item = EvidenceItem.get(f"EVIDENCE#{invoice_key}", "EVIDENCE", consistent_read=True)
        except EvidenceItem.DoesNotExist:
            return False
        return item.status != EVIDENCE_RELEASED

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
                facts[brn] = business_of(BusinessItem.from_raw_data(item))
        cancelled = any(
            (evidence := raw.get((f"EVIDENCE#{invoice_key}", sk))) and EvidenceItem.from_raw_data(evidence).cancelled
            for sk in sort_keys
        )
        return facts, cancelled
