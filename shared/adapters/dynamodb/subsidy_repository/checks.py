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


class ClaimChecks(SubsidyTable):
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
