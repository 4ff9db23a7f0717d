"""The claims table's keys, and its claim items as the domain's claims and back: the one place that knows both
shapes (the index keys a claim is listed under included)."""

from __future__ import annotations

import json

from shared.adapters.dynamodb.keys import claim_key
from shared.adapters.dynamodb.models import AlertEntry, ClaimItem, HistoryEntry
from shared.adapters.dynamodb.typed_attributes import map_values, new_map
from shared.domain.claims.model import Claim, ClaimStatus, StoredOriginal

_FAR_FUTURE = "9999-12-31"


def gsi2pk(claim: Claim) -> str:
    """The claim's partition in the by-lg-status-due index: its LG and status."""
    return f"LG#{claim.lg_code}#{claim.status.value}"


def gsi2sk(claim: Claim) -> str:
    """Its order there: payment deadline (none: last), then receipt."""
    return f"{claim.due_date or _FAR_FUTURE}#{claim.received_at}#{claim.claim_id}"


def history_entry(entry: dict[str, str]) -> HistoryEntry:
    return new_map(HistoryEntry, **entry)


def alert_entry(alert: dict[str, str]) -> AlertEntry:
    return new_map(AlertEntry, **alert)


def claim_item(claim: Claim) -> ClaimItem:
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
        line_id=claim.line_id,
        fund=claim.fund,
        grant_id=claim.grant_id,
        category=claim.category,
        grant_funded=claim.grant_funded,
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
        alerts=[alert_entry(alert) for alert in claim.alerts] or None,
        history=[history_entry(entry) for entry in claim.history],
        version=claim.version,
        gsi1pk=f"BIZ#{claim.submitted_by}",
        gsi1sk=f"{claim.received_at}#{claim.claim_id}",
        gsi2pk=gsi2pk(claim),
        gsi2sk=gsi2sk(claim),
        gsi3pk=f"LG#{claim.lg_code}",
        gsi3sk=f"{claim.received_at}#{claim.claim_id}",
    )


def claim_of(item: ClaimItem) -> Claim:
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
        line_id=item.line_id,
        fund=item.fund,
        grant_id=item.grant_id,
        category=item.category,
        grant_funded=None if item.grant_funded is None else int(item.grant_funded),
        risk=json.loads(item.risk_json) if item.risk_json else None,
        due_date=item.due_date,
        expense_account=item.expense_account,
        paid_on=item.paid_on,
        interest=int(item.interest) if item.interest is not None else None,
        history=[{k: v for k, v in map_values(entry).items() if v is not None} for entry in item.history or []],
        version=int(item.version),
        document=StoredOriginal(
            item.document_key, item.document_sha256, int(item.document_size or 0), item.document_version
        )
        if item.document_sha256
        else None,
        detail_key=item.detail_key,
        alerts=[{k: v for k, v in map_values(alert).items() if v is not None} for alert in item.alerts or []],
    )
