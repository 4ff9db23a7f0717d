"""The API models of the public pages (지방재정365): the LG registry and a closed year's indicators."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class LgOut(BaseModel):
    lgCode: str
    name: str
    nameEn: str
    taxId: str


class IndicatorsOut(BaseModel):
    """지방재정365-style aggregates of a closed fiscal year (no personal data): sizes, rates and totals; parts
    without their input are left out. New indicators may appear beside these."""

    model_config = ConfigDict(extra="allow")

    lgCode: str
    fy: int
