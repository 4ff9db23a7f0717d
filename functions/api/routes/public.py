"""Public pages (지방재정365): the LG registry and the indicators of a closed fiscal year (no login, no personal
data)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.api.routes.common import answers, services
from shared.adapters.http.models.public import IndicatorsOut, LgOut
from shared.domain.errors import NotFound

router = Router()


@router.get(
    "/v1/public/lgs/<lgCode>/indicators", responses=answers(200, "The indicators of a closed year"), tags=["public"]
)
def public_indicators(
    lgCode: Annotated[str, Path(pattern=r"^\d{5}$")], fy: Annotated[int, Query(ge=2000, le=2100)]
) -> IndicatorsOut:
    """지방재정365-style aggregates of a closed fiscal year (no personal data)."""
    published = services(router).runs.public_indicators(lgCode, fy)
    if published is None:
        raise NotFound(f"No closed fiscal year {fy} for LG {lgCode}")
    return IndicatorsOut.model_validate_json(published)


@router.get("/v1/public/lgs", responses=answers(200, "The LGs the platform knows"), tags=["public"])
def list_lgs() -> list[LgOut]:
    lgs = services(router).registry.all().values()
    return [LgOut.model_validate(lg.to_api()) for lg in sorted(lgs, key=lambda x: x.lg_code)]
