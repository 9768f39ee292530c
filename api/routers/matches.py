"""Matchmaking on the partner hub: companies for a need, open needs for a company.

The routes only parse and validate; :mod:`queries.matchmaking` does the work, so the CLI's
``partnergraph match … --json`` prints exactly what these routes answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import StoreDep
from api.errors import InvalidParameter
from queries import matchmaking

router = APIRouter(prefix="/api", tags=["matchmaking"])

Limit = Annotated[
    int, Query(ge=1, le=matchmaking.MAX_LIMIT, description="how many matches to return")
]
AsOf = Annotated[
    dt.date | None,
    Query(
        description="the day the answer is for (coordination window, screening expiry, "
        "open needs); default today"
    ),
]
Exclude = Annotated[
    list[str],
    Query(max_length=1000, description="ids a person already rejected (repeatable)"),
]


def _weight(feature: str) -> Any:
    return Query(
        ge=0,
        allow_inf_nan=False,
        description=f"weight of the {feature} feature (default "
        f"{matchmaking.DEFAULT_WEIGHTS[feature]})",
    )


WTheme = Annotated[float | None, _weight("theme")]
WCountry = Annotated[float | None, _weight("country")]
WResource = Annotated[float | None, _weight("resource")]
WTrackRecord = Annotated[float | None, _weight("track_record")]
WGcStanding = Annotated[float | None, _weight("gc_standing")]
WProximity = Annotated[float | None, _weight("proximity")]
WCoordination = Annotated[float | None, _weight("coordination")]


def _call(function: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a matchmaking query, turning its parameter errors into 422 answers."""
    try:
        return function(*args, **kwargs)
    except matchmaking.InvalidMatchParameter as exc:
        raise InvalidParameter(str(exc)) from exc


def _weights(
    w_theme: WTheme = None,
    w_country: WCountry = None,
    w_resource: WResource = None,
    w_track_record: WTrackRecord = None,
    w_gc_standing: WGcStanding = None,
    w_proximity: WProximity = None,
    w_coordination: WCoordination = None,
) -> dict[str, float]:
    """The feature weights given as query parameters (a shared dependency of both routes)."""
    given = {
        "theme": w_theme,
        "country": w_country,
        "resource": w_resource,
        "track_record": w_track_record,
        "gc_standing": w_gc_standing,
        "proximity": w_proximity,
        "coordination": w_coordination,
    }
    return {name: value for name, value in given.items() if value is not None}


WeightsDep = Annotated[dict[str, float], Depends(_weights)]


@router.get("/matches/needs/{need_id}")
def match_need(
    store: StoreDep,
    need_id: str,
    weights: WeightsDep,
    limit: Limit = matchmaking.DEFAULT_LIMIT,
    exclude: Exclude = [],  # noqa: B006 - FastAPI copies the default per request
    as_of: AsOf = None,
) -> dict[str, Any]:
    """Companies for an agency's need, best first; blocked companies never appear."""
    return _call(
        matchmaking.match_need,
        store,
        need_id,
        limit=limit,
        weights=weights,
        exclude=exclude,
        as_of=as_of or dt.date.today(),
    )


@router.get("/matches/companies/{company_id}")
def match_company(
    store: StoreDep,
    company_id: str,
    weights: WeightsDep,
    limit: Limit = matchmaking.DEFAULT_LIMIT,
    exclude: Exclude = [],  # noqa: B006 - FastAPI copies the default per request
    as_of: AsOf = None,
) -> dict[str, Any]:
    """Open needs for a company, best first; empty when the company is blocked."""
    return _call(
        matchmaking.match_company,
        store,
        company_id,
        limit=limit,
        weights=weights,
        exclude=exclude,
        as_of=as_of or dt.date.today(),
    )


def _weight_field(feature: str) -> Any:
    return Field(default=None, ge=0, allow_inf_nan=False, alias=f"w_{feature}")


class Weights(BaseModel):
    """Per-feature weights; each may be written ``theme`` or ``w_theme``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    theme: float | None = _weight_field("theme")
    country: float | None = _weight_field("country")
    resource: float | None = _weight_field("resource")
    track_record: float | None = _weight_field("track_record")
    gc_standing: float | None = _weight_field("gc_standing")
    proximity: float | None = _weight_field("proximity")
    coordination: float | None = _weight_field("coordination")


class MatchNeedsRequest(BaseModel):
    """The body of ``POST /api/matches/needs``."""

    model_config = ConfigDict(extra="forbid")

    need_ids: list[str] = Field(min_length=1, max_length=matchmaking.MAX_BATCH)
    limit: int = Field(default=matchmaking.DEFAULT_LIMIT, ge=1, le=matchmaking.MAX_LIMIT)
    weights: Weights | None = None
    exclude: list[str] = Field(default_factory=list, max_length=1000)
    as_of: dt.date | None = None


@router.post("/matches/needs")
def match_many_needs(store: StoreDep, body: MatchNeedsRequest) -> dict[str, Any]:
    """Companies for each of several needs: ``{"results": [{"need", "items"}, ...]}``."""
    weights = body.weights.model_dump(exclude_none=True) if body.weights else {}
    return _call(
        matchmaking.match_needs,
        store,
        body.need_ids,
        limit=body.limit,
        weights=weights,
        exclude=body.exclude,
        as_of=body.as_of or dt.date.today(),
    )
