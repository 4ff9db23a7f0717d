"""The subsidy table's items as the domain's objects and back (grants, budget lines, executions, sanctions,
business facts, reviews): the one place that knows both shapes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, cast

from shared.adapters.dynamodb.subsidy_models import (
    BusinessItem,
    CategoryItem,
    GrantItem,
    ReviewItem,
    SanctionsItem,
    SpendItem,
)
from shared.adapters.dynamodb.subsidy_repository.keys import grant_key
from shared.domain.subsidy.model import (
    BusinessFacts,
    BusinessStatus,
    CategoryBudget,
    Grant,
    Period,
    Review,
    Sanction,
    Spend,
)

RawItem = dict[str, Any]  # an item as the low-level client answers it: {"pk": {"S": ...}, ...}


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def grant_item(grant: Grant, imported_by: str | None = None) -> GrantItem:
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
        committed_fy=grant.committed_fy,
        decided_json=json.dumps(grant.decided, ensure_ascii=False) if grant.decided is not None else None,
        gsi1pk=f"GRANTS#{grant.lg_code}",
        gsi1sk=grant.grant_id,
    )


def grant_of(item: GrantItem, budget: list[CategoryBudget] | None = None) -> Grant:
    """The grant of its item; without ``budget``, its categories at amount 0 (a summary needs no amounts)."""
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
        committed_fy=int(item.committed_fy) if item.committed_fy is not None else None,
        decided=json.loads(item.decided_json) if item.decided_json else None,
        advanced_on=date.fromisoformat(item.advanced_on) if item.advanced_on else None,
        settlement=json.loads(item.settlement_json) if item.settlement_json else None,
    )


def category_of(item: CategoryItem) -> CategoryBudget:
    return CategoryBudget(
        item.category, int(item.amount), int(item.reserved), int(item.executed), item.line_id, int(item.funded or 0)
    )


RECOVERY_PREFIX = "GRANT#RECOVERY#"  # a grant's recoveries sort beside it, so reading the grant reads them


def assemble(items: list[RawItem]) -> Grant | None:
    """The grant of a partition's raw items (sk=GRANT, and its budget lines sk=CAT#...), None without sk=GRANT."""
    meta = next((i for i in items if i["sk"]["S"] == "GRANT"), None)
    if meta is None:
        return None
    budget = [category_of(CategoryItem.from_raw_data(i)) for i in items if i["sk"]["S"].startswith("CAT#")]
    grant = grant_of(GrantItem.from_raw_data(meta), sorted(budget, key=lambda b: b.category))
    grant.recoveries = [json.loads(i["body"]["S"]) for i in items if i["sk"]["S"].startswith(RECOVERY_PREFIX)]
    return grant


def spend_of(grant_id: str, item: SpendItem) -> Spend:
    return Spend(
        item.claim_id,
        grant_id,
        item.vendor_brn,
        int(item.amount),
        date.fromisoformat(item.day),
        item.invoice_key,
        item.category,
    )


def sanctions_of(item: SanctionsItem) -> list[Sanction]:
    return [
        Sanction(e.sanction_id, item.brn, e.reason, date.fromisoformat(e.start), date.fromisoformat(e.until), e.lg_code)
        for e in item.entries or []
    ]


def business_of(item: BusinessItem) -> BusinessFacts:
    return BusinessFacts(
        item.brn,
        cast(BusinessStatus, item.status),  # the store holds only statuses the domain wrote
        date.fromisoformat(item.status_since) if item.status_since else None,
        date.fromisoformat(item.registered_on) if item.registered_on else None,
        item.representative_hash,
        item.account_holder_hash,
    )


def review_item(review: Review) -> ReviewItem:
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
        gsi2pk=f"REVIEW#{review.lg_code}#{review.status}",
        gsi2sk=f"{review.score:03d}#{review.created_at}#{review.review_id}",
        codes=sorted({str(hit.get("code")) for hit in review.indicators}),
    )


def review_of(item: ReviewItem) -> Review:
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
