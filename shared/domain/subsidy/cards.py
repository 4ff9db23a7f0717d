"""Card executions (전용카드 집행): the card company's feed of approvals made with a grant's card, and the hard rules
an approval must pass before the grant's restricted account (보조금 전용계좌, 1310) pays for it.

보탬e issues each grant a card (보조금 전용카드) tied to its restricted account; the card company reports every
approval and cancellation (승인·취소 내역). The feed is NDJSON under the bucket's ``cards/<lgCode>/`` prefix, one
JSON object a line (the layout is our own: the card companies' formats are not public)::

    {"approvalNo": "30012345", "grantId": "G-11110-1", "category": "307-02", "vendorBrn": "2148600016",
     "industryCode": "47911", "amount": 330000, "localTime": "2026-12-04T23:40:00+09:00", "cancelled": false}

``grantId`` names the grant whose card was used; ``category`` is the 통계목 the recipient registered the use under
(집행 등록, our reading: a card knows its grant, not the expense category); ``industryCode`` is the merchant's
industry (KSIC, the code 국세청 registers the business under); ``localTime`` is the approval's moment in Seoul (an
offset is required, and converted). A cancellation (``cancelled: true``) repeats the approval number it cancels.

An approval's evidence key is its vendor and approval number, the same F12 guard as a tax invoice's: an approval
is evidence once, whether claimed as a card execution or as an invoice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.domain.calendar import SEOUL
from shared.domain.documents import Finding
from shared.domain.documents.brn import is_valid_brn
from shared.domain.subsidy.model import CategoryBudget, Grant, Sanction

CARDS_PREFIX = "cards/"  # the card companies' feeds, one folder per LG
CARD_SPEND_PREFIX = "CARD-"  # a card execution's id: CARD-<lg>-<grantId>-<approvalNo>, never a claim id
MAX_APPROVAL_AMOUNT = 10**12
ID_CHARACTERS = re.compile(r"[A-Za-z0-9._:\-]+")


@dataclass(frozen=True, slots=True)
class CardApproval:
    """One line of the card feed: an approval (승인) with the grant's card, or its cancellation (취소)."""

    approval_no: str
    lg_code: str
    grant_id: str
    category: str
    vendor_brn: str
    industry_code: str
    amount: int
    at: datetime  # aware, in Seoul
    cancelled: bool = False

    @property
    def day(self) -> date:
        """The business date of the approval: Seoul's."""
        return self.at.astimezone(SEOUL).date()

    @property
    def spend_id(self) -> str:
        return card_spend_id(self.lg_code, self.grant_id, self.approval_no)

    @property
    def evidence_key(self) -> str:
        return f"{self.vendor_brn}#{self.approval_no}"

    def to_evidence(self) -> dict[str, object]:
        """What a reviewer sees of the approval (no personal data: a card number is never in the feed)."""
        return {
            "approvalNo": self.approval_no,
            "vendorBrn": self.vendor_brn,
            "industryCode": self.industry_code,
            "amount": self.amount,
            "localTime": self.at.astimezone(SEOUL).isoformat(),
        }


def card_spend_id(lg_code: str, grant_id: str, approval_no: str) -> str:
    return f"{CARD_SPEND_PREFIX}{lg_code}-{grant_id}-{approval_no}"


def is_card_spend(spend_id: str) -> bool:
    return spend_id.startswith(CARD_SPEND_PREFIX)


def parse_approval(lg_code: str, raw: Any) -> CardApproval:
    """One feed line as an approval; ``ValueError`` naming the field when it is not one."""
    if not isinstance(raw, dict):
        raise ValueError("a line is a JSON object")
    text = {name: raw.get(name) for name in ("approvalNo", "grantId", "category", "vendorBrn", "industryCode")}
    for name, value in text.items():
        if not isinstance(value, str) or not value.strip() or len(value) > 64:
            raise ValueError(f"{name}: 1 to 64 characters")
    for name in ("approvalNo", "grantId"):  # they name the execution and its review: ids of the API's alphabet
        if not ID_CHARACTERS.fullmatch(str(text[name]).strip()):
            raise ValueError(f"{name}: letters, digits, '.', '_', ':' and '-' only")
    if not is_valid_brn(str(text["vendorBrn"])):
        raise ValueError("vendorBrn: a valid business registration number")
    amount = raw.get("amount")
    if type(amount) is not int or not 0 < amount < MAX_APPROVAL_AMOUNT:
        raise ValueError("amount: a positive whole number of won")
    try:
        at = datetime.fromisoformat(str(raw.get("localTime")))
    except ValueError:
        raise ValueError("localTime: an ISO 8601 date and time") from None
    if at.tzinfo is None:
        raise ValueError("localTime: with its offset (+09:00)")
    cancelled = raw.get("cancelled", False)
    if not isinstance(cancelled, bool):
        raise ValueError("cancelled: true or false")
    return CardApproval(
        str(text["approvalNo"]).strip(),
        lg_code,
        str(text["grantId"]).strip(),
        str(text["category"]).strip(),
        str(text["vendorBrn"]),
        str(text["industryCode"]).strip(),
        amount,
        at.astimezone(SEOUL),
        cancelled,
    )


def approval_findings(
    approval: CardApproval,
    grant: Grant | None,
    category: CategoryBudget | None,
    sanctions: list[Sanction],
    evidence_holder: str | None,
    today: date,
) -> list[Finding]:
    """Every hard rule the approval breaks (the restricted account pays none of it): the grant, its 교부, the
    recipient's sanctions (on the approval's day or today, in any LG), the period (F16), evidence used once (F12),
    the category and what is left of it."""
    if grant is None or grant.lg_code != approval.lg_code:
        return [Finding("GRANT_NOT_FOUND", f"No grant {approval.grant_id} of LG {approval.lg_code}", "grantId")]
    findings = account_findings(grant, sanctions, (approval.day, today))
    if not grant.period.contains(approval.day):
        findings.append(
            Finding(
                "F16",
                f"The approval on {approval.day} is outside the grant period {grant.period.start} to "
                f"{grant.period.end}",
                "localTime",
            )
        )
    if evidence_holder is not None and evidence_holder != approval.spend_id:
        findings.append(Finding("F12", "This approval is already evidence of another execution", "approvalNo"))
    return findings + category_findings(grant, category, approval.amount, "category")


def account_findings(grant: Grant, sanctions: list[Sanction], days: tuple[date, ...]) -> list[Finding]:
    """The rules of any payment from a grant's restricted account: the grant is open, its 교부 paid, and no
    sanction of the recipient (in any LG) is active on any of ``days``."""
    findings = []
    if grant.status != "OPEN":
        findings.append(Finding("GRANT_CLOSED", f"Grant {grant.grant_id} is {grant.status.lower()}", "grantId"))
    elif grant.advanced_on is None:
        findings.append(
            Finding("NOT_ADVANCED", f"Grant {grant.grant_id} has not been paid (교부): its account is empty", "grantId")
        )
    for sanction in sanctions:
        if any(sanction.active_on(day) for day in days):
            findings.append(Finding("SANCTIONED", f"The recipient is sanctioned until {sanction.until}", "grantId"))
    return findings


def category_findings(grant: Grant, category: CategoryBudget | None, amount: int, pointer: str) -> list[Finding]:
    """The category exists on the grant and has ``amount`` left."""
    if category is None:
        return [Finding("CATEGORY_UNKNOWN", f"Grant {grant.grant_id} has no category", pointer)]
    if category.remaining < amount:
        return [
            Finding(
                "BUDGET_EXCEEDED",
                f"{amount:,} won is over the {category.remaining:,} won left in {category.category}",
                pointer,
            )
        ]
    return []
