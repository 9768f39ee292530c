"""``GET /api/search``: which company, agency or open need does the person mean?"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from queries import search as search_query

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search")
def search(
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="a name as remembered, misspelt or not")],
    limit: Annotated[
        int, Query(ge=1, le=search_query.MAX_LIMIT, description="hits per kind")
    ] = search_query.DEFAULT_LIMIT,
    as_of: Annotated[
        dt.date | None, Query(description="needs open on this day (YYYY-MM-DD); default: today")
    ] = None,
) -> dict[str, Any]:
    """Companies (fuzzy on names and aliases), agencies and open needs, best first; the
    same answer as the hub's search page (docs/pages.md)."""
    return search_query.search(store, q, limit, as_of=as_of)
