"""The interactive network pages under ``/viz``: one HTML page per view (``docs/viz.md``).

An unknown id or a parameter the questions refuse answers an HTML error page with the status
and code of :mod:`api.errors`; a malformed query parameter (``limit=many``) is caught by
FastAPI's validation before the route runs and answers the API's JSON error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.errors import ApiError, InvalidParameter, NotFoundError
from api.pages import cached, default_as_of
from graph.store import Store
from queries.catalog import NotFound
from queries.duplication import (
    DEFAULT_MIN_AGENCIES,
    DEFAULT_WINDOW_DAYS,
    InvalidDuplicationParameter,
)
from queries.search import data_version
from viz.network import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MIN_LIMIT,
    Filters,
    View,
    agency_view,
    company_view,
    country_view,
    duplication_view,
)
from viz.render import render_error, render_view

router = APIRouter(prefix="/viz", include_in_schema=False)

Limit = Annotated[
    int, Query(ge=MIN_LIMIT, le=MAX_LIMIT, description="the most nodes the view holds")
]
Theme = Annotated[str | None, Query(max_length=200, description="theme slug")]
Agency = Annotated[str | None, Query(max_length=200, description="agency id")]
WindowDays = Annotated[
    int, Query(ge=0, le=36500, description="how many days apart engagements still compete")
]


def _page(
    view: Callable[..., View], what: str, store: Store, *subject: str, **options: Any
) -> HTMLResponse:
    """The page of ``view(store, *subject, **options)``, or the error page for an unknown id
    (``what`` says which) or a refused parameter."""
    error: ApiError
    key = ("viz", view.__name__, subject, tuple(sorted(options.items())))
    try:
        html = cached(
            store,
            data_version(store),
            key,
            lambda: render_view(view(store, *subject, **options)),
        )
        return HTMLResponse(html)
    except NotFound:
        error = NotFoundError(f"There is no {what} in the graph.")
        title = "Not found"
    except InvalidDuplicationParameter as exc:
        error = InvalidParameter(str(exc))
        title = "Invalid parameter"
    return HTMLResponse(
        render_error(error.status, title, error.message),
        status_code=error.status,
        headers={"X-Error-Code": error.code},
    )


@router.get("/company/{company_id}", response_class=HTMLResponse)
def company_network(
    store: StoreDep,
    company_id: str,
    theme: Theme = None,
    agency: Agency = None,
    limit: Limit = DEFAULT_LIMIT,
    window_days: WindowDays = DEFAULT_WINDOW_DAYS,
    as_of: Annotated[
        dt.date | None,
        Query(
            description="the day exclusion-list matches are for; default: the hub pages' day "
            "(the newest recorded activity, never after today)"
        ),
    ] = None,
) -> HTMLResponse:
    """A company's ego network."""
    return _page(
        company_view,
        f"company “{company_id}”",
        store,
        company_id,
        filters=Filters.build(theme, agency),
        limit=limit,
        window_days=window_days,
        as_of=as_of or default_as_of(store),
    )


@router.get("/agency/{agency_id}", response_class=HTMLResponse)
def agency_network(
    store: StoreDep,
    agency_id: str,
    theme: Theme = None,
    agency: Agency = None,
    limit: Limit = DEFAULT_LIMIT,
    window_days: WindowDays = DEFAULT_WINDOW_DAYS,
) -> HTMLResponse:
    """An agency's partnerships, approaches and overlaps with other agencies."""
    return _page(
        agency_view,
        f"agency “{agency_id}”",
        store,
        agency_id,
        filters=Filters.build(theme, agency),
        limit=limit,
        window_days=window_days,
    )


@router.get("/country/{iso2}", response_class=HTMLResponse)
def country_network(
    store: StoreDep,
    iso2: str,
    theme: Theme = None,
    agency: Agency = None,
    limit: Limit = DEFAULT_LIMIT,
    window_days: WindowDays = DEFAULT_WINDOW_DAYS,
) -> HTMLResponse:
    """Who works with business in a country."""
    return _page(
        country_view,
        f"country “{iso2}”",
        store,
        iso2,
        filters=Filters.build(theme, agency),
        limit=limit,
        window_days=window_days,
    )


@router.get("/duplication", response_class=HTMLResponse)
def duplication_network(
    store: StoreDep,
    theme: Theme = None,
    agency: Agency = None,
    country: Annotated[
        str | None, Query(max_length=200, description="ISO 3166-1 alpha-2 code")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    window_days: WindowDays = DEFAULT_WINDOW_DAYS,
    min_agencies: Annotated[
        int, Query(ge=2, description="agencies a company needs in overlapping pairs")
    ] = DEFAULT_MIN_AGENCIES,
) -> HTMLResponse:
    """Companies that several agencies engage at once, and those agencies."""
    return _page(
        duplication_view,
        "such view",
        store,
        filters=Filters.build(theme, agency),
        limit=limit,
        window_days=window_days,
        min_agencies=min_agencies,
        country=country,
    )
