"""What every context's API models share: field types (LG codes, ids, BRNs, dates, JSON integers and booleans),
the strict request body and the RFC 9457 problem answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

LgCode = Field(pattern=r"^\d{5}$", description="5-digit LG code (자치단체 코드)")
ExternalId = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
Format = Literal["kec", "ubl", "cii"]
Kind = Literal["payment", "subsidy"]


def json_integer(value: object) -> object:
    if isinstance(value, bool | str):  # JSON's true/false and "2" are no integers (pydantic's lax int takes them)
        raise ValueError("Input should be a JSON integer")
    return value


# A JSON integer (2 or 2.0), never true/false or "2". Inside a union or a container, put the constraints before
# the validator (``Annotated[int, Field(ge=0), BeforeValidator(json_integer)]``) or the schema loses them.
Whole = Annotated[int, BeforeValidator(json_integer)]
Flag = Annotated[bool, Strict()]  # a JSON boolean, never 1 or "true"


class StrictIn(BaseModel):
    """A request body: no unknown fields."""

    model_config = ConfigDict(extra="forbid")


Brn = Field(pattern=r"^\d{10}$", description="10-digit business registration number (사업자등록번호)")
IsoDate = Field(
    pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD, a real day", json_schema_extra={"format": "date"}
)


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
