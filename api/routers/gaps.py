"""``GET /api/gaps``: where agencies work past each other (coordination gaps)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.errors import InvalidParameter
from queries import gaps

router = APIRouter(prefix="/api", tags=["gaps"])


@router.get("/gaps")
def get_gaps(
    store: StoreDep,
    kind: Annotated[
        gaps.GapKind | None, Query(description="one kind of gap (default: all four)")
    ] = None,
    country: Annotated[
        str | None, Query(max_length=200, description="ISO 3166-1 alpha-2 code or English name")
    ] = None,
    theme: Annotated[str | None, Query(max_length=200, description="theme slug")] = None,
    agency: Annotated[str | None, Query(max_length=200, description="agency id")] = None,
    as_of: Annotated[
        dt.date | None, Query(description="the day screenings are judged on (default: today)")
    ] = None,
    expiry_days: Annotated[
        int, Query(ge=0, description="days a screening clearance stays valid")
    ] = gaps.DEFAULT_EXPIRY_DAYS,
    limit: Annotated[int, Query(ge=1, le=gaps.MAX_LIMIT)] = gaps.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Parallel efforts, countries without a formal local network, active partnerships with
    companies that are not cleared, and commitments no convener follows up. Scores and rules:
    docs/queries/gaps.md."""
    try:
        return gaps.find_gaps(
            store,
            kind=kind.value if kind else None,
            country=country,
            theme=theme,
            agency=agency,
            as_of=as_of or dt.date.today(),
            expiry_days=expiry_days,
            limit=limit,
        )
    except gaps.InvalidGapQuery as exc:
        raise InvalidParameter(str(exc)) from exc
