"""Network views as plain data: which nodes and edges a picture of the graph holds.

Every view is made in the same three steps (``docs/viz.md`` has the pictures' legend):

1. **Draft** the neighbourhood of the focus through the store contract (``related``,
   ``get_nodes``) and the existing questions (duplication, screening), with the filters
   applied to the engagements, so the same code serves the embedded store and Neo4j.
2. **Rank and limit**: keep the ``limit`` most relevant nodes (:func:`rank_nodes`) and stand
   for the others with one "+N more …" node per type, whose ``url`` is the same view with a
   larger limit.
3. **Draw**: colour, shape, hover text and a starting position per node; pyvis collects nodes,
   edges and options into the vis-network data that ``viz/templates/network.html`` embeds.

Approaches and commitments are drawn as edges (agency → company, company → initiative) rather
than as nodes: they are events between two parties, and as nodes they would double a view.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import zip_longest
from typing import Any, Final
from urllib.parse import quote, urlencode

from pyvis.network import Network

from graph import model
from graph.store import Props, Store
from queries.catalog import find_company, get_one
from queries.duplication import (
    DEFAULT_MIN_AGENCIES,
    DEFAULT_WINDOW_DAYS,
    Candidate,
    DuplicationParams,
    find_duplication,
    rank_duplication,
)
from queries.duplication import MAX_LIMIT as MAX_FINDINGS
from queries.screening import screen_company

__all__ = [
    "DEFAULT_LIMIT",
    "EDGE_STYLES",
    "MAX_LIMIT",
    "MIN_LIMIT",
    "NODE_STYLES",
    "Filters",
    "View",
    "agency_view",
    "company_view",
    "country_view",
    "duplication_view",
    "node_key",
    "rank_nodes",
]

DEFAULT_LIMIT: Final = 300
MIN_LIMIT: Final = 10
"""Room for the focus beside one summary node per type (there are nine types)."""
MAX_LIMIT: Final = 2000

MORE: Final = "More"
"""The type of the summary nodes that stand for the nodes a limit left out."""

# Edges drawn from records rather than from one relationship of the model.
APPROACHED: Final = "APPROACHED"  # Agency → Company: the approach records between the two
COMMITTED: Final = "COMMITTED"  # Company → Initiative: the commitment records
LISTED: Final = "LISTED"  # Company → Exclusion: a name match found by the screening
DUPLICATION: Final = "DUPLICATION"  # Agency → Company: in an overlapping pair of engagements
OVERLAP: Final = "OVERLAP"  # Agency — Agency: both engage the same companies at once
EXPAND: Final = "EXPAND"  # focus — summary node

UNDIRECTED: Final = frozenset({OVERLAP, EXPAND, "POSSIBLY_SAME_AS"})


# ==========================================================================================
# The palette: the one place colours and shapes are decided (the legend is drawn from it)
# ==========================================================================================


@dataclass(frozen=True)
class NodeStyle:
    name: str
    plural: str
    color: str
    shape: str
    size: int
    font_color: str = "#1d2733"
    font_size: int = 12


NODE_STYLES: Final[dict[str, NodeStyle]] = {
    model.AGENCY: NodeStyle("Agency", "agencies", "#1f5fa8", "diamond", 22, font_size=20),
    model.COMPANY: NodeStyle("Company", "companies", "#f28e2b", "dot", 13),
    model.PARTNERSHIP: NodeStyle("Partnership", "partnerships", "#59a14f", "square", 10),
    model.INITIATIVE: NodeStyle("Initiative", "initiatives", "#9d6bbf", "star", 18),
    model.LOCAL_NETWORK: NodeStyle("Local network", "local networks", "#2fa3a3", "triangle", 13),
    model.COUNTRY: NodeStyle("Country", "countries", "#8a8a8a", "hexagon", 14, font_size=14),
    model.NEED: NodeStyle("Need", "needs", "#d4a017", "triangleDown", 13),
    model.SCREENING: NodeStyle("Screening", "screenings", "#8c6d50", "box", 10, "#ffffff"),
    model.EXCLUSION: NodeStyle(
        "Exclusion-list entry", "exclusion-list entries", "#8b1e3f", "database", 12, "#ffffff"
    ),
    MORE: NodeStyle("More (click to show)", "", "#e4e7eb", "ellipse", 12, font_size=18),
}

TYPE_ORDER: Final[dict[str, int]] = {t: i for i, t in enumerate(NODE_STYLES)}


@dataclass(frozen=True)
class EdgeStyle:
    name: str
    color: str
    width: float
    dashes: tuple[int, ...] | None = None
    arrows: bool = True
    curve: str | None = None  # a static curve, so the edge stays visible beside a straight one

    def vis(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "color": {"color": self.color, "highlight": self.color, "hover": self.color},
            "width": self.width,
            "dashes": list(self.dashes) if self.dashes else False,
            "arrows": {"to": {"enabled": self.arrows, "scaleFactor": 0.5}},
        }
        if self.curve:
            options["smooth"] = {"enabled": True, "type": self.curve, "roundness": 0.2}
        return options


RELATIONSHIP_STYLE: Final = EdgeStyle("Relationship (hover for the record)", "#9aa5b1", 1)
EDGE_STYLES: Final[dict[str, EdgeStyle]] = {
    DUPLICATION: EdgeStyle(
        "Duplication: agencies engaging the company at once",
        color="#d62728",
        width=3,
        dashes=(10, 6),
        curve="curvedCW",
    ),
    OVERLAP: EdgeStyle(
        "Overlap: two agencies courting the same companies (thicker: more companies)",
        color="#d62728",
        width=2,
        dashes=(4, 4),
        arrows=False,
        curve="curvedCCW",
    ),
    "POSSIBLY_SAME_AS": EdgeStyle(
        "Possibly the same company", color="#6b6b6b", width=2, dashes=(2, 4), arrows=False
    ),
    EXPAND: EdgeStyle(
        "Left out (click the node to show)", color="#c5cbd3", width=1, dashes=(1, 4), arrows=False
    ),
}

# vis-network options. Physics settles fast: nodes start on rings around the focus (see
# _positions); forceAtlas2Based, which in headless Chromium settled sooner than barnesHut and
# spread a 300-node view more evenly, runs at most 100 stabilization iterations (fewer left the
# picture no worse, since it starts from the rings); the page switches physics off once
# stabilization is done.
OPTIONS: Final[dict[str, Any]] = {
    "autoResize": True,
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -90,
            "centralGravity": 0.008,
            "springLength": 120,
            "springConstant": 0.06,
            "damping": 0.45,
            "avoidOverlap": 0.2,
        },
        "maxVelocity": 50,
        "minVelocity": 2,
        "timestep": 0.5,
        "stabilization": {"enabled": True, "iterations": 100, "updateInterval": 50, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": False},
    "nodes": {"font": {"face": "sans-serif"}, "borderWidth": 1},
    "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 1},
}
LARGE_VIEW: Final = 600
"""Above this many nodes, edges are hidden while the picture is dragged."""


# ==========================================================================================
# Filters
# ==========================================================================================


@dataclass(frozen=True)
class Filters:
    """``theme`` (a slug) and ``agency`` (an id); ``None`` when unset.

    A filter keeps the engagements — partnerships, approaches, needs, commitments (by their
    initiative's themes) and screenings (by agency only) — that match it, and the entities
    reached through them; the focus's own facts stay. Duplication edges follow
    ``/api/duplication`` with the same ``theme`` and ``agency``.
    """

    theme: str | None = None
    agency: str | None = None

    @classmethod
    def build(cls, theme: str | None = None, agency: str | None = None) -> Filters:
        """Blank values are unset; themes are lower case.

        >>> Filters.build(" Water ", "")
        Filters(theme='water', agency=None)
        """
        theme = (theme or "").strip().lower() or None
        agency = (agency or "").strip() or None
        return cls(theme, agency)

    @property
    def active(self) -> bool:
        return self.theme is not None or self.agency is not None

    def keeps(self, record: Props, *, themed: bool = True) -> bool:
        """Whether an engagement record passes (``themed=False``: it has no themes to test)."""
        if themed and self.theme is not None and self.theme not in (record.get("themes") or ()):
            return False
        return self.agency is None or self.agency in _agencies_of(record)


def _agencies_of(record: Props) -> list[str]:
    if record.get("agencies"):
        return list(record["agencies"])
    return [record["agency"]] if record.get("agency") else []


# ==========================================================================================
# The view
# ==========================================================================================


@dataclass(frozen=True)
class View:
    """A network view ready to render: vis-network ``nodes`` and ``edges`` (dicts), the number
    of nodes ``hidden`` per type by the limit, and what the page needs around the picture."""

    kind: str  # "company", "agency", "country" or "duplication"
    title: str
    subtitle: str
    path: str
    params: dict[str, str]  # the query parameters besides theme and agency (for links, forms)
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    hidden: dict[str, int]
    total: int  # nodes the view would hold without a limit
    limit: int
    focus: str | None
    page_url: str | None
    filters: Filters
    theme_options: list[tuple[str, str]]
    agency_options: list[tuple[str, str]]
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {"nodes": len(self.nodes), "edges": len(self.edges)}

    @property
    def data(self) -> dict[str, Any]:
        """What the page embeds as ``#view-data``."""
        return {"nodes": self.nodes, "edges": self.edges}

    def url(self, **changes: str | int | None) -> str:
        """This view's URL with some parameters changed (``None`` removes one)."""
        return _url(self.path, self.params, self.filters, **changes)


def _url(path: str, params: Mapping[str, str], filters: Filters, **changes: Any) -> str:
    query = {"theme": filters.theme, "agency": filters.agency, **params, **changes}
    pairs = [(k, str(v)) for k, v in query.items() if v is not None and v != ""]
    return path + ("?" + urlencode(pairs) if pairs else "")


def node_key(label: str, node_id: str) -> str:
    """A node's id in a view: its type and its id, so ids of different types never meet.

    >>> node_key("Company", "C000001")
    'Company:C000001'
    """
    return f"{label}:{node_id}"


def _page(kind: str, node_id: str) -> str:
    return f"/{kind}/{quote(node_id, safe='')}"


# ==========================================================================================
# Drafting: nodes and edges with their hover text
# ==========================================================================================


@dataclass
class _Node:
    """A record in a draft; how it looks is worked out only if it is drawn (:func:`_describe`)."""

    key: str
    type: str
    props: Props
    date: str = ""  # for ranking by recency


Line = str | Callable[[], str]
"""A line of hover text, or a function giving it (run only for the edges drawn: a large
graph's draft holds thousands of edges, of which a view draws a few hundred)."""


@dataclass
class _Edge:
    start: str
    end: str
    type: str
    lines: list[Line]
    date: str = ""
    weight: int = 1


@dataclass(frozen=True)
class _Look:
    label: str
    lines: list[str]
    url: str | None


def _text(lines: Iterable[Line]) -> str:
    """Hover text: the lines worked out, each once, in order."""
    done = (line() if callable(line) else line for line in lines)
    return "\n".join(dict.fromkeys(line for line in done if line))


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _join(values: Iterable[Any] | None, most: int = 8) -> str:
    items = [str(v) for v in values or ()]
    if len(items) > most:
        return ", ".join(items[:most]) + f" and {len(items) - most} more"
    return ", ".join(items)


def _money(value: Any) -> str | None:
    return f"USD {value:,.0f}" if isinstance(value, int | float) else None


def _facts(*parts: tuple[str, Any]) -> str:
    """``"a: 1 · b: 2"`` from the parts whose value is set."""
    return " · ".join(f"{name}: {value}" for name, value in parts if value not in (None, "", []))


def _span(first: str | None, last: str | None) -> str:
    if first and last:
        return f"{first} – {last}"
    if first:
        return f"from {first}"
    return f"until {last}" if last else "undated"


def _source(props: Props) -> str:
    return f"Source: {props.get('source') or 'unknown'}"


def _node_date(label: str, p: Props) -> str:
    """The date a record ranks by (edges add theirs): when it started, happened or is due."""
    if label == model.PARTNERSHIP:
        return str(p.get("start") or p.get("end") or "")
    if label == model.SCREENING:
        return str(p.get("date") or "")
    if label == model.NEED:
        return str(p.get("deadline") or "")
    return ""


def _describe(label: str, p: Props) -> _Look:
    """How a record is drawn: label, hover lines (plain text, ending with the source), and
    the nearest hub page."""
    name = p.get("name") or p.get("title") or p["id"]
    if label == model.COMPANY:
        lines = [
            name,
            f"Company {p['id']}",
            _facts(
                ("headquarters", p.get("country")),
                ("sector", p.get("sector")),
                ("size", p.get("size")),
            ),
            _facts(("Global Compact", p.get("gc_status")), ("joined", p.get("gc_joined"))),
            _facts(("operates in", _join(p.get("countries")))),
        ]
        return _Look(_short(name), lines, _page("companies", p["id"]))
    if label == model.AGENCY:
        lines = [
            name,
            f"Agency {p['id']}" + (f" ({p['type']})" if p.get("type") else ""),
            _facts(("themes", _join(p.get("themes")))),
            f"Present in {len(p.get('countries') or [])} countries",
        ]
        return _Look(p["id"], lines, _page("agencies", p["id"]))
    if label == model.PARTNERSHIP:
        agencies = list(p.get("agencies") or [])
        lines = [
            name,
            _facts(("Partnership", p["id"]), ("status", p.get("status")), ("type", p.get("type"))),
            _span(p.get("start"), p.get("end")),
            _facts(("agencies", _join(agencies)), ("companies", _join(p.get("companies")))),
            _facts(("themes", _join(p.get("themes"))), ("countries", _join(p.get("countries")))),
            _facts(("initiative", p.get("initiative")), ("value", _money(p.get("value_usd")))),
        ]
        url = _page("agencies", agencies[0]) if agencies else None
        return _Look(_short(name), lines, url)
    if label == model.INITIATIVE:
        lines = [
            name,
            f"Initiative {p['id']}" + (f" ({p['kind']})" if p.get("kind") else ""),
            _facts(("conveners", _join(p.get("conveners")))),
            _facts(("themes", _join(p.get("themes")))),
        ]
        return _Look(_short(name, 24), lines, None)
    if label == model.LOCAL_NETWORK:
        lines = [
            name,
            _facts(
                ("Local network", p["id"]), ("status", p.get("status")), ("region", p.get("region"))
            ),
            _facts(("established", p.get("established")), ("participants", p.get("participants"))),
        ]
        url = _page("countries", p["country"]) if p.get("country") else None
        return _Look(_short(name), lines, url)
    if label == model.COUNTRY:
        return _Look(name, [name, f"Country {p['id']}"], _page("countries", p["id"]))
    if label == model.NEED:
        lines = [
            name,
            _facts(("Need", p["id"]), ("status", p.get("status")), ("deadline", p.get("deadline"))),
            _facts(("agency", p.get("agency")), ("budget", _money(p.get("budget_usd")))),
            _facts(("themes", _join(p.get("themes"))), ("countries", _join(p.get("countries")))),
            _facts(("resources", _join(p.get("resources")))),
        ]
        return _Look(_short(name), lines, _page("needs", p["id"]))
    if label == model.SCREENING:
        outcome = p.get("outcome") or "screening"
        lines = [
            f"Screening {p['id']}: {outcome}",
            _facts(
                ("date", p.get("date")),
                ("agency", p.get("agency")),
                ("provider", p.get("provider")),
            ),
            _facts(("flags", _join(p.get("flags")))),
            _facts(("notes", p.get("notes"))),
        ]
        url = _page("companies", p["company"]) if p.get("company") else None
        return _Look(f"{outcome} {p.get('date', '')}".strip(), lines, url)
    if label == model.EXCLUSION:
        lines = [
            name,
            f"Exclusion-list entry {p['id']}" + (f" ({p['list']})" if p.get("list") else ""),
            _facts(("reason", p.get("reason"))),
            _facts(("in force", _span(p.get("from"), p.get("to")))),
            _facts(("countries", _join(p.get("countries")))),
        ]
        return _Look(_short(name, 24), lines, None)
    raise ValueError(f"no drawing for {label!r}")


class _Draft:
    """The nodes and edges of a view before ranking, with the filter options seen on the way."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
        self.themes: set[str] = set()
        self.agencies: set[str] = set()

    def add(self, label: str, props: Props) -> str:
        key = node_key(label, props["id"])
        if key not in self.nodes:
            self.nodes[key] = _Node(key, label, props, _node_date(label, props))
        return key

    def has(self, label: str, node_id: str | None) -> bool:
        return node_id is not None and node_key(label, node_id) in self.nodes

    def link(
        self, start: str, end: str, rel_type: str, lines: Iterable[Line] = (), date: str = ""
    ) -> _Edge:
        """Add an edge, or merge the lines into the one already there between the two."""
        if rel_type in UNDIRECTED and end < start:
            start, end = end, start
        edge = self.edges.get((start, end, rel_type))
        if edge is None:
            edge = self.edges[(start, end, rel_type)] = _Edge(
                start, end, rel_type, list(lines), date
            )
            return edge
        edge.lines.extend(lines)
        edge.date = max(edge.date, date)
        edge.weight += 1
        return edge

    def seen(self, record: Props) -> None:
        """Remember a record's themes and agencies as filter options."""
        self.themes.update(record.get("themes") or ())
        self.agencies.update(_agencies_of(record))


def _rel_lines(rel_type: str, start: str, end: str, props: Props) -> list[str]:
    return [f"{start} {rel_type} {end}", _source(props)]


def _approach_line(a: Props) -> str:
    detail = _facts(
        ("ask", a.get("ask")),
        ("amount", _money(a.get("amount_usd"))),
        ("status", a.get("status")),
        ("themes", _join(a.get("themes"))),
        ("countries", _join(a.get("countries"))),
    )
    return f"Approach {a['id']} on {a.get('date', '?')}: {detail} ({a.get('source', '')})"


def _add_approach(draft: _Draft, a: Props, agency: Props, company: Props) -> None:
    agency_key = draft.add(model.AGENCY, agency)
    company_key = draft.add(model.COMPANY, company)
    header = f"{agency['id']} approached {company.get('name') or company['id']}"
    draft.link(
        agency_key, company_key, APPROACHED, [header, partial(_approach_line, a)], a.get("date", "")
    )


def _add_partnership(
    draft: _Draft, p: Props, agencies: Mapping[str, Props], companies: Mapping[str, Props]
) -> str:
    """The partnership with its lead agencies and its companies (those known)."""
    key = draft.add(model.PARTNERSHIP, p)
    date = p.get("start") or p.get("end") or ""
    for agency_id in p.get("agencies") or ():
        if agency_id in agencies:
            a_key = draft.add(model.AGENCY, agencies[agency_id])
            draft.link(a_key, key, "LEADS", _rel_lines("LEADS", agency_id, p["id"], p), date)
    for company_id in p.get("companies") or ():
        if company_id in companies:
            c_key = draft.add(model.COMPANY, companies[company_id])
            draft.link(
                c_key, key, "PARTNERS_IN", _rel_lines("PARTNERS_IN", company_id, p["id"], p), date
            )
    return key


def _engagement_line(e: Mapping[str, Any]) -> str:
    if e["kind"] == "approach":
        when = e.get("date") or "undated"
    else:
        when = _span(e.get("start"), e.get("end"))
    what = _facts(
        ("ask", e.get("ask")),
        ("type", e.get("type")),
        ("themes", _join(e.get("themes"))),
        ("countries", _join(e.get("countries"))),
    )
    return f"{e['agency']}: {e['kind']} {e['id']}, {when}; {what} ({e.get('source', '')})"


def _finding_header(item: Mapping[str, Any], name: str, window_days: int) -> str:
    lines = [
        f"Duplication (score {item['score']}): {_join(item['agencies'])} engage {name} "
        f"within {window_days} days of each other",
        _facts(("reasons", _join(item["reasons"]))),
        _facts(
            ("shared themes", _join(item["shared_themes"])),
            ("shared countries", _join(item["shared_countries"])),
        ),
    ]
    return "\n".join(line for line in lines if line)


def _add_findings(
    draft: _Draft,
    store: Store,
    items: Sequence[Mapping[str, Any]],
    window_days: int,
    *,
    overlaps: Callable[[str, str], bool] | None = None,
) -> None:
    """Duplication edges from the answer of :func:`find_duplication`: each agency of an item to
    the company (the agency's overlapping engagements in the hover text), and an overlap edge
    for every pair of those agencies that ``overlaps`` accepts (none without it)."""
    if not items:
        return
    companies = store.get_nodes(model.COMPANY, [i["company"]["id"] for i in items])
    agencies = store.get_nodes(model.AGENCY, {a for i in items for a in i["agencies"]})
    pairs: dict[tuple[str, str], list[str]] = {}
    for item in items:
        cid = item["company"]["id"]
        company = companies.get(cid) or {"id": cid, "name": item["company"].get("name")}
        name = company.get("name") or cid
        c_key = draft.add(model.COMPANY, company)
        header = partial(_finding_header, item, name, window_days)
        latest = max(e.get("date") or e.get("start") or "" for e in item["engagements"])
        for agency_id in item["agencies"]:
            agency = agencies.get(agency_id) or {"id": agency_id}
            a_key = draft.add(model.AGENCY, agency)
            own = [
                partial(_engagement_line, e)
                for e in item["engagements"]
                if e["agency"] == agency_id
            ]
            draft.link(a_key, c_key, DUPLICATION, [header, *own], latest)
        ids = item["agencies"]
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if overlaps is not None and overlaps(first, second):
                    pairs.setdefault((first, second), []).append(f"{name} ({cid})")
    for (first, second), names in pairs.items():
        lines = [
            f"{first} and {second} engage {len(names)} of the same "
            f"{'company' if len(names) == 1 else 'companies'} within {window_days} days:",
            _join(names, most=10),
        ]
        edge = draft.link(
            node_key(model.AGENCY, first), node_key(model.AGENCY, second), OVERLAP, lines
        )
        edge.weight = len(names)


# ==========================================================================================
# Ranking, limit and drawing
# ==========================================================================================


def _distances(
    nodes: Iterable[str], edges: Iterable[_Edge], seeds: Iterable[str]
) -> dict[str, int]:
    """Hops from the nearest seed over edges in either direction (unreached nodes absent)."""
    around: dict[str, list[str]] = {key: [] for key in nodes}
    for e in edges:
        around[e.start].append(e.end)
        around[e.end].append(e.start)
    hops = {seed: 0 for seed in seeds if seed in around}
    queue = deque(hops)
    while queue:
        key = queue.popleft()
        for other in around[key]:
            if other not in hops:
                hops[other] = hops[key] + 1
                queue.append(other)
    return hops


def rank_nodes(
    nodes: Mapping[str, _Node],
    edges: Sequence[_Edge],
    seeds: Sequence[str],
    priority: Mapping[str, float] | None = None,
    hops: Mapping[str, int] | None = None,
) -> list[str]:
    """Node keys, most relevant first.

    The rule: by hops from the seeds (the focus first); among the nodes as many hops away, the
    types take turns in the palette's order, so a limited view shows some of every kind of
    neighbour rather than only the most numerous kind; within a type, by ``priority`` (by
    default: a node on a duplication or overlap edge first), then by degree in the view, then
    by recency (the latest date of the node or of its edges), then by key, so the order is the
    same on every store. ``hops`` may be given when already known.
    """
    if hops is None:
        hops = _distances(nodes, edges, seeds)
    degree: Counter[str] = Counter()
    recent: dict[str, str] = {key: node.date for key, node in nodes.items()}
    flagged: set[str] = set()
    for e in edges:
        for key in (e.start, e.end):
            degree[key] += 1
            recent[key] = max(recent[key], e.date)
            if e.type in (DUPLICATION, OVERLAP):
                flagged.add(key)
    if priority is None:
        priority = {key: 1.0 for key in flagged}
    far = len(nodes) + 1
    rings: dict[int, dict[str, list[str]]] = {}
    for key, node in nodes.items():
        rings.setdefault(hops.get(key, far), {}).setdefault(node.type, []).append(key)

    def within(key: str) -> tuple[Any, ...]:
        return (-priority.get(key, 0.0), -degree[key], _descending(recent[key]), key)

    ranked: list[str] = []
    for ring in sorted(rings):
        by_type = rings[ring]
        queues = [
            sorted(by_type[t], key=within) for t in sorted(by_type, key=TYPE_ORDER.__getitem__)
        ]
        for turn in zip_longest(*queues):
            ranked.extend(key for key in turn if key is not None)
    return ranked


def _descending(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first (and undated last)."""
    return (0, *(-ord(ch) for ch in date)) if date else (1,)


def _limit(
    ranked: Sequence[str], types: Mapping[str, str], limit: int
) -> tuple[list[str], dict[str, int]]:
    """The first nodes of ``ranked`` that fit in ``limit`` beside one summary node per type
    left out, and how many of each type are left out."""
    if len(ranked) <= limit:
        return list(ranked), {}
    room = limit
    while True:
        hidden = Counter(types[key] for key in ranked[room:])
        if room + len(hidden) <= limit:
            break
        room = max(1, limit - len(hidden))
    order = sorted(hidden, key=TYPE_ORDER.__getitem__)
    return list(ranked[:room]), {t: hidden[t] for t in order}


def _positions(
    kept: Sequence[str], hops: Mapping[str, int], types: Mapping[str, str]
) -> dict[str, tuple[float, float]]:
    """Starting positions on rings around the focus, one ring per hop, a type's nodes side by
    side: physics then only has to tidy up, which is what makes it settle quickly."""
    rings: dict[int, list[str]] = {}
    rank = {key: i for i, key in enumerate(kept)}
    far = max(hops.values(), default=0) + 1
    for key in kept:
        rings.setdefault(hops.get(key, far), []).append(key)
    positions: dict[str, tuple[float, float]] = {}
    radius = 0.0
    for ring in sorted(rings):
        members = sorted(rings[ring], key=lambda k: (TYPE_ORDER[types[k]], rank[k]))
        if ring == 0 and len(members) == 1:
            positions[members[0]] = (0.0, 0.0)
            continue
        radius = max(radius + 220.0, len(members) * 45.0 / (2 * math.pi))
        for i, key in enumerate(members):
            angle = 2 * math.pi * i / len(members)
            positions[key] = (
                round(radius * math.cos(angle), 1),
                round(radius * math.sin(angle), 1),
            )
    return positions


@dataclass(frozen=True)
class _Frame:
    """What a view is besides its draft: where it lives and how it was asked for."""

    kind: str
    title: str
    subtitle: str
    path: str
    params: dict[str, str]
    filters: Filters
    limit: int
    focus: str | None
    page_url: str | None


def _finish(
    draft: _Draft,
    frame: _Frame,
    store: Store,
    seeds: Sequence[str],
    priority: Mapping[str, float] | None = None,
) -> View:
    """Rank, limit and draw a draft."""
    edges = list(draft.edges.values())
    hops = _distances(draft.nodes, edges, seeds)
    if frame.focus is not None:  # what a filter cut off from the focus goes
        nodes = {k: n for k, n in draft.nodes.items() if k in hops}
        edges = [e for e in edges if e.start in nodes and e.end in nodes]
    else:
        nodes = dict(draft.nodes)
    ranked = rank_nodes(nodes, edges, seeds, priority, hops)
    types = {key: node.type for key, node in nodes.items()}
    kept, hidden = _limit(ranked, types, frame.limit)
    keep = set(kept)

    net = Network(directed=True)
    positions = _positions(kept, hops, types)
    for key in kept:
        node = nodes[key]
        look = _describe(node.type, node.props)
        lines = [line for line in look.lines if line] + [_source(node.props)]
        look = _Look(look.label, lines, look.url)
        _add_vis_node(net, key, node.type, look, positions[key], focus=key == frame.focus)
    drawn = [e for e in edges if e.start in keep and e.end in keep]
    drawn.sort(key=lambda e: (e.start, e.end, e.type))
    for number, e in enumerate(drawn, start=1):
        _add_vis_edge(net, f"e{number}", e)

    total = len(nodes)
    if hidden:
        bigger = min(MAX_LIMIT, total)  # room for every node: no summary left
        far_ring = max((hops.get(key, 0) for key in kept), default=0) + 1
        for i, (type_, count) in enumerate(hidden.items()):
            style = NODE_STYLES[type_]
            expandable = frame.limit < MAX_LIMIT
            url = (
                _url(frame.path, frame.params, frame.filters, limit=bigger) if expandable else None
            )
            lines = [
                f"{count} more {style.plural if count > 1 else style.name.lower()} left out of "
                f"this view (limit {frame.limit}).",
                f"Click to show up to {bigger} nodes."
                if expandable
                else "This is the largest view: narrow it with the filters.",
            ]
            what = style.plural if count > 1 else style.name.lower()
            more_key = f"{MORE}:{type_}"
            more = _Look(f"+{count} more {what}", lines, url)
            angle = 2 * math.pi * i / len(hidden)
            radius = 220.0 * far_ring + 200.0
            position = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
            _add_vis_node(net, more_key, MORE, more, position, focus=False)
            if frame.focus is not None:
                link = _Edge(frame.focus, more_key, EXPAND, [lines[0]])
                _add_vis_edge(net, f"e{len(drawn) + i + 1}", link)

    options = json.loads(json.dumps(OPTIONS))
    if len(net.nodes) > LARGE_VIEW:
        options["interaction"]["hideEdgesOnDrag"] = True
    net.set_options(json.dumps(options))
    vis_nodes, vis_edges, _heading, _height, _width, options_json = net.get_network_data()
    theme_names = {
        t["id"]: t.get("name") or t["id"]
        for t in store.get_nodes(model.THEME, draft.themes).values()
    }
    themes = set(draft.themes) | ({frame.filters.theme} if frame.filters.theme else set())
    agencies = set(draft.agencies) | ({frame.filters.agency} if frame.filters.agency else set())
    if frame.kind == "agency" and frame.focus is not None:
        agencies.discard(frame.focus.split(":", 1)[1])
    return View(
        kind=frame.kind,
        title=frame.title,
        subtitle=frame.subtitle,
        path=frame.path,
        params=frame.params,
        nodes=vis_nodes,
        edges=vis_edges,
        hidden=hidden,
        total=total,
        limit=frame.limit,
        focus=frame.focus,
        page_url=frame.page_url,
        filters=frame.filters,
        theme_options=[(t, theme_names.get(t, t)) for t in sorted(themes)],
        agency_options=[(a, a) for a in sorted(agencies)],
        options=json.loads(options_json),
    )


def _add_vis_node(
    net: Network, key: str, type_: str, look: _Look, position: tuple[float, float], *, focus: bool
) -> None:
    style = NODE_STYLES[type_]
    options: dict[str, Any] = {
        "type": type_,
        "title": "\n".join(look.lines),
        "url": look.url,
        "size": round(style.size * (1.8 if focus else 1)),
        "x": position[0],
        "y": position[1],
        "font": {"color": style.font_color, "size": style.font_size},
    }
    if focus:
        options.update(borderWidth=4, font={"color": style.font_color, "size": 22})
    if type_ == MORE:
        options["shapeProperties"] = {"borderDashes": [4, 4]}
    net.add_node(key, label=look.label, shape=style.shape, color=style.color, **options)


def _add_vis_edge(net: Network, edge_id: str, e: _Edge) -> None:
    style = EDGE_STYLES.get(e.type, RELATIONSHIP_STYLE)
    options = style.vis()
    if e.type == OVERLAP:
        options["width"] = style.width + min(e.weight - 1, 6)
    net.add_edge(e.start, e.end, id=edge_id, type=e.type, title=_text(e.lines), **options)


# ==========================================================================================
# The views
# ==========================================================================================


def _params(limit: int, **others: Any) -> dict[str, str]:
    """The non-default query parameters besides the filters, as strings."""
    params = {"limit": str(limit)} if limit != DEFAULT_LIMIT else {}
    for name, (value, default) in others.items():
        if value is not None and value != default:
            params[name] = str(value)
    return params


def _check_limit(limit: int) -> int:
    if not MIN_LIMIT <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between {MIN_LIMIT} and {MAX_LIMIT}")
    return limit


def _records(related: Iterable[Any]) -> list[Props]:
    return [r.node for r in related]


def _link_initiative(draft: _Draft, p_key: str, p: Props, initiatives: Mapping[str, Props]) -> None:
    initiative = initiatives.get(p.get("initiative") or "")
    if initiative is not None:
        i_key = draft.add(model.INITIATIVE, initiative)
        draft.link(p_key, i_key, "PART_OF", _rel_lines("PART_OF", p["id"], initiative["id"], p))


def _link_countries(
    draft: _Draft, label: str, record: Props, countries: Mapping[str, Props]
) -> None:
    """``IN_COUNTRY`` edges from a drawn record to the countries it names (those known)."""
    key = node_key(label, record["id"])
    for iso in record.get("countries") or ():
        if iso in countries:
            c_key = draft.add(model.COUNTRY, countries[iso])
            draft.link(
                key, c_key, "IN_COUNTRY", _rel_lines("IN_COUNTRY", record["id"], iso, record)
            )


def _commitment_record(c: Props, initiatives: Mapping[str, Props]) -> Props:
    """A commitment as the filters see it: through its initiative's themes and conveners."""
    initiative = initiatives.get(c.get("initiative") or "", {})
    return {"themes": initiative.get("themes") or [], "agencies": initiative.get("conveners") or []}


def _initiatives_of(store: Store, records: Iterable[Props]) -> dict[str, Props]:
    """The initiatives the records (partnerships, commitments) name, by id."""
    return store.get_nodes(
        model.INITIATIVE, {r["initiative"] for r in records if r.get("initiative")}
    )


def _companies_of(
    store: Store, partnerships: Iterable[Props], approaches: Iterable[Props]
) -> dict[str, Props]:
    """The companies in the partnerships and those approached, by id."""
    return store.get_nodes(
        model.COMPANY,
        {c for p in partnerships for c in p.get("companies") or ()}
        | {a["company"] for a in approaches if a.get("company")},
    )


def _focus_frame(
    kind: str,
    hub_pages: str,
    node_id: str,
    focus: str,
    title: str,
    params: dict[str, str],
    filters: Filters,
    limit: int,
) -> _Frame:
    """The frame of a view around one node: at ``/viz/<kind>/<id>``, linked to its hub page
    (``/<hub_pages>/<id>``)."""
    return _Frame(
        kind=kind,
        title=title,
        subtitle=f"{kind.capitalize()} {node_id}",
        path=f"/viz/{kind}/{quote(node_id, safe='')}",
        params=params,
        filters=filters,
        limit=limit,
        focus=focus,
        page_url=_page(hub_pages, node_id),
    )


def company_view(
    store: Store,
    company_id: str,
    *,
    filters: Filters | None = None,
    limit: int = DEFAULT_LIMIT,
    window_days: int = DEFAULT_WINDOW_DAYS,
    as_of: dt.date | None = None,
) -> View:
    """A company's ego network: the agencies engaging it (partnerships, approaches,
    screenings), its partnerships with their initiatives, co-partners and countries, its
    commitments, local networks, countries, screenings and exclusion-list matches, the
    companies it may be the same as, and the duplication among the agencies engaging it.

    Raises ``queries.catalog.NotFound`` for an unknown id (a merged source id is accepted),
    ``InvalidDuplicationParameter`` for a bad ``window_days`` and ``ValueError`` for a
    ``limit`` out of range.
    """
    filters = filters or Filters()
    _check_limit(limit)
    params = DuplicationParams.build(
        window_days=window_days, theme=filters.theme, agency=filters.agency
    )
    company = find_company(store, company_id)
    cid = company["id"]
    draft = _Draft()
    focus = draft.add(model.COMPANY, company)

    def around(rel_type: str, direction: str, label: str) -> list[Props]:
        return _records(store.related(model.COMPANY, cid, rel_type, direction, label))

    all_partnerships = around("PARTNERS_IN", "out", model.PARTNERSHIP)
    all_approaches = around("TARGETS", "in", model.APPROACH)
    all_screenings = around("SCREENS", "in", model.SCREENING)
    all_commitments = around("MADE", "out", model.COMMITMENT)
    initiatives = _initiatives_of(store, (*all_partnerships, *all_commitments))
    for record in (*all_partnerships, *all_approaches, *all_screenings):
        draft.seen(record)
    for c in all_commitments:
        draft.seen(_commitment_record(c, initiatives))

    partnerships = [p for p in all_partnerships if filters.keeps(p)]
    approaches = [a for a in all_approaches if filters.keeps(a)]
    screenings = [s for s in all_screenings if filters.keeps(s, themed=False)]
    commitments = [c for c in all_commitments if filters.keeps(_commitment_record(c, initiatives))]
    agencies = store.get_nodes(
        model.AGENCY,
        {a for record in (*partnerships, *approaches, *screenings) for a in _agencies_of(record)},
    )
    partners = store.get_nodes(
        model.COMPANY, {c for p in partnerships for c in p.get("companies") or ()} - {cid}
    )
    partners[cid] = company

    for p in partnerships:
        p_key = _add_partnership(draft, p, agencies, partners)
        _link_initiative(draft, p_key, p, initiatives)
    for a in approaches:
        if a.get("agency") in agencies:
            _add_approach(draft, a, agencies[a["agency"]], company)
    for s in screenings:
        s_key = draft.add(model.SCREENING, s)
        draft.link(
            s_key, focus, "SCREENS", _rel_lines("SCREENS", s["id"], cid, s), s.get("date", "")
        )
        if s.get("agency") in agencies:
            a_key = draft.add(model.AGENCY, agencies[s["agency"]])
            draft.link(a_key, s_key, "CONDUCTED", _rel_lines("CONDUCTED", s["agency"], s["id"], s))
    for c in commitments:
        initiative = initiatives.get(c.get("initiative") or "")
        if initiative is not None:
            i_key = draft.add(model.INITIATIVE, initiative)
            line = _facts((f"Commitment {c['id']}", c.get("description")), ("year", c.get("year")))
            draft.link(focus, i_key, COMMITTED, [line, _source(c)], str(c.get("year", "")))

    # The company's own facts, which the filters leave alone.
    for rel_type in ("HEADQUARTERED_IN", "OPERATES_IN"):
        for r in store.related(model.COMPANY, cid, rel_type, "out", model.COUNTRY):
            c_key = draft.add(model.COUNTRY, r.node)
            draft.link(focus, c_key, rel_type, _rel_lines(rel_type, cid, r.node["id"], r.rel_props))
    networks = store.related(model.COMPANY, cid, "MEMBER_OF", "out", model.LOCAL_NETWORK)
    for r in networks:
        n_key = draft.add(model.LOCAL_NETWORK, r.node)
        lines = _rel_lines("MEMBER_OF", cid, r.node["id"], r.rel_props)
        if r.rel_props.get("since"):
            lines.insert(1, f"member since {r.rel_props['since']}")
        draft.link(focus, n_key, "MEMBER_OF", lines, str(r.rel_props.get("since", "")))
    for direction in ("out", "in"):
        for r in store.related(model.COMPANY, cid, "POSSIBLY_SAME_AS", direction, model.COMPANY):
            o_key = draft.add(model.COMPANY, r.node)
            detail = _facts(
                ("score", r.rel_props.get("score")), ("reason", r.rel_props.get("reason"))
            )
            lines = [
                f"{cid} may be the same company as {r.node['id']}",
                detail,
                _source(r.rel_props),
            ]
            draft.link(focus, o_key, "POSSIBLY_SAME_AS", lines)
    countries = store.get_nodes(
        model.COUNTRY,
        {c for p in partnerships for c in p.get("countries") or ()}
        | {r.node["country"] for r in networks if r.node.get("country")},
    )
    for p in partnerships:
        _link_countries(draft, model.PARTNERSHIP, p, countries)
    for r in networks:
        if r.node.get("country") in countries:
            c_key = draft.add(model.COUNTRY, countries[r.node["country"]])
            draft.link(
                node_key(model.LOCAL_NETWORK, r.node["id"]),
                c_key,
                "NETWORK_IN",
                _rel_lines("NETWORK_IN", r.node["id"], r.node["country"], r.node),
            )
    _add_exclusion_matches(draft, store, focus, cid, as_of or dt.date.today())

    # The rules of find_duplication, applied to this company's records as its retrieval
    # would hand them over (the record's own company fields decide, as there).
    candidate = Candidate(
        cid,
        company.get("name"),
        [a for a in all_approaches if a.get("company") == cid],
        [p for p in all_partnerships if cid in (p.get("companies") or ())],
    )
    findings = rank_duplication([candidate], params)["items"]
    _add_findings(draft, store, findings, window_days)

    frame = _focus_frame(
        "company",
        "companies",
        cid,
        focus,
        title=f"{company.get('name') or cid}: who engages it",
        params=_params(
            limit,
            window_days=(window_days, DEFAULT_WINDOW_DAYS),
            as_of=(as_of.isoformat() if as_of else None, None),
        ),
        filters=filters,
        limit=limit,
    )
    return _finish(draft, frame, store, [focus])


def _add_exclusion_matches(
    draft: _Draft, store: Store, focus: str, cid: str, as_of: dt.date
) -> None:
    """The exclusion-list entries the screening question matches the company's names to."""
    verdict = screen_company(store, cid, as_of=as_of)
    for flag in verdict["flags"]:
        if flag["code"] not in ("EXCLUSION_MATCH", "EXCLUSION_POSSIBLE_MATCH"):
            continue
        page = store.find_nodes(model.EXCLUSION, equals={"source": flag["source"]}, limit=1)
        if not page.items:
            continue
        x_key = draft.add(model.EXCLUSION, page.items[0])
        lines = [
            f"{flag['code']} (screening as of {verdict['as_of']})",
            flag["detail"],
            f"Source: {flag['source']}",
        ]
        draft.link(focus, x_key, LISTED, lines)


def agency_view(
    store: Store,
    agency_id: str,
    *,
    filters: Filters | None = None,
    limit: int = DEFAULT_LIMIT,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> View:
    """An agency's network: its partnerships (with co-leads, companies, initiatives and
    countries), the companies it approached, its needs, the initiatives it convenes, and the
    other agencies engaging the same companies at about the same time (the overlaps, from
    :func:`find_duplication` with ``agency``).

    ``filters.agency`` naming another agency narrows the view to where the two meet: the
    partnerships they share and the overlaps with that agency.
    """
    filters = filters or Filters()
    _check_limit(limit)
    agency = get_one(store, model.AGENCY, agency_id)
    aid = agency["id"]
    draft = _Draft()
    focus = draft.add(model.AGENCY, agency)

    def around(rel_type: str, label: str) -> list[Props]:
        return _records(store.related(model.AGENCY, aid, rel_type, "out", label))

    all_partnerships = around("LEADS", model.PARTNERSHIP)
    all_approaches = around("APPROACHED", model.APPROACH)
    all_needs = around("SEEKS", model.NEED)
    for record in (*all_partnerships, *all_approaches, *all_needs):
        draft.seen(record)
    findings = find_duplication(
        store, window_days=window_days, agency=aid, theme=filters.theme, limit=MAX_FINDINGS
    )["items"]
    draft.agencies.update(a for item in findings for a in item["agencies"])

    other = filters.agency if filters.agency != aid else None
    if other is not None:
        findings = [item for item in findings if other in item["agencies"]]
    overlapping = {
        (e["kind"], e["id"]) for item in findings for e in item["engagements"] if e["agency"] == aid
    }
    by_theme = Filters(theme=filters.theme)

    def keeps(record: Props, kind: str) -> bool:
        if not by_theme.keeps(record):
            return False
        return other is None or other in _agencies_of(record) or (kind, record["id"]) in overlapping

    partnerships = [p for p in all_partnerships if keeps(p, "partnership")]
    approaches = [a for a in all_approaches if keeps(a, "approach")]
    needs = [n for n in all_needs if keeps(n, "need")]
    agencies = store.get_nodes(
        model.AGENCY, {a for p in partnerships for a in p.get("agencies") or ()} - {aid}
    )
    agencies[aid] = agency
    companies = _companies_of(store, partnerships, approaches)
    initiatives = _initiatives_of(store, partnerships)
    countries = store.get_nodes(
        model.COUNTRY, {c for r in (*partnerships, *needs) for c in r.get("countries") or ()}
    )

    for p in partnerships:
        p_key = _add_partnership(draft, p, agencies, companies)
        _link_initiative(draft, p_key, p, initiatives)
        _link_countries(draft, model.PARTNERSHIP, p, countries)
    for a in approaches:
        if a.get("company") in companies:
            _add_approach(draft, a, agency, companies[a["company"]])
    for n in needs:
        n_key = draft.add(model.NEED, n)
        draft.link(
            focus, n_key, "SEEKS", _rel_lines("SEEKS", aid, n["id"], n), n.get("deadline", "")
        )
        _link_countries(draft, model.NEED, n, countries)
    for r in store.related(model.AGENCY, aid, "CONVENES", "out", model.INITIATIVE):
        i_key = draft.add(model.INITIATIVE, r.node)
        draft.link(focus, i_key, "CONVENES", _rel_lines("CONVENES", aid, r.node["id"], r.rel_props))
    present = set(agency.get("countries") or ())
    for iso, country in countries.items():
        if iso in present:
            c_key = draft.add(model.COUNTRY, country)
            draft.link(focus, c_key, "PRESENT_IN", _rel_lines("PRESENT_IN", aid, iso, agency))
    # Overlaps of this agency (with the other one only, when the filter names one).
    wanted = {aid, other} if other is not None else None
    _add_findings(
        draft,
        store,
        findings,
        window_days,
        overlaps=lambda a, b: aid in (a, b) and (wanted is None or {a, b} == wanted),
    )

    frame = _focus_frame(
        "agency",
        "agencies",
        aid,
        focus,
        title=f"{agency.get('name') or aid}: partnerships, approaches and overlaps",
        params=_params(limit, window_days=(window_days, DEFAULT_WINDOW_DAYS)),
        filters=filters,
        limit=limit,
    )
    return _finish(draft, frame, store, [focus])


def country_view(
    store: Store,
    iso2: str,
    *,
    filters: Filters | None = None,
    limit: int = DEFAULT_LIMIT,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> View:
    """A country: the agencies present or active there, the partnerships, approaches and
    needs in it with their agencies and companies, its local network and members, the
    companies headquartered there, and the duplication in the country (from
    :func:`find_duplication` with ``country``).

    With a filter on, only what the matching engagements reach is shown, with the local
    network: an agency merely present, or a company merely headquartered there, is left out.
    """
    filters = filters or Filters()
    _check_limit(limit)
    country = get_one(store, model.COUNTRY, iso2.strip().upper())
    iso = country["id"]
    draft = _Draft()
    focus = draft.add(model.COUNTRY, country)

    def around(rel_type: str, label: str) -> list[Props]:
        return _records(store.related(model.COUNTRY, iso, rel_type, "in", label))

    present = around("PRESENT_IN", model.AGENCY)
    all_partnerships = around("IN_COUNTRY", model.PARTNERSHIP)
    all_approaches = around("IN_COUNTRY", model.APPROACH)
    all_needs = around("IN_COUNTRY", model.NEED)
    for record in (*all_partnerships, *all_approaches, *all_needs):
        draft.seen(record)
    draft.agencies.update(a["id"] for a in present)
    partnerships = [p for p in all_partnerships if filters.keeps(p)]
    approaches = [a for a in all_approaches if filters.keeps(a)]
    needs = [n for n in all_needs if filters.keeps(n)]
    findings = find_duplication(
        store,
        window_days=window_days,
        country=iso,
        theme=filters.theme,
        agency=filters.agency,
        limit=MAX_FINDINGS,
    )["items"]

    agencies = {a["id"]: a for a in present}
    wanted = {a for r in (*partnerships, *approaches, *needs) for a in _agencies_of(r)}
    agencies.update(store.get_nodes(model.AGENCY, wanted - set(agencies)))
    companies = _companies_of(store, partnerships, approaches)
    initiatives = _initiatives_of(store, partnerships)

    for p in partnerships:
        p_key = _add_partnership(draft, p, agencies, companies)
        _link_initiative(draft, p_key, p, initiatives)
        draft.link(
            p_key,
            focus,
            "IN_COUNTRY",
            _rel_lines("IN_COUNTRY", p["id"], iso, p),
            p.get("start") or "",
        )
    for a in approaches:
        if a.get("agency") in agencies and a.get("company") in companies:
            _add_approach(draft, a, agencies[a["agency"]], companies[a["company"]])
    for n in needs:
        n_key = draft.add(model.NEED, n)
        draft.link(n_key, focus, "IN_COUNTRY", _rel_lines("IN_COUNTRY", n["id"], iso, n))
        if n.get("agency") in agencies:
            a_key = draft.add(model.AGENCY, agencies[n["agency"]])
            draft.link(a_key, n_key, "SEEKS", _rel_lines("SEEKS", n["agency"], n["id"], n))
    _add_findings(draft, store, findings, window_days, overlaps=lambda a, b: True)

    # The country's own facts; with a filter on, only for what the engagements reached.
    for a in present:
        if not filters.active or draft.has(model.AGENCY, a["id"]):
            a_key = draft.add(model.AGENCY, a)
            draft.link(a_key, focus, "PRESENT_IN", _rel_lines("PRESENT_IN", a["id"], iso, a))
    for c in around("HEADQUARTERED_IN", model.COMPANY):
        if not filters.active or draft.has(model.COMPANY, c["id"]):
            c_key = draft.add(model.COMPANY, c)
            draft.link(
                c_key, focus, "HEADQUARTERED_IN", _rel_lines("HEADQUARTERED_IN", c["id"], iso, c)
            )
    for ln in around("NETWORK_IN", model.LOCAL_NETWORK):
        n_key = draft.add(model.LOCAL_NETWORK, ln)
        draft.link(n_key, focus, "NETWORK_IN", _rel_lines("NETWORK_IN", ln["id"], iso, ln))
        for r in store.related(model.LOCAL_NETWORK, ln["id"], "MEMBER_OF", "in", model.COMPANY):
            if not filters.active or draft.has(model.COMPANY, r.node["id"]):
                c_key = draft.add(model.COMPANY, r.node)
                draft.link(
                    c_key,
                    n_key,
                    "MEMBER_OF",
                    _rel_lines("MEMBER_OF", r.node["id"], ln["id"], r.rel_props),
                    str(r.rel_props.get("since", "")),
                )

    frame = _focus_frame(
        "country",
        "countries",
        iso,
        focus,
        title=f"{country.get('name') or iso}: who works with business here",
        params=_params(limit, window_days=(window_days, DEFAULT_WINDOW_DAYS)),
        filters=filters,
        limit=limit,
    )
    return _finish(draft, frame, store, [focus])


def duplication_view(
    store: Store,
    *,
    filters: Filters | None = None,
    limit: int = DEFAULT_LIMIT,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_agencies: int = DEFAULT_MIN_AGENCIES,
    country: str | None = None,
) -> View:
    """Duplication across the system: the companies of :func:`find_duplication` (at most its
    largest ``limit``, most pressing first) and the agencies engaging each at once, with an
    overlap edge between every two agencies that meet on some company.

    Companies are ranked by their duplication score; agencies come first. Raises
    ``InvalidDuplicationParameter`` for a bad parameter.
    """
    filters = filters or Filters()
    _check_limit(limit)

    def ask(theme: str | None, agency: str | None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = find_duplication(
            store,
            window_days=window_days,
            min_agencies=min_agencies,
            country=country,
            theme=theme,
            agency=agency,
            limit=MAX_FINDINGS,
        )["items"]
        return items

    findings = ask(filters.theme, filters.agency)
    everything = ask(None, None) if filters.active else findings
    draft = _Draft()
    for item in everything:
        draft.agencies.update(item["agencies"])
        for e in item["engagements"]:
            draft.themes.update(e.get("themes") or ())
    _add_findings(draft, store, findings, window_days, overlaps=lambda a, b: True)
    priority = {node_key(model.COMPANY, i["company"]["id"]): float(i["score"]) for i in findings}
    seeds = [key for key, node in draft.nodes.items() if node.type == model.AGENCY]

    where = f" in {country.strip().upper()}" if country and country.strip() else ""
    frame = _Frame(
        kind="duplication",
        title=f"Duplication{where}: companies several agencies engage at once",
        subtitle=f"{len(findings)} companies, engagements within {window_days} days, "
        f"at least {min_agencies} agencies",
        path="/viz/duplication",
        params=_params(
            limit,
            window_days=(window_days, DEFAULT_WINDOW_DAYS),
            min_agencies=(min_agencies, DEFAULT_MIN_AGENCIES),
            country=((country or "").strip().upper() or None, None),
        ),
        filters=filters,
        limit=limit,
        focus=None,
        page_url=None,
    )
    return _finish(draft, frame, store, seeds, priority)
