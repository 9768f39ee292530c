"""The list endpoints and the company record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from graph import model
from queries import catalog

router = APIRouter(prefix="/api", tags=["catalogue"])

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
Text = Annotated[str | None, Query(max_length=200)]


def _page(
    store: StoreDep, kind: str, filters: dict[str, Any], q: str | None, limit: int, offset: int
) -> dict[str, Any]:
    page = catalog.list_nodes(store, kind, filters, q, limit, offset)
    return {"items": page.items, "total": page.total, "limit": limit, "offset": offset}


@router.get("/companies")
def list_companies(
    store: StoreDep,
    q: Text = None,
    country: Text = None,
    sector: Text = None,
    size: Text = None,
    gc_status: Text = None,
    operates_in: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {
        "country": country,
        "sector": sector,
        "size": size,
        "gc_status": gc_status,
        "operates_in": operates_in,
    }
    return _page(store, "companies", filters, q, limit, offset)


@router.get("/companies/{company_id}")
def get_company(store: StoreDep, company_id: str) -> dict[str, Any]:
    return catalog.company_record(store, company_id)


@router.get("/agencies")
def list_agencies(
    store: StoreDep,
    q: Text = None,
    type: Text = None,
    country: Text = None,
    theme: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {"type": type, "country": country, "theme": theme}
    return _page(store, "agencies", filters, q, limit, offset)


@router.get("/agencies/{agency_id}")
def get_agency(store: StoreDep, agency_id: str) -> dict[str, Any]:
    return catalog.get_one(store, model.AGENCY, agency_id)


@router.get("/initiatives")
def list_initiatives(
    store: StoreDep,
    q: Text = None,
    kind: Text = None,
    theme: Text = None,
    convener: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {"kind": kind, "theme": theme, "convener": convener}
    return _page(store, "initiatives", filters, q, limit, offset)


@router.get("/networks")
def list_networks(
    store: StoreDep,
    q: Text = None,
    country: Text = None,
    region: Text = None,
    status: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {"country": country, "region": region, "status": status}
    return _page(store, "networks", filters, q, limit, offset)


@router.get("/partnerships")
def list_partnerships(
    store: StoreDep,
    q: Text = None,
    agency: Text = None,
    company: Text = None,
    country: Text = None,
    theme: Text = None,
    status: Text = None,
    type: Text = None,
    initiative: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {
        "agency": agency,
        "company": company,
        "country": country,
        "theme": theme,
        "status": status,
        "type": type,
        "initiative": initiative,
    }
    return _page(store, "partnerships", filters, q, limit, offset)


@router.get("/approaches")
def list_approaches(
    store: StoreDep,
    q: Text = None,
    agency: Text = None,
    company: Text = None,
    country: Text = None,
    theme: Text = None,
    status: Text = None,
    ask: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {
        "agency": agency,
        "company": company,
        "country": country,
        "theme": theme,
        "status": status,
        "ask": ask,
    }
    return _page(store, "approaches", filters, q, limit, offset)


@router.get("/needs")
def list_needs(
    store: StoreDep,
    q: Text = None,
    agency: Text = None,
    country: Text = None,
    theme: Text = None,
    resource: Text = None,
    status: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = {
        "agency": agency,
        "country": country,
        "theme": theme,
        "resource": resource,
        "status": status,
    }
    return _page(store, "needs", filters, q, limit, offset)


@router.get("/exclusions")
def list_exclusions(
    store: StoreDep,
    q: Text = None,
    list: Text = None,
    country: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(store, "exclusions", {"list": list, "country": country}, q, limit, offset)
