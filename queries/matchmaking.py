"""Matchmaking — the partner hub: which companies for an agency's need, which needs for a company.

An agency posts a **need** on the hub (themes, SDGs, countries, resources such as funding or
logistics). :func:`match_need` ranks companies for it; :func:`match_company` ranks the open
needs for one company; :func:`match_needs` answers many needs in one call. Every candidate is
scored from seven features, each a value in ``[0, 1]`` with a weight the caller may change::

    score = Σ weight_f × value_f  −  weight_coordination × value_coordination

rounded to 4 decimals; ties break on the id. The features (see :data:`DEFAULT_WEIGHTS` and
``docs/queries/matchmaking.md`` for the worked formulas):

* ``theme`` — 0.4 × the share of the need's themes that the company's **sector** naturally
  works on (:data:`SECTOR_THEMES`) + 0.6 × the share of the need's themes and SDGs found in the
  company's **own work**: its partnerships' themes and SDGs and those of the initiatives it
  takes part in (through a partnership or a commitment).
* ``country`` — the mean, over the need's countries, of 1 for headquarters there, 0.75 for
  operations there, 0.5 for membership of a Global Compact local network there, else 0.
* ``resource`` — the share of the resources the need asks for that the company has **given
  before**: the asks of approaches that converted, and the types of its active or closed
  partnerships (:data:`PARTNERSHIP_TYPE_RESOURCES`).
* ``track_record`` — ``good / (good + 2) × good / (good + failed)`` with ``good`` its active and
  closed partnerships: grows with delivered partnerships, falls with failed ones.
* ``gc_standing`` — Global Compact standing: active 1, not a participant 0.5,
  non-communicating (or expelled) 0.
* ``proximity`` — the company already works with the need's agency or with an initiative the
  agency convenes: 0 when none of its partnerships and commitments does, else
  ``0.5 + 0.5 × near / ties`` (failed partnerships are not ties).
* ``coordination`` — a **penalty**: ``n / (n + 2)`` with ``n`` the number of *other* agencies
  (not the need's) that approached the company in the :data:`COORDINATION_WINDOW_DAYS` days up
  to ``as_of``. The hub must not pile on a company that several agencies are already courting.

A company whose screening status (:func:`queries.screening.screening_statuses`) is ``blocked``
never appears; one in ``review`` appears with its status and flag codes. Nor does an
organisation that is not a business (:func:`graph.model.is_business`: the Global Compact
files hold NGOs, cities, universities and development banks among their participants, kept as
company nodes with their ``org_type``): the partner hub proposes business partners.
``exclude`` drops the companies (or, for :func:`match_company`, the needs) a person has
already rejected.

**Candidates.** Scoring every company for every need would not scale to 100,000 companies. A
company is a candidate when one of four searches finds it: *country* (headquarters, operations
or local-network membership in one of the need's countries), *agency* (a partnership led by
the need's agency, or in an initiative it convenes, or a commitment to such an initiative),
*theme* (a partnership, or an initiative through a partnership or commitment, on one of the
need's themes) and *sector* (a sector that works on one of them). The answer is exactly the
best ``limit`` of all candidates, found by a threshold search (:func:`_match_one_need`):

* the searches run in that order, each only while a company it alone could find might still
  beat the ``limit``-th best score so far: a company the earlier searches missed has no
  country fit, no proximity or no past work on the need's themes by construction
  (:func:`_unseen_bound`);
* candidates wait in a heap under an upper bound (:func:`_bound`) from their own properties,
  refined with their partnerships and converted approaches, and are scored in full only when
  they reach the top refined;
* it stops when the ``limit``-th best screened score beats every bound still waiting.

Screening is read lazily, for the best-ranked candidates first, until ``limit`` of them pass.

Each store retrieves the same facts its own way (:class:`_EmbeddedFacts` walks the networkx
graph; :class:`_Neo4jFacts` runs constant Cypher with parameters, anchored on the id indexes);
the scoring, ranking and wording are shared, so both stores give byte-identical JSON.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Protocol

from graph import model
from graph.embedded import EmbeddedStore
from graph.model import is_business
from graph.neo4j_store import Neo4jStore
from graph.store import Props, Store
from queries.catalog import NotFound, find_company

__all__ = [
    "COORDINATION_WINDOW_DAYS",
    "DEFAULT_LIMIT",
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "MAX_LIMIT",
    "PARTNERSHIP_TYPE_RESOURCES",
    "SECTOR_THEMES",
    "InvalidMatchParameter",
    "match_company",
    "match_need",
    "match_needs",
    "resolve_weights",
]

# ==========================================================================================
# Parameters
# ==========================================================================================

FEATURES: Final = (
    "theme",
    "country",
    "resource",
    "track_record",
    "gc_standing",
    "proximity",
    "coordination",
)
"""The features in the order the explanation lists them."""

DEFAULT_WEIGHTS: Final[Mapping[str, float]] = {
    "theme": 0.25,
    "country": 0.20,
    "resource": 0.15,
    "track_record": 0.10,
    "gc_standing": 0.10,
    "proximity": 0.20,
    "coordination": 0.30,
}
"""The positive weights add up to 1, so a perfect candidate with no penalty scores 1.0.

Theme matters most (a need is about something); country and proximity next (a partner on
the ground, and one the agency already knows, gets things done); resource history and track
record are weaker evidence because records are sparse. The coordination penalty is strong
enough that three other agencies courting a company (value 0.6 → −0.18) outweigh a perfect
country fit."""

PENALTIES: Final = frozenset({"coordination"})
"""Features whose weighted value is subtracted from the score."""

COORDINATION_WINDOW_DAYS: Final = 365
"""Approaches made in this many days up to ``as_of`` count as "recently approached"."""

DEFAULT_LIMIT: Final = 10
MAX_LIMIT: Final = 100
MAX_BATCH: Final = 100
"""At most this many needs in one :func:`match_needs` call."""

THEME_SECTOR_SHARE: Final = 0.4
THEME_WORK_SHARE: Final = 0.6
"""A sector is a prior; what the company has actually worked on is stronger evidence."""

HQ_FIT: Final = 1.0
OPERATIONS_FIT: Final = 0.75
NETWORK_FIT: Final = 0.5

GC_STANDING: Final[Mapping[str, float]] = {
    "active": 1.0,
    "none": 0.5,
    "non-communicating": 0.0,
    "expelled": 0.0,
}
"""Global Compact standing; a company without ``gc_status`` counts as ``none``."""

DELIVERED_STATUSES: Final = frozenset({"active", "closed"})
"""Partnerships that show what a company gives: running or completed, not proposed or failed."""

PARTNERSHIP_TYPE_RESOURCES: Final[Mapping[str, frozenset[str]]] = {
    "philanthropy": frozenset({"funding"}),
    "innovative-finance": frozenset({"funding"}),
    "in-kind": frozenset({"in-kind"}),
    "core-business": frozenset({"expertise", "technology"}),
    "advocacy": frozenset({"advocacy"}),
    "other": frozenset(),
}
"""What a delivered partnership of each type shows the company can give. A logistics-sector
company's in-kind or core-business partnership also shows ``logistics``
(:data:`LOGISTICS_SECTORS`): moving goods *is* its business."""

LOGISTICS_SECTORS: Final = frozenset({"logistics", "transport", "shipping", "airlines"})

ASK_RESOURCES: Final[Mapping[str, frozenset[str]]] = {
    "funding": frozenset({"funding"}),
    "in-kind": frozenset({"in-kind"}),
    "expertise": frozenset({"expertise"}),
    "advocacy": frozenset({"advocacy"}),
    "other": frozenset(),
}
"""What a converted approach with each ``ask`` shows the company gave."""

# Which themes a sector naturally partners on. Source: the sector profiles of the UN Global
# Compact's business-partnership guides and the sectors' usual UN partnerships (logistics →
# humanitarian supply chains, telecoms → emergency telecommunications and mobile health,
# finance → inclusive finance, …). Keys are normalised with :func:`sector_key`, so
# "Financial Services" and "financial_services" both find "financial-services"; a handful of
# the ICB sector names that Global Compact participant lists use are included. The sensitive
# sectors (tobacco, arms, gambling, alcohol) map to no theme on purpose: their sector is never
# a reason to suggest them.
_THEMES_BY_SECTOR: Final[dict[str, tuple[str, ...]]] = {
    "agriculture": ("food", "environment", "water", "climate"),
    "food-beverage": ("food", "health", "water", "children"),
    "energy": ("energy", "climate", "environment"),
    "utilities": ("water", "energy", "environment"),
    "telecommunications": ("innovation", "education", "humanitarian", "health"),
    "technology": ("innovation", "education", "humanitarian"),
    "pharmaceuticals": ("health", "children"),
    "healthcare": ("health", "children", "gender"),
    "financial-services": ("finance", "gender", "innovation", "anti-corruption"),
    "insurance": ("finance", "humanitarian", "climate"),
    "mining": ("environment", "human-rights", "labour", "anti-corruption", "water"),
    "construction": ("labour", "humanitarian", "environment"),
    "manufacturing": ("labour", "environment", "innovation", "energy"),
    "textiles-apparel": ("labour", "gender", "human-rights", "children"),
    "retail": ("labour", "food", "gender"),
    "logistics": ("humanitarian", "food"),
    "media": ("children", "education", "human-rights"),
    "chemicals": ("environment", "water", "health"),
    "automotive": ("environment", "climate", "innovation"),
    "professional-services": ("anti-corruption", "finance", "innovation"),
    "hospitality": ("labour", "children", "environment"),
    "real-estate": ("environment", "climate"),
    "education-services": ("education", "children"),
    "tobacco": (),
    "arms-defence": (),
    "gambling": (),
    "alcohol": (),
    # Other common spellings and ICB sector names.
    "food": ("food", "health", "water", "children"),
    "beverages": ("food", "health", "water", "children"),
    "food-producers": ("food", "health", "water", "children"),
    "oil-gas": ("energy", "climate", "environment"),
    "electricity": ("energy", "climate", "environment"),
    "telecom": ("innovation", "education", "humanitarian", "health"),
    "software-computer-services": ("innovation", "education", "humanitarian"),
    "technology-hardware-equipment": ("innovation", "education", "humanitarian"),
    "banks": ("finance", "gender", "innovation", "anti-corruption"),
    "transport": ("humanitarian", "food"),
    "industrial-transportation": ("humanitarian", "food"),
    "media-entertainment": ("children", "education", "human-rights"),
    "health-care-equipment-services": ("health", "children", "gender"),
    "pharmaceuticals-biotechnology": ("health", "children"),
}


def sector_key(sector: str | None) -> str:
    """A sector's key in :data:`SECTOR_THEMES`.

    >>> sector_key("Financial Services")
    'financial-services'
    >>> sector_key("Oil & Gas")
    'oil-gas'
    """
    return re.sub(r"[^a-z0-9]+", "-", (sector or "").lower()).strip("-")


SECTOR_THEMES: Final[Mapping[str, frozenset[str]]] = {
    key: frozenset(themes) for key, themes in _THEMES_BY_SECTOR.items()
}


@lru_cache(maxsize=4096)
def sector_themes(sector: str | None) -> frozenset[str]:
    """The themes a sector naturally partners on (empty for an unknown sector)."""
    return SECTOR_THEMES.get(sector_key(sector), frozenset())


class InvalidMatchParameter(ValueError):
    """A weight, limit or list of needs is not acceptable (HTTP 422)."""


def resolve_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The defaults with the caller's overrides; keys may be ``theme`` or ``w_theme``.

    >>> resolve_weights({"w_theme": 1})["theme"]
    1.0
    >>> resolve_weights({"colour": 1})  # doctest: +ELLIPSIS, +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    InvalidMatchParameter: unknown weight 'colour'; the features are ...
    """
    resolved = dict(DEFAULT_WEIGHTS)
    for name, raw in (weights or {}).items():
        if raw is None:
            continue
        feature = name.removeprefix("w_")
        if feature not in DEFAULT_WEIGHTS:
            raise InvalidMatchParameter(
                f"unknown weight {name!r}; the features are {', '.join(FEATURES)}"
            )
        try:
            value = float(raw)
        except (TypeError, ValueError) as exc:
            raise InvalidMatchParameter(f"weight {name!r} must be a number") from exc
        if not math.isfinite(value) or value < 0:
            raise InvalidMatchParameter(f"weight {name!r} must be a finite number >= 0")
        resolved[feature] = value
    return resolved


def _check_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidMatchParameter(f"limit must be an integer from 1 to {MAX_LIMIT}")
    return limit


# ==========================================================================================
# Facts: what the stores retrieve
# ==========================================================================================


@dataclass(frozen=True)
class InitiativeFacts:
    id: str
    themes: frozenset[str]
    sdgs: frozenset[int]
    conveners: frozenset[str]


@dataclass(frozen=True)
class NeedFacts:
    id: str
    agency: str
    title: str | None
    themes: tuple[str, ...]
    sdgs: tuple[int, ...]
    countries: tuple[str, ...]
    resources: tuple[str, ...]
    budget_usd: float | None
    deadline: str | None
    status: str

    @classmethod
    def from_props(cls, props: Props) -> NeedFacts:
        return cls(
            id=props["id"],
            agency=props.get("agency") or "",
            title=props.get("title"),
            themes=_sorted_set(props.get("themes")),
            sdgs=tuple(sorted({int(s) for s in props.get("sdgs") or ()})),
            countries=_sorted_set(props.get("countries")),
            resources=_sorted_set(props.get("resources")),
            budget_usd=props.get("budget_usd"),
            deadline=props.get("deadline"),
            status=props.get("status") or "open",
        )

    def brief(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agency": self.agency,
            "title": self.title,
            "themes": list(self.themes),
            "sdgs": list(self.sdgs),
            "countries": list(self.countries),
            "resources": list(self.resources),
            "budget_usd": self.budget_usd,
            "deadline": self.deadline,
            "status": self.status,
        }


@dataclass(frozen=True)
class PartnershipFact:
    id: str
    agencies: frozenset[str]
    themes: frozenset[str]
    sdgs: frozenset[int]
    type: str | None
    status: str | None
    initiative: str | None


@dataclass(frozen=True)
class ApproachFact:
    id: str
    agency: str
    date: str
    ask: str | None
    status: str | None


@dataclass(frozen=True)
class CompanyFacts:
    """A company with the engagements the features read, and what follows from them."""

    id: str
    name: str | None
    country: str | None
    sector: str | None
    countries: frozenset[str]
    gc_status: str | None
    ids: frozenset[str]
    network_countries: frozenset[str]
    partnerships: tuple[PartnershipFact, ...]
    commitments: tuple[tuple[str, str], ...]
    """``(commitment id, initiative id)`` pairs."""
    approaches: tuple[ApproachFact, ...]
    work_themes: frozenset[str]
    work_sdgs: frozenset[int]
    given: Mapping[str, tuple[str, ...]]
    """Resource → the ids of the partnerships and approaches that show it was given."""

    def brief(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "country": self.country, "sector": self.sector}

    def present_in(self) -> frozenset[str]:
        return (
            frozenset({self.country} if self.country else ())
            | self.countries
            | (self.network_countries)
        )

    def initiatives(self) -> frozenset[str]:
        from_partnerships = {p.initiative for p in self.partnerships if p.initiative}
        return frozenset(from_partnerships | {i for _, i in self.commitments})


def _delivered_resources(partnership_type: str | None, logistics: bool) -> frozenset[str]:
    """What a delivered partnership of this type shows the company gave."""
    resources = PARTNERSHIP_TYPE_RESOURCES.get(partnership_type or "", frozenset())
    if logistics and partnership_type in ("in-kind", "core-business"):
        resources = resources | {"logistics"}
    return resources


def _given_resources(
    sector: str | None, deals: Iterable[Sequence[Any]], asks: Iterable[str | None]
) -> set[str]:
    """Resources given, from ``[status, type]`` of partnerships and converted approaches' asks
    (the same rule as :func:`company_facts`, for the candidate search's bounds)."""
    logistics = sector_key(sector) in LOGISTICS_SECTORS
    given: set[str] = set()
    for status, partnership_type in deals:
        if status in DELIVERED_STATUSES:
            given |= _delivered_resources(partnership_type, logistics)
    for ask in asks:
        given |= ASK_RESOURCES.get(ask or "", frozenset())
    return given


def _sorted_set(values: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(sorted({v for v in values or () if v is not None}))


def company_facts(
    row: Mapping[str, Any], initiatives: Mapping[str, InitiativeFacts]
) -> CompanyFacts:
    """Build :class:`CompanyFacts` from a store's raw row (the same shape from both stores).

    Everything is sorted or made a set here, so the order in which a store returns
    relationships never shows in an answer.
    """
    partnerships = tuple(
        sorted(
            (
                PartnershipFact(
                    id=p["id"],
                    agencies=frozenset(p.get("agencies") or ()),
                    themes=frozenset(p.get("themes") or ()),
                    sdgs=frozenset(int(s) for s in p.get("sdgs") or ()),
                    type=p.get("type"),
                    status=p.get("status"),
                    initiative=p.get("initiative"),
                )
                for p in row.get("partnerships") or ()
            ),
            key=lambda p: p.id,
        )
    )
    commitments = tuple(sorted({(c["id"], c["initiative"]) for c in row.get("commitments") or ()}))
    approaches = tuple(
        sorted(
            (
                ApproachFact(
                    id=a["id"],
                    agency=a.get("agency") or "",
                    date=a.get("date") or "",
                    ask=a.get("ask"),
                    status=a.get("status"),
                )
                for a in row.get("approaches") or ()
            ),
            key=lambda a: a.id,
        )
    )
    work_themes: set[str] = set()
    work_sdgs: set[int] = set()
    for p in partnerships:
        work_themes |= p.themes
        work_sdgs |= p.sdgs
    for initiative_id in {p.initiative for p in partnerships if p.initiative} | {
        i for _, i in commitments
    }:
        initiative = initiatives.get(initiative_id)
        if initiative is not None:
            work_themes |= initiative.themes
            work_sdgs |= initiative.sdgs
    sector = row.get("sector")
    logistics = sector_key(sector) in LOGISTICS_SECTORS
    given: dict[str, set[str]] = {}
    for p in partnerships:
        if p.status not in DELIVERED_STATUSES:
            continue
        for resource in _delivered_resources(p.type, logistics):
            given.setdefault(resource, set()).add(p.id)
    for a in approaches:
        if a.status == "converted":
            for resource in ASK_RESOURCES.get(a.ask or "", frozenset()):
                given.setdefault(resource, set()).add(a.id)
    return CompanyFacts(
        id=row["id"],
        name=row.get("name"),
        country=row.get("country"),
        sector=sector,
        countries=frozenset(row.get("countries") or ()),
        gc_status=row.get("gc_status"),
        ids=frozenset(row.get("ids") or ()),
        network_countries=frozenset(c for c in row.get("networks") or () if c),
        partnerships=partnerships,
        commitments=commitments,
        approaches=approaches,
        work_themes=frozenset(work_themes),
        work_sdgs=frozenset(work_sdgs),
        given={k: tuple(sorted(v)) for k, v in sorted(given.items())},
    )


# ==========================================================================================
# Scoring (shared by both stores)
# ==========================================================================================


@dataclass(frozen=True)
class _Context:
    """What a pair's features need besides the need and the company."""

    as_of: dt.date
    window_start: str
    convened: frozenset[str]
    """Initiatives convened by the need's agency."""


def _context(
    need: NeedFacts, initiatives: Mapping[str, InitiativeFacts], as_of: dt.date
) -> _Context:
    window_start = (as_of - dt.timedelta(days=COORDINATION_WINDOW_DAYS)).isoformat()
    convened = frozenset(i.id for i in initiatives.values() if need.agency in i.conveners)
    return _Context(as_of, window_start, convened)


def _names(values: Iterable[Any], most: int = 4) -> str:
    items = [f"SDG {v}" if isinstance(v, int) else str(v) for v in values]
    if len(items) > most:
        return ", ".join(items[:most]) + f" and {len(items) - most} more"
    return ", ".join(items)


def _theme(need: NeedFacts, c: CompanyFacts) -> tuple[float, str]:
    asked = len(need.themes) + len(need.sdgs)
    if not asked:
        return 0.0, "the need names no theme or SDG"
    by_sector = [t for t in need.themes if t in sector_themes(c.sector)]
    sector_share = len(by_sector) / len(need.themes) if need.themes else 0.0
    worked: list[Any] = [t for t in need.themes if t in c.work_themes]
    worked += [s for s in need.sdgs if s in c.work_sdgs]
    value = THEME_SECTOR_SHARE * sector_share + THEME_WORK_SHARE * len(worked) / asked
    sector = f"sector {c.sector}" if c.sector else "no sector"
    parts = [
        f"{sector} fits {_names(by_sector)} ({len(by_sector)}/{len(need.themes)})"
        if by_sector
        else f"{sector} fits none of the need's themes",
        f"past work on {_names(worked)} ({len(worked)}/{asked})"
        if worked
        else "no past work on the need's themes or SDGs",
    ]
    return value, "; ".join(parts)


def _country(need: NeedFacts, c: CompanyFacts) -> tuple[float, str]:
    if not need.countries:
        return 0.0, "the need names no country"
    total = 0.0
    parts = []
    for code in need.countries:
        if c.country == code:
            total += HQ_FIT
            parts.append(f"headquartered in {code}")
        elif code in c.countries:
            total += OPERATIONS_FIT
            parts.append(f"operates in {code}")
        elif code in c.network_countries:
            total += NETWORK_FIT
            parts.append(f"local network member in {code}")
        else:
            parts.append(f"not present in {code}")
    return total / len(need.countries), "; ".join(parts)


def _resource(need: NeedFacts, c: CompanyFacts) -> tuple[float, str]:
    if not need.resources:
        return 0.0, "the need names no resource"
    matched = [r for r in need.resources if r in c.given]
    missing = [r for r in need.resources if r not in c.given]
    parts = []
    if matched:
        evidence = ", ".join(f"{r} ({_names(c.given[r], 3)})" for r in matched)
        parts.append(f"gave {evidence} before")
    if missing:
        parts.append(f"no record of giving {_names(missing)}")
    return len(matched) / len(need.resources), "; ".join(parts)


def _track_value(statuses: Iterable[str | None]) -> tuple[float, dict[str, int]]:
    """The track-record value of a company's partnership statuses, and the counts."""
    counts = {s: 0 for s in ("active", "closed", "failed")}
    for status in statuses:
        if status in counts:
            counts[status] += 1
    good = counts["active"] + counts["closed"]
    value = good / (good + 2) * good / (good + counts["failed"]) if good else 0.0
    return value, counts


def _track_record(c: CompanyFacts) -> tuple[float, str]:
    value, counts = _track_value(p.status for p in c.partnerships)
    detail = (
        f"{counts['active']} active, {counts['closed']} closed, "
        f"{counts['failed']} failed partnership(s)"
    )
    return value, detail


def _gc_standing(c: CompanyFacts) -> tuple[float, str]:
    status = c.gc_status or "none"
    value = GC_STANDING.get(status, GC_STANDING["none"])
    if status == "none":
        return value, "not a Global Compact participant"
    return value, f"Global Compact participant, {status}"


def _proximity(need: NeedFacts, c: CompanyFacts, ctx: _Context) -> tuple[float, str]:
    ties = [p for p in c.partnerships if p.status != "failed"]
    near = sum(1 for p in ties if need.agency in p.agencies or p.initiative in ctx.convened)
    near += sum(1 for _, initiative in c.commitments if initiative in ctx.convened)
    total = len(ties) + len(c.commitments)
    if not near:
        return 0.0, f"no partnership or commitment with {need.agency} or its initiatives"
    value = 0.5 + 0.5 * near / total
    detail = f"{near} of {total} partnerships and commitments with {need.agency} or its initiatives"
    return value, detail


def _coordination(need: NeedFacts, c: CompanyFacts, ctx: _Context) -> tuple[float, str]:
    until = ctx.as_of.isoformat()
    others = sorted(
        {
            a.agency
            for a in c.approaches
            if a.agency != need.agency and ctx.window_start <= a.date <= until
        }
    )
    n = len(others)
    span = f"in the {COORDINATION_WINDOW_DAYS} days to {until}"
    if not n:
        return 0.0, f"no other agency approached it {span}"
    agencies = "agency" if n == 1 else "agencies"
    return n / (n + 2), f"approached by {n} other {agencies} {span} ({_names(others)})"


@dataclass(frozen=True)
class _Scored:
    score: float
    key: str
    explanation: list[dict[str, Any]]


def score_pair(
    need: NeedFacts, company: CompanyFacts, ctx: _Context, weights: Mapping[str, float]
) -> tuple[float, list[dict[str, Any]]]:
    """The score and the per-feature explanation of one (need, company) pair."""
    values = {
        "theme": _theme(need, company),
        "country": _country(need, company),
        "resource": _resource(need, company),
        "track_record": _track_record(company),
        "gc_standing": _gc_standing(company),
        "proximity": _proximity(need, company, ctx),
        "coordination": _coordination(need, company, ctx),
    }
    total = 0.0
    explanation = []
    for feature in FEATURES:
        value, detail = values[feature]
        weight = weights[feature]
        contribution = -weight * value if feature in PENALTIES else weight * value
        total += contribution
        explanation.append(
            {
                "feature": feature,
                "weight": weight,
                "value": round(value, 4),
                "contribution": round(contribution, 4) + 0.0,
                "detail": detail,
            }
        )
    return round(total, 4) + 0.0, explanation


def _rank(scored: Iterable[_Scored]) -> list[_Scored]:
    return sorted(scored, key=lambda s: (-s.score, s.key))


BOUND_SLACK: Final = 1e-9
"""Added to an upper bound before it is compared with rounded scores, so that float rounding
in a different order of operations can never make a bound fall below a real score."""


def _best_sector_share(need: NeedFacts) -> float:
    """The largest share of the need's themes that any sector of the mapping covers."""
    if not need.themes:
        return 0.0
    wanted = set(need.themes)
    return max(len(wanted & themes) for themes in SECTOR_THEMES.values()) / len(wanted)


def _bound(
    need: NeedFacts,
    weights: Mapping[str, float],
    *,
    sector_share: float,
    via: Iterable[str] = (),
    country: str | None = None,
    countries: Iterable[str] = (),
    gc_status: str | None = None,
    resource: float = 1.0,
    track_record: float = 1.0,
) -> float:
    """The highest score a candidate can reach, knowing only how the candidate search found
    it (``via``) and its own properties.

    A company not found through the need's countries has country fit 0, one not found through
    the agency has proximity 0, one not found through the need's themes has no past work on
    them (only its SDGs may still match): each store's search follows the same relationships
    the facts come from. Headquarters, operations, sector, standing, resource fit and track
    record are exact when the caller passes them (the candidate search returns what they are
    computed from); the penalty is at least 0.
    """
    found = set(via)
    asked = len(need.themes) + len(need.sdgs)
    theme = 0.0
    if asked:
        work = 1.0 if "theme" in found else len(need.sdgs) / asked
        theme = THEME_SECTOR_SHARE * sector_share + THEME_WORK_SHARE * work
    fit = 0.0
    operations = set(countries)
    for code in need.countries:
        if code == country:
            fit += HQ_FIT
        elif code in operations:
            fit += OPERATIONS_FIT
        elif "network" in found:
            fit += NETWORK_FIT
    country_fit = fit / len(need.countries) if need.countries else 0.0
    return (
        weights["theme"] * theme
        + weights["country"] * country_fit
        + weights["resource"] * (resource if need.resources else 0.0)
        + weights["track_record"] * track_record
        + weights["gc_standing"] * GC_STANDING.get(gc_status or "none", GC_STANDING["none"])
        + weights["proximity"] * (1.0 if "agency" in found else 0.0)
        + BOUND_SLACK
    )


def _key_bound(
    need: NeedFacts, weights: Mapping[str, float], key: Mapping[str, Any], pending: Iterable[str]
) -> float:
    """The bound of one candidate; ``pending`` are the searches not run yet (the candidate
    may still turn up in them)."""
    wanted = set(need.themes)
    share = len(wanted & sector_themes(key.get("sector"))) / len(wanted) if wanted else 0.0
    resource = track_record = 1.0
    if "deals" in key:  # refined: what the company gave and its partnerships' statuses
        deals = key["deals"] or ()
        given = _given_resources(key.get("sector"), deals, key.get("asks") or ())
        resource = sum(1 for r in need.resources if r in given) / len(need.resources or (1,))
        track_record = _track_value(status for status, _ in deals)[0]
    return _bound(
        need,
        weights,
        sector_share=share,
        via=[*(key.get("via") or ()), *pending],
        country=key.get("country"),
        countries=key.get("countries") or (),
        gc_status=key.get("gc_status"),
        resource=resource,
        track_record=track_record,
    )


# ==========================================================================================
# Screening, read lazily
# ==========================================================================================


class _Screening:
    """What decides whether a ranked candidate may be shown — its screening status and
    whether it is a business — fetched on demand and kept for the rest of the call."""

    def __init__(self, store: Store, as_of: dt.date) -> None:
        self.store = store
        self.as_of = as_of
        self.statuses: dict[str, dict[str, Any]] = {}
        self.businesses: dict[str, bool] = {}

    def fetch(self, company_ids: Iterable[str]) -> None:
        missing = [cid for cid in dict.fromkeys(company_ids) if cid not in self.statuses]
        if not missing:
            return
        from queries.screening import screening_statuses

        found = screening_statuses(self.store, as_of=self.as_of, company_ids=missing)
        props = self.store.get_nodes(model.COMPANY, missing)
        for cid in missing:
            self.businesses[cid] = cid in props and is_business(props[cid])
        for cid in missing:
            status = found.get(cid)
            # A company the screening module does not know is not presumed clean.
            self.statuses[cid] = (
                {"status": status["status"], "codes": list(status.get("codes") or ())}
                if status
                else {"status": "review", "codes": []}
            )

    def get(self, company_id: str) -> dict[str, Any]:
        self.fetch([company_id])
        return self.statuses[company_id]


def _pick(
    ranked: Sequence[_Scored], limit: int, screening: _Screening
) -> tuple[list[tuple[_Scored, dict[str, Any]]], float | None]:
    """The first ``limit`` ranked candidates that are not blocked, and the last one's score
    (``None`` when fewer than ``limit`` passed)."""
    chosen: list[tuple[_Scored, dict[str, Any]]] = []
    step = max(2 * limit, 20)
    start = 0
    while start < len(ranked) and len(chosen) < limit:
        window = ranked[start : start + step]
        screening.fetch(s.key for s in window)
        for s in window:
            status = screening.statuses[s.key]
            if status["status"] == "blocked" or not screening.businesses[s.key]:
                continue
            chosen.append((s, status))
            if len(chosen) == limit:
                break
        start += step
    last = chosen[-1][0].score if len(chosen) == limit else None
    return chosen, last


# ==========================================================================================
# Retrieval per store
# ==========================================================================================


class _Facts(Protocol):
    batch_size: int
    """Candidates refined or scored per step: small where a step is cheap (in process), large
    where each step is a round trip to a server."""

    def initiatives(self) -> Mapping[str, InitiativeFacts]: ...

    def need(self, need_id: str) -> Props | None: ...

    def stage_keys(self, stage: str, need: NeedFacts) -> list[dict[str, Any]]:
        """The companies one search of :data:`STAGES` finds for the need, as key rows: ``id``,
        ``via`` (``presence`` or ``network`` for the country search, else the stage's name),
        ``sector``, ``gc_status``, ``country``, ``countries``."""

    def sectors(self) -> list[str]:
        """Every distinct ``sector`` value of the companies."""

    def sector_keys(self, sectors: Sequence[str]) -> list[dict[str, Any]]:
        """Key rows (``via`` empty) of the companies whose sector is one of ``sectors``."""

    def refine(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """``id``, ``deals`` and ``asks`` (as in :meth:`stage_keys`) of each company."""

    def companies(self, ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def open_needs(
        self, as_of: str, agencies: Sequence[str], themes: Sequence[str], countries: Sequence[str]
    ) -> list[Props]:
        """Needs open on ``as_of`` (status ``open`` or unset; deadline unset or not before it)
        that share an agency, a theme or a country with the lists."""


def _is_open(props: Mapping[str, Any], as_of: str) -> bool:
    deadline = props.get("deadline")
    return (props.get("status") or "open") == "open" and (deadline is None or deadline >= as_of)


class _EmbeddedFacts:
    """Python over :class:`EmbeddedStore`: the node views and the networkx adjacency.

    Key rows carry only the company's own properties: refining a bound costs a walk, done
    only for the candidates that reach the top of the heap."""

    batch_size = 64

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.companies_by_id = store.nodes(model.COMPANY)
        self._partnerships = store.nodes(model.PARTNERSHIP)
        self._approaches = store.nodes(model.APPROACH)
        self._pred: dict[Any, dict[Any, dict[str, Any]]] = store.graph._pred
        self._succ: dict[Any, dict[Any, dict[str, Any]]] = store.graph._succ
        self._initiatives: dict[str, InitiativeFacts] | None = None

    def _in(self, node: tuple[str, str], rel_type: str, label: str) -> Iterator[str]:
        # The graph's own adjacency dicts: the public views cost more than the walk itself.
        for other, keys in self._pred.get(node, {}).items():
            if rel_type in keys and other[0] == label:
                yield other[1]

    def _out(self, node: tuple[str, str], rel_type: str, label: str) -> Iterator[str]:
        for other, keys in self._succ.get(node, {}).items():
            if rel_type in keys and other[0] == label:
                yield other[1]

    def initiatives(self) -> Mapping[str, InitiativeFacts]:
        if self._initiatives is None:
            self._initiatives = {
                iid: InitiativeFacts(
                    id=iid,
                    themes=frozenset(props.get("themes") or ()),
                    sdgs=frozenset(int(s) for s in props.get("sdgs") or ()),
                    conveners=frozenset(
                        self._in((model.INITIATIVE, iid), "CONVENES", model.AGENCY)
                    ),
                )
                for iid, props in self.store.nodes(model.INITIATIVE).items()
            }
        return self._initiatives

    def need(self, need_id: str) -> Props | None:
        return self.store.get_node(model.NEED, need_id)

    def _companies_of_partnerships(self, partnerships: Iterable[str]) -> Iterator[str]:
        for pid in partnerships:
            yield from self._in((model.PARTNERSHIP, pid), "PARTNERS_IN", model.COMPANY)

    def _companies_of_initiatives(self, initiatives: Iterable[str]) -> Iterator[str]:
        for iid in initiatives:
            node = (model.INITIATIVE, iid)
            yield from self._companies_of_partnerships(self._in(node, "PART_OF", model.PARTNERSHIP))
            for mid in self._in(node, "TO", model.COMMITMENT):
                yield from self._in((model.COMMITMENT, mid), "MADE", model.COMPANY)

    def stage_keys(self, stage: str, need: NeedFacts) -> list[dict[str, Any]]:
        via: dict[str, set[str]] = {}

        def found(how: str, ids: Iterable[str]) -> None:
            for cid in ids:
                via.setdefault(cid, set()).add(how)

        if stage == "country":
            for code in need.countries:
                country = (model.COUNTRY, code)
                found("presence", self._in(country, "HEADQUARTERED_IN", model.COMPANY))
                found("presence", self._in(country, "OPERATES_IN", model.COMPANY))
                for nid in self._in(country, "NETWORK_IN", model.LOCAL_NETWORK):
                    members = self._in((model.LOCAL_NETWORK, nid), "MEMBER_OF", model.COMPANY)
                    found("network", members)
        elif stage == "agency":
            agency = (model.AGENCY, need.agency)
            led = self._out(agency, "LEADS", model.PARTNERSHIP)
            found("agency", self._companies_of_partnerships(led))
            convened = self._out(agency, "CONVENES", model.INITIATIVE)
            found("agency", self._companies_of_initiatives(convened))
        elif stage == "theme":
            for slug in need.themes:
                theme = (model.THEME, slug)
                on_theme = self._in(theme, "ON_THEME", model.PARTNERSHIP)
                found("theme", self._companies_of_partnerships(on_theme))
                initiatives = self._in(theme, "ON_THEME", model.INITIATIVE)
                found("theme", self._companies_of_initiatives(initiatives))
        else:
            raise ValueError(f"unknown stage {stage!r}")
        return [self._key(cid, sorted(how)) for cid, how in via.items()]

    def _key(self, cid: str, via: list[str]) -> dict[str, Any]:
        props = self.companies_by_id[cid]
        return {
            "id": cid,
            "via": via,
            "sector": props.get("sector"),
            "gc_status": props.get("gc_status"),
            "country": props.get("country"),
            "countries": props.get("countries"),
        }

    def refine(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        partnerships, approaches = self._partnerships, self._approaches
        rows = []
        for cid in ids:
            node = (model.COMPANY, cid)
            deals = [
                [partnerships[p].get("status"), partnerships[p].get("type")]
                for p in self._out(node, "PARTNERS_IN", model.PARTNERSHIP)
            ]
            asks = [
                approaches[a].get("ask")
                for a in self._in(node, "TARGETS", model.APPROACH)
                if approaches[a].get("status") == "converted"
            ]
            rows.append({"id": cid, "deals": deals, "asks": asks})
        return rows

    def sectors(self) -> list[str]:
        return sorted({p["sector"] for p in self.companies_by_id.values() if p.get("sector")})

    def sector_keys(self, sectors: Sequence[str]) -> list[dict[str, Any]]:
        wanted = set(sectors)
        return [
            self._key(cid, [])
            for cid, props in self.companies_by_id.items()
            if props.get("sector") in wanted
        ]

    def companies(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        nodes = self.store.nodes
        partnerships, approaches = nodes(model.PARTNERSHIP), nodes(model.APPROACH)
        networks = nodes(model.LOCAL_NETWORK)
        rows = []
        for cid in ids:
            props = self.companies_by_id.get(cid)
            if props is None:
                continue
            node = (model.COMPANY, cid)
            rows.append(
                {
                    "id": cid,
                    "name": props.get("name"),
                    "country": props.get("country"),
                    "countries": props.get("countries"),
                    "sector": props.get("sector"),
                    "gc_status": props.get("gc_status"),
                    "ids": props.get("ids"),
                    "networks": [
                        networks[n].get("country")
                        for n in self._out(node, "MEMBER_OF", model.LOCAL_NETWORK)
                    ],
                    "partnerships": [
                        _partnership_row(partnerships[pid])
                        for pid in self._out(node, "PARTNERS_IN", model.PARTNERSHIP)
                    ],
                    "commitments": [
                        {"id": mid, "initiative": iid}
                        for mid in self._out(node, "MADE", model.COMMITMENT)
                        for iid in self._out((model.COMMITMENT, mid), "TO", model.INITIATIVE)
                    ],
                    "approaches": [
                        _approach_row(approaches[aid])
                        for aid in self._in(node, "TARGETS", model.APPROACH)
                    ],
                }
            )
        return rows

    def open_needs(
        self, as_of: str, agencies: Sequence[str], themes: Sequence[str], countries: Sequence[str]
    ) -> list[Props]:
        a, t, k = set(agencies), set(themes), set(countries)
        return [
            dict(props)
            for props in self.store.nodes(model.NEED).values()
            if _is_open(props, as_of)
            and (
                props.get("agency") in a
                or not t.isdisjoint(props.get("themes") or ())
                or not k.isdisjoint(props.get("countries") or ())
            )
        ]


def _partnership_row(p: Props) -> dict[str, Any]:
    return {
        "id": p["id"],
        "agencies": p.get("agencies"),
        "themes": p.get("themes"),
        "sdgs": p.get("sdgs"),
        "type": p.get("type"),
        "status": p.get("status"),
        "initiative": p.get("initiative"),
    }


def _approach_row(a: Props) -> dict[str, Any]:
    return {
        "id": a["id"],
        "agency": a.get("agency"),
        "date": a.get("date"),
        "ask": a.get("ask"),
        "status": a.get("status"),
    }


# The facts of one company, as the same raw row the embedded store builds.
_COMPANY_FACTS: Final = """
RETURN c.id AS id, c.name AS name, c.country AS country, c.countries AS countries,
       c.sector AS sector, c.gc_status AS gc_status, c.ids AS ids,
       [(c)-[:MEMBER_OF]->(n:LocalNetwork) | n.country] AS networks,
       [(c)-[:PARTNERS_IN]->(p:Partnership) |
          {id: p.id, agencies: p.agencies, themes: p.themes, sdgs: p.sdgs, type: p.type,
           status: p.status, initiative: p.initiative}] AS partnerships,
       [(c)-[:MADE]->(m:Commitment)-[:TO]->(i:Initiative) | {id: m.id, initiative: i.id}]
          AS commitments,
       [(c)<-[:TARGETS]-(a:Approach) |
          {id: a.id, agency: a.agency, date: a.date, ask: a.ask, status: a.status}] AS approaches
"""

# What the candidate search's bounds read: the company's own properties, and (so that no
# second round trip is needed to refine them) its partnerships' status and type and the asks
# of its converted approaches.
_KEY_FACTS: Final = """, c.sector AS sector, c.gc_status AS gc_status, c.country AS country,
       c.countries AS countries,
       [(c)-[:PARTNERS_IN]->(p:Partnership) | [p.status, p.type]] AS deals,
       [(c)<-[:TARGETS]-(a:Approach) WHERE a.status = 'converted' | a.ask] AS asks
"""

# What refines a bound: its partnerships' status and type, the asks of converted approaches.
_REFINE: Final = """
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id,
       [(c)-[:PARTNERS_IN]->(p:Partnership) | [p.status, p.type]] AS deals,
       [(c)<-[:TARGETS]-(a:Approach) WHERE a.status = 'converted' | a.ask] AS asks
"""

# The three searches: each starts from an indexed anchor (the need's countries, agency or
# themes, matched by id) and walks to companies, saying how it found them.
_STAGE_QUERIES: Final[dict[str, str]] = {
    "country": """
CALL () {
  MATCH (k:Country) WHERE k.id IN $countries
  MATCH (c:Company)-[:HEADQUARTERED_IN|OPERATES_IN]->(k)
  RETURN c, 'presence' AS via
  UNION
  MATCH (k:Country) WHERE k.id IN $countries
  MATCH (c:Company)-[:MEMBER_OF]->(:LocalNetwork)-[:NETWORK_IN]->(k)
  RETURN c, 'network' AS via
}
WITH c, collect(DISTINCT via) AS via
RETURN c.id AS id, via"""
    + _KEY_FACTS,
    "agency": """
CALL () {
  MATCH (:Agency {id: $agency})-[:LEADS]->(:Partnership)<-[:PARTNERS_IN]-(c:Company)
  RETURN c
  UNION
  MATCH (:Agency {id: $agency})-[:CONVENES]->(:Initiative)<-[:PART_OF]-(:Partnership)
        <-[:PARTNERS_IN]-(c:Company)
  RETURN c
  UNION
  MATCH (:Agency {id: $agency})-[:CONVENES]->(:Initiative)<-[:TO]-(:Commitment)
        <-[:MADE]-(c:Company)
  RETURN c
}
RETURN c.id AS id, ['agency'] AS via"""
    + _KEY_FACTS,
    "theme": """
CALL () {
  MATCH (t:Theme) WHERE t.id IN $themes
  MATCH (c:Company)-[:PARTNERS_IN]->(:Partnership)-[:ON_THEME]->(t)
  RETURN c
  UNION
  MATCH (t:Theme) WHERE t.id IN $themes
  MATCH (c:Company)-[:PARTNERS_IN]->(:Partnership)-[:PART_OF]->(:Initiative)-[:ON_THEME]->(t)
  RETURN c
  UNION
  MATCH (t:Theme) WHERE t.id IN $themes
  MATCH (c:Company)-[:MADE]->(:Commitment)-[:TO]->(:Initiative)-[:ON_THEME]->(t)
  RETURN c
}
RETURN c.id AS id, ['theme'] AS via"""
    + _KEY_FACTS,
}

_COMPANIES_BY_ID: Final = "UNWIND $ids AS cid MATCH (c:Company {id: cid})" + _COMPANY_FACTS

_ID_CHUNK: Final = 5000


class _Neo4jFacts:
    """Constant Cypher with parameters; every walk starts from a node matched by its id.

    Key rows come refined (round trips cost more than the few extra values)."""

    batch_size = 64

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store
        self._initiatives: dict[str, InitiativeFacts] | None = None

    def initiatives(self) -> Mapping[str, InitiativeFacts]:
        if self._initiatives is None:
            rows = self.store.read(
                "MATCH (i:Initiative) "
                "RETURN i.id AS id, i.themes AS themes, i.sdgs AS sdgs, "
                "[(a:Agency)-[:CONVENES]->(i) | a.id] AS conveners"
            )
            self._initiatives = {
                r["id"]: InitiativeFacts(
                    id=r["id"],
                    themes=frozenset(r["themes"] or ()),
                    sdgs=frozenset(int(s) for s in r["sdgs"] or ()),
                    conveners=frozenset(r["conveners"]),
                )
                for r in rows
            }
        return self._initiatives

    def need(self, need_id: str) -> Props | None:
        return self.store.get_node(model.NEED, need_id)

    def stage_keys(self, stage: str, need: NeedFacts) -> list[dict[str, Any]]:
        if stage == "country":
            return self.store.read(_STAGE_QUERIES[stage], countries=list(need.countries))
        if stage == "agency":
            return self.store.read(_STAGE_QUERIES[stage], agency=need.agency)
        if stage == "theme":
            return self.store.read(_STAGE_QUERIES[stage], themes=list(need.themes))
        raise ValueError(f"unknown stage {stage!r}")

    def sectors(self) -> list[str]:
        rows = self.store.read(
            "MATCH (c:Company) WHERE c.sector IS NOT NULL RETURN DISTINCT c.sector AS sector"
        )
        return sorted(r["sector"] for r in rows)

    def sector_keys(self, sectors: Sequence[str]) -> list[dict[str, Any]]:
        return self.store.read(
            "MATCH (c:Company) WHERE c.sector IN $sectors RETURN c.id AS id, [] AS via"
            + _KEY_FACTS,
            sectors=list(sectors),
        )

    def refine(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        return self.store.read(_REFINE, ids=list(ids))

    def companies(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), _ID_CHUNK):
            rows += self.store.read(_COMPANIES_BY_ID, ids=list(ids[start : start + _ID_CHUNK]))
        return rows

    def open_needs(
        self, as_of: str, agencies: Sequence[str], themes: Sequence[str], countries: Sequence[str]
    ) -> list[Props]:
        rows = self.store.read(
            "MATCH (n:Need) "
            "WHERE coalesce(n.status, 'open') = 'open' "
            "  AND (n.deadline IS NULL OR n.deadline >= $as_of) "
            "  AND (n.agency IN $agencies "
            "       OR any(t IN coalesce(n.themes, []) WHERE t IN $themes) "
            "       OR any(k IN coalesce(n.countries, []) WHERE k IN $countries)) "
            "RETURN properties(n) AS need",
            as_of=as_of,
            agencies=list(agencies),
            themes=list(themes),
            countries=list(countries),
        )
        return [r["need"] for r in rows]


def _facts(store: Store) -> _Facts:
    if isinstance(store, EmbeddedStore):
        return _EmbeddedFacts(store)
    if isinstance(store, Neo4jStore):
        return _Neo4jFacts(store)
    raise TypeError(f"no matchmaking for a {type(store).__name__}")


# ==========================================================================================
# The answers
# ==========================================================================================


def _excluded(c: CompanyFacts, exclude: frozenset[str]) -> bool:
    return c.id in exclude or not exclude.isdisjoint(c.ids)


def _company_item(c: CompanyFacts, s: _Scored, status: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "company": c.brief(),
        "score": s.score,
        "screening_status": status["status"],
        "screening_codes": status["codes"],
        "explanation": s.explanation,
    }


STAGES: Final = ("country", "agency", "theme")
"""The evidence searches, run in this order (then the sector search): the later ones find
more companies, each of which can score less without what the earlier searches look for."""

SEARCHES: Final = len(STAGES) + 1


def _unseen_bound(
    need: NeedFacts, weights: Mapping[str, float], best_share: float, done: int
) -> float | None:
    """The highest score of a company that the first ``done`` searches did not find (``None``
    when every search has run: such a company is no candidate)."""
    if done == 0:
        return math.inf
    if done >= SEARCHES or (done == len(STAGES) and best_share == 0):
        return None
    # Not found by the country search: country fit 0; nor by the agency search: proximity 0;
    # nor by the theme search: no past work on the need's themes.
    possible = STAGES[done:]
    return round(
        _bound(need, weights, sector_share=best_share, via=possible, gc_status="active"), 4
    )


def _beaten(bound: float | None, last: float | None) -> bool:
    """Whether the limit-th best score ``last`` is out of reach of ``bound``."""
    return bound is None or (last is not None and last > bound)


SCORE_BATCH: Final = 256
"""Candidates fetched and scored per step of the threshold search."""


def _queue_order(entry: tuple[float, str]) -> tuple[float, str]:
    return (-entry[0], entry[1])


def _match_one_need(
    facts: _Facts,
    need_id: str,
    limit: int,
    weights: Mapping[str, float],
    exclude: frozenset[str],
    as_of: dt.date,
    screening: _Screening,
) -> dict[str, Any]:
    props = facts.need(need_id)
    if props is None:
        raise NotFound(need_id)
    need = NeedFacts.from_props(props)
    initiatives = facts.initiatives()
    ctx = _context(need, initiatives, as_of)
    by_id: dict[str, CompanyFacts] = {}

    def score(rows: Iterable[Mapping[str, Any]]) -> list[_Scored]:
        out = []
        for row in rows:
            company = company_facts(row, initiatives)
            if _excluded(company, exclude):
                continue
            by_id[company.id] = company
            value, explanation = score_pair(need, company, ctx, weights)
            out.append(_Scored(value, company.id, explanation))
        return out

    # Threshold search. The searches run one by one; their candidates wait in a heap ordered
    # by an upper bound, first from the company's own properties, then refined with its
    # partnerships, then scored. It stops when the limit-th best (screened) score beats the
    # best bound still waiting and the bound of any company the remaining searches could find.
    best_share = _best_sector_share(need)
    keys: dict[str, dict[str, Any]] = {}
    heap: list[tuple[float, str, int]] = []  # (-bound, id, 0 = first bound / 1 = refined)
    scored: list[_Scored] = []
    done = 0  # searches run, of STAGES followed by the sector search
    chosen, last = _pick([], limit, screening)
    batch_size = max(facts.batch_size, 4 * limit)
    while True:
        waiting = round(-heap[0][0], 4) if heap else None
        unseen = _unseen_bound(need, weights, best_share, done)
        if _beaten(waiting, last) and _beaten(unseen, last):
            break
        if unseen is not None and (waiting is None or unseen >= waiting):
            if done < len(STAGES):
                found = facts.stage_keys(STAGES[done], need)
            else:
                wanted = set(need.themes)
                found = facts.sector_keys([r for r in facts.sectors() if wanted & sector_themes(r)])
            done += 1
            pending = STAGES[done:]
            for key in found:
                known = keys.get(key["id"])
                if known is None:
                    keys[key["id"]] = key = dict(key)
                    bound = _key_bound(need, weights, key, pending)
                    heapq.heappush(heap, (-bound, key["id"], 1 if "deals" in key else 0))
                else:  # found again: its refined bound must know how
                    known["via"] = sorted({*known["via"], *key["via"]})
            continue
        rough: list[str] = []
        ready: list[str] = []
        while heap and len(rough) + len(ready) < batch_size:
            if _beaten(round(-heap[0][0], 4), last):
                break
            _, cid, refined = heapq.heappop(heap)
            (ready if refined else rough).append(cid)
        for row in facts.refine(rough) if rough else ():
            key = keys[row["id"]]
            key.update(deals=row["deals"], asks=row["asks"])
            pending = STAGES[done:]
            heapq.heappush(heap, (-_key_bound(need, weights, key, pending), row["id"], 1))
        if ready:
            scored += score(facts.companies(ready))
            chosen, last = _pick(_rank(scored), limit, screening)

    return {
        "need": need.brief(),
        "items": [_company_item(by_id[s.key], s, status) for s, status in chosen],
    }


def match_need(
    store: Store,
    need_id: str,
    *,
    limit: int = DEFAULT_LIMIT,
    weights: Mapping[str, float] | None = None,
    exclude: Iterable[str] = (),
    as_of: dt.date,
) -> dict[str, Any]:
    """Companies for an agency's need, best first.

    Returns ``{"need": {...}, "items": [{"company": {"id", "name", "country", "sector"},
    "score", "screening_status", "screening_codes", "explanation": [{"feature", "weight",
    "value", "contribution", "detail"}]}]}``. Raises :class:`NotFound` for an unknown need and
    :class:`InvalidMatchParameter` for a bad limit or weight.
    """
    _check_limit(limit)
    resolved = resolve_weights(weights)
    return _match_one_need(
        _facts(store),
        need_id,
        limit,
        resolved,
        frozenset(exclude),
        as_of,
        _Screening(store, as_of),
    )


def match_needs(
    store: Store,
    need_ids: Sequence[str],
    *,
    limit: int = DEFAULT_LIMIT,
    weights: Mapping[str, float] | None = None,
    exclude: Iterable[str] = (),
    as_of: dt.date,
) -> dict[str, Any]:
    """:func:`match_need` for each of ``need_ids`` in one call: ``{"results": [{"need",
    "items"}, ...]}`` in the order asked. Screening statuses are read once for all of them."""
    _check_limit(limit)
    if not need_ids:
        raise InvalidMatchParameter("need_ids must name at least one need")
    if len(need_ids) > MAX_BATCH:
        raise InvalidMatchParameter(f"at most {MAX_BATCH} needs in one call")
    resolved = resolve_weights(weights)
    facts = _facts(store)
    screening = _Screening(store, as_of)
    excluded = frozenset(exclude)
    return {
        "results": [
            _match_one_need(facts, nid, limit, resolved, excluded, as_of, screening)
            for nid in need_ids
        ]
    }


def match_company(
    store: Store,
    company_id: str,
    *,
    limit: int = DEFAULT_LIMIT,
    weights: Mapping[str, float] | None = None,
    exclude: Iterable[str] = (),
    as_of: dt.date,
) -> dict[str, Any]:
    """Open needs for a company, best first: open on ``as_of`` (status ``open``, deadline not
    before it) and sharing a theme, a country or an agency with the company.

    Returns ``{"company": {..., "screening_status", "screening_codes"}, "items": [{"need",
    "score", "screening_status", "screening_codes", "explanation"}]}``; ``items`` is empty
    for a blocked company. ``exclude`` drops needs by id. Raises :class:`NotFound` for an
    unknown company (a source id merged into a company finds it).
    """
    _check_limit(limit)
    resolved = resolve_weights(weights)
    excluded = frozenset(exclude)
    canonical = find_company(store, company_id)["id"]
    facts = _facts(store)
    rows = facts.companies([canonical])
    if not rows:
        raise NotFound(company_id)
    initiatives = facts.initiatives()
    company = company_facts(rows[0], initiatives)
    status = _Screening(store, as_of).get(company.id)
    header = {
        **company.brief(),
        "screening_status": status["status"],
        "screening_codes": status["codes"],
    }
    if status["status"] == "blocked":
        return {"company": header, "items": []}
    agencies = {a for p in company.partnerships for a in p.agencies}
    for initiative_id in company.initiatives():
        initiative = initiatives.get(initiative_id)
        if initiative is not None:
            agencies |= initiative.conveners
    needs = facts.open_needs(
        as_of.isoformat(),
        sorted(agencies),
        sorted(sector_themes(company.sector) | company.work_themes),
        sorted(company.present_in()),
    )
    scored: list[tuple[_Scored, NeedFacts]] = []
    for props in needs:
        if props["id"] in excluded:
            continue
        need = NeedFacts.from_props(props)
        value, explanation = score_pair(need, company, _context(need, initiatives, as_of), resolved)
        scored.append((_Scored(value, need.id, explanation), need))
    scored.sort(key=lambda pair: (-pair[0].score, pair[0].key))
    return {
        "company": header,
        "items": [
            {
                "need": need.brief(),
                "score": s.score,
                "screening_status": status["status"],
                "screening_codes": status["codes"],
                "explanation": s.explanation,
            }
            for s, need in scored[:limit]
        ],
    }
