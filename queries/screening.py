"""Screening: may the UN work with this company, as of a given day?

The answer is ``clear``, ``review`` or ``blocked``, with the flags that led to it and, for
each flag, the record it comes from (see ``docs/queries/screening.md``):

========================== ======== ====================================================
code                       severity when
========================== ======== ====================================================
``EXCLUSION_MATCH``        blocked  the company's name confidently matches an entry of a
                                    screening list that is in force on the day
``GC_EXPELLED``            blocked  expelled from the UN Global Compact
``SCREENING_REJECTED``     blocked  the latest due-diligence screening rejected it
``GC_NON_COMMUNICATING``   review   a non-communicating Global Compact participant
``SCREENING_FLAGGED``      review   the latest screening flagged it
``SCREENING_EXPIRED``      review   the latest screening cleared it more than
                                    ``expiry_days`` ago (annual re-screening)
``NEVER_SCREENED``         review   no screening on or before the day
``SENSITIVE_SECTOR``       review   its sector is on :data:`SENSITIVE_SECTORS`
``EXCLUSION_POSSIBLE_MATCH`` review an uncertain match against a list entry
========================== ======== ====================================================

Each store retrieves the facts its own way (Python over the embedded graph, Cypher on
Neo4j: one query for the companies with their latest screening, one for the list entries
in force); :func:`_decide` turns them into the answer, so both stores answer alike.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from graph import model
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Props, Store
from queries.catalog import NotFound, find_company
from queries.exclusions import ExclusionEntry, ExclusionHit, ExclusionMatcher

__all__ = [
    "BLOCKED_CODES",
    "DEFAULT_EXPIRY_DAYS",
    "REVIEW_CODES",
    "SENSITIVE_SECTORS",
    "InvalidScreeningParameter",
    "NotFound",
    "SensitiveSector",
    "screen_company",
    "screening_statuses",
    "sensitive_sector",
]

DEFAULT_EXPIRY_DAYS: Final = 365
"""Clearances older than this need renewing: agencies re-screen partners every year
(A/68/326 §43)."""

BLOCKED_CODES: Final = ("EXCLUSION_MATCH", "GC_EXPELLED", "SCREENING_REJECTED")
REVIEW_CODES: Final = (
    "GC_NON_COMMUNICATING",
    "SCREENING_FLAGGED",
    "SCREENING_EXPIRED",
    "NEVER_SCREENED",
    "SENSITIVE_SECTOR",
    "EXCLUSION_POSSIBLE_MATCH",
)
_SEVERITY: Final = {**dict.fromkeys(BLOCKED_CODES, 0), **dict.fromkeys(REVIEW_CODES, 1)}


class InvalidScreeningParameter(ValueError):
    """A parameter out of range (the API answers 422)."""


# --------------------------------------------------------------------------------------
# sensitive sectors
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitiveSector:
    """A sector that calls for extra due diligence, the words that name it, and why."""

    slug: str
    terms: tuple[str, ...]  # whole words or phrases of a normalised sector text
    reason: str


SENSITIVE_SECTORS: Final[tuple[SensitiveSector, ...]] = (
    SensitiveSector(
        "tobacco",
        ("tobacco", "cigarette", "cigarettes", "cigar", "cigars", "e cigarette", "vaping"),
        "the UN Global Compact has excluded tobacco companies since 2017; WHO FCTC art. 5.3 "
        "and the UN system model policy on preventing tobacco industry interference "
        "(ECOSOC res. 2017/8)",
    ),
    SensitiveSector(
        "arms-defence",
        (
            "arms",
            "armament",
            "armaments",
            "weapon",
            "weapons",
            "munition",
            "munitions",
            "ammunition",
            "ordnance",
            "firearm",
            "firearms",
            "defence",
            "defense",
            "military",
            "missile",
            "missiles",
        ),
        "the UN-business Guidelines (2009) exclude makers and sellers of anti-personnel "
        "landmines and cluster bombs, as does the UN Global Compact; WHO's FENSA (2016) "
        "does not engage with the arms industry: a defence company must be checked",
    ),
    SensitiveSector(
        "gambling",
        ("gambling", "casino", "casinos", "betting", "lottery", "lotteries", "bookmaker"),
        "a grey area (A/68/326 §42 'sensitive industry sectors'): on many agencies' "
        "exclusion or high-risk lists, not excluded by the 2009 Guidelines",
    ),
    SensitiveSector(
        "alcohol",
        (
            "alcohol",
            "alcoholic",
            "brewery",
            "breweries",
            "brewer",
            "brewers",
            "brewing",
            "distillery",
            "distilleries",
            "distiller",
            "distillers",
            "spirits",
            "liquor",
            "wine",
            "wines",
            "winery",
            "wineries",
        ),
        "a grey area: WHO's FENSA (2016) asks for particular caution with industries whose "
        "products harm health; not excluded by the 2009 Guidelines",
    ),
    SensitiveSector(
        "breast-milk-substitutes",
        ("infant formula", "breast milk substitute", "breast milk substitutes", "baby milk"),
        "UNICEF and WHO do not partner with makers of breast-milk substitutes that break the "
        "International Code of Marketing of Breast-milk Substitutes (1981)",
    ),
    SensitiveSector(
        "adult-entertainment",
        ("pornography", "pornographic", "adult entertainment"),
        "a grey area commonly excluded by agencies' partnership policies, above all where "
        "children are concerned",
    ),
)
"""Sectors whose companies need a closer look before any partnership (``review``).

Deliberately left out, with the reason: mining, oil and gas, coal, chemicals and
pharmaceuticals (high-risk for *conduct*, which the Guidelines ask to judge company by
company: flagging the sector would send a fifth of all companies to review and drown the
signal); "gaming" (mostly video games), "security" (securities, cyber-security),
"explosives" (mostly for mining and quarrying), "aerospace" alone (civil aircraft) and
"nuclear" (power generation) — ambiguous words that would raise false alarms."""

_TERM_INDEX: Final = {term: s for s in SENSITIVE_SECTORS for term in s.terms}
_MAX_TERM_WORDS: Final = max(len(t.split()) for t in _TERM_INDEX)
_WORD_RE: Final = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def sensitive_sector(sector: str | None) -> SensitiveSector | None:
    """The sensitive sector a company's sector text names, if any (whole words only).

    >>> texts = ("Tobacco products", "Aerospace & Defense", "arms-defence", "Pharmaceuticals",
    ...          "Farms", "Beverages", "Breweries", "Casinos & Gaming", "video gaming", None)
    >>> [getattr(sensitive_sector(t), "slug", None) for t in texts]
    ['tobacco', 'arms-defence', 'arms-defence', None, None, None, 'alcohol', 'gambling', None, None]
    """
    if not sector:
        return None
    folded = unicodedata.normalize("NFKD", sector.casefold())
    words = _WORD_RE.findall("".join(c for c in folded if not unicodedata.combining(c)))
    for size in range(_MAX_TERM_WORDS, 0, -1):
        for k in range(len(words) - size + 1):
            found = _TERM_INDEX.get(" ".join(words[k : k + size]))
            if found is not None:
                return found
    return None


# --------------------------------------------------------------------------------------
# facts, whichever store they come from
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Company:
    id: str
    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]  # headquarters first, then operations
    sector: str | None
    gc_status: str | None
    source: str


@dataclass(frozen=True)
class _Screening:
    id: str
    date: str
    outcome: str
    agency: str | None
    provider: str | None
    flags: tuple[str, ...]
    notes: str | None
    source: str


def _company(props: Mapping[str, Any]) -> _Company:
    countries = [props.get("country"), *(props.get("countries") or ())]
    return _Company(
        id=props["id"],
        name=props.get("name") or props["id"],
        aliases=tuple(props.get("aliases") or ()),
        countries=tuple(dict.fromkeys(c for c in countries if c)),
        sector=props.get("sector"),
        gc_status=(props.get("gc_status") or None),
        source=props.get("source") or "",
    )


def _screening(props: Mapping[str, Any]) -> _Screening:
    return _Screening(
        id=props["id"],
        date=props["date"],
        outcome=str(props.get("outcome") or "").lower(),
        agency=props.get("agency"),
        provider=props.get("provider"),
        flags=tuple(props.get("flags") or ()),
        notes=props.get("notes"),
        source=props.get("source") or "",
    )


def exclusion_entry(props: Mapping[str, Any]) -> ExclusionEntry:
    """An ``Exclusion`` node's properties as the matcher takes them."""
    return ExclusionEntry(
        id=props["id"],
        name=props.get("name") or props["id"],
        list=props.get("list") or "",
        aliases=tuple(props.get("aliases") or ()),
        countries=tuple(sorted(props.get("countries") or ())),
        source=props.get("source") or "",
        start=props.get("from"),
        end=props.get("to"),
    )


def _later(a: _Screening | None, b: _Screening) -> _Screening:
    """The later of two screenings: by date, then by id (the same rule as the Cypher)."""
    return b if a is None or (b.date, b.id) > (a.date, a.id) else a


@dataclass(frozen=True)
class _Facts:
    companies: list[tuple[_Company, _Screening | None]]
    entries: tuple[ExclusionEntry, ...]


# -- embedded store ---------------------------------------------------------------------


def _embedded_facts(store: EmbeddedStore, ids: Sequence[str] | None, as_of: str) -> _Facts:
    companies = store.nodes(model.COMPANY)
    wanted = sorted(companies) if ids is None else sorted({i for i in ids if i in companies})
    latest: dict[str, _Screening | None] = dict.fromkeys(wanted)
    graph = store.graph
    screenings = store.nodes(model.SCREENING)
    if ids is None:
        for sid, props in screenings.items():
            if props.get("date", "") > as_of:
                continue
            for _, (label, cid), key in graph.out_edges((model.SCREENING, sid), keys=True):
                if key == "SCREENS" and label == model.COMPANY and cid in latest:
                    latest[cid] = _later(latest[cid], _screening(props))
    else:
        for cid in wanted:
            for (label, sid), _, key in graph.in_edges((model.COMPANY, cid), keys=True):
                if key != "SCREENS" or label != model.SCREENING:
                    continue
                props = screenings[sid]
                if props.get("date", "") <= as_of:
                    latest[cid] = _later(latest[cid], _screening(props))
    entries = [
        exclusion_entry(props)
        for props in store.nodes(model.EXCLUSION).values()
        if (props.get("from") is None or props["from"] <= as_of)
        and (props.get("to") is None or props["to"] >= as_of)
    ]
    return _Facts(
        [(_company(companies[cid]), latest[cid]) for cid in wanted],
        tuple(sorted(entries, key=lambda e: e.id)),
    )


# -- Neo4j ------------------------------------------------------------------------------

_COMPANY_FIELDS = """
RETURN c.id AS id, c.name AS name, c.aliases AS aliases, c.country AS country,
       c.countries AS countries, c.sector AS sector, c.gc_status AS gc_status,
       c.source AS source,
       CASE WHEN latest IS NULL THEN NULL ELSE latest {
           .id, .date, .outcome, .agency, .provider, .flags, .notes, .source
       } END AS latest
ORDER BY id
"""

_ALL_COMPANIES = (
    """
MATCH (c:Company)
OPTIONAL MATCH (s:Screening)-[:SCREENS]->(c) WHERE s.date <= $as_of
WITH c, s ORDER BY s.date DESC, s.id DESC
WITH c, head(collect(s)) AS latest
"""
    + _COMPANY_FIELDS
)

_SOME_COMPANIES = (
    """
UNWIND $ids AS wanted
MATCH (c:Company {id: wanted})
OPTIONAL MATCH (s:Screening)-[:SCREENS]->(c) WHERE s.date <= $as_of
WITH c, s ORDER BY s.date DESC, s.id DESC
WITH c, head(collect(s)) AS latest
"""
    + _COMPANY_FIELDS
)

_ENTRIES_IN_FORCE = """
MATCH (x:Exclusion)
WHERE (x.`from` IS NULL OR x.`from` <= $as_of) AND (x.`to` IS NULL OR x.`to` >= $as_of)
RETURN x {.id, .name, .aliases, .countries, .list, .source, .`from`, .`to`} AS x
ORDER BY x.id
"""


def _neo4j_facts(store: Neo4jStore, ids: Sequence[str] | None, as_of: str) -> _Facts:
    if ids is None:
        rows = store.read(_ALL_COMPANIES, as_of=as_of)
    else:
        rows = store.read(_SOME_COMPANIES, ids=sorted(set(ids)), as_of=as_of)
    companies = [
        (_company(row), _screening(row["latest"]) if row["latest"] else None) for row in rows
    ]
    entries = tuple(exclusion_entry(row["x"]) for row in store.read(_ENTRIES_IN_FORCE, as_of=as_of))
    return _Facts(companies, entries)


def _facts(store: Store, ids: Sequence[str] | None, as_of: str) -> _Facts:
    if isinstance(store, EmbeddedStore):
        return _embedded_facts(store, ids, as_of)
    if isinstance(store, Neo4jStore):
        return _neo4j_facts(store, ids, as_of)
    raise TypeError(f"no screening for a store of type {type(store).__name__}")


# --------------------------------------------------------------------------------------
# the decision (shared)
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _matcher(entries: tuple[ExclusionEntry, ...]) -> ExclusionMatcher:
    """One index per set of entries in force (a new day or new entries build another)."""
    return ExclusionMatcher(entries)


def _flag(code: str, detail: str, source: str) -> dict[str, str]:
    return {"code": code, "detail": detail, "source": source}


def _describe(s: _Screening) -> str:
    by = " ".join(
        part
        for part in (f"by {s.agency}" if s.agency else "", f"({s.provider})" if s.provider else "")
        if part
    )
    text = f"latest screening {s.id} of {s.date}{' ' + by if by else ''}: {s.outcome}"
    if s.flags:
        text += f" [{', '.join(s.flags)}]"
    if s.notes:
        text += f"; {s.notes}"
    return text


def _decide(
    company: _Company,
    latest: _Screening | None,
    hits: Iterable[ExclusionHit],
    as_of: dt.date,
    expiry_days: int,
) -> list[dict[str, str]]:
    """Every flag for one company, sorted by severity, then code, then detail."""
    flags: list[dict[str, str]] = []
    for hit in hits:
        code = "EXCLUSION_MATCH" if hit.level == "match" else "EXCLUSION_POSSIBLE_MATCH"
        flags.append(_flag(code, hit.detail(), hit.entry.source))
    status = (company.gc_status or "").lower()
    if status == "expelled":
        flags.append(_flag("GC_EXPELLED", "expelled from the UN Global Compact", company.source))
    elif status == "non-communicating":
        flags.append(
            _flag(
                "GC_NON_COMMUNICATING",
                "non-communicating UN Global Compact participant (no annual COP)",
                company.source,
            )
        )
    if latest is None:
        flags.append(
            _flag(
                "NEVER_SCREENED",
                f"no due-diligence screening on or before {as_of.isoformat()}",
                company.source,
            )
        )
    elif latest.outcome == "rejected":
        flags.append(_flag("SCREENING_REJECTED", _describe(latest), latest.source))
    elif latest.outcome == "flagged":
        flags.append(_flag("SCREENING_FLAGGED", _describe(latest), latest.source))
    else:
        age = (as_of - dt.date.fromisoformat(latest.date)).days
        if age > expiry_days:
            flags.append(
                _flag(
                    "SCREENING_EXPIRED",
                    f"{_describe(latest)}; {age} days old, more than {expiry_days}",
                    latest.source,
                )
            )
    sector = sensitive_sector(company.sector)
    if sector is not None:
        flags.append(
            _flag(
                "SENSITIVE_SECTOR",
                f"sector {company.sector!r} is sensitive ({sector.slug}): {sector.reason}",
                company.source,
            )
        )
    flags.sort(key=lambda f: (_SEVERITY[f["code"]], f["code"], f["detail"], f["source"]))
    return flags


def _status(flags: Sequence[Mapping[str, str]]) -> str:
    if any(_SEVERITY[f["code"]] == 0 for f in flags):
        return "blocked"
    return "review" if flags else "clear"


def _check(expiry_days: int) -> None:
    if isinstance(expiry_days, bool) or not isinstance(expiry_days, int) or expiry_days < 1:
        raise InvalidScreeningParameter(f"expiry_days must be an integer >= 1, not {expiry_days!r}")


def _screen_all(
    facts: _Facts, as_of: dt.date, expiry_days: int
) -> list[tuple[_Company, list[dict[str, str]]]]:
    matcher = _matcher(facts.entries)
    out = []
    for company, latest in facts.companies:
        hits = matcher.match((company.name, *company.aliases), company.countries)
        out.append((company, _decide(company, latest, hits, as_of, expiry_days)))
    return out


# --------------------------------------------------------------------------------------
# the answers
# --------------------------------------------------------------------------------------


def screen_company(
    store: Store, company_id: str, *, as_of: dt.date, expiry_days: int = DEFAULT_EXPIRY_DAYS
) -> dict[str, Any]:
    """The screening answer for one company (its id, or a source id merged into it).

    Raises :class:`NotFound` for an unknown id and :class:`InvalidScreeningParameter` for
    ``expiry_days`` below 1.
    """
    _check(expiry_days)
    props: Props = find_company(store, company_id)
    facts = _facts(store, [props["id"]], as_of.isoformat())
    if not facts.companies:  # removed between the two reads
        raise NotFound(company_id)
    [(company, flags)] = _screen_all(facts, as_of, expiry_days)
    return {
        "company": {"id": company.id, "name": company.name},
        "status": _status(flags),
        "flags": flags,
        "as_of": as_of.isoformat(),
    }


def screening_statuses(
    store: Store,
    *,
    as_of: dt.date,
    expiry_days: int = DEFAULT_EXPIRY_DAYS,
    company_ids: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """``{company id: {"status", "codes"}}`` for every company, or for ``company_ids``
    (canonical ids; unknown ones are left out), in a few store queries.

    ``codes`` are the flags' codes in the order of :func:`screen_company`, each once.
    """
    _check(expiry_days)
    ids = None if company_ids is None else list(company_ids)
    facts = _facts(store, ids, as_of.isoformat())
    return {
        company.id: {
            "status": _status(flags),
            "codes": list(dict.fromkeys(f["code"] for f in flags)),
        }
        for company, flags in _screen_all(facts, as_of, expiry_days)
    }
