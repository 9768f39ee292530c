"""Duplication — "who else is talking to this company?"

Several UN agencies courting the same company at the same time, often for funding and on the
same theme in the same country, is the duplication the Secretary-General's report asks the
system to see (§37). For each company this module takes its **engagements** — its approaches
(any status) and its partnerships that are ``proposed`` or ``active`` — and finds the
**overlapping pairs**: two engagements of different agencies that fall within
``window_days`` of each other.

Rules (see ``docs/queries/duplication.md`` for the worked examples):

* An engagement is a span of days: an approach is the single day ``[date, date]``; a
  partnership is ``[start, end]``, open-ended when ``end`` is missing. A partnership without
  ``start`` is the single day ``[end, end]`` (the only day we know it ran; assuming it ran for
  years before would invent overlaps); one with neither date is *undated* and is left out,
  because nothing can be said about when it competed with anything.
* The distance between two engagements is the gap between their spans in days (0 when they
  overlap or touch, so an approach made while another agency's partnership runs is at 0).
  A pair overlaps when the gap is at most ``window_days``.
* A partnership led by several agencies counts once for each of them, as a *unit*
  ``(engagement, agency)``. Two units form a pair only when they come from different
  engagements, their agencies differ, and neither engagement is led by both agencies: two
  agencies that co-lead a partnership with this company are cooperating with each other on
  it, not competing, so neither the partnership with itself nor an approach by one co-lead
  against the partnership they share is duplication.
* A company is reported when at least ``min_agencies`` distinct agencies take part in
  overlapping pairs; only the units that take part in a pair are reported.
* ``shared_themes`` / ``shared_countries``: values found on *both* engagements of at least one
  overlapping pair (so on engagements of two different, non-cooperating agencies that are
  close in time). This is stricter than "seen on two agencies' engagements somewhere": two
  agencies a decade apart on water do not make water a shared theme.

Score (rounded to 4 decimals)::

    score = 1.0 × (agencies − 1)
          + 1.0 × |shared_themes|
          + 1.0 × |shared_countries|
          + 1.0 × (funding_agencies − 1)          when funding_agencies ≥ 2, else 0
          + 1.0 / (1 + closest_days / 30)         closeness: 1 on the same day, ½ a month apart
          + 0.5 × [ACTIVE_PARTNERSHIP_EXISTS]

where ``agencies`` counts the agencies involved in overlapping pairs, ``funding_agencies``
those involved in an overlapping pair in which *both* sides ask for funding (an approach with
``ask = funding``, or a ``philanthropy`` / ``innovative-finance`` partnership), and
``closest_days`` is the smallest gap of any overlapping pair. Every term is a non-decreasing
function of the set of overlapping pairs and of their closeness, so adding an agency, a shared
theme or country, a funding ask, or moving engagements closer never lowers a score.

Reasons: ``MULTIPLE_AGENCIES`` (always), ``SAME_THEME``, ``SAME_COUNTRY``, ``OVERLAPPING_TIME``
(a pair at most :data:`CLOSE_DAYS` days apart, or overlapping spans), ``COMPETING_FUNDING_ASKS``
(two or more funding agencies, as above) and ``ACTIVE_PARTNERSHIP_EXISTS`` (an approach made on
a day inside another agency's *active* partnership with the company).

Each store retrieves the candidate engagements its own way (:func:`_embedded_candidates`,
:func:`_neo4j_candidates`, both narrowing to companies with engagements from at least
``min_agencies`` agencies and touching the filters); :func:`rank_duplication`, shared and pure,
turns them into the answer, so both stores give the same JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any, Final, LiteralString

from graph import model
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Props, Store

__all__ = [
    "CLOSE_DAYS",
    "DEFAULT_LIMIT",
    "DEFAULT_MIN_AGENCIES",
    "DEFAULT_WINDOW_DAYS",
    "FUNDING_PARTNERSHIP_TYPES",
    "MAX_LIMIT",
    "REASONS",
    "Candidate",
    "DuplicationParams",
    "InvalidDuplicationParameter",
    "closeness",
    "find_duplication",
    "rank_duplication",
]

DEFAULT_WINDOW_DAYS: Final = 365
DEFAULT_MIN_AGENCIES: Final = 2
DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 1000

ENGAGED_PARTNERSHIP_STATUSES: Final = ("proposed", "active")
"""Closed and failed partnerships are history, not a current conversation with the company."""

FUNDING_PARTNERSHIP_TYPES: Final = frozenset({"philanthropy", "innovative-finance"})
"""Partnership types in which the agency receives money from the company."""

CLOSE_DAYS: Final = 30
"""Two engagements at most this many days apart are "at the same time" (``OVERLAPPING_TIME``);
it is also the scale of the closeness term (half a point at this distance)."""

W_AGENCY: Final = 1.0
W_THEME: Final = 1.0
W_COUNTRY: Final = 1.0
W_FUNDING: Final = 1.0
W_CLOSENESS: Final = 1.0
W_ACTIVE: Final = 0.5

REASONS: Final = (
    "MULTIPLE_AGENCIES",
    "SAME_THEME",
    "SAME_COUNTRY",
    "OVERLAPPING_TIME",
    "COMPETING_FUNDING_ASKS",
    "ACTIVE_PARTNERSHIP_EXISTS",
)

_OPEN_END: Final = 10**9
"""Day number standing for "no end" (far beyond any real date's ordinal)."""

_DATE_PARAM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class InvalidDuplicationParameter(ValueError):
    """A parameter of :func:`find_duplication` is out of range or malformed (HTTP 422)."""


# ==========================================================================================
# Parameters
# ==========================================================================================


def _parse_date_param(name: str, value: str | dt.date | None, *, end: bool) -> str | None:
    """An ISO day for a ``since``/``until`` parameter.

    ``YYYY`` and ``YYYY-MM`` are accepted like in data packages; for ``until`` they mean the
    last day of the period, so ``until=2012`` includes the whole of 2012.

    >>> _parse_date_param("until", "2012-02", end=True)
    '2012-02-29'
    >>> _parse_date_param("since", "2012", end=False)
    '2012-01-01'
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _DATE_PARAM.match(value.strip())
    if not match:
        raise InvalidDuplicationParameter(f"{name}: {value!r} is not a date (YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            first = dt.date(int(year), int(month), 1)
            if not end:
                return first.isoformat()
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return (following - dt.timedelta(days=1)).isoformat()
        return dt.date(int(year), 12 if end else 1, 31 if end else 1).isoformat()
    except ValueError as exc:
        raise InvalidDuplicationParameter(f"{name}: {value!r} is not a valid date") from exc


def _text(value: str | None, *, upper: bool = False, lower: bool = False) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    return value.upper() if upper else value.lower() if lower else value


@dataclass(frozen=True)
class DuplicationParams:
    """Checked and normalised parameters (countries upper-case, themes lower-case)."""

    window_days: int = DEFAULT_WINDOW_DAYS
    min_agencies: int = DEFAULT_MIN_AGENCIES
    country: str | None = None
    theme: str | None = None
    agency: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = DEFAULT_LIMIT

    @classmethod
    def build(
        cls,
        *,
        window_days: int = DEFAULT_WINDOW_DAYS,
        min_agencies: int = DEFAULT_MIN_AGENCIES,
        country: str | None = None,
        theme: str | None = None,
        agency: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> DuplicationParams:
        """Validate raw parameters; raises :class:`InvalidDuplicationParameter`."""
        for name, value in (
            ("window_days", window_days),
            ("min_agencies", min_agencies),
            ("limit", limit),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidDuplicationParameter(f"{name}: {value!r} is not an integer")
        if window_days < 0:
            raise InvalidDuplicationParameter("window_days: must be 0 or more")
        if min_agencies < 2:
            raise InvalidDuplicationParameter("min_agencies: must be 2 or more")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidDuplicationParameter(f"limit: must be between 1 and {MAX_LIMIT}")
        since_day = _parse_date_param("since", since, end=False)
        until_day = _parse_date_param("until", until, end=True)
        if since_day and until_day and since_day > until_day:
            raise InvalidDuplicationParameter(f"since ({since_day}) is after until ({until_day})")
        return cls(
            window_days=window_days,
            min_agencies=min_agencies,
            country=_text(country, upper=True),
            theme=_text(theme, lower=True),
            agency=_text(agency),
            since=since_day,
            until=until_day,
            limit=limit,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "window_days": self.window_days,
            "min_agencies": self.min_agencies,
            "country": self.country,
            "theme": self.theme,
            "agency": self.agency,
            "since": self.since,
            "until": self.until,
            "limit": self.limit,
        }


# ==========================================================================================
# Engagements and the shared ranking
# ==========================================================================================


@dataclass(frozen=True)
class Candidate:
    """A company and its raw engagement records as a store returned them."""

    company_id: str
    name: str | None
    approaches: Sequence[Props]
    partnerships: Sequence[Props]


@dataclass(slots=True)
class _Engagement:
    first: int  # day number of the span's first day
    last: int  # day number of its last day (_OPEN_END when open-ended)
    kind: str
    id: str
    agencies: tuple[str, ...]
    themes: Sequence[str]
    countries: Sequence[str]
    funding: bool
    active: bool
    props: Props


_ORDER: Final = attrgetter("first", "last", "kind", "id")
"""Engagements in time order (ties by kind and id, so the order is the same on any store)."""


@lru_cache(maxsize=65536)
def _day(iso: str) -> int:
    return dt.date.fromisoformat(iso[:10]).toordinal()


def _in_range(first: str, last: str | None, since: str | None, until: str | None) -> bool:
    """Whether the span ``[first, last or open]`` meets ``[since, until]`` (ISO strings)."""
    if until is not None and first > until:
        return False
    return not (since is not None and last is not None and last < since)


def _approach(props: Props, p: DuplicationParams) -> _Engagement | None:
    date = props.get("date")
    agency = props.get("agency")
    if not date or not agency or not _in_range(date, date, p.since, p.until):
        return None
    day = _day(date)
    # Positional arguments: this runs once per engagement of every candidate.
    return _Engagement(
        day,
        day,
        "approach",
        props["id"],
        (agency,),
        props.get("themes") or (),
        props.get("countries") or (),
        props.get("ask") == "funding",
        False,
        props,
    )


def _partnership(props: Props, p: DuplicationParams) -> _Engagement | None:
    status = props.get("status")
    if status not in ENGAGED_PARTNERSHIP_STATUSES:
        return None
    start, end = props.get("start"), props.get("end")
    first = start or end
    if not first:  # undated: cannot be placed in time
        return None
    if not _in_range(first, end, p.since, p.until):
        return None
    agencies = tuple(dict.fromkeys(props.get("agencies") or ()))
    if not agencies:
        return None
    return _Engagement(
        _day(first),
        _day(end) if end else _OPEN_END,
        "partnership",
        props["id"],
        agencies,
        props.get("themes") or (),
        props.get("countries") or (),
        props.get("type") in FUNDING_PARTNERSHIP_TYPES,
        status == "active",
        props,
    )


def _entry(e: _Engagement, agency: str) -> dict[str, Any]:
    props = e.props
    entry: dict[str, Any] = {"agency": agency, "kind": e.kind, "id": e.id}
    if e.kind == "approach":
        entry["date"] = props.get("date")
    else:
        entry["title"] = props.get("title")
        entry["start"] = props.get("start")
        entry["end"] = props.get("end")
        entry["agencies"] = list(e.agencies)
        entry["type"] = props.get("type")
    entry["themes"] = list(props.get("themes") or [])
    entry["countries"] = list(props.get("countries") or [])
    if e.kind == "approach":
        entry["ask"] = props.get("ask")
        if props.get("amount_usd") is not None:
            entry["amount_usd"] = props["amount_usd"]
    elif props.get("value_usd") is not None:
        entry["value_usd"] = props["value_usd"]
    entry["funding"] = e.funding
    entry["status"] = props.get("status")
    entry["source"] = props.get("source")
    return entry


def closeness(days: int) -> float:
    """The time term of the score: 1 on the same day, ½ at :data:`CLOSE_DAYS` days.

    >>> closeness(0), closeness(30), round(closeness(365), 4)
    (1.0, 0.5, 0.0759)
    """
    return 1.0 / (1.0 + days / CLOSE_DAYS)


@dataclass(slots=True)
class _Finding:
    """What :func:`_assess` found for one company; turned into an item only if shown."""

    candidate: Candidate
    engagements: list[_Engagement]
    units: set[tuple[int, str]]
    agencies: list[str]
    themes: set[str]
    countries: set[str]
    funders: set[str]
    closest: int
    active_clash: bool
    score: float

    def item(self) -> dict[str, Any]:
        flags = {
            "MULTIPLE_AGENCIES": True,
            "SAME_THEME": bool(self.themes),
            "SAME_COUNTRY": bool(self.countries),
            "OVERLAPPING_TIME": self.closest <= CLOSE_DAYS,
            "COMPETING_FUNDING_ASKS": len(self.funders) >= 2,
            "ACTIVE_PARTNERSHIP_EXISTS": self.active_clash,
        }
        return {
            "company": {"id": self.candidate.company_id, "name": self.candidate.name},
            "agencies": self.agencies,
            "engagements": [_entry(self.engagements[i], g) for i, g in sorted(self.units)],
            "shared_themes": sorted(self.themes),
            "shared_countries": sorted(self.countries),
            "funding_agencies": sorted(self.funders),
            "closest_days": self.closest,
            "score": self.score,
            "reasons": [code for code in REASONS if flags[code]],
        }


def _assess(candidate: Candidate, p: DuplicationParams) -> _Finding | None:
    """The overlapping pairs of one company and its score, or ``None`` when it is not
    duplication (or is filtered out)."""
    engagements = [e for a in candidate.approaches if (e := _approach(a, p)) is not None]
    engagements += [e for x in candidate.partnerships if (e := _partnership(x, p)) is not None]
    if len(engagements) < 2:
        return None
    # Deduplicate (a store may hand the same record twice) and fix the order.
    engagements = sorted({(e.kind, e.id): e for e in engagements}.values(), key=_ORDER)

    units: set[tuple[int, str]] = set()
    themes: set[str] = set()
    countries: set[str] = set()
    funders: set[str] = set()
    closest: int | None = None
    active_clash = False
    window = p.window_days
    for i, a in enumerate(engagements):
        for j in range(i + 1, len(engagements)):
            b = engagements[j]
            # Sorted by first day, b starts no earlier than a: the gap is b's start past a's
            # end (0 when the spans meet), and every later engagement is further still.
            gap = b.first - a.last
            if gap > window:
                break
            if gap < 0:
                gap = 0
            paired = False
            for ga in a.agencies:
                if ga in b.agencies:  # co-lead of b with itself or with b's other agencies
                    continue
                for gb in b.agencies:
                    if gb in a.agencies:  # cooperating inside a joint partnership
                        continue
                    paired = True
                    units.add((i, ga))
                    units.add((j, gb))
                    if a.funding and b.funding:
                        funders.add(ga)
                        funders.add(gb)
            if not paired:
                continue
            if a.themes and b.themes:
                themes.update(t for t in a.themes if t in b.themes)
            if a.countries and b.countries:
                countries.update(c for c in a.countries if c in b.countries)
            if closest is None or gap < closest:
                closest = gap
            if gap == 0 and (
                (a.kind == "approach" and b.active) or (b.kind == "approach" and a.active)
            ):
                active_clash = True

    if closest is None:
        return None
    agencies = sorted({g for _, g in units})
    if len(agencies) < p.min_agencies:
        return None
    if p.agency is not None and p.agency not in agencies:
        return None
    involved = {i for i, _ in units}
    if p.country is not None and not any(p.country in engagements[i].countries for i in involved):
        return None
    if p.theme is not None and not any(p.theme in engagements[i].themes for i in involved):
        return None

    score = (
        W_AGENCY * (len(agencies) - 1)
        + W_THEME * len(themes)
        + W_COUNTRY * len(countries)
        + (W_FUNDING * (len(funders) - 1) if len(funders) >= 2 else 0.0)
        + W_CLOSENESS * closeness(closest)
        + (W_ACTIVE if active_clash else 0.0)
    )
    return _Finding(
        candidate,
        engagements,
        units,
        agencies,
        themes,
        countries,
        funders,
        closest,
        active_clash,
        round(score, 4),
    )


def rank_duplication(candidates: Iterable[Candidate], params: DuplicationParams) -> dict[str, Any]:
    """The answer from the candidates a store retrieved (shared by both stores, pure).

    Candidates may include companies that turn out not to be duplication (a store narrows
    by cheap necessary conditions only); the exact rules of the module docstring decide.

    >>> day = lambda a, d, ask="funding": {"id": a + d, "agency": a, "date": d, "ask": ask,
    ...                                     "themes": ["water"], "countries": ["KE"]}
    >>> answer = rank_duplication(
    ...     [Candidate("C1", "Aqua", [day("UNICEF", "2012-03-01"), day("WHO", "2012-03-31")], [])],
    ...     DuplicationParams(),
    ... )
    >>> item = answer["items"][0]
    >>> item["agencies"], item["score"], item["reasons"]
    (['UNICEF', 'WHO'], 4.5, ['MULTIPLE_AGENCIES', 'SAME_THEME', 'SAME_COUNTRY', \
'OVERLAPPING_TIME', 'COMPETING_FUNDING_ASKS'])
    """
    found = [f for c in candidates if (f := _assess(c, params)) is not None]
    found.sort(key=lambda f: (-f.score, f.candidate.company_id))
    return {
        "items": [f.item() for f in found[: params.limit]],
        "total": len(found),
        "params": params.as_dict(),
    }


# ==========================================================================================
# Retrieval per store
# ==========================================================================================


def _worth_assessing(
    agencies: set[str], approaches: list[Props], partnerships: list[Props], p: DuplicationParams
) -> bool:
    """Necessary conditions for a company to be reported (cheap; the same as the Cypher's)."""
    if len(agencies) < p.min_agencies:
        return False
    if p.agency is not None and p.agency not in agencies:
        return False
    records = (*approaches, *partnerships)
    if p.country is not None and not any(p.country in (r.get("countries") or ()) for r in records):
        return False
    return p.theme is None or any(p.theme in (r.get("themes") or ()) for r in records)


def _embedded_candidates(store: EmbeddedStore, p: DuplicationParams) -> list[Candidate]:
    """One pass over approaches and partnerships, grouped by company id."""
    approaches: dict[str, list[Props]] = {}
    partnerships: dict[str, list[Props]] = {}
    agencies: dict[str, set[str]] = {}
    since, until = p.since, p.until
    for a in store.nodes(model.APPROACH).values():
        date = a.get("date")
        cid = a.get("company")
        if not date or not cid or not _in_range(date, date, since, until):
            continue
        approaches.setdefault(cid, []).append(a)
        agencies.setdefault(cid, set()).add(a["agency"])
    for x in store.nodes(model.PARTNERSHIP).values():
        if x.get("status") not in ENGAGED_PARTNERSHIP_STATUSES:
            continue
        first = x.get("start") or x.get("end")
        if not first or not _in_range(first, x.get("end"), since, until):
            continue
        for cid in dict.fromkeys(x.get("companies") or ()):
            partnerships.setdefault(cid, []).append(x)
            agencies.setdefault(cid, set()).update(x.get("agencies") or ())
    companies = store.nodes(model.COMPANY)
    found = []
    for cid, engaged in agencies.items():
        if len(engaged) < p.min_agencies:
            continue
        mine_a = approaches.get(cid, [])
        mine_p = partnerships.get(cid, [])
        if not _worth_assessing(engaged, mine_a, mine_p, p):
            continue
        name = companies.get(cid, {}).get("name")
        found.append(Candidate(cid, name, mine_a, mine_p))
    return found


# The engagements a company has within [since, until], grouped per company, narrowed to
# companies engaged by at least $min_agencies agencies and touching the filters. Two entry
# points: a scan of every approach and partnership (no filter to start from), or a start
# from the filter's own node through its index (a country, a theme or an agency), then the
# candidate companies by id. Record properties, not relationships, say which company and
# agency an engagement belongs to: they are what the embedded store reads too.
APPROACH_KEYS: Final = (
    "id",
    "agency",
    "date",
    "themes",
    "countries",
    "ask",
    "amount_usd",
    "status",
    "source",
)
PARTNERSHIP_KEYS: Final = (
    "id",
    "title",
    "agencies",
    "start",
    "end",
    "themes",
    "countries",
    "type",
    "status",
    "value_usd",
    "source",
)
"""The properties the ranking reads. Neo4j sends them as lists, not maps: the driver decodes
every value in Python, and a map's keys would double the work at 100,000 companies."""

_APPROACH_FIELDS: Final = "[" + ", ".join(f"x.{k}" for k in APPROACH_KEYS) + "]"
_PARTNERSHIP_FIELDS: Final = "[" + ", ".join(f"x.{k}" for k in PARTNERSHIP_KEYS) + "]"
_APPROACH_IN_RANGE: Final = (
    "($since IS NULL OR a.date >= $since) AND ($until IS NULL OR a.date <= $until)"
)
_PARTNERSHIP_IN_RANGE: Final = (
    "p.status IN $statuses AND coalesce(p.start, p.end) IS NOT NULL "
    "AND ($until IS NULL OR coalesce(p.start, p.end) <= $until) "
    "AND ($since IS NULL OR p.end IS NULL OR p.end >= $since)"
)
_GROUP_AND_NARROW: Final = (
    "UNWIND agencies AS agency "
    "WITH cid, collect(DISTINCT e) AS es, collect(DISTINCT agency) AS engaged "
    "WHERE size(engaged) >= $min_agencies "
    "AND ($agency IS NULL OR $agency IN engaged) "
    "AND ($country IS NULL OR any(x IN es WHERE $country IN coalesce(x.countries, []))) "
    "AND ($theme IS NULL OR any(x IN es WHERE $theme IN coalesce(x.themes, []))) "
    "OPTIONAL MATCH (c:Company {id: cid}) "
    "RETURN cid, c.name AS name, "
    f"[x IN es WHERE x:Approach | {_APPROACH_FIELDS}] AS approaches, "
    f"[x IN es WHERE x:Partnership | {_PARTNERSHIP_FIELDS}] AS partnerships"
)
CYPHER_SCAN: Final[LiteralString] = (
    "CALL () { "
    f"MATCH (a:Approach) WHERE {_APPROACH_IN_RANGE} "
    "RETURN a.company AS cid, a AS e, [a.agency] AS agencies "
    "UNION ALL "
    f"MATCH (p:Partnership) WHERE {_PARTNERSHIP_IN_RANGE} "
    "UNWIND p.companies AS cid "
    "RETURN DISTINCT cid, p AS e, p.agencies AS agencies "
    "} " + _GROUP_AND_NARROW
)
_ENGAGEMENTS_OF_CANDIDATES: Final = (
    "WITH DISTINCT CASE WHEN s:Approach THEN [s.company] ELSE coalesce(s.companies, []) END "
    "AS cids "
    "UNWIND cids AS cid "
    "WITH DISTINCT cid "
    "CALL (cid) { "
    "MATCH (:Company {id: cid})<-[:TARGETS]-(a:Approach) "
    f"WHERE a.company = cid AND {_APPROACH_IN_RANGE} "
    "RETURN a AS e, [a.agency] AS agencies "
    "UNION ALL "
    "MATCH (:Company {id: cid})-[:PARTNERS_IN]->(p:Partnership) "
    f"WHERE cid IN p.companies AND {_PARTNERSHIP_IN_RANGE} "
    "RETURN p AS e, p.agencies AS agencies "
    "} " + _GROUP_AND_NARROW
)
CYPHER_FROM_COUNTRY: Final[LiteralString] = (
    "MATCH (:Country {id: $country})<-[:IN_COUNTRY]-(s) WHERE s:Approach OR s:Partnership "
    + _ENGAGEMENTS_OF_CANDIDATES
)
CYPHER_FROM_AGENCY: Final[LiteralString] = (
    "MATCH (:Agency {id: $agency})-[:APPROACHED|LEADS]->(s) WHERE s:Approach OR s:Partnership "
    + _ENGAGEMENTS_OF_CANDIDATES
)
CYPHER_FROM_THEME: Final[LiteralString] = (
    "MATCH (:Theme {id: $theme})<-[:ON_THEME]-(s) WHERE s:Approach OR s:Partnership "
    + _ENGAGEMENTS_OF_CANDIDATES
)


def _neo4j_candidates(store: Neo4jStore, p: DuplicationParams) -> list[Candidate]:
    """One Cypher query; it starts from the most selective filter's node when there is one.

    The relationships used to reach the candidates (``IN_COUNTRY``, ``APPROACHED``/``LEADS``,
    ``ON_THEME``, ``TARGETS``, ``PARTNERS_IN``) only ever gain members when a record is
    re-ingested, so they reach every company the record properties name; the ``WHERE`` clauses
    on the properties then keep exactly what the embedded store keeps.
    """
    if p.country is not None:
        query = CYPHER_FROM_COUNTRY
    elif p.agency is not None:
        query = CYPHER_FROM_AGENCY
    elif p.theme is not None:
        query = CYPHER_FROM_THEME
    else:
        query = CYPHER_SCAN
    rows = store.read(
        query,
        since=p.since,
        until=p.until,
        statuses=list(ENGAGED_PARTNERSHIP_STATUSES),
        min_agencies=p.min_agencies,
        agency=p.agency,
        country=p.country,
        theme=p.theme,
    )
    return [
        Candidate(
            row["cid"],
            row["name"],
            [_record(APPROACH_KEYS, values) for values in row["approaches"]],
            [_record(PARTNERSHIP_KEYS, values) for values in row["partnerships"]],
        )
        for row in rows
    ]


def _record(keys: tuple[str, ...], values: Sequence[Any]) -> Props:
    """A record from the list Neo4j sent; a missing property (null) has no key, as in the
    embedded store."""
    return {k: v for k, v in zip(keys, values, strict=True) if v is not None}


def find_duplication(
    store: Store,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_agencies: int = DEFAULT_MIN_AGENCIES,
    country: str | None = None,
    theme: str | None = None,
    agency: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Companies that several agencies engage at about the same time, most pressing first.

    Returns ``{"items": [...], "total": n, "params": {...}}`` exactly as ``GET
    /api/duplication`` answers; see the module docstring for the rules and the score.
    Raises :class:`InvalidDuplicationParameter` (a ``ValueError``) for a bad parameter.
    """
    params = DuplicationParams.build(
        window_days=window_days,
        min_agencies=min_agencies,
        country=country,
        theme=theme,
        agency=agency,
        since=since,
        until=until,
        limit=limit,
    )
    if isinstance(store, EmbeddedStore):
        candidates = _embedded_candidates(store, params)
    elif isinstance(store, Neo4jStore):
        candidates = _neo4j_candidates(store, params)
    else:  # pragma: no cover - the two stores are the only implementations
        raise TypeError(f"unsupported store {type(store).__name__}")
    return rank_duplication(candidates, params)
