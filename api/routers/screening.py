"""``GET /api/screening/{company_id}``: may the UN work with this company, as of a day?"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.errors import InvalidParameter
from queries import screening

router = APIRouter(prefix="/api", tags=["screening"])


@router.get("/screening/{company_id}")
def get_screening(
    store: StoreDep,
    company_id: str,
    as_of: Annotated[
        dt.date | None,
        Query(description="the day to screen on (YYYY-MM-DD); default: today"),
    ] = None,
    expiry_days: Annotated[
        int, Query(ge=1, description="a clearance older than this many days has expired")
    ] = screening.DEFAULT_EXPIRY_DAYS,
) -> dict[str, Any]:
    """``clear``, ``review`` or ``blocked``, with the flags and the records they come from.
    Codes, the matcher and the sensitive sectors: docs/queries/screening.md."""
    try:
        return screening.screen_company(
            store, company_id, as_of=as_of or dt.date.today(), expiry_days=expiry_days
        )
    except screening.InvalidScreeningParameter as exc:
        raise InvalidParameter(str(exc)) from exc
