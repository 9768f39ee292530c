"""Coordination gaps: where UN agencies work past each other, or past business.

Four kinds of gap, each answered from the graph (see ``docs/queries/gaps.md``):

``parallel-efforts``
    Two or more agencies with *active* partnerships on the same theme in the same country,
    some pair of which shares no active partnership on that theme there. One item per
    (country, theme).
``no-local-network``
    A country with active partnerships but no *formal* Global Compact local network.
``integrity``
    An active partnership with a company whose screening status is not ``clear``.
``initiative-disconnect``
    A company committed to an initiative but in no partnership with any of its conveners.

Each store retrieves the facts its own way (Cypher with parameters for Neo4j, Python over
the networkx graph for the embedded store), filtered as far as the store can; the shared,
pure functions below (``build_*``) turn those facts into scored items. The retrievals may
return a superset of what matters (e.g. a cell whose agencies all cooperate): the builders
decide, so both stores give the same JSON.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from itertools import combinations
from typing import Any, Final, LiteralString, Protocol

from graph import model
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Store
from ingest.countries import country_name, to_iso2
from queries.screening import screening_statuses


class GapKind(StrEnum):
    """The kinds of coordination gap, in the order they are listed."""

    PARALLEL_EFFORTS = "parallel-efforts"
    NO_LOCAL_NETWORK = "no-local-network"
    INTEGRITY = "integrity"
    INITIATIVE_DISCONNECT = "initiative-disconnect"


KINDS: Final[tuple[str, ...]] = tuple(k.value for k in GapKind)
EVIDENCE_KEYS: Final[tuple[str, ...]] = (
    "partnerships",
    "agencies",
    "companies",
    "countries",
    "themes",
    "initiatives",
    "networks",
    "commitments",
)
DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000
DEFAULT_EXPIRY_DAYS: Final = 365

# Integrity: every blocked item ranks above every review item.
INTEGRITY_BASE: Final[dict[str, float]] = {"blocked": 10.0, "review": 2.0}
INTEGRITY_PER_CODE: Final = 0.5
INTEGRITY_MAX_CODES: Final = 9
# No local network: an emerging network is half a link; an inactive one (or one whose
# status nobody recorded) is a weaker one.
NETWORK_FACTOR: Final[dict[str, float]] = {
    "none": 1.0,
    "inactive": 0.75,
    "unknown": 0.75,
    "emerging": 0.5,
}
# Which non-formal network a country's item names, best first.
NETWORK_RANK: Final[tuple[str, ...]] = ("emerging", "inactive", "unknown")

ACTIVE: Final = "active"
FORMAL: Final = "formal"


class InvalidGapQuery(ValueError):
    """A parameter of :func:`find_gaps` is out of range or unknown (HTTP 422)."""


@dataclass(frozen=True)
class GapFilters:
    """The normalised filters of one request (``None`` = no filter)."""

    country: str | None = None
    theme: str | None = None
    agency: str | None = None


# -- the facts each store retrieves ------------------------------------------------------------


@dataclass(frozen=True)
class CellPartnership:
    """An active partnership on ``theme`` in ``country`` (one row per cell it falls in)."""

    country: str
    theme: str
    partnership: str
    agencies: tuple[str, ...]
    companies: tuple[str, ...]


@dataclass(frozen=True)
class CountryActivity:
    """A country's active partnerships (after filters) and its non-formal local networks."""

    country: str
    partnerships: tuple[str, ...]
    agencies: tuple[str, ...]
    companies: tuple[str, ...]
    networks: tuple[tuple[str, str], ...]  # (id, status or "")


@dataclass(frozen=True)
class PartnershipCompany:
    """A company in an active partnership (one row per company)."""

    partnership: str
    title: str
    company: str
    company_name: str
    agencies: tuple[str, ...]
    countries: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class CompanyPartnership:
    """One of a company's partnerships, any status, with the agencies that lead it."""

    id: str
    status: str
    agencies: tuple[str, ...]


@dataclass(frozen=True)
class Commitment:
    """A company's commitments to one initiative, with the initiative's conveners and every
    partnership the company is in."""

    company: str
    company_name: str
    initiative: str
    initiative_name: str
    commitments: tuple[str, ...]
    conveners: tuple[str, ...]
    partnerships: tuple[CompanyPartnership, ...]


# -- shared: facts to items --------------------------------------------------------------------


def _round(x: float) -> float:
    return round(x, 4)


def _join(names: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> _join(["FAO"]), _join(["FAO", "WFP"]), _join(["FAO", "UNDP", "WFP"])
    ('FAO', 'FAO and WFP', 'FAO, UNDP and WFP')
    """
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _place(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _evidence(**ids: Iterable[str]) -> dict[str, list[str]]:
    """Every evidence key, each a sorted list of distinct ids."""
    unknown = set(ids) - set(EVIDENCE_KEYS)
    if unknown:
        raise KeyError(f"unknown evidence keys {sorted(unknown)}")
    return {key: sorted(set(ids.get(key, ()))) for key in EVIDENCE_KEYS}


def parallel_score(agencies: int, partnerships: int) -> float:
    """``agencies + log2(partnerships)``: each agency working alone adds one; more parallel
    partnerships add less and less.

    >>> parallel_score(2, 2), parallel_score(3, 8)
    (3.0, 6.0)
    """
    return _round(agencies + math.log2(max(partnerships, 1)))


def network_score(partnerships: int, companies: int, network_status: str) -> float:
    """``factor × (log2(1 + partnerships) + log2(1 + companies))``, where the factor is 1 with
    no network at all, 0.75 with an inactive one (or one of unknown status), 0.5 with an
    emerging one.

    >>> network_score(3, 3, "none"), network_score(3, 3, "emerging")
    (4.0, 2.0)
    """
    raw = math.log2(1 + partnerships) + math.log2(1 + companies)
    return _round(NETWORK_FACTOR[network_status] * raw)


def integrity_score(status: str, codes: int) -> float:
    """``10`` for blocked, ``2`` for review, plus ``0.5`` per code (counted up to 9, so every
    blocked item ranks above every review item). A review is often an expired or missing
    screening: it should not drown the other kinds.

    >>> integrity_score("blocked", 1), integrity_score("review", 2)
    (10.5, 3.0)
    """
    counted = min(codes, INTEGRITY_MAX_CODES)
    return _round(INTEGRITY_BASE[status] + INTEGRITY_PER_CODE * counted)


def disconnect_score(commitments: int, active_partnerships: int) -> float:
    """``log2(1 + commitments) + 0.5 × log2(1 + active partnerships)``: the more the company
    has promised the initiative, and the more it already works with the UN elsewhere, the
    more it matters that none of the conveners partners with it.

    >>> disconnect_score(1, 0), disconnect_score(3, 3)
    (1.0, 3.0)
    """
    return _round(math.log2(1 + commitments) + 0.5 * math.log2(1 + active_partnerships))


def build_parallel_efforts(
    rows: Iterable[CellPartnership], filters: GapFilters
) -> list[dict[str, Any]]:
    """One item per (country, theme) where some pair of active agencies has no joint
    partnership there.

    A partnership led by several agencies makes each pair of them cooperate in that cell.
    The agencies reported are those in at least one pair without a joint partnership; the
    parallel partnerships are the cell's partnerships led by one of them.
    """
    cells: dict[tuple[str, str], dict[str, CellPartnership]] = defaultdict(dict)
    for row in rows:
        if filters.country and row.country != filters.country:
            continue
        if filters.theme and row.theme != filters.theme:
            continue
        cells[(row.country, row.theme)][row.partnership] = row
    items = []
    for (country, theme), partnerships in cells.items():
        agencies = sorted({a for p in partnerships.values() for a in p.agencies})
        joint = {
            pair for p in partnerships.values() for pair in combinations(sorted(set(p.agencies)), 2)
        }
        pairs = [pair for pair in combinations(agencies, 2) if pair not in joint]
        if not pairs:
            continue
        alone = sorted({a for pair in pairs for a in pair})
        if filters.agency and filters.agency not in alone:
            continue
        parallel = sorted(
            (p for p in partnerships.values() if set(p.agencies) & set(alone)),
            key=lambda p: p.partnership,
        )
        by_agency = {
            agency: [p.partnership for p in parallel if agency in p.agencies] for agency in alone
        }
        pair_text = ", ".join(f"{a}–{b}" for a, b in pairs)
        detail = (
            f"{_join(alone)} run {_plural(len(parallel), f'active {theme} partnership')} "
            f"in {_place(country)}; no joint partnership for {pair_text}"
        )
        items.append(
            {
                "id": f"{GapKind.PARALLEL_EFFORTS}:{country}:{theme}",
                "kind": GapKind.PARALLEL_EFFORTS.value,
                "score": parallel_score(len(alone), len(parallel)),
                "detail": detail,
                "country": country,
                "theme": theme,
                "agencies": alone,
                "active_agencies": agencies,
                "pairs": [list(pair) for pair in pairs],
                "partnerships_by_agency": by_agency,
                "evidence": _evidence(
                    partnerships=[p.partnership for p in parallel],
                    agencies=alone,
                    companies=[c for p in parallel for c in p.companies],
                    countries=[country],
                    themes=[theme],
                ),
            }
        )
    return items


def _network_status(networks: Iterable[tuple[str, str]]) -> str:
    statuses = {status or "unknown" for _, status in networks}
    return next((s for s in NETWORK_RANK if s in statuses), "none")


def build_no_local_network(
    rows: Iterable[CountryActivity], filters: GapFilters
) -> list[dict[str, Any]]:
    """One item per country with active partnerships and no formal local network."""
    items = []
    for row in rows:
        if filters.country and row.country != filters.country:
            continue
        if not row.partnerships or any(status == FORMAL for _, status in row.networks):
            continue
        networks = sorted(set(row.networks))
        status = _network_status(networks)
        partnerships = sorted(set(row.partnerships))
        companies = sorted(set(row.companies))
        agencies = sorted(set(row.agencies))
        if status == "none":
            link = "no Global Compact local network"
        else:
            named = [n for n, s in networks if (s or "unknown") == status]
            link = f"no formal local network (only {status}: {_join(named)})"
        detail = (
            f"{_place(row.country)} has {_plural(len(partnerships), 'active partnership')} "
            f"({_join(agencies)}) with {_plural(len(companies), 'company', 'companies')} "
            f"and {link}"
        )
        items.append(
            {
                "id": f"{GapKind.NO_LOCAL_NETWORK}:{row.country}",
                "kind": GapKind.NO_LOCAL_NETWORK.value,
                "score": network_score(len(partnerships), len(companies), status),
                "detail": detail,
                "country": row.country,
                "network_status": status,
                "networks": [{"id": n, "status": s or None} for n, s in networks],
                "partnership_count": len(partnerships),
                "company_count": len(companies),
                "agencies": agencies,
                "evidence": _evidence(
                    partnerships=partnerships,
                    agencies=agencies,
                    companies=companies,
                    countries=[row.country],
                    themes=[filters.theme] if filters.theme else [],
                    networks=[n for n, _ in networks],
                ),
            }
        )
    return items


def build_integrity(
    rows: Iterable[PartnershipCompany],
    statuses: Mapping[str, Mapping[str, Any]],
    filters: GapFilters,
) -> list[dict[str, Any]]:
    """One item per (active partnership, company) whose screening status is not clear.

    A company the screening does not know is left out (the screening decides, not us).
    """
    items = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.partnership, row.company) in seen:
            continue
        seen.add((row.partnership, row.company))
        if filters.country and filters.country not in row.countries:
            continue
        if filters.theme and filters.theme not in row.themes:
            continue
        if filters.agency and filters.agency not in row.agencies:
            continue
        screening = statuses.get(row.company)
        if screening is None or screening["status"] not in INTEGRITY_BASE:
            continue
        status = screening["status"]
        codes = list(screening.get("codes") or [])
        agencies = sorted(set(row.agencies))
        detail = (
            f"Active partnership {row.partnership} “{row.title}” ({_join(agencies)}) is with "
            f"{row.company_name} ({row.company}), whose screening status is {status}: "
            f"{', '.join(codes) or 'no code given'}"
        )
        items.append(
            {
                "id": f"{GapKind.INTEGRITY}:{row.partnership}:{row.company}",
                "kind": GapKind.INTEGRITY.value,
                "score": integrity_score(status, len(codes)),
                "detail": detail,
                "partnership": {"id": row.partnership, "title": row.title},
                "company": {"id": row.company, "name": row.company_name},
                "status": status,
                "codes": codes,
                "agencies": agencies,
                "evidence": _evidence(
                    partnerships=[row.partnership],
                    agencies=agencies,
                    companies=[row.company],
                    countries=row.countries,
                    themes=row.themes,
                ),
            }
        )
    return items


def build_initiative_disconnect(
    rows: Iterable[Commitment], filters: GapFilters
) -> list[dict[str, Any]]:
    """One item per (company, initiative) where the company committed to the initiative but
    none of the initiative's conveners leads any partnership (of any status) with it.

    An initiative without conveners has nobody to be disconnected from and gives no item.
    """
    items = []
    for row in rows:
        conveners = sorted(set(row.conveners))
        if not conveners:
            continue
        if filters.agency and filters.agency not in conveners:
            continue
        partners = sorted({a for p in row.partnerships for a in p.agencies})
        if set(partners) & set(conveners):
            continue
        commitments = sorted(set(row.commitments))
        partnerships = sorted({p.id for p in row.partnerships})
        active = sorted({p.id for p in row.partnerships if p.status == ACTIVE})
        if partners:
            elsewhere = f"its partnerships are with {_join(partners)} ({len(active)} active)"
        else:
            elsewhere = "it has no UN partnership"
        detail = (
            f"{row.company_name} ({row.company}) made "
            f"{_plural(len(commitments), 'commitment')} to {row.initiative_name} "
            f"({row.initiative}) but no partnership with its "
            f"{'convener' if len(conveners) == 1 else 'conveners'} {_join(conveners)}; "
            f"{elsewhere}"
        )
        items.append(
            {
                "id": f"{GapKind.INITIATIVE_DISCONNECT}:{row.company}:{row.initiative}",
                "kind": GapKind.INITIATIVE_DISCONNECT.value,
                "score": disconnect_score(len(commitments), len(active)),
                "detail": detail,
                "company": {"id": row.company, "name": row.company_name},
                "initiative": {"id": row.initiative, "name": row.initiative_name},
                "commitments": commitments,
                "conveners": conveners,
                "partner_agencies": partners,
                "active_partnerships": len(active),
                "evidence": _evidence(
                    partnerships=partnerships,
                    agencies=[*conveners, *partners],
                    companies=[row.company],
                    countries=[filters.country] if filters.country else [],
                    themes=[filters.theme] if filters.theme else [],
                    initiatives=[row.initiative],
                    commitments=commitments,
                ),
            }
        )
    return items


def rank(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score descending, then the item's ``id`` (kind and key), so ties never reorder."""
    return sorted(items, key=lambda item: (-item["score"], item["id"]))


# -- the embedded store: Python over the networkx graph ----------------------------------------


@dataclass(frozen=True)
class _Active:
    id: str
    title: str
    agencies: tuple[str, ...]
    companies: tuple[str, ...]
    countries: tuple[str, ...]
    themes: tuple[str, ...]


class _EmbeddedFacts:
    """The facts of one request, read from the embedded store's graph.

    The active partnerships are read once per request and shared by the three kinds that use
    them.
    """

    def __init__(self, store: EmbeddedStore, filters: GapFilters) -> None:
        self.store = store
        self.filters = filters
        self.partnerships = store.nodes(model.PARTNERSHIP)  # refreshes from disk first
        # networkx's own dict-of-dicts, as its algorithms read them: the public views build
        # an object per lookup, which triples the cost of reading a partnership's links.
        self._pred = store.graph._pred
        self._succ = store.graph._succ

    def _linked(self, node: tuple[str, str], rel: str, direction: str, label: str) -> list[str]:
        """Ids of the ``label`` nodes linked to ``node`` over ``rel``, sorted."""
        adjacency = (self._pred if direction == "in" else self._succ).get(node, {})
        return sorted(
            other[1] for other, keys in adjacency.items() if other[0] == label and rel in keys
        )

    def _candidate_partnerships(self) -> list[str]:
        """Every partnership, or with a country or theme filter only those linked to it."""
        if self.filters.country:
            node = (model.COUNTRY, self.filters.country)
            return self._linked(node, "IN_COUNTRY", "in", model.PARTNERSHIP)
        if self.filters.theme:
            node = (model.THEME, self.filters.theme)
            return self._linked(node, "ON_THEME", "in", model.PARTNERSHIP)
        return sorted(self.partnerships)

    @cached_property
    def active(self) -> list[_Active]:
        """Active partnerships with their linked ids, narrowed by country and theme."""
        found = []
        for pid in self._candidate_partnerships():
            props = self.partnerships[pid]
            if props.get("status") != ACTIVE:
                continue
            node = (model.PARTNERSHIP, pid)
            countries = tuple(self._linked(node, "IN_COUNTRY", "out", model.COUNTRY))
            themes = tuple(self._linked(node, "ON_THEME", "out", model.THEME))
            if self.filters.country and self.filters.country not in countries:
                continue
            if self.filters.theme and self.filters.theme not in themes:
                continue
            found.append(
                _Active(
                    id=pid,
                    title=str(props.get("title", "")),
                    agencies=tuple(self._linked(node, "LEADS", "in", model.AGENCY)),
                    companies=tuple(self._linked(node, "PARTNERS_IN", "in", model.COMPANY)),
                    countries=countries,
                    themes=themes,
                )
            )
        return found

    def cells(self) -> list[CellPartnership]:
        country, theme = self.filters.country, self.filters.theme
        return [
            CellPartnership(c, t, p.id, p.agencies, p.companies)
            for p in self.active
            for c in p.countries
            if not country or c == country
            for t in p.themes
            if not theme or t == theme
        ]

    def countries(self) -> list[CountryActivity]:
        by_country: dict[str, list[_Active]] = defaultdict(list)
        for p in self.active:
            if self.filters.agency and self.filters.agency not in p.agencies:
                continue
            for country in p.countries:
                if not self.filters.country or country == self.filters.country:
                    by_country[country].append(p)
        # From the networks' side: a country node has an edge from everything there.
        networks: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for nid, props in self.store.nodes(model.LOCAL_NETWORK).items():
            node = (model.LOCAL_NETWORK, nid)
            for country in self._linked(node, "NETWORK_IN", "out", model.COUNTRY):
                networks[country].append((nid, str(props.get("status", ""))))
        rows = []
        for country, partnerships in by_country.items():
            statuses = tuple(networks.get(country, ()))
            if any(status == FORMAL for _, status in statuses):
                continue
            rows.append(
                CountryActivity(
                    country=country,
                    partnerships=tuple(p.id for p in partnerships),
                    agencies=tuple(a for p in partnerships for a in p.agencies),
                    companies=tuple(c for p in partnerships for c in p.companies),
                    networks=statuses,
                )
            )
        return rows

    def partnership_companies(self) -> list[PartnershipCompany]:
        companies = self.store.nodes(model.COMPANY)
        return [
            PartnershipCompany(
                partnership=p.id,
                title=p.title,
                company=cid,
                company_name=str(companies[cid].get("name", cid)),
                agencies=p.agencies,
                countries=p.countries,
                themes=p.themes,
            )
            for p in self.active
            if not self.filters.agency or self.filters.agency in p.agencies
            for cid in p.companies
        ]

    def commitments(self) -> list[Commitment]:
        filters = self.filters
        companies = self.store.nodes(model.COMPANY)
        initiatives = self.store.nodes(model.INITIATIVE)
        grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
        for cmid in self.store.nodes(model.COMMITMENT):
            node = (model.COMMITMENT, cmid)
            for cid in self._linked(node, "MADE", "in", model.COMPANY):
                for iid in self._linked(node, "TO", "out", model.INITIATIVE):
                    grouped[(cid, iid)].append(cmid)
        # Once per initiative: an initiative has an edge from each commitment and partnership.
        convened = {
            iid: tuple(self._linked((model.INITIATIVE, iid), "CONVENES", "in", model.AGENCY))
            for iid in initiatives
        }
        rows = []
        for (cid, iid), commitments in grouped.items():
            company = (model.COMPANY, cid)
            conveners = convened.get(iid, ())
            if not conveners or (filters.agency and filters.agency not in conveners):
                continue
            if filters.theme and filters.theme not in self._linked(
                (model.INITIATIVE, iid), "ON_THEME", "out", model.THEME
            ):
                continue
            if filters.country:
                places = self._linked(company, "HEADQUARTERED_IN", "out", model.COUNTRY)
                places += self._linked(company, "OPERATES_IN", "out", model.COUNTRY)
                if filters.country not in places:
                    continue
            own = tuple(
                CompanyPartnership(
                    id=pid,
                    status=str(self.partnerships[pid].get("status", "")),
                    agencies=tuple(
                        self._linked((model.PARTNERSHIP, pid), "LEADS", "in", model.AGENCY)
                    ),
                )
                for pid in self._linked(company, "PARTNERS_IN", "out", model.PARTNERSHIP)
            )
            if any(set(p.agencies) & set(conveners) for p in own):
                continue
            rows.append(
                Commitment(
                    company=cid,
                    company_name=str(companies[cid].get("name", cid)),
                    initiative=iid,
                    initiative_name=str(initiatives[iid].get("name", iid)),
                    commitments=tuple(commitments),
                    conveners=conveners,
                    partnerships=own,
                )
            )
        return rows


# -- Neo4j: Cypher, parameters only ------------------------------------------------------------
#
# A filter that is set anchors the pattern on an indexed node (``{id: $param}``); one that is
# not set leaves the fragment out. The query text is always one of a fixed set of constant
# strings: no value ever becomes part of it.


def _if(flag: bool, text: LiteralString) -> LiteralString:
    return text if flag else ""


def _neo4j_cells(store: Neo4jStore, filters: GapFilters) -> list[CellPartnership]:
    country: LiteralString = (
        "MATCH (c:Country {id: $country})<-[:IN_COUNTRY]-(p) "
        if filters.country
        else "MATCH (c:Country)<-[:IN_COUNTRY]-(p) "
    )
    theme: LiteralString = (
        "MATCH (p)-[:ON_THEME]->(t:Theme {id: $theme}) "
        if filters.theme
        else "MATCH (p)-[:ON_THEME]->(t:Theme) "
    )
    query = (
        "MATCH (p:Partnership {status: 'active'}) "
        + country
        + theme
        + """
        MATCH (a:Agency)-[:LEADS]->(p)
        WITH c.id AS country, t.id AS theme, collect(DISTINCT p) AS ps, count(DISTINCT a) AS n
        WHERE n >= 2
        UNWIND ps AS p
        RETURN country, theme, p.id AS partnership,
               [(a:Agency)-[:LEADS]->(p) | a.id] AS agencies,
               [(co:Company)-[:PARTNERS_IN]->(p) | co.id] AS companies
        """
    )
    rows = store.read(query, country=filters.country, theme=filters.theme)
    return [
        CellPartnership(
            r["country"], r["theme"], r["partnership"], tuple(r["agencies"]), tuple(r["companies"])
        )
        for r in rows
    ]


def _neo4j_countries(store: Neo4jStore, filters: GapFilters) -> list[CountryActivity]:
    country: LiteralString = (
        "MATCH (c:Country {id: $country})<-[:IN_COUNTRY]-(p) "
        if filters.country
        else "MATCH (c:Country)<-[:IN_COUNTRY]-(p) "
    )
    query = (
        "MATCH (p:Partnership {status: 'active'}) "
        + country
        + _if(bool(filters.theme), "MATCH (p)-[:ON_THEME]->(:Theme {id: $theme}) ")
        + _if(bool(filters.agency), "MATCH (:Agency {id: $agency})-[:LEADS]->(p) ")
        + """
        WITH c, collect(p) AS ps
        WHERE NOT EXISTS { MATCH (:LocalNetwork {status: 'formal'})-[:NETWORK_IN]->(c) }
        RETURN c.id AS country,
               [p IN ps | p.id] AS partnerships,
               COLLECT { UNWIND ps AS q MATCH (a:Agency)-[:LEADS]->(q)
                         RETURN DISTINCT a.id } AS agencies,
               COLLECT { UNWIND ps AS q MATCH (co:Company)-[:PARTNERS_IN]->(q)
                         RETURN DISTINCT co.id } AS companies,
               [(n:LocalNetwork)-[:NETWORK_IN]->(c) | [n.id, coalesce(n.status, '')]] AS networks
        """
    )
    rows = store.read(query, country=filters.country, theme=filters.theme, agency=filters.agency)
    return [
        CountryActivity(
            country=r["country"],
            partnerships=tuple(r["partnerships"]),
            agencies=tuple(r["agencies"]),
            companies=tuple(r["companies"]),
            networks=tuple((n, s) for n, s in r["networks"]),
        )
        for r in rows
    ]


def _neo4j_partnership_companies(
    store: Neo4jStore, filters: GapFilters
) -> list[PartnershipCompany]:
    query = (
        "MATCH (p:Partnership {status: 'active'}) "
        + _if(bool(filters.country), "MATCH (p)-[:IN_COUNTRY]->(:Country {id: $country}) ")
        + _if(bool(filters.theme), "MATCH (p)-[:ON_THEME]->(:Theme {id: $theme}) ")
        + _if(bool(filters.agency), "MATCH (:Agency {id: $agency})-[:LEADS]->(p) ")
        + """
        MATCH (co:Company)-[:PARTNERS_IN]->(p)
        RETURN p.id AS partnership, coalesce(p.title, '') AS title,
               co.id AS company, coalesce(co.name, co.id) AS company_name,
               [(a:Agency)-[:LEADS]->(p) | a.id] AS agencies,
               [(p)-[:IN_COUNTRY]->(c:Country) | c.id] AS countries,
               [(p)-[:ON_THEME]->(t:Theme) | t.id] AS themes
        """
    )
    rows = store.read(query, country=filters.country, theme=filters.theme, agency=filters.agency)
    return [
        PartnershipCompany(
            partnership=r["partnership"],
            title=r["title"],
            company=r["company"],
            company_name=r["company_name"],
            agencies=tuple(r["agencies"]),
            countries=tuple(r["countries"]),
            themes=tuple(r["themes"]),
        )
        for r in rows
    ]


def _neo4j_commitments(store: Neo4jStore, filters: GapFilters) -> list[Commitment]:
    query = (
        "MATCH (co:Company)-[:MADE]->(cm:Commitment)-[:TO]->(i:Initiative) "
        + _if(bool(filters.theme), "MATCH (i)-[:ON_THEME]->(:Theme {id: $theme}) ")
        + _if(bool(filters.agency), "MATCH (:Agency {id: $agency})-[:CONVENES]->(i) ")
        + """
        WITH co, i, collect(cm.id) AS commitments
        WHERE $country IS NULL
           OR EXISTS { MATCH (co)-[:HEADQUARTERED_IN|OPERATES_IN]->(:Country {id: $country}) }
        WITH co, i, commitments, [(a:Agency)-[:CONVENES]->(i) | a.id] AS conveners
        WHERE size(conveners) > 0
          AND NOT EXISTS {
                MATCH (co)-[:PARTNERS_IN]->(:Partnership)<-[:LEADS]-(a:Agency)
                WHERE a.id IN conveners }
        RETURN co.id AS company, coalesce(co.name, co.id) AS company_name,
               i.id AS initiative, coalesce(i.name, i.id) AS initiative_name,
               commitments, conveners,
               [(co)-[:PARTNERS_IN]->(p:Partnership) |
                   [p.id, coalesce(p.status, ''), [(a:Agency)-[:LEADS]->(p) | a.id]]
               ] AS partnerships
        """
    )
    rows = store.read(query, country=filters.country, theme=filters.theme, agency=filters.agency)
    return [
        Commitment(
            company=r["company"],
            company_name=r["company_name"],
            initiative=r["initiative"],
            initiative_name=r["initiative_name"],
            commitments=tuple(r["commitments"]),
            conveners=tuple(r["conveners"]),
            partnerships=tuple(
                CompanyPartnership(pid, status, tuple(agencies))
                for pid, status, agencies in r["partnerships"]
            ),
        )
        for r in rows
    ]


class _Neo4jFacts:
    """The facts of one request, one Cypher query per kind."""

    def __init__(self, store: Neo4jStore, filters: GapFilters) -> None:
        self.store = store
        self.filters = filters

    def cells(self) -> list[CellPartnership]:
        return _neo4j_cells(self.store, self.filters)

    def countries(self) -> list[CountryActivity]:
        return _neo4j_countries(self.store, self.filters)

    def partnership_companies(self) -> list[PartnershipCompany]:
        return _neo4j_partnership_companies(self.store, self.filters)

    def commitments(self) -> list[Commitment]:
        return _neo4j_commitments(self.store, self.filters)


# -- the question ------------------------------------------------------------------------------


class _Facts(Protocol):
    """What each store retrieves for one request (filters bound)."""

    def cells(self) -> list[CellPartnership]: ...

    def countries(self) -> list[CountryActivity]: ...

    def partnership_companies(self) -> list[PartnershipCompany]: ...

    def commitments(self) -> list[Commitment]: ...


def _facts(store: Store, filters: GapFilters) -> _Facts:
    if isinstance(store, EmbeddedStore):
        return _EmbeddedFacts(store, filters)
    if isinstance(store, Neo4jStore):
        return _Neo4jFacts(store, filters)
    raise TypeError(f"no gap queries for a {type(store).__name__}")


def normalise_filters(country: str | None, theme: str | None, agency: str | None) -> GapFilters:
    """Blank means unset; a country may be a code or an English name; themes are slugs.

    >>> normalise_filters("kenya", " Water ", "")
    GapFilters(country='KE', theme='water', agency=None)
    """
    code = None
    if country and country.strip():
        code = to_iso2(country)
        if code is None:
            raise InvalidGapQuery(f"unknown country {country!r}")
    slug = theme.strip().lower() if theme and theme.strip() else None
    agency_id = agency.strip() if agency and agency.strip() else None
    return GapFilters(country=code, theme=slug, agency=agency_id)


def find_gaps(
    store: Store,
    *,
    kind: str | None = None,
    country: str | None = None,
    theme: str | None = None,
    agency: str | None = None,
    as_of: dt.date,
    expiry_days: int = DEFAULT_EXPIRY_DAYS,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Where agencies work past each other: ``{"items", "total", "counts", "as_of"}``.

    ``kind`` picks one kind (``None``: all four); ``country``, ``theme`` and ``agency``
    narrow each kind where they apply (see ``docs/queries/gaps.md``); ``as_of`` and
    ``expiry_days`` are passed to the screening for the integrity kind. Items are ranked by
    score, then id; ``total`` and ``counts`` are before ``limit``.
    """
    if kind is not None and kind not in KINDS:
        raise InvalidGapQuery(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidGapQuery(f"limit must be between 1 and {MAX_LIMIT}")
    if expiry_days < 0:
        raise InvalidGapQuery("expiry_days must not be negative")
    filters = normalise_filters(country, theme, agency)
    facts = _facts(store, filters)
    kinds = [kind] if kind else list(KINDS)
    found: dict[str, list[dict[str, Any]]] = {}
    for name in kinds:
        if name == GapKind.PARALLEL_EFFORTS:
            found[name] = build_parallel_efforts(facts.cells(), filters)
        elif name == GapKind.NO_LOCAL_NETWORK:
            found[name] = build_no_local_network(facts.countries(), filters)
        elif name == GapKind.INTEGRITY:
            rows = facts.partnership_companies()
            company_ids = sorted({r.company for r in rows})
            statuses = (
                screening_statuses(
                    store, as_of=as_of, expiry_days=expiry_days, company_ids=company_ids
                )
                if company_ids
                else {}
            )
            found[name] = build_integrity(rows, statuses, filters)
        else:
            found[name] = build_initiative_disconnect(facts.commitments(), filters)
    ranked = rank(item for items in found.values() for item in items)
    return {
        "items": ranked[:limit],
        "total": len(ranked),
        "counts": {name: len(items) for name, items in found.items()},
        "as_of": as_of.isoformat(),
    }
