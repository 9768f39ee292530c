"""The catalogue: lists of each kind of node with their filters, and the company record.

Built only on the store contract's primitives (``find_nodes``, ``related``), so both stores
answer every call identically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph import model
from graph.store import Page, Props, Store


class NotFound(LookupError):
    """No node with that id."""


@dataclass(frozen=True)
class ListSpec:
    """Which query parameters filter a list, and how (``equals`` or list ``contains``)."""

    label: str
    equals: dict[str, str]
    contains: dict[str, str]


LISTS: dict[str, ListSpec] = {
    "companies": ListSpec(
        model.COMPANY,
        {"country": "country", "sector": "sector", "size": "size", "gc_status": "gc_status"},
        {"operates_in": "countries"},
    ),
    "agencies": ListSpec(
        model.AGENCY, {"type": "type"}, {"country": "countries", "theme": "themes"}
    ),
    "initiatives": ListSpec(
        model.INITIATIVE, {"kind": "kind"}, {"theme": "themes", "convener": "conveners"}
    ),
    "networks": ListSpec(
        model.LOCAL_NETWORK, {"country": "country", "region": "region", "status": "status"}, {}
    ),
    "partnerships": ListSpec(
        model.PARTNERSHIP,
        {"status": "status", "type": "type", "initiative": "initiative"},
        {"agency": "agencies", "company": "companies", "country": "countries", "theme": "themes"},
    ),
    "approaches": ListSpec(
        model.APPROACH,
        {"agency": "agency", "company": "company", "status": "status", "ask": "ask"},
        {"country": "countries", "theme": "themes"},
    ),
    "needs": ListSpec(
        model.NEED,
        {"agency": "agency", "status": "status"},
        {"country": "countries", "theme": "themes", "resource": "resources"},
    ),
    "exclusions": ListSpec(model.EXCLUSION, {"list": "list"}, {"country": "countries"}),
}


def list_nodes(
    store: Store,
    kind: str,
    filters: dict[str, Any],
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """One page of a list, filtered by the query parameters of :data:`LISTS`.

    Unset filters (``None`` or ``""``) are ignored; an unknown filter name is a ``KeyError``.
    """
    spec = LISTS[kind]
    equals: dict[str, Any] = {}
    contains: dict[str, Any] = {}
    for name, value in filters.items():
        if value is None or value == "":
            continue
        if name in spec.equals:
            equals[spec.equals[name]] = value
        elif name in spec.contains:
            contains[spec.contains[name]] = value
        else:
            raise KeyError(name)
    return store.find_nodes(
        spec.label, equals=equals, contains=contains, q=q or None, limit=limit, offset=offset
    )


def find_company(store: Store, company_id: str) -> Props:
    """A company by its id, or by any source id that was merged into it."""
    props = store.get_node(model.COMPANY, company_id)
    if props is not None:
        return props
    page = store.find_nodes(model.COMPANY, contains={"ids": company_id}, limit=1)
    if page.items:
        return page.items[0]
    raise NotFound(company_id)


def get_one(store: Store, label: str, node_id: str) -> Props:
    props = store.get_node(label, node_id)
    if props is None:
        raise NotFound(node_id)
    return props


def _brief(props: Props, *keys: str) -> dict[str, Any]:
    return {k: props[k] for k in ("id", *keys) if k in props}


def company_record(store: Store, company_id: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The company with who engages it and how, its screenings and where each fact came from."""
    company = find_company(store, company_id)
    cid = company["id"]
    engagements: dict[str, list[dict[str, Any]]] = {}

    partnerships = store.related(model.COMPANY, cid, "PARTNERS_IN", "out", model.PARTNERSHIP)
    for rel in partnerships:
        p = rel.node
        for agency in p.get("agencies", []):
            engagements.setdefault(agency, []).append(
                {
                    "kind": "partnership",
                    **_brief(p, "title", "status", "start", "end", "themes", "countries", "source"),
                }
            )
    approaches = store.related(model.COMPANY, cid, "TARGETS", "in", model.APPROACH)
    for rel in approaches:
        a = rel.node
        engagements.setdefault(a["agency"], []).append(
            {
                "kind": "approach",
                **_brief(a, "date", "status", "ask", "themes", "countries", "source"),
            }
        )
    screenings = [
        _brief(r.node, "date", "agency", "provider", "outcome", "flags", "notes", "source")
        for r in store.related(model.COMPANY, cid, "SCREENS", "in", model.SCREENING)
    ]
    for s in screenings:
        if "agency" in s:
            engagements.setdefault(s["agency"], []).append({"kind": "screening", **s})
    screenings.sort(key=lambda s: (s.get("date", ""), s["id"]), reverse=True)
    commitments = [
        _brief(r.node, "initiative", "year", "description", "source")
        for r in store.related(model.COMPANY, cid, "MADE", "out", model.COMMITMENT)
    ]
    networks = [
        {**_brief(r.node, "name", "country", "status"), "since": r.rel_props.get("since")}
        for r in store.related(model.COMPANY, cid, "MEMBER_OF", "out", model.LOCAL_NETWORK)
    ]
    review = [
        {
            "id": r.node["id"],
            "name": r.node.get("name"),
            "score": r.rel_props.get("score"),
            "reason": r.rel_props.get("reason"),
        }
        for direction in ("out", "in")
        for r in store.related(model.COMPANY, cid, "POSSIBLY_SAME_AS", direction, model.COMPANY)
    ]
    agency_names = store.get_nodes(model.AGENCY, engagements)
    agencies = [
        {
            "id": agency,
            "name": agency_names.get(agency, {}).get("name"),
            "engagements": sorted(items, key=lambda e: (e["kind"], e["id"])),
        }
        for agency, items in sorted(engagements.items())
    ]
    from queries.screening import screen_company  # screening builds on this module

    verdict = screen_company(store, cid, as_of=as_of or dt.date.today())
    return {
        **company,
        "sources": company.get("sources", []),
        "agencies": agencies,
        "screening": {
            "status": verdict["status"],
            "flags": verdict["flags"],
            "as_of": verdict["as_of"],
            "screenings": screenings,
            "gc_status": company.get("gc_status"),
        },
        "commitments": commitments,
        "networks": networks,
        "possibly_same_as": review,
    }
