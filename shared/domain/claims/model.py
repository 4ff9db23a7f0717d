"""The claim as the domain sees it: statuses, transitions, who acts, and the API view."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from shared.domain.actor import Actor
from shared.domain.calendar import business_date
from shared.domain.subsidy.model import Reservation


class ClaimStatus(StrEnum):
    RECEIVED = "RECEIVED"  # 접수
    ACCEPTED = "ACCEPTED"  # 검사 합격 (수리)
    RETURNED = "RETURNED"  # 반려
    SCHEDULED = "SCHEDULED"  # 지급 예정
    PAID = "PAID"  # 지급 완료


TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.RECEIVED: frozenset({ClaimStatus.ACCEPTED, ClaimStatus.RETURNED}),
    ClaimStatus.ACCEPTED: frozenset({ClaimStatus.SCHEDULED}),
    ClaimStatus.SCHEDULED: frozenset({ClaimStatus.PAID}),
    ClaimStatus.RETURNED: frozenset(),
    ClaimStatus.PAID: frozenset(),
}

GUARD_ACTIVE = "ACTIVE"
GUARD_RETURNED = "RETURNED"


@dataclass(frozen=True, slots=True)
class StoredOriginal:
    """The original document a claim was decided on: where it is (``key`` at S3 ``version``), how large, and its
    SHA-256, so that whatever is fetched later can be proven to be those bytes. No client can change it: the
    version is immutable, and a later PUT to an upload slot makes a new version the claim does not point at."""

    key: str
    sha256: str
    size: int
    version: str | None = None

    def to_api(self) -> dict[str, object]:
        return {"sha256": self.sha256, "size": self.size}


@dataclass(slots=True)
class Claim:
    claim_id: str
    status: ClaimStatus
    kind: str
    lg_code: str
    supplier: str
    buyer: str
    submitted_by: str
    invoice: dict[str, object]
    grand_total: str
    currency: str
    received_at: str
    source: str
    document_key: str
    guard_key: str
    findings: list[dict[str, str]] = field(default_factory=list)
    contract_id: str | None = None
    line_id: str | None = None  # the 세출 budget line paying it: its contract's, or named on the claim or at acceptance
    fund: str | None = None  # the 회계 of that line, set at acceptance; None: the 일반회계
    grant_id: str | None = None
    category: str | None = None
    # a subsidy claim's 지방비: the part the grant's public money pays (set at acceptance from the grant's funding
    # shares; the rest is the recipient's 자부담, paid from its own money); None: not decided yet, or not a subsidy
    grant_funded: int | None = None
    risk: dict[str, object] | None = None
    due_date: str | None = None
    expense_account: str | None = None  # set at acceptance from the contract's line (편성목); None: 5210 운영비
    paid_on: str | None = None
    interest: int | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    version: int = 1
    document: StoredOriginal | None = None  # the exact bytes the claim was decided on
    detail_key: str | None = None  # a large claim's lines and findings, stored beside its original
    alerts: list[dict[str, str]] = field(default_factory=list)  # collisions the LG's officials see

    def visible_to(self, actor: Actor) -> bool:
        """Tenancy: a business sees the claims it submitted, an official those of its LG."""
        if actor.role == "business":
            return self.submitted_by == actor.org
        return self.lg_code == actor.org

    def to_api(self) -> dict[str, object]:
        body: dict[str, object] = {
            "claimId": self.claim_id,
            "status": str(self.status),
            "kind": self.kind,
            "lgCode": self.lg_code,
            "supplier": self.supplier,
            "buyer": self.buyer,
            "invoice": self.invoice,
            "findings": self.findings,
            "receivedAt": self.received_at,
            "history": self.history,
        }
        for key, value in (
            ("contractId", self.contract_id),
            ("lineId", self.line_id),
            ("grantId", self.grant_id),
            ("category", self.category),
            ("grantFunded", self.grant_funded),
            ("risk", self.risk),
            ("dueDate", self.due_date),
            ("paidOn", self.paid_on),
            ("lateInterest", self.interest),
        ):
            if value is not None:
                body[key] = value
        return body

    def reservation(self) -> Reservation | None:
        """The budget a subsidy claim holds (rebuilt from the claim itself), or None for a payment claim."""
        if self.kind != "subsidy" or not self.grant_id or not self.category:
            return None
        return Reservation(
            self.grant_id,
            self.category,
            int(Decimal(self.grand_total)),
            self.supplier,
            f"{self.supplier}#{self.invoice['id']}",
            date.fromisoformat(str(self.invoice["issueDate"])),
            lg_code=self.lg_code,
        )

    def accepted_on(self) -> date | None:
        """The business date the claim was accepted (from its history), or None."""
        at = next((h["at"] for h in self.history if h["status"] == ClaimStatus.ACCEPTED.value), None)
        return business_date(datetime.fromisoformat(at)) if at else None

    def invoice_json(self) -> str:
        return json.dumps(self.invoice, ensure_ascii=False, separators=(",", ":"))


class UploadStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


@dataclass(slots=True)
class Upload:
    """A slot for one document PUT to S3 through a presigned URL; the intake turns it into a claim."""

    upload_id: str
    owner: str
    lg_code: str
    kind: str
    format: str
    file_name: str
    created_at: str
    expires_at: int
    status: UploadStatus = UploadStatus.PENDING
    contract_id: str | None = None
    grant_id: str | None = None
    claim_id: str | None = None
    errors: list[dict[str, str]] | None = None
    ignored_puts: int = 0  # documents PUT to the slot after it became a claim: they change nothing
    last_ignored_at: str | None = None

    def to_api(self) -> dict[str, object]:
        body: dict[str, object] = {"uploadId": self.upload_id, "status": str(self.status)}
        if self.claim_id:
            body["claimId"] = self.claim_id
        if self.errors:
            body["errors"] = self.errors
        if self.ignored_puts:
            body["ignoredPuts"] = {
                "count": self.ignored_puts,
                "lastAt": self.last_ignored_at,
                "code": "UPLOAD_CONSUMED",
                "message": "This upload slot already became a claim; documents PUT to it later were not claimed "
                "and changed nothing. Ask for a new upload to claim another document.",
            }
        return body


@dataclass(frozen=True, slots=True)
class LocalGovernment:
    lg_code: str
    name: str
    name_en: str
    tax_id: str

    def to_api(self) -> dict[str, str]:
        return {"lgCode": self.lg_code, "name": self.name, "nameEn": self.name_en, "taxId": self.tax_id}
