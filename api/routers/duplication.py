"""``GET /api/duplication``: companies that several agencies engage at about the same time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.errors import InvalidParameter
from queries import duplication

router = APIRouter(prefix="/api", tags=["duplication"])

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Day = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        description="YYYY-MM-DD (YYYY or YYYY-MM: the start of the period for `since`, "
        "its end for `until`)",
    ),
]


@router.get("/duplication")
def get_duplication(
    store: StoreDep,
    window_days: Annotated[
        int, Query(ge=0, description="how many days apart two engagements may be")
    ] = duplication.DEFAULT_WINDOW_DAYS,
    min_agencies: Annotated[
        int, Query(ge=2, description="agencies a company needs in overlapping pairs")
    ] = duplication.DEFAULT_MIN_AGENCIES,
    country: Annotated[
        str | None, Query(max_length=200, description="ISO 3166-1 alpha-2 code")
    ] = None,
    theme: Annotated[str | None, Query(max_length=200, description="theme slug")] = None,
    agency: Annotated[str | None, Query(max_length=200, description="agency id")] = None,
    since: Day = None,
    until: Day = None,
    limit: Annotated[int, Query(ge=1, le=duplication.MAX_LIMIT)] = duplication.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Who else is talking to this company? Scores and reasons: docs/queries/duplication.md."""
    try:
        return duplication.find_duplication(
            store,
            window_days=window_days,
            min_agencies=min_agencies,
            country=country,
            theme=theme,
            agency=agency,
            since=since,
            until=until,
            limit=limit,
        )
    except duplication.InvalidDuplicationParameter as exc:
        raise InvalidParameter(str(exc)) from exc
