"""The API models of claims and documents (e호조+BILL): claims, validation results and upload slots."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.adapters.http.models.common import ExternalId, Format, Kind, LgCode, StrictIn


class DocumentIn(StrictIn):
    format: Format
    content: str = Field(description="The XML document, base64-encoded")


class ClaimIn(StrictIn):
    lgCode: str = LgCode
    kind: Kind
    contractId: str | None = ExternalId
    lineId: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="The 세출 budget line of a payment claim without a contract",
    )
    grantId: str | None = ExternalId
    category: str | None = Field(default=None, pattern=r"^\d{3}-\d{2}$", description="통계목 of a subsidy claim")
    document: DocumentIn


class DecisionIn(StrictIn):
    """A return needs a reason that is not blank (400 ``REASON_REQUIRED`` otherwise)."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"decision": {"const": "return"}}, "required": ["decision"]},
            "then": {"required": ["reason"], "properties": {"reason": {"type": "string", "pattern": r"\S"}}},
        }
    )

    decision: Literal["accept", "return"]
    reason: str | None = Field(default=None, max_length=1000)
    lineId: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="At acceptance: the 세출 budget line of a payment claim without a contract or a line of its own",
    )


class UploadIn(StrictIn):
    lgCode: str = LgCode
    kind: Kind
    contractId: str | None = ExternalId
    grantId: str | None = ExternalId
    category: str | None = Field(default=None, pattern=r"^\d{3}-\d{2}$")
    format: Format
    fileName: str = Field(min_length=1, max_length=255)


class FindingOut(BaseModel):
    code: str
    severity: Literal["error", "warning"]
    message: str
    path: str


class ValidationOut(BaseModel):
    valid: bool
    findings: list[FindingOut]


class HistoryOut(BaseModel):
    status: str
    at: str
    by: str
    reason: str | None = None


class OriginalOut(BaseModel):
    """The original document the claim was decided on: its SHA-256 and size, and for the claim's owner and the LG's
    officials a short-lived link that serves exactly those bytes."""

    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    size: int
    url: str | None = None
    expiresIn: int | None = None


class AlertOut(BaseModel):
    """Something the LG's officials should look at, e.g. the same invoice claimed as payment and as subsidy."""

    code: str
    message: str
    at: str
    otherClaimId: str | None = None


class ClaimOut(BaseModel):
    claimId: str
    status: str
    kind: str
    lgCode: str
    supplier: str
    buyer: str
    invoice: dict[str, object]
    findings: list[FindingOut]
    receivedAt: str
    history: list[HistoryOut]
    contractId: str | None = None
    lineId: str | None = None
    grantId: str | None = None
    category: str | None = None
    risk: dict[str, object] | None = None
    dueDate: str | None = None
    paidOn: str | None = None
    lateInterest: int | None = None
    document: OriginalOut | None = None
    alerts: list[AlertOut] | None = None


class ClaimCreatedOut(BaseModel):
    claimId: str
    status: str
    findings: list[FindingOut]
    dueDate: str | None = None


class ClaimPageOut(BaseModel):
    items: list[ClaimOut]
    nextToken: str | None = None


class UploadCreatedOut(BaseModel):
    uploadId: str
    url: str
    method: Literal["PUT"]
    headers: dict[str, str]
    expiresIn: int


class UploadOut(BaseModel):
    uploadId: str
    status: Literal["PENDING", "ACCEPTED", "REJECTED"]
    claimId: str | None = None
    errors: list[dict[str, object]] | None = None
    ignoredPuts: dict[str, object] | None = None
