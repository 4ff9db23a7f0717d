"""API models (pydantic): what clients send and receive. They are not the database models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LgCode = Field(pattern=r"^\d{5}$", description="5-digit LG code (자치단체 코드)")
ExternalId = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
Format = Literal["kec", "ubl", "cii"]
Kind = Literal["payment", "subsidy"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentIn(_Strict):
    format: Format
    content: str = Field(description="The XML document, base64-encoded")


class ClaimIn(_Strict):
    lgCode: str = LgCode
    kind: Kind
    contractId: str | None = ExternalId
    grantId: str | None = ExternalId
    category: str | None = Field(default=None, max_length=16)
    document: DocumentIn


class DecisionIn(_Strict):
    decision: Literal["accept", "return"]
    reason: str | None = Field(default=None, max_length=1000)


class UploadIn(_Strict):
    lgCode: str = LgCode
    kind: Kind
    contractId: str | None = ExternalId
    grantId: str | None = ExternalId
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


class ClaimOut(BaseModel):
    claimId: str
    status: str
    kind: str
    lgCode: str
    supplier: str
    buyer: str
    invoice: dict
    findings: list[FindingOut]
    receivedAt: str
    history: list[HistoryOut]
    contractId: str | None = None
    grantId: str | None = None
    dueDate: str | None = None


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
    errors: list[dict] | None = None


class LgOut(BaseModel):
    lgCode: str
    name: str
    nameEn: str
    taxId: str


class ProblemError(BaseModel):
    code: str
    message: str
    path: str = ""


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] = []
